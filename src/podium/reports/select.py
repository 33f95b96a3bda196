"""Which entries a press kit is about: `--entry "Andreas Bäckman"`, `--entry 19`, `-e jessica`."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from podium.errors import NotFound
from podium.model.entry import Entry
from podium.model.season import Season
from podium.reports.kit import Chosen

ORGANISATIONS = ("team", "constructor", "manufacturer")


def fold(text: str) -> str:
    """Lower case without accents: "Bäckman" and "backman" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def choose(season: Season, round_number: int, queries: Iterable[str | int]) -> tuple[Chosen, ...]:
    """The entries of round `round_number` the queries name, in the order asked, once each.

    A query is a car number, a driver id, a driver's full name, or words of a name that
    match one driver only (accents and case do not matter). NotFound names the candidates.
    """
    running = [e for e in season.entries if e.runs_in(round_number)]
    out: list[Chosen] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    asked = [str(q).strip() for q in queries]
    if not asked:
        raise NotFound("no entry asked for: name one with --entry (a driver or a car number)")
    for query in asked:
        chosen = _one(season, round_number, running, query)
        key = (chosen.car, chosen.drivers)
        if key not in seen:
            seen.add(key)
            out.append(chosen)
    return tuple(out)


def _one(season: Season, round_number: int, running: list[Entry], query: str) -> Chosen:
    where = f"{season.key} round {round_number}"
    by_car = [e for e in running if e.car == query.lstrip("#")]
    if by_car:
        return _chosen(season, query, by_car[0], by_car[0].drivers)
    pairs = [(e, d) for e in running for d in e.drivers]
    wanted = fold(query)
    exact = [
        (e, d)
        for e, d in pairs
        if d == query or fold(season.drivers[d].name if d in season.drivers else d) == wanted
    ]
    if not exact:
        words = wanted.split()
        exact = [
            (e, d)
            for e, d in pairs
            if words and all(w in fold(_name(season, d)).replace("-", " ").split() for w in words)
        ]
    if len(exact) == 1:
        entry, driver = exact[0]
        return _chosen(season, query, entry, (driver,))
    if len(exact) > 1:
        options = ", ".join(f"{_name(season, d)} (#{e.car})" for e, d in exact)
        raise NotFound(f"{where}: entry {query!r} is ambiguous: {options}; give the full name")
    elsewhere = [d for d, driver in season.drivers.items() if fold(driver.name) == wanted]
    if elsewhere or query in season.drivers:
        raise NotFound(f"{where}: {query!r} did not enter round {round_number}")
    names = [_name(season, d) for _, d in pairs]
    close = difflib.get_close_matches(query, names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise NotFound(f"{where}: no entry {query!r} (give a driver's name or a car number){hint}")


def _name(season: Season, driver: str) -> str:
    found = season.drivers.get(driver)
    return found.name if found else driver


def _chosen(season: Season, query: str, entry: Entry, drivers: tuple[str, ...]) -> Chosen:
    names = [_name(season, d) for d in drivers]
    if len(drivers) == 1:
        first = names[0].split()[0] if names[0].split() else names[0]
    else:
        first = "#" + entry.car
    organisations = {
        attribute: ident
        for attribute in ORGANISATIONS
        if (ident := entry.organisation(attribute)) is not None
    }
    return Chosen(
        query=query,
        car=entry.car,
        drivers=drivers,
        name=" / ".join(names) if names else "#" + entry.car,
        first_name=first,
        team=entry.team,
        organisations=organisations,
    )


def round_entries(season: Season, round_number: int) -> tuple[Chosen, ...]:
    """Every car of the round, one Chosen per driver (a car shared by a crew: the car)."""
    out: list[Chosen] = []
    for entry in season.entries:
        if not entry.runs_in(round_number):
            continue
        if len(entry.drivers) == 1:
            out.append(_chosen(season, entry.drivers[0], entry, entry.drivers))
        else:
            out.append(_chosen(season, entry.car, entry, entry.drivers))
    return tuple(out)


def team_entries(season: Season, round_number: int, query: str) -> tuple[str, tuple[Chosen, ...]]:
    """The team a query names (its id or name, accents and case aside, or words of the name
    that single it out) and its cars in the round, in car-number order."""
    where = f"{season.key} round {round_number}"
    running = round_entries(season, round_number)
    teams = {e.team for e in running if e.team}
    wanted = fold(query)
    named = [t for t in teams if t == query or fold(season.competitor_name(t)) == wanted]
    if not named:
        words = wanted.split()
        named = [
            t
            for t in teams
            if words and all(w in fold(season.competitor_name(t)).split() for w in words)
        ]
    if len(named) > 1:
        options = ", ".join(sorted(season.competitor_name(t) for t in named))
        raise NotFound(f"{where}: team {query!r} is ambiguous: {options}; give the full name")
    if not named:
        names = sorted(season.competitor_name(t) for t in teams)
        close = difflib.get_close_matches(query, names, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise NotFound(f"{where}: no team {query!r} in this round{hint}")
    team = named[0]
    cars = sorted(
        (c for c in running if c.team == team),
        key=lambda c: (int(c.car) if c.car.isdigit() else 10**9, c.car),
    )
    return team, tuple(cars)
