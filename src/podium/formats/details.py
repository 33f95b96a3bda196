"""The optional reference values of a season folder, beside what scoring reads.

Ergast-style answers (and press kits) want more than the standings do: a driver's given
and family names, date of birth and permanent number; a circuit's id, full name and
position; when each session was to start; each qualifying segment's time, why a car
retired, on which lap its fastest lap fell; the pit stops. F1DB carries them, and any
series may give them in its own folder (docs/formats.md, "Reference values"):

    drivers.csv                given_name, family_name, born, permanent_number
    season.yaml, a round       circuit_id, circuit_name, latitude, longitude, schedule
    <session>.csv              q1, q2, q3, reason, fastest_lap_lap
    <round folder>/pit-stops.csv   car, driver, stop, lap, duration, time_of_day

All optional; a value that is not what its column says is a problem at its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, time
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.csvsrc import Row, read_rows
from podium.model.calendar import PitStop, Slot
from podium.model.values import MAX_COUNT, BadValue, lap_time, whole

DRIVER_COLUMNS: tuple[str, ...] = ("given_name", "family_name", "born", "permanent_number")
# Qualifying segments: column -> the segment it times.
SEGMENT_COLUMNS: tuple[tuple[str, str], ...] = (("q1", "Q1"), ("q2", "Q2"), ("q3", "Q3"))
RESULT_COLUMNS: tuple[str, ...] = (*(c for c, _ in SEGMENT_COLUMNS), "reason", "fastest_lap_lap")
PIT_STOPS_FILE = "pit-stops.csv"  # in a round's folder; no session may be called pit-stops
PIT_STOP_COLUMNS: tuple[str, ...] = ("car", "driver", "stop", "lap", "duration", "time_of_day")
_NUMBER = re.compile(r"^[0-9]{1,3}$")
_CLOCK = re.compile(r"^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,3})?)?$")


def driver_details(row: Row, problems: list[Problem]) -> dict[str, Any]:
    """Driver(...) keywords from a drivers.csv row's optional columns."""
    born: date | None = None
    if row.get("born"):
        try:
            born = date.fromisoformat(row.get("born"))
        except ValueError:
            problems.append(row.problem("born", f"{row.get('born')!r} is not a date (YYYY-MM-DD)"))
    number = row.get("permanent_number") or None
    if number is not None and not _NUMBER.match(number):
        problems.append(row.problem("permanent_number", f"{number!r} is not a car number"))
        number = None
    return {
        "given_name": row.get("given_name") or None,
        "family_name": row.get("family_name") or None,
        "born": born,
        "permanent_number": number,
    }


def result_details(row: Row, problems: list[Problem]) -> dict[str, Any]:
    """Result(...) keywords from a session CSV row's optional columns."""
    segments: list[tuple[str, str]] = []
    for column, segment in SEGMENT_COLUMNS:
        value = row.get(column)
        if not value:
            continue
        try:
            segments.append((segment, lap_time(value)))
        except BadValue as exc:
            problems.append(row.problem(column, str(exc)))
    lap: int | None = None
    if row.get("fastest_lap_lap"):
        try:
            lap = whole(row.get("fastest_lap_lap"), 0, MAX_COUNT)
        except BadValue as exc:
            problems.append(row.problem("fastest_lap_lap", str(exc)))
    return {
        "segment_times": tuple(segments),
        "reason": row.get("reason") or None,
        "fastest_lap_lap": lap,
    }


def round_details(
    spec: Mapping[str, Any], at: Callable[[list[Any], str], None], path: list[Any]
) -> dict[str, Any]:
    """Round(...) keywords from a calendar entry's optional keys (the schema checked their
    shapes); `at(path, message)` reports a problem at a key's line."""
    schedule: list[Slot] = []
    for k, slot in enumerate(spec.get("schedule") or ()):
        where = [*path, "schedule", k]
        try:
            day = date.fromisoformat(str(slot.get("date")))
        except ValueError:
            at([*where, "date"], f"{slot.get('date')!r} is not a date (YYYY-MM-DD)")
            continue
        clock: time | None = None
        if slot.get("time") is not None:
            text = str(slot["time"])
            try:
                clock = time.fromisoformat(text) if _CLOCK.match(text) else None
            except ValueError:
                clock = None
            if clock is None:
                at([*where, "time"], f"{text!r} is not a time of day (HH:MM, UTC)")
                continue
        schedule.append(Slot(str(slot["session"]), day, clock))

    def degrees(key: str) -> float | None:
        value = spec.get(key)
        return None if value is None else float(value)

    return {
        "circuit_id": spec.get("circuit_id"),
        "circuit_name": spec.get("circuit_name"),
        "latitude": degrees("latitude"),
        "longitude": degrees("longitude"),
        "schedule": tuple(schedule),
    }


def read_pit_stops(
    path: Path, name: str, cars: set[str] | None, drivers: Mapping[str, object] | None
) -> tuple[PitStop, ...]:
    """A round's pit-stops.csv; ValidationError listing every bad line. `cars`, `drivers`:
    the round's cars and the season's drivers, if known (an unknown one is a problem)."""
    problems: list[Problem] = []
    stops: list[PitStop] = []
    required = {"car", "driver", "stop", "lap"}
    for row in read_rows(path, name, required, set(PIT_STOP_COLUMNS), problems):
        car, driver = row.get("car"), row.get("driver")
        if cars is not None and car not in cars:
            problems.append(row.problem("car", f"car {car!r} has no entry for this round"))
        if drivers is not None and driver not in drivers:
            problems.append(row.problem("driver", f"unknown driver {driver!r} (drivers.csv)"))
        counts: dict[str, int] = {}
        for column in ("stop", "lap"):
            try:
                counts[column] = whole(row.get(column), 0, MAX_COUNT)
            except BadValue as exc:
                problems.append(row.problem(column, str(exc)))
        duration: str | None = None
        if row.get("duration"):
            try:
                duration = lap_time(row.get("duration"))
            except BadValue as exc:
                problems.append(row.problem("duration", str(exc)))
        clock = row.get("time_of_day") or None
        if clock is not None and not _CLOCK.match(clock):
            problems.append(
                row.problem("time_of_day", f"{clock!r} is not a time of day (HH:MM:SS)")
            )
        if len(counts) == 2:
            stops.append(PitStop(car, driver, counts["stop"], counts["lap"], duration, clock))
    if problems:
        raise ValidationError(problems)
    return tuple(stops)
