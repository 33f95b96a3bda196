"""`podium` commands. Each one parses arguments, calls the library, and prints.

Exit codes: 0 success; 1 invalid data (every problem printed as file:line: field: message);
2 bad usage (a malformed or unsupported --db URL too); 3 something asked for does not exist
(a season, a round, a database file a read was pointed at: reads never create one); 4 the
database failed.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

import podium
from podium.cli import render
from podium.errors import NotFound, PodiumError, ValidationError
from podium.model.season import Season

app = typer.Typer(
    name="podium",
    help="Run motorsport championships: season data, rules as data, exact standings.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
import_app = typer.Typer(help="Import data into the database.", no_args_is_help=True)
app.add_typer(import_app, name="import")
export_app = typer.Typer(help="Write data out of the database.", no_args_is_help=True)
app.add_typer(export_app, name="export")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Exit(IntEnum):
    OK = 0
    INVALID = 1
    USAGE = 2
    NOT_FOUND = 3
    DATABASE = 4


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL, or a SQLite file's path (default: $PODIUM_DATABASE_URL or the "
        "embedded SQLite file in your user data folder). Only imports create a file.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False)
]
RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Let the season read files anywhere inside this folder (e.g. a rules file shared "
        "by several seasons beside them). Default: only inside the season folder.",
        file_okay=False,
    ),
]
SEASON_KEY = re.compile(r"^(?P<series>[a-z0-9][a-z0-9_-]*)/(?P<year>\d{4})$")


def fail(code: Exit, message: str) -> NoReturn:
    err.print(message, markup=False, highlight=False)
    raise typer.Exit(int(code))


def open_season(season: str, db: str | None) -> Season:
    """SEASON is a season folder (or its season.yaml) or `series/year` in the database."""
    path = Path(season)
    if path.exists():
        return podium.load_season(path)
    match = SEASON_KEY.match(season)
    if match is None:
        fail(Exit.NOT_FOUND, f"{season}: neither a season folder nor series/year (e.g. wtcr/2021)")
    from podium.storage import Database

    # A read: a SQLite file that is not there is "not found", never created empty.
    with Database(db, create=False) as database:
        _looked_in.append(database.shown)
        return database.load_season(match["series"], int(match["year"]))


# The database the season of this command came from, so that what is not found in it (a
# round, a session) names where it was looked for. One command per process: a list, not state
# to reset.
_looked_in: list[str] = []


def looked_in() -> str:
    """` (in <database>)` once a season was read from a database, else nothing."""
    return f" (in {_looked_in[-1]})" if _looked_in else ""


def print_warnings(season: Season) -> None:
    """What the loader found worth saying but not refusing, on stderr, `warning: ...`."""
    for warning in season.warnings:
        err.print(f"warning: {warning}", markup=False, highlight=False)


def parse_moment(text: str | None) -> datetime | None:
    """`--as-of`: an ISO 8601 date or date-time; anything else is bad usage."""
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        fail(Exit.USAGE, f"--as-of {text!r}: not a date or date-time such as 2021-07-12T10:00")


def check_format(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in render.FORMATS:
        fail(Exit.USAGE, f"unknown format {fmt!r}: use one of {', '.join(render.FORMATS)}")
    return fmt


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A season folder or its season.yaml.")],
    root: RootOption = None,
) -> None:
    """Check a season folder: every problem as file:line: field: message (exit 1 if any)."""
    season = podium.load_season(path, root=root)
    print_warnings(season)
    entries = len(season.entries)
    held = sum(1 for _ in season.held_rounds())
    out.print(
        f"ok: {season.name} — {len(season.rounds)} rounds ({held} held), {entries} entries, "
        f"classifications: {', '.join(season.rules.classifications)}",
        markup=False,
        highlight=False,
    )


@import_app.command("season")
def import_season(
    path: Annotated[Path, typer.Argument(help="A season folder or its season.yaml.")],
    db: DbOption = None,
    root: RootOption = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Go on even if the stored season has changes made through the API since "
            "the last import that the folder lacks (they are discarded).",
        ),
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why, for the season's history.")
    ] = None,
) -> None:
    """Import a season folder into the database in one transaction; re-import replaces it
    (but not changes made through the API that the folder lacks, without --replace)."""
    from podium.storage import Change, Database, UnsavedChanges

    season = podium.load_season(path, root=root)
    print_warnings(season)
    change = Change("import", by=f"cli {_os_user()}", via="cli", reason=reason, keep=not replace)
    try:
        with err.status(f"importing {season.name}…"), Database(db) as database:
            database.import_season(season, change=change)
    except UnsavedChanges as exc:
        fail(Exit.INVALID, f"error: {exc}")
    out.print(f"imported {season.key}: {season.name}", markup=False, highlight=False)


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        import os

        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _season_key(season: str) -> tuple[str, int]:
    match = SEASON_KEY.match(season)
    if match is None:
        fail(Exit.USAGE, f"{season}: not series/year (e.g. wtcr/2021)")
    return match["series"], int(match["year"])


@export_app.command("season")
def export_season(
    season: Annotated[str, typer.Argument(help="series/year in the database.")],
    folder: Annotated[Path, typer.Argument(help="The season folder to write (made if missing).")],
    db: DbOption = None,
) -> None:
    """Write a stored season back as a season folder, which imports to an equal season."""
    from podium.formats.export import export_season as write_folder
    from podium.storage import Database

    series, year = _season_key(season)
    with Database(db, create=False) as database:
        _looked_in.append(database.shown)
        data = database.load_season(series, year)
    write_folder(data, folder)
    out.print(f"exported {data.key} to {folder}", markup=False, highlight=False)


@app.command()
def history(
    season: Annotated[str, typer.Argument(help="series/year in the database.")],
    db: DbOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
    ] = "table",
) -> None:
    """Every change to a stored season, newest first: when, by whom, what, why."""
    import json

    from podium.storage import Database

    fmt = fmt.lower()
    if fmt not in ("table", "json"):
        fail(Exit.USAGE, f"unknown format {fmt!r}: use table or json")
    series, year = _season_key(season)
    with Database(db, create=False) as database:
        _looked_in.append(database.shown)
        total, listed = database.history(series, year)
    if fmt == "json":
        payload: dict[str, object] = {"season": f"{series}/{year}", "total": total}
        payload["changes"] = [entry.as_json() for entry in listed]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    for entry in listed:
        line = (
            f"{entry.at:%Y-%m-%d %H:%M:%S}Z  v{entry.version}  {entry.via}  {entry.by}  "
            f"{entry.summary}"
        )
        if entry.reason:
            line += f"  ({entry.reason})"
        out.print(line, markup=False, highlight=False)


@app.command()
def standings(
    season: Annotated[str, typer.Argument(help="A season folder, or series/year in the database.")],
    after: Annotated[
        int | None, typer.Option("--after", "-a", help="After this round (default: the last held).")
    ] = None,
    after_session: Annotated[
        str | None,
        typer.Option(
            "--after-session",
            help="After this session of the round (e.g. sprint): the round's sessions up to "
            "and including it count.",
        ),
    ] = None,
    classification: Annotated[
        str | None,
        typer.Option("--classification", "-c", help="One classification (default: all)."),
    ] = None,
    by_session: Annotated[
        bool,
        typer.Option(
            "--by-session", help="CSV: a column per session as well as per round (r3 sprint)."
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="As official at this moment (e.g. 2021-07-12T10:00): only the classifications "
            "published and the decisions in effect by then count.",
        ),
    ] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Standings of a season's classifications after any round, or any session of it."""
    fmt = check_format(fmt)
    moment = parse_moment(as_of)
    data = open_season(season, db)
    names = [classification] if classification else list(data.rules.classifications)
    tables = [
        podium.standings(data, name, after_round=after, after_session=after_session, as_of=moment)
        for name in names
    ]
    if fmt == "json":
        sys.stdout.write(render.standings_json(tables) + "\n")
    elif fmt == "csv":
        sys.stdout.write(render.standings_csv(tables, by_session=by_session, season=data))
    else:
        for table in tables:
            out.print(render.standings_table(table, out.width, data))


@app.command()
def results(
    season: Annotated[str, typer.Argument(help="A season folder, or series/year in the database.")],
    round_number: Annotated[int, typer.Option("--round", "-r", help="Round number.")],
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            "-s",
            help="Session id, e.g. race1, qualifying (default: the round's last race).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="As official at this moment (e.g. 2025-06-15T17:00): the classification if "
            "published by then, amended by the decisions in effect by then.",
        ),
    ] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """A session's classification, as amended by the stewards' decisions."""
    import json

    from podium.standings.asof import as_of as official_at

    fmt = check_format(fmt)
    moment = parse_moment(as_of)
    data = open_season(season, db)
    if moment is not None:
        data = official_at(data, moment)
    picked = podium.session_results(data, round_number, session)
    if picked.cancelled and fmt != "json":
        # Not an error: the session exists and this is all there is to say of it.
        out.print(
            f"{data.key} round {round_number}: {picked.id} ({picked.name}) was cancelled",
            markup=False,
            highlight=False,
        )
        return
    if not picked.results and not picked.cancelled:
        fail(
            Exit.NOT_FOUND,
            f"{data.key} round {round_number}: {picked.id} has no classification{looked_in()}",
        )
    if fmt == "json":
        payload = render.results_payload(data, round_number, picked)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        sys.stdout.write(render.results_csv(data, round_number, picked))
    else:
        out.print(render.results_table(data, round_number, picked))


@app.command()
def seasons(db: DbOption = None) -> None:
    """List the seasons in the database."""
    from podium.storage import Database

    with Database(db, create=False) as database:
        listed = database.seasons()
        shown = database.shown
    if not listed:
        err.print(
            f"no seasons in {shown} yet: try `podium import season PATH`",
            markup=False,
            highlight=False,
        )
        return
    for series, year, name in listed:
        out.print(f"{series}/{year}\t{name}", markup=False, highlight=False)


def _naming_the_database(message: str) -> str:
    return message if not _looked_in or _looked_in[-1] in message else message + looked_in()


def main() -> None:
    """Entry point: map podium's errors to exit codes and clear messages."""
    from sqlalchemy.exc import SQLAlchemyError

    from podium.storage.location import BadDatabaseURL

    try:
        app(standalone_mode=True)
    except ValidationError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False, highlight=False)
        err.print(
            f"{len(exc.problems)} problem(s) found; nothing was loaded or written.",
            markup=False,
            highlight=False,
        )
        sys.exit(Exit.INVALID)
    except NotFound as exc:
        err.print(f"not found: {_naming_the_database(str(exc))}", markup=False, highlight=False)
        sys.exit(Exit.NOT_FOUND)
    except KeyError as exc:
        message = str(exc.args[0] if exc.args else exc)
        err.print(f"not found: {_naming_the_database(message)}", markup=False, highlight=False)
        sys.exit(Exit.NOT_FOUND)
    except BadDatabaseURL as exc:  # --db or PODIUM_DATABASE_URL: a usage error
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(Exit.USAGE)
    except PodiumError as exc:  # raised by storage: unusable database, season not storable
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(Exit.DATABASE)
    except SQLAlchemyError as exc:
        err.print(f"database error: {exc.__class__.__name__}: {exc}", markup=False, highlight=False)
        sys.exit(Exit.DATABASE)
