"""Calendar and session states: a cancelled session, a round cancelled before the season,
an abandoned race with and without a declared result.

Three drivers; sprint 3-2-1, race 10-6-4; a race run to less than 3/4 of its distance and
abandoned scores half points (the rules' `shortened:` policy). Every number is worked out
in the comments.
"""

from __future__ import annotations

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
from podium.model import Season, SessionStatus
from seasonkit import points, write_season

RULES: dict[str, Any] = {
    "scales": {"race": [10, 6, 4], "sprint": [3, 2, 1]},
    "classifications": {
        "drivers": {
            "competitor": "driver",
            "scoring": [
                {"session": "race", "points": "race"},
                {"session": "sprint", "points": "sprint"},
            ],
            "shortened": {"below": "3/4", "factor": "1/2", "when": ["abandoned"]},
        }
    },
}
ENTRIES = [{"car": 1, "drivers": "a"}, {"car": 2, "drivers": "b"}, {"car": 3, "drivers": "c"}]
SPRINT = {"id": "sprint", "kind": "sprint"}
RACE = {"id": "race", "kind": "race"}


def rnd(number: int, start: str | None, *sessions: dict[str, Any], **keys: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"round": number, "name": f"R{number}", "status": "held"}
    if start:
        out["start"] = start
    if sessions:
        out["sessions"] = list(sessions)
    out.update(keys)
    return out


CALENDAR = [
    # Round 1: the sprint was cancelled; race a b c: a 10, b 6, c 4.
    rnd(1, "2025-05-01", {**SPRINT, "status": "cancelled"}, RACE),
    # Round 2: sprint c b a (c 3, b 2, a 1); the race abandoned before any result: no file.
    rnd(2, "2025-06-01", SPRINT, {**RACE, "ended": "abandoned"}),
    # Round 3: sprint a b c (a 3, b 2, c 1); the race abandoned, its order when stopped kept
    # (b a c) but no result declared: nothing.
    rnd(3, "2025-07-01", SPRINT, {**RACE, "ended": "abandoned", "result_declared": False}),
    # Round 4: a result declared at 10 of 20 laps: half points, b 5, c 3, a 2.
    rnd(
        4,
        "2025-08-01",
        {**RACE, "ended": "abandoned", "scheduled_laps": 20, "completed_laps": 10},
    ),
    # Round 5 was cancelled in January, before the season; round 6 cancelled, no date given.
    rnd(5, "2025-09-01", status="cancelled", cancelled_on="2025-01-10"),
    rnd(6, "2025-09-15", status="cancelled"),
    rnd(7, "2025-10-01", status="scheduled"),
    # Round 8 was cancelled on 15 June: on the calendar of the tables after rounds 1 and 2.
    rnd(8, "2025-11-01", status="cancelled", cancelled_on="2025-06-15"),
]
RESULTS: dict[int, dict[str, Any]] = {
    1: {"race": ["1", "2", "3"]},
    2: {"sprint": ["3", "2", "1"]},
    3: {"sprint": ["1", "2", "3"], "race": ["2", "1", "3"]},
    4: {"race": ["2", "3", "1"]},
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_season(
        tmp_path / "s", rules=RULES, entries=ENTRIES, results=RESULTS, calendar=CALENDAR
    )


@pytest.fixture
def season(folder: Path) -> Season:
    return podium.load_season(folder)


def test_each_state_scores_what_it_should(season: Season) -> None:
    tables = podium.standings_history(season, "drivers")
    assert [points(t) for t in tables] == [
        {"a": F(10), "b": F(6), "c": F(4)},  # round 1: the race only
        {"a": F(11), "b": F(8), "c": F(7)},  # round 2: the sprint only
        {"a": F(14), "b": F(10), "c": F(8)},  # round 3: the sprint only
        {"a": F(16), "b": F(15), "c": F(11)},  # round 4: half points
    ]
    four = tables[3].row("b")
    assert four is not None and four.rounds[-1].sessions == {"race": F(5)}


def test_sessions_carry_their_state(season: Season) -> None:
    sprint = season.round(1).session("sprint")
    assert sprint is not None and sprint.status is SessionStatus.CANCELLED and sprint.cancelled
    race = season.round(3).session("race")
    assert race is not None and not race.result_declared and len(race.results) == 3
    assert not race.scores


def test_a_cancelled_session_with_results_is_an_error_naming_the_file(folder: Path) -> None:
    (folder / "01" / "sprint.csv").write_text("position,car\n1,1\n", encoding="utf-8")
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(folder)
    assert [(Path(p.file).name, p.message) for p in caught.value.problems] == [
        (
            "sprint.csv",
            "session 'sprint' of round 1 is cancelled, yet has results; "
            "remove the file or the status",
        )
    ]
    assert str(folder / "01" / "sprint.csv") in str(caught.value.problems[0])


def test_rounds_cancelled_before_the_season_never_count(season: Season) -> None:
    tables = podium.standings_history(season, "drivers")
    # On 1 May and 1 June: rounds 1-4, 7 and 8 (cancelled on 15 June); not 5 (cancelled in
    # January) nor 6 (cancelled, no date). From 1 July: round 8 is gone too.
    assert [t.rounds_total for t in tables] == [6, 6, 5, 5]
    assert season.rounds_total() == 5


def test_a_round_without_a_date_counts_todays_calendar(tmp_path: Path) -> None:
    calendar = [
        rnd(1, None, SPRINT, RACE),
        rnd(2, None, status="cancelled", cancelled_on="2025-01-10"),
        rnd(3, None, status="cancelled"),
        rnd(4, None, status="scheduled"),
    ]
    folder = write_season(
        tmp_path / "s", rules=RULES, entries=ENTRIES, results={1: RESULTS[1]}, calendar=calendar
    )
    table = podium.standings(podium.load_season(folder), "drivers")
    assert (table.after_round, table.rounds_total) == (1, 2)


# -- shown as cancelled everywhere -----------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_cli_results_of_a_cancelled_session(folder: Path) -> None:
    done = run("results", str(folder), "-r", "1", "-s", "sprint")
    assert done.returncode == 0, done.stderr
    assert "test/2025 round 1: sprint (sprint) was cancelled" in done.stdout
    data = json.loads(run("results", str(folder), "-r", "1", "-s", "sprint", "-f", "json").stdout)
    assert (data["status"], data["results"]) == ("cancelled", [])
    kept = run("results", str(folder), "-r", "3", "-s", "race")
    assert "(no result declared)" in kept.stdout


@pytest.fixture
def served(folder: Path, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A client over a database holding the season, and a token for writes."""
    from podium.storage import Database
    from podium.storage.tokens import create_token
    from podium.web import create_app

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Database(url) as database:
        database.import_season(podium.load_season(folder))
        token = create_token(database, "tests")
    with TestClient(create_app(url, refresh=None)) as test_client:
        yield test_client, token


def test_results_cannot_be_written_to_a_cancelled_session(
    served: tuple[TestClient, str],
) -> None:
    client, token = served
    response = client.put(
        "/api/v1/series/test/seasons/2025/rounds/1/sessions/sprint/results",
        content="position,car\n1,1\n",
        headers={"Content-Type": "text/csv", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, response.text
    assert "session 'sprint' of round 1 is cancelled" in response.text


def test_api_pages_and_ergast_show_the_states(served: tuple[TestClient, str]) -> None:
    client, _ = served
    api = "/api/v1/series/test/seasons/2025"
    one = client.get(f"{api}/rounds/1").json()
    assert [(s["id"], s["status"]) for s in one["sessions"]] == [
        ("sprint", "cancelled"),
        ("race", "scheduled"),
    ]
    sprint = client.get(f"{api}/rounds/1/sessions/sprint").json()
    assert (sprint["status"], sprint["results"]) == ("cancelled", [])
    race = client.get(f"{api}/rounds/3/sessions/race").json()
    assert (race["ended"], race["result_declared"], len(race["results"])) == (
        "abandoned",
        False,
        3,
    )
    # The stored season scores as the folder does (status and result_declared stored).
    top = client.get(f"{api}/standings/drivers").json()["standings"]
    assert [(r["id"], r["points"]) for r in top] == [("a", "16"), ("b", "15"), ("c", "11")]
    page = client.get("/test/2025/1").text
    assert "sprint — cancelled" in page
    assert "race — no result declared" in client.get("/test/2025/3").text
    races = client.get("/ergast/test/2025/1/results.json").json()["MRData"]["RaceTable"]["Races"]
    assert all("sprint" not in r["raceName"] for r in races)
    assert sum(len(r["Results"]) for r in races) == 3  # the race's three, none for the sprint
