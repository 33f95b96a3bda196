"""Standings as official at any moment: the race published provisional at 16:10, a 5 s
penalty at 16:40, a disqualification at scrutineering at 19:30, reinstated on appeal two
weeks later. Every table worked out by hand (points 10-8-6-4-2 and 1 for pole)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import podium
from podium.errors import NotFound
from podium.storage import Database
from podium.web import create_app
from seasonkit import points
from test_amended import season_with

DECISIONS = [
    {"kind": "time_penalty", "id": "pen-2", "round": 1, "session": "race", "car": 2,
     "seconds": 5, "date": "2025-06-15T16:40", "reason": "track limits"},
    {"kind": "disqualification", "id": "dsq-2", "round": 1, "session": "race", "car": 2,
     "date": "2025-06-15T19:30", "reason": "plank wear"},
    {"kind": "reinstatement", "round": 1, "cancels": "dsq-2", "date": "2025-06-29",
     "reason": "appeal upheld"},
]  # fmt: skip
# Published order 1-2-3-4-5 (a b c d e); car 1 on pole. With the penalty car 2 (b) is 4th;
# with the disqualification struck out and e moves up to 4th.
MOMENTS = {
    "2025-06-15T16:20": {"a": 11, "b": 8, "c": 6, "d": 4, "e": 2},  # provisional, as run
    "2025-06-15T17:00": {"a": 11, "c": 8, "d": 6, "b": 4, "e": 2},  # after the penalty
    "2025-06-15T20:00": {"a": 11, "c": 8, "d": 6, "e": 4},  # after the disqualification
    "2025-06-30": {"a": 11, "c": 8, "d": 6, "b": 4, "e": 2},  # the appeal: penalty only
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_standings_as_of_each_moment(tmp_path: Path, moment: str) -> None:
    season = season_with(tmp_path, DECISIONS)
    table = podium.standings(season, "drivers", as_of=datetime.fromisoformat(moment))
    assert points(table) == MOMENTS[moment]


def test_before_the_race_was_published_only_qualifying_counts(tmp_path: Path) -> None:
    season = season_with(tmp_path, DECISIONS)
    # Qualifying carries no `published`: it always counts; the race was not out at 16:00.
    table = podium.standings(season, "drivers", as_of=datetime(2025, 6, 15, 16, 0))
    assert points(table) == {"a": 1}
    # Without as_of: the latest, as the appeal left it.
    assert points(podium.standings(season, "drivers")) == MOMENTS["2025-06-30"]


def test_a_round_with_nothing_published_yet_is_not_held_yet(tmp_path: Path) -> None:
    from podium.standings.asof import as_of

    season = season_with(tmp_path, DECISIONS)
    race_only = replace(
        season,
        rounds=tuple(
            replace(r, sessions=tuple(s for s in r.sessions if s.id == "race"))
            for r in season.rounds
        ),
    )
    early = as_of(race_only, datetime(2025, 6, 15, 16, 0))
    assert early.last_held_round() == 0
    with pytest.raises(NotFound):
        podium.standings(race_only, "drivers", as_of=datetime(2025, 6, 15, 16, 0))
    assert as_of(race_only, datetime(2025, 6, 15, 16, 20)).last_held_round() == 1


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args], capture_output=True, text=True, check=False
    )


def test_cli_and_api_take_as_of(tmp_path: Path) -> None:
    season = season_with(tmp_path, DECISIONS)
    done = run("standings", str(tmp_path), "-f", "json", "--as-of", "2025-06-15T20:00")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["standings"]
    assert {r["id"]: int(r["points"]) for r in rows} == MOMENTS["2025-06-15T20:00"]
    bad = run("standings", str(tmp_path), "--as-of", "monday")
    assert bad.returncode == 2 and "not a date or date-time" in bad.stderr
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Database(url) as database:
        database.import_season(season)
    path = f"/api/v1/series/{season.series.id}/seasons/{season.year}/standings/drivers"
    with TestClient(create_app(url, refresh=None)) as client:
        for moment, expected in MOMENTS.items():
            body = client.get(path, params={"as_of": moment}).json()
            assert {r["id"]: int(r["points"]) for r in body["standings"]} == expected, moment
        latest = client.get(path).json()
        assert {r["id"]: int(r["points"]) for r in latest["standings"]} == MOMENTS["2025-06-30"]
        assert client.get(path, params={"as_of": "monday"}).status_code == 422


def test_the_press_kit_as_of_a_moment(tmp_path: Path) -> None:
    season_with(tmp_path / "season", DECISIONS)
    kits = {}
    for moment in ("2025-06-15T17:00", "2025-06-15T20:00"):
        out = tmp_path / moment.replace(":", "")
        done = run(
            "press-kit", str(tmp_path / "season"), "--round", "1", "--entry", "b",
            "-f", "md", "--out", str(out), "--as-of", moment,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        (kit,) = out.rglob("*.md")
        kits[moment] = kit.read_text(encoding="utf-8")
    # After the penalty b is 4th with 4 points; after the disqualification, struck out.
    assert kits["2025-06-15T17:00"] != kits["2025-06-15T20:00"]
    assert "DSQ" in kits["2025-06-15T20:00"] and "DSQ" not in kits["2025-06-15T17:00"]
