"""The Ergast routes on the app: every path goes to one parser (grammar.py).

The commonest forms are declared one by one, so that the OpenAPI document lists them with
their parameters; a last route takes every other path (filters in any order). Season and
round segments only match what they can be (`2021`, `current`; `3`, `last`, `next`), so a
path such as `drivers/alonso/results` is never read as `{season}/{round}/results`.
"""

from __future__ import annotations

import inspect
import re
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.convertors import Convertor, register_url_convertor
from starlette.types import ASGIApp, Receive, Scope, Send

from podium.web.caching import cached, store_of
from podium.web.ergast import grammar, memo
from podium.web.ergast.ids import Ids
from podium.web.ergast.paging import DEFAULT_LIMIT, Json, Page
from podium.web.ergast.resources import BadFilter, Context, answer
from podium.web.errors import INVALID, NOT_FOUND, ApiError, error_response
from podium.web.store import Store

BAD: dict[int | str, dict[str, Any]] = {400: error_response("A filter the resource does not take")}
router = APIRouter(
    prefix="/ergast", tags=["Ergast-compatible"], responses={**BAD, **NOT_FOUND, **INVALID}
)


class _Season(Convertor[str]):
    regex = "[0-9]{4}|current"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class _Round(Convertor[str]):
    regex = "[0-9]{1,4}|last|next"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("ergast_season", _Season())
register_url_convertor("ergast_round", _Round())

SeriesId = Annotated[
    str,
    Path(description="Series id, e.g. `f1`, `wtcr`.", pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$"),
]
Limit = Annotated[
    int,
    Query(ge=0, le=100_000, description="Items per page (default 30; more than 100 gives 100)."),
]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
SessionFilter = Annotated[
    str | None,
    Query(
        description="podium extension, results only: this session of the round (`race2`).",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$",
    ),
]
PARAMETERS: dict[str, Any] = {
    "season": Annotated[
        str, Path(description="A year, or `current`.", pattern=r"^([0-9]{4}|current)$")
    ],
    "round": Annotated[
        str,
        Path(description="A round number, `last` or `next`.", pattern=r"^([0-9]{1,4}|last|next)$"),
    ],
    "id": Annotated[
        str,
        Path(
            description="An Ergast id or podium's own.",
            pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$",
        ),
    ],
    "position": Annotated[str, Path(description="A place, 1 first.", pattern=r"^[0-9]{1,4}$")],
    "classification": Annotated[
        str,
        Path(
            description="A classification id of the season's rules, e.g. `junior`.",
            pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$",
        ),
    ],
    "path": Annotated[
        str,
        Path(description="Any Ergast path: `[{season}[/{round}]]/{filter}/{value}.../{resource}`."),
    ],
}

_LOWER = {name: name for name in grammar.RESOURCES} | dict(grammar.RESOURCES)


class ErgastPaths:
    """ASGI middleware: `/ergast/.../x/` and `/ergast/.../x` mean `/ergast/.../x.json`, and a
    resource named in any letter case (`driverstandings`) is Ergast's spelling of it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if path.startswith("/ergast/"):
                stem = path.rstrip("/")
                if stem.lower().endswith(".json"):
                    stem = stem[: -len(".json")]
                head, _, last = stem.rpartition("/")
                if head.count("/") >= 2 and last:
                    fixed = f"{head}/{_LOWER.get(last.lower(), last)}.json"
                    if fixed != path:
                        scope = dict(scope, path=fixed, raw_path=fixed.encode("utf-8"))
        await self.app(scope, receive, send)


def aliases_of(store: Store, series: str) -> Ids:
    """The series' alias table, from every stored season of it (Store.aliases)."""
    return memo.kept(store, ("ids", series), lambda: Ids(store.aliases(series)))


def _context(
    request: Request, series: str, limit: int, offset: int, session: str | None
) -> Context:
    store = store_of(request)
    store.series_info(series)  # 404 for a series not in the database
    rest = request.url.path.split("/", 3)[3] if request.url.path.count("/") >= 3 else ""
    asked = grammar.parse(rest)
    if asked.resource != "results":
        session = None  # a podium extension of results only; elsewhere it means nothing
    base = str(request.base_url).rstrip("/")
    page = Page.of(series, f"{base}{request.url.path}", limit, offset)
    return Context(store, series, asked, page, base, aliases_of(store, series), session)


async def _endpoint(
    request: Request, series: str, limit: int, offset: int, session: str | None
) -> Response:
    def make() -> Json:
        try:
            return answer(_context(request, series, limit, offset, session))
        except BadFilter as problem:
            raise ApiError(400, "bad request", f"{problem} (see docs/api.md)") from None

    return await cached(request, make)


# (path under /ergast/{series}/ without `.json`, summary). Literal paths come before those
# with a season, so that `drivers.json` is the resource and not a season named so.
_RESOURCE_SUMMARIES = {
    "seasons": "Seasons",
    "races": "Schedule",
    "results": "Race results",
    "sprint": "Sprint results",
    "qualifying": "Qualifying results",
    "drivers": "Drivers",
    "constructors": "Constructors",
    "circuits": "Circuits",
    "status": "Finishing statuses",
    "laps": "Lap times",
    "pitstops": "Pit stops",
    "driverStandings": "Drivers' standings",
    "constructorStandings": "Constructors' standings",
}
_ROUTES: list[tuple[str, str]] = [
    *((name, f"{what}, every season") for name, what in _RESOURCE_SUMMARIES.items()),
    *(
        (f"{name}/{{id}}", f"One of the {what.lower()}")
        for name, what in _RESOURCE_SUMMARIES.items()
        if name in ("drivers", "constructors", "circuits", "status")
    ),
    ("{season:ergast_season}", "Schedule of a season"),
    *(
        (f"{{season:ergast_season}}/{name}", f"{what} of a season")
        for name, what in _RESOURCE_SUMMARIES.items()
    ),
    *(
        (f"{{season:ergast_season}}/{name}/{{position}}", f"{what} of a season, one place")
        for name, what in _RESOURCE_SUMMARIES.items()
        if name in ("results", "qualifying", "sprint", "driverStandings", "constructorStandings")
    ),
    ("{season:ergast_season}/standings/{classification}", "Standings of any classification"),
    ("{season:ergast_season}/{round:ergast_round}", "One race weekend"),
    *(
        (f"{{season:ergast_season}}/{{round:ergast_round}}/{name}", f"{what} of a round")
        for name, what in _RESOURCE_SUMMARIES.items()
        if name != "seasons"
    ),
    *(
        (
            f"{{season:ergast_season}}/{{round:ergast_round}}/{name}/{{position}}",
            f"{what} of a round, one place",
        )
        for name, what in _RESOURCE_SUMMARIES.items()
        if name in ("results", "qualifying", "sprint", "driverStandings", "constructorStandings")
    ),
    (
        "{season:ergast_season}/{round:ergast_round}/standings/{classification}",
        "Standings of any classification after a round",
    ),
]
_PLACEHOLDER = re.compile(r"{(\w+)(?::\w+)?}")


def _add(path: str, summary: str, name: str, documented: bool = True) -> None:
    params = _PLACEHOLDER.findall(path)
    is_path = path == "{path:path}"

    async def endpoint(
        request: Request,
        series: str,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        session: str | None = None,
        **_: str,
    ) -> Response:
        return await _endpoint(request, series, limit, offset, session)

    endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            _parameter("request", Request),
            _parameter("series", SeriesId),
            *(_parameter(p, PARAMETERS[p]) for p in params),
            _parameter("limit", Limit, DEFAULT_LIMIT),
            _parameter("offset", Offset, 0),
            _parameter("session", SessionFilter, None),
        ],
        return_annotation=Response,
    )
    suffix = "" if is_path else ".json"
    router.add_api_route(
        f"/{{series}}/{path}{suffix}",
        endpoint,
        methods=["GET"],
        summary=summary,
        name=name,
        include_in_schema=documented,
    )


def _parameter(
    name: str, annotation: Any, default: Any = inspect.Parameter.empty
) -> inspect.Parameter:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Parameter(name, kind, annotation=annotation, default=default)


for _index, (_path, _summary) in enumerate(_ROUTES):
    _add(_path, _summary, f"ergast_{_index}")
# Every other path (filters in any order, any letter case), read by grammar.py; not in the
# OpenAPI document, whose path parameters cannot say what the grammar allows.
_add("{path:path}", "Any Ergast path, with filters in any order", "ergast_any", documented=False)

__all__ = ["ErgastPaths", "router"]
