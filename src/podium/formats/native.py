"""podium's own season folder: YAML for what people write, CSV for what timing sheets give.

    season.yaml          series, year, calendar with sessions, rules, decisions
    rules.yaml           how the season is scored (see docs/rules.md)
    drivers.csv          id,name,nationality,abbreviation
    teams.csv            id,name,nationality   (teams, constructors, manufacturers)
    entries.csv          car,drivers,team,constructor,manufacturer,chassis,engine,flags,rounds
    <round folder>/<session id>.csv
                         position,car,drivers,status,laps,time,gap,grid,fastest_lap,...

Every problem found is reported as `file:line: field: message`, all at once.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from podium.errors import Problem, ValidationError
from podium.files.csvsrc import Row, read_rows, split_list
from podium.files.folder import Folder, Outside, exists, is_dir, is_file
from podium.files.schemacheck import schema_problems
from podium.files.yamlsrc import LineDict, field_name, load_yaml, locate
from podium.formats import columns, details
from podium.formats.aliases import read_aliases
from podium.formats.checks import check_season
from podium.model.aliases import race_id
from podium.model.calendar import PitStop, Round, RoundStatus
from podium.model.decision import REORDERING, Decision, DecisionKind
from podium.model.entry import Driver, Entry, Team
from podium.model.result import Result, Status
from podium.model.season import Season, Series, TieOrder
from podium.model.session import Session, SessionEnd, SessionKind, SessionState, SessionStatus
from podium.model.terms import TERMS, Terms, UnknownTerm, check_term
from podium.model.values import (
    MAX_COUNT,
    MAX_POINTS,
    BadValue,
    NotANumber,
    gap,
    lap_time,
    number,
    race_time,
    share,
    whole,
)
from podium.rules.loader import load_rules, parse_rounds, parse_rules
from podium.rules.model import Rules
from podium.standings.amend import penalty_problem

T = TypeVar("T")

SEASON_FILE = "season.yaml"
# What a results or entries file may hold: podium's columns and free-text notes.
RESULT_COLUMNS = {*columns.RESULT_COLUMNS, *columns.FREE_TEXT, *details.RESULT_COLUMNS}
ALIASES_FILE = "aliases.csv"  # optional: Ergast ids and links (formats/aliases.py)
ENTRY_COLUMNS = {*columns.ENTRY_COLUMNS, *columns.FREE_TEXT}
STATUS_WORDS: dict[str, Status] = {
    **{s.value: s for s in Status},
    "ret": Status.DNF,
    "r": Status.DNF,
    "retired": Status.DNF,
    "not classified": Status.NOT_CLASSIFIED,
    "disqualified": Status.DSQ,
    "excluded": Status.EXCLUDED,
}


def season_schema() -> dict[str, Any]:
    text = resources.files("podium").joinpath("schemas/season.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_season(path: str | Path, root: str | Path | None = None) -> Season:
    """Read a season folder (or its season.yaml); raise ValidationError listing every problem.

    Every file the season names (its rules, what they extend, its round folders), followed
    through symbolic links, must lie inside `root`: by default the season folder itself, so
    that a folder from anyone can be read safely. Give a wider `root` (a repository of
    seasons) to let seasons share a rules file beside them.
    """
    folder = Path(path)
    if is_file(folder):
        folder = folder.parent
    within = Folder(root if root is not None else folder)
    if within.root != folder.resolve() and not folder.resolve().is_relative_to(within.root):
        raise ValidationError(
            [Problem(str(folder), None, "-", f"the season folder is not inside {root}")]
        )
    reader = _SeasonReader(folder, within)
    season = reader.read()
    if reader.problems or season is None:
        raise ValidationError(reader.problems)
    return season


class _SeasonReader:
    def __init__(self, folder: Path, within: Folder | None = None) -> None:
        self.folder = folder
        self.within = within if within is not None else Folder(folder)
        self.problems: list[Problem] = []
        # What was assumed to read a file (an encoding told, not UTF-8): said as warnings.
        self.notes: list[Problem] = []
        self.yaml_name = self.name(SEASON_FILE)

    def name(self, *parts: str) -> str:
        return str(self.folder.joinpath(*parts))

    def file(self, *parts: str) -> Path:
        """The season's own file `parts`; refused if a symbolic link takes it outside."""
        try:
            return self.within.check(self.folder.joinpath(*parts))
        except Outside as exc:
            problem = Problem(self.name(*parts), None, "-", f"not read: {exc}")
            raise ValidationError([problem]) from None

    def guard(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except ValidationError as exc:
            self.problems.extend(exc.problems)
            return None

    def at(self, doc: Any, path: list[Any], message: str) -> None:
        file, line = locate(doc, path, (self.yaml_name, 1))
        self.problems.append(Problem(file, line, field_name(path), message))

    def read(self) -> Season | None:
        if not exists(self.folder / SEASON_FILE):
            self.problems.append(Problem(self.yaml_name, None, "-", "no season.yaml here"))
            return None
        doc = self.guard(lambda: load_yaml(self.file(SEASON_FILE), self.yaml_name))
        if doc is None:
            return None
        if not isinstance(doc, LineDict):
            self.problems.append(Problem(self.yaml_name, 1, "-", "season.yaml must be a mapping"))
            return None
        # Every file is read, whatever is wrong elsewhere, so that all problems come at once.
        # A file that cannot be read at all gives None: what refers to it is not checked.
        schema_errors = schema_problems(season_schema(), doc, (self.yaml_name, 1))
        self.problems.extend(schema_errors)
        drivers = self.guard(self.read_drivers)
        teams = self.guard(self.read_teams)
        entries = self.guard(lambda: self.read_entries(drivers, teams))
        rules = self.read_rules(doc)
        if any(_breaks_reading(p) for p in schema_errors):
            return None
        rounds = self.read_calendar(doc, drivers, entries)
        decisions = self.read_decisions(doc, rules, drivers, teams, rounds)
        tie_orders = self.read_tie_orders(doc, rules, drivers, teams, rounds)
        terms = self.read_terms(doc)
        # What the files say together (a selector no session matches, a stray folder).
        checked = check_season(
            self.folder, self.within, doc, self.yaml_name, rules, entries, rounds, teams=teams
        )
        self.problems.extend(checked.problems)
        if self.problems or rules is None or drivers is None or teams is None or entries is None:
            return None
        series = Series(
            id=doc["series"]["id"],
            name=doc["series"]["name"],
            short_name=doc["series"].get("short_name"),
        )
        season = Season(
            series=series,
            year=int(doc["year"]),
            name=str(doc.get("name") or f"{series.name} {doc['year']}"),
            rounds=tuple(rounds),
            drivers=drivers,
            teams=teams,
            entries=tuple(entries),
            rules=rules,
            decisions=tuple(decisions),
            tie_orders=tuple(tie_orders),
            links=dict(doc.get("links") or {}),
            terms=terms,
            warnings=tuple(sorted([*checked.warnings, *self.notes])),
        )
        season = self.read_aliases(season)
        return None if self.problems else season

    def read_terms(self, doc: LineDict) -> Terms:
        """`terms:`, each word checked against the closed set (the schema checks the keys):
        a word podium cannot translate is a problem at its line, with the closest word."""
        spec = doc.get("terms")
        if not isinstance(spec, dict):
            return Terms()
        words: dict[str, str] = {}
        for kind in TERMS:
            value = spec.get(kind)
            if not isinstance(value, str):
                continue  # absent: the default; not text: the schema reports it
            try:
                words[kind] = check_term(kind, value)
            except UnknownTerm as exc:
                self.at(doc, ["terms", kind], str(exc))
        return Terms.from_dict(words)

    # -- people and entries -------------------------------------------------------------

    def read_drivers(self) -> dict[str, Driver]:
        name = self.name("drivers.csv")
        out: dict[str, Driver] = {}
        problems: list[Problem] = []
        for row in read_rows(
            self.file("drivers.csv"),
            name,
            {"id", "name"},
            {"id", "name", "nationality", "abbreviation", "note", "source"}
            | set(details.DRIVER_COLUMNS),
            problems,
            notes=self.notes,
        ):
            ident = row.get("id")
            if not _valid_id(ident):
                problems.append(
                    row.problem("id", f"{ident!r} is not a valid id (no spaces or ';')")
                )
            elif ident in out:
                problems.append(row.problem("id", f"duplicate driver {ident!r}"))
            if not row.get("name"):
                problems.append(row.problem("name", "required"))
            out[ident] = Driver(
                ident,
                row.get("name"),
                row.get("nationality") or None,
                row.get("abbreviation") or None,
                **details.driver_details(row, problems),
            )
        self.problems.extend(problems)
        return out

    def read_teams(self) -> dict[str, Team]:
        if not exists(self.folder / "teams.csv"):
            return {}
        path = self.file("teams.csv")
        out: dict[str, Team] = {}
        problems: list[Problem] = []
        for row in read_rows(
            path,
            self.name("teams.csv"),
            {"id", "name"},
            {"id", "name", "nationality", "note", "source"},
            problems,
            notes=self.notes,
        ):
            ident = row.get("id")
            if not _valid_id(ident):
                problems.append(
                    row.problem("id", f"{ident!r} is not a valid id (no spaces or ';')")
                )
            elif ident in out:
                problems.append(row.problem("id", f"duplicate team {ident!r}"))
            if not row.get("name"):
                problems.append(row.problem("name", "required"))
            out[ident] = Team(ident, row.get("name"), row.get("nationality") or None)
        self.problems.extend(problems)
        return out

    def read_entries(
        self, drivers: dict[str, Driver] | None, teams: dict[str, Team] | None
    ) -> tuple[Entry, ...]:
        out: list[tuple[Row, Entry]] = []
        problems: list[Problem] = []
        for row in read_rows(
            self.file("entries.csv"),
            self.name("entries.csv"),
            {"car", "drivers"},
            ENTRY_COLUMNS,
            problems,
            notes=self.notes,
        ):
            car = row.get("car")
            if not car:
                problems.append(row.problem("car", "required"))
            crew = split_list(row.get("drivers"))
            if not crew:
                problems.append(row.problem("drivers", "at least one driver id"))
            for d in crew:
                if drivers is not None and d not in drivers:
                    problems.append(row.problem("drivers", f"unknown driver {d!r} (drivers.csv)"))
            orgs: dict[str, str | None] = {}
            for column in ("team", "constructor", "manufacturer"):
                value = row.get(column) or None
                if value is not None and teams is not None and value not in teams:
                    problems.append(row.problem(column, f"unknown {column} {value!r} (teams.csv)"))
                orgs[column] = value
            rounds: frozenset[int] | None = None
            if row.get("rounds"):
                try:
                    rounds = parse_rounds(row.get("rounds"))
                except ValueError as exc:
                    problems.append(row.problem("rounds", f"not a round list: {exc}"))
            entry = Entry(
                car=car,
                drivers=tuple(crew),
                team=orgs["team"],
                constructor=orgs["constructor"],
                manufacturer=orgs["manufacturer"],
                chassis=row.get("chassis") or None,
                engine=row.get("engine") or None,
                flags=frozenset(split_list(row.get("flags"))),
                rounds=rounds,
            )
            for earlier_row, earlier in out:
                if earlier.car == car and _overlap(earlier.rounds, rounds):
                    problems.append(
                        row.problem(
                            "car",
                            f"car {car} is entered twice for the same rounds "
                            f"(line {earlier_row.line}); give each entry its rounds",
                        )
                    )
            out.append((row, entry))
        self.problems.extend(problems)
        return tuple(e for _, e in out)

    # -- rules ---------------------------------------------------------------------------

    def read_rules(self, doc: LineDict) -> Rules | None:
        spec = doc.get("rules")
        if isinstance(spec, str):
            try:
                path = self.within.inside(spec, self.folder)
            except Outside as exc:
                self.at(doc, ["rules"], f"must name a rules file in the season folder: {exc}")
                return None
            if not is_file(path):
                self.at(doc, ["rules"], f"no rules file {spec!r} next to season.yaml")
                return None
            return self.guard(lambda: load_rules(path, self.name(spec), self.within))
        if isinstance(spec, dict):
            if "extends" in spec:
                self.at(doc, ["rules", "extends"], "inline rules cannot extend; use a rules file")
                return None
            return self.guard(lambda: parse_rules(spec, self.yaml_name))
        return None

    # -- calendar and classifications ----------------------------------------------------

    def date_of(self, doc: Any, path: list[Any], value: Any) -> date | None:
        return DocProblems(doc, self.yaml_name, self.problems).date_of(path, value)

    def read_calendar(
        self, doc: LineDict, drivers: dict[str, Driver] | None, entries: tuple[Entry, ...] | None
    ) -> list[Round]:
        rounds: list[Round] = []
        seen: dict[int, int] = {}
        template = doc.get("sessions") or []
        for i, spec in enumerate(doc.get("calendar") or []):
            path: list[Any] = ["calendar", i]
            number = int(spec["round"])
            if number in seen:
                self.at(doc, [*path, "round"], f"round {number} is listed twice")
            seen[number] = i
            folder = str(spec.get("folder") or f"{number:02d}")
            round_dir = self.round_folder(doc, [*path, "folder"], folder)
            status = RoundStatus(spec.get("status", "scheduled"))
            own = spec.get("sessions")
            sessions_spec = own if own is not None else template
            sessions_path = [*path, "sessions"] if own is not None else ["sessions"]
            sessions: list[Session] = []
            ids: set[str] = set()
            for j, s in enumerate(sessions_spec):
                if s["id"] in ids:
                    self.at(doc, [*sessions_path, j, "id"], f"session {s['id']!r} is listed twice")
                ids.add(s["id"])
                results: tuple[Result, ...] = ()
                session_status = SessionStatus(s.get("status", "scheduled"))
                csv_path = self.folder / folder / f"{s['id']}.csv"
                if round_dir is not None and exists(csv_path):
                    if session_status is SessionStatus.CANCELLED:
                        # A cancelled session ran no classification: a file for it is a
                        # mistake (a wrong id, or a status left over), never silently kept.
                        self.problems.append(
                            Problem(
                                self.name(folder, f"{s['id']}.csv"),
                                None,
                                "-",
                                f"session {s['id']!r} of round {number} is cancelled, yet has "
                                "results; remove the file or the status",
                            )
                        )
                    elif status is not RoundStatus.HELD:
                        self.problems.append(
                            Problem(
                                self.name(folder, f"{s['id']}.csv"),
                                None,
                                "-",
                                f"round {number} is {status.value}, yet has results; "
                                "set its status to held",
                            )
                        )
                    try:
                        results = self.read_results(
                            self.file(folder, f"{s['id']}.csv"),
                            self.name(folder, f"{s['id']}.csv"),
                            number,
                            drivers,
                            entries,
                            partial=bool(s.get("partial", False)),
                        )
                    except ValidationError as exc:
                        self.problems.extend(exc.problems)
                awards = {
                    key: tuple(str(v) for v in (value if isinstance(value, list) else [value]))
                    for key, value in (s.get("awards") or {}).items()
                }
                for key, holders in awards.items():
                    known = {r.car for r in results} | {d for r in results for d in r.drivers}
                    known |= {d for e in entries or () if e.runs_in(number) for d in e.drivers}
                    for who in holders:
                        if results and entries is not None and who not in known:
                            self.at(
                                doc,
                                [*sessions_path, j, "awards", key],
                                f"{who!r} is neither a car nor a driver of this session",
                            )
                sessions.append(
                    Session(
                        id=s["id"],
                        kind=SessionKind(s["kind"]),
                        name=s.get("name") or s["id"],
                        segment=s.get("segment"),
                        scheduled_laps=s.get("scheduled_laps"),
                        completed_laps=s.get("completed_laps"),
                        ended=SessionEnd(s.get("ended", "finished")),
                        status=session_status,
                        result_declared=bool(s.get("result_declared", True)),
                        partial=bool(s.get("partial", False)),
                        awards=awards,
                        results=results,
                        state=SessionState(s["state"]) if s.get("state") else None,
                        published=self.published_of(doc, [*sessions_path, j, "published"], s),
                    )
                )
            if round_dir is not None:
                self.check_strays(folder, number, ids)
            rounds.append(
                Round(
                    number=number,
                    name=spec["name"],
                    start=self.date_of(doc, [*path, "start"], spec.get("start")),
                    end=self.date_of(doc, [*path, "end"], spec.get("end")),
                    circuit=spec.get("circuit"),
                    venue=spec.get("venue"),
                    country=spec.get("country"),
                    status=status,
                    folder=folder,
                    announced=self.date_of(doc, [*path, "announced"], spec.get("announced")),
                    cancelled_on=self.date_of(
                        doc, [*path, "cancelled_on"], spec.get("cancelled_on")
                    ),
                    facts=dict(spec.get("facts") or {}),
                    sessions=tuple(sessions),
                    **details.round_details(spec, lambda at, say: self.at(doc, at, say), path),
                    pit_stops=self.read_pit_stops(folder, number, drivers, entries),
                )
            )
        rounds.sort(key=lambda r: r.number)
        return rounds

    def published_of(self, doc: Any, path: list[Any], spec: Mapping[str, Any]) -> datetime | None:
        """When a session's classification came out: a date-time, or a date's first moment."""
        when = DocProblems(doc, self.yaml_name, self.problems).moment_of(
            path, spec.get("published")
        )
        if when is None or isinstance(when, datetime):
            return when
        return datetime.combine(when, time.min)

    def round_folder(self, doc: Any, path: list[Any], folder: str) -> Path | None:
        """A round's folder inside the season folder; None (and a problem) if it leaves."""
        try:
            return self.within.inside(folder, self.folder)
        except Outside as exc:
            self.at(doc, path, f"must name a folder inside the season folder: {exc}")
            return None

    def read_pit_stops(
        self,
        folder: str,
        number: int,
        drivers: dict[str, Driver] | None,
        entries: tuple[Entry, ...] | None,
    ) -> tuple[PitStop, ...]:
        """The round's optional pit-stops.csv (formats/details.py)."""
        path = self.folder / folder / details.PIT_STOPS_FILE
        if not exists(path):
            return ()
        cars = None if entries is None else {e.car for e in entries if e.runs_in(number)}
        found = self.guard(
            lambda: details.read_pit_stops(
                self.file(folder, details.PIT_STOPS_FILE),
                self.name(folder, details.PIT_STOPS_FILE),
                cars,
                drivers,
            )
        )
        return found or ()

    def read_aliases(self, season: Season) -> Season:
        """The season with its optional aliases.csv (formats/aliases.py): each row must name
        a driver, team, circuit id or round of the season (`<year>/<round>`), the season
        itself (its year), or a status."""
        if not exists(self.folder / ALIASES_FILE):
            return season
        things = {
            "driver": set(season.drivers),
            "constructor": set(season.teams),
            "circuit": {r.circuit_id for r in season.rounds if r.circuit_id},
            "race": {race_id(season.year, r.number) for r in season.rounds},
            "season": {str(season.year)},
        }

        def known(kind: str, podium_id: str) -> bool:
            return kind == "status" or podium_id in things.get(kind, set())

        path = self.file(ALIASES_FILE)
        found = self.guard(lambda: read_aliases(path, self.name(ALIASES_FILE), known))
        return season if found is None else dataclasses.replace(season, aliases=found)

    def check_strays(self, folder: str, number: int, sessions: set[str]) -> None:
        """A results file that names no session of its round would be silently ignored."""
        round_dir = self.folder / folder
        if not is_dir(round_dir):
            return
        known = ", ".join(sorted(sessions)) or "none"
        for stray in sorted(round_dir.glob("*.csv")):
            if stray.stem not in sessions and stray.name != details.PIT_STOPS_FILE:
                self.problems.append(
                    Problem(
                        self.name(folder, stray.name),
                        None,
                        "-",
                        f"round {number} has no session {stray.stem!r} (sessions: {known})",
                    )
                )

    def read_results(
        self,
        path: Path,
        name: str,
        round_number: int,
        drivers: dict[str, Driver] | None,
        entries: tuple[Entry, ...] | None,
        partial: bool = False,
        rows: Iterable[Row] | None = None,
    ) -> tuple[Result, ...]:
        """A session's classification; `partial`: only some places are known, gaps allowed.
        `rows`: the classification's rows as read from another file (a spreadsheet, a timing
        provider's file: podium.formats.tables), instead of the CSV at `path`."""
        problems: list[Problem] = []
        results: list[Result] = []
        positions: dict[int, int] = {}
        unreadable = False  # a position that is not a number: gaps would be false alarms
        # Each car's lines so far, with the drivers they name: a car may be listed again
        # only for other drivers (two drivers' results in one car, F1 1976 Japan).
        cars: dict[str, list[tuple[int, frozenset[str]]]] = {}
        if rows is None:
            rows = read_rows(path, name, {"car"}, RESULT_COLUMNS, problems, self.notes)
        for row in rows:
            car = row.get("car")
            entry = next(
                (e for e in entries or () if e.car == car and e.runs_in(round_number)), None
            )
            if not car:
                problems.append(row.problem("car", "required"))
            elif entry is None and entries is not None:
                problems.append(
                    row.problem(
                        "car", f"car {car} has no entry for round {round_number} (entries.csv)"
                    )
                )
            else:
                twice = repeated_line(cars.get(car, []), frozenset(split_list(row.get("drivers"))))
                if twice is not None:
                    # (docs/formats.md: a car is listed again only for other drivers)
                    problems.append(row.problem("car", f"car {car} is listed twice (line {twice})"))
            cars.setdefault(car or "", []).append(
                (row.line, frozenset(split_list(row.get("drivers"))))
            )
            position = _int(row, "position", problems)
            unreadable |= position is None and bool(row.get("position"))
            status = _status(row, position, problems)
            if position is not None and status is Status.CLASSIFIED:
                if position < 1:
                    problems.append(row.problem("position", "must be 1 or more"))
                elif position in positions:
                    problems.append(
                        row.problem(
                            "position",
                            f"duplicate position {position} (line {positions[position]})",
                        )
                    )
                positions.setdefault(position, row.line)
            status = status or Status.DNF
            crew = tuple(split_list(row.get("drivers")))
            for d in crew:
                if drivers is not None and d not in drivers:
                    problems.append(row.problem("drivers", f"unknown driver {d!r} (drivers.csv)"))
            shares = _shares(row, problems)
            if shares is not None and len(shares) != len(crew or (entry.drivers if entry else ())):
                problems.append(row.problem("shares", "one share per driver"))
            results.append(
                Result(
                    car=car,
                    status=status,
                    position=position if status is Status.CLASSIFIED else None,
                    drivers=crew,
                    laps=_int(row, "laps", problems),
                    time=_text(row, "time", race_time, problems),
                    gap=_text(row, "gap", gap, problems),
                    grid=_int(row, "grid", problems),
                    fastest_lap=_text(row, "fastest_lap", lap_time, problems),
                    fastest_lap_rank=_int(row, "fastest_lap_rank", problems, low=1),
                    shares=shares,
                    note=row.get("note") or None,
                    source_line=row.line,
                    **details.result_details(row, problems),
                )
            )
        expected = 1
        for position in sorted(positions) if not (partial or unreadable) else ():
            if position != expected and position > expected:
                problems.append(
                    Problem(
                        name,
                        positions[position],
                        "position",
                        f"positions jump from {expected - 1} to {position}",
                    )
                )
            expected = position + 1
        if problems:
            raise ValidationError(problems)
        return tuple(results)

    # -- decisions and tie orders --------------------------------------------------------

    def read_decisions(
        self,
        doc: LineDict,
        rules: Rules | None,
        drivers: dict[str, Driver] | None,
        teams: dict[str, Team] | None,
        rounds: list[Round],
    ) -> list[Decision]:
        where = DocProblems(doc, self.yaml_name, self.problems)
        return read_decisions(
            where,
            rules,
            drivers,
            teams,
            {r.number for r in rounds},
            sessions={r.number: {s.id: s for s in r.sessions} for r in rounds},
        )

    def read_tie_orders(
        self,
        doc: LineDict,
        rules: Rules | None,
        drivers: dict[str, Driver] | None,
        teams: dict[str, Team] | None,
        rounds: list[Round] | None = None,
    ) -> list[TieOrder]:
        where = DocProblems(doc, self.yaml_name, self.problems)
        numbers = None if rounds is None else {r.number for r in rounds}
        return read_tie_orders(where, rules, drivers, teams, numbers)


# -- decisions and tie orders: shared with other loaders that take them in this syntax ------


class DocProblems:
    """A YAML document and the problems found in it, each located at its file and line."""

    def __init__(self, doc: Any, name: str, problems: list[Problem] | None = None) -> None:
        self.doc = doc
        self.name = name
        self.problems: list[Problem] = problems if problems is not None else []

    def at(self, path: list[Any], message: str) -> None:
        file, line = locate(self.doc, path, (self.name, 1))
        self.problems.append(Problem(file, line, field_name(path), message))

    def date_of(self, path: list[Any], value: Any) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.at(path, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def moment_of(self, path: list[Any], value: Any) -> date | None:
        """A date (`2025-06-14`) or a date-time (`2025-06-14T18:30`, a `datetime`)."""
        if value is None or len(str(value)) <= 10:
            return self.date_of(path, value)
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            self.at(path, f"{value!r} is not a date-time (YYYY-MM-DDTHH:MM)")
            return None


def read_decisions(
    where: DocProblems,
    rules: Rules | None,
    drivers: dict[str, Driver] | None,
    teams: dict[str, Team] | None,
    round_numbers: set[int],
    sessions: Mapping[int, Mapping[str, Session]] | None = None,
    existing: Iterable[Decision] = (),
) -> list[Decision]:
    """The `decisions:` of a schema-checked document (season.yaml syntax).

    With `sessions` (round -> session id -> session) a decision's session and car are
    checked too: a typo there would otherwise strike nothing, silently. `existing`: the
    season's decisions these join (decisions added through the API): their ids are taken
    (a new decision may not reuse one) and may be cancelled by a reinstatement.
    """
    out: list[Decision] = []
    taken = {d.id for d in existing if d.id is not None}
    ids: set[str] = set(taken)
    for i, spec in enumerate(where.doc.get("decisions") or []):
        path: list[Any] = ["decisions", i]
        kind = DecisionKind(spec["kind"])
        if spec["round"] not in round_numbers:
            where.at([*path, "round"], f"no round {spec['round']} in the calendar")
        cls = spec.get("classification")
        if cls is not None and rules is not None and cls not in rules.classifications:
            where.at([*path, "classification"], f"unknown classification {cls!r}")
        who = spec.get("competitor")
        if who is not None and _unknown(who, drivers, teams):
            where.at([*path, "competitor"], f"unknown driver or team {who!r}")
        if kind is DecisionKind.DISQUALIFICATION or kind in REORDERING:
            if spec.get("car") is None:
                where.at(path, f"a {kind.value.replace('_', ' ')} names the car")
        elif kind is DecisionKind.REINSTATEMENT:
            if spec.get("cancels") is None:
                where.at(path, "a reinstatement names the decision it cancels (cancels: <id>)")
        elif who is None:
            where.at(path, f"a {kind.value} names the competitor")
        if kind is DecisionKind.DEDUCTION and "points" not in spec:
            where.at(path, "a deduction gives the points")
        if kind in REORDERING and spec.get("session") is None:
            where.at(path, f"a {kind.value.replace('_', ' ')} names the session")
        if kind is DecisionKind.TIME_PENALTY and "seconds" not in spec:
            where.at(path, "a time penalty gives the seconds")
        if kind is DecisionKind.PLACE_DROP and "places" not in spec:
            where.at(path, "a place drop gives the places")
        ident = spec.get("id")
        if ident is not None:
            if str(ident) in taken:
                where.at([*path, "id"], f"decision id {ident!r} is already the season's")
            elif ident in ids:
                where.at([*path, "id"], f"decision id {ident!r} is used twice")
            ids.add(str(ident))
        if sessions is not None and spec["round"] in sessions:
            _check_session_and_car(where, path, spec, sessions[spec["round"]])
            held = sessions[spec["round"]].get(spec.get("session") or "")
            if kind is DecisionKind.TIME_PENALTY and held is not None and spec.get("car"):
                why = penalty_problem(held.results, str(spec["car"]))
                if why is not None:
                    where.at(path, why)
        seconds = spec.get("seconds")
        out.append(
            Decision(
                kind=kind,
                round=int(spec["round"]),
                date=where.moment_of([*path, "date"], spec.get("date")),
                classification=cls,
                competitor=who,
                car=str(spec["car"]) if spec.get("car") is not None else None,
                session=spec.get("session"),
                points=_points(where, [*path, "points"], spec.get("points", 0)),
                keep_points=bool(spec.get("keep_points", False)),
                position_text=str(spec.get("position_text", "EX")),
                final_only=bool(spec.get("final_only", False)),
                reason=spec.get("reason"),
                source=spec.get("source"),
                id=None if ident is None else str(ident),
                seconds=None
                if seconds is None
                else _points(where, [*path, "seconds"], seconds, low=0, high=MAX_COUNT),
                places=spec.get("places"),
                cancels=None if spec.get("cancels") is None else str(spec["cancels"]),
            )
        )
    for i, spec in enumerate(where.doc.get("decisions") or []):
        if spec.get("cancels") is not None and str(spec["cancels"]) not in ids:
            where.at(["decisions", i, "cancels"], f"no decision has the id {spec['cancels']!r}")
    return out


def read_tie_orders(
    where: DocProblems,
    rules: Rules | None,
    drivers: dict[str, Driver] | None,
    teams: dict[str, Team] | None,
    round_numbers: set[int] | None = None,
) -> list[TieOrder]:
    """The `tie_orders:` of a schema-checked document (season.yaml syntax)."""
    out: list[TieOrder] = []
    for i, spec in enumerate(where.doc.get("tie_orders") or []):
        path: list[Any] = ["tie_orders", i]
        if round_numbers is not None and spec["after_round"] not in round_numbers:
            where.at([*path, "after_round"], f"no round {spec['after_round']} in the calendar")
        cls = spec["classification"]
        if rules is not None and cls not in rules.classifications:
            where.at([*path, "classification"], f"unknown classification {cls!r}")
        groups = tuple(tuple(g) if isinstance(g, list) else (g,) for g in spec["order"])
        for g in groups:
            for who in g:
                if _unknown(who, drivers, teams):
                    where.at([*path, "order"], f"unknown driver or team {who!r}")
        out.append(TieOrder(cls, int(spec["after_round"]), groups, spec.get("reason")))
    return out


def _check_session_and_car(
    where: DocProblems, path: list[Any], spec: Mapping[str, Any], sessions: Mapping[str, Session]
) -> None:
    session_id = spec.get("session")
    if session_id is not None and session_id not in sessions:
        known = ", ".join(sessions) or "none"
        where.at(
            [*path, "session"],
            f"round {spec['round']} has no session {session_id!r} (sessions: {known})",
        )
        return
    car = spec.get("car")
    if car is None:
        return
    looked_in = [sessions[session_id]] if session_id is not None else list(sessions.values())
    if not any(r.car == str(car) for s in looked_in for r in s.results):
        where.at(
            [*path, "car"],
            f"car {car} has no result in round {spec['round']}"
            + (f" {session_id}" if session_id else ""),
        )


def _breaks_reading(problem: Problem) -> bool:
    """Whether a schema problem leaves the calendar, decisions or tie orders unreadable."""
    if problem.message.startswith("unknown key"):
        return False  # the readers never look at keys they do not know
    top = problem.field.split(".")[0].split("[")[0]
    return top in ("-", "calendar", "sessions", "decisions", "tie_orders")


def _unknown(who: str, drivers: dict[str, Driver] | None, teams: dict[str, Team] | None) -> bool:
    """Whether `who` is neither a driver nor a team (False if either file was unreadable)."""
    if drivers is None or teams is None:
        return False
    return who not in drivers and who not in teams


def _status(row: Row, position: int | None, problems: list[Problem]) -> Status | None:
    """The row's status, checked against its position; None when it cannot be read."""
    text = row.get("status").lower()
    if not text:
        if position is None:
            if not row.get("position"):  # else the position is reported as unreadable
                problems.append(row.problem("status", "give a position or a status"))
            return None
        return Status.CLASSIFIED
    status = STATUS_WORDS.get(text)
    if status is None:
        allowed = ", ".join(s.value for s in Status)
        problems.append(
            row.problem("status", f"unknown status {row.get('status')!r} (one of {allowed})")
        )
    elif status is Status.CLASSIFIED and position is None:
        problems.append(row.problem("position", "a classified result needs a position"))
    elif status is not Status.CLASSIFIED and position is not None:
        problems.append(
            row.problem(
                "position",
                f"position {position} given with status {status.value}; "
                "leave it empty or make the status classified",
            )
        )
    return status


def repeated_line(before: list[tuple[int, frozenset[str]]], crew: frozenset[str]) -> int | None:
    """The line a car's result repeats, or None: a car may have several results in one
    session only when each line names its drivers and no two lines share one (a car handed
    from one driver to another, each classified on his own); anything else is the same
    result listed twice."""
    for line, theirs in before:
        if not crew or not theirs or crew & theirs:
            return line
    return None


def _int(
    row: Row, column: str, problems: list[Problem], low: int = 0, high: int = MAX_COUNT
) -> int | None:
    """A whole-number column (empty: None), bounded so that storage can hold it."""
    text = row.get(column)
    if not text:
        return None
    try:
        return whole(text, low, high)
    except BadValue as exc:
        problems.append(row.problem(column, str(exc)))
        return None


def _text(
    row: Row, column: str, parse: Callable[[str], str], problems: list[Problem]
) -> str | None:
    """A time or gap column (empty: None), kept as written once `parse` accepts it."""
    text = row.get(column)
    if not text:
        return None
    try:
        return parse(text)
    except BadValue as exc:
        problems.append(row.problem(column, str(exc)))
        return None


def _shares(row: Row, problems: list[Problem]) -> tuple[Fraction, ...] | None:
    """The `shares` column: one share from 0 to 1 per driver, `;`-separated."""
    if not row.get("shares"):
        return None
    try:
        return tuple(share(part) for part in split_list(row.get("shares")))
    except NotANumber:
        problems.append(row.problem("shares", "numbers separated by ';'"))
    except BadValue as exc:
        problems.append(row.problem("shares", str(exc)))
    return None


def _points(
    where: DocProblems,
    path: list[Any],
    value: Any,
    low: int = -MAX_POINTS,
    high: int = MAX_POINTS,
) -> Fraction:
    """A decision's points (or seconds); a bad value is reported and counts as 0 (nothing
    is loaded)."""
    try:
        return number(value, low, high)
    except BadValue as exc:
        where.at(path, str(exc))
        return Fraction(0)


def _valid_id(ident: str) -> bool:
    return bool(ident) and not any(c.isspace() or c == ";" for c in ident)


def _overlap(a: frozenset[int] | None, b: frozenset[int] | None) -> bool:
    if a is None or b is None:
        return True
    return bool(a & b)
