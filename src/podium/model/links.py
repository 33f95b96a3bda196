"""Which links from data podium puts into what it writes: http, https and mailto only.

A link in season.yaml (`links:`), in a story's front matter (photo `url`, `press_photos`
links) or in a season already in a database reaches the web pages and every press-kit
format. A `javascript:` or `data:` link there runs script for whoever clicks it, so every
renderer asks `safe_link` and leaves out what it refuses; the loaders refuse such links
with a problem first (`link_problem`), but a season stored before that check still holds
them.

The scheme is read the way browsers read it (the WHATWG URL standard): they drop tabs and
line breaks anywhere and control characters and spaces at either end, so `java\\tscript:`
and ` JAVASCRIPT:` are `javascript:` to them and are to us too.

Relative links (no scheme: `results.html`, `//host/x`) are refused by default: a link in
the data points at another site, and a relative one would resolve against wherever the
output happens to be served or opened. Only Markdown the user wrote (a story's prose) may
hold them, with `relative=True`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SCHEMES = ("http", "https", "mailto")
# What a browser removes before it reads a URL: tab, LF and CR anywhere ...
_DROPPED = re.compile(r"[\t\n\r]")
# ... and C0 controls and spaces at either end.
_EDGES = "".join(chr(c) for c in range(0x21))
# Left inside a link after that, these make it no link a person meant to write.
_INSIDE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# The same rule for a JSON Schema `pattern` (season.schema.json), written without flags so
# any JSON Schema validator reads it alike: the link as written, nothing to clean.
PATTERN = r"^(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)[^\x00-\x20\x7f]+$"


def safe_link(url: object, *, relative: bool = False) -> str | None:
    """`url` cleaned as a browser would read it, if it is an http(s) or mailto link; else
    None. With `relative`, a link without a scheme is kept too (see the module's text)."""
    if not isinstance(url, str):
        return None
    text = _DROPPED.sub("", url).strip(_EDGES)
    if not text or _INSIDE.search(text):
        return None
    scheme = _SCHEME.match(text)
    if scheme is None:
        return text if relative else None
    name = scheme[1].lower()
    if name not in SCHEMES:
        return None
    rest = text[scheme.end() :]
    if name == "mailto":
        return text if rest else None
    # http(s) needs its `//host`: "https:x" is a relative link in disguise.
    return text if rest.startswith("//") and len(rest) > 2 else None


def safe_links(links: Mapping[str, str]) -> dict[str, str]:
    """The links of a `links:` mapping that `safe_link` keeps, cleaned, in order."""
    return {name: url for name, raw in links.items() if (url := safe_link(raw)) is not None}


def link_problem(url: object) -> str | None:
    """The problem message for a link from data that `safe_link` refuses, else None."""
    if safe_link(url) is not None and isinstance(url, str) and re.match(PATTERN, url):
        return None
    return f"{url!r} is not an http(s) or mailto link"
