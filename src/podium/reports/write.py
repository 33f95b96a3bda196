"""Writing a press kit: every format into a temporary folder, moved into place at the end,
so that a failure never leaves a half-written kit (and an older kit stays as it was)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from podium.reports import photos
from podium.reports.assets import Assets
from podium.reports.kit import PressKit

FORMATS = ("md", "html", "docx", "png")
DOCUMENT = "press-kit"  # press-kit.md, press-kit.html, press-kit.docx
CHART = "points.png"


def parse_formats(formats: Iterable[str]) -> list[str]:
    """`md`, `html,docx`, `all` -> the formats, in FORMATS order; ValueError when unknown."""
    wanted: set[str] = set()
    for item in formats:
        for name in item.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name == "all":
                wanted.update(FORMATS)
            elif name in FORMATS:
                wanted.add(name)
            else:
                raise ValueError(
                    f"unknown format {name!r}: use {', '.join(FORMATS)} or all (e.g. md,html)"
                )
    if not wanted:
        raise ValueError(f"no format given: use {', '.join(FORMATS)} or all")
    return [f for f in FORMATS if f in wanted]


def write_press_kit(
    kit: PressKit, out_dir: str | Path, formats: Iterable[str] = ("all",)
) -> list[Path]:
    """Write `kit` into the folder `out_dir/<kit.slug>/` (replacing it); the files written.

    The pictures (`png`) are referred to from the documents written with them; without
    `png` the documents carry the text only.
    """
    chosen = parse_formats(formats)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / kit.slug
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a folder")
    work = Path(tempfile.mkdtemp(prefix=f".{kit.slug}.", suffix=".tmp", dir=out))
    try:
        names = _render(kit, work, chosen)
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return [target / name for name in names]


def _render(kit: PressKit, folder: Path, formats: list[str]) -> list[str]:
    written: list[str] = []
    # The photos go with every format: a file beside the Markdown, inside the HTML and DOCX.
    scaled = tuple(photos.scaled(p.file) if p.file is not None else None for p in kit.photos)
    files: list[str | None] = []
    for i, photo in enumerate(scaled, start=1):
        if photo is None:
            files.append(None)
            continue
        name = f"photo-{i}{photo.suffix}"
        (folder / name).write_bytes(photo.data)
        files.append(name)
    written += [f for f in files if f]
    assets = Assets(folder=folder, photos=tuple(files), scaled=scaled)
    if "png" in formats:
        from podium.reports import render_png

        cards = {}
        for block in kit.standings:
            name = f"standings-{block.classification}.png"
            render_png.standings_card(kit, block, folder / name)
            cards[block.classification] = name
        chart = None
        if kit.progression:
            render_png.points_chart(kit, folder / CHART)
            chart = CHART
        assets = Assets(folder=folder, cards=cards, chart=chart, photos=tuple(files), scaled=scaled)
        written += [*cards.values(), *([chart] if chart else [])]
    if "md" in formats:
        from podium.reports.render_md import markdown

        (folder / f"{DOCUMENT}.md").write_text(markdown(kit, assets), encoding="utf-8")
        written.append(f"{DOCUMENT}.md")
    if "html" in formats:
        from podium.reports.render_html import html

        (folder / f"{DOCUMENT}.html").write_text(html(kit, assets), encoding="utf-8")
        written.append(f"{DOCUMENT}.html")
    if "docx" in formats:
        from podium.reports.render_docx import docx

        docx(kit, folder / f"{DOCUMENT}.docx", assets)
        written.append(f"{DOCUMENT}.docx")
    return sorted(written)


def _swap(work: Path, target: Path) -> None:
    """Put the finished folder `work` at `target`; an older kit there goes only once the
    new one is in place."""
    os.chmod(work, 0o755)  # mkdtemp made it private; a kit is for sharing
    if not target.exists():
        work.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        work.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
