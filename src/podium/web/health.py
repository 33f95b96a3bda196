"""`GET /healthz` and `GET /readyz`, for a load balancer, an orchestrator or a monitor.

* `/healthz`: the process is alive and answering (it touches nothing else), 200.
* `/readyz`: this server can serve: its database answers and its schema is the one this
  podium expects (migrations at head), 200; else 503 with the reason, so that a balancer
  sends no traffic here until it is (a database that is away, a podium older or newer than
  the schema).

Neither is cached nor stored (`Cache-Control: no-store`): each asks again.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

import podium
from podium.storage import migrate
from podium.web.caching import store_of

router = APIRouter(include_in_schema=False)
PATHS = ("/healthz", "/readyz")
_NO_STORE = {"Cache-Control": "no-store"}


@cache
def _head() -> str | None:
    return migrate.head()


@router.get("/healthz")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "alive", "version": podium.__version__}, headers=_NO_STORE)


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    database = store_of(request).database

    def look() -> dict[str, Any]:
        with database.engine.connect() as connection:
            return {"at": migrate.current(connection), "head": _head()}

    try:
        found = await run_in_threadpool(look)
    except Exception as exc:  # any failure to reach the database is "not ready"
        reason = f"the database {database.shown} does not answer: {type(exc).__name__}"
        return _not_ready(reason)
    if found["at"] != found["head"]:
        return _not_ready(
            f"the database {database.shown} is at schema {found['at']}, this podium expects "
            f"{found['head']}: run any podium command on it to migrate (or upgrade podium)"
        )
    return JSONResponse(
        {"status": "ready", "database": database.shown, "schema": found["at"]},
        headers=_NO_STORE,
    )


def _not_ready(reason: str) -> JSONResponse:
    return JSONResponse({"status": "not ready", "reason": reason}, 503, headers=_NO_STORE)
