"""A press kit as a Word document (python-docx), pictures embedded; LibreOffice opens it."""

from __future__ import annotations

import copy
import io
import re
from functools import cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from podium.model.links import safe_link
from podium.reports.assets import Assets
from podium.reports.kit import SEPARATOR, PressKit, StandingLine
from podium.reports.markup import StoryMarkdown

LINK_COLOUR = "005EB8"
LINE_STYLE = "Podium Line"  # a line of a results or standings block
LAST_LINE_STYLE = "Podium Last Line"  # its last line, with space after it
LINE_STYLE_ID, LAST_LINE_STYLE_ID = "PodiumLine", "PodiumLastLine"
_MD = StoryMarkdown()
# Characters XML 1.0 cannot hold: lxml refuses them, so a name holding one would stop the
# whole kit. They show nothing anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


@cache
def _blank() -> DocumentObject:
    """python-docx's default document with podium's styles, made once: a copy of it is a
    fraction of the cost of reading the template again for every kit."""
    doc: DocumentObject = Document()
    doc.core_properties.author = "podium"
    doc.styles["Normal"].font.size = Pt(11)
    # The lines of a block: no space between them, kept on one page with the next line.
    line = doc.styles.add_style(LINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    line.base_style = doc.styles["Normal"]
    line.paragraph_format.space_after = Pt(0)
    line.paragraph_format.keep_with_next = True
    last = doc.styles.add_style(LAST_LINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    last.base_style = doc.styles["Normal"]
    last.paragraph_format.space_after = Pt(8)
    last.paragraph_format.keep_with_next = False
    assert (line.style_id, last.style_id) == (LINE_STYLE_ID, LAST_LINE_STYLE_ID)
    return doc


def docx(kit: PressKit, path: Path, assets: Assets | None = None) -> None:
    assets = assets or Assets()
    doc: DocumentObject = copy.deepcopy(_blank())
    doc.core_properties.title = _clean(kit.title)
    doc.core_properties.language = kit.lang
    doc.add_heading(_clean(kit.title), level=0)
    if kit.subtitle:
        doc.add_paragraph(_clean(kit.subtitle))
    for i, photo in enumerate(kit.photos):
        copied = assets.photos[i] if i < len(assets.photos) else None
        picture = assets.scaled[i] if i < len(assets.scaled) else None
        if picture is not None:
            doc.add_picture(io.BytesIO(picture.data), width=Cm(16))
        caption = doc.add_paragraph()
        if photo.caption:
            _inline(caption, photo.caption, italic=True)
        url = None if copied else safe_link(photo.url)
        if url:
            caption.add_run(" ")
            _link(caption, url, url)
        if photo.credit_line:
            if photo.caption or url:
                caption.add_run().add_break()
            caption.add_run(_clean(photo.credit_line))
    if kit.lede:
        _inline(doc.add_paragraph(), kit.lede, bold=True)
    for block in kit.body:
        if block.kind == "heading":
            _inline(doc.add_heading(level=min(max(block.level - 1, 1), 9)), block.text)
        else:
            _inline(doc.add_paragraph(), block.text, italic=block.kind == "quote")
    if kit.next_event:
        doc.add_paragraph().add_run(_clean(kit.next_event.sentence)).bold = True
    for results in kit.results:
        _lines(doc, results.heading, [(line.line, False) for line in results.sessions])
    for info in kit.summary:
        _lines(doc, info.heading, [(line, False) for line in info.lines])
    if kit.standings:
        doc.add_heading(_clean(kit.standings_heading), level=1)
    for table in kit.standings:
        rows: list[tuple[str, bool]] = [(table.season_line, False)]
        rows += [_row(r) for r in table.top]
        if table.own:
            rows += [(SEPARATOR, False), *(_row(r) for r in table.own)]
        rows += [(note, False) for note in table.footnotes]
        last = _lines(doc, table.title, rows)
        card = table.classification in assets.cards
        if table.link_text and safe_link(table.link):
            last.paragraph_format.space_after = Pt(0)
            last.paragraph_format.keep_with_next = True
            last = doc.add_paragraph()
            _link(last, str(table.link), table.link_text)
            last.paragraph_format.space_after = Pt(8)
        if card:
            last.paragraph_format.keep_with_next = True
            doc.add_picture(str(assets.path(assets.cards[table.classification])), width=Cm(11))
    if assets.chart:
        doc.add_picture(str(assets.path(assets.chart)), width=Cm(16))
    if kit.press_photos:
        if kit.press_photos.note:
            _inline(doc.add_paragraph(), kit.press_photos.note)
        last = _lines(doc, kit.press_photos.heading, [], bold_title=False)
        for link in filter(None, map(safe_link, kit.press_photos.links)):
            last.paragraph_format.space_after = Pt(0)
            last = doc.add_paragraph()
            _link(last, link, link)
    for info in kit.talking_points:
        doc.add_heading(_clean(info.heading), level=1)
        for line in info.lines:
            doc.add_paragraph(_clean(line), style="List Bullet")
    doc.save(str(path))


def _row(row: StandingLine) -> tuple[str, bool]:
    return row.text, row.chosen


def _lines(
    doc: DocumentObject, title: str, lines: list[tuple[str, bool]], bold_title: bool = True
) -> Paragraph:
    """A block: its title and one paragraph per line, kept together on a page."""
    texts = [(title, bold_title), *lines]
    last = None
    for i, (text, strong) in enumerate(texts):
        last = doc.add_paragraph()
        # The style by its id: python-docx's lookup by name scans every style, every time.
        last._p.style = LINE_STYLE_ID if i < len(texts) - 1 else LAST_LINE_STYLE_ID
        last.add_run(_clean(text)).bold = strong or None
    assert last is not None
    return last


def _inline(paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
    """A story's inline Markdown as runs: **bold**, *italic*, `code`, [links](url)."""
    tokens = _MD.parseInline(_clean(text))
    children = tokens[0].children if tokens and tokens[0].children else []
    strong, emphasis = 0, 0
    href: str | None = None
    for token in children:
        kind = token.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
        elif kind == "link_close":
            href = None
        elif kind in ("softbreak",):
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline", "html_inline"):
            if href:
                _link(paragraph, href, token.content, relative=True)
                continue
            run = paragraph.add_run(token.content)
            run.bold = bold or strong > 0 or None
            run.italic = italic or emphasis > 0 or None
            if kind == "code_inline":
                run.font.name = "Courier New"


def _link(paragraph: Paragraph, url: str, text: str, relative: bool = False) -> None:
    """A hyperlink run (python-docx has no API for writing one); the text alone when the
    link is not http(s) or mailto (or, from a story's prose, `relative`)."""
    target = safe_link(url, relative=relative)
    if target is None:
        paragraph.add_run(_clean(text))
        return
    r_id = paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    shown = OxmlElement("w:t")
    shown.text = _clean(text)
    shown.set(qn("xml:space"), "preserve")
    run.append(shown)
    link.append(run)
    paragraph._p.append(link)
