"""Build tiny seasons for tests: on disk (a season folder) or in memory (model objects).

On disk, each test states its season inline::

    folder = write_season(
        tmp_path,
        rules={"classifications": {"drivers": {"competitor": "driver", "scoring": [...]}}},
        entries=[{"car": 1, "drivers": "a"}, {"car": 2, "drivers": "b"}],
        results={1: {"race": ["2", "1"]}},  # round 1's race: car 2 won, car 1 second
    )
    season = podium.load_season(folder)

A result row is a car number (classified in the next place, in list order) or a mapping of
result CSV columns. Drivers and teams default to the ids the entries name; the calendar
defaults to one held round per round with results. Any of season.yaml, rules.yaml or a CSV
may instead be given as raw text, for tests of bad input.

In memory, `memory_season` builds a `Season` from the same kind of data without touching
the disk (fast enough for property tests).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

import podium
from podium.model import (
    Driver,
    Entry,
    Result,
    Round,
    RoundStatus,
    Season,
    Series,
    Session,
    SessionEnd,
    SessionKind,
    Status,
    Team,
)
from podium.model.decision import Decision
from podium.model.season import TieOrder
from podium.rules import parse_rules
from podium.standings import StandingsTable

Row = str | int | Mapping[str, Any]
RESULT_ORDER = ["position", "car", "drivers", "status", "laps", "grid", "fastest_lap"]
ENTRY_ORDER = ["car", "drivers", "team", "constructor", "manufacturer", "flags", "rounds"]
DEFAULT_SESSIONS: list[dict[str, Any]] = [{"id": "race", "kind": "race"}]


def csv_text(rows: Iterable[Mapping[str, Any]], order: Sequence[str] = ()) -> str:
    """Rows as CSV; columns in `order` first, then any others in order of appearance."""
    rows = list(rows)
    columns = [c for c in order if any(c in r for r in rows)]
    for r in rows:
        columns += [c for c in r if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if v is None else _cell(v) for k, v in r.items()})
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(str(v) for v in value)
    return str(value)


def result_rows(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """Bare car numbers become classified rows in list order; mappings stay as written."""
    out: list[dict[str, Any]] = []
    place = 0
    for row in rows:
        if isinstance(row, Mapping):
            out.append(dict(row))
            if row.get("position") not in (None, ""):
                place = int(row["position"])
        else:
            place += 1
            out.append({"position": place, "car": row})
    return out


def _ids(entries: Sequence[Mapping[str, Any]], column: str) -> list[str]:
    seen: list[str] = []
    for e in entries:
        value = e.get(column)
        items = value if isinstance(value, list | tuple) else str(value or "").split(";")
        for item in items:
            item = str(item).strip()
            if item and item not in seen:
                seen.append(item)
    return seen


def _write(path: Path, content: str | Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, Mapping):
        path.write_text(yaml.safe_dump(dict(content), sort_keys=False), encoding="utf-8")
    else:
        path.write_text(csv_text(content), encoding="utf-8")


def write_season(
    folder: Path,
    *,
    rules: Mapping[str, Any] | str,
    entries: Sequence[Mapping[str, Any]] | str,
    results: Mapping[int, Mapping[str, Sequence[Row] | str]] | None = None,
    drivers: Sequence[Mapping[str, Any]] | str | None = None,
    teams: Sequence[Mapping[str, Any]] | str | None = None,
    calendar: Sequence[Mapping[str, Any]] | None = None,
    sessions: Sequence[Mapping[str, Any]] | None = None,
    season: Mapping[str, Any] | str | None = None,
    **season_keys: Any,
) -> Path:
    """Write a season folder into `folder` and return it.

    `results` maps a round number to {session id: rows}; round N's files go in folder `NN`.
    `season_keys` (decisions=..., tie_orders=...) are added to the generated season.yaml;
    `season` replaces it entirely (a mapping, or raw text).
    """
    folder.mkdir(parents=True, exist_ok=True)
    results = results or {}
    entry_list: list[dict[str, Any]] = []
    if isinstance(entries, str):
        _write(folder / "entries.csv", entries)
    else:
        entry_list = [dict(e) for e in entries]
        _write(folder / "entries.csv", csv_text(entry_list, ENTRY_ORDER))
    if drivers is None:
        drivers = [{"id": d, "name": d.upper()} for d in _ids(entry_list, "drivers")]
    _write(folder / "drivers.csv", drivers)
    if teams is None:
        orgs = [
            t
            for column in ("team", "constructor", "manufacturer")
            for t in _ids(entry_list, column)
        ]
        teams = [{"id": t, "name": t.upper()} for t in dict.fromkeys(orgs)]
    if teams:
        _write(folder / "teams.csv", teams)
    _write(folder / "rules.yaml", rules)
    if season is None:
        if calendar is None:
            calendar = [
                {"round": n, "name": f"Round {n}", "status": "held"} for n in sorted(results)
            ]
        doc: dict[str, Any] = {
            "series": {"id": "test", "name": "Test Cup"},
            "year": 2025,
            "rules": "rules.yaml",
            "sessions": list(sessions) if sessions is not None else DEFAULT_SESSIONS,
            "calendar": [dict(c) for c in calendar],
        }
        doc.update(season_keys)
        _write(folder / "season.yaml", doc)
    else:
        _write(folder / "season.yaml", season)
    for number, by_session in results.items():
        for session_id, rows in by_session.items():
            path = folder / f"{number:02d}" / f"{session_id}.csv"
            if isinstance(rows, str):
                _write(path, rows)
            else:
                _write(path, csv_text(result_rows(rows), RESULT_ORDER))
    return folder


def load(folder: Path, **kwargs: Any) -> Season:
    """`write_season` then `podium.load_season`."""
    return podium.load_season(write_season(folder, **kwargs))


def points(table: StandingsTable) -> dict[str, Fraction]:
    """{competitor: exact points} of a standings table."""
    return {row.competitor: row.points for row in table.rows}


def order(table: StandingsTable) -> list[tuple[str, str]]:
    """[(position text, competitor)] of a standings table, top to bottom."""
    return [(row.position_text, row.competitor) for row in table.rows]


# -- in memory ------------------------------------------------------------------------------


def memory_season(
    rules: Mapping[str, Any],
    entries: Sequence[Entry],
    rounds: Sequence[Round],
    *,
    decisions: Sequence[Decision] = (),
    tie_orders: Sequence[TieOrder] = (),
) -> Season:
    """A `Season` from model objects and a rules mapping, without files."""
    people = sorted({d for e in entries for d in e.drivers})
    orgs = sorted(
        {o for e in entries for o in (e.team, e.constructor, e.manufacturer) if o is not None}
    )
    return Season(
        series=Series("test", "Test Cup"),
        year=2025,
        name="Test Cup 2025",
        rounds=tuple(rounds),
        drivers={d: Driver(d, d.upper()) for d in people},
        teams={t: Team(t, t.upper()) for t in orgs},
        entries=tuple(entries),
        rules=parse_rules(dict(rules), "rules.yaml"),
        decisions=tuple(decisions),
        tie_orders=tuple(tie_orders),
    )


def session(
    session_id: str,
    kind: str,
    results: Sequence[Result],
    *,
    segment: str | None = None,
    scheduled_laps: int | None = None,
    completed_laps: int | None = None,
    ended: str = "finished",
) -> Session:
    return Session(
        id=session_id,
        kind=SessionKind(kind),
        name=session_id,
        segment=segment,
        scheduled_laps=scheduled_laps,
        completed_laps=completed_laps,
        ended=SessionEnd(ended),
        results=tuple(results),
    )


def held_round(number: int, sessions: Sequence[Session], start: date | None = None) -> Round:
    return Round(
        number=number,
        name=f"Round {number}",
        start=start,
        status=RoundStatus.HELD,
        folder=f"{number:02d}",
        sessions=tuple(sessions),
    )


def classified(cars: Sequence[str], out: Sequence[tuple[str, Status]] = ()) -> list[Result]:
    """Results: `cars` classified in order, then `out` (car, status) unclassified."""
    rows = [Result(car=c, status=Status.CLASSIFIED, position=i) for i, c in enumerate(cars, 1)]
    return rows + [Result(car=c, status=s) for c, s in out]
