"""Each Ergast resource, answered from the seasons a path selects and its filters.

A resource lists what the matching lines name (lines.py): the races they were in, their
drivers, constructors, circuits, seasons, statuses; results, sprint and qualifying list the
lines themselves, paged by line and regrouped under their races as Ergast pages them.
Standings come from podium's computed tables (standings.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from podium.model.calendar import PitStop, Round
from podium.model.season import Season
from podium.web import query
from podium.web.ergast import memo
from podium.web.ergast import standings as tables
from podium.web.ergast.grammar import Asked
from podium.web.ergast.ids import Ids, slug
from podium.web.ergast.lines import Line, SeasonLines, Sieve, build
from podium.web.ergast.paging import Json, Page
from podium.web.ergast.shapes import Shapes, pit_stop
from podium.web.store import Store

# Filters each resource takes (beyond season and round); any other is a 400.
LINE = {
    "circuitId",
    "constructorId",
    "driverId",
    "grid",
    "position",
    "qualifying",
    "sprint",
    "fastest",
    "status",
}
STANDINGS = {"driverStandings", "constructorStandings"}
TAKES: dict[str, set[str]] = {
    "seasons": LINE | STANDINGS,
    "races": LINE,
    "results": LINE,
    "sprint": LINE,
    "qualifying": LINE,
    "drivers": LINE | STANDINGS,
    "constructors": LINE | STANDINGS,
    "circuits": LINE,
    "status": LINE,
    "laps": {"driverId", "constructorId", "lap"},
    "pitstops": {"driverId", "lap", "stop"},
    "driverStandings": {"driverId", "constructorId", "driverStandings"},
    "constructorStandings": {"constructorId", "constructorStandings"},
    "standings": {"classification", "driverId", "constructorId"},
}


@dataclass(frozen=True)
class Context:
    """A parsed path against one store: which seasons and round it selects."""

    store: Store
    series: str
    asked: Asked
    page: Page
    base: str
    ids: Ids
    session: str | None = None  # podium extension: ?session=race2

    @property
    def sieve(self) -> Sieve:
        return Sieve(self.asked, self.ids)

    def seasons(self) -> list[tuple[Season, int | None]]:
        """(season, round number or None for all) for each season the path selects; a round
        past the season's last, or `next` after the last season, selects nothing."""
        asked = self.asked
        if asked.season is None:
            years = self.store.series_info(self.series).years
            return [(self.store.season(self.series, y), None) for y in years]
        season = self.store.season(self.series, asked.season)
        if asked.round is None:
            return [(season, None)]
        if asked.round == "last":
            return [(season, query.last_held(season))]
        if asked.round == "next":
            return self._next(season)
        number = int(asked.round)
        if not any(r.number == number for r in season.rounds):
            return []
        return [(season, number)]

    def _next(self, season: Season) -> list[tuple[Season, int | None]]:
        """Ergast's `next`: the first round not held yet, else the next season's first."""
        ahead = [r for r in season.rounds if not r.held]
        if ahead:
            return [(season, ahead[0].number)]
        later = [y for y in self.store.series_info(self.series).years if y > season.year]
        if later:
            following = self.store.season(self.series, later[0])
            if following.rounds:
                return [(following, following.rounds[0].number)]
        return []

    def lines(self, season: Season) -> SeasonLines:
        return memo.kept(
            self.store, ("lines", season.series.id, season.year), lambda: build(season)
        )

    def shapes(self, season: Season) -> Shapes:
        return Shapes(season, self.ids, self.base)

    def head(self, chosen: list[tuple[Season, int | None]]) -> Json:
        """The table's echo of what was asked: season and round as resolved (`current`,
        `last`, `next` as the numbers they stand for), then the filters by name."""
        out: Json = {}
        if self.asked.season is not None:
            if chosen:
                out["season"] = str(chosen[0][0].year)
                if chosen[0][1] is not None:
                    out["round"] = str(chosen[0][1])
            else:
                out["season"] = str(self.store.year(self.series, self.asked.season))
                if self.asked.round is not None:
                    out["round"] = self.asked.round
        for key in sorted(self.asked.filters):
            if (self.asked.resource, key) not in _UNECHOED:
                out[key] = self.asked.filters[key]
        return out

    def check(self) -> None:
        extra = set(self.asked.filters) - TAKES[self.asked.resource]
        if extra:
            names = ", ".join(sorted(extra))
            raise BadFilter(f"{self.asked.resource} takes no filter {names}")


# A resource's own value Jolpica does not repeat in the table (`qualifying/1`, `laps/7`).
_UNECHOED = {("qualifying", "position"), ("sprint", "position"), ("laps", "lap")}


class BadFilter(Exception):
    """A filter the resource does not take (Ergast answered these with a 400 as well)."""


def _collated(name: str) -> str:
    """How Ergast's database sorts names: accents and case aside (`Pérez` before `Piastri`)."""
    return slug(name)


def _rounds(season: Season, number: int | None) -> list[Round]:
    return [r for r in season.rounds if number is None or r.number == number]


def _matching(ctx: Context, season: Season, number: int | None) -> list[Line]:
    return list(ctx.sieve.races(ctx.lines(season), number))


def _standing_ok(ctx: Context, season: Season, number: int | None, competitor: str) -> bool:
    """The standings filters: the competitor held that place after the round (or at the end)."""
    for key, organisations in (("driverStandings", False), ("constructorStandings", True)):
        wanted = ctx.asked.number(key)
        if wanted is None:
            continue
        built = tables.built(ctx, season, number, organisations)
        if built is None or not any(
            row.position == wanted and row.competitor == competitor for row in built.rows
        ):
            return False
    return True


def _standings_competitors(
    ctx: Context, season: Season, number: int | None, organisations: bool
) -> set[str] | None:
    key = "constructorStandings" if organisations else "driverStandings"
    wanted = ctx.asked.number(key)
    if wanted is None:
        return None
    built = tables.built(ctx, season, number, organisations)
    if built is None:
        return set()
    return {row.competitor for row in built.rows if row.position == wanted}


# -- resources ------------------------------------------------------------------------------


def seasons(ctx: Context) -> Json:
    chosen = ctx.seasons()
    rows: list[Json] = []
    for season, number in chosen:
        if not _season_matches(ctx, season, number):
            continue
        # The alias table's link for the season (F1: Wikipedia's, as Ergast), else podium's page.
        own = f"{ctx.base}/{ctx.series}/{season.year}"
        url = ctx.ids.url("season", str(season.year)) or own
        rows.append({"season": str(season.year), "url": url})
    return ctx.page.wrap(
        len(rows), "SeasonTable", {**ctx.head(chosen), "Seasons": ctx.page.slice(rows)}
    )


def _season_matches(ctx: Context, season: Season, number: int | None) -> bool:
    wanted = ctx.asked.filters
    lines = _matching(ctx, season, number) if ctx.sieve.active else None
    if lines is not None and not lines:
        return False
    for key, organisations in (("driverStandings", False), ("constructorStandings", True)):
        if key not in wanted:
            continue
        holders = _standings_competitors(ctx, season, number, organisations) or set()
        if organisations and "constructorId" in wanted:
            holders = {
                h for h in holders if ctx.ids.names("constructor", h, wanted["constructorId"])
            }
        if not organisations and "driverId" in wanted:
            holders = {h for h in holders if ctx.ids.names("driver", h, wanted["driverId"])}
        if not holders:
            return False
    return True


def races(ctx: Context) -> Json:
    chosen = ctx.seasons()
    rows: list[Json] = []
    for season, number in chosen:
        shapes = ctx.shapes(season)
        kept = {line.round.number for line in _matching(ctx, season, number)}
        for rnd in _rounds(season, number):
            if not ctx.sieve.active or rnd.number in kept:
                rows.append(shapes.race(rnd))
    return ctx.page.wrap(
        len(rows), "RaceTable", {**ctx.head(chosen), "Races": ctx.page.slice(rows)}
    )


def _grouped(
    ctx: Context,
    chosen: list[tuple[Season, int | None]],
    key: str,
    lines: list[tuple[Season, Line]],
    shape: Callable[[Shapes, Line], Json],
    named: bool = True,
) -> Json:
    """Lines paged as Ergast pages them (by line), regrouped under their races; only the
    page's lines are shaped."""
    races: list[Json] = []
    last: tuple[int, int, str] | None = None
    for season, line in ctx.page.slice(lines):
        shapes = ctx.shapes(season)
        at = (season.year, line.round.number, line.session.id)
        if at != last:
            session = line.session if named else None  # qualifying: the weekend's name
            races.append({**shapes.race(line.round, session), key: []})
            last = at
        races[-1][key].append(shape(shapes, line))
    return ctx.page.wrap(len(lines), "RaceTable", {**ctx.head(chosen), "Races": races})


def _points(ctx: Context, season: Season) -> tuple[dict[tuple[int, str, str], Fraction], int]:
    """(round, driver, session) -> points the line scored, and the decimals to print them."""

    def make() -> tuple[dict[tuple[int, str, str], Fraction], int]:
        cid = query.driver_classification(season)
        if cid is None:
            return {}, 2
        decimals = season.rules.classifications[cid].decimals
        last = season.last_held_round()
        if last == 0:
            return {}, decimals
        table = ctx.store.standings(season, cid, last)
        out: dict[tuple[int, str, str], Fraction] = {}
        for row in table.rows:
            for score in row.rounds:
                for session_id, points in score.sessions.items():
                    out[(score.round, row.competitor, session_id)] = points
        return out, decimals

    return memo.kept(ctx.store, ("points", season.series.id, season.year), make)


def _session_results(ctx: Context, sprint: bool) -> Json:
    chosen = ctx.seasons()
    found: list[tuple[Season, Line]] = []
    for season, number in chosen:
        every = ctx.lines(season)
        pool = every.sprints if sprint else every.races
        sieve = Sieve(ctx.asked, ctx.ids, every)
        for line in pool:
            if number is not None and line.round.number != number:
                continue
            if ctx.session is not None and line.session.id != ctx.session:
                continue
            if sieve.keeps(line, line):
                found.append((season, line))
        if ctx.session is not None and number is not None:
            rnd = query.find_round(season, number)
            query.find_session(season, rnd, ctx.session)  # 404 for a session it lacks

    points_of: dict[int, tuple[dict[tuple[int, str, str], Fraction], int]] = {}

    def shape(shapes: Shapes, line: Line) -> Json:
        season = shapes.season
        if season.year not in points_of:
            points_of[season.year] = _points(ctx, season)
        points, decimals = points_of[season.year]
        scored = points.get((line.round.number, line.driver, line.session.id), Fraction(0))
        return shapes.result(line, scored, decimals)

    key = "SprintResults" if sprint else "Results"
    return _grouped(ctx, chosen, key, found, shape)


def results(ctx: Context) -> Json:
    return _session_results(ctx, sprint=False)


def sprint(ctx: Context) -> Json:
    return _session_results(ctx, sprint=True)


def qualifying(ctx: Context) -> Json:
    chosen = ctx.seasons()
    found: list[tuple[Season, Line]] = []
    for season, number in chosen:
        every = ctx.lines(season)
        sieve = Sieve(ctx.asked, ctx.ids, every)
        for line in every.qualifying:
            if number is not None and line.round.number != number:
                continue
            if sieve.keeps(line, every.race_of(line)):
                found.append((season, line))
    return _grouped(
        ctx, chosen, "QualifyingResults", found, lambda s, line: s.qualifying(line), named=False
    )


def drivers(ctx: Context) -> Json:
    chosen = ctx.seasons()
    latest: dict[str, Season] = {}
    for season, number in chosen:
        names = {line.driver for line in _matching(ctx, season, number) if line.driver}
        holders = _standings_competitors(ctx, season, number, organisations=False)
        if holders is not None:
            names &= holders
        for name in names:
            latest[name] = season
    shown = [ctx.shapes(season).driver(name) for name, season in latest.items()]
    shown.sort(key=lambda d: (_collated(d["familyName"]), _collated(d.get("givenName", ""))))
    return ctx.page.wrap(
        len(shown), "DriverTable", {**ctx.head(chosen), "Drivers": ctx.page.slice(shown)}
    )


def constructors(ctx: Context) -> Json:
    chosen = ctx.seasons()
    latest: dict[str, Season] = {}
    for season, number in chosen:
        names = {line.constructor for line in _matching(ctx, season, number) if line.constructor}
        holders = _standings_competitors(ctx, season, number, organisations=True)
        if holders is not None:
            names &= holders
        for name in names:
            latest[name] = season
    by_id: dict[str, Json] = {}
    for name, season in latest.items():  # F1: red-bull-honda and red-bull-rbpt are red_bull
        made = ctx.shapes(season).constructor(name)
        by_id.setdefault(made["constructorId"], made)
    shown = sorted(by_id.values(), key=lambda c: (_collated(c["name"]), c["constructorId"]))
    return ctx.page.wrap(
        len(shown),
        "ConstructorTable",
        {**ctx.head(chosen), "Constructors": ctx.page.slice(shown)},
    )


def circuits(ctx: Context) -> Json:
    chosen = ctx.seasons()
    found: dict[str, Json] = {}
    for season, number in chosen:
        shapes = ctx.shapes(season)
        kept = {line.round.number for line in _matching(ctx, season, number)}
        for rnd in _rounds(season, number):
            if ctx.sieve.active and rnd.number not in kept:
                continue
            shown = shapes.circuit(rnd)
            found[shown["circuitId"]] = shown  # the latest season's name for it
    rows = [found[k] for k in sorted(found)]
    return ctx.page.wrap(
        len(rows), "CircuitTable", {**ctx.head(chosen), "Circuits": ctx.page.slice(rows)}
    )


def status(ctx: Context) -> Json:
    """Finishing statuses and how often they occur, most frequent first (Jolpica's order)."""
    chosen = ctx.seasons()
    counts: dict[str, int] = {}
    for season, number in chosen:
        for line in _matching(ctx, season, number):
            counts[line.status] = counts.get(line.status, 0) + 1
    rows = [
        {"statusId": ctx.ids.status_id(text), "count": str(count), "status": text}
        for text, count in counts.items()
    ]
    rows.sort(key=lambda r: (-int(r["count"]), len(r["statusId"]), r["statusId"]))
    return ctx.page.wrap(
        len(rows), "StatusTable", {**ctx.head(chosen), "Status": ctx.page.slice(rows)}
    )


def laps(ctx: Context) -> Json:
    """Lap-by-lap timings: podium's seasons hold none yet, so Ergast's empty table (as it
    answers for seasons before 1996)."""
    chosen = ctx.seasons()
    return ctx.page.wrap(0, "RaceTable", {**ctx.head(chosen), "Races": []})


def pitstops(ctx: Context) -> Json:
    """The race's pit stops, in the order they were made (none for a season without them,
    as Ergast answers for seasons before 2011)."""
    chosen = ctx.seasons()
    wanted = ctx.asked.filters
    found: list[tuple[Season, Round, PitStop]] = []
    for season, number in chosen:
        for rnd in _rounds(season, number):
            for stop in rnd.pit_stops:
                if "driverId" in wanted and not ctx.ids.names(
                    "driver", stop.driver, wanted["driverId"]
                ):
                    continue
                if "lap" in wanted and stop.lap != int(wanted["lap"]):
                    continue
                if "stop" in wanted and stop.stop != int(wanted["stop"]):
                    continue
                found.append((season, rnd, stop))
    races: list[Json] = []
    last: tuple[int, int] | None = None
    for season, rnd, stop in ctx.page.slice(found):
        if (season.year, rnd.number) != last:
            races.append({**ctx.shapes(season).race(rnd), "PitStops": []})
            last = (season.year, rnd.number)
        races[-1]["PitStops"].append(pit_stop(ctx.ids.shown("driver", stop.driver), stop))
    return ctx.page.wrap(len(found), "RaceTable", {**ctx.head(chosen), "Races": races})


def driver_standings(ctx: Context) -> Json:
    return tables.answer(ctx, organisations=False)


def constructor_standings(ctx: Context) -> Json:
    return tables.answer(ctx, organisations=True)


def classification_standings(ctx: Context) -> Json:
    return tables.answer(ctx, organisations=None)


BUILDERS: dict[str, Callable[[Context], Json]] = {
    "seasons": seasons,
    "races": races,
    "results": results,
    "sprint": sprint,
    "qualifying": qualifying,
    "drivers": drivers,
    "constructors": constructors,
    "circuits": circuits,
    "status": status,
    "laps": laps,
    "pitstops": pitstops,
    "driverStandings": driver_standings,
    "constructorStandings": constructor_standings,
    "standings": classification_standings,
}


def answer(ctx: Context) -> Json:
    ctx.check()
    return BUILDERS[ctx.asked.resource](ctx)
