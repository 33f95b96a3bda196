"""Al Kamel Systems classifications, as podium's session rows.

Al Kamel Systems times WTCR/TCR, WEC, ELMS and many FIA series and publishes each session's
classification as a CSV: semicolon-separated, a header such as

    POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;GROUP;
    DIVISION;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH

with columns missing or in another order from one series to the next, times written
`5:44'41.101` (h:mm'ss) and `1'58.056` (m'ss), gaps `14.886` or `1 Laps`. Each line becomes a
row of podium's session CSV (position, car, status, laps, time, gap, fastest_lap) at the
same line, and what it says of the car (crew, team, vehicle, class) is kept for checking
against the entry list. Every problem names the column as the file calls it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from podium.errors import Problem, ValidationError
from podium.files.csvsrc import Row
from podium.formats.tables import Table
from podium.model.values import BadValue, provider_gap, provider_time, whole

# Al Kamel's status words (any case) -> podium's status column ("" is classified).
STATUSES: dict[str, str] = {
    "classified": "",
    "not classified": "nc",
    "nc": "nc",
    "retired": "dnf",
    "ret": "dnf",
    "dnf": "dnf",
    "dns": "dns",
    "not started": "dns",
    "did not start": "dns",
    "dsq": "dsq",
    "disqualified": "dsq",
    "excluded": "ex",
    "exc": "ex",
}
SHOWN_STATUSES = "Classified, Not classified, Retired, DNS, DSQ, Excluded"
_DRIVER = re.compile(r"DRIVER_?([0-9]{1,2})", re.IGNORECASE)
# podium's column <- Al Kamel's (what podium's session CSV keeps of a line).
COLUMNS = {
    "position": "POSITION",
    "car": "NUMBER",
    "status": "STATUS",
    "laps": "LAPS",
    "time": "TOTAL_TIME",
    "gap": "GAP_FIRST",
    "fastest_lap": "FL_TIME",
}


@dataclass(frozen=True, slots=True)
class ProviderCar:
    """What one line says about its car, beside the result: for the entry list."""

    file: str
    line: int
    car: str
    drivers: tuple[tuple[str, str], ...]  # (column as the file calls it, name as written)
    team: str | None
    vehicle: str | None
    car_class: str | None
    class_column: str | None

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, column, message)


@dataclass(frozen=True, slots=True)
class Classification:
    """An Al Kamel file read: podium's rows, the cars as the file describes them, and the
    file's name of each podium column (for messages about the rows)."""

    rows: tuple[Row, ...]
    cars: tuple[ProviderCar, ...]
    columns: dict[str, str]
    problems: tuple[Problem, ...] = ()  # values in no form podium knows, at their lines


def is_alkamel(table: Table) -> bool:
    """Whether a table is an Al Kamel classification: a NUMBER column and no `car`."""
    return table.column("NUMBER") is not None and table.column("car") is None


def read_classification(table: Table) -> Classification:
    """Every line of an Al Kamel classification as podium's row; ValidationError if the
    header lacks a column it needs. A value in no known form is a problem in `problems` (so
    that its caller reports it with the problems it finds itself)."""
    named = {ours: table.column(theirs) for ours, theirs in COLUMNS.items()}
    columns = {ours: theirs for ours, theirs in named.items() if theirs is not None}
    problems: list[Problem] = []
    if "car" not in columns:
        problems.append(Problem(table.name, 1, "NUMBER", "required column missing"))
    if "position" not in columns and "status" not in columns:
        problems.append(
            Problem(table.name, 1, "POSITION", "required column missing (or give STATUS)")
        )
    if problems:
        raise ValidationError(problems)
    drivers = sorted(
        ((int(m.group(1)), c) for c in table.columns if (m := _DRIVER.fullmatch(c))),
    )
    team, vehicle, klass = table.column("TEAM"), table.column("VEHICLE"), table.column("CLASS")
    rows: list[Row] = []
    cars: list[ProviderCar] = []
    for row in table.rows:
        values = _result(row, columns, problems)
        rows.append(Row(row.file, row.line, values))
        crew = tuple((c, row.get(c)) for _, c in drivers if row.get(c))
        cars.append(
            ProviderCar(
                file=row.file,
                line=row.line,
                car=values["car"],
                drivers=crew,
                team=(row.get(team) or None) if team else None,
                vehicle=(row.get(vehicle) or None) if vehicle else None,
                car_class=(row.get(klass) or None) if klass else None,
                class_column=klass,
            )
        )
    return Classification(tuple(rows), tuple(cars), columns, tuple(problems))


def _result(row: Row, columns: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    """One line's podium columns; a value in no form podium knows is a problem."""

    def cell(ours: str) -> str:
        return row.get(columns[ours]) if ours in columns else ""

    out = {"car": cell("car")}
    status_text = cell("status")
    position_text = cell("position")
    if not status_text and position_text.casefold() in STATUSES:
        status_text, position_text = position_text, ""  # `RET` written in POSITION
    status = STATUSES.get(status_text.casefold()) if status_text else ""
    if status is None:
        problems.append(
            row.problem(
                columns["status"],
                f"unknown status {status_text!r} (one of {SHOWN_STATUSES})",
            )
        )
        status = "dnf"
    out["status"] = status
    if status == "":  # classified: its place counts; any other status has none in podium
        if not position_text:
            where = columns.get("position", columns.get("status", "POSITION"))
            problems.append(row.problem(where, "a classified car needs a POSITION"))
        else:
            out["position"] = _checked(row, columns["position"], position_text, whole, problems)
    laps = cell("laps")
    if laps:
        out["laps"] = _checked(row, columns["laps"], laps, whole, problems)
    for ours, parse in (("time", provider_time), ("fastest_lap", provider_time)):
        text = cell(ours)
        if text:
            out[ours] = _checked(row, columns[ours], text, parse, problems)
    gap = cell("gap")
    if gap and gap not in ("-", "0", "0.000") and status == "":
        out["gap"] = _checked(row, columns["gap"], gap, provider_gap, problems)
    return out


def _checked(
    row: Row, column: str, text: str, parse: Callable[[str], object], problems: list[Problem]
) -> str:
    """`text` in podium's form once `parse` accepts it; else a problem at the cell."""
    try:
        value = parse(text)
    except BadValue as exc:
        problems.append(row.problem(column, str(exc)))
        return text
    return str(value)
