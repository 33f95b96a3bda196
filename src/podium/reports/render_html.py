"""A press kit as one printable HTML page (Jinja2; the style sheet is inlined)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from podium.reports.assets import Assets
from podium.reports.kit import SEPARATOR, PressKit


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("podium.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline
    return env


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML in a story stays text: a story cannot inject markup into the page.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


def inline(text: str) -> Markup:
    """A story's inline Markdown (emphasis, links, code) as HTML."""
    return Markup(_markdown().renderInline(text))


@cache
def style_sheet() -> str:
    return resources.files("podium.reports").joinpath("templates/press-kit.css").read_text("utf-8")


def html(kit: PressKit, assets: Assets | None = None) -> str:
    template = _environment().get_template("press-kit.html.j2")
    return template.render(
        kit=kit, assets=assets or Assets(), css=style_sheet(), separator=SEPARATOR
    )
