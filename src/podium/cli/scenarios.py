"""`podium scenarios`: who can still win a classification, and what the contenders need.

Registered from cli/__init__.py by importing this module.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.table import Table

import podium
from podium.cli.app import DbOption, Exit, app, fail, open_season, out
from podium.reports import languages
from podium.reports.scenario_words import contention_text, needs_text
from podium.scenarios import Scenarios

FORMATS = ("table", "json")


def _yes_no(value: bool | None) -> str:
    return "undecided" if value is None else ("yes" if value else "no")


def _number(value: int | None) -> str:
    return "?" if value is None else str(value)


def scenarios_table(result: Scenarios) -> Table:
    """The standings with each competitor's prospects (`?`: undecided)."""
    after = f"after round {result.after_round}"
    if result.after_session:
        after += f" ({result.after_session})"
    title = (
        f"{result.classification_name} {result.season}: {after}, "
        f"{result.rounds_left} round{'s' if result.rounds_left != 1 else ''} left"
    )
    table = Table(title=title, title_justify="left")
    for heading, justify in (
        ("Pos", "right"),
        ("Name", "left"),
        ("Pts", "right"),
        ("Max", "right"),
        ("Can win", "left"),
        ("Best", "right"),
        ("Worst", "right"),
    ):
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for c in result.standings:
        shown = c.as_dict(result.decimals)
        table.add_row(
            _number(c.position) if c.position is not None else "-",
            c.name,
            shown["points"],
            shown["max_points"],
            _yes_no(c.can_win),
            _number(c.best_position),
            _number(c.worst_position),
        )
    return table


@app.command("scenarios")
def scenarios_command(
    season: Annotated[str, typer.Argument(help="A season folder, or series/year in the database.")],
    classification: Annotated[
        str, typer.Option("--classification", "-c", help="The classification (e.g. drivers).")
    ],
    after: Annotated[
        int | None, typer.Option("--after", "-a", help="After this round (default: the last held).")
    ] = None,
    after_session: Annotated[
        str | None,
        typer.Option("--after-session", help="After this session of the round (e.g. race1)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json.", case_sensitive=False)
    ] = "table",
    language: Annotated[
        str, typer.Option("--language", "--lang", help="The language of the needs' wording.")
    ] = "en",
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit",
            help="Seconds the solver may take in all; what it cannot settle is undecided.",
            min=0.1,
            max=600,
        ),
    ] = 10.0,
    db: DbOption = None,
) -> None:
    """Who can still win a classification, who has clinched it, each competitor's best and
    worst final place, and what the contenders need at the next round (exact under the
    rules; undecided where the solver ran out of time)."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        fail(Exit.USAGE, f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if language not in languages():
        fail(Exit.USAGE, f"--language: no {language!r} (have: {', '.join(languages())})")
    data = open_season(season, db)
    result = podium.scenarios(
        data, classification, after_round=after, after_session=after_session, time_limit=time_limit
    )
    words = needs_text(result, language)
    if fmt == "json":
        payload = result.as_dict()
        for need, text in zip(payload["needs"], words, strict=True):
            need["text"] = text
        payload["summary"] = contention_text(result, language)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(scenarios_table(result))
    out.print(contention_text(result, language), markup=False, highlight=False)
    for line in words:
        out.print(line, markup=False, highlight=False)
    for rule in result.undecided_rules:
        out.print(f"Note: {rule}", markup=False, highlight=False)
