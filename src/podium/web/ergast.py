"""Ergast-compatible routes for every series in the database: `/ergast/{series}/...`.

The paths, the `MRData` envelope, `limit` (default 30, at most 100) and `offset` are Ergast's;
`{season}` is a year or `current` (the series' latest season in the database), `{round}` a
round number or `last` (the last round held). As with Jolpica, a path may end in `.json` or
`/` and the standings endpoints may be written in lower case (`driverstandings`).

driverStandings is the season's first classification of drivers, constructorStandings its
first classification of teams, constructors or manufacturers; every classification is at
`{season}[/{round}]/standings/{classification}.json` in the same shapes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from podium.model.calendar import Round
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.web import ergast_shapes as shapes
from podium.web import query
from podium.web.caching import cached, store_of
from podium.web.ergast_shapes import Json, Links
from podium.web.errors import INVALID, NOT_FOUND
from podium.web.store import Store

# Errors as the native API documents them: the same JSON body (errors.py).
router = APIRouter(prefix="/ergast", tags=["Ergast-compatible"], responses={**NOT_FOUND, **INVALID})

DEFAULT_LIMIT = 30
MAX_LIMIT = 100

SeriesId = Annotated[
    str,
    Path(description="Series id, e.g. `f1`, `wtcr`.", pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$"),
]
SeasonKey = Annotated[
    str, Path(description="A year, or `current`.", pattern=r"^([0-9]{4}|current)$")
]
RoundKey = Annotated[
    str, Path(description="A round number, or `last`.", pattern=r"^([0-9]{1,3}|last)$")
]
ClassificationId = Annotated[
    str,
    Path(
        description="A classification id of the season's rules, e.g. `junior`.",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$",
    ),
]
Limit = Annotated[
    int,
    Query(ge=0, le=100_000, description="Items per page (default 30; more than 100 gives 100)."),
]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
SessionFilter = Annotated[
    str | None,
    Query(
        description="podium extension: only this session of the round (e.g. `race2`).",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$",
    ),
]

_LOWER = {"driverstandings": "driverStandings", "constructorstandings": "constructorStandings"}


class ErgastPaths:
    """ASGI middleware: `/ergast/.../x/` and `/ergast/.../x` mean `/ergast/.../x.json`, and
    `driverstandings` means `driverStandings` (Jolpica's spellings)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if path.startswith("/ergast/") and not path.endswith(".json"):
                stem = path.rstrip("/")
                head, _, last = stem.rpartition("/")
                if head.count("/") >= 1 and last:
                    fixed = f"{head}/{_LOWER.get(last.lower(), last)}.json"
                    scope = dict(scope, path=fixed, raw_path=fixed.encode("utf-8"))
        await self.app(scope, receive, send)


@dataclass(frozen=True, slots=True)
class Asked:
    """A resolved request: the season, the round (if any), paging, where to link."""

    store: Store
    season: Season
    round: int | None
    limit: int
    offset: int
    url: str
    links: Links

    def page(self, items: list[Any]) -> list[Any]:
        return items[self.offset : self.offset + self.limit]

    def wrap(self, total: int, table: str, content: Json) -> Json:
        return shapes.envelope(
            self.season.series.id, self.url, self.limit, self.offset, total, table, content
        )

    def table_head(self) -> Json:
        head: Json = {"season": str(self.season.year)}
        if self.round is not None:
            head["round"] = str(self.round)
        return head

    def rounds(self) -> list[Round]:
        return [r for r in self.season.rounds if self.round is None or r.number == self.round]


def _resolve(
    request: Request, series: str, season: str, round_key: str | None, limit: int, offset: int
) -> Asked:
    store = store_of(request)
    data = store.season(series, season)
    number: int | None = None
    if round_key == "last":
        number = query.last_held(data)
    elif round_key is not None:
        number = query.find_round(data, int(round_key)).number
    base = str(request.base_url).rstrip("/")
    return Asked(
        store=store,
        season=data,
        round=number,
        limit=min(limit, MAX_LIMIT),
        offset=offset,
        url=f"{base}{request.url.path}",
        links=Links(base, data),
    )


async def _answer(
    request: Request,
    series: str,
    season: str,
    round_key: str | None,
    limit: int,
    offset: int,
    build: Callable[[Asked], Json],
) -> Response:
    def make() -> Json:
        return build(_resolve(request, series, season, round_key, limit, offset))

    return await cached(request, make)


# -- builders ---------------------------------------------------------------------------------


def _seasons(request: Request, series: str, limit: int, offset: int) -> Json:
    info = store_of(request).series_info(series)
    base = str(request.base_url).rstrip("/")
    rows = [{"season": str(year), "url": f"{base}/{series}/{year}"} for year in info.years]
    shown = min(limit, MAX_LIMIT)
    return shapes.envelope(
        series,
        f"{base}{request.url.path}",
        shown,
        offset,
        len(rows),
        "SeasonTable",
        {"Seasons": rows[offset : offset + shown]},
    )


def _races(asked: Asked) -> Json:
    races = [shapes.race(asked.season, r, asked.links) for r in asked.rounds()]
    return asked.wrap(len(races), "RaceTable", {**asked.table_head(), "Races": asked.page(races)})


def _grouped(asked: Asked, key: str, rows: list[tuple[Json, Json]]) -> Json:
    """Result lines paged as Ergast pages them (by line), regrouped under their races."""
    races: list[Json] = []
    last: Json | None = None
    for race, line in asked.page(rows):
        if race is not last:
            races.append({**race, key: []})
            last = race
        races[-1][key].append(line)
    return asked.wrap(len(rows), "RaceTable", {**asked.table_head(), "Races": races})


def _points_source(asked: Asked, round_number: int) -> tuple[dict[tuple[str, str], Any], int]:
    cid = query.driver_classification(asked.season)
    if cid is None:
        return {}, 2
    decimals = asked.season.rules.classifications[cid].decimals
    if not asked.season.round(round_number).held:
        return {}, decimals
    table = asked.store.standings(asked.season, cid, round_number)
    return query.session_points(table, round_number), decimals


def _session_results(asked: Asked, kind: SessionKind, session_id: str | None) -> Json:
    rows: list[tuple[Json, Json]] = []
    for rnd in asked.rounds():
        sessions: list[Session] = query.sessions_of(rnd, kind)
        if session_id is not None:
            sessions = [s for s in rnd.sessions if s.id == session_id and s.kind is kind]
            if asked.round is not None and not sessions:
                query.find_session(asked.season, rnd, session_id)  # 404 if there is none
        if not sessions:
            continue
        points, decimals = _points_source(asked, rnd.number)
        for session in sessions:
            race = shapes.race(asked.season, rnd, asked.links, session)
            for line in shapes.result_rows(
                asked.season, rnd, session, asked.links, points, decimals
            ):
                rows.append((race, line))
    key = "SprintResults" if kind is SessionKind.SPRINT else "Results"
    return _grouped(asked, key, rows)


def _qualifying(asked: Asked) -> Json:
    rows: list[tuple[Json, Json]] = []
    for rnd in asked.rounds():
        session = query.qualifying_session(rnd)
        if session is None:
            continue
        race = shapes.race(asked.season, rnd, asked.links)
        for line in shapes.qualifying_rows(asked.season, rnd, session, asked.links):
            rows.append((race, line))
    return _grouped(asked, "QualifyingResults", rows)


def _standings(asked: Asked, classification: str | None, organisations: bool | None) -> Json:
    """Standings of `classification` in the shape its competitors call for."""
    season = asked.season
    head: Json = {"season": str(season.year)}
    after = asked.round if asked.round is not None else season.last_held_round()
    if classification is None or after == 0 or after > season.last_held_round():
        head["round"] = str(after)  # Ergast: no standings (yet) is an empty list
        return asked.wrap(0, "StandingsTable", {**head, "StandingsLists": []})
    rules = season.rules.classifications[classification]
    table = asked.store.standings(season, classification, after)
    if organisations is None:  # /standings/{classification}: its competitors decide
        organisations = rules.competitor != "driver"
        head["classification"] = classification
    head["round"] = str(table.after_round)
    rows = list(table.rows)
    shown = asked.page(rows)
    if organisations:
        key = "ConstructorStandings"
        lines = shapes.constructor_standings(season, shown, asked.links)
    else:
        key = "DriverStandings"
        lines = shapes.driver_standings(season, table, asked.links, shown)
    listing = {"season": str(season.year), "round": str(table.after_round), key: lines}
    return asked.wrap(len(rows), "StandingsTable", {**head, "StandingsLists": [listing]})


def _drivers(asked: Asked) -> Json:
    ids = shapes.drivers_of(asked.season, asked.round)
    people = [shapes.driver(asked.season, d, asked.links) for d in ids]
    return asked.wrap(
        len(people), "DriverTable", {**asked.table_head(), "Drivers": asked.page(people)}
    )


def _constructors(asked: Asked) -> Json:
    ids = shapes.organisations_of(asked.season, asked.round)
    orgs = [shapes.constructor(asked.season, t, asked.links) for t in ids]
    return asked.wrap(
        len(orgs), "ConstructorTable", {**asked.table_head(), "Constructors": asked.page(orgs)}
    )


def _circuits(asked: Asked) -> Json:
    found: dict[str, Json] = {}
    for rnd in asked.rounds():
        shown = shapes.circuit(rnd)
        found.setdefault(shown["circuitId"], shown)
    circuits = [found[k] for k in sorted(found)]
    return asked.wrap(
        len(circuits), "CircuitTable", {**asked.table_head(), "Circuits": asked.page(circuits)}
    )


# -- routes ---------------------------------------------------------------------------------


def _results(asked: Asked, session: SessionFilter = None) -> Json:
    return _session_results(asked, SessionKind.RACE, session)


def _sprints(asked: Asked) -> Json:
    return _session_results(asked, SessionKind.SPRINT, None)


def _first_drivers(asked: Asked) -> Json:
    return _standings(asked, query.driver_classification(asked.season), False)


def _first_organisations(asked: Asked) -> Json:
    return _standings(asked, query.organisation_classification(asked.season), True)


def _named(asked: Asked, classification: ClassificationId) -> Json:
    query.check_classification(asked.season, classification)
    return _standings(asked, classification, None)


@router.get("/{series}/seasons.json", summary="Seasons of a series")
async def seasons(
    request: Request, series: SeriesId, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> Response:
    return await cached(request, lambda: _seasons(request, series, limit, offset))


# Every other route: (path under /ergast/{series}/ without `.json`, summary, route name, builder).
# A `{round}` in the path gives the route a RoundKey parameter; the builder's parameters after
# `asked` are the route's further ones. Literal segments come before `{round}` (first match wins).
_ROUTES: tuple[tuple[str, str, str, Callable[..., Json]], ...] = (
    ("{season}/races", "Schedule of a season", "schedule", _races),
    ("{season}", "Schedule of a season", "schedule", _races),
    ("{season}/results", "Race results of a season", "season_results", _results),
    ("{season}/sprint", "Sprint results of a season", "season_sprints", _sprints),
    ("{season}/qualifying", "Qualifying results of a season", "season_qualifying", _qualifying),
    ("{season}/driverStandings", "Drivers' standings", "driver_standings", _first_drivers),
    (
        "{season}/constructorStandings",
        "Constructors' standings",
        "constructor_standings",
        _first_organisations,
    ),
    (
        "{season}/standings/{classification}",
        "Standings of any classification",
        "classification_standings",
        _named,
    ),
    ("{season}/drivers", "Drivers of a season", "season_drivers", _drivers),
    ("{season}/constructors", "Constructors of a season", "season_constructors", _constructors),
    ("{season}/circuits", "Circuits of a season", "season_circuits", _circuits),
    ("{season}/{round}/races", "One race weekend", "one_race", _races),
    ("{season}/{round}", "One race weekend", "one_race", _races),
    ("{season}/{round}/results", "Race results of a round", "round_results", _results),
    ("{season}/{round}/sprint", "Sprint results of a round", "round_sprint", _sprints),
    ("{season}/{round}/qualifying", "Qualifying of a round", "round_qualifying", _qualifying),
    (
        "{season}/{round}/driverStandings",
        "Drivers' standings after a round",
        "round_driver_standings",
        _first_drivers,
    ),
    (
        "{season}/{round}/constructorStandings",
        "Constructors' standings after a round",
        "round_constructor_standings",
        _first_organisations,
    ),
    (
        "{season}/{round}/standings/{classification}",
        "Standings of any classification after a round",
        "round_classification_standings",
        _named,
    ),
    ("{season}/{round}/drivers", "Drivers of a round", "round_drivers", _drivers),
    (
        "{season}/{round}/constructors",
        "Constructors of a round",
        "round_constructors",
        _constructors,
    ),
    ("{season}/{round}/circuits", "Circuit of a round", "round_circuits", _circuits),
)


def _add_route(path: str, summary: str, name: str, build: Callable[..., Json]) -> None:
    """GET /ergast/{series}/`path`.json answering with `build`: its parameters are `series`,
    `season`, `round` (if the path has it), `limit`, `offset` and `build`'s own after `asked`."""
    own = list(inspect.signature(build, eval_str=True).parameters.values())[1:]

    async def endpoint(
        request: Request,
        series: str,
        season: str,
        limit: int,
        offset: int,
        round: str | None = None,
        **given: Any,
    ) -> Response:
        return await _answer(
            request, series, season, round, limit, offset, lambda asked: build(asked, **given)
        )

    with_round = "{round}" in path
    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            _parameter("request", Request),
            _parameter("series", SeriesId),
            _parameter("season", SeasonKey),
            *([_parameter("round", RoundKey)] if with_round else []),
            _parameter("limit", Limit, DEFAULT_LIMIT),
            _parameter("offset", Offset, 0),
            *(p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own),
        ],
        return_annotation=Response,
    )
    router.add_api_route(
        f"/{{series}}/{path}.json", endpoint, methods=["GET"], summary=summary, name=name
    )


def _parameter(
    name: str, annotation: Any, default: Any = inspect.Parameter.empty
) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation, default=default
    )


for _route in _ROUTES:
    _add_route(*_route)


__all__ = ["ErgastPaths", "router"]
