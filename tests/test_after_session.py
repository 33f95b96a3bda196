"""Standings after any session, not only after a whole round (a sprint weekend's Saturday).

The season: three drivers, sprint (3-2-1) and race (10-6-4) each weekend, a qualifying
session first that scores nothing. Every number is worked out in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import podium
from podium.model import Season
from podium.storage import Database
from podium.web import create_app
from seasonkit import load, order, points, write_season

SESSIONS = [
    {"id": "qualifying", "kind": "qualifying"},
    {"id": "sprint", "kind": "sprint"},
    {"id": "race", "kind": "race"},
]
RULES: dict[str, Any] = {
    "scales": {"race": [10, 6, 4], "sprint": [3, 2, 1]},
    "classifications": {
        "drivers": {
            "competitor": "driver",
            "scoring": [
                {"session": "race", "points": "race"},
                {"session": "sprint", "points": "sprint"},
            ],
        }
    },
}
ENTRIES = [{"car": 1, "drivers": "a"}, {"car": 2, "drivers": "b"}, {"car": 3, "drivers": "c"}]
# Round 1: sprint a b c (a 3, b 2, c 1); race b c a (b 10, c 6, a 4): b 12, a 7, c 7.
# Round 2: sprint c a b (c 3, a 2, b 1); race a b c (a 10, b 6, c 4).
RESULTS: dict[int, dict[str, Any]] = {
    1: {"qualifying": ["3", "2", "1"], "sprint": ["1", "2", "3"], "race": ["2", "3", "1"]},
    2: {"qualifying": ["1", "2", "3"], "sprint": ["3", "1", "2"], "race": ["1", "2", "3"]},
}
CALENDAR = [
    {"round": 1, "name": "One", "start": "2025-05-01", "status": "held"},
    {"round": 2, "name": "Two", "start": "2025-06-01", "status": "held"},
    {"round": 3, "name": "Three", "start": "2025-07-01"},
]


def season_at(folder: Path, rules: dict[str, Any] | None = None, **keys: Any) -> Season:
    return load(
        folder,
        rules=rules or RULES,
        entries=ENTRIES,
        sessions=SESSIONS,
        results=RESULTS,
        calendar=CALENDAR,
        **keys,
    )


@pytest.fixture
def season(tmp_path: Path) -> Season:
    return season_at(tmp_path)


def test_after_the_sprint_counts_the_rounds_before_and_the_sprint(season: Season) -> None:
    table = podium.standings(season, "drivers", after_round=2, after_session="sprint")
    # b 12 + 1 = 13, c 7 + 3 = 10, a 7 + 2 = 9
    assert points(table) == {"b": F(13), "c": F(10), "a": F(9)}
    assert order(table) == [("1", "b"), ("2", "c"), ("3", "a")]
    assert (table.after_round, table.after_session, table.rounds_total) == (2, "sprint", 3)
    row = table.row("c")
    assert row is not None
    assert [(r.round, r.points, r.sessions) for r in row.rounds] == [
        (1, F(7), {"sprint": F(1), "race": F(6)}),
        (2, F(3), {"sprint": F(3)}),
    ]


def test_after_the_last_session_is_the_table_after_the_round(season: Season) -> None:
    whole = podium.standings(season, "drivers", after_round=2)
    race = podium.standings(season, "drivers", after_round=2, after_session="race")
    # a 7 + 12 = 19, b 12 + 7 = 19, c 7 + 7 = 14. a and b level: the default countback of
    # race places gives each a win, then b a 2nd (a: 3rd), so b is ahead.
    assert points(whole) == points(race) == {"a": F(19), "b": F(19), "c": F(14)}
    assert order(whole) == order(race) == [("1", "b"), ("2", "a"), ("3", "c")]
    assert whole.after_session is None and race.after_session == "race"
    assert whole.rows == race.rows


def test_after_a_session_that_scores_nothing(season: Season) -> None:
    table = podium.standings(season, "drivers", after_round=2, after_session="qualifying")
    # Round 2 has scored nothing yet: the points after round 1, on round 2's calendar.
    assert points(table) == {"b": F(12), "a": F(7), "c": F(7)}
    assert (table.after_round, table.after_session) == (2, "qualifying")
    assert all(r.round == 1 for row in table.rows for r in row.rounds)


def test_after_session_defaults_to_the_last_round_held(season: Season) -> None:
    table = podium.standings(season, "drivers", after_session="sprint")
    assert (table.after_round, points(table)["b"]) == (2, F(13))


def test_an_unknown_session_names_the_rounds_sessions(season: Season) -> None:
    with pytest.raises(
        podium.NotFound,
        match=r"round 2 has no session 'sprnt' "
        r"\(sessions: qualifying, sprint, race\)",
    ):
        podium.standings(season, "drivers", after_round=2, after_session="sprnt")


def test_history_by_session(season: Season) -> None:
    tables = podium.standings_history(season, "drivers", by_session=True)
    steps = [(t.after_round, t.after_session, points(t)) for t in tables]
    assert steps == [
        (1, "sprint", {"a": F(3), "b": F(2), "c": F(1)}),
        (1, "race", {"b": F(12), "a": F(7), "c": F(7)}),
        (2, "sprint", {"b": F(13), "c": F(10), "a": F(9)}),
        (2, "race", {"a": F(19), "b": F(19), "c": F(14)}),
    ]
    # The last table of each round is the table after the round.
    for t, whole in zip(tables[1::2], podium.standings_history(season, "drivers"), strict=True):
        assert t.rows == whole.rows


def test_a_decision_naming_no_session_counts_from_the_rounds_end(tmp_path: Path) -> None:
    decisions = [
        {"kind": "deduction", "round": 2, "competitor": "c", "points": 5},
        # b's points of round 2 are withheld: after the sprint, b still has the sprint's 1
        {"kind": "withhold", "round": 2, "competitor": "b"},
    ]
    season = season_at(tmp_path, decisions=decisions)
    sprint = podium.standings(season, "drivers", after_round=2, after_session="sprint")
    assert points(sprint) == {"b": F(13), "c": F(10), "a": F(9)}
    whole = podium.standings(season, "drivers", after_round=2)
    # a 19; b 12 + 0 = 12; c 14 - 5 = 9
    assert points(whole) == {"a": F(19), "b": F(12), "c": F(9)}
    history = podium.standings_history(season, "drivers", by_session=True)
    assert [points(t) for t in history[2:]] == [points(sprint), points(whole)]
    assert history[2].after_session == "sprint" and history[3].after_session == "race"


def test_a_decision_naming_a_session_counts_from_that_session(tmp_path: Path) -> None:
    decisions = [
        # car 3 (c) struck out of round 2's sprint: a 3, b 2 move up
        {"kind": "disqualification", "round": 2, "car": 3, "session": "sprint"},
        {"kind": "deduction", "round": 2, "competitor": "a", "points": 1, "session": "race"},
    ]
    season = season_at(tmp_path, decisions=decisions)
    sprint = podium.standings(season, "drivers", after_round=2, after_session="sprint")
    # a 7 + 3 = 10, b 12 + 2 = 14, c 7 + 0 = 7; a's deduction names the race: not yet
    assert points(sprint) == {"b": F(14), "a": F(10), "c": F(7)}
    race = podium.standings(season, "drivers", after_round=2, after_session="race")
    # a 10 + 10 - 1 = 19, b 14 + 6 = 20, c 7 + 4 = 11
    assert points(race) == {"b": F(20), "a": F(19), "c": F(11)}


def test_drops_count_a_round_as_it_stands(tmp_path: Path) -> None:
    rules = {
        **RULES,
        "classifications": {
            "drivers": {**RULES["classifications"]["drivers"], "drops": {"best": 1}}
        },
    }
    season = season_at(tmp_path, rules=rules)
    sprint = podium.standings(season, "drivers", after_round=2, after_session="sprint")
    # the better of round 1 and round 2 so far: a max(7, 2), b max(12, 1), c max(7, 3)
    assert points(sprint) == {"b": F(12), "a": F(7), "c": F(7)}
    row = sprint.row("c")
    assert row is not None and [(r.round, r.dropped) for r in row.rounds] == [
        (1, False),
        (2, True),
    ]
    whole = podium.standings(season, "drivers", after_round=2)
    # a max(7, 12), b max(12, 7), c max(7, 7)
    assert points(whole) == {"a": F(12), "b": F(12), "c": F(7)}


def test_an_exclusion_for_the_final_table_waits_for_the_end_of_the_last_round(
    tmp_path: Path,
) -> None:
    calendar = [c for c in CALENDAR if c["round"] != 3]
    season = load(
        tmp_path,
        rules=RULES,
        entries=ENTRIES,
        sessions=SESSIONS,
        results=RESULTS,
        calendar=calendar,
        decisions=[{"kind": "exclusion", "round": 1, "competitor": "b", "final_only": True}],
    )
    sprint = podium.standings(season, "drivers", after_round=2, after_session="sprint")
    assert order(sprint)[0] == ("1", "b")
    whole = podium.standings(season, "drivers", after_round=2)
    assert order(whole) == [("1", "a"), ("2", "c"), ("EX", "b")]


# -- outputs -------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_season(
        tmp_path / "s",
        rules=RULES,
        entries=ENTRIES,
        sessions=SESSIONS,
        results=RESULTS,
        calendar=CALENDAR,
    )


def test_cli_json_says_after_which_session_and_splits_rounds_by_session(folder: Path) -> None:
    done = run("standings", str(folder), "--after", "2", "--after-session", "sprint", "-f", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["after_round"], data["after_session"]) == (2, "sprint")
    top = data["standings"][0]
    assert (top["id"], top["points"]) == ("b", "13")
    assert top["rounds"] == [
        {"round": 1, "points": "12", "dropped": False, "sessions": {"sprint": "2", "race": "10"}},
        {"round": 2, "points": "1", "dropped": False, "sessions": {"sprint": "1"}},
    ]
    whole = json.loads(run("standings", str(folder), "-f", "json").stdout)
    assert whole["after_session"] is None


def test_cli_table_title_and_unknown_session(folder: Path) -> None:
    done = run("standings", str(folder), "--after-session", "sprint")
    assert done.returncode == 0, done.stderr
    assert "(round 2 of 3 after session sprint)" in done.stdout
    bad = run("standings", str(folder), "--after", "2", "--after-session", "fp9")
    assert bad.returncode == 3
    assert "round 2 has no session 'fp9' (sessions: qualifying, sprint, race)" in bad.stderr


def test_cli_csv_by_session(folder: Path) -> None:
    plain = run("standings", str(folder), "-f", "csv")
    assert plain.stdout.splitlines()[0].endswith(",wins,r1,r2,adjustments")
    done = run("standings", str(folder), "-f", "csv", "--by-session")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    columns = list(rows[0])
    assert columns[-7:-1] == ["r1", "r1 sprint", "r1 race", "r2", "r2 sprint", "r2 race"]
    assert columns[-1] == "adjustments"  # always last, whatever the round columns
    c = next(r for r in rows if r["id"] == "c")
    assert [c[k] for k in ("r1", "r1 sprint", "r1 race", "r2", "r2 sprint", "r2 race")] == [
        "7",
        "1",
        "6",
        "7",
        "3",
        "4",
    ]


@pytest.fixture
def client(folder: Path, tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Database(url) as database:
        database.import_season(podium.load_season(folder))
    with TestClient(create_app(url, refresh=None)) as test_client:
        yield test_client


def test_api_after_session(client: TestClient) -> None:
    base = "/api/v1/series/test/seasons/2025/standings/drivers"
    found = client.get(f"{base}?after=2&after_session=sprint")
    assert found.status_code == 200, found.text
    data = found.json()
    assert (data["after_round"], data["after_session"]) == (2, "sprint")
    assert [(r["id"], r["points"]) for r in data["standings"]] == [
        ("b", "13"),
        ("c", "10"),
        ("a", "9"),
    ]
    assert data["standings"][1]["rounds"][1]["sessions"] == {"sprint": "3"}
    missing = client.get(f"{base}?after=2&after_session=fp9")
    assert missing.status_code == 404
    assert "sessions: qualifying, sprint, race" in missing.text
    assert client.get(f"{base}?after=2&after_session=Bad%20Id").status_code == 422
    schema = client.get("/openapi.json").json()
    params = schema["paths"]["/api/v1/series/{series}/seasons/{year}/standings/{classification}"]
    names = [p["name"] for p in params["get"]["parameters"]]
    assert "after_session" in names
