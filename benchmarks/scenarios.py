"""Scenarios over all of Formula 1 from F1DB: after every round of every season 1950-2024,
who can still win the drivers' title. Prints figures; asserts the one thing it checks.

    python benchmarks/scenarios.py [F1DB_DATA] [--seasons 1950-2024] [--workers 2]
                                   [--classification drivers] [--full] [--time-limit 10]

For every season, after every round: the eventual champion (the leader of the final table)
must never be reported unable to win (a violation is printed, and the script exits 1). For
each season it prints the round after which the champion is first reported as having
clinched the title, the rounds, and the time the season took.

By default the quick question, as the season page asks it (who can win, who has clinched,
best places and most points: bounds, the solver only where a car still to race is shared).
`--full` asks everything `podium scenarios` prints, worst places and needs included, each
scenarios call with `--time-limit` seconds for the solver; it also counts the answers left
undecided. Target: every season after every round in under 60 s on 2 cores (quick).

F1DB: https://github.com/f1db/f1db (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

DEFAULT_F1DB = Path(__file__).resolve().parents[2] / "shared" / "f1db" / "data"


@dataclass(frozen=True)
class SeasonFigures:
    year: int
    rounds: int
    champion: str
    clinched_after: int | None
    violations: list[str]
    undecided: int
    seconds: float
    cpu: float  # this process's CPU seconds: what the season costs, however busy the machine


def _years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def one_season(args: tuple[Path, int, str, bool, float]) -> SeasonFigures:
    import podium
    from podium.formats.f1db import load_f1db_season

    data, year, classification, full, time_limit = args
    season = load_f1db_season(data, year)
    held = [r.number for r in season.held_rounds()]
    final = podium.standings(season, classification)
    champion = final.rows[0].competitor
    started, cpu = time.perf_counter(), time.process_time()
    clinched: int | None = None
    violations: list[str] = []
    undecided = 0
    for number in held:
        answer = podium.scenarios(
            season,
            classification,
            after_round=number,
            time_limit=time_limit,
            needs=full,
            worst=full,
        )
        mine = next((c for c in answer.standings if c.id == champion), None)
        if mine is None or mine.can_win is False:
            violations.append(f"{year} after round {number}: {champion} reported unable to win")
        if clinched is None and answer.clinched_by == champion:
            clinched = number
        if answer.clinched_by not in (None, champion):
            violations.append(f"{year} after round {number}: clinched by {answer.clinched_by}")
        undecided += sum(
            (c.can_win is None) + (c.best_position is None) + (full and c.worst_position is None)
            for c in answer.standings
        )
    return SeasonFigures(
        year,
        len(held),
        final.rows[0].name,
        clinched,
        violations,
        undecided,
        time.perf_counter() - started,
        time.process_time() - cpu,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_F1DB)
    parser.add_argument("--seasons", default="1950-2024")
    parser.add_argument("--classification", default="drivers")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--time-limit", type=float, default=10.0)
    options = parser.parse_args()
    years = _years(options.seasons)
    jobs = [
        (options.data, y, options.classification, options.full, options.time_limit) for y in years
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(options.workers) as pool:
        figures = list(pool.map(one_season, jobs))
    wall = time.perf_counter() - started
    heading = f"{'season':>6} {'rounds':>6} {'clinched after':>14}  {'seconds':>7} {'cpu':>6}"
    print(f"{heading}  champion")
    for f in figures:
        after = f"round {f.clinched_after}" if f.clinched_after is not None else "-"
        print(f"{f.year:>6} {f.rounds:>6} {after:>14}  {f.seconds:7.2f} {f.cpu:6.2f}  {f.champion}")
    violations = [v for f in figures for v in f.violations]
    scenarios_time = sum(f.seconds for f in figures)
    cpu_time = sum(f.cpu for f in figures)
    tables = sum(f.rounds for f in figures)
    print(
        f"\n{len(figures)} seasons, {tables} tables after a round: scenarios "
        f"{scenarios_time:.1f} s ({cpu_time:.1f} s CPU) of work, {wall:.1f} s wall on "
        f"{options.workers} worker(s) (loading each season from F1DB included in the wall time)"
    )
    if options.full:
        print(f"answers left undecided: {sum(f.undecided for f in figures)}")
    slowest = sorted(figures, key=lambda f: -f.seconds)[:5]
    print("slowest: " + ", ".join(f"{f.year} {f.seconds:.1f} s" for f in slowest))
    if violations:
        print(f"\n{len(violations)} violation(s):")
        for v in violations:
            print(f"  {v}")
        sys.exit(1)
    print("the eventual champion was never reported unable to win")


if __name__ == "__main__":
    main()
