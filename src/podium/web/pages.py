"""Web pages, rendered on the server with Jinja2: home -> series -> season -> round, and a
page per driver and team. Plain HTML and CSS (no JavaScript); readable on a phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException

import podium
from podium.model.links import safe_links
from podium.model.season import Season
from podium.standings import StandingsTable, format_points
from podium.standings.results import ordinal
from podium.web import charts, query, scenarios_view, views
from podium.web.caching import cached, store_of
from podium.web.store import Store

RESERVED = ("api", "ergast", "docs", "openapi.json")


class PageSegment(Convertor[str]):
    """A page path's first segment: anything but the names of the other routes' prefixes.

    Pages must not match /api/..., so that a wrong method on an API path finds the API
    route and answers 405 with its `Allow` (a page route matching would answer 404), and
    /api/v2/... is no series page but a 404."""

    regex = "(?!(?:" + "|".join(re.escape(name) for name in RESERVED) + ")(?:/|$))[^/]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("podium_page", PageSegment())

router = APIRouter(include_in_schema=False)

# Path segments are plain text: a page whose year or round is not a number does not exist
# (404), as /api/v2/... is no page either.
SeriesId = Annotated[str, Path()]
YearText = Annotated[str, Path()]
RoundText = Annotated[str, Path()]
Ident = Annotated[str, Path()]

# ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() refuses or reads.
_NUMBER = re.compile(r"[0-9]{1,4}")


def number(text: str, what: str) -> int:
    if _NUMBER.fullmatch(text) is None:
        raise StarletteHTTPException(404, f"no such page: {what} {text!r} is not a number")
    return int(text)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("podium.web", "templates"),
        # Every template escapes what it inserts, whatever its name: pages show data.
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = podium.__version__
    # A season's `links:` as the pages show them: http(s) and mailto only (a season stored
    # before links were checked may hold a `javascript:` one).
    env.filters["safe_links"] = safe_links
    env.filters["ordinal"] = ordinal
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def page(template: str) -> Callable[[dict[str, Any]], str]:
    def make(context: dict[str, Any]) -> str:
        return render(template, **context)

    return make


def error_page(request: Request, status: int, error: str, detail: str) -> Response:
    html = render("error.html", status=status, error=error, detail=detail, crumbs=[])
    return HTMLResponse(html, status_code=status)


# -- what the season page shows ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    dropped: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One classification on the season page."""

    id: str
    name: str
    competitor: str  # driver | team | ...
    table: StandingsTable
    rounds: list[int]  # the round columns
    cells: dict[str, list[Cell]]  # competitor -> a cell per round column
    chart: charts.Chart
    link: str  # "drivers" or "teams": where a row's name links to
    heading: str  # the name column's: "Name", or the series' own word ("Rider")


def _block(store: Store, season: Season, cid: str, after: int, held: list[int]) -> Block:
    rules = season.rules.classifications[cid]
    table = store.standings(season, cid, after)
    cells: dict[str, list[Cell]] = {}
    for row in table.rows:
        by_round = {score.round: score for score in row.rounds}
        line = []
        for number in held:
            score = by_round.get(number)
            if score is None:
                line.append(Cell(""))
            else:
                text = format_points(score.points, rules.decimals)
                line.append(Cell(f"({text})" if score.dropped else text, score.dropped))
        cells[row.competitor] = line
    title = f"{rules.name}: points after each round"
    chart = charts.progression(store.history(season, cid), table.after_round, title)
    link = (
        "drivers"
        if rules.competitor == "driver"
        else ("teams" if rules.competitor in query.ORGANISATIONS else "")
    )
    own = season.terms.own_word(rules.competitor)
    heading = own.title if own is not None else "Name"
    return Block(cid, rules.name, rules.competitor, table, held, cells, chart, link, heading)


def season_context(store: Store, season: Season, after: int | None) -> dict[str, Any]:
    last = season.last_held_round()
    held_all = [r.number for r in season.held_rounds()]
    shown = last if after is None else after
    if after is not None:
        query.find_round(season, after)
    blocks: list[Block] = []
    if last and shown:
        held = [n for n in held_all if n <= shown]
        blocks = [_block(store, season, cid, shown, held) for cid in season.rules.classifications]
    return {
        "season": season,
        "after": shown,
        "held": held_all,
        "blocks": blocks,
        "contention": scenarios_view.contention(season, shown) if blocks else [],
        "ergast": {
            "drivers": query.driver_classification(season),
            "teams": query.organisation_classification(season),
        },
        "crumbs": [
            ("Home", "/"),
            (season.series.name, f"/{season.series.id}"),
            (str(season.year), None),
        ],
    }


def round_context(store: Store, season: Season, number: int) -> dict[str, Any]:
    rnd = query.find_round(season, number)
    cid = query.driver_classification(season)
    points: dict[tuple[str, str], Any] = {}
    decimals = 2
    if cid is not None and rnd.held:
        decimals = season.rules.classifications[cid].decimals
        points = query.session_points(store.standings(season, cid, rnd.number), rnd.number)
    sessions = []
    for session in rnd.sessions:
        payload = views.session_payload(season, rnd, session)
        # The heading carries the state: the page shows it with no template of its own.
        if session.cancelled:
            payload["name"] = f"{session.name} — cancelled"
        elif not session.result_declared:
            payload["name"] = f"{session.name} — no result declared"
        notes: list[str] = []
        for line in payload["results"]:
            scored = [points.get((d["id"], session.id)) for d in line["drivers"]]
            line["points"] = " / ".join(format_points(p, decimals) for p in scored if p is not None)
            # A line a decision changed: marked, and the decision's words under the table.
            line["mark"] = None
            if line["amendment"]:
                notes.append(f"Car {line['car']}: {line['amendment']}")
                line["mark"] = len(notes)
        # Both orders once a decision changed the session: where each car crossed the line.
        payload["amended"] = any(
            line["decisions"] or line["original_position"] != line["position"]
            for line in payload["results"]
        )
        payload["notes"] = notes
        sessions.append(payload)
    numbers = [r.number for r in season.rounds]
    at = numbers.index(rnd.number)
    return {
        "season": season,
        "round": rnd,
        "sessions": sessions,
        "decisions": views.round_decisions(season, rnd),
        "points_name": season.rules.classifications[cid].name if cid else None,
        "previous": numbers[at - 1] if at > 0 else None,
        "next": numbers[at + 1] if at + 1 < len(numbers) else None,
        "crumbs": [
            ("Home", "/"),
            (season.series.name, f"/{season.series.id}"),
            (str(season.year), f"/{season.series.id}/{season.year}"),
            (f"Round {rnd.number}", None),
        ],
    }


def _season_crumbs(season: Season, last: str) -> list[tuple[str, str | None]]:
    return [
        ("Home", "/"),
        (season.series.name, f"/{season.series.id}"),
        (str(season.year), f"/{season.series.id}/{season.year}"),
        (last, None),
    ]


# -- routes -------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    def build() -> dict[str, Any]:
        return {"series": list(store_of(request).series().values()), "crumbs": []}

    return await cached(request, build, html=page("home.html"))


@router.get("/{series:podium_page}", response_class=HTMLResponse)
async def series_page(request: Request, series: SeriesId) -> Response:
    def build() -> dict[str, Any]:
        info = store_of(request).series_info(series)
        return {"info": info, "crumbs": [("Home", "/"), (info.name, None)]}

    return await cached(request, build, html=page("series.html"))


@router.get("/{series:podium_page}/{year}", response_class=HTMLResponse)
async def season_page(
    request: Request,
    series: SeriesId,
    year: YearText,
    after: Annotated[int | None, Query(ge=0, le=999)] = None,
) -> Response:
    def build() -> dict[str, Any]:
        store = store_of(request)
        return season_context(store, store.season(series, number(year, "year")), after)

    return await cached(request, build, html=page("season.html"))


@router.get("/{series:podium_page}/{year}/{round}", response_class=HTMLResponse)
async def round_page(
    request: Request, series: SeriesId, year: YearText, round: RoundText
) -> Response:
    def build() -> dict[str, Any]:
        store = store_of(request)
        season = store.season(series, number(year, "year"))
        return round_context(store, season, number(round, "round"))

    return await cached(request, build, html=page("round.html"))


@router.get("/{series:podium_page}/{year}/drivers/{driver}", response_class=HTMLResponse)
async def driver_page(
    request: Request, series: SeriesId, year: YearText, driver: Ident
) -> Response:
    def build() -> dict[str, Any]:
        store = store_of(request)
        season = store.season(series, number(year, "year"))
        profile = views.driver_profile(store, season, driver)
        return {
            "season": season,
            "p": profile,
            "crumbs": _season_crumbs(season, profile["name"]),
        }

    return await cached(request, build, html=page("driver.html"))


@router.get("/{series:podium_page}/{year}/teams/{team}", response_class=HTMLResponse)
async def team_page(request: Request, series: SeriesId, year: YearText, team: Ident) -> Response:
    def build() -> dict[str, Any]:
        store = store_of(request)
        season = store.season(series, number(year, "year"))
        profile = views.team_profile(store, season, team)
        return {
            "season": season,
            "p": profile,
            "crumbs": _season_crumbs(season, profile["name"]),
        }

    return await cached(request, build, html=page("team.html"))
