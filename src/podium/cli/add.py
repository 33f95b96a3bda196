"""`podium add results`: a session's classification from the file the timing desk gives.

Into a season folder (the session CSV, new entries, the round held: all files or none), or
into the database (`--db`: the season as stored, changed and stored back in one transaction
by the write every import uses, refused if someone else wrote it meanwhile).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

import podium
from podium.cli.app import SEASON_KEY, DbOption, Exit, _os_user, app, fail, out
from podium.errors import Conflict, Problem, ValidationError
from podium.formats import intake
from podium.formats.intake import Added

add_app = typer.Typer(help="Add data to a season: results from timing files.", no_args_is_help=True)
app.add_typer(add_app, name="add")


@add_app.command("results")
def add_results(
    season: Annotated[
        str,
        typer.Argument(help="A season folder; with --db or --server, series/year there."),
    ],
    source: Annotated[
        Path,
        typer.Argument(
            help="The classification: an Al Kamel Systems CSV, podium's session CSV (any "
            "separator or encoding), a .xlsx or .ods sheet; or a folder of a round's files, "
            "each named after its session."
        ),
    ],
    round_number: Annotated[int, typer.Option("--round", help="The round number.")],
    session: Annotated[
        str | None,
        typer.Option("--session", help="The session id (not for a folder of files)."),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The spreadsheet's sheet (default the first).")
    ] = None,
    add_entries: Annotated[
        bool,
        typer.Option(
            "--add-entries",
            help="Enter cars the entry list lacks (drivers and teams by name from the file).",
        ),
    ] = False,
    classes: Annotated[
        list[str] | None,
        typer.Option(
            "--class",
            help="CLASS=flag;flag: the entry flags a CLASS of the file means (beside "
            "season.yaml's timing.classes); CLASS= for none.",
        ),
    ] = None,
    files: Annotated[
        list[str] | None,
        typer.Option(
            "--files",
            help="SESSION=PATTERN: the name of a session's file in a folder of files "
            "(shell pattern, any case), beside season.yaml's timing.files.",
        ),
    ] = None,
    db: DbOption = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            help="A podium server's URL (http://host:8000): SEASON is series/year there, "
            "written through its API with --token.",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="PODIUM_TOKEN",
            help="The API token (podium token create).",
            show_default=False,
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why, for the season's history (--db, --server)."),
    ] = None,
) -> None:
    """Add a session's classification (or a whole round's) from a timing file; nothing is
    written unless every line of every file is valid."""
    mapped = intake.parse_classes(classes or [])
    patterns: dict[str, str] = {}
    for option in files or []:
        name, sep, pattern = option.partition("=")
        if not sep or not name or not pattern:
            fail(Exit.USAGE, f"--files {option!r}: write SESSION=PATTERN, e.g. race1='*Race 1*'")
        patterns[name] = pattern
    if not source.exists():
        fail(Exit.NOT_FOUND, f"{source}: no such file or folder")
    if source.is_dir() and session is not None:
        fail(Exit.USAGE, "--session is for one file; a folder's files name their sessions")
    if not source.is_dir() and session is None:
        fail(Exit.USAGE, "give --session ID: the session this file classifies")
    if server is not None:
        match = SEASON_KEY.match(season)
        if match is None:
            fail(Exit.USAGE, f"{season}: with --server, give series/year (e.g. wtcr/2021)")
        if session is None or add_entries or mapped or db is not None:
            fail(
                Exit.USAGE,
                "--server takes one file with --session (no --add-entries, --class or --db): "
                "the entry list is the server's",
            )
        if not token:
            fail(Exit.USAGE, "--server needs --token (or $PODIUM_TOKEN): podium token create")
        if not server.startswith(("http://", "https://")):
            fail(Exit.USAGE, f"--server {server!r}: an http:// or https:// URL")
        added = _to_server(server, token, season, round_number, session, source, sheet, reason)
    elif db is not None:
        match = SEASON_KEY.match(season)
        if match is None:
            fail(Exit.USAGE, f"{season}: with --db, give series/year (e.g. wtcr/2021)")
        added = _into_database(
            db,
            match["series"],
            int(match["year"]),
            round_number,
            source,
            session,
            patterns,
            sheet,
            add_entries,
            mapped,
            reason,
        )
    else:
        folder = Path(season)
        if folder.is_file():
            folder = folder.parent
        if not (folder / "season.yaml").exists():
            fail(Exit.NOT_FOUND, f"{season}: not a season folder (no season.yaml); or give --db")
        added = _into_folder(
            folder, round_number, source, session, patterns, sheet, add_entries, mapped
        )
    _tell(added)


def _sources(
    folder: Path, round_number: int, source: Path, session: str | None, patterns: dict[str, str]
) -> tuple[list[tuple[str, Path]], list[str]]:
    if session is not None:
        return [(session, source)], []
    season = podium.load_season(folder)
    rnd = next((r for r in season.rounds if r.number == round_number), None)
    if rnd is None:
        numbers = ", ".join(str(r.number) for r in season.rounds)
        fail(Exit.NOT_FOUND, f"not found: {season.key} has no round {round_number} ({numbers})")
    _, from_yaml = intake.timing_spec(intake.load_doc(folder))
    return intake.sessions_of_files(rnd, source, {**from_yaml, **patterns})


def _into_folder(
    folder: Path,
    round_number: int,
    source: Path,
    session: str | None,
    patterns: dict[str, str],
    sheet: str | None,
    add_entries: bool,
    classes: dict[str, tuple[str, ...]],
    shown_as: str | None = None,
) -> Added:
    pairs, left = _sources(folder, round_number, source, session, patterns)
    added = intake.add_results(
        folder,
        round_number,
        pairs,
        sheet=sheet,
        add_entries=add_entries,
        classes=classes,
        shown_as=shown_as,
    )
    added.said[:0] = left
    return added


def _into_database(
    db: str | None,
    series: str,
    year: int,
    round_number: int,
    source: Path,
    session: str | None,
    patterns: dict[str, str],
    sheet: str | None,
    add_entries: bool,
    classes: dict[str, tuple[str, ...]],
    reason: str | None,
) -> Added:
    """The stored season written out, changed as a folder would be, loaded back whole and
    stored at the version it was read at: one transaction, and nothing if anything fails."""
    from podium.formats.export import export_season
    from podium.storage import Change, Database

    with Database(db, create=False) as database:
        stored, version = database.load_season_versioned(series, year)
        with tempfile.TemporaryDirectory(prefix="podium-add-db-") as scratch:
            folder = export_season(stored, Path(scratch) / "season")
            shown = stored.key
            added = _into_folder(
                folder,
                round_number,
                source,
                session,
                patterns,
                sheet,
                add_entries,
                classes,
                shown_as=shown,
            )
            changed = podium.load_season(folder)
        _scores(changed)
        try:
            database.import_season(
                changed,
                expected_version=version,
                change=Change("results", by=f"cli {_os_user()}", via="cli", reason=reason),
            )
        except Conflict as exc:
            fail(Exit.INVALID, f"error: {exc}")
    scratch_name = str(folder)
    added.said = [line.replace(scratch_name, stored.key) for line in added.said]
    added.said.append(f"stored {stored.key} in {database.shown}")
    return added


def _to_server(
    server: str,
    token: str,
    season: str,
    round_number: int,
    session: str,
    source: Path,
    sheet: str | None,
    reason: str | None,
) -> Added:
    """The classification as podium's session CSV, PUT to the server's API: the server
    checks it against the season it holds and writes it in one transaction (or answers
    every problem, told back here at the file's lines and columns)."""
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    from podium.formats.tables import read_table

    sent = intake.session_csv(read_table(source, str(source), sheet))
    series, year = season.split("/")
    series, year = (urllib.parse.quote(p, safe="") for p in (series, year))
    url = f"{server.rstrip('/')}/api/v1/series/{series}/seasons/{year}/rounds/{round_number}"
    url += "/sessions/"
    url += urllib.parse.quote(session, safe="")
    url += "/results" + (f"?{urllib.parse.urlencode({'reason': reason})}" if reason else "")
    request = urllib.request.Request(
        url,
        data=sent.text.encode("utf-8"),
        method="PUT",
        headers={"Content-Type": "text/csv; charset=utf-8", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            done = json.loads(answer.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        try:
            said = json.loads(exc.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            said = {"detail": exc.reason}
        if exc.code == 422 and said.get("problems"):
            raise ValidationError(
                sent.told_back(
                    Problem(p.get("file") or "-", p.get("line"), p["field"], p["message"])
                )
                for p in said["problems"]
            ) from None
        if exc.code == 404:
            fail(Exit.NOT_FOUND, f"not found: {said.get('detail')} (at {server})")
        fail(Exit.INVALID, f"error: {server} answered {exc.code}: {said.get('detail')}")
    except (urllib.error.URLError, OSError) as exc:
        fail(Exit.DATABASE, f"error: cannot reach {server}: {getattr(exc, 'reason', exc)}")
    notes = "; ".join(sent.table.notes)
    return Added(
        said=[
            f"read {source}" + (f": {notes}" if notes else ""),
            f"stored {done['season']} round {done['round']} {done['session']} at {server}: "
            f"{done['results']} results (round {done['round_status']})",
        ]
    )


def _scores(season: podium.Season) -> None:
    """As every API write: what the engine cannot score is not stored."""
    for cid in season.rules.classifications:
        try:
            podium.standings(season, cid)
        except ValidationError:
            raise
        except Exception as exc:  # anything the engine cannot score is invalid data
            raise ValidationError(
                [Problem(season.key, None, cid, f"cannot be scored: {exc}")]
            ) from exc


def _tell(added: Added) -> None:
    for line in [*added.new_entries, *added.said]:
        out.print(line, markup=False, highlight=False)
