"""Amended classifications: time penalties, place drops, back of the lap, a qualifying
disqualification, reinstatement on appeal; every number worked out by hand."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest

import podium
from podium.errors import ValidationError
from podium.model import Season
from podium.model.decision import DecisionKind
from podium.model.session import SessionState
from podium.standings.amend import amended
from seasonkit import load, points

RULES = {
    "scales": {"race": [10, 8, 6, 4, 2]},
    "classifications": {
        "drivers": {
            "competitor": "driver",
            "scoring": [{"session": "race", "points": "race"}],
            "bonuses": [
                {"name": "pole", "session": "qualifying", "holder": "best_placed", "points": 1}
            ],
        }
    },
}
ENTRIES = [{"car": n, "drivers": d} for n, d in zip(range(1, 6), "abcde", strict=True)]
SESSIONS = [
    {"id": "qualifying", "kind": "qualifying"},
    {"id": "race", "kind": "race", "state": "provisional", "published": "2025-06-15T16:10"},
]
# Race times: car 1 30:00.000 (1800 s), car 2 1802.000, car 3 1804.500, car 4 1806.900,
# car 5 a lap down.
RACE = [
    {"position": 1, "car": 1, "laps": 20, "time": "30:00.000"},
    {"position": 2, "car": 2, "laps": 20, "gap": "+2.000"},
    {"position": 3, "car": 3, "laps": 20, "gap": "+4.500"},
    {"position": 4, "car": 4, "laps": 20, "gap": "+6.900"},
    {"position": 5, "car": 5, "laps": 19, "gap": "+1 lap"},
]
QUALIFYING = ["1", "2", "3", "4", "5"]


def season_with(tmp_path: Path, decisions: list[dict[str, Any]], **extra: Any) -> Season:
    return load(
        tmp_path,
        rules=RULES,
        entries=ENTRIES,
        sessions=SESSIONS,
        results={1: {"qualifying": QUALIFYING, "race": RACE}},
        decisions=decisions,
        **extra,
    )


def cars(season: Season, session: str = "race") -> list[str]:
    return [a.result.car for a in amended(season, 1, session) if a.result.classified]


def test_no_decision_keeps_the_published_order_and_points(tmp_path: Path) -> None:
    season = season_with(tmp_path, [])
    assert cars(season) == ["1", "2", "3", "4", "5"]
    assert all(not a.amended and not a.decisions for a in amended(season, 1, "race"))
    # a: 10 + pole 1, b 8, c 6, d 4, e 2
    assert points(podium.standings(season, "drivers")) == {"a": 11, "b": 8, "c": 6, "d": 4, "e": 2}


def test_five_second_penalty_drops_second_to_fourth(tmp_path: Path) -> None:
    penalty = {"kind": "time_penalty", "round": 1, "session": "race", "car": 2, "seconds": 5}
    season = season_with(tmp_path, [{**penalty, "reason": "track limits"}])
    # car 2: 1802 + 5 = 1807 s, behind car 3 (1804.5) and car 4 (1806.9); car 5 is a lap
    # down, so it stays behind.
    assert cars(season) == ["1", "3", "4", "2", "5"]
    line = next(a for a in amended(season, 1, "race") if a.result.car == "2")
    assert (line.original_position, line.position) == (2, 4)
    assert [d.kind for d in line.decisions] == [DecisionKind.TIME_PENALTY]
    assert line.decisions[0].seconds == 5 and line.decisions[0].reason == "track limits"
    up = next(a for a in amended(season, 1, "race") if a.result.car == "3")
    assert (up.original_position, up.position, up.decisions) == (3, 2, ())
    # the data keeps the published order
    assert [r.car for r in season.round(1).session("race").results] == ["1", "2", "3", "4", "5"]  # type: ignore[union-attr]
    # a 10 + 1, c 8, d 6, b 4, e 2
    got = points(podium.standings(season, "drivers"))
    assert got == {"a": 11, "c": 8, "d": 6, "b": 4, "e": 2}


def test_penalty_short_of_the_next_gap_moves_one_place(tmp_path: Path) -> None:
    # car 2: 1802 + 3 = 1805: behind car 3 (1804.5), ahead of car 4 (1806.9)
    season = season_with(
        tmp_path,
        [{"kind": "time_penalty", "round": 1, "session": "race", "car": 2, "seconds": "3"}],
    )
    assert cars(season) == ["1", "3", "2", "4", "5"]


def test_penalty_on_the_winner_against_a_time_equal(tmp_path: Path) -> None:
    # car 1: 1800 + 4.5 = 1804.5, equal to car 3: the penalised car goes behind -> 3rd
    season = season_with(
        tmp_path,
        [{"kind": "time_penalty", "round": 1, "session": "race", "car": 1, "seconds": 4.5}],
    )
    assert cars(season) == ["2", "3", "1", "4", "5"]
    assert points(podium.standings(season, "drivers"))["a"] == 6 + 1


def test_three_place_drop(tmp_path: Path) -> None:
    season = season_with(
        tmp_path,
        [{"kind": "place_drop", "round": 1, "session": "race", "car": 1, "places": 3}],
    )
    # 1st -> 4th; 2, 3, 4 move up one each
    assert cars(season) == ["2", "3", "4", "1", "5"]
    # b 10, c 8, d 6, a 4 + pole 1, e 2
    got = points(podium.standings(season, "drivers"))
    assert got == {"b": 10, "c": 8, "d": 6, "a": 5, "e": 2}


def test_place_drop_stops_at_the_last_classified(tmp_path: Path) -> None:
    season = season_with(
        tmp_path,
        [{"kind": "place_drop", "round": 1, "session": "race", "car": 3, "places": 10}],
    )
    assert cars(season) == ["1", "2", "4", "5", "3"]


def test_back_of_lap(tmp_path: Path) -> None:
    season = season_with(
        tmp_path, [{"kind": "back_of_lap", "round": 1, "session": "race", "car": 1}]
    )
    # behind every car on the lead lap (2, 3, 4), ahead of car 5, a lap down
    assert cars(season) == ["2", "3", "4", "1", "5"]
    line = next(a for a in amended(season, 1, "race") if a.result.car == "1")
    assert (line.original_position, line.position) == (1, 4)


def test_qualifying_disqualification_passes_pole_to_the_next_car(tmp_path: Path) -> None:
    season = season_with(
        tmp_path,
        [{"kind": "disqualification", "round": 1, "session": "qualifying", "car": 1}],
    )
    assert cars(season, "qualifying") == ["2", "3", "4", "5"]
    line = amended(season, 1, "qualifying")[-1]
    assert (line.result.car, line.result.position_text, line.original_position) == ("1", "DSQ", 1)
    # a 10 (no pole), b 8 + pole 1
    got = points(podium.standings(season, "drivers"))
    assert got == {"a": 10, "b": 9, "c": 6, "d": 4, "e": 2}


def test_penalty_then_disqualification_then_reinstatement(tmp_path: Path) -> None:
    """5 s penalty on Sunday, DSQ at scrutineering, reinstated on appeal two weeks later."""
    decisions = [
        {"kind": "time_penalty", "id": "pen-2", "round": 1, "session": "race", "car": 2,
         "seconds": 5, "date": "2025-06-15T16:40"},
        {"kind": "disqualification", "id": "dsq-2", "round": 1, "session": "race", "car": 2,
         "date": "2025-06-15T19:30", "reason": "plank wear"},
        {"kind": "reinstatement", "round": 1, "cancels": "dsq-2", "date": "2025-06-29",
         "reason": "appeal upheld"},
    ]  # fmt: skip
    season = season_with(tmp_path, decisions)
    # the DSQ is void: the penalty alone stands, as above
    assert cars(season) == ["1", "3", "4", "2", "5"]
    assert points(podium.standings(season, "drivers"))["b"] == 4
    dsq = season.decisions[1]
    assert dsq.date == datetime(2025, 6, 15, 19, 30) and dsq.id == "dsq-2"
    # as of the evening of the race (before the appeal), the DSQ stands
    before = amended(season, 1, "race", as_of=datetime(2025, 6, 20))
    assert [a.result.car for a in before if a.result.classified] == ["1", "3", "4", "5"]
    assert before[-1].result.car == "2" and [d.id for d in before[-1].decisions] == [
        "pen-2",
        "dsq-2",
    ]
    # as of before the penalty: the published order
    early = amended(season, 1, "race", as_of=datetime(2025, 6, 15, 16, 30))
    assert [a.result.car for a in early] == ["1", "2", "3", "4", "5"]


def test_session_state_and_published(tmp_path: Path) -> None:
    race = season_with(tmp_path, []).round(1).session("race")
    assert race is not None
    assert race.state is SessionState.PROVISIONAL
    assert race.published == datetime(2025, 6, 15, 16, 10)


def test_penalty_without_times_is_a_problem_at_its_line(tmp_path: Path) -> None:
    rows = [{"position": 1, "car": 1, "time": "30:00.000"}, {"position": 2, "car": 2},
            {"position": 3, "car": 3}]  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        load(
            tmp_path,
            rules=RULES,
            entries=ENTRIES,
            sessions=SESSIONS,
            results={1: {"qualifying": QUALIFYING, "race": rows}},
            decisions=[
                {"kind": "time_penalty", "round": 1, "session": "race", "car": 2, "seconds": 5}
            ],
        )
    [problem] = [p for p in caught.value.problems if "time penalty" in p.message]
    assert problem.file.endswith("season.yaml") and problem.line is not None
    assert "car 2's race time" in problem.message


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ({"kind": "place_drop", "round": 1, "session": "race", "car": 2}, "gives the places"),
        ({"kind": "back_of_lap", "round": 1, "car": 2}, "names the session"),
        ({"kind": "reinstatement", "round": 1, "cancels": "nope"}, "no decision has the id"),
        ({"kind": "time_penalty", "round": 1, "session": "race", "car": 2}, "gives the seconds"),
    ],
)
def test_incomplete_decisions_are_problems(
    tmp_path: Path, decision: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        season_with(tmp_path, [decision])


def test_seconds_are_exact(tmp_path: Path) -> None:
    season = season_with(
        tmp_path,
        [{"kind": "time_penalty", "round": 1, "session": "race", "car": 2, "seconds": 0.1}],
    )
    assert season.decisions[0].seconds == F(1, 10)


def test_a_penalty_shows_in_every_results_output(tmp_path: Path) -> None:
    from podium.cli import render
    from podium.standings import amended_results

    penalty = {"kind": "time_penalty", "round": 1, "session": "race", "car": 2, "seconds": 5}
    season = season_with(tmp_path, [{**penalty, "reason": "track limits"}])
    lines = amended_results(season, 1, "race")
    assert [a.result.car for a in lines] == ["1", "3", "4", "2", "5"]
    penalised = lines[3]
    assert (penalised.position, penalised.crossed) == (4, 2)
    assert penalised.crossed_text() == "crossed the line 2nd"
    assert lines[1].crossed is None  # moved up by another's penalty: no decision of its own
    session = season.round(1).session("race")
    assert session is not None
    rows = render.results_rows(season, 1, session)
    assert [(r["car"], r["position"], r["crossed"]) for r in rows] == [
        ("1", 1, None),
        ("3", 2, None),
        ("4", 3, None),
        ("2", 4, 2),
        ("5", 5, None),
    ]


def figures(season: Season) -> list[tuple[str, str | None, str | None]]:
    from podium.standings import amended_results

    return [(a.result.car, a.result.time, a.result.gap) for a in amended_results(season, 1, "race")]


def test_times_and_gaps_are_those_of_the_amended_classification(tmp_path: Path) -> None:
    def penalised(car: int, seconds: float) -> list[dict[str, Any]]:
        return [{"kind": "time_penalty", "round": 1, "session": "race", "car": car,
                 "seconds": seconds}]  # fmt: skip

    # 5 s on car 2: its gap +2.000 + 5 = +7.000; the winner and the others as published
    assert figures(season_with(tmp_path / "a", penalised(2, 5))) == [
        ("1", "30:00.000", None), ("3", None, "+4.500"), ("4", None, "+6.900"),
        ("2", None, "+7.000"), ("5", None, "+1 lap"),
    ]  # fmt: skip
    # 4.5 s on the winner: car 2 wins in 1800 + 2 = 30:02.000; gaps to it (car 3: 4.5 - 2);
    # car 1's own time with the penalty, 30:04.500, 2.500 behind; a lap down stays a lap
    assert figures(season_with(tmp_path / "b", penalised(1, 4.5))) == [
        ("2", "30:02.000", None), ("3", None, "+2.500"), ("1", "30:04.500", "+2.500"),
        ("4", None, "+4.900"), ("5", None, "+1 lap"),
    ]  # fmt: skip
    # 0.25 s: written to as many places as it needs (car 2, 2.000 + 0.25 behind car 1)
    assert figures(season_with(tmp_path / "c", penalised(2, 0.25)))[1] == ("2", None, "+2.250")


def test_a_disqualified_winner_leaves_gaps_to_the_new_one(tmp_path: Path) -> None:
    dsq = [{"kind": "disqualification", "round": 1, "session": "race", "car": 1}]
    assert figures(season_with(tmp_path / "a", dsq)) == [
        ("2", "30:02.000", None), ("3", None, "+2.500"), ("4", None, "+4.900"),
        ("5", None, "+1 lap"), ("1", None, None),  # struck out: no figure of its own
    ]  # fmt: skip
    # Gaps only, no winner's time: the gaps still follow; the new winner's time is unknown
    rows = [{**r, "time": None} if r["car"] == 1 else r for r in RACE]
    gaps_only = load(
        tmp_path / "b", rules=RULES, entries=ENTRIES, sessions=SESSIONS,
        results={1: {"qualifying": QUALIFYING, "race": rows}}, decisions=dsq,
    )  # fmt: skip
    assert figures(gaps_only)[:3] == [
        ("2", None, None), ("3", None, "+2.500"), ("4", None, "+4.900"),
    ]  # fmt: skip
    # A drop of places keeps the car's time: it is shown behind the cars it finished ahead of
    drop = [{"kind": "place_drop", "round": 1, "session": "race", "car": 1, "places": 3}]
    assert figures(season_with(tmp_path / "c", drop))[3] == ("1", "30:00.000", "-2.000")
