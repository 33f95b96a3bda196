"""Synthetic seasons for benchmarks: built in memory, reproducible from a seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from podium.model import (
    Driver,
    Entry,
    Result,
    Round,
    RoundStatus,
    Season,
    Series,
    Session,
    SessionKind,
    Status,
    Team,
)
from podium.rules import parse_rules


def season(
    *,
    cars: int,
    rounds: int,
    races_per_round: int,
    drops: int | None,
    seed: int = 1,
    sprints: bool = False,
) -> Season:
    """A season of `rounds` weekends, `cars` single-driver cars in teams of two; `sprints`:
    a sprint (8 to 1) between qualifying and the races of every weekend."""
    rng = random.Random(seed)
    drivers = {f"d{i}": Driver(f"d{i}", f"Driver {i}", "SWE") for i in range(cars)}
    teams = {f"t{i}": Team(f"t{i}", f"Team {i}") for i in range((cars + 1) // 2)}
    entries = tuple(
        Entry(
            car=str(i + 1),
            drivers=(f"d{i}",),
            team=f"t{i // 2}",
            flags=frozenset({"trophy"}) if i % 5 == 0 else frozenset(),
        )
        for i in range(cars)
    )
    calendar = []
    start = date(2025, 3, 1)
    for number in range(1, rounds + 1):
        sessions = [_session("qualifying", SessionKind.QUALIFYING, entries, rng)]
        if sprints:
            sessions.append(_session("sprint", SessionKind.SPRINT, entries, rng))
        sessions += [
            _session(f"race{k}", SessionKind.RACE, entries, rng)
            for k in range(1, races_per_round + 1)
        ]
        calendar.append(
            Round(
                number=number,
                name=f"Round {number}",
                start=start + timedelta(days=14 * number),
                status=RoundStatus.HELD,
                folder=f"{number:02d}",
                sessions=tuple(sessions),
            )
        )
    sprint = [{"session": "sprint", "points": "sprint"}] if sprints else []
    document: dict[str, object] = {
        "scales": {
            "race": [25, 18, 15, 12, 10, 8, 6, 4, 2, 1],
            "trophy": [10, 8, 6, 4, 2],
            "sprint": [8, 7, 6, 5, 4, 3, 2, 1],
        },
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [{"session": "race", "points": "race"}, *sprint],
                "bonuses": [
                    {"name": "pole", "session": "qualifying", "holder": "best_placed", "points": 1},
                    {"name": "fastest_lap", "session": "race", "points": 1, "top": 10},
                ],
                **({"drops": {"best": drops}} if drops else {}),
            },
            "trophy": {
                "competitor": "driver",
                "eligible": {"flags_all": ["trophy"]},
                "scoring": [{"session": "race", "points": "trophy", "basis": "eligible"}],
            },
            "teams": {
                "competitor": "team",
                "cars": {"best": 2},
                "scoring": [{"session": "race", "points": "race"}, *sprint],
            },
        },
    }
    return Season(
        series=Series("bench", "Benchmark Series"),
        year=2025,
        name="Benchmark",
        rounds=tuple(calendar),
        drivers=drivers,
        teams=teams,
        entries=entries,
        rules=parse_rules(document, "benchmark rules"),
    )


def _session(
    sid: str, kind: SessionKind, entries: tuple[Entry, ...], rng: random.Random
) -> Session:
    order = list(entries)
    rng.shuffle(order)
    fastest = rng.randrange(len(order))
    results = []
    position = 0
    for i, entry in enumerate(order):
        finished = kind is SessionKind.QUALIFYING or rng.random() > 0.1
        position += finished
        results.append(
            Result(
                car=entry.car,
                status=Status.CLASSIFIED if finished else Status.DNF,
                position=position if finished else None,
                fastest_lap_rank=1 if i == fastest else None,
            )
        )
    return Session(id=sid, kind=kind, name=sid, results=tuple(results))
