"""A press kit as Markdown (CommonMark): reads like the release in plain text too."""

from __future__ import annotations

from podium.model.links import safe_link
from podium.reports.assets import Assets
from podium.reports.kit import SEPARATOR, PressKit, StandingLine
from podium.reports.markup import destination, escape

__all__ = ["BREAK", "escape", "markdown"]

BREAK = "  \n"  # a line break within a paragraph


def markdown(kit: PressKit, assets: Assets | None = None) -> str:
    # A story's headline is Markdown as written; a generated one is text.
    parts: list[str] = [f"# {kit.title if kit.story_file else escape(kit.title)}"]
    if kit.subtitle:
        parts.append(escape(kit.subtitle))
    for i, photo in enumerate(kit.photos):
        copied = assets.photos[i] if assets and i < len(assets.photos) else None
        # A picture's link from the story is checked again here: a kit may be built by hand.
        url = safe_link(photo.url)
        target = copied or (destination(url) if url else None)
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
    for info in kit.summary:
        parts.append(BREAK.join([f"**{escape(info.heading)}**", *map(escape, info.lines)]))
    if kit.standings:
        parts.append(f"## {escape(kit.standings_heading)}")
    for table in kit.standings:
        lines = [f"**{escape(table.title)}**", escape(table.season_line)]
        lines += [_row(r) for r in table.top]
        if table.own:
            lines += [SEPARATOR, *(_row(r) for r in table.own)]
        lines += [escape(note) for note in table.footnotes]
        link = safe_link(table.link)
        if table.link_text and link:
            lines.append(f"[{escape(table.link_text)}]({destination(link)})")
        parts.append(BREAK.join(lines))
        if assets and table.classification in assets.cards:
            alt = escape(kit.labels.standings_card.format(name=table.name))
            parts.append(f"![{alt}]({assets.cards[table.classification]})")
    if assets and assets.chart:
        parts.append(f"![{escape(kit.labels.points_chart)}]({assets.chart})")
    if kit.press_photos:
        if kit.press_photos.note:
            parts.append(kit.press_photos.note)
        shown = (safe_link(link) for link in kit.press_photos.links)
        links = [f"<{destination(link)}>" for link in shown if link]
        parts.append(BREAK.join([escape(kit.press_photos.heading), *links]))
    for info in kit.talking_points:
        parts.append(f"## {escape(info.heading)}")
        parts.append("\n".join(f"- {escape(line)}" for line in info.lines))
    return "\n\n".join(parts) + "\n"


def _row(row: StandingLine) -> str:
    return escape(row.text)
