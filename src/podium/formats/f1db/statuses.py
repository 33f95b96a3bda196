"""F1DB's position texts as podium statuses.

A numeric `position` is a classified place. Every other value that occurs in F1DB 1950-2024
is mapped here explicitly; anything else is an error naming the file and line.
"""

from __future__ import annotations

from typing import NamedTuple

from podium.model.result import Status


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
        if value < 1:
            return f"position {value} must be 1 or more"
        return Status.CLASSIFIED, value, None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return Status.CLASSIFIED, int(text), None
        mapped = POSITION_TEXTS.get(text.upper())
        if mapped is not None and (grid or text.upper() not in GRID_ONLY):
            return mapped.status, None, mapped.note
    known = ", ".join(t for t in POSITION_TEXTS if grid or t not in GRID_ONLY)
    return f"unknown position {value!r} (a number or one of {known})"
