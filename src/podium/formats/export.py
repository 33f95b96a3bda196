"""Write a season as a season folder: the one writer of podium's own format (docs/formats.md).

`export_season(season, folder)` writes season.yaml (series, calendar with each round's own
sessions, decisions, tie orders, terms, links), rules.yaml (the stored rules document, with
`extends` already resolved), drivers.csv, teams.csv, entries.csv and one CSV per session
with results. Reading the folder back (`podium.load_season`) gives an equal season, but for
what a folder cannot carry over: `Result.source_line` is the line of the written CSV, and
`warnings` (never compared) are the loader's own.

Decisions are written from the dataclass's fields, each one that differs from its default,
so a field added to `Decision` is written without a change here.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from podium.errors import PodiumError
from podium.formats import aliases as alias_format
from podium.formats import details
from podium.formats.columns import ENTRY_COLUMNS, RESULT_COLUMNS
from podium.formats.native import ALIASES_FILE, repeated_line
from podium.model.calendar import Round, RoundStatus
from podium.model.decision import Decision
from podium.model.result import Result, Status
from podium.model.season import Season, TieOrder
from podium.model.session import Session
from podium.model.terms import Terms


def export_season(season: Season, folder: str | Path) -> Path:
    """Write `season` into `folder` (made if missing; files of the same names replaced);
    the folder."""
    unwritable = _unwritable(season)
    if unwritable:
        raise PodiumError(
            f"{season.key} cannot be written as a season folder; nothing was written:\n"
            + "\n".join(f"  {line}" for line in unwritable)
        )
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "season.yaml", _yaml(season_document(season)))
    _write(root / "rules.yaml", _yaml(season.rules.document))
    drivers = [
        {"id": d.id, "name": d.name, "nationality": d.nationality, "abbreviation": d.abbreviation}
        | {column: getattr(d, column) for column in details.DRIVER_COLUMNS}
        for d in season.drivers.values()
    ]
    _write(
        root / "drivers.csv",
        _csv_used(("id", "name", "nationality", "abbreviation"), details.DRIVER_COLUMNS, drivers),
    )
    _write(
        root / "teams.csv",
        _csv(
            ("id", "name", "nationality"),
            [(t.id, t.name, t.nationality) for t in season.teams.values()],
        ),
    )
    _write(
        root / "entries.csv",
        _csv(
            ENTRY_COLUMNS,
            [
                (
                    e.car,
                    ";".join(e.drivers),
                    e.team,
                    e.constructor,
                    e.manufacturer,
                    e.chassis,
                    e.engine,
                    ";".join(sorted(e.flags)),
                    None if e.rounds is None else ",".join(str(r) for r in sorted(e.rounds)),
                )
                for e in season.entries
            ],
        ),
    )
    for rnd in season.rounds:
        for session in rnd.sessions:
            if session.results:
                path = root / (rnd.folder or f"{rnd.number:02d}") / f"{session.id}.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
                _write(path, results_csv(session.results))
        if rnd.pit_stops:
            path = root / (rnd.folder or f"{rnd.number:02d}") / details.PIT_STOPS_FILE
            path.parent.mkdir(parents=True, exist_ok=True)
            rows = [
                (p.car, p.driver, p.stop, p.lap, p.duration, p.time_of_day) for p in rnd.pit_stops
            ]
            _write(path, _csv(details.PIT_STOP_COLUMNS, rows))
    if season.aliases:
        aliases = [dataclasses.asdict(a) for a in season.aliases.rows]
        text = _csv_used(alias_format.COLUMNS, alias_format.NAMED_COLUMNS, aliases)
        _write(root / ALIASES_FILE, text)
    return root


def _unwritable(season: Season) -> list[str]:
    """What a season folder cannot say: a session's CSV lists a car again only for other
    drivers (F1DB's 1976 Japanese GP: car 21 qualified by Binder and by Kuwashima), so the
    same car twice with the same drivers, or with a line naming none, would load back as a
    problem."""
    out = []
    for rnd in season.rounds:
        for session in rnd.sessions:
            seen: dict[str, list[tuple[int, frozenset[str]]]] = {}
            twice: set[str] = set()
            for n, result in enumerate(session.results):
                crew = frozenset(result.drivers)
                before = seen.setdefault(result.car, [])
                if repeated_line(before, crew) is not None:
                    twice.add(result.car)
                before.append((n, crew))
            if twice:
                out.append(
                    f"{rnd.folder or f'{rnd.number:02d}'}/{session.id}.csv: car(s) "
                    f"{', '.join(sorted(twice))} listed more than once with the same drivers "
                    "(a session file lists a car again only for other drivers)"
                )
    return out


def season_document(season: Season) -> dict[str, Any]:
    """season.yaml's content for `season`, its rules in rules.yaml beside it."""
    series: dict[str, Any] = {"id": season.series.id, "name": season.series.name}
    if season.series.short_name is not None:
        series["short_name"] = season.series.short_name
    doc: dict[str, Any] = {
        "version": 1,
        "series": series,
        "year": season.year,
        "name": season.name,
        "rules": "rules.yaml",
    }
    if season.links:
        doc["links"] = dict(season.links)
    if season.terms != Terms():
        doc["terms"] = season.terms.as_dict()
    doc["calendar"] = [_round(rnd) for rnd in season.rounds]
    if season.decisions:
        doc["decisions"] = [decision_fields(d) for d in season.decisions]
    if season.tie_orders:
        doc["tie_orders"] = [_tie_order(t) for t in season.tie_orders]
    return doc


def decision_fields(decision: Decision) -> dict[str, Any]:
    """A decision as season.yaml writes it: `kind` and `round`, then every other field that
    differs from its default, as YAML values (the API's audit trail shows these too)."""
    out: dict[str, Any] = {}
    for spec in dataclasses.fields(decision):
        value = getattr(decision, spec.name)
        required = spec.name in ("kind", "round")
        if not required and spec.default is not dataclasses.MISSING and value == spec.default:
            continue
        if value is None and not required:
            continue
        out[spec.name] = plain(value)
    return out


def plain(value: Any) -> Any:
    """A model value as YAML writes it: an enum as its value, an exact number as an integer
    or `"n/d"`, a set as a sorted list."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _round(rnd: Round) -> dict[str, Any]:
    out: dict[str, Any] = {"round": rnd.number, "name": rnd.name}
    optional: dict[str, Any] = {
        "start": rnd.start,
        "end": rnd.end,
        "circuit": rnd.circuit,
        "venue": rnd.venue,
        "country": rnd.country,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if rnd.status is not RoundStatus.SCHEDULED:
        out["status"] = rnd.status.value
    out["folder"] = rnd.folder or f"{rnd.number:02d}"
    if rnd.announced is not None:
        out["announced"] = rnd.announced
    if rnd.cancelled_on is not None:
        out["cancelled_on"] = rnd.cancelled_on
    if rnd.facts:
        out["facts"] = dict(rnd.facts)
    reference = {
        "circuit_id": rnd.circuit_id,
        "circuit_name": rnd.circuit_name,
        "latitude": rnd.latitude,
        "longitude": rnd.longitude,
    }
    out.update({k: v for k, v in reference.items() if v is not None})
    if rnd.schedule:
        out["schedule"] = [
            {"session": slot.session, "date": slot.day}
            | ({} if slot.time is None else {"time": slot.time.isoformat()})
            for slot in rnd.schedule
        ]
    # Every round lists its own sessions (an empty list: none), so no template is needed.
    out["sessions"] = [_session(s) for s in rnd.sessions]
    return out


def _session(session: Session) -> dict[str, Any]:
    # Written from the dataclass's fields: each one that differs from its default, under
    # its own name (season.yaml's session keys are the fields' names).
    out: dict[str, Any] = {"id": session.id, "kind": session.kind.value, "name": session.name}
    for spec in dataclasses.fields(session):
        if spec.name in out or spec.name in ("results", "awards"):
            continue
        value = getattr(session, spec.name)
        if spec.default is not dataclasses.MISSING and value == spec.default:
            continue
        if value is None:
            continue
        out[spec.name] = plain(value)
    if session.awards:
        out["awards"] = {
            award: holders[0] if len(holders) == 1 else list(holders)
            for award, holders in session.awards.items()
        }
    return out


def _tie_order(order: TieOrder) -> dict[str, Any]:
    out: dict[str, Any] = {
        "classification": order.classification,
        "after_round": order.after_round,
        "order": [group[0] if len(group) == 1 else list(group) for group in order.groups],
    }
    if order.reason is not None:
        out["reason"] = order.reason
    return out


def results_csv(results: tuple[Result, ...]) -> str:
    """A session's classification as its CSV file (with the reference columns it uses)."""
    rows = []
    for result in results:
        row = dict(zip(RESULT_COLUMNS, _result_row(result), strict=True))
        times = dict(result.segment_times)
        row |= {column: times.get(segment) for column, segment in details.SEGMENT_COLUMNS}
        rows.append(row | {"reason": result.reason, "fastest_lap_lap": result.fastest_lap_lap})
    return _csv_used(RESULT_COLUMNS, details.RESULT_COLUMNS, rows)


def _csv_used(
    columns: tuple[str, ...], optional: tuple[str, ...], rows: list[dict[str, Any]]
) -> str:
    """`columns`, then those of `optional` that some row has a value in."""
    used = tuple(c for c in optional if any(row.get(c) is not None for row in rows))
    every = (*columns, *used)
    return _csv(every, [tuple(row.get(c) for c in every) for row in rows])


def _result_row(result: Result) -> tuple[Any, ...]:
    classified = result.status is Status.CLASSIFIED
    return (
        result.position if classified else None,
        result.car,
        ";".join(result.drivers),
        None if classified else result.status.value,
        result.laps,
        result.time,
        result.gap,
        result.grid,
        result.fastest_lap,
        result.fastest_lap_rank,
        None if result.shares is None else ";".join(str(plain(s)) for s in result.shares),
        result.note,
    )


def _csv(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if cell is None else str(cell) for cell in row])
    return out.getvalue()


def _yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


__all__ = ["decision_fields", "export_season", "plain", "results_csv", "season_document"]
