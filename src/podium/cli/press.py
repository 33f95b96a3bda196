"""`podium press-kit`: the generated parts of a press release, merged with a story.

Registered from app.py by importing this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import podium
from podium.cli.app import DbOption, Exit, app, err, fail, open_season, out, parse_moment
from podium.reports import languages, press_kit, series_release, write_press_kit
from podium.reports.assemble import MISSING
from podium.reports.write import FORMATS, parse_formats
from podium.standings.asof import as_of as season_as_of

# The demo's press kit: the seed's release, WTCR 2021 round 3, for the two Bäckmans.
DEMO_EXAMPLE = "wtcr-2021"
DEMO_ROUND = 3
DEMO_ENTRIES = ("Andreas Bäckman", "Jessica Bäckman")
DEMO_STORY = "stories/round-3-backman"  # .md (English), .sv.md (Swedish)
DEMO_LANGUAGES = ("en", "sv")  # the seed's kit in the languages the seed story is written in
DEMO_TEAM = "Target Competition"  # and the Bäckmans' team kit and the series release, English


@app.command("press-kit")
def press_kit_command(
    season: Annotated[str, typer.Argument(help="A season folder, or series/year in the database.")],
    round_number: Annotated[int, typer.Option("--round", "-r", help="The round (held).")],
    entry: Annotated[
        list[str] | None,
        typer.Option(
            "--entry",
            "-e",
            help="A driver's name (or the words of it that single one out) or a car number; "
            "repeat for several.",
            show_default=False,
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            help="A team's kit: every car of this team (its name or id).",
            show_default=False,
        ),
    ] = None,
    series: Annotated[
        bool,
        typer.Option(
            "--series",
            help="The series' own release: winners, podiums, pole, fastest laps, leaders.",
        ),
    ] = False,
    sessions: Annotated[
        str | None,
        typer.Option(
            "--sessions",
            help="The sessions the results blocks list, by id (e.g. fp1,qualifying,race1,race2); "
            "default: practice, qualifying and races.",
            show_default=False,
        ),
    ] = None,
    missing: Annotated[
        str,
        typer.Option(
            "--missing",
            help="A session without a classification or the entry's place: omit (with a "
            "warning) or show (as 'No classification').",
        ),
    ] = "omit",
    talking_points: Annotated[
        bool,
        typer.Option(
            "--talking-points",
            help="Add the facts a story can use, worded, for the writer.",
        ),
    ] = False,
    lang: Annotated[
        str, typer.Option("--lang", "-l", help=f"Language: {', '.join(languages())}.")
    ] = "en",
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{', '.join(FORMATS)} or all (default); repeat or comma-separate.",
            show_default=False,
        ),
    ] = None,
    story: Annotated[
        Path | None,
        typer.Option(
            "--story",
            help="Markdown with YAML front matter: headline, lede, quotes, photos "
            "(docs/press-kit.md). Without it, a data-only release.",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="The kit goes into a folder inside this one.")
    ] = Path("."),
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The kit as it was at this moment (e.g. 2021-07-12T10:00): only the "
            "classifications published and the decisions in effect by then.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write a round's press kit: results, standings and next event from the data, for drivers,
    a team or the series, in any language podium has a catalog for, as Markdown, HTML, DOCX
    and PNG."""
    if missing not in MISSING:
        fail(Exit.USAGE, f"unknown --missing {missing!r}: use {' or '.join(MISSING)}")
    if series and (entry or team):
        fail(Exit.USAGE, "--series is the series' release: give no --entry or --team with it")
    if not series and not entry and not team:
        fail(Exit.USAGE, "name who the kit is about: --entry, --team or --series")
    if lang not in languages():
        fail(Exit.USAGE, f"unknown language {lang!r}: use one of {', '.join(languages())}")
    try:
        formats = parse_formats(fmt or ["all"])
    except ValueError as exc:
        fail(Exit.USAGE, str(exc))
    moment = parse_moment(as_of)
    data = open_season(season, db)
    if moment is not None:
        # The kit sent on a Monday, regenerated as it was: the season as official then.
        data = season_as_of(data, moment)
    if series:
        kit = series_release(data, round=round_number, lang=lang, story=story)
    else:
        kit = press_kit(
            data,
            round=round_number,
            entries=entry or (),
            lang=lang,
            story=story,
            team=team,
            sessions=sessions.split(",") if sessions is not None else None,
            missing=missing,
            talking_points=talking_points,
        )
    for warning in kit.warnings:
        err.print(f"warning: {warning}", markup=False, highlight=False)
    try:
        written = write_press_kit(kit, out_dir, formats)
    except OSError as exc:
        fail(Exit.USAGE, f"cannot write the press kit into {out_dir}: {exc}")
    for path in written:
        out.print(str(path), markup=False, highlight=False)


def demo_press_kits(db_url: str, out_dir: Path) -> list[Path]:
    """The demo's press kits, read back from the demo's database: the seed's in English and
    Swedish, the Bäckmans' team kit and the series' release in English."""
    from podium.storage import Database

    folder = podium.example_path(DEMO_EXAMPLE)
    key = podium.load_season(folder)
    with Database(db_url) as database:
        season = database.load_season(key.series.id, key.year)
    written: list[Path] = []
    for lang in DEMO_LANGUAGES:
        story = folder / f"{DEMO_STORY}.{lang}.md"
        if not story.is_file():
            story = folder / f"{DEMO_STORY}.md"
        kit = press_kit(season, round=DEMO_ROUND, entries=DEMO_ENTRIES, lang=lang, story=story)
        written += write_press_kit(kit, out_dir, ["all"])
    team = press_kit(season, round=DEMO_ROUND, team=DEMO_TEAM, lang="en")
    written += write_press_kit(team, out_dir, ["md", "html"])
    release = series_release(season, round=DEMO_ROUND, lang="en")
    written += write_press_kit(release, out_dir, ["md", "html"])
    return written
