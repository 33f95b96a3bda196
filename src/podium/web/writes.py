"""Writes: a session's classification, a decision, a whole season folder.

Each write needs a bearer token (auth.py), goes through the same validators as
`podium validate` and `podium import season`, is written in one transaction, and clears the
caches, so the next request sees it. Invalid data is a 422 naming every problem as
file:line: field: message (for JSON rows, `results[i]` stands for the file and line).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import lzma
import math
import re
import tempfile
import zipfile
import zlib
from collections.abc import AsyncGenerator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

import podium
from podium.errors import Conflict, PodiumError, Problem, ValidationError
from podium.files.schemacheck import schema_problems
from podium.files.yamlsrc import load_yaml_text
from podium.formats import native
from podium.model.calendar import RoundStatus
from podium.model.season import Season
from podium.storage import Change, DatabaseBusy, UnsavedChanges
from podium.web import query
from podium.web.api import Ident as SessionId
from podium.web.api import RoundNumber, SeriesId, Year
from podium.web.auth import AUTH_ERRORS, Writer
from podium.web.caching import store_of
from podium.web.errors import INVALID, NOT_FOUND, ApiError, error_response
from podium.web.store import Store

log = logging.getLogger("podium.web")

# A read-modify-write (results, decisions) whose season another writer changed meanwhile.
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: error_response(
        "The season changed since this request read it (another import or write came "
        "first); nothing was written: send the request again"
    )
}
UNSAVED: dict[int | str, dict[str, Any]] = {
    409: error_response(
        "The stored season has changes made through the API since its last import that the "
        "folder lacks (each a problem with field `changes`); nothing was written: export the "
        "season first, or send `?replace=true` to discard them"
    )
}
BUSY: dict[int | str, dict[str, Any]] = {
    503: error_response("The database stayed locked by another writer; try again later")
}

router = APIRouter(
    prefix="/api/v1",
    tags=["podium API: writes"],
    responses={**AUTH_ERRORS, **NOT_FOUND, **INVALID, **BUSY},
)

MAX_UPLOAD = 64 * 1024 * 1024  # bytes sent
# What reading any write's body may answer, besides the router's errors.
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: error_response("A malformed request: its Content-Length, or its multipart body"),
    413: error_response("The body is too large"),
}
MAX_UNPACKED = 256 * 1024 * 1024  # bytes of a season folder once unpacked
MAX_FILES = 20_000  # files of a season folder, and parts of a multipart upload
MAX_DECISION = 1024 * 1024  # bytes of a decision
MAX_NAME = 255  # characters of a file's path in the folder
MAX_PART_HEADER = 4096  # bytes of one header of a multipart part (its file name is in one)
MAX_FIELDS = 100  # form fields besides the files (ignored, but parsed)
MAX_FIELD = 64 * 1024  # bytes of one form field
JSON_TYPES = {"application/json", "text/json"}
YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
CSV_TYPES = {"text/csv", "application/csv", "text/plain"}
ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/octet-stream"}

_CELL: dict[str, Any] = {"type": ["string", "integer", "number", "null"]}
RESULT_ROW: dict[str, Any] = {
    "type": "object",
    "properties": {
        column: (
            {"oneOf": [{"type": "array", "items": {"type": "string"}}, _CELL]}
            if column in ("drivers", "shares")
            else _CELL
        )
        for column in sorted(native.RESULT_COLUMNS)
    },
    "required": ["car"],
    "additionalProperties": False,
}
RESULTS_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "text/csv": {
            "schema": {"type": "string"},
            "example": "position,car,status,laps,time,gap\n1,69,,3,21:23.928,\n2,68,,3,,+1.880\n",
        },
        "application/json": {
            "schema": {
                "oneOf": [
                    {"type": "array", "items": RESULT_ROW},
                    {
                        "type": "object",
                        "properties": {"results": {"type": "array", "items": RESULT_ROW}},
                        "required": ["results"],
                    },
                ]
            },
            "example": {"results": [{"position": 1, "car": "69"}, {"position": 2, "car": "68"}]},
        },
    },
}


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """`schema` with its `#/$defs/...` references replaced by what they name: OpenAPI
    documents have no `$defs` of season.yaml's schema to point into."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inlined(value, defs) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_inlined(item, defs) for item in schema]
    return schema


def _decision_body_schema() -> dict[str, Any]:
    """One decision, a list of them, or {"decisions": [...]}, as in season.yaml."""
    defs = native.season_schema()["$defs"]
    one = _inlined(defs["decision"], defs)
    many = {"type": "array", "items": one, "minItems": 1}
    wrapped = {
        "type": "object",
        "properties": {"decisions": many},
        "required": ["decisions"],
        "additionalProperties": False,
    }
    return {"oneOf": [one, many, wrapped]}


DECISION_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": _decision_body_schema(),
            "example": {
                "kind": "deduction",
                "round": 3,
                "classification": "drivers",
                "competitor": "jean-karl-vernay",
                "points": 10,
                "reason": "technical infringement",
            },
        },
        "application/yaml": {"schema": {"type": "string"}},
    },
}
SEASON_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/zip": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "The folder's files, each named by its path in the "
                        "folder (or one .zip of the folder).",
                    }
                },
            }
        },
    },
}


# -- reading request bodies -----------------------------------------------------------------


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


# ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
_LENGTH = re.compile(r"[0-9]{1,19}")


def declared_length(request: Request) -> int | None:
    """The body's size as the client declared it (Content-Length), if it did."""
    declared = request.headers.get("content-length")
    if declared is None:
        return None
    if _LENGTH.fullmatch(declared.strip()) is None:
        raise ApiError(400, "bad request", f"Content-Length {declared[:40]!r} is not a number")
    return int(declared)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "too large", f"the body is larger than {limit} bytes, the most allowed")


async def capped(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """The body's chunks as they arrive; 413 once they pass `limit` bytes (or as soon as
    Content-Length says they will), so an oversized upload is never held whole."""
    declared = declared_length(request)
    if declared is not None and declared > limit:
        raise _too_large(limit)
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        yield chunk


async def read_body(request: Request, limit: int = MAX_UPLOAD) -> bytes:
    return b"".join([chunk async for chunk in capped(request, limit)])


def text_of(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            422, "invalid", f"{what} is not UTF-8 text", [Problem(what, None, "-", str(exc))]
        ) from None


def _not_json(message: str, line: int | None = None) -> ApiError:
    return ApiError(
        422, "invalid", f"the body is not JSON: {message}", [Problem("body", line, "-", message)]
    )


def _no_constant(name: str) -> Any:
    raise _not_json(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _not_json(f"{text[:20]} is too large a number")
    return value


def parse_json(data: bytes) -> Any:
    """The body as JSON, strictly: what Python's reader accepts beyond JSON (NaN, Infinity,
    1e999) and what it fails on with other errors (nesting past its recursion limit,
    integers past 4,300 digits) are a 422, as a syntax error is."""
    try:
        return json.loads(text_of(data, "body"), parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise _not_json(exc.msg, exc.lineno) from None
    except RecursionError:
        raise _not_json("nested too deeply") from None
    except ValueError:  # int() past sys.get_int_max_str_digits()
        raise _not_json("a number has too many digits") from None


def _unicode_problem(value: Any) -> bool:
    """Whether `value` is text that cannot be written as UTF-8 (a lone surrogate, which
    JSON's "\\ud800" escape makes)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    return str(value)


def rows_to_csv(payload: Any) -> str:
    """JSON result rows (a list, or {"results": [...]}) as the CSV a session file holds."""
    rows = payload.get("results") if isinstance(payload, dict) else payload
    if not isinstance(rows, list):
        raise ApiError(
            422,
            "invalid",
            'send a list of result rows or {"results": [...]}',
            [Problem("results", None, "results", "a list of rows is required")],
        )
    problems: list[Problem] = []
    columns: list[str] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append(Problem(f"results[{index}]", None, "-", "a row is an object"))
            continue
        for key, value in row.items():
            cells = value if isinstance(value, list) else [value]
            if _unicode_problem(key) or any(_unicode_problem(v) for v in cells):
                problems.append(
                    Problem(f"results[{index}]", None, "-", "text that is not valid Unicode")
                )
            elif key not in native.RESULT_COLUMNS:
                problems.append(Problem(f"results[{index}]", None, str(key), "unknown column"))
            elif key not in columns:
                columns.append(key)
    if problems:
        raise ValidationError(problems)
    if "car" not in columns:
        columns.append("car")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


_LINE = re.compile(r"\bline (\d+)\b")


def _as_json_rows(problem: Problem) -> Problem:
    """A problem found in the CSV made of JSON rows, told in terms of those rows."""

    def row(line: int) -> str:
        return f"results[{line - 2}]"

    message = _LINE.sub(lambda m: row(int(m.group(1))), problem.message)
    where = row(problem.line) if problem.line is not None and problem.line >= 2 else "results"
    return Problem(where, None, problem.field, message)


# -- checks shared by every write -------------------------------------------------------------


def _scores(season: Season) -> None:
    """The engine must score the changed season: what it cannot score is not stored."""
    if season.last_held_round() == 0:
        return
    for cid in season.rules.classifications:
        try:
            podium.standings(season, cid)
        except (ValidationError, ApiError):
            raise
        except Exception as exc:  # anything the engine cannot score is invalid data
            log.warning("%s: %s cannot be scored: %r", season.key, cid, exc)
            raise ApiError(
                422,
                "invalid",
                f"the {cid} standings cannot be computed with this change: {exc}",
                [Problem(season.key, None, cid, f"cannot be scored: {exc}")],
            ) from exc


def _store(store: Store, season: Season, expected_version: int | None, change: Change) -> int:
    """Store `season`; its new version. `expected_version`: the version the season was
    loaded at (a read-modify-write), None for a whole season replacing any stored one.
    `change`: who writes and why, for the season's audit trail."""
    _scores(season)
    try:
        return store.database.import_season(
            season, expected_version=expected_version, change=change
        )
    except UnsavedChanges as exc:
        # The folder lacks changes made through the API since the last import: importing
        # it would lose them. `?replace=true` goes on.
        lost = [Problem(exc.key, None, "changes", line) for line in exc.lines]
        raise ApiError(409, "unsaved changes", str(exc), lost) from exc
    except Conflict as exc:
        # Another process (a CLI import, another worker) wrote the season since it was read
        # here: storing this copy would undo that write. Not invalid data: the same request
        # sent again is read against the new season.
        raise ApiError(409, "conflict", str(exc)) from exc
    except DatabaseBusy as exc:
        raise ApiError(503, "busy", str(exc), headers={"Retry-After": "5"}) from exc
    except PodiumError as exc:
        raise ApiError(422, "invalid", str(exc)) from exc


# -- a session's classification ---------------------------------------------------------------


def put_results(
    store: Store,
    series: str,
    year: str,
    round_number: int,
    session_id: str,
    text: str,
    from_json: bool,
    writer: str = "api",
    reason: str | None = None,
) -> dict[str, Any]:
    # The version read now is the one the store below must still find (else 409).
    season, version = store.database.load_season_versioned(series, store.year(series, year))
    rnd = query.find_round(season, round_number)
    session = query.find_session(season, rnd, session_id)
    name = f"{rnd.folder or f'{rnd.number:02d}'}/{session.id}.csv"
    if rnd.status is RoundStatus.CANCELLED:
        raise ApiError(
            422,
            "invalid",
            f"round {rnd.number} is cancelled",
            [Problem(name, None, "round", f"round {rnd.number} is cancelled: it has no results")],
        )
    if session.cancelled:
        # As a results file for a cancelled session is refused when a folder loads.
        raise ApiError(
            422,
            "invalid",
            f"session {session.id!r} of round {rnd.number} is cancelled",
            [
                Problem(
                    name,
                    None,
                    "session",
                    f"session {session.id!r} of round {rnd.number} is cancelled: it has no "
                    "results",
                )
            ],
        )
    with tempfile.TemporaryDirectory(prefix="podium-results-") as folder:
        path = Path(folder) / f"{session.id}.csv"
        path.write_text(text, encoding="utf-8")
        reader = native._SeasonReader(Path(folder))
        try:
            results = reader.read_results(
                path, name, rnd.number, season.drivers, season.entries, partial=session.partial
            )
        except ValidationError as exc:
            problems = exc.problems
            if from_json:
                problems = [_as_json_rows(p) for p in problems]
            raise ValidationError(problems) from None
    known = {r.car for r in results} | {d for r in results for d in r.drivers}
    known |= {d for e in season.entries if e.runs_in(rnd.number) for d in e.drivers}
    stray = [
        Problem(name, None, f"awards.{award}", f"{who!r} is neither a car nor a driver here")
        for award, holders in session.awards.items()
        for who in holders
        if results and who not in known
    ]
    if stray:
        raise ValidationError(stray)
    changed = replace(session, results=results)
    new_round = replace(
        rnd,
        status=RoundStatus.HELD if results else rnd.status,
        sessions=tuple(changed if s.id == session.id else s for s in rnd.sessions),
    )
    updated = replace(
        season, rounds=tuple(new_round if r.number == rnd.number else r for r in season.rounds)
    )
    _store(store, updated, version, Change("results", by=writer, via="api", reason=reason))
    return {
        "season": season.key,
        "round": rnd.number,
        "session": session.id,
        "results": len(results),
        "round_status": new_round.status.value,
    }


@router.put(
    "/series/{series}/seasons/{year}/rounds/{round}/sessions/{session}/results",
    summary="Replace a session's classification (CSV or JSON)",
    description="The body is the session's CSV file (`text/csv`, the columns of a season "
    "folder's session file) or JSON rows with the same names (`application/json`). A "
    "scheduled round becomes held. Needs a bearer token.",
    openapi_extra={"requestBody": RESULTS_BODY},
    responses={**CONFLICT, **BODY_ERRORS},
)
async def replace_results(
    request: Request,
    series: SeriesId,
    year: Year,
    round: RoundNumber,
    session: SessionId,
    writer: Writer,
    reason: Annotated[
        str | None, Query(max_length=1000, description="Why, for the season's history.")
    ] = None,
) -> Response:
    kind = media_type(request)
    data = await read_body(request)
    sniffed = kind in ("", "application/octet-stream") and data.lstrip()[:1] in (b"[", b"{")
    if kind in JSON_TYPES or sniffed:
        text, from_json = rows_to_csv(parse_json(data)), True
    elif kind in CSV_TYPES or kind in ("", "application/octet-stream"):
        text, from_json = text_of(data, "body"), False
    else:
        raise ApiError(415, "unsupported media type", "send text/csv or application/json")
    store = store_of(request)
    done = await run_in_threadpool(
        store.write,
        lambda: put_results(store, series, year, round, session, text, from_json, writer, reason),
    )
    log.info("token %r replaced %s round %s %s", writer, done["season"], round, session)
    return JSONResponse(done)


# -- a decision ------------------------------------------------------------------------------


def _decisions_schema() -> dict[str, Any]:
    schema = native.season_schema()
    return {
        "$defs": schema["$defs"],
        "type": "object",
        "properties": {
            "decisions": {"type": "array", "items": {"$ref": "#/$defs/decision"}, "minItems": 1}
        },
        "required": ["decisions"],
        "additionalProperties": False,
    }


def _reasons_missing(doc: Any, name: str) -> list[Problem]:
    """A decision written through the API gives its reason (season.yaml need not)."""
    listed = doc.get("decisions") if isinstance(doc, dict) else None
    if not isinstance(listed, list):
        return []
    problems = []
    for i, spec in enumerate(listed):
        if not isinstance(spec, dict):
            continue
        reason = spec.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            line = getattr(spec, "origin", (name, 1))[1] or 1
            problems.append(
                Problem(
                    name,
                    line,
                    f"decisions[{i}].reason",
                    "required: a decision written through the API says why (its reason)",
                )
            )
    return problems


def add_decisions(
    store: Store, series: str, year: str, text: str, writer: str = "api"
) -> dict[str, Any]:
    name = "decision"
    doc = load_yaml_text(text, name)
    if isinstance(doc, list):
        doc = {"decisions": doc}
    elif isinstance(doc, dict) and "decisions" not in doc:
        doc = {"decisions": [doc]}
    problems = schema_problems(_decisions_schema(), doc, (name, 1))
    problems += _reasons_missing(doc, name)
    if problems:
        raise ValidationError(problems)
    # The version read now is the one the store below must still find (else 409).
    season, version = store.database.load_season_versioned(series, store.year(series, year))
    where = native.DocProblems(doc, name)
    added = native.read_decisions(
        where,
        season.rules,
        season.drivers,
        season.teams,
        {r.number for r in season.rounds},
        # The season's sessions and decisions, as a folder's are checked: a car or session
        # that is not one, a time penalty without times, a reinstatement of a stored one.
        sessions={r.number: {s.id: s for s in r.sessions} for r in season.rounds},
        existing=season.decisions,
    )
    if where.problems:
        raise ValidationError(where.problems)
    updated = replace(season, decisions=(*season.decisions, *added))
    reasons = "; ".join(dict.fromkeys(d.reason for d in added if d.reason))
    _store(store, updated, version, Change("decision", by=writer, via="api", reason=reasons))
    return {"season": season.key, "added": len(added), "decisions": len(updated.decisions)}


@router.post(
    "/series/{series}/seasons/{year}/decisions",
    status_code=201,
    summary="Add a decision (deduction, exclusion, disqualification, ...)",
    description='One decision, a list of them or `{"decisions": [...]}`, written as in '
    "season.yaml (JSON or YAML). Needs a bearer token.",
    openapi_extra={"requestBody": DECISION_BODY},
    responses={**CONFLICT, **BODY_ERRORS},
)
async def add_decision(request: Request, series: SeriesId, year: Year, writer: Writer) -> Response:
    kind = media_type(request)
    if kind not in JSON_TYPES | YAML_TYPES | {"", "text/plain"}:
        raise ApiError(415, "unsupported media type", "send application/json or application/yaml")
    text = text_of(await read_body(request, MAX_DECISION), "body")
    store = store_of(request)
    done = await run_in_threadpool(
        store.write, lambda: add_decisions(store, series, year, text, writer)
    )
    log.info("token %r added %s decision(s) to %s", writer, done["added"], done["season"])
    return JSONResponse(done, status_code=201)


# -- a whole season ---------------------------------------------------------------------------


def _bad_name(name: str, message: str) -> ApiError:
    shown = name[:80].replace("\x00", "\\0")
    return ApiError(422, "invalid", f"{shown!r}: {message}", [Problem(shown, None, "-", message)])


def _safe_path(name: str) -> PurePosixPath | None:
    """A file's path inside the folder, or None for what is to be skipped."""
    if any(ord(c) < 0x20 or c == "\x7f" for c in name):
        raise _bad_name(name, "a file name may not hold control characters (NUL, newline, ...)")
    if len(name) > MAX_NAME:
        raise _bad_name(name, f"a file's path in the folder is at most {MAX_NAME} characters")
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        raise _bad_name(name, "path outside the folder")
    if not path.parts or path.parts[0] == "__MACOSX" or path.name in ("", ".DS_Store"):
        return None
    return path


def _placed(names: list[str]) -> list[PurePosixPath | None]:
    """Each name's path in the folder (None: skipped), once the names are known not to
    collide: a path sent twice, or both as a file and as a folder (`x` and `x/y`), would
    leave the folder depending on the order of writing."""
    paths = [_safe_path(name) for name in names]
    files: set[PurePosixPath] = set()
    for name, path in zip(names, paths, strict=True):
        if path is None:
            continue
        if path in files:
            raise _bad_name(name, "sent twice")
        files.add(path)
    folders = {parent for path in files for parent in path.parents}
    for name, path in zip(names, paths, strict=True):
        if path is not None and path in folders:
            raise _bad_name(name, "both a file and a folder in the upload")
    return paths


def _write(into: Path, path: PurePosixPath, data: bytes, name: str) -> None:
    target = into.joinpath(*path.parts)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:  # e.g. a name the file system refuses
        raise _bad_name(name, f"cannot be written: {exc.strerror or exc}") from None


# What a corrupt or unusual member makes zipfile raise: encrypted (RuntimeError), an
# unsupported compression (NotImplementedError), bad data (BadZipFile, zlib.error, EOFError).
_UNPACK_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ApiError(
            422, "invalid", "the body is not a zip archive", [Problem("body", None, "-", str(exc))]
        ) from None


def _unzip(data: bytes, into: Path) -> None:
    with _open_zip(data) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_FILES or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise ApiError(413, "too large", "the archive holds too much")
        for member in members:
            if member.flag_bits & 0x1:
                raise _bad_name(member.filename, "encrypted: send the archive without a password")
        paths = _placed([m.filename for m in members])
        for member, path in zip(members, paths, strict=True):
            if path is None:
                continue
            try:
                data = archive.read(member)
            except _UNPACK_ERRORS as exc:
                raise _bad_name(member.filename, f"cannot be unpacked: {exc}") from None
            _write(into, path, data, member.filename)


def _write_files(files: list[tuple[str, bytes]], into: Path) -> None:
    paths = _placed([name for name, _ in files])
    for (name, data), path in zip(files, paths, strict=True):
        if path is not None:
            _write(into, path, data, name)


def _season_folder(root: Path) -> Path:
    found = sorted(p.parent for p in root.rglob("season.yaml"))
    if not found:
        raise ValidationError([Problem("season.yaml", None, "-", "no season.yaml in the upload")])
    shallowest = min(len(p.relative_to(root).parts) for p in found)
    top = [p for p in found if len(p.relative_to(root).parts) == shallowest]
    if len(top) > 1:
        names = ", ".join(str(p.relative_to(root)) for p in top)
        raise ValidationError(
            [Problem("season.yaml", None, "-", f"one season at a time (found: {names})")]
        )
    return top[0]


def import_folder(
    store: Store, root: Path, writer: str = "api", replace_changes: bool = True
) -> dict[str, Any]:
    folder = _season_folder(root)
    try:
        season = podium.load_season(folder)
    except ValidationError as exc:
        shown = [replace(p, file=_relative(p.file, root)) for p in exc.problems]
        raise ValidationError(shown) from None
    # A whole folder replaces whatever is stored (no version to check), but still counts
    # as a write: a read-modify-write that read the season before it gets a 409. Version 1
    # is a season stored for the first time (seasons are never deleted).
    change = Change("import", by=writer, via="api", keep=not replace_changes)
    existed = _store(store, season, None, change) > 1
    return {
        "season": season.key,
        "name": season.name,
        "rounds": len(season.rounds),
        "held": season.last_held_round(),
        "replaced": existed,
    }


def _relative(file: str, root: Path) -> str:
    try:
        return str(Path(file).relative_to(root))
    except ValueError:
        return file


class _UploadParser(MultiPartParser):
    """Starlette's multipart parser, counting parts and header bytes as they stream in:
    too many parts is a 413, a header longer than MAX_PART_HEADER (a file name is in one) a
    400, before the rest of the body is read."""

    def __init__(self, request: Request, stream: AsyncGenerator[bytes, None]) -> None:
        # Starlette's own counts stay off: these limits raise errors of our own.
        super().__init__(
            request.headers,
            stream,
            max_files=math.inf,
            max_fields=math.inf,
            max_part_size=MAX_FIELD,
        )
        self._parts = 0
        self._header_bytes = 0

    def on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_FILES + MAX_FIELDS:
            raise ApiError(413, "too large", f"at most {MAX_FILES} files in one upload")
        super().on_part_begin()

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_bytes += end - start
        if self._header_bytes > MAX_PART_HEADER:
            raise ApiError(
                400, "bad request", f"a part's header is longer than {MAX_PART_HEADER} bytes"
            )
        super().on_header_value(data, start, end)

    def on_header_end(self) -> None:
        self._header_bytes = 0
        super().on_header_end()


async def _files(request: Request) -> list[tuple[str, bytes]]:
    parser = _UploadParser(request, capped(request, MAX_UPLOAD))
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise ApiError(
            400, "bad request", f"the body is not valid multipart/form-data: {exc.message}"
        ) from None
    try:
        files = [
            (value.filename or "", await value.read())
            for _, value in form.multi_items()
            if isinstance(value, UploadFile)
        ]
    finally:
        await form.close()
    if not files:
        raise ValidationError([Problem("files", None, "files", "no file sent")])
    return files


@router.post(
    "/seasons",
    status_code=201,
    summary="Import (or replace) a whole season folder",
    description="A zip of the season folder (`application/zip`), or the folder's files as "
    "`multipart/form-data`, each file named by its path in the folder (or a single .zip). "
    "Validated like `podium validate`, imported like `podium import season`: one transaction, "
    "replacing a season of the same series and year. A stored season with changes made "
    "through the API since its last import that the folder lacks is a 409 listing them "
    "(`problems`), unless `?replace=true`. Needs a bearer token.",
    openapi_extra={"requestBody": SEASON_BODY},
    responses={**BODY_ERRORS, **UNSAVED},
)
async def upload_season(
    request: Request,
    writer: Writer,
    replace: Annotated[
        bool,
        Query(description="Import even if changes made through the API would be discarded."),
    ] = False,
) -> Response:
    kind = media_type(request)
    store = store_of(request)
    with tempfile.TemporaryDirectory(prefix="podium-upload-") as tmp:
        root = Path(tmp)
        if kind == "multipart/form-data":
            files = await _files(request)
            if len(files) == 1 and (
                files[0][0].lower().endswith(".zip") or files[0][1][:2] == b"PK"
            ):
                await run_in_threadpool(_unzip, files[0][1], root)
            else:
                await run_in_threadpool(_write_files, files, root)
        elif kind in ZIP_TYPES or kind == "":
            await run_in_threadpool(_unzip, await read_body(request), root)
        else:
            raise ApiError(
                415, "unsupported media type", "send application/zip or multipart/form-data"
            )
        done = await run_in_threadpool(
            store.write, lambda: import_folder(store, root, writer, replace)
        )
    log.info("token %r imported %s", writer, done["season"])
    return JSONResponse(done, status_code=201)


__all__ = ["router"]
