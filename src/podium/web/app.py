"""The web app: `create_app(database)` gives a FastAPI app serving

    /                 web pages (home -> series -> season -> round, drivers, teams)
    /ergast/...       Ergast-compatible API for every series in the database
    /api/v1/...       podium's own API (reads, and token-protected writes)
    /openapi.json     the OpenAPI description; /docs renders it as a page (no JavaScript)
    /healthz /readyz  alive; ready to serve (database answering, schema current)

`podium serve` runs it with Uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response

import podium
from podium.storage import Database
from podium.web import api, ergast, errors, health, pages, writes
from podium.web.access import AccessLog
from podium.web.caching import CachedResponses, cached
from podium.web.coherence import Freshness
from podium.web.headers import SecurityHeaders
from podium.web.store import Store

DESCRIPTION = """\
Motorsport championships with exact standings, for every series in the database.

* `/ergast/{series}/...`: the Ergast API's routes and shapes (`MRData`), for any series.
* `/api/v1/...`: podium's own API: seasons, rounds, sessions, and the standings of any
  classification after any round with the per-round breakdown.
* Writes (`PUT`/`POST` under `/api/v1`) need `Authorization: Bearer <token>`
  (`podium token create`).

Every GET response carries an `ETag`; send it back in `If-None-Match` for a `304`.
"""


def create_app(
    database: Database | str | None = None,
    *,
    refresh: float | None = 0.0,
    access_log: bool = False,
) -> FastAPI:
    """The app over `database` (a Database, a URL, or None for podium's default database).

    `refresh`: how stale a response may be after a write by another process (another worker,
    another machine, `podium import`): 0, never (the database's generation is read before
    each GET, coherence.py); n, up to n seconds; None: no other process writes (not checked).
    `access_log`: a JSON line per request on standard error (access.py).
    """
    owned = not isinstance(database, Database)
    db = database if isinstance(database, Database) else Database(database)
    store = Store(db, refresh=refresh)
    freshness = None
    if refresh is not None:
        inline = db.engine.dialect.name == "sqlite"  # microseconds: no thread hop
        freshness = Freshness(store.check, inline=inline, every=refresh)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        store.start()
        try:
            yield
        finally:
            store.stop()
            if owned:
                db.close()

    app = FastAPI(
        title="podium",
        version=podium.__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    # The last added runs first: security headers go on every response (cached ones too),
    # Ergast's spellings are made canonical, then cached responses are answered before any
    # routing.
    app.add_middleware(CachedResponses, store=store, freshness=freshness, unchecked=health.PATHS)
    app.add_middleware(ergast.ErgastPaths)
    app.add_middleware(SecurityHeaders)
    if access_log:
        app.add_middleware(AccessLog)  # outermost: times and sizes everything
    errors.install(app, pages.error_page)
    app.include_router(health.router)
    app.include_router(ergast.router)
    app.include_router(api.router)
    app.include_router(writes.router)

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> Response:
        return await cached(request, lambda: docs_context(app), html=pages.page("api_docs.html"))

    app.include_router(pages.router)  # last: its /{series} would match anything
    return app


def docs_context(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description, grouped by tag, for the /docs page."""
    spec = app.openapi()
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            parameters = [
                {
                    "name": p.get("name", ""),
                    "where": p.get("in", ""),
                    "required": p.get("required", False),
                    "type": _type_of(p.get("schema", {})),
                    "description": p.get("description", "")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": parameters,
                    "secured": bool(op.get("security")),
                    "bodies": list(op.get("requestBody", {}).get("content", {})),
                }
            )
    return {
        "title": spec["info"]["title"],
        "version_api": spec["info"]["version"],
        "openapi": spec.get("openapi", ""),
        "groups": list(groups.items()),
        "crumbs": [("Home", "/"), ("API", None)],
    }


def _type_of(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = str(schema.get("type", ""))
    if "pattern" in schema:
        return f"{kind} ({schema['pattern']})"
    return kind
