"""A press kit as Markdown (CommonMark): reads like the release in plain text too."""

from __future__ import annotations

import re

from podium.reports.assets import Assets
from podium.reports.kit import SEPARATOR, PressKit, StandingLine

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
BREAK = "  \n"  # a line break within a paragraph


def escape(text: str) -> str:
    """Generated text as literal Markdown (names may hold `*`, `_`, brackets)."""
    out = _SPECIAL.sub(r"\\\1", text)
    if re.match(r"^(#|[-+] |\d+[.)] )", out):
        out = "\\" + out
    return out


def markdown(kit: PressKit, assets: Assets | None = None) -> str:
    # A story's headline is Markdown as written; a generated one is text.
    parts: list[str] = [f"# {kit.title if kit.story_file else escape(kit.title)}"]
    if kit.subtitle:
        parts.append(escape(kit.subtitle))
    for i, photo in enumerate(kit.photos):
        copied = assets.photos[i] if assets and i < len(assets.photos) else None
        target = copied or photo.url
        lines = []
        if target:
            alt = escape(photo.caption or kit.labels.photo)
            lines.append(f"![{alt}]({target})")
        if photo.caption:
            lines.append(f"*{photo.caption}*")
        if photo.credit_line:
            lines.append(escape(photo.credit_line))
        parts.append(BREAK.join(lines))
    if kit.lede:
        parts.append(kit.lede)
    for block in kit.body:
        if block.kind == "heading":
            parts.append("#" * max(2, block.level) + " " + block.text)
        else:
            parts.append(block.text)
    if kit.next_event:
        parts.append(escape(kit.next_event.sentence))
    for results in kit.results:
        lines = [f"**{escape(results.heading)}**", *(escape(s.line) for s in results.sessions)]
        parts.append(BREAK.join(lines))
    if kit.standings:
        parts.append(f"## {escape(kit.standings_heading)}")
    for table in kit.standings:
        lines = [f"**{escape(table.title)}**", escape(table.season_line)]
        lines += [_row(r) for r in table.top]
        if table.own:
            lines += [SEPARATOR, *(_row(r) for r in table.own)]
        if table.link_text and table.link:
            lines.append(f"[{escape(table.link_text)}]({table.link})")
        parts.append(BREAK.join(lines))
        if assets and table.classification in assets.cards:
            alt = escape(kit.labels.standings_card.format(name=table.name))
            parts.append(f"![{alt}]({assets.cards[table.classification]})")
    if assets and assets.chart:
        parts.append(f"![{escape(kit.labels.points_chart)}]({assets.chart})")
    if kit.press_photos:
        if kit.press_photos.note:
            parts.append(kit.press_photos.note)
        links = [f"<{link}>" for link in kit.press_photos.links]
        parts.append(BREAK.join([escape(kit.press_photos.heading), *links]))
    return "\n\n".join(parts) + "\n"


def _row(row: StandingLine) -> str:
    return escape(row.text)
