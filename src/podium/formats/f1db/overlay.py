"""Season data beside F1DB: what its classifications do not carry, each item with its source.

One YAML file per season (`src/podium/data/f1/<year>.yaml`, schema
`schemas/f1-overlay.schema.json`, format in docs/formats.md):

    sessions:        how a race ended, its scheduled distance, recorded award holders
    entry_flags:     flags of a car's entry in some rounds (f2, ineligible, ...)
    result_shares:   how a shared car's points divide among its drivers
    decisions:       off-track decisions, exactly as in season.yaml
    tie_orders:      published orders of equal points, exactly as in season.yaml

Reading is in two steps: `read_overlay` parses and schema-checks the file (before the season
is built, since entry flags shape the entries); `Overlay.apply` then checks every reference
against the built season and changes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.schemacheck import schema_problems
from podium.files.yamlsrc import LineDict, load_yaml
from podium.formats.native import DocProblems, read_decisions, read_tie_orders, season_schema
from podium.model.calendar import Round
from podium.model.decision import Decision
from podium.model.entry import Driver, Team
from podium.model.result import Result
from podium.model.season import TieOrder
from podium.model.session import Session, SessionEnd
from podium.model.values import BadValue, share
from podium.rules.loader import parse_rounds
from podium.rules.model import Rules

_SEASON_REF = "season.schema.json#/$defs/"


@cache
def _overlay_schema_text() -> str:
    return resources.files("podium").joinpath("schemas/f1-overlay.schema.json").read_text("utf-8")


def overlay_schema() -> dict[str, Any]:
    """The overlay schema with season.schema.json's definitions it refers to inlined."""
    schema: dict[str, Any] = json.loads(_overlay_schema_text())
    season_defs = season_schema()["$defs"]
    defs = schema.setdefault("$defs", {})
    for name, definition in season_defs.items():
        defs.setdefault(name, definition)

    def local(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_SEASON_REF):
                node = {**node, "$ref": "#/$defs/" + ref.removeprefix(_SEASON_REF)}
            return {k: local(v) for k, v in node.items()}
        if isinstance(node, list):
            return [local(v) for v in node]
        return node

    out: dict[str, Any] = local(schema)
    return out


def bundled_overlay_dir() -> Path:
    return Path(str(resources.files("podium").joinpath("data/f1")))


@dataclass
class Overlay:
    """A parsed, schema-checked overlay document (empty when a season has none)."""

    doc: LineDict = field(default_factory=LineDict)
    name: str = ""

    @property
    def year(self) -> int | None:
        value = self.doc.get("year")
        return value if isinstance(value, int) else None

    def problem(self, path: list[Any], message: str) -> Problem:
        where = DocProblems(self.doc, self.name)
        where.at(path, message)
        return where.problems[0]

    def entry_flags(self) -> dict[tuple[int, str], frozenset[str]]:
        """(round, car) -> flags to add to that car's entry in that round."""
        out: dict[tuple[int, str], set[str]] = {}
        for spec in self.doc.get("entry_flags") or []:
            value = spec["round"] if "round" in spec else spec["rounds"]
            for number in parse_rounds(value):
                out.setdefault((number, str(spec["car"])), set()).update(spec["flags"])
        return {key: frozenset(flags) for key, flags in out.items()}

    def entry_flag_problems(self, cars: dict[int, set[str]]) -> list[Problem]:
        """Flags for a round or car that the season does not have."""
        where = DocProblems(self.doc, self.name)
        for i, spec in enumerate(self.doc.get("entry_flags") or []):
            value = spec["round"] if "round" in spec else spec["rounds"]
            key = "round" if "round" in spec else "rounds"
            for number in sorted(parse_rounds(value)):
                if number not in cars:
                    where.at(["entry_flags", i, key], f"no round {number} in the season")
                elif str(spec["car"]) not in cars[number]:
                    where.at(["entry_flags", i, "car"], f"no car {spec['car']} in round {number}")
        return where.problems

    def apply_sessions(self, rounds: list[Round]) -> tuple[list[Round], list[Problem]]:
        """Rounds with the session facts and result shares of the overlay applied."""
        where = DocProblems(self.doc, self.name)
        by_number = {r.number: i for i, r in enumerate(rounds)}
        out = list(rounds)

        def find(key: str, i: int, spec: Any) -> tuple[int, int] | None:
            number = spec["round"]
            if number not in by_number:
                where.at([key, i, "round"], f"no round {number} in the season")
                return None
            rnd = out[by_number[number]]
            session_id = spec.get("session", "race")
            index = next((j for j, s in enumerate(rnd.sessions) if s.id == session_id), None)
            if index is None:
                known = ", ".join(s.id for s in rnd.sessions) or "none"
                where.at(
                    [key, i, "session" if "session" in spec else "round"],
                    f"round {number} has no session {session_id!r} (sessions: {known})",
                )
                return None
            return by_number[number], index

        def put(at: tuple[int, int], session: Session) -> None:
            rnd = out[at[0]]
            sessions = list(rnd.sessions)
            sessions[at[1]] = session
            out[at[0]] = replace(rnd, sessions=tuple(sessions))

        for i, spec in enumerate(self.doc.get("sessions") or []):
            at = find("sessions", i, spec)
            if at is None:
                continue
            session = out[at[0]].sessions[at[1]]
            changes: dict[str, Any] = {}
            for key in ("scheduled_laps", "completed_laps"):
                if key in spec:
                    changes[key] = int(spec[key])
            if "ended" in spec:
                changes["ended"] = SessionEnd(spec["ended"])
            if "awards" in spec:
                awards = dict(session.awards)
                for award, holders in spec["awards"].items():
                    listed = holders if isinstance(holders, list) else [holders]
                    awards[award] = tuple(str(h) for h in listed)
                    for h in listed:
                        if not _holder_known(session, str(h)):
                            where.at(
                                ["sessions", i, "awards", award],
                                f"{h!r} is neither a car nor a driver of this session",
                            )
                changes["awards"] = awards
            put(at, replace(session, **changes))

        for i, spec in enumerate(self.doc.get("result_shares") or []):
            at = find("result_shares", i, spec)
            if at is None:
                continue
            session = out[at[0]].sessions[at[1]]
            car = str(spec["car"])
            hits = [j for j, r in enumerate(session.results) if r.car == car]
            if len(hits) != 1:
                problem = "no result" if not hits else "several results"
                where.at(["result_shares", i, "car"], f"{problem} for car {car} in {session.id}")
                continue
            result = session.results[hits[0]]
            shares = _shares(where, i, spec["shares"], result)
            if shares is None:
                continue
            results = list(session.results)
            results[hits[0]] = replace(result, shares=shares)
            put(at, replace(session, results=tuple(results)))
        return out, where.problems

    def decisions(
        self,
        rules: Rules,
        drivers: dict[str, Driver],
        teams: dict[str, Team],
        rounds: list[Round],
    ) -> tuple[list[Decision], list[TieOrder], list[Problem]]:
        where = DocProblems(self.doc, self.name)
        numbers = {r.number for r in rounds}
        sessions = {r.number: {s.id: s for s in r.sessions} for r in rounds}
        decisions = read_decisions(where, rules, drivers, teams, numbers, sessions=sessions)
        tie_orders = read_tie_orders(where, rules, drivers, teams, numbers)
        return decisions, tie_orders, where.problems


def read_overlay(path: Path | None, shown: str | None = None) -> Overlay:
    """Parse and schema-check an overlay file; no file (None) is an empty overlay."""
    if path is None:
        return Overlay()
    name = shown or str(path)
    doc = load_yaml(path, name)
    if doc is None:
        return Overlay(LineDict(), name)
    if not isinstance(doc, LineDict):
        raise ValidationError([Problem(name, 1, "-", "the season data file must be a mapping")])
    problems = schema_problems(overlay_schema(), doc, (name, 1))
    if problems:
        raise ValidationError(problems)
    return Overlay(doc, name)


def _holder_known(session: Session, who: str) -> bool:
    return any(r.car == who or who in r.drivers for r in session.results)


def _shares(
    where: DocProblems, i: int, given: dict[str, Any], result: Result
) -> tuple[Fraction, ...] | None:
    path: list[Any] = ["result_shares", i, "shares"]
    if set(given) != set(result.drivers):
        crew = ", ".join(result.drivers)
        where.at(path, f"give a share for each driver of car {result.car}, and only them ({crew})")
        return None
    try:
        shares = tuple(share(given[d]) for d in result.drivers)
    except BadValue as exc:
        where.at(path, f"shares are numbers or fractions such as 1/3: {exc}")
        return None
    if not sum(shares):
        where.at(path, "at least one share must be above 0")
        return None
    return shares
