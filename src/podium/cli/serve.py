"""`podium serve` (the web pages and APIs, with Uvicorn's workers) and `podium token create`.

Registered from app.py by importing this module.
"""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated, Any

import typer

from podium.cli.app import DbOption, app, err, out

token_app = typer.Typer(help="Bearer tokens for the web API's writes.", no_args_is_help=True)
app.add_typer(token_app, name="token")


class LogFormat(StrEnum):
    text = "text"
    json = "json"


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)
    ] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Worker processes sharing the port (default: one per core).",
            min=1,
            show_default=False,
        ),
    ] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
    log_format: Annotated[
        LogFormat,
        typer.Option("--log-format", help="Access log: Uvicorn's text, or one JSON object a line."),
    ] = LogFormat.text,
    graceful: Annotated[
        float,
        typer.Option(
            "--graceful-timeout",
            help="Seconds requests under way may take to finish once told to stop.",
            min=0,
        ),
    ] = 30.0,
) -> None:
    """Serve the web pages, the Ergast-compatible API and podium's API (Ctrl+C stops)."""
    import uvicorn

    from podium.storage import Database
    from podium.web import create_app, served

    # Serving reads: a mistyped SQLite file is "not found", not a new empty database. (Writes
    # through the API need a token, which `podium token create` makes with the file.)
    database = Database(db, create=False)
    count = workers or cores()
    json_log = access_log and log_format is LogFormat.json
    settings: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": access_log and not json_log,
        "log_level": "info",
        "timeout_graceful_shutdown": graceful,
    }
    shown = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    err.print(
        f"podium: pages at {shown}/, API docs at {shown}/docs, Ergast at {shown}/ergast/ "
        f"({count} worker{'s' if count > 1 else ''})",
        markup=False,
        highlight=False,
    )
    if count == 1:
        try:
            uvicorn.run(create_app(database, access_log=json_log), **settings)
        finally:
            database.close()
        return
    # Each worker is a process of its own that imports the app: it gets the database by URL
    # (password included; the environment is the process's own) and opens it itself.
    os.environ[served.URL] = database.engine.url.render_as_string(hide_password=False)
    os.environ[served.ACCESS_LOG] = "json" if json_log else ""
    database.close()
    uvicorn.run("podium.web.served:app", factory=True, workers=count, **settings)


@token_app.command("create")
def token_create(
    name: Annotated[
        str, typer.Option("--name", help="What the token is for (shown in the server log).")
    ] = "token",
    db: DbOption = None,
) -> None:
    """Make a bearer token for writes; it is printed once and only its hash is stored."""
    from podium.storage import Database
    from podium.storage.tokens import create_token

    with Database(db) as database:
        token = create_token(database, name)
    out.print(token, markup=False, highlight=False, soft_wrap=True)
    err.print(
        f"token {name!r} created; it is shown only now (the database keeps its hash). "
        "Send it as: Authorization: Bearer <token>",
        markup=False,
        highlight=False,
    )
