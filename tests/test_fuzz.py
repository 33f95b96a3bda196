"""A bounded fuzzing run in the suite: mutated season folders, rules files, an F1DB weekend
and write routes. Goal, and assertion: no crash, no hang, no refused write that changed the
database. The long run is `python benchmarks/fuzz.py` (see docs/security.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from fuzzkit import Tally, fuzz_f1db, fuzz_season_folders, fuzz_writes
from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app
from webkit import f1db_path, fill

# Inputs per target in the suite; PODIUM_FUZZ_SCALE multiplies them (e.g. 10 for a soak).
SCALE = float(os.environ.get("PODIUM_FUZZ_SCALE", "1"))
SEED = int(os.environ.get("PODIUM_FUZZ_SEED", "20261203"))


def inputs(n: int) -> int:
    return max(1, int(n * SCALE))


def check(tally: Tally) -> None:
    print(tally.summary())
    crashes = "\n\n".join(f"{label[:200]}\n{trace[-1500:]}" for label, trace in tally.crashes[:3])
    assert not tally.crashes, f"{len(tally.crashes)} crashes; the first:\n{crashes}"
    assert not tally.hangs, f"hangs: {tally.hangs[:5]}"
    assert not tally.changed_after_failure, tally.changed_after_failure[:5]
    assert tally.clean_errors > tally.tried // 10  # the mutations do reach the checks


def test_fuzz_season_folders_and_rules(tmp_path: Path) -> None:
    check(fuzz_season_folders(tmp_path, inputs(400), SEED))


def test_fuzz_f1db_reader(tmp_path: Path) -> None:
    f1db = f1db_path()
    if f1db is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no F1DB data folder beside the project")
        pytest.skip("no F1DB data folder")
    check(fuzz_f1db(f1db, tmp_path, inputs(250), SEED))


def test_fuzz_write_routes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fuzz.sqlite3'}"
    fill(url, f1=False)
    with Database(url) as database:
        token = create_token(database, "fuzz")
    with TestClient(create_app(url, refresh=None), raise_server_exceptions=False) as client:
        check(fuzz_writes(client, token, url, inputs(150), SEED))
