"""One F1DB race folder as a podium `Round`: its sessions, classifications and cars.

A race folder holds `race.yml` and one file per session F1DB has for it. Each becomes a
session of the round, in weekend order (see `SESSION_FILES`); `fastest-laps.yml` is no
session of its own but the fastest laps of the race's results. F1DB's `points` fields are
never read: podium computes points from the rules.

Fastest laps: every race result carries its driver's fastest lap and rank from
`fastest-laps.yml` (rank 1 for each holder of the fastest lap; ties share it). Where a holder's
car was shared, the rank would credit its whole crew, so the race session also records the
holders by driver id in `awards["fastest_lap"]` (F1DB says who set the lap).

Cars: a result's `car` is the F1DB car number. In a handful of races two different cars
(other constructor or engine) carry the same number; the second is `<number>b`, the third
`<number>c`, so that each car has one entry. The same car driven by two drivers who did not
share it (one took it over, the other did not start) keeps its number on two results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from datetime import time as dt_time
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.folder import read_bytes
from podium.formats.f1db.entrants import Entrant, SeasonEntrants
from podium.formats.f1db.source import (
    CIRCUITS,
    CONSTRUCTORS,
    DRIVERS,
    ENGINE_MANUFACTURERS,
    GRANDS_PRIX,
    F1DBSource,
    item_line,
    key_line,
    parse_text,
    parse_yaml,
)
from podium.formats.f1db.statuses import position_status
from podium.model.calendar import PitStop, Round, RoundStatus, Slot
from podium.model.result import Result
from podium.model.session import Session, SessionKind
from podium.model.values import (
    MAX_COUNT,
    BadValue,
    NotANumber,
    gap,
    lap_time,
    race_time,
    shown,
    whole_value,
)

_ITEM = re.compile(rb"^- ", re.MULTILINE)
FASTEST_LAP_AWARD = "fastest_lap"


@dataclass(frozen=True, slots=True)
class SessionFile:
    file: str
    id: str
    kind: SessionKind
    name: str
    segment: str | None = None
    columns: str = "timed"  # race | grid | qualifying | timed: which F1DB columns it has


RACE = SessionFile("race-results.yml", "race", SessionKind.RACE, "Race", columns="race")
SPRINT = SessionFile(
    "sprint-race-results.yml", "sprint", SessionKind.SPRINT, "Sprint", columns="race"
)
# In weekend order: the order of the round's sessions.
SESSION_FILES: tuple[SessionFile, ...] = (
    SessionFile("pre-qualifying-results.yml", "pre-qualifying", SessionKind.QUALIFYING,
                "Pre-qualifying", "PQ", "qualifying"),
    SessionFile("free-practice-1-results.yml", "fp1", SessionKind.PRACTICE, "Free practice 1"),
    SessionFile("free-practice-2-results.yml", "fp2", SessionKind.PRACTICE, "Free practice 2"),
    SessionFile("free-practice-3-results.yml", "fp3", SessionKind.PRACTICE, "Free practice 3"),
    SessionFile("free-practice-4-results.yml", "fp4", SessionKind.PRACTICE, "Free practice 4"),
    SessionFile("qualifying-1-results.yml", "qualifying-1", SessionKind.QUALIFYING,
                "Qualifying 1", "Q1", "qualifying"),
    SessionFile("qualifying-2-results.yml", "qualifying-2", SessionKind.QUALIFYING,
                "Qualifying 2", "Q2", "qualifying"),
    SessionFile("qualifying-results.yml", "qualifying", SessionKind.QUALIFYING, "Qualifying",
                None, "qualifying"),
    SessionFile("sprint-qualifying-results.yml", "sprint-qualifying", SessionKind.QUALIFYING,
                "Sprint qualifying", "SQ", "qualifying"),
    SessionFile("sprint-starting-grid-positions.yml", "sprint-grid", SessionKind.GRID,
                "Sprint starting grid", "sprint", "grid"),
    SPRINT,
    SessionFile("warming-up-results.yml", "warm-up", SessionKind.PRACTICE, "Warm-up"),
    SessionFile("starting-grid-positions.yml", "grid", SessionKind.GRID, "Starting grid",
                None, "grid"),
    RACE,
)  # fmt: skip
FASTEST_LAPS = "fastest-laps.yml"
PIT_STOPS = "pit-stops.yml"
# race.yml's timetable: (session, date key, time key), in weekend order. Times are UTC.
SCHEDULE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("fp1", "freePractice1Date", "freePractice1Time"),
    ("fp2", "freePractice2Date", "freePractice2Time"),
    ("fp3", "freePractice3Date", "freePractice3Time"),
    ("fp4", "freePractice4Date", "freePractice4Time"),
    ("sprint-qualifying", "sprintQualifyingDate", "sprintQualifyingTime"),
    ("sprint", "sprintRaceDate", "sprintRaceTime"),
    ("qualifying", "qualifyingDate", "qualifyingTime"),
    ("warm-up", "warmingUpDate", "warmingUpTime"),
    ("race", "date", "time"),
)
# Qualifying files: the segment columns, each its own segment's time.
SEGMENTS = (("Q1", "q1"), ("Q2", "q2"), ("Q3", "q3"))


@dataclass(slots=True)
class CarInRound:
    """A car of one round: what its entry will say."""

    id: str
    number: int
    constructor: str
    engine_maker: str
    drivers: list[str] = field(default_factory=list)
    entrant: Entrant | None = None
    in_race: bool = False


@dataclass(slots=True)
class RaceData:
    round: Round
    cars: dict[str, CarInRound]


class _Problems:
    """Problems found in F1DB files, collected into `into`."""

    def __init__(self, source: F1DBSource, into: list[Problem]) -> None:
        self.source = source
        self.list = into

    def add(self, path: Path, line: int | None, field_name: str, message: str) -> None:
        self.list.append(Problem(self.source.shown(path), line, field_name, message))

    def row(self, path: Path, index: int, field_name: str, message: str) -> None:
        """A problem with one field of list item `index`, at the field's own line."""
        line = item_line(path, index, None if field_name == "-" else field_name)
        self.list.append(Problem(self.source.shown(path), line, field_name, message))


def _item_lines(text: bytes) -> list[int]:
    """The line each top-level list item starts at (F1DB writes items at column 0)."""
    lines: list[int] = []
    line, last = 1, 0
    for match in _ITEM.finditer(text):
        line += text.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


def _parse_list(source: F1DBSource, path: Path) -> tuple[list[Any], list[int]] | None:
    """A file's list items and the line each starts at; None if there is no such file, or
    if `source` is told to skip it (`F1DBSource.skip`)."""
    if path.name in source.skip or not path.exists():
        return None
    shown = source.shown(path)
    text = read_bytes(path, shown)  # a folder or device of that name is a Problem
    parsed = parse_text(text, shown)
    if parsed is None:
        return [], []
    if not isinstance(parsed, list):
        raise ValidationError([Problem(shown, 1, "-", "expected a list of results")])
    source.keep(path, parsed)
    return parsed, _item_lines(text)


class RaceReader:
    """Reads one race folder of a season; problems are collected, not raised."""

    def __init__(
        self,
        source: F1DBSource,
        year: int,
        entrants: SeasonEntrants,
        problems: list[Problem],
    ) -> None:
        self.source = source
        self.year = year
        self.entrants = entrants
        self.problems = _Problems(source, problems)
        self.drivers_seen: dict[str, None] = {}
        self.constructors_seen: dict[tuple[str, str], None] = {}

    # -- the round ----------------------------------------------------------------------

    def read(self, folder: Path) -> RaceData | None:
        race_path = folder / "race.yml"
        try:
            info = parse_yaml(race_path, self.source.shown(race_path))
        except ValidationError as exc:
            self.problems.list.extend(exc.problems)
            return None
        if not isinstance(info, dict):
            self.problems.add(race_path, 1, "-", "expected a mapping")
            return None
        try:
            number = whole_value(info.get("round"), 1, MAX_COUNT)
        except BadValue:
            self.problems.add(
                race_path, key_line(race_path, "round"), "round", f"a number from 1 to {MAX_COUNT}"
            )
            return None
        day = _date(info.get("date"))
        if day is None:
            self.problems.add(
                race_path,
                key_line(race_path, "date"),
                "date",
                f"{shown(info.get('date'))} is not a date (YYYY-MM-DD)",
            )
        laps = {key: self._laps(race_path, info, key) for key in _LAP_KEYS}
        gp = self._known(race_path, info, "grandPrixId", GRANDS_PRIX)
        circuit = self._known(race_path, info, "circuitId", CIRCUITS)

        cars: dict[str, CarInRound] = {}
        ids: dict[tuple[int, str, str], str] = {}
        per_number: dict[int, int] = {}

        def car_of(number: int, constructor: str, engine_maker: str) -> CarInRound:
            key = (number, constructor, engine_maker)
            ident = ids.get(key)
            if ident is None:
                count = per_number.get(number, 0)
                per_number[number] = count + 1
                ident = str(number) if count == 0 else f"{number}{chr(ord('a') + count)}"
                ids[key] = ident
                cars[ident] = CarInRound(ident, number, constructor, engine_maker)
            return cars[ident]

        # The race first: it decides which car keeps the bare number.
        order = [RACE, *(s for s in SESSION_FILES if s is not RACE)]
        built: dict[str, Session] = {}
        for spec in order:
            path = folder / spec.file
            try:
                parsed = _parse_list(self.source, path)
            except ValidationError as exc:
                self.problems.list.extend(exc.problems)
                continue
            if parsed is None:
                continue
            rows, lines = parsed
            results = self.results(path, spec, rows, lines, number, car_of)
            holders: tuple[str, ...] = ()
            if spec is RACE:
                results, holders = self.fastest_laps(folder / FASTEST_LAPS, results, cars)
            built[spec.id] = self.session(spec, laps, results, holders)
        if not built:
            return None
        sessions = tuple(built[s.id] for s in SESSION_FILES if s.id in built)
        race = built.get("race")
        where = self.source.item(CIRCUITS, circuit) if circuit else None
        rnd = Round(
            number=number,
            name=self._gp_name(gp),
            start=self._start(race_path, info, day),
            end=day,
            circuit=self.source.name_of(CIRCUITS, circuit) if circuit else None,
            venue=self._circuit_field(circuit, "placeName"),
            country=self.source.alpha3(self._circuit_field(circuit, "countryId")),
            status=RoundStatus.HELD if race is not None and race.results else RoundStatus.SCHEDULED,
            folder=folder.name,
            facts=self._facts(info),
            sessions=sessions,
            circuit_id=circuit,
            circuit_name=_text((where or {}).get("fullName")),
            latitude=_degrees((where or {}).get("latitude"), 90),
            longitude=_degrees((where or {}).get("longitude"), 180),
            schedule=self._schedule(race_path, info),
            pit_stops=self.pit_stops(folder / PIT_STOPS, ids),
        )
        return RaceData(rnd, cars)

    def _known(self, path: Path, info: dict[str, Any], key: str, folder: str) -> str | None:
        value = info.get(key)
        if not isinstance(value, str) or self.source.item(folder, value) is None:
            self.problems.add(
                path,
                key_line(path, key),
                key,
                f"unknown {folder} id {value!r} (no {folder}/{value}.yml)",
            )
            return None
        return value

    def _gp_name(self, gp: str | None) -> str:
        if gp is None:
            return "?"
        item = self.source.item(GRANDS_PRIX, gp) or {}
        return str(item.get("fullName") or item.get("name") or gp)

    def _circuit_field(self, circuit: str | None, key: str) -> str | None:
        if circuit is None:
            return None
        value = (self.source.item(CIRCUITS, circuit) or {}).get(key)
        return str(value) if value else None

    def _start(self, path: Path, info: dict[str, Any], day: date | None) -> date | None:
        days = [day] if day is not None else []
        for key in ("freePractice1Date", "qualifyingDate", "sprintQualifyingDate"):
            value = info.get(key)
            if value is None:
                continue
            found = _date(value)
            if found is None:
                self.problems.add(
                    path, key_line(path, key), key, f"{shown(value)} is not a date (YYYY-MM-DD)"
                )
            else:
                days.append(found)
        return min(days) if days else None

    def _schedule(self, path: Path, info: dict[str, Any]) -> tuple[Slot, ...]:
        """When the weekend's sessions were to start, as far as race.yml says."""
        slots: list[Slot] = []
        for session, day_key, time_key in SCHEDULE_KEYS:
            day = _date(info.get(day_key))
            if day is None:
                continue
            clock = info.get(time_key)
            at = _clock(clock)
            if clock is not None and at is None:
                self.problems.add(
                    path,
                    key_line(path, time_key),
                    time_key,
                    f"{shown(clock)} is not a time (HH:MM)",
                )
            slots.append(Slot(session, day, at))
        return tuple(slots)

    def _laps(self, path: Path, info: dict[str, Any], key: str) -> int | None:
        """A lap count of race.yml (absent: None), bounded so that storage can hold it."""
        value = info.get(key)
        if value is None:
            return None
        try:
            return whole_value(value, 0, MAX_COUNT)
        except BadValue as exc:
            self.problems.add(path, key_line(path, key), key, str(exc))
            return None

    def _facts(self, info: dict[str, Any]) -> dict[str, str]:
        facts: dict[str, str] = {}
        if info.get("officialName"):
            facts["official_name"] = str(info["officialName"])
        if info.get("distance") is not None:
            facts["distance_km"] = str(info["distance"])
        if info.get("courseLength") is not None:  # a lap, for average speeds
            facts["lap_length_km"] = str(info["courseLength"])
        return facts

    # -- sessions -----------------------------------------------------------------------

    def session(
        self,
        spec: SessionFile,
        laps: dict[str, int | None],
        results: list[Result],
        fastest_lap: tuple[str, ...],
    ) -> Session:
        scheduled: int | None = None
        completed: int | None = None
        if spec is RACE:
            completed = laps["laps"]
            scheduled = laps["scheduledLaps"] or completed
        elif spec is SPRINT:
            completed = laps["sprintRaceLaps"]
            scheduled = laps["sprintRaceScheduledLaps"] or completed
        awards = {FASTEST_LAP_AWARD: fastest_lap} if fastest_lap else {}
        return Session(
            id=spec.id,
            kind=spec.kind,
            name=spec.name,
            segment=spec.segment,
            scheduled_laps=scheduled,
            completed_laps=completed,
            awards=awards,
            results=tuple(results),
        )

    def results(
        self,
        path: Path,
        spec: SessionFile,
        rows: list[Any],
        lines: list[int],
        round_number: int,
        car_of: Callable[[int, str, str], CarInRound],
    ) -> list[Result]:
        out: list[Result] = []
        problems = self.problems
        grid = spec.columns == "grid"
        race = spec.columns == "race"
        for index, row in enumerate(rows):
            line = lines[index] if index < len(lines) else None
            if not isinstance(row, dict):
                problems.row(path, index, "-", "expected a mapping")
                continue
            driver = self._ref(path, index, row, "driverId", DRIVERS)
            constructor = self._ref(path, index, row, "constructorId", CONSTRUCTORS)
            engine = self._ref(path, index, row, "engineManufacturerId", ENGINE_MANUFACTURERS)
            number: int | None = None
            try:
                number = _car_number(row.get("driverNumber"))
            except BadValue as exc:
                problems.row(path, index, "driverNumber", str(exc))
            mapped = position_status(row.get("position"), grid)
            if isinstance(mapped, str):
                problems.row(path, index, "position", mapped)
                continue
            status, position, note = mapped
            laps: int | None = None
            if row.get("laps") is not None:
                try:
                    laps = whole_value(row.get("laps"), 0, MAX_COUNT)
                except BadValue as exc:
                    problems.row(path, index, "laps", f"{exc} (laps)")
            if driver is None or constructor is None or engine is None or number is None:
                continue
            self.drivers_seen[driver] = None
            self.constructors_seen[(constructor, engine)] = None
            car = car_of(number, constructor, engine)
            if race and row.get("sharedCar"):
                previous = out[-1] if out else None
                if previous is None or previous.car != car.id or previous.position != position:
                    problems.row(
                        path,
                        index,
                        "sharedCar",
                        "a shared car's row follows the row of the same car and position",
                    )
                    continue
                out[-1] = replace(previous, drivers=(*previous.drivers, driver))
                self._crew(car, driver, round_number, constructor, engine, spec is RACE)
                continue
            self._crew(car, driver, round_number, constructor, engine, spec is RACE)
            time = self._timed(path, index, row, "time", race_time)
            behind = self._timed(path, index, row, "gap", gap)
            grid_position: int | None = None
            reason: str | None = None
            segments: tuple[tuple[str, str], ...] = ()
            if race:
                start = row.get("gridPosition")
                if start == "PL":
                    note = _join(note, "started from the pit lane")
                elif start is not None:
                    try:
                        grid_position = whole_value(start, 0, MAX_COUNT)
                    except BadValue:
                        problems.row(
                            path,
                            index,
                            "gridPosition",
                            f"{shown(start)}: a number from 0 to {MAX_COUNT} or PL",
                        )
                reason = _text(row.get("reasonRetired"))
                note = _join(note, reason)
                penalty = _text(row.get("timePenalty"))
                if penalty:
                    note = _join(note, f"{penalty} s time penalty")
            elif grid:
                penalty = _text(row.get("gridPenalty"))
                if penalty == "SFB":
                    note = _join(note, "grid penalty: start from the back")
                elif penalty:
                    note = _join(note, f"grid penalty: {penalty} places")
            elif spec.columns == "qualifying":
                segments = tuple(
                    (name, timed)
                    for name, key in SEGMENTS
                    if (timed := self._timed(path, index, row, key, lap_time)) is not None
                )
                if time is None and segments:
                    time = segments[-1][1]  # the last segment run decides the place
            out.append(
                Result(
                    car=car.id,
                    status=status,
                    position=position,
                    drivers=(driver,),
                    laps=laps,
                    time=time,
                    gap=behind,
                    grid=grid_position,
                    note=note,
                    source_line=line,
                    segment_times=segments,
                    reason=reason,
                )
            )
        return out

    def _timed(
        self,
        path: Path,
        index: int,
        row: dict[str, Any],
        key: str,
        parse: Callable[[str], str],
    ) -> str | None:
        """A time or gap field (absent or empty: None), as F1DB writes it once `parse` reads it.

        Unquoted, `1:23.456` is a YAML number (sexagesimal 83.456): its text is a time too.
        """
        value = row.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            try:
                return parse(str(value))
            except BadValue as exc:
                self.problems.row(path, index, key, str(exc))
                return None
        self.problems.row(path, index, key, f"{shown(value)} is not a time")
        return None

    def _ref(
        self, path: Path, index: int, row: dict[str, Any], key: str, folder: str
    ) -> str | None:
        value = row.get(key)
        if isinstance(value, str) and self.source.item(folder, value) is not None:
            return value
        self.problems.row(path, index, key, f"unknown id {value!r} (no {folder}/{value}.yml)")
        return None

    def _crew(
        self,
        car: CarInRound,
        driver: str,
        round_number: int,
        constructor: str,
        engine: str,
        in_race: bool,
    ) -> None:
        """A car's crew: its drivers in the race (read first), else in any session."""
        if in_race:
            car.in_race = True
        if (in_race or not car.in_race) and driver not in car.drivers:
            car.drivers.append(driver)
        if car.entrant is None:
            car.entrant = self.entrants.find(driver, constructor, engine, round_number)

    def fastest_laps(
        self, path: Path, results: list[Result], cars: dict[str, CarInRound]
    ) -> tuple[list[Result], tuple[str, ...]]:
        """Race results with their fastest lap and rank (rank 1 for every holder), and the
        drivers who set the fastest lap where a rank cannot say it: when a holder's car was
        shared, the rank would credit every driver of the car, not the one who set the lap.
        """
        try:
            rows, _ = _parse_list(self.source, path) or ([], [])
        except ValidationError as exc:
            self.problems.list.extend(exc.problems)
            return results, ()
        if not rows:
            return results, ()
        where: dict[tuple[Any, Any], int] = {}
        for i, result in enumerate(results):
            number = cars[result.car].number
            for driver in result.drivers:
                where.setdefault((number, driver), i)
        best: dict[int, tuple[int, str | None, int | None]] = {}
        holders: list[str] = []
        holder_results: list[int] = []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                self.problems.row(path, index, "-", "expected a mapping")
                continue
            try:
                rank = whole_value(row.get("position"), 1, MAX_COUNT)
            except BadValue:
                self.problems.row(
                    path,
                    index,
                    "position",
                    f"{shown(row.get('position'))} is not a rank from 1 to {MAX_COUNT}",
                )
                continue
            try:
                car_number = _car_number(row.get("driverNumber"))
            except BadValue as exc:
                self.problems.row(path, index, "driverNumber", str(exc))
                continue
            driver_id = row.get("driverId")
            hit = where.get((car_number, driver_id)) if isinstance(driver_id, str) else None
            if hit is None:
                self.problems.row(
                    path,
                    index,
                    "driverId",
                    f"driver {shown(driver_id)} in car {car_number} has no race result",
                )
                continue
            if rank == 1:
                holders.append(str(row["driverId"]))
                holder_results.append(hit)
            if hit not in best or rank < best[hit][0]:
                lap = self._count(path, index, row, "lap")
                best[hit] = (rank, self._timed(path, index, row, "time", lap_time), lap)
        out = list(results)
        for i, (rank, time, lap) in best.items():
            out[i] = replace(out[i], fastest_lap_rank=rank, fastest_lap=time, fastest_lap_lap=lap)
        # A rank on a shared car's result credits its whole crew; F1DB knows which driver
        # set the lap: then the holders are recorded by driver (see SessionFile docs).
        if any(len(results[i].drivers) > 1 for i in holder_results):
            return out, tuple(holders)
        return out, ()

    def pit_stops(self, path: Path, cars: dict[tuple[int, str, str], str]) -> tuple[PitStop, ...]:
        """The race's pit stops (pit-stops.yml: F1DB has them from 2012 on), by the cars
        the classifications gave ids to; a stop of a car with no result is a problem."""
        try:
            parsed = _parse_list(self.source, path)
        except ValidationError as exc:
            self.problems.list.extend(exc.problems)
            return ()
        if parsed is None:
            return ()
        stops: list[PitStop] = []
        for index, row in enumerate(parsed[0]):
            if not isinstance(row, dict):
                self.problems.row(path, index, "-", "expected a mapping")
                continue
            try:
                number = _car_number(row.get("driverNumber"))
            except BadValue as exc:
                self.problems.row(path, index, "driverNumber", str(exc))
                continue
            key = (number, row.get("constructorId"), row.get("engineManufacturerId"))
            car = cars.get(key)  # type: ignore[arg-type]
            driver = row.get("driverId")
            stop = self._count(path, index, row, "stop")
            lap = self._count(path, index, row, "lap")
            if car is None or not isinstance(driver, str):
                self.problems.row(
                    path, index, "driverNumber", f"car {number} of {shown(driver)} has no result"
                )
                continue
            if stop is None or lap is None:
                continue
            duration = self._timed(path, index, row, "time", lap_time)
            stops.append(PitStop(car, driver, stop, lap, duration))
        return tuple(stops)

    def _count(self, path: Path, index: int, row: dict[str, Any], key: str) -> int | None:
        """A whole-number field of a row (absent: None; not a count: a problem)."""
        value = row.get(key)
        if value is None:
            return None
        try:
            return whole_value(value, 0, MAX_COUNT)
        except BadValue as exc:
            self.problems.row(path, index, key, f"{exc} ({key})")
            return None


def _clock(value: Any) -> dt_time | None:
    """A race.yml time (UTC). Unquoted, YAML reads `16:30` as a base-60 number (990)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value < 24 * 60:
        return dt_time(value // 60, value % 60)
    if isinstance(value, str):
        try:
            return dt_time.fromisoformat(value)
        except ValueError:
            return None
    return None


def _degrees(value: Any, limit: int) -> float | None:
    """A latitude (limit 90) or longitude (180); None if absent or out of range."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if -limit <= value <= limit else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# race.yml's lap counts: of the race and of the sprint, run and scheduled.
_LAP_KEYS = ("laps", "scheduledLaps", "sprintRaceLaps", "sprintRaceScheduledLaps")


def _car_number(value: Any) -> int:
    """F1DB's `driverNumber` (an int, or its digits as text); BadValue if it is not one."""
    try:
        return whole_value(value, 0, MAX_COUNT)
    except NotANumber:
        raise BadValue(f"{shown(value)} is not a car number") from None
    except BadValue:
        raise BadValue(
            f"{shown(value)} is out of range: a car number is from 0 to {MAX_COUNT}"
        ) from None


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _join(note: str | None, more: str | None) -> str | None:
    if not more:
        return note
    return more if not note else f"{note}; {more}"


__all__ = ["RACE", "SESSION_FILES", "SPRINT", "CarInRound", "RaceData", "RaceReader"]
