"""A press kit as one printable HTML page (Jinja2; the style sheet is inlined)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from podium.model.links import safe_link
from podium.reports.assets import Assets
from podium.reports.kit import SEPARATOR, PressKit
from podium.reports.markup import StoryMarkdown


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("podium.reports", "templates"),
        # Every template escapes what it inserts, whatever its name: the kit is data.
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline
    # `href="{{ url | link }}"`: None (no link written) for anything but http(s) or mailto.
    env.filters["link"] = safe_link
    return env


@cache
def _markdown() -> StoryMarkdown:
    # Raw HTML in a story stays text, and links are checked: a story cannot inject markup
    # or script into the page.
    return StoryMarkdown()


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
