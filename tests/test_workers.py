"""Several workers (or machines) on one database stay coherent after a write: every read
that starts after a write's 2xx reflects it, whichever worker answers (storage/generation.py,
web/coherence.py). Also `/healthz`, `/readyz`, JSON access logs and graceful shutdown."""

from __future__ import annotations

import dataclasses
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

import podium
from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app


def fill(url: str) -> str:
    """WTCR 2021 in a new database, and a token for writes."""
    with Database(url) as database:
        database.import_season(podium.load_season(podium.example_path("wtcr-2021")))
        return create_token(database, "tests")


WTCR = "/api/v1/series/wtcr/seasons/2021"
STANDINGS = f"{WTCR}/standings/drivers?after=3"
LEADER = "jean-karl-vernay"  # 82 points after round 3


def deduction(points: int, reason: str) -> dict[str, Any]:
    return {
        "kind": "deduction",
        "round": 3,
        "classification": "drivers",
        "competitor": LEADER,
        "points": points,
        "reason": reason,
    }


def points_of(body: dict[str, Any]) -> str:
    return str(next(r["points"] for r in body["standings"] if r["id"] == LEADER))


def test_a_write_through_one_app_shows_at_once_through_another(db_url: str) -> None:
    # Two apps (two stores, as two workers or two machines have) on one database.
    token = fill(db_url)
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(db_url)) as writer, TestClient(create_app(db_url)) as reader:
        assert points_of(reader.get(STANDINGS).json()) == "82"  # now kept by the reader
        tag = reader.get(STANDINGS).headers["etag"]
        for n in range(1, 4):
            done = writer.post(f"{WTCR}/decisions", json=deduction(1, f"test {n}"), headers=auth)
            assert done.status_code == 201, done.text
            assert points_of(reader.get(STANDINGS).json()) == str(82 - n)
        changed = reader.get(STANDINGS, headers={"If-None-Match": tag})
        assert changed.status_code == 200 and changed.headers["etag"] != tag
        # A whole season imported by another process (`podium import`) shows as well.
        with Database(db_url) as database:
            season = database.load_season("wtcr", 2021)
            database.import_season(dataclasses.replace(season, decisions=()))
        assert points_of(reader.get(STANDINGS).json()) == "82"


def test_every_write_bumps_the_generation_in_its_transaction(db_url: str) -> None:
    fill(db_url)
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            before = connection.execute(text("SELECT value FROM generation")).scalar_one()
        with Database(db_url) as database:
            season = database.load_season("wtcr", 2021)
            database.import_season(season)
            database.import_seasons([season, season])  # one transaction: one bump
        with engine.connect() as connection:
            after = connection.execute(text("SELECT value FROM generation")).scalar_one()
    finally:
        engine.dispose()
    assert after == before + 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(
    method: str, url: str, body: dict[str, Any] | None = None, token: str = ""
) -> tuple[int, Any]:
    """One request on a connection of its own (urllib opens one each time)."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    made = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(made, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_podium_serve_workers_are_coherent_after_a_write(db_url: str) -> None:
    token = fill(db_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "podium", "serve", "--workers", "2", "--port", str(port)]
    command += ["--db", db_url, "--log-format", "json", "--graceful-timeout", "5"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                assert request("GET", f"{base}/healthz")[1]["status"] == "alive"
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        status, ready = request("GET", f"{base}/readyz")
        assert status == 200 and ready["status"] == "ready", ready
        # Both workers keep the standings before the writes.
        for _ in range(20):
            assert points_of(request("GET", f"{base}{STANDINGS}")[1]) == "82"
        for n in range(1, 6):
            status, done = request(
                "POST", f"{base}{WTCR}/decisions", deduction(1, f"test {n}"), token
            )
            assert status == 201, done
            for _ in range(20):  # 100 reads in all, each on a new connection
                assert points_of(request("GET", f"{base}{STANDINGS}")[1]) == str(82 - n)
    finally:
        process.send_signal(signal.SIGTERM)  # what an orchestrator sends: stop gracefully
        _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors[-2000:]
    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    reads = Counter(line["pid"] for line in lines if line["path"].endswith("/drivers"))
    assert len(reads) == 2, reads  # both workers answered
    assert sum(reads.values()) == 120  # (and each read above saw the write before it)
    assert {line["status"] for line in lines if line["method"] == "POST"} == {201}
    assert errors.count("Application shutdown complete") == 2  # each worker stopped cleanly
