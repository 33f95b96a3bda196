"""An F1DB season as a podium `Season`: rounds, drivers, constructors, entries, rules, data.

- Drivers: F1DB driver ids, names (and given and family name as F1DB splits them),
  nationality as ISO alpha-3, abbreviation, date of birth, permanent number.
- Constructors (the constructors' championship): constructor + engine maker, keyed
  `<constructorId>-<engineManufacturerId>` and named as F1DB presents them ("Cooper-Climax",
  "McLaren-Mercedes"; "Ferrari" once where both are the same).
- Teams: the entrant (F1DB entrant id and name, e.g. "Scuderia Ferrari SpA SEFAC").
- Entries: one per car and round, merged over the rounds in which nothing changes.
- Aliases: the bundled Ergast ids and links (`data/f1/ergast-ids.csv`) of the season's
  drivers, constructors, circuits and races, and every status.
- Rules: `<rules_dir>/<year>.yaml`, else the bundled `rules/library/f1/<year>.yaml`.
- Season data F1DB does not carry: the overlay `<data_dir>/<year>.yaml`, else the bundled
  `data/f1/<year>.yaml` (see overlay.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path

from podium.errors import Problem, ValidationError
from podium.formats.aliases import read_aliases
from podium.formats.f1db.entrants import (
    SeasonEntrants,
    chassis_name,
    engine_name,
    read_entrants,
)
from podium.formats.f1db.overlay import Overlay, bundled_overlay_dir, read_overlay
from podium.formats.f1db.races import CarInRound, RaceData, RaceReader
from podium.formats.f1db.source import (
    CONSTRUCTORS,
    DRIVERS,
    ENGINE_MANUFACTURERS,
    ENTRANTS,
    F1DBSource,
)
from podium.model.aliases import Aliases, race_id
from podium.model.decision import Decision
from podium.model.entry import Driver, Entry, Team
from podium.model.season import Season, Series, TieOrder
from podium.rules.loader import bundled_rules_dir, load_rules
from podium.rules.model import Rules

SERIES = Series("f1", "FIA Formula One World Championship", short_name="Formula 1")
CREDIT = "F1DB (CC BY 4.0)"
CREDIT_URL = "https://github.com/f1db/f1db"
# Ergast ids and Wikipedia links of F1's drivers, constructors, circuits, races, statuses
# (from jolpica-f1, Apache-2.0: see data/f1/ERGAST-IDS.md), beside the season data files.
ALIASES_FILE = "ergast-ids.csv"


def rules_file(year: int, rules_dir: Path | None = None) -> Path:
    """The rules file of an F1 season: in `rules_dir` first, else the bundled one."""
    candidates = [Path(rules_dir) / f"{year}.yaml"] if rules_dir is not None else []
    candidates.append(bundled_rules_dir() / "f1" / f"{year}.yaml")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = " or ".join(str(c) for c in candidates)
    raise ValidationError(
        [
            Problem(
                str(candidates[0]), None, "-", f"no F1 rules file for {year} (looked for {looked})"
            )
        ]
    )


def bundled_aliases_file() -> Path:
    """The bundled alias table of F1 (its own file: not part of the per-season data)."""
    return Path(str(resources.files("podium").joinpath("data/f1", ALIASES_FILE)))


def overlay_file(year: int, data_dir: Path | None = None) -> Path | None:
    """The season data file of an F1 season, if there is one."""
    for folder in (data_dir, bundled_overlay_dir()):
        if folder is not None and (Path(folder) / f"{year}.yaml").is_file():
            return Path(folder) / f"{year}.yaml"
    return None


@dataclass
class SeasonLoader:
    """Builds seasons from one F1DB folder; shared files are parsed once across seasons."""

    source: F1DBSource
    rules_dir: Path | None = None
    data_dir: Path | None = None

    def __post_init__(self) -> None:
        self._rules: dict[Path, Rules] = {}
        self._aliases: Aliases | None = None  # the bundled table, read once

    def rules(self, year: int) -> Rules:
        path = rules_file(year, self.rules_dir)
        if path not in self._rules:
            self._rules[path] = load_rules(path, str(path))
        return self._rules[path]

    def load(self, year: int) -> Season:
        folder = self.source.season_folder(year)
        if not (folder / "races").is_dir():
            known = self.source.years()
            span = f"{known[0]}-{known[-1]}" if known else "none"
            raise ValidationError(
                [Problem(str(folder), None, "-", f"F1DB has no season {year} here ({span})")]
            )
        problems: list[Problem] = []
        rules: Rules | None = None
        try:
            rules = self.rules(year)
        except ValidationError as exc:
            problems.extend(exc.problems)
        overlay = Overlay()
        try:
            path = overlay_file(year, self.data_dir)
            overlay = read_overlay(path, str(path) if path else None)
        except ValidationError as exc:
            problems.extend(exc.problems)
        entrants = SeasonEntrants()
        try:
            entrants = read_entrants(self.source, year)
        except ValidationError as exc:
            problems.extend(exc.problems)
        if overlay.year not in (None, year):
            problems.append(overlay.problem(["year"], f"this is the season data of {year}"))
        reader = RaceReader(self.source, year, entrants, problems)
        races: list[RaceData] = []
        numbers: dict[int, str] = {}
        for race_folder in self.source.race_folders(year):
            data = reader.read(race_folder)
            if data is None:
                continue
            number = data.round.number
            if number in numbers:
                problems.append(
                    Problem(
                        str(race_folder / "race.yml"),
                        None,
                        "round",
                        f"round {number} is also {numbers[number]}",
                    )
                )
                continue
            numbers[number] = race_folder.name
            races.append(data)
        races.sort(key=lambda r: r.round.number)

        flags = overlay.entry_flags()
        problems.extend(overlay.entry_flag_problems({r.round.number: set(r.cars) for r in races}))
        drivers = self.drivers(reader.drivers_seen)
        teams = self.teams(reader.constructors_seen, races)
        entries = self.entries(races, flags)
        rounds, session_problems = overlay.apply_sessions([r.round for r in races])
        problems.extend(session_problems)
        decisions: list[Decision] = []
        tie_orders: list[TieOrder] = []
        if rules is not None:
            decisions, tie_orders, decision_problems = overlay.decisions(
                rules, drivers, teams, rounds
            )
            problems.extend(decision_problems)
        if problems or rules is None:
            raise ValidationError(problems)
        season = Season(
            series=SERIES,
            year=year,
            name=f"{SERIES.name} {year}",
            rounds=tuple(rounds),
            drivers=drivers,
            teams=teams,
            entries=tuple(entries),
            rules=rules,
            decisions=tuple(decisions),
            tie_orders=tuple(tie_orders),
            links={CREDIT: CREDIT_URL},
        )
        return replace(season, aliases=self.aliases(year, season))

    # -- people and organisations --------------------------------------------------------

    def drivers(self, seen: dict[str, None]) -> dict[str, Driver]:
        out: dict[str, Driver] = {}
        for ident in seen:
            item = self.source.item(DRIVERS, ident) or {}
            born = item.get("dateOfBirth")
            number = item.get("permanentNumber")
            out[ident] = Driver(
                id=ident,
                name=str(item.get("name") or ident),
                nationality=self.source.alpha3(item.get("nationalityCountryId")),
                abbreviation=str(item["abbreviation"]) if item.get("abbreviation") else None,
                given_name=str(item["firstName"]) if item.get("firstName") else None,
                family_name=str(item["lastName"]) if item.get("lastName") else None,
                # A date F1DB got wrong (2021-02-30) stays text in the parse: not a birth date.
                born=born if isinstance(born, date) else None,
                permanent_number=str(number) if number not in (None, "") else None,
            )
        return out

    def aliases(self, year: int, season: Season) -> Aliases:
        """The bundled alias table's rows for this season's things (data/f1/ergast-ids.csv):
        its drivers, constructors (with Ergast's names), circuits, races and the season
        itself, and every status."""
        if self._aliases is None:
            path = bundled_aliases_file()
            self._aliases = read_aliases(path, str(path)) if path.is_file() else Aliases()
        wanted = {
            "driver": set(season.drivers),
            "constructor": set(season.teams),
            "circuit": {r.circuit_id for r in season.rounds if r.circuit_id},
            "race": {race_id(year, r.number) for r in season.rounds},
            "season": {str(year)},
        }
        return Aliases(
            tuple(
                row
                for row in self._aliases.rows
                if row.kind == "status" or row.podium_id in wanted.get(row.kind, ())
            )
        )

    def teams(
        self, constructors: dict[tuple[str, str], None], races: list[RaceData]
    ) -> dict[str, Team]:
        out: dict[str, Team] = {}
        for constructor, engine in constructors:
            ident = constructor_key(constructor, engine)
            item = self.source.item(CONSTRUCTORS, constructor) or {}
            out[ident] = Team(
                ident,
                constructor_name(self.source, constructor, engine),
                self.source.alpha3(item.get("countryId")),
            )
        problems: list[Problem] = []
        for race in races:
            for car in race.cars.values():
                entrant = car.entrant
                if entrant is None or entrant.id in out:
                    continue
                if any(entrant.id == constructor_key(c, e) for c, e in constructors):
                    problems.append(
                        Problem(
                            str(self.source.data / ENTRANTS / f"{entrant.id}.yml"),
                            None,
                            "id",
                            f"entrant id {entrant.id!r} is also a constructor key",
                        )
                    )
                    continue
                out[entrant.id] = Team(
                    entrant.id,
                    self.source.name_of(ENTRANTS, entrant.id),
                    self.source.alpha3(entrant.country),
                )
        if problems:
            raise ValidationError(problems)
        return out

    def entries(
        self, races: list[RaceData], flags: dict[tuple[int, str], frozenset[str]]
    ) -> list[Entry]:
        """One entry per car, for the rounds in which its crew, entrant and flags hold."""
        merged: dict[Entry, set[int]] = {}
        for race in races:
            number = race.round.number
            for car in race.cars.values():
                key = self.entry(car, flags.get((number, car.id), frozenset()))
                merged.setdefault(key, set()).add(number)
        return [
            Entry(
                car=e.car,
                drivers=e.drivers,
                team=e.team,
                constructor=e.constructor,
                chassis=e.chassis,
                engine=e.engine,
                flags=e.flags,
                rounds=frozenset(rounds),
            )
            for e, rounds in merged.items()
        ]

    def entry(self, car: CarInRound, flags: frozenset[str]) -> Entry:
        entrant = car.entrant
        return Entry(
            car=car.id,
            drivers=tuple(car.drivers),
            team=entrant.id if entrant is not None else None,
            constructor=constructor_key(car.constructor, car.engine_maker),
            chassis=chassis_name(self.source, entrant.chassis if entrant else None),
            engine=engine_name(self.source, entrant.engine if entrant else None),
            flags=flags,
        )


def constructor_key(constructor: str, engine_maker: str) -> str:
    """The id of a constructor in the constructors' championship: chassis maker + engine."""
    return f"{constructor}-{engine_maker}"


def constructor_name(source: F1DBSource, constructor: str, engine_maker: str) -> str:
    name = source.name_of(CONSTRUCTORS, constructor)
    if constructor == engine_maker:
        return name
    return f"{name}-{source.name_of(ENGINE_MANUFACTURERS, engine_maker)}"
