"""A new season folder, written from a few answers: series, year, rounds, a rules template.

What is written validates at once (it is loaded from a copy before anything is written) and
says in comments what to edit. The rules come from a bundled template
(`rules/library/templates/<name>/`: its rules.yaml copied with its comments, and the
sessions and timing classes of its template.yaml) or extend a bundled rules file
(`podium:f1/2024`). An entry list may come from a CSV or spreadsheet, people and teams by
name (formats/entrylist.py).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from podium.errors import Problem, ValidationError
from podium.formats import native
from podium.formats.entrylist import ListedEntry, Roster, csv_lines, read_entry_list, slug
from podium.formats.folderwrite import write_all
from podium.formats.tables import read_table
from podium.model.session import SessionKind
from podium.rules.loader import BUNDLED_PREFIX, bundled_rules_dir

DEFAULT_SESSIONS: tuple[tuple[str, str, str], ...] = (
    ("qualifying", "qualifying", "Qualifying"),
    ("race", "race", "Race"),
)


@dataclass(frozen=True, slots=True)
class PlannedRound:
    name: str
    start: date | None = None


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    description: str
    sessions: tuple[tuple[str, str, str], ...]  # id, kind, name
    classes: Mapping[str, tuple[str, ...]]
    rules_text: str


@dataclass
class NewSeason:
    """What `podium new season` was told."""

    series_name: str
    year: int
    rules: str = "club-two-races"
    series_id: str | None = None
    name: str | None = None
    rounds: list[PlannedRound] = field(default_factory=list)
    sessions: tuple[tuple[str, str, str], ...] | None = None
    entries: Path | None = None
    sheet: str | None = None


def templates() -> dict[str, Template]:
    """The bundled rules templates, by name."""
    root = bundled_rules_dir() / "templates"
    out: dict[str, Template] = {}
    for folder in sorted(p for p in root.iterdir() if (p / "template.yaml").is_file()):
        spec = yaml.safe_load((folder / "template.yaml").read_text("utf-8"))
        out[folder.name] = Template(
            name=folder.name,
            description=str(spec["description"]),
            sessions=tuple((s["id"], s["kind"], s.get("name", s["id"])) for s in spec["sessions"]),
            classes={str(k): tuple(v or ()) for k, v in (spec.get("classes") or {}).items()},
            rules_text=(folder / "rules.yaml").read_text("utf-8"),
        )
    return out


def parse_round(text: str) -> PlannedRound:
    """`2025-04-12 Snetterton`, `Snetterton 2025-04-12` or `Snetterton`."""
    found = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", text)
    when = None
    if found:
        try:
            when = date.fromisoformat(found.group(1))
        except ValueError:
            raise ValueError(f"{found.group(1)!r} is not a date (YYYY-MM-DD)") from None
    name = (text[: found.start()] + text[found.end() :] if found else text).strip(" ,;")
    if not name:
        raise ValueError("give the round's venue or name, e.g. '2025-04-12 Snetterton'")
    return PlannedRound(name, when)


def parse_sessions(text: str) -> tuple[tuple[str, str, str], ...]:
    """`qualifying,race1:race,race2:race`: ids, each with its kind (default: the id)."""
    kinds = {k.value for k in SessionKind}
    out = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        ident, _, kind = part.partition(":")
        kind = kind.strip() or ident.strip()
        if kind not in kinds:
            raise ValueError(f"{part!r}: the kind is one of {', '.join(sorted(kinds))}")
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", ident.strip()):
            raise ValueError(f"{ident!r} is not a session id (lower case, digits, - and _)")
        out.append((ident.strip(), kind, ident.strip().replace("-", " ").capitalize()))
    if not out:
        raise ValueError("give at least one session, e.g. qualifying,race")
    return tuple(out)


def create(folder: Path, plan: NewSeason) -> list[str]:
    """Write the season folder; the lines to tell the person. ValidationError, and nothing
    written, if what would be written does not validate (an entry list with problems)."""
    if (folder / native.SEASON_FILE).exists():
        raise ValidationError(
            [
                Problem(
                    str(folder / native.SEASON_FILE),
                    None,
                    "-",
                    "a season is here already: choose a new folder",
                )
            ]
        )
    files, said = _files(folder, plan)
    there = [
        Problem(str(p), None, "-", "is here already: not replaced") for p in files if p.exists()
    ]
    if there:
        raise ValidationError(there)
    with tempfile.TemporaryDirectory(prefix="podium-new-") as scratch:
        copy = Path(scratch) / "season"
        copy.mkdir()
        for path, text in files.items():
            (copy / path.name).write_text(text, encoding="utf-8")
        try:
            native.load_season(copy)
        except ValidationError as exc:
            raise ValidationError(
                Problem(p.file.replace(str(copy), str(folder), 1), p.line, p.field, p.message)
                for p in exc.problems
            ) from None
    write_all(files)
    return [*said, *(f"wrote {path}" for path in files)]


def _files(folder: Path, plan: NewSeason) -> tuple[dict[Path, str], list[str]]:
    said: list[str] = []
    known = templates()
    if plan.rules.startswith(BUNDLED_PREFIX):
        bundled = plan.rules.removeprefix(BUNDLED_PREFIX)
        if not (bundled_rules_dir() / f"{bundled}.yaml").is_file():
            raise ValidationError(
                [
                    Problem(
                        "--rules", None, plan.rules, "no such bundled rules (e.g. podium:f1/2024)"
                    )
                ]
            )
        rules_text = (
            f"# How the season scores (docs/rules.md): the bundled rules {plan.rules}.\n"
            "# Keys written below replace what they extend; `null` removes one.\n"
            f"extends: {plan.rules}\n"
        )
        template_sessions = DEFAULT_SESSIONS
        classes: Mapping[str, tuple[str, ...]] = {}
    elif plan.rules in known:
        template = known[plan.rules]
        rules_text = template.rules_text
        template_sessions = template.sessions
        classes = template.classes
    else:
        names = ", ".join(known)
        raise ValidationError(
            [
                Problem(
                    "--rules",
                    None,
                    plan.rules,
                    f"no rules template {plan.rules!r} (templates: {names}; "
                    "or podium:NAME, e.g. podium:f1/2024)",
                )
            ]
        )
    sessions = plan.sessions or template_sessions
    roster = Roster()
    listed: list[ListedEntry] = []
    entry_rows: list[dict[str, str]] = []
    if plan.entries is not None:
        table = read_table(plan.entries, str(plan.entries), plan.sheet)
        said += [f"read {table.name}: {note}" for note in table.notes]
        listed = read_entry_list(table)
        entry_rows = _entries(listed, roster, classes)
        said.append(
            f"read {table.name}: {len(listed)} entries, {len(roster.new_drivers)} drivers, "
            f"{len(roster.new_teams)} teams"
        )
    season_text = _season_yaml(plan, sessions, classes)
    files = {
        folder / "season.yaml": season_text,
        folder / "rules.yaml": rules_text,
        folder / "drivers.csv": csv_lines(
            [
                ("id", "name", "nationality"),
                *((d.id, d.name, d.nationality) for d in roster.new_drivers),
            ]
        ),
        folder / "teams.csv": csv_lines(
            [
                ("id", "name", "nationality"),
                *((t.id, t.name, t.nationality) for t in roster.new_teams),
            ]
        ),
        folder / "entries.csv": _entries_csv(entry_rows),
    }
    return files, said


def _entries(
    listed: Sequence[ListedEntry], roster: Roster, classes: Mapping[str, tuple[str, ...]]
) -> list[dict[str, str]]:
    problems: list[Problem] = []
    rows: list[dict[str, str]] = []
    for item in listed:
        flags = list(item.flags)
        if item.car_class is not None and classes:
            match = next(
                (v for k, v in classes.items() if k.casefold() == item.car_class.casefold()), None
            )
            if match is None:
                problems.append(
                    Problem(
                        item.file,
                        item.line,
                        item.class_column or "class",
                        f"class {item.car_class!r} is not one of the template's classes "
                        f"({', '.join(classes)}): give its flags in a flags column instead",
                    )
                )
            else:
                flags += [f for f in match if f not in flags]
        crew = [roster.driver(name, item.nationality) for name in item.drivers]
        row = {
            "car": item.car,
            "drivers": ";".join(crew),
            "team": roster.team(item.team) if item.team else "",
            "constructor": roster.team(item.constructor) if item.constructor else "",
            "manufacturer": roster.team(item.manufacturer) if item.manufacturer else "",
            "chassis": item.chassis or "",
            "engine": item.engine or "",
            "flags": ";".join(flags),
            "rounds": item.rounds or "",
        }
        rows.append(row)
    if problems:
        raise ValidationError(problems)
    return rows


def _entries_csv(rows: list[dict[str, str]]) -> str:
    from podium.formats.columns import ENTRY_COLUMNS

    used = [
        c
        for c in ENTRY_COLUMNS
        if c in ("car", "drivers", "team", "flags") or any(r.get(c) for r in rows)
    ]
    return csv_lines([used, *([r.get(c, "") for c in used] for r in rows)])


def _q(text: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted string is one."""
    return json.dumps(text, ensure_ascii=False)


def _season_yaml(
    plan: NewSeason,
    sessions: Sequence[tuple[str, str, str]],
    classes: Mapping[str, tuple[str, ...]],
) -> str:
    series_id = plan.series_id or slug(plan.series_name) or "series"
    name = plan.name or f"{plan.series_name} {plan.year}"
    lines = [
        "# The season: series, year, calendar, rules file (every key: docs/formats.md).",
        "# Made by `podium new season`; edit what you need, then `podium validate` this folder.",
        "# Results: `podium add results FOLDER --round N --session ID FILE` writes",
        "# <round folder>/<session id>.csv and makes the round held.",
        "version: 1",
        "series:",
        f"  # the id: lower case, digits, - and _; the season is {series_id}/{plan.year}",
        f"  id: {series_id}",
        f"  name: {_q(plan.series_name)}",
        f"year: {plan.year}",
        f"name: {_q(name)}",
        "rules: rules.yaml          # how the season scores: edit rules.yaml (docs/rules.md)",
        "# The sessions of every round; a round run to another format lists its own `sessions:`.",
        "# A session's id names its results file (race1 -> 01/race1.csv).",
        "sessions:",
    ]
    lines += [f"  - {{id: {i}, kind: {k}, name: {_q(n)}}}" for i, k, n in sessions]
    lines += [
        "# The timing provider's files (podium add results): the entry flags each CLASS means,",
        "# and, for a folder of a round's files, which file is which session (shell patterns).",
        "timing:",
    ]
    if classes:
        lines.append("  classes:")
        lines += [f"    {_q(k)}: [{', '.join(v)}]" for k, v in classes.items()]
    else:
        lines.append("  classes: {}               # e.g. {PRO: [], AM: [am]}")
    lines.append(
        '  files: {}                 # e.g. {race1: "*Race 1*"}; default: the id in the name'
    )
    lines += [
        "# One item per round: name, dates (start, end), circuit, venue, country (GBR, DEU).",
        "calendar:",
    ]
    rounds = plan.rounds or [PlannedRound("Round 1")]
    for number, rnd in enumerate(rounds, start=1):
        lines += [f"  - round: {number}", f"    name: {_q(rnd.name)}"]
        if rnd.start is not None:
            lines.append(
                f"    start: {rnd.start.isoformat()}      # YYYY-MM-DD; add `end:` for a weekend"
            )
        lines += [
            "    status: scheduled      # podium add results makes it held",
            f'    folder: "{number:02d}"',
        ]
    return "\n".join(lines) + "\n"
