"""F1DB's position texts as podium statuses.

A numeric `position` is a classified place. Every other value that occurs in F1DB 1950-2024
is mapped here explicitly; anything else is an error naming the file and line.
"""

from __future__ import annotations

from typing import NamedTuple

from podium.model.result import Status
from podium.model.values import MAX_COUNT, BadValue, shown, whole


class Mapped(NamedTuple):
    status: Status
    note: str | None = None  # kept on the result where the status alone loses meaning


POSITION_TEXTS: dict[str, Mapped] = {
    "DNF": Mapped(Status.DNF),  # did not finish (retired)
    "NC": Mapped(Status.NOT_CLASSIFIED),  # running at the end, too few laps
    "DSQ": Mapped(Status.DSQ),  # disqualified
    "DNS": Mapped(Status.DNS),  # did not start
    "DNQ": Mapped(Status.DNQ),  # did not qualify
    "DNPQ": Mapped(Status.DNPQ),  # did not pre-qualify
    "EX": Mapped(Status.EXCLUDED),  # excluded
    # Entered, but took no part in the event at all (F1DB "did not participate").
    "DNP": Mapped(Status.DNS, "DNP: did not take part"),
    # Starting grids only: started from the pit lane, behind the grid, without a grid slot.
    "PL": Mapped(Status.NOT_CLASSIFIED, "PL: started from the pit lane"),
}

GRID_ONLY = frozenset({"PL"})


def position_status(value: object, grid: bool) -> tuple[Status, int | None, str | None] | str:
    """(status, position, note) for an F1DB `position`; an error message if not understood."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= MAX_COUNT:
            return f"position {shown(value)} must be from 1 to {MAX_COUNT}"
        return Status.CLASSIFIED, value, None
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():  # isdigit() alone admits '²'
            try:
                return Status.CLASSIFIED, whole(text, 1, MAX_COUNT), None
            except BadValue as exc:
                return str(exc)
        mapped = POSITION_TEXTS.get(text.upper())
        if mapped is not None and (grid or text.upper() not in GRID_ONLY):
            return mapped.status, None, mapped.note
    known = ", ".join(t for t in POSITION_TEXTS if grid or t not in GRID_ONLY)
    return f"unknown position {shown(value)} (a number or one of {known})"
