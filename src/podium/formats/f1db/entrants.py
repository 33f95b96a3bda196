"""A season's `entrants.yml`: which entrant ran which driver in which car, round by round.

F1DB writes an entrant either with one constructor inline or with a `constructors:` list, and
a constructor either with one driver inline (`driverId`, `rounds`) or with a `drivers:` list;
`rounds` is `3`, `"1-10,12-16"`, or empty for a test driver. Chassis and engines are one id
(`chassisId`) or a list (`chassis:`); a list does not say which round used which, so an entry
then carries no chassis.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from podium.errors import Problem, ValidationError
from podium.formats.f1db.source import CHASSIS, ENGINES, F1DBSource, item_line, parse_yaml
from podium.model.values import shown
from podium.rules.loader import parse_rounds


@dataclass(frozen=True, slots=True)
class Entrant:
    id: str
    country: str | None  # F1DB country id
    rounds: frozenset[int] | None  # None: no rounds given (a test driver)
    chassis: str | None  # F1DB chassis id, when one
    engine: str | None  # F1DB engine id, when one


class SeasonEntrants:
    """Look up the entrant of (driver, constructor, engine maker) in a round."""

    def __init__(self) -> None:
        self._by_car: dict[tuple[str, str, str], list[Entrant]] = {}
        self.countries: dict[str, str | None] = {}

    def add(self, driver: str, constructor: str, engine: str, entrant: Entrant) -> None:
        self._by_car.setdefault((driver, constructor, engine), []).append(entrant)
        self.countries.setdefault(entrant.id, entrant.country)

    def find(self, driver: str, constructor: str, engine: str, round_number: int) -> Entrant | None:
        candidates = self._by_car.get((driver, constructor, engine))
        if not candidates:
            return None
        for entrant in candidates:
            if entrant.rounds is not None and round_number in entrant.rounds:
                return entrant
        # F1DB lists a Friday test driver without rounds; else the rounds disagree with the
        # results: the entrant that ran this driver in this car is still the best guess.
        untimed = [e for e in candidates if e.rounds is None]
        return (untimed or candidates)[0]


def read_entrants(source: F1DBSource, year: int) -> SeasonEntrants:
    path = source.season_folder(year) / "entrants.yml"
    out = SeasonEntrants()
    if not path.is_file():
        return out
    shown = source.shown(path)
    doc = parse_yaml(path, shown)
    if doc is None:
        return out
    if not isinstance(doc, list):
        raise ValidationError([Problem(shown, 1, "-", "expected a list of entrants")])
    problems: list[Problem] = []
    for index, item in enumerate(doc):
        if not isinstance(item, dict) or not isinstance(item.get("entrantId"), str):
            line = item_line(path, index)
            problems.append(Problem(shown, line, "entrantId", "each entrant needs an entrantId"))
            continue
        entrant_id = item["entrantId"]
        country = item.get("countryId")
        blocks = item.get("constructors")
        for block in blocks if isinstance(blocks, list) else [item]:
            try:
                _read_block(out, entrant_id, country if isinstance(country, str) else None, block)
            except (TypeError, ValueError, KeyError) as exc:
                line = item_line(path, index)
                problems.append(Problem(shown, line, "-", f"entrant {entrant_id}: {exc}"))
    if problems:
        raise ValidationError(problems)
    return out


def _read_block(out: SeasonEntrants, entrant: str, country: str | None, block: Any) -> None:
    if not isinstance(block, dict):
        raise ValueError(f"a constructor is a mapping, not {shown(block)}")
    constructor = _id(block, "constructorId")
    engine_maker = _id(block, "engineManufacturerId")
    chassis = _single(block, "chassisId", "chassis")
    engine = _single(block, "engineId", "engines")
    for driver, rounds in _drivers(block):
        out.add(
            driver, constructor, engine_maker, Entrant(entrant, country, rounds, chassis, engine)
        )


def _id(block: dict[str, Any], key: str) -> str:
    value = block.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key} {shown(value)} is not an id")
    return value


def _single(block: dict[str, Any], key: str, list_key: str) -> str | None:
    value = block.get(key)
    if isinstance(value, str):
        return value
    many = block.get(list_key)
    if isinstance(many, list) and len(many) == 1 and isinstance(many[0], dict):
        only = many[0].get(key)
        return only if isinstance(only, str) else None
    return None


def _drivers(block: dict[str, Any]) -> Iterator[tuple[str, frozenset[int] | None]]:
    listed = block.get("drivers")
    for spec in listed if isinstance(listed, list) else [block]:
        if not isinstance(spec, dict):
            raise ValueError(f"a driver is a mapping, not {shown(spec)}")
        driver = spec.get("driverId")
        if not isinstance(driver, str):
            raise ValueError("a driver without driverId")
        rounds = spec.get("rounds")
        yield driver, None if rounds is None else parse_rounds(rounds)


def chassis_name(source: F1DBSource, chassis: str | None) -> str | None:
    if chassis is None:
        return None
    return _full_name(source, CHASSIS, chassis)


def engine_name(source: F1DBSource, engine: str | None) -> str | None:
    if engine is None:
        return None
    return _full_name(source, ENGINES, engine)


def _full_name(source: F1DBSource, folder: str, ident: str) -> str:
    item = source.item(folder, ident)
    if item is None:
        return ident
    return str(item.get("fullName") or item.get("name") or ident)
