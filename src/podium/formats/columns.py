"""The columns of podium's own CSV files, in the order podium writes them.

One list each, read by the season loader (formats/native.py: which columns a file may have)
and by the writer (formats/export.py: which it writes, in this order). `note` and `source`
are free text a person adds; podium reads them and writes what it keeps.
"""

from __future__ import annotations

RESULT_COLUMNS: tuple[str, ...] = (
    "position",
    "car",
    "drivers",
    "status",
    "laps",
    "time",
    "gap",
    "grid",
    "fastest_lap",
    "fastest_lap_rank",
    "shares",
    "note",
)
ENTRY_COLUMNS: tuple[str, ...] = (
    "car",
    "drivers",
    "team",
    "constructor",
    "manufacturer",
    "chassis",
    "engine",
    "flags",
    "rounds",
)
FREE_TEXT: tuple[str, ...] = ("note", "source")
