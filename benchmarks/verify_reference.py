"""`podium verify f1db` timed side by side with a plain reference scorer. Prints, asserts nothing.

    python benchmarks/verify_reference.py [F1DB_DATA] [--seasons 1950-2024] [--repeat 1]

The reference is the least a checker of F1DB's standings must do, written with the standard
library and PyYAML's C loader alone: per season, parse every race's (and sprint's) results,
add up each driver's and each constructor's points race by race, parse F1DB's standings after
each race and at season end, and count the rows whose points agree. It takes F1DB's `points`
fields as given (no rules: no dropped results, no shared drives, no half points), so its
agreement is lower than podium's; its time is the floor of reading the same files once.

podium's time is the whole command in a fresh process (`podium verify f1db --json`: import,
rules, scoring, comparison, in parallel over the cores). Target: podium <= 1.0x the
reference. The two run alternately, `--repeat` times each; the best of each is compared.
F1DB: https://github.com/f1db/f1db (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

DEFAULT_F1DB = Path(__file__).resolve().parents[2] / "shared" / "f1db" / "data"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RESULTS = ("race-results.yml", "sprint-race-results.yml")
STANDINGS = {"driver": "driver-standings.yml", "constructor": "constructor-standings.yml"}


def parse(path: Path) -> Any:
    return yaml.load(path.read_bytes(), Loader=LOADER) if path.is_file() else None


def who(row: dict[str, Any], kind: str) -> str:
    if kind == "driver":
        return str(row["driverId"])
    return f"{row['constructorId']}/{row['engineManufacturerId']}"


def agree(totals: dict[str, Decimal], published: Any, kind: str) -> tuple[int, int]:
    """(rows, rows whose points the totals give) of one published standings table."""
    rows = published or []
    same = 0
    for row in rows:
        same += totals.get(who(row, kind), Decimal(0)) == Decimal(str(row.get("points") or 0))
    return len(rows), same


def score_season(season: Path) -> tuple[int, int]:
    """One season's standings tables checked by summing F1DB's points: (rows, agreeing)."""
    totals: dict[str, dict[str, Decimal]] = {kind: defaultdict(Decimal) for kind in STANDINGS}
    rows = same = 0
    races = season / "races"
    for race in sorted(p for p in races.iterdir() if p.is_dir()) if races.is_dir() else []:
        for name in RESULTS:
            for row in parse(race / name) or []:
                points = Decimal(str(row.get("points") or 0))
                for kind in STANDINGS:
                    totals[kind][who(row, kind)] += points
        for kind, name in STANDINGS.items():
            n, k = agree(totals[kind], parse(race / name), kind)
            rows, same = rows + n, same + k
    for kind, name in STANDINGS.items():
        n, k = agree(totals[kind], parse(season / name), kind)
        rows, same = rows + n, same + k
    return rows, same


def reference(data: Path, years: list[int]) -> tuple[float, int, int]:
    started = time.perf_counter()
    rows = same = 0
    for year in years:
        n, k = score_season(data / "seasons" / str(year))
        rows, same = rows + n, same + k
    return time.perf_counter() - started, rows, same


def podium_verify(data: Path, span: str) -> tuple[float, dict[str, Any]]:
    command = [sys.executable, "-m", "podium", "verify", "f1db", str(data), "--json"]
    command += ["--seasons", span]
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(f"podium verify f1db failed ({run.returncode}):\n{run.stderr}")
    return took, json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_F1DB)
    parser.add_argument("--seasons", default="1950-2024", help="first-last")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    first, _, last = args.seasons.partition("-")
    years = list(range(int(first), int(last or first) + 1))
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.repeat):
        took, rows, same = reference(args.data, years)
        theirs.append(took)
        took, figures = podium_verify(args.data, args.seasons)
        ours.append(took)
    print(f"F1DB {args.seasons}: {len(years)} seasons")
    print(f"  reference scorer (1 process)  {min(theirs):7.2f} s   rows agreeing {same}/{rows}")
    drivers, constructors = figures["drivers"], figures["constructors"]
    print(
        f"  podium verify f1db            {min(ours):7.2f} s   after-race tables exact "
        f"{drivers['exact']}/{drivers['tables']} drivers, "
        f"{constructors['exact']}/{constructors['tables']} constructors"
    )
    print(f"  ratio podium / reference      {min(ours) / min(theirs):7.2f}x  (target <= 1.0x)")


if __name__ == "__main__":
    main()
