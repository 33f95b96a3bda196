"""Errors as JSON bodies a client can act on; never a bare 500.

    404 {"error": "not found", "detail": "no season wtcr/2030 in the database (wtcr: 2021)"}
    422 {"error": "invalid", "detail": "...", "problems": [{"file": "03/race1.csv", "line": 3,
         "field": "position", "message": "duplicate position 1 (line 2)"}]}

HTML pages get the same status with a page instead (see pages.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from podium.errors import NotFound, PodiumError, Problem, ValidationError

log = logging.getLogger("podium.web")

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string"},
        "detail": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "file": {"type": ["string", "null"]},
                    "line": {"type": ["integer", "null"]},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}


def error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: error_response("No such series, season, round, session or classification")
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: error_response("Invalid parameters or data: every problem named")
}


class ApiError(Exception):
    """An error with its HTTP status, raised anywhere below a route."""

    def __init__(
        self,
        status: int,
        error: str,
        detail: str,
        problems: Iterable[Problem] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.problems = list(problems)
        self.headers = headers


_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` as it can be sent: an error may quote what a client sent, and a lone surrogate
    (from JSON's "\\ud800") cannot be encoded as UTF-8, so it is shown as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": printable(problem.file) if problem.file else None,
        "line": problem.line,
        "field": printable(problem.field),
        "message": printable(problem.message),
    }


def body(error: str, detail: str, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"error": error, "detail": printable(detail)}
    listed = [problem_json(p) for p in problems]
    if listed:
        out["problems"] = listed
    return out


HtmlRenderer = Callable[[Request, int, str, str], Response]


def install(app: FastAPI, html: HtmlRenderer) -> None:
    """Route every error to JSON (API, Ergast) or to an HTML page (everything else)."""

    def send(
        request: Request,
        status: int,
        error: str,
        detail: str,
        problems: Iterable[Problem] = (),
        headers: dict[str, str] | None = None,
    ) -> Response:
        first = request.url.path.strip("/").split("/")[0]
        if first not in ("api", "ergast", "openapi.json") and request.method == "GET":
            return html(request, status, error, detail)
        return JSONResponse(body(error, detail, problems), status_code=status, headers=headers)

    def on(kind: type[Exception]) -> Callable[[Callable[..., Response]], Callable[..., Any]]:
        def register(handler: Callable[..., Response]) -> Callable[..., Any]:
            async def wrapped(request: Request, exc: Exception) -> Response:
                return handler(request, exc)

            app.add_exception_handler(kind, wrapped)
            return handler

        return register

    @on(ApiError)
    def _api(request: Request, exc: ApiError) -> Response:
        return send(request, exc.status, exc.error, exc.detail, exc.problems, exc.headers)

    @on(NotFound)
    def _missing(request: Request, exc: NotFound) -> Response:
        return send(request, 404, "not found", str(exc))

    @on(KeyError)
    def _key(request: Request, exc: KeyError) -> Response:
        # The model's lookups (Season.round, ...) raise KeyError for what is not there.
        log.info("KeyError on %s: %r", request.url.path, exc)
        detail = str(exc.args[0]) if exc.args else "not found"
        return send(request, 404, "not found", detail)

    @on(ValidationError)
    def _invalid(request: Request, exc: ValidationError) -> Response:
        count = len(exc.problems)
        return send(request, 422, "invalid", f"{count} problem(s) found", exc.problems)

    @on(RequestValidationError)
    def _params(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            Problem(
                "",
                None,
                ".".join(str(part) for part in e.get("loc", ())) or "-",
                str(e.get("msg", "invalid")),
            )
            for e in exc.errors()
        ]
        return send(request, 422, "invalid", "invalid request parameters", problems)

    @on(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Response:
        words = {
            404: "not found",
            405: "method not allowed",
            400: "bad request",
            401: "unauthorized",
            403: "forbidden",
            413: "too large",
            415: "unsupported media type",
        }
        error = words.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else error
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such page or route: {request.url.path}"
        headers = dict(exc.headers) if exc.headers else None
        return send(request, exc.status_code, error, detail, headers=headers)

    @on(PodiumError)
    def _podium(request: Request, exc: PodiumError) -> Response:
        log.warning("podium error on %s: %s", request.url.path, exc)
        return send(request, 503, "unavailable", str(exc))

    @on(SQLAlchemyError)
    def _database(request: Request, exc: SQLAlchemyError) -> Response:
        log.error("database error on %s: %s", request.url.path, exc)
        return send(request, 503, "unavailable", "the database failed; try again")
