"""podium's own read API, `/api/v1/...`: series, seasons, rounds, sessions, classifications,
standings of any classification after any round with the per-round (and per-session)
breakdown, drivers and teams. Every response has an ETag and is cached until a write."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from podium.web import query, views
from podium.web.caching import cached, store_of
from podium.web.errors import INVALID, NOT_FOUND
from podium.web.scenarios_view import scenarios_payload
from podium.web.views import Json

router = APIRouter(prefix="/api/v1", tags=["podium API"], responses={**NOT_FOUND, **INVALID})

SeriesId = Annotated[
    str, Path(description="Series id, e.g. `wtcr`.", pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
]
Year = Annotated[str, Path(description="A year, or `current`.", pattern=r"^([0-9]{4}|current)$")]
RoundNumber = Annotated[int, Path(ge=0, le=999, description="Round number.")]
Ident = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]
After = Annotated[
    int | None,
    Query(ge=0, le=999, description="After this round (default: the last round held)."),
]
AfterSession = Annotated[
    str | None,
    Query(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$",
        description="After this session of the round (`after`, default the last held): the "
        "round's sessions up to and including it count, in the round's order. An unknown "
        "session is 404, naming the round's sessions.",
    ),
]
AsOf = Annotated[
    datetime | None,
    Query(
        description="As official at this moment (ISO 8601, e.g. 2021-07-12T10:00): only the "
        "classifications published and the decisions in effect by then count.",
    ),
]
Kind = Literal["races", "race", "sprint", "qualifying", "practice", "grid", "all"]


def _base(request: Request) -> str:
    return f"{str(request.base_url).rstrip('/')}/api/v1"


@router.get("/series", summary="Every series in the database")
async def all_series(request: Request) -> Response:
    def build() -> Json:
        base = _base(request)
        return {
            "series": [
                {
                    "id": info.id,
                    "name": info.name,
                    "seasons": info.years,
                    "url": f"{base}/series/{info.id}",
                }
                for info in store_of(request).series().values()
            ]
        }

    return await cached(request, build)


@router.get("/series/{series}", summary="A series and its seasons")
async def one_series(request: Request, series: SeriesId) -> Response:
    def build() -> Json:
        info = store_of(request).series_info(series)
        base = _base(request)
        return {
            "id": info.id,
            "name": info.name,
            "seasons": [
                {"year": year, "name": name, "url": f"{base}/series/{series}/seasons/{year}"}
                for year, name in info.seasons
            ],
        }

    return await cached(request, build)


@router.get("/series/{series}/seasons/{year}", summary="A season: calendar and classifications")
async def season(request: Request, series: SeriesId, year: Year) -> Response:
    return await cached(
        request, lambda: views.season_summary(store_of(request).season(series, year))
    )


@router.get(
    "/series/{series}/seasons/{year}/changes",
    summary="The season's history: every change, newest first",
    description="The audit trail: each import, session write and decision, when (UTC), by "
    "whom (the API token's name, `cli <user>` for `podium import season`), through what "
    "(`via`: api, cli, library), what changed (`changes`, before and after per part) and "
    "why (`reason`). Paged by `limit` and `offset`; `total` counts every entry.",
)
async def changes(
    request: Request,
    series: SeriesId,
    year: Year,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many entries.")] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9, description="Skip this many first.")] = 0,
) -> Response:
    def build() -> Json:
        store = store_of(request)
        number = store.year(series, year)
        total, listed = store.database.history(series, number, limit=limit, offset=offset)
        return {
            "season": f"{series}/{number}",
            "total": total,
            "limit": limit,
            "offset": offset,
            "changes": [entry.as_json() for entry in listed],
        }

    return await cached(request, build)


@router.get("/series/{series}/seasons/{year}/rounds", summary="The calendar")
async def rounds(request: Request, series: SeriesId, year: Year) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        return {"rounds": [views.round_summary(r) for r in data.rounds]}

    return await cached(request, build)


@router.get("/series/{series}/seasons/{year}/rounds/{round}", summary="A round and its sessions")
async def one_round(request: Request, series: SeriesId, year: Year, round: RoundNumber) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        return views.round_summary(query.find_round(data, round))

    return await cached(request, build)


@router.get(
    "/series/{series}/seasons/{year}/rounds/{round}/sessions",
    summary="Every session of a round with its classification",
)
async def round_sessions(
    request: Request, series: SeriesId, year: Year, round: RoundNumber
) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        rnd = query.find_round(data, round)
        return {"sessions": [views.session_payload(data, rnd, s) for s in rnd.sessions]}

    return await cached(request, build)


@router.get(
    "/series/{series}/seasons/{year}/rounds/{round}/sessions/{session}",
    summary="A session's classification",
)
async def one_session(
    request: Request, series: SeriesId, year: Year, round: RoundNumber, session: Ident
) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        rnd = query.find_round(data, round)
        return views.session_payload(data, rnd, query.find_session(data, rnd, session))

    return await cached(request, build)


@router.get(
    "/series/{series}/seasons/{year}/results",
    summary="Classifications of the season, a page of whole sessions at a time",
    description="`limit` and `offset` count sessions, so a page never splits a race: each "
    "session comes with its whole classification. `kind` picks the sessions: `races` (races "
    "and sprints, the default), one kind, or `all`.",
)
async def results(
    request: Request,
    series: SeriesId,
    year: Year,
    kind: Annotated[Kind, Query(description="Which sessions.")] = "races",
    limit: Annotated[int, Query(ge=1, le=100, description="Sessions per page.")] = 10,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Sessions to skip.")] = 0,
) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        total, sessions = views.results_page(data, views.SESSION_KINDS[kind], limit, offset)
        here = str(request.url.remove_query_params(["offset"]))
        joiner = "&" if "?" in here else "?"
        following = offset + limit
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "next": f"{here}{joiner}offset={following}" if following < total else None,
            "previous": f"{here}{joiner}offset={max(offset - limit, 0)}" if offset > 0 else None,
            "sessions": sessions,
        }

    return await cached(request, build)


@router.get("/series/{series}/seasons/{year}/classifications", summary="The classifications")
async def classifications(request: Request, series: SeriesId, year: Year) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        return {"classifications": views.classification_list(data)}

    return await cached(request, build)


@router.get(
    "/series/{series}/seasons/{year}/standings/{classification}",
    summary="Standings of a classification after any round or session, round by round",
    description="As `podium standings -f json`: exact points (`points_exact`), points as "
    "shown, wins, deductions and each round's points with dropped rounds marked, split by "
    "session (`sessions`). `after_session` cuts the table inside round `after` (a sprint "
    "weekend's Saturday table); the table says so in its own `after_session`.",
)
async def standings(
    request: Request,
    series: SeriesId,
    year: Year,
    classification: Ident,
    after: After = None,
    after_session: AfterSession = None,
    as_of: AsOf = None,
) -> Response:
    def build() -> Json:
        store = store_of(request)
        data = store.season(series, year)
        return views.standings_payload(store, data, classification, after, after_session, as_of)

    return await cached(request, build)


@router.get(
    "/series/{series}/seasons/{year}/scenarios",
    summary="Who can still win a classification, and what the contenders need",
    description="As `podium scenarios -f json`: per competitor `can_win`, `best_position`, "
    "`worst_position` (null: undecided in the time limit) and `max_points`; `clinched_by`; "
    "the contenders' `needs` at the next round, worded in English (`text`). docs/scenarios.md.",
)
async def scenarios(
    request: Request,
    series: SeriesId,
    year: Year,
    classification: Annotated[str, Query(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")],
    after_round: After = None,
    after_session: AfterSession = None,
    time_limit: Annotated[
        float, Query(gt=0, le=10, description="Seconds the solver may take (at most 10).")
    ] = 5.0,
) -> Response:
    def build() -> Json:
        data = store_of(request).season(series, year)
        return scenarios_payload(data, classification, after_round, after_session, time_limit)

    return await cached(request, build)


@router.get("/series/{series}/seasons/{year}/drivers/{driver}", summary="A driver's season")
async def driver(request: Request, series: SeriesId, year: Year, driver: Ident) -> Response:
    def build() -> Json:
        store = store_of(request)
        return views.driver_profile(store, store.season(series, year), driver)

    return await cached(request, build)


@router.get("/series/{series}/seasons/{year}/teams/{team}", summary="A team's season")
async def team(request: Request, series: SeriesId, year: Year, team: Ident) -> Response:
    def build() -> Json:
        store = store_of(request)
        return views.team_profile(store, store.season(series, year), team)

    return await cached(request, build)


__all__: list[Any] = ["router"]
