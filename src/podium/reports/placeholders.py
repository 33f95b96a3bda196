"""A story's `{{ ... }}` placeholders, filled from the season's facts (podium.reports.facts).

Jinja2's sandbox with undefined names made errors: a story is written by a press officer,
not a programmer, and shipped to journalists. A name the facts do not have, a fact the data
lacks, a typo in the template syntax: each is a Problem with the story's file and the line
it is on, and the kit is not made. Nothing a story can write reaches Python internals
(attributes starting with `_`, methods of the fact objects, ...).

What is printed is Markdown-escaped (a driver called `[x](javascript:y)` is text in the
story's Markdown); what the writer typed around it stays their Markdown.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined
from jinja2.sandbox import SandboxedEnvironment

from podium.errors import Problem
from podium.reports.facts import FactError, Facts, Lacking
from podium.reports.i18n import Language
from podium.reports.markup import escape

TEMPLATE_FILE = "<story>"  # the name Jinja gives a story's text in tracebacks


class _Missing(StrictUndefined):
    """An unknown name, or a fact the data lacks: printing it (or anything made of it) is
    an error that says which."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        owner = self._undefined_obj
        name = self._undefined_name
        if isinstance(owner, Facts):
            known = ", ".join(owner.names()) or "none"
            return f"unknown field '{owner.path}.{name}' (known: {known})"
        if owner is not None and not isinstance(owner, Undefined):
            return f"{type(owner).__name__} has no field {name!r}"
        return f"unknown field {name!r}"


def _lacking(path: str, lacking: Lacking) -> _Missing:
    return _Missing(hint=f"{path} is not known for this round: {lacking.reason}")


class _StoryEnvironment(SandboxedEnvironment):
    """Lacking facts read as undefined, with the reason why, wherever they are reached."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if isinstance(value, Lacking):
            owner = obj.path if isinstance(obj, Facts) else "?"
            return _lacking(f"{owner}.{attribute}", value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if isinstance(value, Lacking):
            owner = obj.path if isinstance(obj, Facts) else "?"
            return _lacking(f"{owner}.{argument}", value)
        return value


def _checked(value: object) -> object:
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


@cache
def _environment(words: Language) -> _StoryEnvironment:
    env = _StoryEnvironment(
        undefined=_Missing,
        autoescape=False,
        keep_trailing_newline=True,
        # Every value printed is text in the story's Markdown.
        finalize=lambda value: escape(str(_checked(value))),
    )

    def ordinal(value: object) -> str:
        """17 -> 17th (en), 17:e (sv), 17. (de)."""
        number = _checked(value)
        if not isinstance(number, int) or isinstance(number, bool):
            raise FactError(f"ordinal needs a whole number, not {number!r}")
        return words.ordinal(number)

    def ordinal_word(value: object) -> str:
        """4 -> fourth (en), fjärde (sv)."""
        number = _checked(value)
        if not isinstance(number, int) or isinstance(number, bool):
            raise FactError(f"ordinal_word needs a whole number, not {number!r}")
        return words.ordinal_word(number)

    env.filters["ordinal"] = ordinal
    env.filters["ordinal_word"] = ordinal_word
    return env


@cache
def _template(words: Language, source: str) -> Template:
    return _environment(words).from_string(source)


def render(
    source: str,
    line: int | None,
    field: str,
    words: Language,
    facts: Mapping[str, object],
    file: str,
    problems: list[Problem],
) -> str:
    """`source` with its placeholders filled; on a problem, the Problem (at the line of
    `source` it is on, counted from `line`) is added and the source returned as written."""
    if "{{" not in source and "{%" not in source:
        return source
    context = {
        name: _lacking(name, value) if isinstance(value, Lacking) else value
        for name, value in facts.items()
    }
    try:
        return _template(words, source).render(context)
    except TemplateSyntaxError as exc:
        problems.append(Problem(file, _at(line, exc.lineno), field, f"template: {exc.message}"))
    except (UndefinedError, FactError, SecurityError) as exc:
        problems.append(Problem(file, _at(line, _template_line(exc)), field, str(exc)))
    except (TypeError, ValueError, ArithmeticError) as exc:  # `{{ a.place + 'x' }}`
        problems.append(Problem(file, _at(line, _template_line(exc)), field, f"template: {exc}"))
    return source


def _template_line(exc: BaseException) -> int | None:
    """The line of the story's text the error was raised on (Jinja puts the template's
    lines into the traceback)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILE or frame.filename == "<template>":
            found = frame.lineno
    return found


def _at(line: int | None, template_line: int | None) -> int | None:
    if line is None:
        return None
    return line + (template_line - 1 if template_line else 0)
