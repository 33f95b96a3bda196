"""Data in Markdown, and the Markdown a story's author wrote: one place for how each is
made harmless in a press kit.

A value from the data (a driver's or a team's name, a round's name, a link) is text: put
into Markdown it is escaped, so a driver called `[click](javascript:x)` or `<script>` is
shown as those characters. A story's prose is the author's Markdown and stays as written;
only the links in it are checked, when it is rendered (`StoryMarkdown`).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from podium.model.links import safe_link

# Every character CommonMark (or GitHub's tables and strikethrough) reads as markup within
# a line; a backslash before ASCII punctuation shows it as it is.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# `&amp;` and `&#60;` would be read as the character they name; a bare `&` ("Lynk & Co")
# is shown as it is and stays unescaped.
_REFERENCE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# A line break in a value would start a new block (a heading, a list) inside the line.
_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
# What starts a block at the start of a line: a heading, a list item, a setext underline,
# an ordered list item (`1.`: the dot is escaped, a backslash before a digit is shown).
_LEADING = re.compile(r"^([#+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# Characters a link destination or an autolink cannot hold as they are.
_IN_DESTINATION = re.compile(r"[()<>\\]")


def escape(text: str) -> str:
    """Text from the data as literal Markdown, on one line."""
    out = _BREAK.sub(" ", text).lstrip(" \t")
    out = _SPECIAL.sub(r"\\\1", out)
    out = _REFERENCE.sub(r"\\&", out)
    out = _ORDERED.sub(r"\1\\\2", out)
    return _LEADING.sub(r"\\\1", out)


def destination(url: str) -> str:
    """A checked link as a Markdown link destination or autolink: the characters that
    would end it early are percent-encoded (a link that needs none is unchanged)."""
    return _IN_DESTINATION.sub(lambda m: f"%{ord(m[0]):02X}", url)


class StoryMarkdown(MarkdownIt):
    """CommonMark for a story's prose: raw HTML stays text, and a link or picture is kept
    only with an http(s) or mailto link, or a relative one (the author's own, next to the
    kit). markdown-it's own check lets `ftp:`, `tel:` and `data:image/...` through."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": False, "typographer": False})

    def validateLink(self, url: str) -> bool:
        return safe_link(url, relative=True) is not None
