"""`podium import f1db`: all of Formula 1 from F1DB (CC BY 4.0) into the database.

Registered from app.py by importing this module. Other F1DB commands (`podium verify f1db`)
live here too, each in its own function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from podium.cli.app import DbOption, Exit, app, err, fail, import_app, out
from podium.errors import ValidationError
from podium.formats.f1db import CREDIT, CREDIT_URL, f1db_years, load_f1db_seasons, rules_file

if TYPE_CHECKING:
    from podium.verify import VerifyReport

SeasonsOption = Annotated[
    str | None,
    typer.Option(
        "--seasons",
        help="Seasons to read: 1976, 1950-2024 or 1950-1960,1976 (default: every F1DB "
        "season that has a rules file).",
        show_default=False,
    ),
]
RulesDirOption = Annotated[
    Path | None,
    typer.Option(
        "--rules-dir",
        help="Look for <year>.yaml rules files here before podium's bundled ones.",
        show_default=False,
    ),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Look for <year>.yaml season data (decisions, tie orders, how races ended) here "
        "before podium's bundled data; verify: known-f1db-errors.yaml here adds to podium's.",
        show_default=False,
        exists=True,
        file_okay=False,
    ),
]
F1DBPath = Annotated[Path, typer.Argument(help="F1DB's data folder (or the folder holding data/).")]


def parse_years(text: str) -> list[int]:
    """`1976`, `1950-2024`, `1950-1960,1976` -> the years, in order, without repeats."""
    years: dict[int, None] = {}
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        try:
            start, stop = int(first), int(last or first)
        except ValueError:
            raise ValueError(
                f"{part.strip()!r} is not a year or a range such as 1950-2024"
            ) from None
        if stop < start:
            raise ValueError(f"range {part.strip()!r} runs backwards")
        years.update(dict.fromkeys(range(start, stop + 1)))
    return list(years)


def pick_years(path: Path, seasons: str | None, rules_dir: Path | None) -> list[int]:
    """The seasons asked for; by default, those F1DB holds and podium has rules for."""
    available = f1db_years(path)
    if seasons is not None:
        try:
            years = parse_years(seasons)
        except ValueError as exc:
            fail(Exit.USAGE, f"--seasons: {exc}")
        missing = [y for y in years if y not in available]
        if missing:
            span = f"{available[0]}-{available[-1]}" if available else "none"
            fail(
                Exit.NOT_FOUND,
                f"F1DB at {path} has no season {', '.join(map(str, missing))} (it has {span})",
            )
        return years
    years = []
    skipped = []
    for year in available:
        try:
            rules_file(year, rules_dir)
        except ValidationError:
            skipped.append(year)
            continue
        years.append(year)
    if skipped:
        err.print(
            f"skipping {', '.join(map(str, skipped))}: no rules file (write <year>.yaml and "
            "give --rules-dir)",
            markup=False,
            highlight=False,
        )
    return years


@contextmanager
def season_progress(
    path: Path, seasons: str | None, rules_dir: Path | None, verb: str, doing: str
) -> Iterator[tuple[list[int], Callable[[int], None]]]:
    """The seasons asked for (exit when there is none to `verb`), and a progress bar on
    stderr, `doing F1DB <year>`, with the function that advances it by one season."""
    years = pick_years(path, seasons, rules_dir)
    if not years:
        fail(Exit.NOT_FOUND, f"no season to {verb}")
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with progress:
        task = progress.add_task(f"{doing} F1DB", total=len(years))

        def advance(year: int) -> None:
            progress.update(task, advance=1, description=f"{doing} F1DB {year}")

        yield years, advance


@import_app.command("f1db")
def import_f1db(
    path: F1DBPath,
    seasons: SeasonsOption = None,
    rules_dir: RulesDirOption = None,
    data_dir: DataDirOption = None,
    db: DbOption = None,
) -> None:
    """Import F1DB seasons (drivers, constructors, every session) in one transaction.

    Importing again replaces the seasons; if anything fails, the database is unchanged.
    """
    from podium.storage import Database

    with (
        season_progress(path, seasons, rules_dir, "import", "importing") as (years, advance),
        Database(db) as database,
    ):
        stored = database.import_seasons(
            load_f1db_seasons(
                path, years, rules_dir=rules_dir, data_dir=data_dir, progress=advance
            )
        )
    span = stored[0] if len(stored) == 1 else f"{stored[0]} … {stored[-1]}"
    out.print(
        f"imported {len(stored)} season(s) ({span}) from {CREDIT}, {CREDIT_URL}",
        markup=False,
        highlight=False,
    )


verify_app = typer.Typer(help="Check podium's standings against a published record.")
app.add_typer(verify_app, name="verify")


@verify_app.command("f1db")
def verify_f1db(
    path: F1DBPath,
    seasons: SeasonsOption = None,
    rules_dir: RulesDirOption = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures and every mismatch as JSON.")
    ] = False,
) -> None:
    """Recompute every F1 standings table from the classifications and compare with F1DB.

    Each season is scored by its rules file and season data, never from F1DB's points or
    standings; the drivers' and constructors' tables after every race and at season end are
    compared with F1DB's (same rows, position text and points to 2 decimals). Exit 0 only
    when every mismatch is a known F1DB error; 1 otherwise. With --rules-dir and --data-dir,
    a season podium does not ship is verified from one's own rules and data alone.
    """
    import json

    from podium.verify import verify_f1db as run

    with season_progress(path, seasons, rules_dir, "verify", "verifying") as (years, advance):
        report = run(path, years, rules_dir=rules_dir, data_dir=data_dir, progress=advance)
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        for line in verify_lines(report):
            out.print(line, markup=False, highlight=False)
    if not report.ok:
        raise typer.Exit(int(Exit.INVALID))


def verify_lines(report: VerifyReport) -> list[str]:
    """The per-season summary, every mismatching row, and the totals, as text."""
    lines = [f"{'season':<8}{'drivers':>10}{'constructors':>14}{'final':>8}{'race points':>13}"]
    for s in report.seasons:
        finals = "".join(
            ("ok" if c.exact else ("known" if c.known_error else "NO")) + " "
            for c in s.final.values()
        )
        drivers = s.after_race.get("drivers")
        constructors = s.after_race.get("constructors")
        points = f"{s.points.exact}/{s.points.rows}"
        lines.append(
            f"{s.season:<8}{drivers.text if drivers else '-':>10}"
            f"{constructors.text if constructors else '-':>14}{finals.strip():>8}{points:>13}"
        )
    if report.mismatches:
        lines.append("")
        lines.append("mismatches (F1DB, then podium):")
    for check in report.mismatches:
        what = (
            f"known F1DB error: {check.known_error.reason}"
            if check.known_error is not None
            else "NOT EXPLAINED"
        )
        lines.append(f"{check.season} {check.classification} {check.at}: {what}")
        for d in check.diffs:
            want = f"{d.expected_position} {d.expected_points}" if d.expected_position else "-"
            got = f"{d.actual_position} {d.actual_points}" if d.actual_position else "-"
            lines.append(f"    {d.competitor:<28} F1DB {want:<12} podium {got}")
    for p in report.points.diffs:
        lines.append(
            f"race points {p.season} r{p.round} {p.session} {p.driver}: "
            f"F1DB {p.expected}, podium {p.actual}"
        )
    lines.append("")
    for label, tally in (
        ("drivers after each race", report.tally("drivers", final=False)),
        ("constructors after each race", report.tally("constructors", final=False)),
        ("season end, both titles", report.tally(None, final=True)),
    ):
        share = 100 * tally.exact / tally.tables if tally.tables else 100.0
        lines.append(
            f"{label}: {tally.exact}/{tally.tables} exact ({share:.2f} %), "
            f"points exact {tally.points_exact}/{tally.tables}"
        )
    lines.append(
        f"known F1DB errors: {len(report.known_errors)} table(s); "
        f"not explained: {len(report.unexplained)}"
    )
    pts = report.points
    lines.append(
        f"points per driver and race: {pts.exact}/{pts.rows} as F1DB's `points` "
        f"({pts.sessions} races and sprints; a separate check)"
    )
    lines.append(f"data: {CREDIT}, {CREDIT_URL}")
    return lines
