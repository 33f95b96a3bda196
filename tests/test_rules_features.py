"""One focused test per rule feature, each on a tiny season stated inline.

Every expected number is worked out by hand in the comments next to it.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest

import podium
from podium.model import Season
from seasonkit import load, order, points

RACE = [10, 6, 4, 3]


def rules_for(**classifications: dict[str, Any]) -> dict[str, Any]:
    return {"scales": {"race": RACE}, "classifications": classifications}


def drivers_rules(**extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "competitor": "driver",
        "scoring": [{"session": "race", "points": "race"}],
    }
    spec.update(extra)
    return rules_for(drivers=spec)


def cars(*crews: str, **columns: Any) -> list[dict[str, Any]]:
    """Entries: car N+1 driven by crews[N] ("a" or "a;b"); extra columns per car as lists."""
    out = []
    for i, crew in enumerate(crews):
        row: dict[str, Any] = {"car": i + 1, "drivers": crew}
        for column, values in columns.items():
            row[column] = values[i]
        out.append(row)
    return out


def table(season: Season, classification: str = "drivers", after: int | None = None) -> Any:
    return podium.standings(season, classification, after_round=after)


# -- point tables ---------------------------------------------------------------------------


def test_point_tables_per_session_kind_and_qualifying_segment(tmp_path: Path) -> None:
    rules = {
        "scales": {"race": [10, 6, 4], "sprint": [3, 2, 1]},
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [
                    {"session": "race", "points": "race"},
                    {"session": "sprint", "points": "sprint"},
                    {"session": {"kind": "qualifying", "segment": "Q3"}, "points": [2, 1]},
                    {"session": {"kind": "qualifying", "segment": "Q1"}, "points": [1]},
                ],
            }
        },
    }
    sessions = [
        {"id": "fp1", "kind": "practice"},
        {"id": "q1", "kind": "qualifying", "segment": "Q1"},
        {"id": "q3", "kind": "qualifying", "segment": "Q3"},
        {"id": "sprint", "kind": "sprint"},
        {"id": "race", "kind": "race"},
    ]
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c"),
        sessions=sessions,
        results={
            1: {
                "fp1": ["1", "2", "3"],  # practice: no table, nothing
                "q1": ["3", "2", "1"],  # c 1
                "q3": ["2", "1"],  # b 2, a 1
                "sprint": ["1", "3", "2"],  # a 3, c 2, b 1
                "race": ["2", "1", "3"],  # b 10, a 6, c 4
            }
        },
    )
    got = table(season)
    # a 1 + 3 + 6 = 10, b 2 + 1 + 10 = 13, c 1 + 2 + 4 = 7
    assert points(got) == {"a": 10, "b": 13, "c": 7}
    assert order(got) == [("1", "b"), ("2", "a"), ("3", "c")]
    b = got.row("b")
    assert b is not None
    assert b.rounds[0].sessions == {"q1": 0, "q3": 2, "sprint": 1, "race": 10}


# -- per-round overrides --------------------------------------------------------------------


def test_overrides_double_half_own_table_and_excluded_round(tmp_path: Path) -> None:
    rules = {
        "scales": {"race": [9, 6, 4]},
        "overrides": [
            {"rounds": 2, "factor": 2},
            {"rounds": [3], "factor": "1/2"},
            {"rounds": "4", "points": [5, 1]},
        ],
        "classifications": {
            "drivers": {"competitor": "driver", "scoring": [{"session": "race", "points": "race"}]},
            "teams": {
                "competitor": "team",
                "scoring": [{"session": "race", "points": "race"}],
                "overrides": [{"rounds": 4, "excluded": True, "reason": "not for teams"}],
            },
        },
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", team=["t1", "t2", "t2"]),
        results={
            1: {"race": ["1", "2", "3"]},  # a 9, b 6, c 4
            2: {"race": ["2", "1", "3"]},  # x2: b 18, a 12, c 8
            3: {"race": ["3", "2", "1"]},  # x1/2: c 4.5, b 3, a 2
            4: {"race": ["2", "1", "3"]},  # [5, 1]: b 5, a 1, c 0
        },
    )
    drivers = table(season)
    # a 9+12+2+1 = 24, b 6+18+3+5 = 32, c 4+8+4.5+0 = 16.5
    assert points(drivers) == {"a": 24, "b": 32, "c": F(33, 2)}
    assert [r.points_text for r in drivers.rows] == ["32", "24", "16.5"]
    teams = table(season, "teams")
    # round 4 does not count for teams: t1 9+12+2 = 23, t2 (6+4)+(18+8)+(3+4.5) = 43.5
    assert points(teams) == {"t1": 23, "t2": F(87, 2)}
    t1 = teams.row("t1")
    assert t1 is not None
    assert [r.round for r in t1.rounds] == [1, 2, 3]


# -- overall place vs place among eligible -----------------------------------------------


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        # car 2 (b) is ineligible: overall places stand, 2nd place's 6 is not passed down
        ("overall", {"a": 10, "c": 4, "d": 3}),
        # places among eligible: c is 2nd (6), d 3rd (4)
        ("eligible", {"a": 10, "c": 6, "d": 4}),
    ],
)
def test_ineligible_entries_pass_points_down_or_not(
    tmp_path: Path, basis: str, expected: dict[str, int]
) -> None:
    rules = rules_for(
        drivers={
            "competitor": "driver",
            "eligible": {"flags_none": ["f2"]},
            "scoring": [{"session": "race", "points": "race", "basis": basis}],
        }
    )
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", "d", flags=["", "f2", "", ""]),
        results={1: {"race": ["1", "2", "3", "4"]}},
    )
    got = table(season)
    assert points(got) == expected
    assert got.row("b") is None


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("overall", {"b": 6, "d": 3}),  # trophy cars were 2nd and 4th overall
        ("eligible", {"b": 10, "d": 6}),  # 1st and 2nd among trophy cars
    ],
)
def test_sub_class_by_flag_scores_overall_or_class_place(
    tmp_path: Path, basis: str, expected: dict[str, int]
) -> None:
    rules = rules_for(
        trophy={
            "competitor": "driver",
            "eligible": {"flags_all": ["trophy"]},
            "scoring": [{"session": "race", "points": "race", "basis": basis}],
        }
    )
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", "d", flags=["", "trophy", "", "trophy;am"]),
        results={1: {"race": ["1", "2", "3", "4"]}},
    )
    assert points(table(season, "trophy")) == expected


# -- bonuses --------------------------------------------------------------------------------


def fl_rules(**bonus: Any) -> dict[str, Any]:
    spec = {"name": "fastest lap", "session": "race", "points": 1, **bonus}
    return drivers_rules(bonuses=[spec])


def race_with_laps(laps: list[str], order_: list[str] | None = None) -> list[dict[str, Any]]:
    cars_ = order_ or [str(i + 1) for i in range(len(laps))]
    return [
        {"position": i + 1, "car": c, "fastest_lap": laps[int(c) - 1]} for i, c in enumerate(cars_)
    ]


def test_fastest_lap_bonus_from_lap_times(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=fl_rules(),
        entries=cars("a", "b", "c"),
        # car 2 set the fastest lap (1:29.900 < 1:30.500 < 1:31.000)
        results={1: {"race": race_with_laps(["1:30.500", "1:29.900", "91.000"])}},
    )
    assert points(table(season)) == {"a": 10, "b": 6 + 1, "c": 4}


def test_fastest_lap_bonus_from_rank_column(tmp_path: Path) -> None:
    rows = [
        {"position": 1, "car": 1, "fastest_lap_rank": 2},
        {"position": 2, "car": 2, "fastest_lap_rank": 3},
        {"position": 3, "car": 3, "fastest_lap_rank": 1},
    ]
    season = load(
        tmp_path, rules=fl_rules(), entries=cars("a", "b", "c"), results={1: {"race": rows}}
    )
    assert points(table(season)) == {"a": 10, "b": 6, "c": 4 + 1}


def test_pole_bonus_goes_to_best_placed_in_qualifying(tmp_path: Path) -> None:
    rules = drivers_rules(
        bonuses=[{"name": "pole", "session": "qualifying", "holder": "best_placed", "points": 1}]
    )
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c"),
        sessions=[{"id": "qualifying", "kind": "qualifying"}, {"id": "race", "kind": "race"}],
        results={1: {"qualifying": ["3", "1", "2"], "race": ["1", "2", "3"]}},
    )
    assert points(table(season)) == {"a": 10, "b": 6, "c": 4 + 1}


@pytest.mark.parametrize(
    ("among", "expected"), [("eligible", {"b": 10, "c": 6 + 1}), ("all", {"b": 10, "c": 6})]
)
def test_fastest_lap_among_eligible_cars(
    tmp_path: Path, among: str, expected: dict[str, int]
) -> None:
    rules = rules_for(
        trophy={
            "competitor": "driver",
            "eligible": {"flags_all": ["trophy"]},
            "scoring": [{"session": "race", "points": "race", "basis": "eligible"}],
            "bonuses": [{"name": "fl", "session": "race", "points": 1, "among": among}],
        }
    )
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", flags=["", "trophy", "trophy"]),
        # overall fastest: car 1 (not trophy); fastest trophy car: car 3
        results={1: {"race": race_with_laps(["1:20.0", "1:22.0", "1:21.0"])}},
    )
    # among all: the holder is car 1, not in the class, so nobody in the class scores it
    assert points(table(season, "trophy")) == expected


@pytest.mark.parametrize(("holder_place", "bonus"), [(2, 1), (3, 0)])
def test_fastest_lap_only_if_classified_in_top_n(
    tmp_path: Path, holder_place: int, bonus: int
) -> None:
    finish = ["1", "2", "3"]
    finish.remove("3")
    finish.insert(holder_place - 1, "3")  # car 3 (fastest) finishes `holder_place`
    season = load(
        tmp_path,
        rules=fl_rules(top=2),
        entries=cars("a", "b", "c"),
        results={1: {"race": race_with_laps(["1:31", "1:32", "1:30"], finish)}},
    )
    assert points(table(season))["c"] == RACE[holder_place - 1] + bonus


def test_fastest_lap_holder_out_of_top_n_gives_it_to_nobody(tmp_path: Path) -> None:
    rows = race_with_laps(["1:31", "1:32", "1:30"])
    rows[2] = {"car": 3, "status": "dnf", "fastest_lap": "1:30"}
    season = load(
        tmp_path, rules=fl_rules(top=10), entries=cars("a", "b", "c"), results={1: {"race": rows}}
    )
    assert points(table(season)) == {"a": 10, "b": 6}


@pytest.mark.parametrize(("classified", "bonus"), [(True, 0), (False, 1)])
def test_fastest_lap_of_a_car_not_classified(tmp_path: Path, classified: bool, bonus: int) -> None:
    rows = race_with_laps(["1:31", "1:32"])
    rows.append({"car": 3, "status": "dnf", "fastest_lap": "1:30"})
    season = load(
        tmp_path,
        rules=fl_rules(classified=classified),
        entries=cars("a", "b", "c"),
        results={1: {"race": rows}},
    )
    assert points(table(season)).get("c", F(0)) == bonus


def test_override_without_bonuses(tmp_path: Path) -> None:
    rules = fl_rules()
    rules["classifications"]["drivers"]["overrides"] = [{"rounds": 1, "bonuses": False}]
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        results={
            1: {"race": race_with_laps(["1:31", "1:30"])},  # b's fastest lap: no bonus here
            2: {"race": race_with_laps(["1:31", "1:30"])},  # b's fastest lap: +1
        },
    )
    assert points(table(season)) == {"a": 20, "b": 6 + 6 + 1}


@pytest.mark.parametrize(
    ("completed", "bonus"),
    [
        (3, 1),  # full distance
        (2, 1),  # exactly 2/3 of the distance: not less than min_distance
        (1, 0),  # 1/3 < 2/3: no bonus
    ],
)
def test_bonus_min_distance_is_exact(tmp_path: Path, completed: int, bonus: int) -> None:
    season = load(
        tmp_path,
        rules=fl_rules(min_distance="2/3"),
        entries=cars("a", "b"),
        sessions=[{"id": "race", "kind": "race", "scheduled_laps": 3, "completed_laps": completed}],
        results={1: {"race": race_with_laps(["1:31", "1:30"])}},
    )
    assert points(table(season))["b"] == 6 + bonus


@pytest.mark.parametrize(
    ("ties", "each"),
    [("split", F(1, 2)), ("each", F(1)), ("none", F(0))],
)
def test_fastest_lap_ties(tmp_path: Path, ties: str, each: F) -> None:
    season = load(
        tmp_path,
        rules=fl_rules(ties=ties),
        entries=cars("a", "b", "c"),
        # cars 1 and 3 share the fastest time
        results={1: {"race": race_with_laps(["1:30.000", "1:30.100", "90.000"])}},
    )
    got = points(table(season))
    assert got["a"] == 10 + each
    assert got["c"] == 4 + each
    assert got["b"] == 6


def test_recorded_award_overrides_computed_holder(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=fl_rules(award="fastest_lap"),
        entries=cars("a", "b", "c;d"),
        sessions=[{"id": "race", "kind": "race", "awards": {"fastest_lap": "d"}}],
        # timing says car 1 and car 3 tied; the officials gave it to d (of car 3) alone
        results={1: {"race": race_with_laps(["1:30", "1:31", "1:30"])}},
    )
    # car 3 is 3rd: 4 shared by c and d, 2 each; d alone gets the bonus
    assert points(table(season)) == {"a": 10, "b": 6, "c": 2, "d": 2 + 1}


def test_recorded_award_naming_a_car(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=fl_rules(award="fastest_lap"),
        entries=cars("a", "b"),
        sessions=[{"id": "race", "kind": "race", "awards": {"fastest_lap": 2}}],
        results={1: {"race": race_with_laps(["1:30", "1:31"])}},
    )
    assert points(table(season)) == {"a": 10, "b": 6 + 1}


# -- shared drives --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shared_car", "each", "second"),
    [
        ("split", F(10, 3), 6),  # 10 / 3 drivers, exactly
        ("none", F(0), 6),  # nothing, and the 2nd place keeps 6 (not passed down)
        ("full", F(10), 6),
    ],
)
def test_shared_car(tmp_path: Path, shared_car: str, each: F, second: int) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(shared_car=shared_car),
        entries=cars("a;b;c", "d"),
        results={1: {"race": ["1", "2"]}},
    )
    got = table(season)
    assert [points(got).get(d, F(0)) for d in "abc"] == [each] * 3  # 0: not listed
    assert points(got)["d"] == second
    if shared_car == "split":
        row = got.row("a")
        assert row is not None and row.points_text == "3.33"


@pytest.mark.parametrize("crew_in", ["entries", "results"])
def test_shared_car_none_scores_nothing_for_its_team_either(tmp_path: Path, crew_in: str) -> None:
    team = {
        "competitor": "team",
        "shared_car": "none",
        "scoring": [{"session": "race", "points": [10, 6]}],
    }
    first = {"position": 1, "car": 1, **({"drivers": "a;b"} if crew_in == "results" else {})}
    season = load(
        tmp_path,
        rules={"classifications": {"teams": team}},
        # (car 3 only makes driver b known when the results name the crew)
        entries=cars("a;b" if crew_in == "entries" else "a", "d", "b", team=["t1", "t2", "t3"]),
        results={1: {"race": [first, {"position": 2, "car": 2}]}},
    )
    # the shared car 1 wins but scores nothing for t1, whichever file names its crew
    assert points(table(season, "teams")) == {"t2": 6}


def test_per_car_shares_override_equal_split(tmp_path: Path) -> None:
    rows = [
        {"position": 1, "car": 1, "shares": "1;0"},
        {"position": 2, "car": 2, "drivers": "d;e", "shares": "2;1"},
    ]
    season = load(
        tmp_path,
        rules=drivers_rules(),
        entries=cars("a;b", "d;e"),
        results={1: {"race": rows}},
    )
    # car 1: a all 10, b nothing; car 2: 6 split 2:1 -> d 4, e 2
    assert points(table(season)) == {"a": 10, "d": 4, "e": 2}


@pytest.mark.parametrize(("multi_car", "a"), [("sum", F(3) + F(3, 2)), ("best_only", F(3))])
def test_driver_in_two_cars(tmp_path: Path, multi_car: str, a: F) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(multi_car=multi_car),
        entries=cars("d", "a;b", "x", "a;c"),
        # car 2 (a, b) 2nd: 6 -> 3 each; car 4 (a, c) 4th: 3 -> 1.5 each
        results={1: {"race": ["1", "2", "3", "4"]}},
    )
    got = points(table(season))
    # best_only: a keeps only the better car's 3; the other 1.5 is lost, c keeps his 1.5
    assert got["a"] == a
    assert got["b"] == 3
    assert got["c"] == F(3, 2)
    assert got["x"] == 4


# -- shortened races ------------------------------------------------------------------------


def short_race(scheduled: int, completed: int, ended: str = "suspended") -> list[dict[str, Any]]:
    return [
        {
            "id": "race",
            "kind": "race",
            "scheduled_laps": scheduled,
            "completed_laps": completed,
            "ended": ended,
        }
    ]


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        (14, {"a": 5, "b": 3, "c": 2}),  # 14/20 = 0.7 < 3/4: half of 10, 6, 4
        (15, {"a": 10, "b": 6, "c": 4}),  # 15/20 = 3/4, not below: full points
    ],
)
def test_half_points_below_three_quarters(
    tmp_path: Path, completed: int, expected: dict[str, int]
) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(shortened={"below": "3/4", "factor": "1/2"}),
        entries=cars("a", "b", "c"),
        sessions=short_race(20, completed),
        results={1: {"race": ["1", "2", "3"]}},
    )
    assert points(table(season)) == expected


@pytest.mark.parametrize(
    ("ended", "a"),
    [("suspended", 5), ("time_limit", 10), ("finished", 10)],
)
def test_shortened_policy_only_when_suspended(tmp_path: Path, ended: str, a: int) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(shortened={"below": 0.75, "factor": 0.5, "when": ["suspended"]}),
        entries=cars("a", "b"),
        sessions=short_race(20, 10, ended),  # half the distance
        results={1: {"race": ["1", "2"]}},
    )
    assert points(table(season))["a"] == a


def test_shortened_race_without_bonus(tmp_path: Path) -> None:
    rules = fl_rules()
    rules["classifications"]["drivers"]["shortened"] = {
        "below": "3/4",
        "factor": "1/2",
        "bonuses": False,
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        sessions=short_race(4, 1),
        results={1: {"race": race_with_laps(["1:31", "1:30"])}},
    )
    # half points, and car 2's fastest lap scores nothing
    assert points(table(season)) == {"a": 5, "b": 3}


@pytest.mark.parametrize(
    ("completed", "a", "b"),
    [
        (1, None, None),  # fewer than 2 laps: nothing scores
        (5, 6, 4),  # 5/40 < 1/4
        (10, 13, 10),  # 10/40 = 1/4: the 25-50 % band
        (29, 19, 14),  # 29/40 < 3/4
        (30, 25, 18),  # 30/40 = 3/4: the full table
    ],
)
def test_banded_tables_with_minimum_laps(
    tmp_path: Path, completed: int, a: int | None, b: int | None
) -> None:
    rules = {
        "scales": {"race": [25, 18, 15]},
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [{"session": "race", "points": "race"}],
                "shortened": {
                    "min_laps": 2,
                    "bands": [
                        {"below": "1/2", "points": [13, 10]},
                        {"below": "1/4", "points": [6, 4]},
                        {"below": "3/4", "points": [19, 14]},
                    ],
                },
            }
        },
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        sessions=short_race(40, completed),
        results={1: {"race": ["1", "2"]}},
    )
    got = table(season)
    assert points(got).get("a") == a
    assert points(got).get("b") == b


def test_override_gives_a_short_race_full_points(tmp_path: Path) -> None:
    rules = drivers_rules(
        shortened={"below": "3/4", "factor": "1/2"},
        overrides=[{"rounds": 1, "shortened": "none", "reason": "resumed"}],
    )
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        sessions=short_race(10, 5),
        results={1: {"race": ["1", "2"]}, 2: {"race": ["2", "1"]}},
    )
    # round 1 (overridden): a 10, b 6; round 2 (half): b 5, a 3
    assert points(table(season)) == {"a": 13, "b": 11}


# -- team scoring ---------------------------------------------------------------------------


def test_team_scoring_all_cars_best_n_and_nominated(tmp_path: Path) -> None:
    team = {"competitor": "team", "scoring": [{"session": "race", "points": [10, 6, 4, 3, 2]}]}
    rules = {
        "classifications": {
            "all": team,
            "best2": {**team, "cars": {"best": 2}},
            "best1": {**team, "cars": {"best": 1}},
            "nominated": {**team, "cars": {"flag": "nominated"}},
        }
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars(
            "a",
            "b",
            "c",
            "d",
            "e",
            team=["t1", "t1", "t1", "t2", "t2"],
            flags=["", "nominated", "nominated", "nominated", ""],
        ),
        # car 1 (t1) 10, car 4 (t2) 6, car 2 (t1) 4, car 5 (t2) 3, car 3 (t1) 2
        results={1: {"race": ["1", "4", "2", "5", "3"]}},
    )
    assert points(table(season, "all")) == {"t1": 10 + 4 + 2, "t2": 6 + 3}
    assert points(table(season, "best2")) == {"t1": 10 + 4, "t2": 6 + 3}
    assert points(table(season, "best1")) == {"t1": 10, "t2": 6}
    assert points(table(season, "nominated")) == {"t1": 4 + 2, "t2": 6}


def test_nominated_cars_only_score_bonuses_for_their_team(tmp_path: Path) -> None:
    rules = {
        "classifications": {
            "makes": {
                "competitor": "manufacturer",
                "cars": {"flag": "nominated"},
                "scoring": [{"session": "race", "points": [10, 6]}],
                "bonuses": [{"name": "fl", "session": "race", "points": 1}],
            }
        }
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", manufacturer=["m1", "m1"], flags=["", "nominated"]),
        # car 1 (not nominated) wins with the fastest lap: neither counts for m1
        results={1: {"race": race_with_laps(["1:30", "1:31"])}},
    )
    assert points(table(season, "makes")) == {"m1": 6}


# -- dropped scores -------------------------------------------------------------------------

FOUR_ROUNDS = {
    1: {"race": ["1", "2", "3"]},  # a 10, b 6, c 4
    2: {"race": ["2", "3", "1"]},  # b 10, c 6, a 4
    3: {"race": ["1", "3", "2"]},  # a 10, c 6, b 4
    4: {"race": ["3", "1", "2"]},  # c 10, a 6, b 4
}


def test_best_n_results_reapplied_after_every_round(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(drops={"best": 2}),
        entries=cars("a", "b", "c"),
        results=FOUR_ROUNDS,
    )
    history = {t.after_round: points(t) for t in podium.standings_history(season, "drivers")}
    assert history[1] == {"a": 10, "b": 6, "c": 4}
    assert history[2] == {"a": 14, "b": 16, "c": 10}  # two results each: nothing dropped
    assert history[3] == {"a": 20, "b": 16, "c": 12}  # a drops 4, b drops 4, c drops 4
    assert history[4] == {"a": 20, "b": 16, "c": 16}  # c: 10 + 6 (the earlier 6 kept)
    final = table(season)
    dropped = {r.competitor: [s.round for s in r.rounds if s.dropped] for r in final.rows}
    assert dropped == {"a": [2, 4], "b": [3, 4], "c": [1, 3]}
    after2 = table(season, after=2)
    assert not any(s.dropped for r in after2.rows for s in r.rounds)
    # the breakdown keeps what each round was worth
    c = final.row("c")
    assert c is not None
    assert [(s.round, s.points) for s in c.rounds] == [(1, 4), (2, 6), (3, 6), (4, 10)]


def test_best_n_per_block_of_rounds(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(
            drops={"blocks": [{"rounds": "1-2", "best": 1}, {"rounds": [3, 4], "best": 1}]}
        ),
        entries=cars("a", "b", "c"),
        results=FOUR_ROUNDS,
    )
    # after round 3: a 10 + 10, b 10 + 4, c 6 + 6
    assert points(table(season, after=3)) == {"a": 20, "b": 14, "c": 12}
    # a max(10, 4) + max(10, 6) = 20; b max(6, 10) + max(4, 4) = 14; c max(4, 6) + max(6, 10)
    assert points(table(season)) == {"a": 20, "b": 14, "c": 16}


def test_drops_per_session(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules={
            "classifications": {
                "drivers": {
                    "competitor": "driver",
                    "scoring": [{"session": "race", "points": [10, 6]}],
                    "drops": {"best": 2, "unit": "session"},
                }
            }
        },
        entries=cars("a", "b"),
        sessions=[{"id": "race1", "kind": "race"}, {"id": "race2", "kind": "race"}],
        results={
            1: {"race1": ["1", "2"], "race2": ["2", "1"]},  # a 10 + 6, b 6 + 10
            2: {"race1": ["1", "2"], "race2": ["1", "2"]},  # a 10 + 10, b 6 + 6
        },
    )
    # a: best 2 of 10, 6, 10, 10 = 20; b: best 2 of 6, 10, 6, 6 = 16
    got = table(season)
    assert points(got) == {"a": 20, "b": 16}
    a = got.row("a")
    assert a is not None
    assert [s.dropped for s in a.rounds] == [True, True]  # round 1's 6, round 2's second 10


# -- ranking and ties -----------------------------------------------------------------------

TIE_RACES = {
    1: {"race": ["1", "2", "3", "5", "4"]},  # a 10, b 6, c 4 (3rd); e 4th, d 5th
    2: {"race": ["2", "1", "4", "3", "5"]},  # b 10, a 6, d 4 (3rd); c 4th, e 5th
}
# a 16 {1st, 2nd}, b 16 {1st, 2nd}; c 4 {3rd, 4th}, d 4 {3rd, 5th}; e 0


def tie_rules(**extra: Any) -> dict[str, Any]:
    rules = drivers_rules(**extra)
    rules["scales"]["race"] = [10, 6, 4]  # three places score
    return rules


def tie_season(tmp_path: Path, **extra: Any) -> Season:
    return load(
        tmp_path,
        rules=tie_rules(**extra),
        entries=cars("a", "b", "c", "d", "e"),
        results=TIE_RACES,
    )


def test_countback_on_scoring_places_shares_identical_records(tmp_path: Path) -> None:
    got = table(tie_season(tmp_path))
    # c and d each have one scoring 3rd place; their 4th and 5th scored nothing
    assert order(got) == [("=1", "a"), ("=1", "b"), ("=3", "c"), ("=3", "d")]


def test_countback_on_all_places(tmp_path: Path) -> None:
    got = table(tie_season(tmp_path, tie_break=[{"countback": "all"}, "shared"]))
    # c's 4th beats d's 5th
    assert order(got) == [("=1", "a"), ("=1", "b"), ("3", "c"), ("4", "d")]


def test_shared_place_shown_plain(tmp_path: Path) -> None:
    got = table(tie_season(tmp_path, shared_place="plain"))
    assert order(got) == [("1", "a"), ("1", "b"), ("3", "c"), ("3", "d")]
    assert [r.position for r in got.rows] == [1, 1, 3, 3]


def test_previous_round_order_settles_what_countback_does_not(tmp_path: Path) -> None:
    got = table(tie_season(tmp_path, tie_break=["countback", "previous_round", "shared"]))
    # after round 1: a 1st, b 2nd, c 3rd, d not listed (no points)
    assert order(got) == [("1", "a"), ("2", "b"), ("3", "c"), ("4", "d")]


def test_best_grid_settles_what_countback_does_not(tmp_path: Path) -> None:
    race1 = [
        {"position": 1, "car": 1, "grid": 3},
        {"position": 2, "car": 2, "grid": 1},
        {"position": 3, "car": 3, "grid": 5},
        {"position": 4, "car": 5, "grid": 2},
        {"position": 5, "car": 4, "grid": 4},
    ]
    season = load(
        tmp_path,
        rules=tie_rules(tie_break=["countback", "best_grid", "shared"]),
        entries=cars("a", "b", "c", "d", "e"),
        results={1: {"race": race1}, 2: TIE_RACES[2]},
    )
    # best grids: b 1, a 3; d 4, c 5
    assert order(table(season)) == [("1", "b"), ("2", "a"), ("3", "d"), ("4", "c")]


def test_without_shared_step_level_competitors_get_own_places_by_name(tmp_path: Path) -> None:
    got = table(tie_season(tmp_path, tie_break=["countback"]))
    assert order(got) == [("1", "a"), ("2", "b"), ("3", "c"), ("4", "d")]


def test_tie_orders_from_season_data(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=tie_rules(),
        entries=cars("a", "b", "c", "d", "e"),
        results=TIE_RACES,
        tie_orders=[
            {"classification": "drivers", "after_round": 2, "order": ["b", "a"]},
            {"classification": "drivers", "after_round": 2, "order": ["d", "c"]},
            # ignored: b is not level on points with c
            {"classification": "drivers", "after_round": 1, "order": ["c", "b"]},
        ],
    )
    assert order(table(season)) == [("1", "b"), ("2", "a"), ("3", "d"), ("4", "c")]
    assert order(table(season, after=1)) == [("1", "a"), ("2", "b"), ("3", "c")]


def test_tie_order_group_shares_a_place(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=tie_rules(tie_break=["countback"]),
        entries=cars("a", "b", "c", "d", "e"),
        results=TIE_RACES,
        tie_orders=[{"classification": "drivers", "after_round": 2, "order": [["b", "a"]]}],
    )
    assert order(table(season))[:2] == [("=1", "b"), ("=1", "a")]


# -- listing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("listing", "listed"),
    [
        ("scorers", {"a"}),
        ("classified", {"a", "b"}),  # e was classified in the sprint only: not enough
        ("entrants", {"a", "b", "c", "d", "e"}),
    ],
)
def test_listing(tmp_path: Path, listing: str, listed: set[str]) -> None:
    rules = {
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [
                    {"session": "race", "points": [10]},
                    {"session": "sprint", "points": [1]},
                ],
                "listing": listing,
            }
        }
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", "d", "e"),
        sessions=[
            {"id": "qualifying", "kind": "qualifying"},
            {"id": "sprint", "kind": "sprint"},
            {"id": "race", "kind": "race"},
        ],
        results={
            1: {
                "qualifying": ["1", "2", "3", "4", "5"],
                "sprint": ["1", "5", {"car": 2, "status": "dnf"}],
                "race": ["1", "2", {"car": 3, "status": "dnf"}, {"car": 5, "status": "dsq"}],
            }
        },
    )
    got = table(season)
    assert {r.competitor for r in got.rows} == listed
    assert points(got)["a"] == 11


# -- decisions ------------------------------------------------------------------------------

THREE_ROUNDS = {
    1: {"race": ["1", "2", "3"]},  # a 10, b 6, c 4
    2: {"race": ["1", "2", "3"]},
    3: {"race": ["1", "2", "3"]},
}


def decided(tmp_path: Path, decisions: list[dict[str, Any]], **extra: Any) -> Season:
    rules = rules_for(
        drivers={"competitor": "driver", "scoring": [{"session": "race", "points": "race"}]},
        teams={"competitor": "team", "scoring": [{"session": "race", "points": "race"}]},
    )
    return load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", team=["t1", "t2", "t3"]),
        results=THREE_ROUNDS,
        decisions=decisions,
        **extra,
    )


def test_deduction_from_a_round_on(tmp_path: Path) -> None:
    season = decided(
        tmp_path,
        [
            {
                "kind": "deduction",
                "round": 2,
                "classification": "teams",
                "competitor": "t1",
                "points": 15,
            }
        ],
    )
    assert points(table(season, "teams", 1))["t1"] == 10
    after2 = table(season, "teams", 2)
    # 20 - 15 = 5: below t2's 12 and t3's 8
    assert points(after2)["t1"] == 5
    assert order(after2) == [("1", "t2"), ("2", "t3"), ("3", "t1")]
    row = after2.row("t1")
    assert row is not None and row.deductions == 15
    assert points(table(season, "teams", 3))["t1"] == 30 - 15
    # drivers keep their points
    assert points(table(season, "drivers", 3))["a"] == 30


def test_withhold_points_of_one_round_not_passed_down(tmp_path: Path) -> None:
    season = decided(tmp_path, [{"kind": "withhold", "round": 2, "competitor": "b"}])
    got = points(table(season, "drivers", 3))
    assert got == {"a": 30, "b": 6 + 0 + 6, "c": 12}
    # the team of car 2 is not named: it keeps its points
    assert points(table(season, "teams", 3))["t2"] == 18


def test_exclusion_keeping_points_listed_last(tmp_path: Path) -> None:
    season = decided(
        tmp_path,
        [
            {
                "kind": "exclusion",
                "round": 3,
                "classification": "drivers",
                "competitor": "a",
                "keep_points": True,
                "position_text": "DSQ",
            }
        ],
    )
    assert order(table(season, "drivers", 2))[0] == ("1", "a")
    after3 = table(season, "drivers", 3)
    assert order(after3) == [("1", "b"), ("2", "c"), ("DSQ", "a")]
    assert points(after3)["a"] == 30
    assert after3.rows[-1].position is None


def test_exclusion_without_points(tmp_path: Path) -> None:
    season = decided(
        tmp_path, [{"kind": "exclusion", "round": 1, "classification": "teams", "competitor": "t1"}]
    )
    got = table(season, "teams", 1)
    assert order(got) == [("1", "t2"), ("2", "t3"), ("EX", "t1")]
    assert points(got)["t1"] == 0


def test_exclusion_shown_only_in_final_table(tmp_path: Path) -> None:
    season = decided(
        tmp_path,
        [{"kind": "exclusion", "round": 1, "competitor": "c", "final_only": True}],
        calendar=[{"round": n, "name": f"R{n}", "status": "held"} for n in (1, 2, 3)],
    )
    assert order(table(season, "drivers", 2))[-1] == ("3", "c")
    assert order(table(season, "drivers", 3))[-1] == ("EX", "c")


def test_reset_points_of_a_new_entry(tmp_path: Path) -> None:
    season = decided(
        tmp_path, [{"kind": "reset", "round": 3, "classification": "teams", "competitor": "t2"}]
    )
    assert points(table(season, "teams", 2))["t2"] == 12
    after3 = table(season, "teams", 3)
    assert points(after3)["t2"] == 6  # only round 3 counts
    row = after3.row("t2")
    assert row is not None and [r.round for r in row.rounds] == [3]


def test_disqualification_moves_others_up(tmp_path: Path) -> None:
    season = decided(
        tmp_path, [{"kind": "disqualification", "round": 1, "car": 1, "session": "race"}]
    )
    got = table(season, "drivers", 1)
    # car 1 struck out: b 1st (10), c 2nd (6)
    assert order(got) == [("1", "b"), ("2", "c")]
    assert points(got) == {"b": 10, "c": 6}
    assert points(table(season, "drivers", 3))["a"] == 20


# -- exact arithmetic -----------------------------------------------------------------------


def test_seven_way_fastest_lap_tie_is_exact(tmp_path: Path) -> None:
    names = "abcdefg"
    season = load(
        tmp_path,
        rules=fl_rules(),
        entries=cars(*names),
        results={1: {"race": race_with_laps(["1:50.0"] * 7)}},
    )
    got = table(season)
    g = got.row("g")  # 7th: no place points, 1/7 of the fastest lap
    assert g is not None
    assert g.points == F(1, 7)
    assert g.points_text == "0.14"
    assert g.as_dict()["points_exact"] == "1/7"
    assert sum(r.points for r in got.rows) - sum(RACE) == 1
    a = got.row("a")
    assert a is not None and a.points == F(71, 7) and a.points_text == "10.14"


def test_decimals_setting_rounds_only_for_display(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(decimals=1, shared_car="split"),
        entries=cars("a;b;c"),
        results={1: {"race": ["1"]}},
    )
    row = table(season).row("a")
    assert row is not None
    assert row.points == F(10, 3)
    assert row.points_text == "3.3"


# -- rules that extend rules ----------------------------------------------------------------


def test_extends_overrides_and_removes_classifications(tmp_path: Path) -> None:
    base = (
        "scales:\n"
        "  race: [10, 6, 4]\n"
        "classifications:\n"
        "  drivers:\n"
        "    competitor: driver\n"
        "    scoring:\n"
        "      - {session: race, points: race}\n"
        "    drops: {best: 1}\n"
        "  teams:\n"
        "    competitor: team\n"
        "    scoring:\n"
        "      - {session: race, points: race}\n"
    )
    child = (
        "extends: base.yaml\n"
        "scales:\n"
        "  race: [25, 18, 15]\n"
        "classifications:\n"
        "  teams: null\n"
        "  drivers:\n"
        "    drops: null\n"
    )
    (tmp_path / "base.yaml").write_text(base)
    season = load(
        tmp_path,
        rules=child,
        entries=cars("a", "b", team=["t", "t"]),
        results={1: {"race": ["1", "2"]}, 2: {"race": ["1", "2"]}},
    )
    assert set(season.rules.classifications) == {"drivers"}
    # the child's table, the base's scoring item, and no drops any more: 25 + 25, 18 + 18
    assert points(table(season)) == {"a": 50, "b": 36}


def test_extends_null_removes_an_inherited_list_or_number(tmp_path: Path) -> None:
    base = (
        "classifications:\n"
        "  drivers:\n"
        "    competitor: driver\n"
        "    scoring: [{session: race, points: [10, 6]}]\n"
        "    shortened: {below: 3/4, factor: 1/2, when: [suspended]}\n"
        "    decimals: 1\n"
    )
    child = (
        "extends: base.yaml\n"
        "classifications:\n"
        "  drivers:\n"
        "    shortened: {when: null}\n"
        "    decimals: null\n"
    )
    (tmp_path / "base.yaml").write_text(base)
    sessions = [
        {
            "id": "race",
            "kind": "race",
            "scheduled_laps": 40,
            "completed_laps": 20,
            "ended": "time_limit",
        }
    ]
    season = load(
        tmp_path,
        rules=child,
        entries=cars("a", "b"),
        sessions=sessions,
        results={1: {"race": ["1", "2"]}},
    )
    rules = season.rules.classification("drivers")
    # `when` gone: half points whatever the ending (the base gave them only when suspended)
    assert rules.shortened.when is None
    assert points(table(season)) == {"a": 5, "b": 3}
    assert rules.decimals == 2  # back to the default


def test_extends_keeps_base_and_adds(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "scales: {race: [10, 6]}\n"
        "classifications:\n"
        "  drivers: {competitor: driver, scoring: [{session: race, points: race}]}\n"
    )
    child = (
        "extends: base.yaml\n"
        "classifications:\n"
        "  drivers:\n"
        "    bonuses: [{name: fl, session: race, points: 1}]\n"
        "  teams: {competitor: team, scoring: [{session: race, points: [1]}]}\n"
    )
    season = load(
        tmp_path,
        rules=child,
        entries=cars("a", "b", team=["t", "u"]),
        results={1: {"race": race_with_laps(["1:31", "1:30"])}},
    )
    assert points(table(season)) == {"a": 10, "b": 7}
    assert points(table(season, "teams")) == {"t": 1}


# -- the calendar as it stood ---------------------------------------------------------------


def test_rounds_total_as_the_calendar_stood(tmp_path: Path) -> None:
    calendar = [
        {"round": 1, "name": "One", "start": "2025-04-01", "status": "held"},
        {"round": 2, "name": "Two", "start": "2025-06-01", "status": "held"},
        # added to the calendar on 15 May
        {
            "round": 3,
            "name": "Three",
            "start": "2025-07-01",
            "status": "held",
            "announced": "2025-05-15",
        },
        # dropped from the calendar on 15 June
        {
            "round": 4,
            "name": "Four",
            "start": "2025-08-01",
            "status": "cancelled",
            "cancelled_on": "2025-06-15",
        },
    ]
    season = load(
        tmp_path,
        rules=drivers_rules(),
        entries=cars("a"),
        calendar=calendar,
        results={1: {"race": ["1"]}, 2: {"race": ["1"]}, 3: {"race": ["1"]}},
    )
    # 1 April: rounds 1, 2 and 4 (3 not yet announced)
    assert table(season, after=1).rounds_total == 3
    # 1 June: all four
    assert table(season, after=2).rounds_total == 4
    # 1 July: 4 cancelled
    assert table(season, after=3).rounds_total == 3
    assert season.rounds_total() == 3


def test_override_limited_to_one_session(tmp_path: Path) -> None:
    rules = {
        "scales": {"race": [10, 6]},
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [
                    {"session": "race", "points": "race"},
                    {"session": "sprint", "points": [3, 1]},
                ],
                "overrides": [{"rounds": 1, "session": "race", "factor": 2}],
            }
        },
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        sessions=[{"id": "sprint", "kind": "sprint"}, {"id": "race", "kind": "race"}],
        results={1: {"sprint": ["2", "1"], "race": ["1", "2"]}},
    )
    # sprint untouched: b 3, a 1; race doubled: a 20, b 12
    assert points(table(season)) == {"a": 21, "b": 15}


def test_withhold_limited_to_one_session(tmp_path: Path) -> None:
    rules = {
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [
                    {"session": "race", "points": [10, 6]},
                    {"session": "sprint", "points": [3, 1]},
                ],
            }
        }
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        sessions=[{"id": "sprint", "kind": "sprint"}, {"id": "race", "kind": "race"}],
        results={1: {"sprint": ["1", "2"], "race": ["1", "2"]}},
        decisions=[{"kind": "withhold", "round": 1, "competitor": "a", "session": "sprint"}],
    )
    assert points(table(season)) == {"a": 10, "b": 6 + 1}


def best_car_teams(tie_break: list[Any]) -> dict[str, Any]:
    return {
        "classifications": {
            "teams": {
                "competitor": "team",
                "cars": {"best": 1},
                "scoring": [{"session": "race", "points": [10, 6, 4, 3]}],
                "tie_break": tie_break,
            }
        }
    }


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        # counted cars only: t1 {1st, 2nd}, t2 {1st, 2nd}: identical
        ({"countback": "scoring"}, [("=1", "t1"), ("=1", "t2")]),
        # every scoring car: t1 also has two 3rds (4 each), t2 two 4ths (3 each)
        ({"countback": "scoring", "all_cars": True}, [("1", "t1"), ("2", "t2")]),
        ({"countback": "all", "all_cars": True}, [("1", "t1"), ("2", "t2")]),
        # places of cars that did not count are left out
        ({"countback": "all"}, [("=1", "t1"), ("=1", "t2")]),
    ],
)
def test_countback_for_organisations_with_cars_that_did_not_count(
    tmp_path: Path, step: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    season = load(
        tmp_path,
        rules=best_car_teams([step, "shared"]),
        entries=cars("a", "b", "c", "d", team=["t1", "t1", "t2", "t2"]),
        results={
            1: {"race": ["1", "3", "2", "4"]},  # t1 10 (car 2's 3rd does not count), t2 6
            2: {"race": ["3", "1", "2", "4"]},  # t2 10, t1 6 (car 2 3rd again)
        },
    )
    got = table(season, "teams")
    assert points(got) == {"t1": 16, "t2": 16}
    assert order(got) == expected


@pytest.mark.parametrize(
    ("max_place", "expected"),
    [(None, [("3", "c"), ("4", "d")]), (3, [("=3", "c"), ("=3", "d")])],
)
def test_countback_up_to_a_place(
    tmp_path: Path, max_place: int | None, expected: list[tuple[str, str]]
) -> None:
    step: dict[str, Any] = {"countback": "all"}
    if max_place is not None:
        step["max_place"] = max_place
    got = table(tie_season(tmp_path, tie_break=[step, "shared"]))
    # c {3rd, 4th} and d {3rd, 5th} differ only below 3rd
    assert order(got)[2:] == expected


@pytest.mark.parametrize(
    ("tie_break", "expected"),
    [
        (["countback", "first_to_score", "shared"], [("1", "c"), ("2", "b"), ("3", "a")]),
        (["countback", "shared"], [("1", "c"), ("=2", "a"), ("=2", "b")]),
    ],
)
def test_first_to_score_settles_identical_records(
    tmp_path: Path, tie_break: list[str], expected: list[tuple[str, str]]
) -> None:
    season = load(
        tmp_path,
        rules=tie_rules(tie_break=tie_break),
        entries=cars("a", "b", "c"),
        results={
            1: {"race": ["2", "3"]},  # b 10, c 6 (a did not race)
            2: {"race": ["1", "3"]},  # a 10, c 6 (b did not race)
        },
    )
    # a 10 {1st} and b 10 {1st}: b scored first
    assert order(table(season)) == expected
