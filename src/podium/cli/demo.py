"""`podium demo`: the bundled examples into a fresh SQLite file, their standings, the demo's kits.

Registered from cli/__init__.py by importing this module. It sits above both app.py (the
shared options and output) and press.py (the demo's press kits), so neither imports the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import podium
from podium.cli import render
from podium.cli.app import app, out
from podium.cli.press import demo_press_kits


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo's files.")] = Path(
        "podium-demo"
    ),
) -> None:
    """Import the bundled examples into a fresh SQLite file and print their standings."""
    from podium.storage import Database

    out_dir.mkdir(parents=True, exist_ok=True)
    db_file = out_dir / "podium.sqlite3"
    db_file.unlink(missing_ok=True)
    url = f"sqlite:///{db_file.resolve()}"
    folders = [podium.load_season(podium.example_path(name)) for name in podium.examples()]
    with Database(url) as database:
        for season in folders:
            database.import_season(season)
        for folder_season in folders:
            season = database.load_season(folder_season.series.id, folder_season.year)
            out.rule(f"{season.name} (from {db_file})")
            for cid in season.rules.classifications:
                table = podium.standings(season, cid)
                out.print(render.standings_table(table, out.width, season))
    out.print(f"database: {db_file}", markup=False, highlight=False)
    for path in demo_press_kits(url, out_dir):
        out.print(f"press kit: {path}", markup=False, highlight=False)
    for season in folders:
        out.print(
            f"try: podium standings {season.key} --db {url} --format json",
            markup=False,
            highlight=False,
        )
