"""Load on `podium serve`: requests/s and latency of a warm standings route and a web page.

    python benchmarks/api_load.py [--requests 20000] [--concurrency 16] [--seconds 30]

Starts `podium serve` (Uvicorn, one process, no access log) on a free loopback port over a
fresh SQLite file, then over a fresh PostgreSQL database (`$PODIUM_TEST_POSTGRES_URL`, else
postgresql+psycopg://postgres@127.0.0.1:5432/test; skipped if unreachable), both filled with
the bundled examples (and F1 1976 where F1DB is at hand). This process is the client: keep-
alive HTTP/1.1 connections on asyncio, a warm-up, then a bounded run per route (a number of
requests and a time limit, whichever comes first). Prints requests/s, p50, p99 and the worst
latency, and errors (anything but a 200, or a broken connection). Traffic goes to 127.0.0.1
only. Targets (2 cores): >= 2,000 requests/s and p99 < 20 ms on the warm standings route,
0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

ROUTES = {
    "ergast standings": "/ergast/wtcr/2021/driverStandings.json",
    "ergast standings, F1 1976": "/ergast/f1/1976/16/driverStandings.json",
    "ergast filtered results": "/ergast/wtcr/2021/constructors/cyan-racing/results.json",
    "ergast filtered, F1 1976": "/ergast/f1/drivers/niki-lauda/circuits/monaco/results.json",
    "web page (season)": "/wtcr/2021",
}
POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    bytes: int = 0

    def line(self, label: str) -> str:
        done = len(self.latencies)
        if not done:
            return f"  {label:28} no request answered, errors {self.errors}"
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(done - 1, int(done * 0.99))] * 1000
        rate = done / self.elapsed if self.elapsed else 0.0
        return (
            f"  {label:28} {rate:8.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
            f"max {ordered[-1] * 1000:7.2f} ms  errors {self.errors}  "
            f"({done} requests, {self.bytes / done / 1024:.1f} KiB each)"
        )


async def _worker(
    host: str, port: int, path: str, budget: list[int], deadline: float, run: Run
) -> None:
    request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n\r\n").encode()
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        run.errors += 1
        return
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            run.latencies.append(time.perf_counter() - started)
            run.bytes += len(body)
            if status != 200:
                run.errors += 1
    except (OSError, asyncio.IncompleteReadError, ValueError):
        run.errors += 1
    finally:
        writer.close()
        with suppress(OSError):
            await writer.wait_closed()


async def drive(port: int, path: str, requests: int, concurrency: int, seconds: float) -> Run:
    run = Run()
    budget = [requests]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_worker("127.0.0.1", port, path, budget, deadline, run) for _ in range(concurrency))
    )
    run.elapsed = time.perf_counter() - started
    return run


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(url: str, workers: int = 1) -> Iterator[int]:
    """`podium serve --workers N` in its own process; its port once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "podium", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--db", url, "--no-access-log"]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(f"podium serve did not start:\n{error}") from None
                time.sleep(0.1)
        time.sleep(1.0 if workers > 1 else 0)  # every worker up, not only the first
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(label: str, url: str, args: argparse.Namespace) -> None:
    from webkit import fill

    keys = fill(url)
    print(f"{label}: {', '.join(keys)}")
    with server(url) as port:
        for name, path in ROUTES.items():
            if "F1" in name and "f1/1976" not in keys:
                continue
            cold = time.perf_counter()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as first:
                first.read()
            cold_ms = (time.perf_counter() - cold) * 1000
            asyncio.run(drive(port, path, 500, args.concurrency, 10))  # warm-up
            run = asyncio.run(drive(port, path, args.requests, args.concurrency, args.seconds))
            print(run.line(name) + f"  [first request {cold_ms:.0f} ms]")


def postgres_database() -> tuple[str, str] | None:
    """(URL of a new database, URL of the server's maintenance database), or None."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    server_url = make_url(os.environ.get("PODIUM_TEST_POSTGRES_URL", POSTGRES_DEFAULT))
    if server_url.drivername == "postgresql":
        server_url = server_url.set(drivername="postgresql+psycopg")
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"podium_bench_{uuid.uuid4().hex[:12]}"
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        print(f"PostgreSQL: skipped ({exc.orig})")
        return None
    finally:
        engine.dispose()
    admin = server_url.render_as_string(hide_password=False)
    return server_url.set(database=name).render_as_string(hide_password=False), admin


def drop(url: str, admin: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        name = make_url(url).database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000, help="per route (bound)")
    parser.add_argument("--seconds", type=float, default=30.0, help="per route (bound)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections")
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} CPUs; {args.concurrency} keep-alive connections; at most "
        f"{args.requests} requests or {args.seconds:g} s per route; target >= 2000 req/s, "
        "p99 < 20 ms, 0 errors on the warm standings route"
    )
    with tempfile.TemporaryDirectory(prefix="podium-bench-") as folder:
        measure("SQLite", f"sqlite:///{Path(folder) / 'podium.sqlite3'}", args)
    made = postgres_database()
    if made is not None:
        url, admin = made
        try:
            measure("PostgreSQL", url, args)
        finally:
            drop(url, admin)


if __name__ == "__main__":
    main()
