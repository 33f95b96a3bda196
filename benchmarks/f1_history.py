"""All of Formula 1 from F1DB: import speed and memory. Prints figures, asserts nothing.

    python benchmarks/f1_history.py [F1DB_DATA] [--seasons 1950-2024] [--db URL]

1. parse: PyYAML (C loader) merely parsing every file the importer reads;
2. load: F1DB -> podium seasons (`load_f1db_seasons`), in memory;
3. import: the same into a fresh SQLite database (or --db), one transaction, with peak
   memory (the process's maximum resident set, import run in a fresh process);
4. standings: every table of every classification after every round, from the seasons in
   memory (data loading excluded), in one process and on 2 cores (target < 1 s); then
   `podium verify f1db`'s whole run (load, score, compare with F1DB) and its figures.

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
    from podium.formats.f1db.races import FASTEST_LAPS, PIT_STOPS, SESSION_FILES

    names = {"race.yml", FASTEST_LAPS, PIT_STOPS, *(s.file for s in SESSION_FILES)}
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


# -- standings: every table of 1950-2024 recomputed from seasons in memory -------------------

_SEASONS: list[object] = []  # what forked workers inherit


def _tables_of(indices: list[int]) -> int:
    import podium

    tables = 0
    for i in indices:
        season = _SEASONS[i]
        for cid in season.rules.classifications:  # type: ignore[attr-defined]
            tables += len(podium.standings_history(season, cid))  # type: ignore[arg-type]
    return tables


def standings_all(seasons: list[object], repeat: int = 3) -> tuple[float, int]:
    """Every table of every classification after every round, one process; best of `repeat`."""
    _SEASONS[:] = seasons
    best, tables = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        tables = _tables_of(list(range(len(seasons))))
        best = min(best, time.perf_counter() - started)
    return best, tables


def standings_parallel(seasons: list[object], workers: int = 2, repeat: int = 3) -> float:
    """The same in `workers` forked processes (seasons inherited, not sent), best of `repeat`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _SEASONS[:] = seasons
    by_size = sorted(
        range(len(seasons)),
        key=lambda i: -len(seasons[i].rounds),  # type: ignore[attr-defined]
    )
    shares = [by_size[k::workers] for k in range(workers)]
    best = float("inf")
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(_tables_of, shares))  # warm-up: workers started, pages touched
        for _ in range(repeat):
            started = time.perf_counter()
            list(pool.map(_tables_of, shares))
            best = min(best, time.perf_counter() - started)
    return best


def verify_all(data: Path, years: list[int]) -> tuple[float, dict[str, object]]:
    """`podium verify f1db`: load, score and compare every table with F1DB's."""
    from podium.verify import verify_f1db

    started = time.perf_counter()
    report = verify_f1db(data, years)
    return time.perf_counter() - started, report.as_dict()


def print_standings(seasons: list[object], data: Path, years: list[int]) -> None:
    seconds, tables = standings_all(seasons)
    print(
        f"standings: {seconds:6.2f} s  {tables} tables, every classification after every round, "
        f"1 process ({seconds / tables * 1000:.2f} ms/table; data loading excluded)"
    )
    two = standings_parallel(seasons)
    print(f"           {two:6.2f} s  the same on 2 cores (2 processes; target < 1 s)")
    seconds, figures = verify_all(data, years)
    drivers, constructors = figures["drivers"], figures["constructors"]
    final = figures["season_end"]
    print(
        f"verify:    {seconds:6.2f} s  load + score + compare with F1DB: drivers "
        f"{drivers['exact']}/{drivers['tables']}, constructors "  # type: ignore[index]
        f"{constructors['exact']}/{constructors['tables']}, season end "  # type: ignore[index]
        f"{final['exact']}/{final['tables']} exact; "  # type: ignore[index]
        f"{figures['known_f1db_errors']} known F1DB errors, {figures['unexplained']} unexplained"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_F1DB)
    parser.add_argument("--seasons", default="1950-2024")
    parser.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    parser.add_argument(
        "--standings-only", action="store_true", help="only load, standings and verify (4.)"
    )
    args = parser.parse_args()
    first, _, last = args.seasons.partition("-")
    years = list(range(int(first), int(last or first) + 1))
    data: Path = args.data
    if not (data / "seasons").is_dir():
        data = data / "data"

    if args.standings_only:
        load, seasons = load_all(data, years)
        print(f"load:      {load:6.2f} s  F1DB -> {len(seasons)} podium seasons in memory")
        print_standings(seasons, data, years)
        return

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

    print_standings(seasons, data, years)


if __name__ == "__main__":
    main()
