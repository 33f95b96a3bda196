"""A points-progression chart as inline SVG, drawn on the server: no JavaScript, no images.

One line per competitor (the leaders after the last round shown), points after each round
on the y axis. The SVG scales to its container (viewBox), so it reads on a phone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from podium.standings import StandingsTable

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22",
)  # fmt: skip
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30


@dataclass(frozen=True, slots=True)
class Line:
    competitor: str
    name: str
    color: str
    points: tuple[float | None, ...]  # per round shown; None before the first score


@dataclass(frozen=True, slots=True)
class Chart:
    svg: str  # markup, safe to insert as is
    lines: tuple[Line, ...]  # for the legend


def _ticks(top: float) -> list[float]:
    """Round y-axis steps (1, 2, 5 x 10^n), about five of them."""
    if top <= 0:
        return [0.0]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(top // step) + 2) if i * step <= top + step * 0.999]


def progression(history: list[StandingsTable], after: int, title: str, top: int = 8) -> Chart:
    """The chart of `history` (tables after each held round) up to round `after`."""
    tables = [t for t in history if t.after_round <= after]
    if not tables:
        return Chart("", ())
    last = tables[-1]
    leaders = [r for r in last.rows if r.position is not None][:top]
    lines = []
    for index, row in enumerate(leaders):
        values: list[float | None] = []
        for table in tables:
            found = table.row(row.competitor)
            values.append(float(found.points) if found is not None else None)
        lines.append(Line(row.competitor, row.name, PALETTE[index % len(PALETTE)], tuple(values)))
    highest = max((v for line in lines for v in line.points if v is not None), default=0.0)
    ticks = _ticks(highest)
    y_top = max(ticks[-1], highest, 1.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(tables)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / y_top

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-{escape(last.classification)}-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{escape(last.classification)}-title">{escape(title)}</title>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{tick:g}</text>"
        )
    for i, table in enumerate(tables):
        parts.append(
            f'<text class="axis" x="{x(i):.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
            f"R{table.after_round}</text>"
        )
    for line in lines:
        points = [(x(i), y(v)) for i, v in enumerate(line.points) if v is not None]
        if not points:
            continue
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polyline class="series" data-competitor="{escape(line.competitor)}" '
            f'fill="none" stroke="{line.color}" stroke-width="2.5" points="{coords}"/>'
        )
        for (px, py), (i, v) in zip(
            points, [(i, v) for i, v in enumerate(line.points) if v is not None], strict=True
        ):
            label = f"{line.name}: {v:g} after round {tables[i].after_round}"
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{line.color}">'
                f"<title>{escape(label)}</title></circle>"
            )
    parts.append("</svg>")
    return Chart("".join(parts), tuple(lines))
