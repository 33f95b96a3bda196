"""`aliases.csv`: a series' other names for its things (Ergast ids, reference links).

One row per thing: `kind,ergast_id,podium_id,url`, and optionally `name,nationality` for a
constructor's Ergast name (docs/formats.md, "aliases.csv"). The
same format is podium's bundled F1 table (data/f1/ergast-ids.csv) and an optional file of a
season folder. Every problem is reported as `file:line: column: message`, all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from podium.errors import Problem, ValidationError
from podium.files.csvsrc import read_rows
from podium.model.aliases import KINDS, NAMED_KINDS, Alias, Aliases
from podium.model.links import safe_link

ALIAS_COLUMNS = frozenset({"kind", "ergast_id", "podium_id", "url", "name", "nationality"})
# The columns in the order podium writes them (export, the bundled table): the named ones
# only where some row has a value in them, so a table without names reads as it always did.
COLUMNS = ("kind", "ergast_id", "podium_id", "url")
NAMED_COLUMNS = ("name", "nationality")
_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
REQUIRED = frozenset({"kind", "ergast_id", "podium_id"})
# An id goes into a URL path as one segment: no slash, space or control character in it...
_ID = re.compile(r"^[^/\s\x00-\x1f\x7f]{1,200}$")
# ... except a race's, which is `<year>/<round>` as Ergast's paths name a race, and a
# status's: Ergast's number for the status text that is podium's id ("+1 Lap").
_RACE = re.compile(r"^[0-9]{4}/[1-9][0-9]{0,2}$")
_SHAPES: dict[tuple[str, str], tuple[re.Pattern[str], str]] = {
    ("", ""): (_ID, "one word without '/'"),
    ("race", "ergast_id"): (_RACE, "<year>/<round>, e.g. 2008/1"),
    ("race", "podium_id"): (_RACE, "<year>/<round>, e.g. 2008/1"),
    ("status", "ergast_id"): (re.compile(r"^[0-9]{1,6}$"), "a number"),
    ("status", "podium_id"): (_TEXT, "a status text"),
    ("season", "ergast_id"): (re.compile(r"^[0-9]{4}$"), "a year, e.g. 2021"),
    ("season", "podium_id"): (re.compile(r"^[0-9]{4}$"), "a year, e.g. 2021"),
}


def read_aliases(path: Path, name: str, known: Callable[[str, str], bool] | None = None) -> Aliases:
    """The rows of an aliases.csv; ValidationError listing every bad line.

    `known(kind, podium_id)`: whether the season has that thing; a row naming something it
    lacks is a problem (a misspelt id would otherwise never match). None: no such check.
    """
    problems: list[Problem] = []
    rows: list[Alias] = []
    seen: dict[tuple[str, str], int] = {}
    for row in read_rows(path, name, set(REQUIRED), set(ALIAS_COLUMNS), problems):
        kind = row.get("kind")
        if kind not in KINDS:
            problems.append(row.problem("kind", f"{kind!r} is not one of {', '.join(KINDS)}"))
            continue
        bad = False
        for column in ("ergast_id", "podium_id"):
            pattern, shape = _SHAPES.get((kind, column), _SHAPES[("", "")])
            if not pattern.match(row.get(column)):
                problems.append(row.problem(column, f"{row.get(column)!r} is not an id ({shape})"))
                bad = True
        url = row.get("url") or None
        if url is not None and safe_link(url) is None:
            problems.append(row.problem("url", f"{url!r} is not an http(s) link"))
            bad = True
        for column in NAMED_COLUMNS:
            value = row.get(column)
            if not value:
                continue
            if kind not in NAMED_KINDS:
                problems.append(
                    row.problem(
                        column,
                        f"a {kind} row has no {column}: only {', '.join(NAMED_KINDS)} rows "
                        "carry one (leave it empty)",
                    )
                )
                bad = True
            elif not _TEXT.match(value):
                problems.append(row.problem(column, f"{value!r} is not one line of text"))
                bad = True
        if bad:
            continue
        podium_id = row.get("podium_id")
        if known is not None and not known(kind, podium_id):
            problems.append(row.problem("podium_id", f"this season has no {kind} {podium_id!r}"))
            continue
        first = seen.setdefault((kind, podium_id), row.line)
        if first != row.line:
            problems.append(
                row.problem(
                    "podium_id", f"{kind} {podium_id!r} has an alias already (line {first})"
                )
            )
            continue
        rows.append(
            Alias(
                kind,
                row.get("ergast_id"),
                podium_id,
                url,
                row.get("name") or None,
                row.get("nationality") or None,
            )
        )
    if problems:
        raise ValidationError(problems)
    return Aliases(tuple(rows))
