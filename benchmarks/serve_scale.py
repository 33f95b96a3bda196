"""`podium serve` at scale: workers, responses built per request, first requests. Prints
figures, asserts nothing.

    python benchmarks/serve_scale.py [F1DB_DATA] [--seconds 10] [--connections 16]

Over a fresh SQLite file holding WTCR 2021 and F1DB's seasons 1990-2024 (where F1DB is at
hand; else the bundled examples alone), on loopback, with `wrk` as the load generator where
it is installed (else a Python asyncio client, which saturates a core of its own first):

1. warm cached standings (one URL, answered from the response cache): `--workers` = cores
   and `--workers 1`, alternately in the same run, and the ratio (target >= 1.8x);
2. built per request: Ergast standings with a new URL each request (season, round, `limit`
   and `offset` all vary, so no response is cached; the standings tables are), workers =
   cores (target >= 3,000 req/s, p99 < 20 ms);
3. first request for a season on a fresh server: each season's standings asked once, one
   after another (p50; target < 30 ms), then, on another fresh server, 16 concurrent first
   requests for 16 different seasons (p99; target < 500 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api_load import Run, drive, server

DEFAULT_F1DB = Path(__file__).resolve().parents[2] / "shared" / "f1db" / "data"
F1_YEARS = range(1990, 2025)
CACHED = "/api/v1/series/wtcr/seasons/2021/standings/drivers"
WRK = shutil.which("wrk")
# wrk: a new URL each request, from a counter walking seasons x rounds x limit x offset.
BUILT_LUA = """\
local n = 0
request = function()
  n = n + 1
  local year = 1990 + n % 35
  local round = 1 + (n // 35) % 16
  local limit = 1 + (n // 560) % 30
  local offset = (n // 16800) % 30
  return wrk.format("GET", "/ergast/f1/" .. year .. "/" .. round ..
    "/driverStandings.json?limit=" .. limit .. "&offset=" .. offset)
end
"""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def built_path(n: int) -> str:
    year, rnd = 1990 + n % 35, 1 + (n // 35) % 16
    limit, offset = 1 + (n // 560) % 30, (n // 16800) % 30
    return f"/ergast/f1/{year}/{rnd}/driverStandings.json?limit={limit}&offset={offset}"


def fill(url: str, f1db: Path | None) -> list[int]:
    import podium
    from podium.storage import Database

    with Database(url) as database:
        database.import_season(podium.load_season(podium.example_path("wtcr-2021")))
        if f1db is None:
            return []
        from podium.formats.f1db import load_f1db_seasons

        database.import_seasons(load_f1db_seasons(f1db, list(F1_YEARS)))
    return list(F1_YEARS)


def wrk(port: int, path: str, seconds: float, connections: int, script: str = "") -> str:
    """One wrk run's line: req/s, p50, p99."""
    assert WRK is not None
    command = [WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds:g}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    if script:
        command += ["-s", lua.name]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(lua.name).unlink()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    bad = int(errors.group(1)) if errors else 0
    return f"{rate:9.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  non-2xx {bad}"


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def python_load(port: int, path: str, seconds: float, connections: int) -> str:
    run: Run = asyncio.run(drive(port, path, 10**9, connections, seconds))
    return run.line("")


def load(port: int, path: str, seconds: float, connections: int, script: str = "") -> str:
    if WRK is not None:
        return wrk(port, path, seconds, connections, script)
    if script:
        return python_built(port, seconds, connections)
    return python_load(port, path, seconds, connections)


def python_built(port: int, seconds: float, connections: int) -> str:
    """A new URL each request, without wrk: threads of blocking requests."""
    latencies: list[float] = []
    counter = iter(range(10**9))
    deadline = time.perf_counter() + seconds

    def client() -> None:
        while time.perf_counter() < deadline:
            path = built_path(next(counter))
            started = time.perf_counter()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                r.read()
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        for _ in range(connections):
            pool.submit(client)
    took = time.perf_counter() - began
    ordered = sorted(latencies)
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    return (
        f"{len(ordered) / took:9.0f} req/s  p50 {statistics.median(ordered) * 1000:6.2f} ms  "
        f"p99 {p99:6.2f} ms  (Python client: a new connection each request)"
    )


def first(port: int, year: int) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/ergast/f1/{year}/driverStandings.json", timeout=60
    ) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def warm(port: int, years: list[int]) -> None:
    """Every season loaded and its tables after each round computed, in every worker (each
    asked several times: the connections land on any worker)."""
    for _ in range(cores()):
        for year in years:
            for rnd in range(1, 17):
                path = f"/ergast/f1/{year}/{rnd}/driverStandings.json?limit=1&offset=0"
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60):
                        pass
                except OSError:  # a round past the season's last
                    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_F1DB)
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    f1db = args.data if (args.data / "seasons").is_dir() else None
    n = cores()
    client = "wrk" if WRK else "Python asyncio client"
    print(f"{n} cores; {client}, {args.connections} connections, {args.seconds:g} s a run")
    with tempfile.TemporaryDirectory(prefix="podium-scale-") as folder:
        url = f"sqlite:///{Path(folder) / 'podium.sqlite3'}"
        started = time.perf_counter()
        years = fill(url, f1db)
        print(
            f"filled: WTCR 2021 and {len(years)} F1 seasons ({time.perf_counter() - started:.0f} s)"
        )

        print("1. warm cached standings (one URL)")
        figures: dict[int, list[float]] = {n: [], 1: []}
        for workers in (n, 1, n, 1):
            with server(url, workers) as port:
                load(port, CACHED, 2, args.connections)  # warm-up
                line = load(port, CACHED, args.seconds, args.connections)
            figures[workers].append(float(line.split()[0]))
            print(f"   --workers {workers}:  {line}")
        ratio = max(figures[n]) / max(figures[1])
        print(f"   workers = cores / one process: {ratio:.2f}x (target >= 1.8x)")

        if years:
            print("2. built per request (a new Ergast standings URL each request)")
            with server(url, n) as port:
                warm(port, years)
                line = load(port, "/", args.seconds, args.connections, BUILT_LUA)
                print(f"   --workers {n}:  {line}")

            print("3. first request for a season (fresh server)")
            with server(url, 1) as port:
                times = sorted(first(port, year) for year in years[:20])
            p50 = statistics.median(times)
            print(
                f"   one after another ({len(times)} seasons): p50 {p50:.0f} ms, "
                f"max {times[-1]:.0f} ms (target p50 < 30 ms)"
            )
            with server(url, n) as port, ThreadPoolExecutor(16) as pool:
                times = sorted(pool.map(lambda y: first(port, y), years[-16:]))
            print(
                f"   16 at once, 16 seasons, --workers {n}: p50 {statistics.median(times):.0f} ms, "
                f"p99 {times[-1]:.0f} ms (target p99 < 500 ms)"
            )


if __name__ == "__main__":
    main()
