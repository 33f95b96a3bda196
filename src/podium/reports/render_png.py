"""PNG pictures of a press kit: a standings card per classification with the chosen
entries' rows highlighted (marked totals, footnotes under the table), and the points of the
chosen entries after each round.

Drawn with Pillow in the DejaVu fonts matplotlib ships: a kit for every driver of a round
in every language is hundreds of pictures, and a card drawn this way takes milliseconds
where a matplotlib figure takes a fifth of a second. Names are text, always (no mathtext,
no markup): a driver called `$\\frac{1$` is shown as those characters.
"""

from __future__ import annotations

import itertools
import math
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from podium.reports.i18n import language
from podium.reports.kit import PressKit, Progression, StandingsBlock
from podium.standings import Standing
from podium.standings.table import MARK

DPI = 100  # 640 px wide cards: sharp on a page at 11 cm, and quick to encode
HIGHLIGHT = "#ffe08a"
INK = "#1b1b1b"
MUTED = "#6b6b6b"
RULE = "#d0d0d0"
LINE_COLOURS = ("#c8102e", "#005eb8", "#2e8b57", "#b8860b", "#6a3d9a", "#d2691e")
MAX_ROWS = 24  # a longer table shows its top and the rows around the chosen entries
TOP_OF_LONG = 10
PNG_COMPRESSION = 3  # zlib level: the pictures are flat colours, little is gained above it
SHADES = 16  # steps from a background to each colour: what anti-aliased edges need

Font = ImageFont.FreeTypeFont


@cache
def _palette() -> Image.Image:
    """The colours a picture is drawn in, and the shades between each and the white or
    highlighted background: a picture is saved with this palette (a byte a pixel, the
    colours exact), a third of the size and a quarter of the time of RGB."""
    backgrounds = (ImageColor.getrgb("white"), ImageColor.getrgb(HIGHLIGHT))
    shades: list[tuple[int, ...]] = []
    for colour in (INK, MUTED, RULE, HIGHLIGHT, *LINE_COLOURS):
        rgb = ImageColor.getrgb(colour)
        for ground in backgrounds:
            for step in range(SHADES):
                shades.append(
                    tuple(
                        round(g + (c - g) * step / (SHADES - 1))
                        for g, c in zip(ground, rgb, strict=True)
                    )
                )
    # Pillow finds a pixel's palette entry through a cache of 6 bits a channel: a shade
    # within a few steps of a background would take the background's place.
    exact = {*backgrounds, *(ImageColor.getrgb(c) for c in (INK, MUTED, RULE, *LINE_COLOURS))}
    shades = [
        c
        for c in shades
        if c in exact
        or all(max(abs(a - b) for a, b in zip(c, g, strict=True)) >= 8 for g in backgrounds)
    ]
    colours = list(dict.fromkeys([*backgrounds, *shades]))[:256]
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for c in colours for v in c[:3]])
    return palette


def _save(image: Image.Image, path: Path) -> None:
    picture = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    picture.save(path, format="PNG", compress_level=PNG_COMPRESSION)


def px(inches: float) -> int:
    return round(inches * DPI)


@cache
def font(points: float, bold: bool = False) -> Font:
    """DejaVu Sans at `points` (as a DPI picture prints it)."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    return ImageFont.truetype(str(path), size=round(points * DPI / 72))


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


def _text(
    image: Image.Image,
    x: float,
    y: float,
    text: str,
    face: Font,
    fill: str = INK,
    align: str = "left",
) -> None:
    """`text` with its left (or right, or centre) edge at x, vertically centred on y.

    The same names are on every card of every kit of a round: each text is rasterised
    once (`_mask`) and pasted in its colour after that."""
    anchor = {"left": "lm", "right": "rm", "center": "mm"}[align]
    mask, left, top = _mask(text, face, anchor)
    if mask.width and mask.height:
        image.paste(ImageColor.getrgb(fill), (round(x) + left, round(y) + top), mask)


@lru_cache(maxsize=16384)
def _mask(text: str, face: Font, anchor: str) -> tuple[Image.Image, int, int]:
    """`text` as a coverage mask, and where its corner sits from the anchor point."""
    left, top, right, bottom = (round(v) for v in face.getbbox(text, anchor=anchor))
    mask = Image.new("L", (max(right - left, 0), max(bottom - top, 0)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=face, fill=255, anchor=anchor)
    return mask, left, top


@lru_cache(maxsize=16384)
def _fit(text: str, face: Font, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` pixels."""
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def standings_card(kit: PressKit, block: StandingsBlock, path: Path) -> None:
    rows = card_rows(block)
    notes = [n for r in rows if r is not None for n in r.footnotes()]
    labels = kit.labels
    row_h, head_h, width = px(0.30), px(1.05), px(6.4)
    height = head_h + row_h * (len(rows) + 1) + px(0.25) + row_h * len(notes)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    _text(image, px(0.3), px(0.42), _fit(block.name, font(12.5, True), px(5.8)), font(12.5, True))
    _text(image, px(0.3), px(0.78), block.season_line, font(9.5), MUTED)
    with_nat = block.competitor == "driver"
    head = font(8.5)
    y = head_h + row_h / 2
    _text(image, px(0.75), y, labels.position, head, MUTED, "right")
    _text(image, px(0.95), y, block.name_heading or labels.name, head, MUTED)
    if with_nat:
        _text(image, px(4.85), y, labels.nationality, head, MUTED)
    _text(image, px(6.1), y, labels.points, head, MUTED, "right")
    rule_y = head_h + row_h
    draw.line([(px(0.3), rule_y), (px(6.1), rule_y)], fill=RULE, width=2)
    name_width = px(4.8 if with_nat else 4.6) - px(0.95)
    for i, row in enumerate(rows):
        y = head_h + row_h * (i + 1.5)
        if row is None:
            _text(image, px(0.75), y, "…", font(9), MUTED, "right")
            continue
        chosen = row.competitor in block.chosen
        face = font(9, bold=chosen)
        if chosen:
            draw.rectangle(
                [px(0.19), y - row_h / 2, width - px(0.19), y + row_h / 2 - 1], fill=HIGHLIGHT
            )
        _text(image, px(0.75), y, row.position_text, face, INK, "right")
        _text(image, px(0.95), y, _fit(row.name, face, name_width), face)
        if with_nat and row.nationality:
            _text(image, px(4.85), y, row.nationality, font(9), MUTED)
        _text(image, px(6.1), y, kit_points(kit, row), face, INK, "right")
    top = head_h + row_h * (len(rows) + 1) + px(0.1)
    for i, note in enumerate(notes):
        _text(image, px(0.3), top + row_h * (i + 0.5), _fit(note, font(8), px(5.8)), font(8), MUTED)
    _save(image, path)


def kit_points(kit: PressKit, row: Standing) -> str:
    """Points as the kit's language writes them (the decimal sign of its lines), marked
    when a decision changed the total."""
    return language(kit.lang).points(row.points, row.decimals) + (MARK if row.adjustments else "")


# -- the points chart -----------------------------------------------------------------------


def _ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round values for an axis from low to high: 0, 20, 40, ... (at most `most` + 1)."""
    span = max(high - low, 1.0)
    raw = span / most
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= step * factor:
            step *= factor
            break
    first = math.floor(low / step) * step
    out = []
    value = first
    while value <= high + step * 1e-9:
        out.append(round(value, 6))
        value += step
    if out[-1] < high:
        out.append(round(value, 6))
    return out


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def points_chart(kit: PressKit, path: Path) -> None:
    charts = kit.progression
    columns = 1 if len(charts) == 1 else 2
    rows = math.ceil(len(charts) / columns)
    width, height = px(4.2 * columns), px(3.0 * rows + 0.5)
    image = Image.new("RGB", (width, height), "white")
    _text(image, width / 2, px(0.25), kit.labels.points_chart, font(12, True), INK, "center")
    colours: dict[str, str] = {}  # one colour per competitor over every chart
    for i, chart in enumerate(charts):
        left = px(4.2) * (i % columns)
        top = px(0.5) + px(3.0) * (i // columns)
        _panel(image, chart, kit, colours, (left, top, left + px(4.2), top + px(3.0)))
    _save(image, path)


def _panel(
    image: Image.Image,
    chart: Progression,
    kit: PressKit,
    colours: dict[str, str],
    box: tuple[int, int, int, int],
) -> None:
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = box
    x0, x1 = left + px(0.65), right - px(0.2)
    y0, y1 = top + px(0.35), bottom - px(0.5)  # the plot area: y0 at the top
    _text(
        image,
        (x0 + x1) / 2,
        top + px(0.15),
        _fit(chart.title, font(10), x1 - x0),
        font(10),
        INK,
        "center",
    )
    values = [float(p) for line in chart.lines for p in line.points]
    low = min(0.0, min(values, default=0.0))  # below zero only after a deduction
    ticks = _ticks(low, max(max(values, default=1.0), 1.0))
    y_low, y_high = ticks[0], ticks[-1]
    rounds = list(chart.rounds)
    r_low, r_high = (rounds[0], rounds[-1]) if rounds else (1, 1)
    pad = 0.5 if r_low == r_high else (r_high - r_low) * 0.05

    def at(rnd: float, value: float) -> tuple[float, float]:
        x = x0 + (rnd - r_low + pad) / (r_high - r_low + 2 * pad) * (x1 - x0)
        y = y1 - (value - y_low) / ((y_high - y_low) or 1) * (y1 - y0)
        return x, y

    tick_font = font(8)
    for value in ticks:
        _, y = at(r_low, value)
        draw.line([(x0, y), (x1, y)], fill=RULE, width=1)
        _text(image, x0 - px(0.06), y, _number(value), tick_font, INK, "right")
    for rnd in rounds:
        x, _ = at(rnd, y_low)
        draw.line([(x, y0), (x, y1)], fill=RULE, width=1)
        draw.text((x, y1 + px(0.06)), str(rnd), font=tick_font, fill=INK, anchor="mt")
    draw.rectangle([x0, y0, x1, y1], outline=INK, width=1)
    axis = font(8.5)
    draw.text(
        ((x0 + x1) / 2, bottom - px(0.08)), kit.labels.round_axis, font=axis, fill=INK, anchor="mb"
    )
    label = Image.new("RGBA", (round(axis.getlength(kit.labels.points_axis)) + 4, px(0.2)))
    ImageDraw.Draw(label).text((2, 0), kit.labels.points_axis, font=axis, fill=INK)
    turned = label.rotate(90, expand=True)
    image.paste(turned, (left + px(0.04), round((y0 + y1 - turned.height) / 2)), turned)
    legend_y = y0 + px(0.12)
    for line in chart.lines:
        points = [at(r, float(p)) for r, p in zip(rounds, line.points, strict=True)]
        if line.chosen:
            if line.competitor not in colours:
                colours[line.competitor] = LINE_COLOURS[len(colours) % len(LINE_COLOURS)]
            colour = colours[line.competitor]
            if len(points) > 1:
                draw.line(points, fill=colour, width=4, joint="curve")
            for x, y in points:
                draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=colour)
        else:
            colour = MUTED
            _dashed(draw, points, colour)
        draw.line([(x0 + px(0.1), legend_y), (x0 + px(0.35), legend_y)], fill=colour, width=3)
        _text(
            image,
            x0 + px(0.42),
            legend_y,
            _fit(line.name, font(7), x1 - x0 - px(0.5)),
            font(7),
            INK,
        )
        legend_y += px(0.16)


def _dashed(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], colour: str) -> None:
    dash, gap = px(0.06), px(0.04)
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        length = math.hypot(bx - ax, by - ay)
        if not length:
            continue
        start = 0.0
        while start < length:
            end = min(start + dash, length)
            draw.line(
                [
                    (ax + (bx - ax) * start / length, ay + (by - ay) * start / length),
                    (ax + (bx - ax) * end / length, ay + (by - ay) * end / length),
                ],
                fill=colour,
                width=2,
            )
            start = end + gap
