"""driverStandings, constructorStandings and podium's `standings/{classification}`.

The table after a round is built once per (season, classification, round) from the computed
standings, with each driver's constructors taken once from the season's lines, and kept
until the next write (memo.py); filters and paging only pick rows of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from podium.model.season import Season
from podium.web import query
from podium.web.ergast import memo
from podium.web.ergast.paging import Json

if TYPE_CHECKING:
    from podium.web.ergast.resources import Context


@dataclass(frozen=True, slots=True)
class Row:
    position: int | None
    competitor: str  # podium id
    teams: tuple[str, ...]  # a driver's constructors up to the round, podium ids
    shown: Json


@dataclass(frozen=True, slots=True)
class Built:
    classification: str
    after: int
    organisations: bool
    rows: tuple[Row, ...]


def _classification(season: Season, organisations: bool | None, named: str | None) -> str | None:
    if named is not None:
        query.check_classification(season, named)
        return named
    if organisations:
        return query.organisation_classification(season)
    return query.driver_classification(season)


def built(
    ctx: Context,
    season: Season,
    number: int | None,
    organisations: bool | None,
    named: str | None = None,
) -> Built | None:
    """The standings after round `number` (None: the last held), or None if there are none
    (no such classification, no round held yet, a round not held)."""
    cid = _classification(season, organisations, named)
    held = season.last_held_round()
    after = number if number is not None else held
    if cid is None or after == 0 or after > held:
        return None
    key = ("standings", season.series.id, season.year, cid, after, ctx.base)
    return memo.kept(ctx.store, key, lambda: _build(ctx, season, cid, after))


def _build(ctx: Context, season: Season, cid: str, after: int) -> Built:
    table = ctx.store.standings(season, cid, after)
    organisations = season.rules.classifications[cid].competitor != "driver"
    shapes = ctx.shapes(season)
    teams_of: dict[str, list[str]] = {}
    if not organisations:
        every = ctx.lines(season)
        for line in (*every.qualifying, *every.races, *every.sprints):
            if line.round.number <= after and line.constructor:
                known = teams_of.setdefault(line.driver, [])
                if line.constructor not in known:
                    known.append(line.constructor)
    rows = []
    for row in table.rows:
        teams = tuple(teams_of.get(row.competitor, ()))
        shown = (
            shapes.constructor_standing(row)
            if organisations
            else shapes.driver_standing(row, list(teams))
        )
        rows.append(Row(row.position, row.competitor, teams, shown))
    return Built(cid, table.after_round, organisations, tuple(rows))


def answer(ctx: Context, organisations: bool | None) -> Json:
    """The standings lists of the seasons selected (one list each), filtered, paged by row."""
    asked = ctx.asked
    named = asked.filters.get("classification")
    chosen = ctx.seasons()
    found: list[tuple[Season, Built, Row]] = []
    for season, number in chosen:
        table = built(ctx, season, number, organisations, named)
        if table is None:
            continue
        for row in table.rows:
            if _keeps(ctx, table, row):
                found.append((season, table, row))
    lists: list[Json] = []
    last: tuple[int, int] | None = None
    for season, table, row in ctx.page.slice(found):
        key = "ConstructorStandings" if table.organisations else "DriverStandings"
        if (season.year, table.after) != last:
            lists.append({"season": str(season.year), "round": str(table.after), key: []})
            last = (season.year, table.after)
        lists[-1][key].append(row.shown)
    head = ctx.head(chosen)
    if organisations is None:
        head = {k: v for k, v in head.items() if k != "classification"}
        head["classification"] = named
    return ctx.page.wrap(len(found), "StandingsTable", {**head, "StandingsLists": lists})


def _keeps(ctx: Context, table: Built, row: Row) -> bool:
    wanted = ctx.asked.filters
    ids = ctx.ids
    place = wanted.get("constructorStandings" if table.organisations else "driverStandings")
    if place is not None and row.position != int(place):
        return False
    if "driverId" in wanted and (
        table.organisations or not ids.names("driver", row.competitor, wanted["driverId"])
    ):
        return False
    if "constructorId" in wanted:
        asked = wanted["constructorId"]
        candidates = (row.competitor,) if table.organisations else row.teams
        if not any(ids.names("constructor", c, asked) for c in candidates):
            return False
    return True
