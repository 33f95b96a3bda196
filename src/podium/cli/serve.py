"""`podium serve` (the web pages and APIs, with Uvicorn) and `podium token create`.

Registered from app.py by importing this module.
"""

from __future__ import annotations

from typing import Annotated

import typer

from podium.cli.app import DbOption, app, err, out

token_app = typer.Typer(help="Bearer tokens for the web API's writes.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=0, max=65535)
    ] = 8000,
    db: DbOption = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
) -> None:
    """Serve the web pages, the Ergast-compatible API and podium's API (Ctrl+C stops)."""
    import uvicorn

    from podium.storage import Database
    from podium.web import create_app

    # Serving reads: a mistyped SQLite file is "not found", not a new empty database. (Writes
    # through the API need a token, which `podium token create` makes with the file.)
    database = Database(db, create=False)
    application = create_app(database)
    shown = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    err.print(
        f"podium: pages at {shown}/, API docs at {shown}/docs, Ergast at {shown}/ergast/",
        markup=False,
        highlight=False,
    )
    try:
        uvicorn.run(application, host=host, port=port, access_log=access_log, log_level="info")
    finally:
        database.close()


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
