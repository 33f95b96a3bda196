"""`podium import f1db`: all of Formula 1 from F1DB (CC BY 4.0) into the database.

Registered from app.py by importing this module. Other F1DB commands (`podium verify f1db`)
live here too, each in its own function.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from podium.cli.app import DbOption, Exit, err, fail, import_app, out
from podium.errors import ValidationError
from podium.formats.f1db import CREDIT, CREDIT_URL, f1db_years, load_f1db_seasons, rules_file

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


@import_app.command("f1db")
def import_f1db(
    path: F1DBPath,
    seasons: SeasonsOption = None,
    rules_dir: RulesDirOption = None,
    db: DbOption = None,
) -> None:
    """Import F1DB seasons (drivers, constructors, every session) in one transaction.

    Importing again replaces the seasons; if anything fails, the database is unchanged.
    """
    from podium.storage import Database

    years = pick_years(path, seasons, rules_dir)
    if not years:
        fail(Exit.NOT_FOUND, "no season to import")
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with progress, Database(db) as database:
        task = progress.add_task("importing F1DB", total=len(years))

        def advance(year: int) -> None:
            progress.update(task, advance=1, description=f"importing F1DB {year}")

        stored = database.import_seasons(
            load_f1db_seasons(path, years, rules_dir=rules_dir, progress=advance)
        )
    span = stored[0] if len(stored) == 1 else f"{stored[0]} … {stored[-1]}"
    out.print(
        f"imported {len(stored)} season(s) ({span}) from {CREDIT}, {CREDIT_URL}",
        markup=False,
        highlight=False,
    )
