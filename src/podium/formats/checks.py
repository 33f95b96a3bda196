"""Checks of a season as a whole: what every file allows alone, yet scores wrong in silence.

Each file of a season folder can be valid while together they say nothing: a scoring item
for `session: races` when the sessions are `race1` and `race2` scores no one, a classification
of manufacturers over entries that name none is an empty table, a results folder `3/` beside
`01/ 02/` is never read. The season loader (formats/native.py) calls `check_season` once,
after every file was read, and reports what it finds with the others, as
`file:line: field: message`, with "did you mean" where a near name exists.

Problems refuse the season. Warnings do not: a held round without a classification is what a
season looks like between the chequered flag and the results sheet. They are kept on
`Season.warnings`, which `podium validate` and `podium import season` print.

Only what the season's own rules say is checked for sessions and flags: the rules file it
names (or its inline rules), not what that file inherits through `extends`. A rules file
shared by several seasons (or bundled with podium) may name a sprint or a flag one of them
does not have.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.folder import Folder, Outside
from podium.files.yamlsrc import field_name, load_yaml, locate
from podium.model.calendar import Round, RoundStatus
from podium.model.entry import Entry, Team
from podium.model.session import Session, SessionKind
from podium.rules.loader import parse_rounds
from podium.rules.model import Rules, SessionSelector

# Competitor kinds read from an entry's column; drivers and cars are always there.
_ORGANISATIONS = {"team": "team", "constructor": "constructor", "manufacturer": "manufacturer"}
_LISTED = 12  # names quoted in a message before "…": a calendar of 24 rounds stays readable


@dataclass
class Findings:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _RulesDoc:
    """The season's own rules document, with where its keys are."""

    doc: Any
    prefix: list[Any]  # ["rules"] for rules written inline in season.yaml
    name: str

    def at(self, path: list[Any], message: str) -> Problem:
        full = [*self.prefix, *path]
        file, line = locate(self.doc, full, (self.name, 1))
        return Problem(file, line, field_name(full), message)

    @property
    def root(self) -> dict[str, Any]:
        node = self.doc
        for step in self.prefix:
            node = node[step]
        return node if isinstance(node, dict) else {}


def check_season(
    folder: Path,
    within: Folder,
    season_doc: Any,
    season_file: str,
    rules: Rules | None,
    entries: tuple[Entry, ...] | None,
    rounds: list[Round],
    teams: Mapping[str, Team] | None = None,
) -> Findings:
    """What the season's files say together that none says wrong alone.

    `rules`, `entries` or `teams` None (unreadable, reported already): what needs them is
    skipped.
    """
    found = Findings()
    found.problems += _stray_folders(folder, within, rounds)
    found.warnings += _rounds_without_results(season_doc, season_file, rounds)
    if rules is not None:
        found.warnings += _fastest_laps_unknown(folder, rules, rounds)
    own = _own_rules(folder, within, season_doc, season_file) if rules is not None else None
    if own is not None:
        found.problems += _selectors(own, rounds)
    if rules is not None and entries:  # no entries at all: nothing is entered yet
        found.problems += _competitors(own, rules, entries, season_file)
        if own is not None:
            found.problems += _flags(own, entries)
    if own is not None and teams is not None:
        found.problems += _count_as(own, teams)
    return found


# -- the season's own rules ------------------------------------------------------------------


def _own_rules(folder: Path, within: Folder, doc: Any, season_file: str) -> _RulesDoc | None:
    spec = doc.get("rules") if isinstance(doc, dict) else None
    if isinstance(spec, dict):
        return _RulesDoc(doc, ["rules"], season_file)
    if not isinstance(spec, str):
        return None
    name = str(folder / spec)
    try:
        # Read again for its lines: the loaded rules keep the resolved document only, and
        # this file loaded once already, so reading it cannot fail but for a race.
        rules_doc = load_yaml(within.inside(spec, folder), name)
    except (Outside, ValidationError):
        return None
    return _RulesDoc(rules_doc, [], name) if isinstance(rules_doc, dict) else None


def _blocks(doc: dict[str, Any]) -> Iterator[tuple[list[Any], dict[str, Any]]]:
    """`defaults` and each classification: the mappings that carry scoring, flags, listing."""
    defaults = doc.get("defaults")
    if isinstance(defaults, dict):
        yield ["defaults"], defaults
    classifications = doc.get("classifications")
    if isinstance(classifications, dict):
        for cid, spec in classifications.items():
            if isinstance(spec, dict):  # null removes an inherited classification
                yield ["classifications", cid], spec


# -- session selectors -----------------------------------------------------------------------


def _selector_sites(doc: dict[str, Any]) -> Iterator[tuple[list[Any], Any, Any]]:
    """(path, selector as written, the rounds it is about or None) of every selector."""
    for i, item in enumerate(doc.get("overrides") or []):
        if isinstance(item, dict) and "session" in item:
            yield ["overrides", i, "session"], item["session"], item.get("rounds")
    for base, spec in _blocks(doc):
        for key in ("scoring", "bonuses", "overrides", "tie_break"):
            for i, item in enumerate(spec.get(key) or []):
                if isinstance(item, dict) and "session" in item:
                    rounds = item.get("rounds") if key == "overrides" else None
                    yield [*base, key, i, "session"], item["session"], rounds
                grid = item.get("best_grid") if isinstance(item, dict) else None
                if isinstance(grid, dict) and "sessions" in grid:
                    yield from _one_or_many([*base, key, i, "best_grid", "sessions"], grid)
        if "listing_session" in spec:
            yield [*base, "listing_session"], spec["listing_session"], None
        listing = spec.get("listing")
        if isinstance(listing, dict) and "sessions" in listing:
            yield from _one_or_many([*base, "listing", "sessions"], listing)


def _one_or_many(path: list[Any], spec: dict[str, Any]) -> Iterator[tuple[list[Any], Any, Any]]:
    """`sessions:` of a listing or a best-grid step: one selector or a list of them."""
    chosen = spec["sessions"]
    if isinstance(chosen, list):
        for j, one in enumerate(chosen):
            yield [*path, j], one, None
    else:
        yield path, chosen, None


def selector_of(value: Any) -> SessionSelector | None:
    """A selector as the rules loader reads it: a kind or a session id, or a mapping."""
    if isinstance(value, str):
        if value in SessionKind._value2member_map_:
            return SessionSelector(kind=SessionKind(value))
        return SessionSelector(ids=frozenset({value}))
    if isinstance(value, dict):
        ids = value.get("id")
        kind = value.get("kind")
        return SessionSelector(
            kind=SessionKind(kind) if isinstance(kind, str) and kind in list(SessionKind) else None,
            ids=frozenset([ids] if isinstance(ids, str) else ids) if ids is not None else None,
            segment=value.get("segment"),
        )
    return None


def _selectors(own: _RulesDoc, rounds: list[Round]) -> list[Problem]:
    problems: list[Problem] = []
    everywhere = [s for r in rounds for s in r.sessions]
    if not everywhere:
        return problems  # a calendar without sessions yet: nothing to hold selectors to
    by_number = {r.number: r for r in rounds}
    for path, value, round_spec in _selector_sites(own.root):
        selector = selector_of(value)
        if selector is None:
            continue
        sessions, where = everywhere, "any round"
        if round_spec is not None:
            try:
                numbers = parse_rounds(round_spec)
            except ValueError:
                continue  # reported by the rules loader
            held = sorted(n for n in numbers if n in by_number)
            if not held:
                problems.append(
                    own.at(
                        [*path[:-1], "rounds"],
                        f"no round of {_rounds_text(round_spec)} is in the calendar "
                        f"(rounds: {_names(str(n) for n in sorted(by_number))})",
                    )
                )
                continue
            sessions = [s for n in held for s in by_number[n].sessions]
            where = f"rounds {_rounds_text(round_spec)}" if len(held) > 1 else f"round {held[0]}"
        if any(selector.matches(s) for s in sessions):
            continue
        ids = sorted({s.id for s in sessions})
        kinds = sorted({s.kind.value for s in sessions})
        problems.append(
            own.at(
                path,
                f"{_shown(value)} matches no session of {where} (sessions: {_names(ids)}; "
                f"kinds: {', '.join(kinds)}){_selector_hint(value, selector, sessions)}",
            )
        )
    return problems


def _selector_hint(value: Any, selector: SessionSelector, sessions: list[Session]) -> str:
    ids = {s.id for s in sessions}
    kinds = {s.kind.value for s in sessions}
    if isinstance(value, str):
        return _did_you_mean(value, ids | kinds)
    if selector.ids is not None:
        unknown = sorted(selector.ids - ids)
        if unknown:
            return _did_you_mean(unknown[0], ids)
        named = sorted({s.kind.value for s in sessions if s.id in selector.ids})
        quoted = ", ".join(repr(i) for i in sorted(selector.ids))
        return f"; session {quoted} is of kind {', '.join(named)}"
    of_kind = [s for s in sessions if selector.kind is None or s.kind is selector.kind]
    segments = sorted({s.segment for s in of_kind if s.segment is not None})
    if of_kind and segments and selector.segment is None:
        return (
            f"; these sessions have segments ({', '.join(segments)}): "
            "give one, or segment: '*' for any"
        )
    if selector.segment not in (None, "*") and segments:
        return _did_you_mean(str(selector.segment), set(segments))
    return ""


# -- eligibility and organisations ------------------------------------------------------------


def _flags(own: _RulesDoc, entries: tuple[Entry, ...]) -> list[Problem]:
    carried = sorted({f for e in entries for f in e.flags})
    listed = f"flags in entries.csv: {_names(carried)}" if carried else "no entry has flags"
    problems: list[Problem] = []
    for base, spec in _blocks(own.root):
        sites: list[tuple[list[Any], Any, str]] = []
        eligible = spec.get("eligible")
        if isinstance(eligible, dict):
            for key in ("flags_all", "flags_none"):
                for j, flag in enumerate(eligible.get(key) or []):
                    sites.append(([*base, "eligible", key, j], flag, key))
        cars = spec.get("cars")
        if isinstance(cars, dict) and "flag" in cars:
            sites.append(([*base, "cars", "flag"], cars["flag"], "cars"))
        for path, flag, key in sites:
            if not isinstance(flag, str) or flag in carried:
                continue
            hint = _did_you_mean(flag, set(carried))
            if key == "flags_none" and not hint:
                # A rule for entries still to come (no wildcard has entered yet): it keeps
                # out no one today, and wrongly so only if a flag was misspelt.
                continue
            effect = {
                "flags_all": ": no entry is eligible",
                "flags_none": "",
                "cars": ": no car scores",
            }[key]
            problems.append(
                own.at(path, f"no entry carries the flag {flag!r}{effect} ({listed}){hint}")
            )
    return problems


def _count_as(own: _RulesDoc, teams: Mapping[str, Team]) -> list[Problem]:
    """`count_as: {gasgas: ktm}`: both ids must be organisations of teams.csv; a misspelt
    brand would otherwise score as itself, a misspelt parent as a name-less competitor."""
    problems: list[Problem] = []
    known = set(teams)
    for base, spec in _blocks(own.root):
        mapping = spec.get("count_as")
        if not isinstance(mapping, dict):
            continue
        for brand, parent in mapping.items():
            for role, ident in (("organisation", brand), ("parent", parent)):
                if not isinstance(ident, str) or ident in known:
                    continue
                problems.append(
                    own.at(
                        [*base, "count_as", brand],
                        f"unknown {role} {ident!r}: not in teams.csv{_did_you_mean(ident, known)}",
                    )
                )
    return problems


def _competitors(
    own: _RulesDoc | None, rules: Rules, entries: tuple[Entry, ...], season_file: str
) -> list[Problem]:
    problems: list[Problem] = []
    for cid, cls in rules.classifications.items():
        column = _ORGANISATIONS.get(cls.competitor)
        if column is None or any(e.organisation(column) for e in entries):
            continue
        message = (
            f"classification {cid!r} ranks each {cls.competitor}, but no entry names a "
            f"{cls.competitor} (the {column} column of entries.csv is empty): "
            "its table would be empty"
        )
        written = own.root.get("classifications") if own is not None else None
        if not isinstance(written, dict) or cid not in written:
            message += f" (inherited: `{cid}: null` under classifications removes it)"
        path: list[Any] = ["classifications", cid, "competitor"]
        if own is not None:
            problems.append(own.at(path, message))
        else:
            problems.append(Problem(season_file, None, field_name(path), message))
    return problems


# -- folders and rounds ------------------------------------------------------------------------


def _stray_folders(folder: Path, within: Folder, rounds: list[Round]) -> list[Problem]:
    """A folder of results that no round reads: its classifications would be ignored."""
    known = {r.folder for r in rounds}
    tops = {Path(f).parts[0] for f in known if Path(f).parts}
    problems: list[Problem] = []
    try:
        children = sorted(p for p in folder.iterdir() if p.is_dir())
    except OSError:
        return problems
    for child in children:
        name = child.name
        if name in tops or name.startswith("."):
            continue
        try:
            within.check(child)  # a link out of the folder is not looked into
            looks_like_round = name.isdigit() or any(child.glob("*.csv"))
        except (Outside, OSError):
            continue
        if not looks_like_round:
            continue  # stories, logos, notes: not results
        by_number = [r.folder for r in rounds if name.isdigit() and r.number == int(name)]
        hint = f"; did you mean {by_number[0]!r}?" if by_number else _did_you_mean(name, known)
        problems.append(
            Problem(
                str(folder / name),
                None,
                "-",
                f"folder {name!r} is no round's folder, so nothing in it is read "
                f"(round folders: {_names(sorted(known)) or 'none'}){hint}",
            )
        )
    return problems


def _rounds_without_results(doc: Any, season_file: str, rounds: list[Round]) -> list[Problem]:
    calendar = doc.get("calendar") if isinstance(doc, dict) else None
    index = {
        spec.get("round"): i for i, spec in enumerate(calendar or []) if isinstance(spec, dict)
    }
    out: list[Problem] = []
    for rnd in rounds:
        if rnd.status is not RoundStatus.HELD or any(s.results for s in rnd.sessions):
            continue
        if rnd.sessions and all(getattr(s, "cancelled", False) for s in rnd.sessions):
            continue  # every session called off: no classification is to come
        path: list[Any] = ["calendar", index.get(rnd.number, 0), "status"]
        file, line = locate(doc, path, (season_file, 1))
        sessions = ", ".join(f"{s.id}.csv" for s in rnd.sessions) or "no session"
        out.append(
            Problem(
                file,
                line,
                field_name(path),
                f"round {rnd.number} is held but has no classification yet "
                f"(no results file in {rnd.folder}/: {sessions})",
            )
        )
    return out


def _fastest_laps_unknown(folder: Path, rules: Rules, rounds: list[Round]) -> list[Problem]:
    """A fastest-lap bonus over a session whose file names no fastest lap awards nobody: say
    so, since the standings would otherwise quietly lack the point."""
    out: list[Problem] = []
    for cid, classification in rules.classifications.items():
        wanted = [b for b in classification.bonuses if b.holder == "fastest_lap"]
        for rnd in rounds:
            for session in rnd.sessions:
                if not session.results or not any(b.session.matches(session) for b in wanted):
                    continue
                if any(r.fastest_lap or r.fastest_lap_rank for r in session.results):
                    continue
                bonus = next(b.name for b in wanted if b.session.matches(session))
                out.append(
                    Problem(
                        str(folder / rnd.folder / f"{session.id}.csv"),
                        None,
                        "fastest_lap",
                        f"{cid}: the rules award a bonus ({bonus!r}) for the fastest lap of "
                        "this session, but no line gives a fastest lap, so nobody gets it: "
                        "add a fastest_lap (or fastest_lap_rank) column, or remove the bonus",
                    )
                )
    return out


# -- wording ------------------------------------------------------------------------------------


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _names(names: Iterable[str]) -> str:
    listed = list(names)
    if len(listed) > _LISTED:
        return ", ".join(listed[:_LISTED]) + f", … ({len(listed)} in all)"
    return ", ".join(listed)


def _rounds_text(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _shown(value: Any) -> str:
    """A selector or round list as the rules file writes it: 'race', {kind: qualifying}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)
