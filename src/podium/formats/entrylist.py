"""Entry lists from outside a season folder: names as published, made into podium's ids.

An entry list comes as a spreadsheet or a timing provider's file, with people and teams by
name (`Yann EHRLACHER`, `Cyan Racing Lynk & Co`), not by the ids a season folder uses. This
module reads such a table (`read_entry_list`), matches names to the ids a season already has
(`Roster`: any case, accents and word order aside), and gives new ids to new names, so that
`podium new season --entries` and `podium add results --add-entries` write drivers.csv,
teams.csv and entries.csv the loader accepts.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from podium.errors import Problem, ValidationError
from podium.files.csvsrc import Row, split_list
from podium.formats.tables import Table
from podium.model.entry import Driver, Team

# podium's entry column <- the names an entry list may give it (any case).
ALIASES: dict[str, tuple[str, ...]] = {
    "car": ("car", "number", "no", "no.", "nr", "#", "car number"),
    "team": ("team", "entrant", "team name"),
    "constructor": ("constructor",),
    "manufacturer": ("manufacturer", "make", "brand"),
    "chassis": ("chassis", "vehicle", "car model", "model"),
    "engine": ("engine",),
    "flags": ("flags",),
    "class": ("class", "category"),
    "rounds": ("rounds",),
    "nationality": ("nationality", "nat", "country"),
}
_DRIVER_COLUMN = re.compile(r"drivers?(?:[ _]?([0-9]{1,2}))?", re.IGNORECASE)


def name_key(name: str) -> tuple[str, ...]:
    """A name as compared: `Yann EHRLACHER`, `EHRLACHER Yann` and `Yann Ehrlacher` are one."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return tuple(sorted(w for w in re.split(r"[^0-9a-z]+", plain) if w))


def slug(name: str) -> str:
    """An id made of a name: `Néstor Girolami` -> `nestor-girolami`."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return "-".join(w for w in re.split(r"[^0-9a-z]+", plain) if w)[:60].strip("-")


def shown_name(name: str) -> str:
    """`Yann EHRLACHER` -> `Yann Ehrlacher`: timing sheets capitalise family names."""
    words = name.split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)


@dataclass(frozen=True, slots=True)
class ListedEntry:
    """One car of an entry list as it was written (names, not ids)."""

    file: str
    line: int
    car: str
    drivers: tuple[str, ...]
    team: str | None = None
    constructor: str | None = None
    manufacturer: str | None = None
    chassis: str | None = None
    engine: str | None = None
    flags: tuple[str, ...] = ()
    car_class: str | None = None
    class_column: str | None = None
    rounds: str | None = None
    nationality: str | None = None


def read_entry_list(table: Table) -> list[ListedEntry]:
    """The cars of an entry list: a `car` (or `NUMBER`) column, the drivers by name in
    `drivers` (`;`-separated) or `driver`, `DRIVER_1`, `Driver 2`, ..., and any of team,
    constructor, manufacturer, chassis (or VEHICLE), engine, flags, class, rounds."""
    columns = {ours: table.column(*names) for ours, names in ALIASES.items()}
    crew_columns = sorted(
        (int(m.group(1) or 0), c) for c in table.columns if (m := _DRIVER_COLUMN.fullmatch(c))
    )
    problems: list[Problem] = []
    if columns["car"] is None:
        problems.append(Problem(table.name, 1, "car", "required column missing (or NUMBER)"))
    if not crew_columns:
        problems.append(
            Problem(table.name, 1, "drivers", "required column missing (or DRIVER_1, ...)")
        )
    if problems:
        raise ValidationError(problems)
    out: list[ListedEntry] = []
    seen: dict[str, int] = {}
    for row in table.rows:

        def cell(ours: str, row: Row = row) -> str | None:
            column = columns[ours]
            return (row.get(column) or None) if column is not None else None

        car = cell("car") or ""
        crew = tuple(n for _, c in crew_columns for n in split_list(row.get(c)))
        car_column = columns["car"] or "car"
        if not car:
            problems.append(row.problem(car_column, "required"))
        elif car in seen and not cell("rounds"):
            problems.append(
                row.problem(car_column, f"car {car} is listed twice (line {seen[car]})")
            )
        seen.setdefault(car, row.line)
        if not crew:
            problems.append(row.problem(crew_columns[0][1], "at least one driver's name"))
        out.append(
            ListedEntry(
                file=row.file,
                line=row.line,
                car=car,
                drivers=crew,
                team=cell("team"),
                constructor=cell("constructor"),
                manufacturer=cell("manufacturer"),
                chassis=cell("chassis"),
                engine=cell("engine"),
                flags=tuple(split_list(cell("flags") or "")),
                car_class=cell("class"),
                class_column=columns["class"],
                rounds=cell("rounds"),
                nationality=cell("nationality"),
            )
        )
    if problems:
        raise ValidationError(problems)
    return out


@dataclass
class Roster:
    """The drivers and teams of a season, by id, and those added to it by name."""

    drivers: dict[str, Driver] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    new_drivers: list[Driver] = field(default_factory=list)
    new_teams: list[Team] = field(default_factory=list)
    # Each name as compared -> the id of the first of that name: a list of thousands of
    # names is matched in one pass, not one scan per name.
    _driver_keys: dict[tuple[str, ...], str] = field(default_factory=dict, init=False)
    _team_keys: dict[tuple[str, ...], str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for driver in self.drivers.values():
            self._driver_keys.setdefault(name_key(driver.name), driver.id)
        for team in self.teams.values():
            self._team_keys.setdefault(name_key(team.name), team.id)

    def driver_named(self, name: str) -> str | None:
        """The id of the driver of this name (or whose id it is), if there is one."""
        if name in self.drivers:
            return name
        return self._driver_keys.get(name_key(name))

    def team_named(self, name: str) -> str | None:
        if name in self.teams:
            return name
        return self._team_keys.get(name_key(name))

    def driver(self, name: str, nationality: str | None = None) -> str:
        """The id of the driver of this name, added if new."""
        known = self.driver_named(name)
        if known is not None:
            return known
        ident = _free(slug(name) or "driver", self.drivers)
        added = Driver(ident, shown_name(name), nationality, None)
        self.drivers[ident] = added
        self._driver_keys.setdefault(name_key(added.name), ident)
        self.new_drivers.append(added)
        return ident

    def team(self, name: str) -> str:
        known = self.team_named(name)
        if known is not None:
            return known
        ident = _free(slug(name) or "team", self.teams)
        added = Team(ident, name.strip(), None)
        self.teams[ident] = added
        self._team_keys.setdefault(name_key(added.name), ident)
        self.new_teams.append(added)
        return ident


def _free(ident: str, taken: Mapping[str, object]) -> str:
    if ident not in taken:
        return ident
    n = 2
    while f"{ident}-{n}" in taken:
        n += 1
    return f"{ident}-{n}"


def csv_lines(rows: Iterable[Iterable[object]], separator: str = ",", end: str = "\n") -> str:
    """Rows as CSV text (`None` an empty cell), in a file's own separator and line end."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=end)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue()
