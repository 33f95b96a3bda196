"""The app as each worker of `podium serve --workers N` builds it: `podium.web.served:app`,
a factory Uvicorn calls in every worker process (workers share no memory, so each makes its
own database engine and caches; the database's generation keeps them coherent).

`podium serve` passes its settings in the environment, which the workers inherit.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

URL = "PODIUM_SERVE_URL"  # the database, as `podium serve --db` resolved it
ACCESS_LOG = "PODIUM_SERVE_ACCESS_LOG"  # "json": JSON lines (access.py); else none here


def app() -> FastAPI:
    from podium.web import create_app

    # A URL, not a Database: the app owns (and closes) the engine it opens.
    return create_app(os.environ[URL], access_log=os.environ.get(ACCESS_LOG) == "json")
