"""Ergast's path grammar: what `/ergast/{series}/...` asks for.

    [{season} [{round}]] [{filter}/{value}]... {resource}[/{value}][.json]

`{season}` is a year or `current`; `{round}` a number, `last` or `next`. Filters come in any
order and number (a repeated one: the last counts, as Jolpica does). The resource may carry a
value: an item (`drivers/alonso`), a place (`results/1`, `driverStandings/1`), a lap or a stop
(`laps/7`, `pitstops/2`), which is the resource's own filter. A season alone (`2021.json`)
and a season with a round (`2021/3.json`) ask for races. Names are read in any letter case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from podium.errors import Problem
from podium.web.errors import ApiError

# Resource names (lower case) -> Ergast's spelling.
RESOURCES = {
    name.lower(): name
    for name in (
        "seasons",
        "races",
        "results",
        "qualifying",
        "sprint",
        "drivers",
        "constructors",
        "circuits",
        "status",
        "laps",
        "pitstops",
        "driverStandings",
        "constructorStandings",
    )
}

# Filter names (lower case) -> the key its value is echoed under in the response's table,
# which is also the key podium files it under.
FILTERS = {
    "circuits": "circuitId",
    "constructors": "constructorId",
    "drivers": "driverId",
    "grid": "grid",
    "results": "position",
    "qualifying": "qualifying",
    "sprint": "sprint",
    "fastest": "fastest",
    "status": "status",
    "driverstandings": "driverStandings",
    "constructorstandings": "constructorStandings",
    "laps": "lap",
    "pitstops": "stop",
}
# A value after the resource itself: which filter it is (qualifying/1 and sprint/1 are a
# place in that session, not in the race).
OWN_VALUE = {
    "circuits": "circuitId",
    "constructors": "constructorId",
    "drivers": "driverId",
    "status": "status",
    "results": "position",
    "qualifying": "position",
    "sprint": "position",
    "driverstandings": "driverStandings",
    "constructorstandings": "constructorStandings",
    "laps": "lap",
    "pitstops": "stop",
}
NUMBERS = {
    "grid",
    "position",
    "qualifying",
    "sprint",
    "fastest",
    "driverStandings",
    "constructorStandings",
    "lap",
    "stop",
}

_YEAR = re.compile(r"^[0-9]{4}$", re.ASCII)
_NUMBER = re.compile(r"^[0-9]{1,4}$", re.ASCII)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$", re.ASCII)
MAX_SEGMENTS = 24


@dataclass(frozen=True, slots=True)
class Asked:
    """One Ergast path, parsed: nothing is looked up yet."""

    resource: str  # Ergast's spelling: `driverStandings`
    season: str | None = None  # `2021` or `current`
    round: str | None = None  # `3`, `last` or `next`
    filters: Mapping[str, str] = field(default_factory=dict)  # echo key -> value as asked

    def number(self, key: str) -> int | None:
        value = self.filters.get(key)
        return int(value) if value is not None else None


def _invalid(where: str, message: str) -> ApiError:
    return ApiError(
        422, "invalid", "invalid request parameters", [Problem("", None, f"path.{where}", message)]
    )


def _unknown(path: str, why: str) -> ApiError:
    return ApiError(
        404,
        "not found",
        f"no such page or route: {path} ({why}; see docs/api.md, Ergast-compatible routes)",
    )


def parse(path: str) -> Asked:
    """The Ergast request in `path`, the part after `/ergast/{series}/`."""
    stem = path.strip("/")
    if stem.lower().endswith(".json"):
        stem = stem[: -len(".json")]
    parts = [p for p in stem.split("/") if p]
    if not parts or len(parts) > MAX_SEGMENTS:
        raise _unknown(path, "an Ergast path names a resource, e.g. 2021/results.json")
    season: str | None = None
    round_key: str | None = None
    at = 0
    if _YEAR.match(parts[0]) or parts[0].lower() == "current":
        season = parts[0].lower()
        at = 1
        if at < len(parts) and parts[at].lower() not in RESOURCES:
            key = parts[at].lower()
            if _NUMBER.match(key) or key in ("last", "next"):
                round_key = key
                at += 1
    elif parts[0][:1].isdigit():  # `20x1`, `٢٠٢١`: meant as a season, not one
        raise _invalid("season", f"{parts[0]!r} is no season: give a year or 'current'")
    if at == len(parts):
        if season is None:
            raise _unknown(path, "no resource named")
        return Asked("races", season, round_key)
    filters: dict[str, str] = {}
    resource: str | None = None
    while at < len(parts):
        name = parts[at].lower()
        if at == len(parts) - 1:  # the resource, without a value
            resource = RESOURCES.get(name)
            if resource is None:
                raise _unknown(path, f"{parts[at]!r} is no Ergast resource")
            at += 1
        elif at == len(parts) - 2 and name == "standings":  # podium: any classification
            resource = "standings"
            _put(filters, "classification", parts[at + 1])
            at += 2
        elif at == len(parts) - 2 and name in OWN_VALUE:  # the resource and its value
            resource = RESOURCES[name]
            _put(filters, OWN_VALUE[name], parts[at + 1])
            at += 2
        elif name in FILTERS:
            _put(filters, FILTERS[name], parts[at + 1])
            at += 2
        else:
            # `{season}/{x}/{resource}`: x stands where the round goes
            in_round = at == 1 and season is not None and at + 1 == len(parts) - 1
            raise _unresolved(path, parts[at], in_round and parts[-1].lower() in RESOURCES)
    if resource is None:  # `grid/3`: filters, and nothing to list
        raise _unknown(path, "the path ends in a filter: name a resource after it")
    return Asked(resource, season, round_key, filters)


def _unresolved(path: str, segment: str, round_place: bool) -> ApiError:
    if round_place:
        return _invalid("round", f"{segment!r} is no round: give a number, 'last' or 'next'")
    return _unknown(path, f"{segment!r} is no Ergast resource or filter")


def _put(filters: dict[str, str], key: str, value: str) -> None:
    if key in NUMBERS:
        if not _NUMBER.match(value):
            raise _invalid(key, f"{value!r} is not a number")
        value = str(int(value))
    elif not _ID.match(value):
        raise _invalid(key, f"{value!r} is no id (letters, digits, '_', '-', '.')")
    filters[key] = value
