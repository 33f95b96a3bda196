"""The long fuzzing run: many more mutated inputs than the suite's bounded run, same oracle.

    python benchmarks/fuzz.py                      # 5,000 + 2,000 + 2,000 inputs, ~5 min
    python benchmarks/fuzz.py --scale 0.1 --seed 7 # a quick one with another seed

Prints, per target and in all: inputs tried, accepted, clean errors, crashes (goal 0), hangs
over 5 s (goal 0), refused writes that changed the database (goal 0), the slowest input;
then the first crashes with what was mutated, to reproduce with the same seed. Exit 1 if
any crash, hang or change was found. Needs F1DB beside the project for its target
(`$PODIUM_TEST_F1DB`, else ../shared/f1db/data).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fastapi.testclient import TestClient

from fuzzkit import Tally, fuzz_f1db, fuzz_season_folders, fuzz_writes
from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app
from webkit import f1db_path, fill


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = {
        name: max(1, int(n * args.scale))
        for name, n in {
            "season folders and rules": 5000,
            "F1DB reader": 2000,
            "write routes": 2000,
        }.items()
    }
    total = Tally()
    with tempfile.TemporaryDirectory(prefix="podium-fuzz-") as tmp:
        work = Path(tmp)
        for name, n in counts.items():
            started = time.monotonic()
            if name == "F1DB reader":
                f1db = f1db_path()
                if f1db is None:
                    print(f"{name}: skipped, no F1DB data folder")
                    continue
                tally = fuzz_f1db(f1db, work / "f1db", n, args.seed)
            elif name == "write routes":
                url = f"sqlite:///{work / 'fuzz.sqlite3'}"
                fill(url, f1=False)
                with Database(url) as database:
                    token = create_token(database, "fuzz")
                app = create_app(url, refresh=None)
                with TestClient(app, raise_server_exceptions=False) as client:
                    tally = fuzz_writes(client, token, url, n, args.seed)
            else:
                tally = fuzz_season_folders(work / "seasons", n, args.seed)
            elapsed = time.monotonic() - started
            print(f"{name}: {tally.summary()} ({elapsed:.0f} s, {n / elapsed:.0f} inputs/s)")
            total.add(tally)
    print(f"all: {total.summary()}")
    for label, trace in total.crashes[:5]:
        print(f"\ncrash: {label[:300]}\n{trace[-2000:]}")
    for label, seconds in total.hangs[:5]:
        print(f"hang: {label[:300]} ({seconds:.1f} s)")
    for label in total.changed_after_failure[:5]:
        print(f"changed after a failure: {label[:300]}")
    return 1 if total.crashes or total.hangs or total.changed_after_failure else 0


if __name__ == "__main__":
    sys.exit(main())
