"""PNG pictures of a press kit: a standings card per classification with the chosen
entries' rows highlighted, and the points of the chosen entries after each round.

matplotlib's object API with the Agg canvas: no pyplot, no global backend, no display.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager
from pathlib import Path

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from podium.reports.i18n import language
from podium.reports.kit import PressKit, Progression, StandingsBlock
from podium.standings import Standing

DPI = 150
HIGHLIGHT = "#ffe08a"
INK = "#1b1b1b"
MUTED = "#6b6b6b"
RULE = "#d0d0d0"
LINE_COLOURS = ("#c8102e", "#005eb8", "#2e8b57", "#b8860b", "#6a3d9a", "#d2691e")
MAX_ROWS = 24  # a longer table shows its top and the rows around the chosen entries
TOP_OF_LONG = 10


def card_rows(block: StandingsBlock) -> list[Standing | None]:
    """The rows a card shows, in order; None where rows are left out."""
    rows = list(block.table.rows)
    if len(rows) <= MAX_ROWS:
        return list(rows)
    keep = set(range(TOP_OF_LONG))
    for i, row in enumerate(rows):
        if row.competitor in block.chosen:
            keep |= {i - 1, i, i + 1}
    out: list[Standing | None] = []
    for i, row in enumerate(rows):
        if i in keep:
            out.append(row)
        elif out and out[-1] is not None:
            out.append(None)
    return out


def _plain_text() -> AbstractContextManager[None]:
    # Names are text: with mathtext on, a driver called `$\frac$` would stop the kit with a
    # parse error, and `$x$` would be typeset as maths.
    return rc_context({"text.parse_math": False})


def standings_card(kit: PressKit, block: StandingsBlock, path: Path) -> None:
    with _plain_text():
        _standings_card(kit, block, path)


def _standings_card(kit: PressKit, block: StandingsBlock, path: Path) -> None:
    rows = card_rows(block)
    labels = kit.labels
    row_h = 0.30
    head_h = 1.05
    fig = Figure(figsize=(6.4, head_h + row_h * (len(rows) + 1) + 0.25), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    total_h = head_h + row_h * (len(rows) + 1) + 0.25
    ax.set_xlim(0, 6.4)
    ax.set_ylim(total_h, 0)  # inches from the top
    ax.text(0.3, 0.42, block.name, fontsize=12.5, fontweight="bold", color=INK, va="center")
    ax.text(0.3, 0.78, block.season_line, fontsize=9.5, color=MUTED, va="center")
    columns = ((0.75, "right", labels.position), (0.95, "left", block.name_heading or labels.name))
    with_nat = block.competitor == "driver"
    y = head_h + row_h / 2
    for x, align, text in columns:
        ax.text(x, y, text, fontsize=8.5, color=MUTED, ha=align, va="center")
    if with_nat:
        ax.text(4.85, y, labels.nationality, fontsize=8.5, color=MUTED, ha="left", va="center")
    ax.text(6.1, y, labels.points, fontsize=8.5, color=MUTED, ha="right", va="center")
    ax.plot([0.3, 6.1], [head_h + row_h, head_h + row_h], color=RULE, linewidth=0.8)
    for i, row in enumerate(rows):
        y = head_h + row_h * (i + 1.5)
        if row is None:
            ax.text(0.75, y, "…", fontsize=9, color=MUTED, ha="right", va="center")
            continue
        chosen = row.competitor in block.chosen
        weight = "bold" if chosen else "normal"
        if chosen:
            ax.axhspan(y - row_h / 2, y + row_h / 2, xmin=0.03, xmax=0.97, color=HIGHLIGHT)
        name = row.name if len(row.name) <= 44 else row.name[:43] + "…"
        ax.text(0.75, y, row.position_text, fontsize=9, ha="right", va="center", weight=weight)
        ax.text(0.95, y, name, fontsize=9, ha="left", va="center", weight=weight, color=INK)
        if with_nat and row.nationality:
            ax.text(4.85, y, row.nationality, fontsize=9, ha="left", va="center", color=MUTED)
        points = kit_points(kit, row)
        ax.text(6.1, y, points, fontsize=9, ha="right", va="center", weight=weight)
    fig.savefig(path, format="png", dpi=DPI, facecolor="white")


def kit_points(kit: PressKit, row: Standing) -> str:
    """Points as the kit's language writes them (the decimal sign of its lines)."""
    return language(kit.lang).points(row.points, row.decimals)


def points_chart(kit: PressKit, path: Path) -> None:
    with _plain_text():
        _points_chart(kit, path)


def _points_chart(kit: PressKit, path: Path) -> None:
    charts = kit.progression
    columns = 1 if len(charts) == 1 else 2
    rows = math.ceil(len(charts) / columns)
    width, height = 4.2 * columns, 3.0 * rows + 0.5
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    # Fixed margins in inches: cheaper than a constrained layout, and the same every time.
    fig.subplots_adjust(
        left=0.6 / width,
        right=1 - 0.15 / width,
        bottom=0.5 / height,
        top=1 - 0.75 / height,
        hspace=0.45,
        wspace=0.3,
    )
    fig.suptitle(kit.labels.points_chart, fontsize=12, fontweight="bold", y=1 - 0.12 / height)
    colours: dict[str, str] = {}  # one colour per competitor over every chart
    for i, chart in enumerate(charts):
        ax = fig.add_subplot(rows, columns, i + 1)
        _draw(ax, chart, kit, colours)
    fig.savefig(path, format="png", dpi=DPI, facecolor="white")


def _draw(ax: Axes, chart: Progression, kit: PressKit, colours: dict[str, str]) -> None:
    for line in chart.lines:
        values = [float(p) for p in line.points]
        if line.chosen:
            if line.competitor not in colours:
                colours[line.competitor] = LINE_COLOURS[len(colours) % len(LINE_COLOURS)]
            colour = colours[line.competitor]
            ax.plot(
                chart.rounds, values, marker="o", linewidth=2, label=_label(line.name), color=colour
            )
        else:
            ax.plot(
                chart.rounds,
                values,
                linestyle="--",
                linewidth=1.2,
                color=MUTED,
                label=_label(line.name),
            )
    ax.set_title(chart.title, fontsize=10)
    ax.set_xlabel(kit.labels.round_axis, fontsize=8.5)
    ax.set_ylabel(kit.labels.points_axis, fontsize=8.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xticks(list(chart.rounds))
    lowest = min((float(p) for line in chart.lines for p in line.points), default=0.0)
    ax.set_ylim(bottom=min(0.0, lowest))  # below zero only after a deduction
    ax.tick_params(labelsize=8)
    ax.grid(True, color=RULE, linewidth=0.5)
    ax.legend(fontsize=7, loc="upper left", frameon=False)


def _label(name: str) -> str:
    """A legend entry for a name: matplotlib leaves out labels that start with `_`."""
    return "\u200b" + name if name.startswith("_") else name
