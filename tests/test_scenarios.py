"""podium.scenarios on cases worked by hand, and where it shows: CLI, API, season page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import podium
from podium.cli import app
from podium.model import Entry, Round, RoundStatus, Season
from podium.reports.scenario_words import needs_text
from podium.storage import Database
from podium.web import create_app
from seasonkit import classified, held_round, memory_season, session


def _season(
    drivers: dict[str, Any],
    cars: dict[str, str],
    held: list[list[str]],
    left: int = 1,
    teams: dict[str, str] | None = None,
) -> Season:
    """Drivers' (or teams') rules, one car per driver, `held` races in order, `left` to run."""
    rules = {"version": 1, "classifications": {"c": drivers}}
    entries = [
        Entry(car=car, drivers=(who,), team=(teams or {}).get(car, "t"))
        for car, who in cars.items()
    ]
    rounds = [
        held_round(n, [session("race", "race", classified(order))])
        for n, order in enumerate(held, 1)
    ]
    for n in range(len(held) + 1, len(held) + 1 + left):
        rounds.append(
            Round(
                number=n,
                name=f"Round {n}",
                status=RoundStatus.SCHEDULED,
                folder=f"{n:02d}",
                sessions=(session("race", "race", []),),
            )
        )
    return memory_season(rules, entries, rounds)


def _rules(points: list[int], **more: Any) -> dict[str, Any]:
    return {"competitor": "driver", "scoring": [{"session": "race", "points": points}], **more}


CARS = {"1": "a", "2": "b", "3": "c", "4": "d"}
LIMIT = 60  # seconds: a cap, far above what these small cases take, for a busy machine


def test_a_title_kept_alive_only_by_the_countback() -> None:
    # a: 2nd, 2nd = 4 points, no win; b: 3rd = 1 point. b wins the last race: 4 points and a
    # win, level with a (who does not score), ahead on countback. Ranked by name instead
    # (A before B), b is out.
    held = [["3", "1", "2"], ["4", "1"]]
    countback = _season(_rules([3, 2, 1], tie_break=[{"countback": "scoring"}]), CARS, held)
    answer = podium.scenarios(countback, "c", after_round=2, time_limit=LIMIT)
    b = answer.contender("b")
    assert (b.can_win, b.max_points, answer.contender("a").points) == (True, 4, 4)
    by_name = _season(_rules([3, 2, 1], tie_break=[]), CARS, held)
    assert (
        podium.scenarios(by_name, "c", after_round=2, time_limit=LIMIT).contender("b").can_win
        is False
    )


def test_a_title_decided_by_a_dropped_score() -> None:
    # a: 10 + 10, b: 6 + 6, one race (of 10 points) left. Every score counting, b could
    # reach 22 > 20; with the best two of three, b's 6 goes: 16 at most, a has clinched.
    held = [["1", "2"], ["1", "2"]]
    scale = [10, 6]
    every = podium.scenarios(_season(_rules(scale), CARS, held), "c", after_round=2)
    assert every.contender("b").can_win is True and every.clinched_by is None
    drops = _season(_rules(scale, drops={"best": 2}), CARS, held)
    answer = podium.scenarios(drops, "c", after_round=2, time_limit=LIMIT)
    assert answer.contender("b").can_win is False
    assert answer.contender("b").max_points == 16
    assert answer.clinched_by == "a"


def test_a_team_classification_counting_its_best_two_cars() -> None:
    # Team x (cars 1-3) has 32, team y (cars 4-5) 52, one race left (10-8-6-4-2). x's best
    # two cars can add 18 (50 < 52; its three cars would add 24, 56). y has clinched.
    rules = {
        "competitor": "team",
        "cars": {"best": 2},
        "scoring": [{"session": "race", "points": [10, 8, 6, 4, 2]}],
    }
    cars = {"1": "p", "2": "q", "3": "r", "4": "s", "5": "t"}
    teams = {"1": "x", "2": "x", "3": "x", "4": "y", "5": "y"}
    held = [["4", "5", "1", "2", "3"], ["4", "5", "1", "3", "2"], ["5", "1", "4", "2", "3"]]
    season = _season(rules, cars, held, teams=teams)
    table = podium.standings(season, "c", after_round=3)
    assert {r.competitor: r.points for r in table.rows} == {"y": 52, "x": 32}
    answer = podium.scenarios(season, "c", after_round=3, time_limit=LIMIT)
    assert answer.contender("x").max_points == 50
    assert answer.contender("x").can_win is False
    assert answer.clinched_by == "y"
    assert answer.contender("y").worst_position == 1


def test_two_chasers_cannot_both_score_the_most() -> None:
    # a 20, b 12, c 12, one race (10-6-6) left. Either of b and c passes a by winning it, but
    # only one can win: the other scores 6 at most (18 < 20). a's worst place is 2nd, not the
    # 3rd that adding up each chaser's most would say.
    held = [["1", "2", "3"], ["1", "2", "3"]]
    season = _season(_rules([10, 6, 6]), CARS, held)
    table = podium.standings(season, "c", after_round=2)
    assert {r.competitor: r.points for r in table.rows} == {"a": 20, "b": 12, "c": 12}
    answer = podium.scenarios(season, "c", after_round=2, time_limit=LIMIT)
    a, b, c = (answer.contender(x) for x in "abc")
    assert (a.can_win, b.can_win, c.can_win) == (True, True, True)
    assert (b.max_points, c.max_points) == (22, 22)
    assert (a.best_position, a.worst_position) == (1, 2)
    assert (b.best_position, b.worst_position) == (1, 3)  # d, on 0, can reach 10 at most
    assert answer.clinched_by is None


def test_the_leader_needs_worded_in_english_and_swedish() -> None:
    season = podium.load_season(podium.example_path("club-2025"))
    answer = podium.scenarios(season, "trophy", after_round=3, time_limit=60)
    assert [n.goal for n in answer.needs][:1] == ["clinch"]
    english, swedish = needs_text(answer, "en"), needs_text(answer, "sv")
    assert english[0] == (
        "Ewan Prowse clinches the Clubman Trophy at Mondello Park if Ewan Prowse wins both "
        "Race 1 and Race 2."
    )
    assert swedish[0] == (
        "Ewan Prowse säkrar Clubman Trophy på Mondello Park om Ewan Prowse vinner både "
        "Race 1 och Race 2."
    )


# -- where it shows -------------------------------------------------------------------------


def test_cli_json() -> None:
    folder = str(podium.example_path("club-2025"))
    run = CliRunner().invoke(
        app,
        [
            "scenarios",
            folder,
            "-c",
            "trophy",
            "--after",
            "3",
            "--format",
            "json",
            "--time-limit",
            "60",
        ],
    )
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert {
        "classification",
        "after_round",
        "rounds_left",
        "clinched_by",
        "standings",
        "needs",
    } <= set(data)
    assert (data["classification"], data["after_round"], data["rounds_left"]) == ("trophy", 3, 2)
    assert data["clinched_by"] is None
    first = data["standings"][0]
    assert set(first) >= {
        "id",
        "name",
        "points",
        "can_win",
        "best_position",
        "worst_position",
        "max_points",
    }
    assert (first["id"], first["points"], first["can_win"], first["max_points"]) == (
        "prowse",
        "57",
        True,
        "97",
    )
    assert data["needs"][0]["text"].startswith("Ewan Prowse clinches the Clubman Trophy")
    after_4 = CliRunner().invoke(
        app, ["scenarios", folder, "-c", "trophy", "--after", "4", "-f", "json"]
    )
    assert json.loads(after_4.output)["clinched_by"] == "prowse"


def test_cli_bad_input() -> None:
    folder = str(podium.example_path("club-2025"))
    run = CliRunner().invoke(app, ["scenarios", folder, "-c", "trophy", "--format", "xml"])
    assert run.exit_code == 2 and "--format" in run.output
    run = CliRunner().invoke(app, ["scenarios", folder, "-c", "trophy", "--language", "xx"])
    assert run.exit_code == 2 and "--language" in run.output


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('scenarios') / 'db.sqlite3'}"
    with Database(url) as database:
        database.import_season(podium.load_season(podium.example_path("club-2025")))
    with TestClient(create_app(url, refresh=None)) as test_client:
        yield test_client


def test_api_route(client: TestClient) -> None:
    base = "/api/v1/series/club/seasons/2025/scenarios"
    found = client.get(f"{base}?classification=trophy&after_round=3&time_limit=10")
    assert found.status_code == 200, found.text
    data = found.json()
    assert data["rounds_left"] == 2 and data["standings"][0]["id"] == "prowse"
    assert data["needs"][0]["text"].startswith("Ewan Prowse clinches")
    assert client.get(f"{base}?classification=nope").status_code == 404
    assert client.get(f"{base}?classification=trophy&after_round=9").status_code == 404
    assert client.get(f"{base}?classification=trophy&time_limit=60").status_code == 422
    assert client.get(base).status_code == 422


def test_season_page_section(client: TestClient) -> None:
    page = client.get("/club/2025?after=3")
    assert page.status_code == 200
    text = page.text
    assert "Still in contention" in text
    section = text[text.index('id="contention"') :]
    assert "Clubman Trophy" in section and "Ewan Prowse" in section and "97" in section
    assert 'id="contention"' not in client.get("/club/2025").text  # every round run
