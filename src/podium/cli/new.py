"""`podium new season`: a season folder that validates at once, from options or answers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from podium.cli.app import Exit, app, fail, out
from podium.formats import newseason
from podium.formats.newseason import NewSeason, PlannedRound

new_app = typer.Typer(help="Make something new: a season folder.", no_args_is_help=True)
app.add_typer(new_app, name="new")


def _rules_help() -> str:
    listed = "; ".join(f"{t.name}: {t.description}" for t in newseason.templates().values())
    return f"A bundled template ({listed}) or bundled rules to extend, e.g. podium:f1/2024."


@new_app.command("season")
def new_season(
    folder: Annotated[Path, typer.Argument(help="The folder to make (new, or empty).")],
    series: Annotated[
        str | None, typer.Option("--series", help="The series' name, as published.")
    ] = None,
    series_id: Annotated[
        str | None,
        typer.Option("--series-id", help="Its id (default: made from the name)."),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="The season's year.")] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The season's name (default: series and year).")
    ] = None,
    rounds: Annotated[
        list[str] | None,
        typer.Option(
            "--round",
            help="A round, in order: 'DATE VENUE' (e.g. '2025-04-12 Snetterton'), or the "
            "venue alone; once per round.",
        ),
    ] = None,
    round_count: Annotated[
        int | None,
        typer.Option("--rounds", help="How many rounds, when not each given with --round."),
    ] = None,
    rules: Annotated[str | None, typer.Option("--rules", help=_rules_help())] = None,
    sessions: Annotated[
        str | None,
        typer.Option(
            "--sessions",
            help="The sessions of a round instead of the template's: id:kind, ... "
            "(e.g. qualifying,race1:race,race2:race).",
        ),
    ] = None,
    entries: Annotated[
        Path | None,
        typer.Option(
            "--entries",
            help="An entry list (CSV, .xlsx, .ods): car or NUMBER, drivers by name (drivers, "
            "driver, DRIVER_1, ...), team, class, flags, chassis or VEHICLE, ...",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The entry list's sheet (default the first).")
    ] = None,
    asking: Annotated[
        bool | None,
        typer.Option(
            "--ask/--no-ask",
            help="Ask for what the options leave out (default: when run in a terminal).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make a season folder that `podium validate` accepts at once, with comments saying
    what to edit; results then go in with `podium add results`."""
    ask = sys.stdin.isatty() if asking is None else asking
    if series is None and ask:
        series = typer.prompt("Series name (as published)")
    if year is None and ask:
        year = typer.prompt("Year", type=int)
    if series is None or year is None:
        fail(Exit.USAGE, "give --series NAME and --year YEAR (or run in a terminal to be asked)")
    if rules is None:
        if ask:
            listed = "\n".join(
                f"  {t.name}: {t.description}" for t in newseason.templates().values()
            )
            out.print(f"Rules templates:\n{listed}\n  or podium:NAME (e.g. podium:f1/2024)")
            rules = typer.prompt("Rules", default="club-two-races")
        else:
            rules = "club-two-races"
    planned: list[PlannedRound] = []
    try:
        planned = [newseason.parse_round(text) for text in rounds or []]
        if not planned and ask and round_count is None:
            round_count = typer.prompt("How many rounds", type=int, default=1)
            for number in range(1, round_count + 1):
                text = typer.prompt(
                    f"Round {number}: date and venue (e.g. 2025-04-12 Snetterton)",
                    default=f"Round {number}",
                )
                planned.append(newseason.parse_round(text))
        elif not planned:
            planned = [PlannedRound(f"Round {n}") for n in range(1, (round_count or 1) + 1)]
        chosen_sessions = newseason.parse_sessions(sessions) if sessions else None
    except ValueError as exc:
        fail(Exit.USAGE, f"error: {exc}")
    plan = NewSeason(
        series_name=series,
        year=year,
        rules=rules,
        series_id=series_id,
        name=name,
        rounds=planned,
        sessions=chosen_sessions,
        entries=entries,
        sheet=sheet,
    )
    for line in newseason.create(folder, plan):
        out.print(line, markup=False, highlight=False)
    out.print(
        f"next: podium validate {folder}; add results with podium add results {folder} "
        "--round 1 --session ID FILE",
        markup=False,
        highlight=False,
    )
