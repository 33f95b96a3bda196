"""Standings engine speed and memory: prints figures, asserts nothing.

    python benchmarks/standings.py

1. a 24-round season (20 cars, sprint-less, pole and fastest-lap bonuses, three
   classifications): every table after every round;
2. a synthetic league of 2,000 entries x 50 rounds (2 races each) with drops (best 40):
   the drivers' table after every round;
3. a 24-round season with sprints (20 cars, three classifications): every table after every
   scored session (sprint, race), in one pass (`standings_history(by_session=True)`) and one
   call at a time (`standings(after_round=N, after_session=ID)`, as the API asks).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import podium
from synthetic import season


def measure(
    label: str,
    cars: int,
    rounds: int,
    races: int,
    drops: int | None,
    classifications: tuple[str, ...],
) -> None:
    data = season(cars=cars, rounds=rounds, races_per_round=races, drops=drops)
    started = time.perf_counter()
    tables = 0
    for cid in classifications:
        tables += len(podium.standings_history(data, cid))
    elapsed = time.perf_counter() - started
    # Memory in a second pass: tracing allocations slows the first one several times over.
    tracemalloc.start()
    for cid in classifications:
        podium.standings_history(data, cid)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {tables} tables in {elapsed:.3f} s "
        f"({elapsed / tables * 1000:.2f} ms/table), peak memory {peak / 2**20:.1f} MiB"
    )


def measure_sessions(label: str, classifications: tuple[str, ...]) -> None:
    data = season(cars=20, rounds=24, races_per_round=1, drops=None, sprints=True)
    started = time.perf_counter()
    tables = 0
    for cid in classifications:
        tables += len(podium.standings_history(data, cid, by_session=True))
    elapsed = time.perf_counter() - started
    print(
        f"{label}, after every session in one pass: {tables} tables in {elapsed:.3f} s "
        f"({elapsed / tables * 1000:.2f} ms/table)"
    )
    started = time.perf_counter()
    calls = 0
    for cid in classifications:
        for rnd in data.held_rounds():
            for session in rnd.sessions:
                if session.kind.value in ("sprint", "race"):
                    podium.standings(data, cid, after_round=rnd.number, after_session=session.id)
                    calls += 1
    elapsed = time.perf_counter() - started
    print(
        f"{label}, after every session one call at a time: {calls} tables in {elapsed:.3f} s "
        f"({elapsed / calls * 1000:.2f} ms/table)"
    )


def main() -> None:
    measure(
        "24-round season, 20 cars, 3 classifications",
        20,
        24,
        1,
        None,
        ("drivers", "trophy", "teams"),
    )
    measure(
        "league 2,000 entries x 50 rounds x 2 races, best 40 (drivers)",
        2000,
        50,
        2,
        40,
        ("drivers",),
    )
    measure_sessions(
        "24-round season with sprints, 20 cars, 3 classifications", ("drivers", "trophy", "teams")
    )


if __name__ == "__main__":
    main()
