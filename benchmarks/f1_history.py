"""All of Formula 1 from F1DB: import speed and memory. Prints figures, asserts nothing.

    python benchmarks/f1_history.py [F1DB_DATA] [--seasons 1950-2024] [--db URL]

1. parse: PyYAML (C loader) merely parsing every file the importer reads;
2. load: F1DB -> podium seasons (`load_f1db_seasons`), in memory;
3. import: the same into a fresh SQLite database (or --db), one transaction, with peak
   memory (the process's maximum resident set, import run in a fresh process);
4. standings: every table of every classification after every round, from the seasons.

Target: import within 2x the parse time. F1DB: https://github.com/f1db/f1db (CC BY 4.0).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

DEFAULT_F1DB = Path(__file__).resolve().parents[2] / "shared" / "f1db" / "data"


def files_read(data: Path, years: list[int]) -> list[Path]:
    """The files the importer parses: each race's, each season's entrants, shared items."""
    from podium.formats.f1db.races import FASTEST_LAPS, SESSION_FILES

    names = {"race.yml", FASTEST_LAPS, *(s.file for s in SESSION_FILES)}
    out: list[Path] = []
    for year in years:
        season = data / "seasons" / str(year)
        out.append(season / "entrants.yml")
        for race in sorted((season / "races").iterdir()):
            out.extend(race / n for n in sorted(names) if (race / n).is_file())
    for folder in ("drivers", "constructors", "engine-manufacturers", "entrants", "circuits",
                   "countries", "grands-prix", "chassis", "engines"):  # fmt: skip
        out.extend(sorted((data / folder).glob("*.yml")))
    return [p for p in out if p.is_file()]


def parse_all(files: list[Path]) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    for path in files:
        yaml.load(path.read_bytes(), Loader=loader)
    return time.perf_counter() - started


def load_all(data: Path, years: list[int]) -> tuple[float, list[object]]:
    from podium.formats.f1db import load_f1db_seasons

    started = time.perf_counter()
    seasons = list(load_f1db_seasons(data, years))
    return time.perf_counter() - started, seasons  # type: ignore[return-value]


def import_in_fresh_process(data: Path, years: list[int], url: str) -> dict[str, float]:
    """Import in a child process, so that its peak memory is the import's own."""
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from podium.formats.f1db import load_f1db_seasons\n"
        "from podium.storage import Database\n"
        "data, url, years = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])\n"
        "db = Database(url)\n"
        "started = time.perf_counter()\n"
        "stored = db.import_seasons(load_f1db_seasons(data, years))\n"
        "elapsed = time.perf_counter() - started\n"
        "db.close()\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': elapsed, 'seasons': len(stored), 'peak_mib': peak}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data), url, json.dumps(years)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def row_counts(url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, func, select

    from podium.storage.tables import Base

    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {
            name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }
    engine.dispose()
    return counts


def standings_all(seasons: list[object]) -> tuple[float, int]:
    import podium

    started = time.perf_counter()
    tables = 0
    for season in seasons:
        for cid in season.rules.classifications:  # type: ignore[attr-defined]
            tables += len(podium.standings_history(season, cid))  # type: ignore[arg-type]
    return time.perf_counter() - started, tables


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_F1DB)
    parser.add_argument("--seasons", default="1950-2024")
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    first, _, last = args.seasons.partition("-")
    years = list(range(int(first), int(last or first) + 1))
    data: Path = args.data
    if not (data / "seasons").is_dir():
        data = data / "data"

    files = files_read(data, years)
    parse = parse_all(files)
    print(
        f"parse:     {parse:6.2f} s  PyYAML CSafeLoader, {len(files)} files, {years[0]}-{years[-1]}"
    )

    load, seasons = load_all(data, years)
    print(f"load:      {load:6.2f} s  F1DB -> {len(seasons)} podium seasons in memory")

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'f1.sqlite3'}"
        figures = import_in_fresh_process(data, years, url)
        counts = row_counts(url)
        again = import_in_fresh_process(data, years, url)
        same = row_counts(url) == counts
    ratio = figures["seconds"] / parse
    print(
        f"import:    {figures['seconds']:6.2f} s  load + store {int(figures['seasons'])} seasons, "
        f"one transaction ({ratio:.2f}x parse; target <= 2x)"
    )
    print(
        f"re-import: {again['seconds']:6.2f} s  replaces every season "
        f"({'same' if same else 'DIFFERENT'} row counts)"
    )
    print(f"rows:      {', '.join(f'{k} {v}' for k, v in counts.items())}")
    print(f"memory:    {figures['peak_mib']:6.0f} MiB peak resident (import process)")
    this = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"           {this:6.0f} MiB peak resident (this process, all seasons held in memory)")

    seconds, tables = standings_all(seasons)
    print(f"standings: {seconds:6.2f} s  {tables} tables (every classification after every round)")


if __name__ == "__main__":
    main()
