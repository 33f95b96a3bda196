"""The audit trail: every write of a season, recorded in that write's own transaction.

An entry says when (UTC), by whom (an API token's name; `cli <OS user>` for `podium import`),
how (`via`: cli, api, library), what kind of write (`action`: import, results, decision) and
what changed: a list of parts, each `{"part": ..., "key": ..., "change": added|removed|
changed, "before": ..., "after": ...}` (a session's before and after are its fields and its
CSV text; a decision's, its fields as season.yaml writes them), and the reason given.

`lost_changes` tells which changes made through the API since the last import a season about
to be imported lacks: an import of a folder that would discard them is refused unless told
to replace (`Change(keep=False)`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import Connection, func, insert, select

from podium.errors import PodiumError
from podium.formats.export import decision_fields, plain, results_csv
from podium.model.calendar import Round
from podium.model.decision import Decision
from podium.model.season import Season
from podium.model.session import Session
from podium.storage.tables import ChangeRow

ACTIONS = ("import", "results", "decision")


@dataclass(frozen=True, slots=True)
class Change:
    """Who makes a write and why; `keep`: refuse an import that would discard changes made
    through the API since the last import (the folder lacks them)."""

    action: str = "import"
    by: str = "podium"
    via: str = "library"
    reason: str | None = None
    keep: bool = False


class UnsavedChanges(PodiumError):
    """An import would discard changes made through the API since the last import; nothing
    was written. `lines`: one line per change."""

    def __init__(self, key: str, lines: list[str]) -> None:
        self.key = key
        self.lines = lines
        listed = "\n".join(f"  {line}" for line in lines)
        super().__init__(
            f"importing {key} would discard {len(lines)} change(s) the folder lacks:\n{listed}\n"
            "nothing was written; export the season (podium export season) to keep them, or "
            "import with --replace to discard them"
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded write of a season."""

    id: int
    series: str
    year: int
    version: int
    at: dt.datetime  # UTC
    by: str
    via: str
    action: str
    summary: str
    reason: str | None
    changes: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z"),
            "by": self.by,
            "via": self.via,
            "action": self.action,
            "version": self.version,
            "summary": self.summary,
            "reason": self.reason,
            "changes": self.changes,
        }


def jsonable(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _fields(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {f.name: jsonable(getattr(obj, f.name)) for f in fields(obj) if f.name not in skip}


def decision_json(decision: Decision) -> dict[str, Any]:
    return {k: jsonable(v) for k, v in decision_fields(decision).items()}


def session_json(session: Session) -> dict[str, Any]:
    out = _fields(session, ("results",))
    out["results"] = len(session.results)
    out["csv"] = results_csv(session.results) if session.results else ""
    return out


def _plain_results(session: Session) -> tuple[Any, ...]:
    # What the line a result came from is does not make it another result.
    return tuple(replace(r, source_line=None) for r in session.results)


def _same_session(a: Session, b: Session) -> bool:
    return replace(a, results=()) == replace(b, results=()) and _plain_results(a) == _plain_results(
        b
    )


def differences(old: Season | None, new: Season) -> list[dict[str, Any]]:
    """What changes from `old` (None: nothing stored) to `new`, part by part."""
    out: list[dict[str, Any]] = []

    def add(part: str, key: Any, before: Any, after: Any) -> None:
        change = "added" if before is None else "removed" if after is None else "changed"
        out.append({"part": part, "key": key, "change": change, "before": before, "after": after})

    if old is None:
        add(
            "season",
            new.key,
            None,
            {
                "name": new.name,
                "rounds": len(new.rounds),
                "held": new.last_held_round(),
                "entries": len(new.entries),
                "decisions": len(new.decisions),
            },
        )
        return out
    for name in ("name", "links", "terms", "series"):
        if getattr(old, name) != getattr(new, name):
            add(
                "season",
                name,
                jsonable(_fields_or(getattr(old, name))),
                jsonable(_fields_or(getattr(new, name))),
            )
    if old.rules.document != new.rules.document or old.rules != new.rules:
        add("rules", "rules", jsonable(old.rules.document), jsonable(new.rules.document))
    old_rounds = {r.number: r for r in old.rounds}
    new_rounds = {r.number: r for r in new.rounds}
    for number in sorted(old_rounds.keys() | new_rounds.keys()):
        a, b = old_rounds.get(number), new_rounds.get(number)
        if a is not None and b is not None and _round_fields(a) != _round_fields(b):
            add("round", number, _round_fields(a), _round_fields(b))
        elif a is None or b is None:
            add("round", number, a and _round_fields(a), b and _round_fields(b))
        a_sessions = {s.id: s for s in a.sessions} if a else {}
        b_sessions = {s.id: s for s in b.sessions} if b else {}
        for sid in [*a_sessions, *(s for s in b_sessions if s not in a_sessions)]:
            sa, sb = a_sessions.get(sid), b_sessions.get(sid)
            if sa is not None and sb is not None and _same_session(sa, sb):
                continue
            add(
                "session",
                {"round": number, "session": sid},
                sa and session_json(sa),
                sb and session_json(sb),
            )
    for name, part in (("drivers", "driver"), ("teams", "team")):
        a_people, b_people = getattr(old, name), getattr(new, name)
        for ident in [*a_people, *(i for i in b_people if i not in a_people)]:
            pa, pb = a_people.get(ident), b_people.get(ident)
            if pa != pb:
                add(part, ident, pa and _fields(pa), pb and _fields(pb))
    if old.entries != new.entries:
        add(
            "entries",
            "entries",
            [_fields(e) for e in old.entries if e not in new.entries],
            [_fields(e) for e in new.entries if e not in old.entries],
        )
    _decisions(old, new, add)
    if old.tie_orders != new.tie_orders:
        add(
            "tie_orders",
            "tie_orders",
            [_fields(t) for t in old.tie_orders],
            [_fields(t) for t in new.tie_orders],
        )
    return out


def _fields_or(value: Any) -> Any:
    try:
        return _fields(value)
    except TypeError:
        return value


def _round_fields(rnd: Round) -> dict[str, Any]:
    out = _fields(rnd, ("sessions",))
    out["sessions"] = [s.id for s in rnd.sessions]
    return out


def _decisions(old: Season, new: Season, add: Any) -> None:
    # Decisions have no id: one is "the same" if all its fields are; numbered from 1 in the
    # season it is in.
    remaining = list(old.decisions)
    for number, decision in enumerate(new.decisions, 1):
        if decision in remaining:
            remaining.remove(decision)
        else:
            add("decision", number, None, decision_json(decision))
    for decision in remaining:
        add("decision", old.decisions.index(decision) + 1, decision_json(decision), None)


def summary(action: str, changes: list[dict[str, Any]]) -> str:
    """One line for a list of changes: `2 sessions, 1 decision changed`."""
    if not changes:
        return "no change"
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["part"]] = counts.get(change["part"], 0) + 1
    parts = ", ".join(
        f"{n} {p}{'s' if n > 1 and not p.endswith('s') else ''}" for p, n in counts.items()
    )
    return f"{action}: {parts}"


def record(
    connection: Connection,
    season: Season,
    version: int,
    change: Change,
    changes: list[dict[str, Any]],
) -> None:
    """Add the entry for a write of `season`, in the caller's transaction."""
    connection.execute(
        insert(ChangeRow).values(
            series_id=season.series.id,
            year=season.year,
            version=version,
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            by=change.by,
            via=change.via,
            action=change.action,
            summary=summary(change.action, changes),
            reason=change.reason,
            changes=changes,
        )
    )


def entries(
    connection: Connection, series_id: str, year: int, limit: int | None = None, offset: int = 0
) -> tuple[int, list[Entry]]:
    """The season's total number of entries, and entries newest first."""
    where = (ChangeRow.series_id == series_id, ChangeRow.year == year)
    total = connection.execute(select(func.count()).select_from(ChangeRow).where(*where))
    query = select(ChangeRow).where(*where).order_by(ChangeRow.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = connection.execute(query).all()
    return int(total.scalar_one()), [
        Entry(
            id=row.id,
            series=row.series_id,
            year=row.year,
            version=row.version,
            at=row.at,
            by=row.by,
            via=row.via,
            action=row.action,
            summary=row.summary,
            reason=row.reason,
            changes=list(row.changes or []),
        )
        for row in rows
    ]


def lost_changes(connection: Connection, new: Season) -> list[str]:
    """The changes made through the API since the last import (by any means) that `new`
    lacks, one line each, oldest first."""
    _, listed = entries(connection, new.series.id, new.year)
    since: list[Entry] = []
    for entry in listed:  # newest first
        if entry.action == "import":
            break
        since.append(entry)
    new_decisions = [decision_json(d) for d in new.decisions]
    lines: list[str] = []
    for entry in reversed(since):
        if entry.via != "api":
            continue
        when = entry.at.strftime("%Y-%m-%d %H:%M UTC")
        for change in entry.changes:
            how = f"through the API on {when} by {entry.by!r}"
            if change["part"] == "decision" and change["after"] is not None:
                fields_ = change["after"]
                if fields_ in new_decisions:
                    continue
                who = fields_.get("competitor") or fields_.get("car")
                what = f"{fields_['kind']}, round {fields_['round']}" + (
                    f", {who}" if who is not None else ""
                )
                lines.append(f"decision {change['key']} ({what}) added {how}")
            elif change["part"] == "session" and change["after"] is not None:
                key = change["key"]
                try:
                    session = new.round(key["round"]).session(key["session"])
                except KeyError:
                    session = None
                if session is not None and session_json(session)["csv"] == change["after"]["csv"]:
                    continue
                lines.append(
                    f"results of round {key['round']} {key['session']} "
                    f"({change['after']['results']} rows) written {how}"
                )
    return lines


__all__ = ["ACTIONS", "Change", "Entry", "UnsavedChanges", "differences", "entries", "record"]
