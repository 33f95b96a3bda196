"""Tie-break steps, listings and counting groups other regulations use.

Each test scores a tiny season stated inline; every expected number is worked out by hand in
the comments next to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import podium
from podium.collation import name_key
from podium.errors import ValidationError
from podium.model import Season
from podium.rules import parse_rules
from seasonkit import load, order, points

RACE = [10, 6, 4, 3]


def drivers_rules(**extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "competitor": "driver",
        "scoring": [{"session": "race", "points": "race"}],
    }
    spec.update(extra)
    return {"scales": {"race": RACE}, "classifications": {"drivers": spec}}


def cars(*crews: str, **columns: Any) -> list[dict[str, Any]]:
    """Entries: car N+1 driven by crews[N]; extra columns per car as lists."""
    out = []
    for i, crew in enumerate(crews):
        row: dict[str, Any] = {"car": i + 1, "drivers": crew}
        for column, values in columns.items():
            row[column] = values[i]
        out.append(row)
    return out


def table(season: Season, classification: str = "drivers") -> Any:
    return podium.standings(season, classification)


def problems_of(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in exc.value.problems]


# -- most_recent_best -----------------------------------------------------------------------


def test_most_recent_best_puts_the_later_best_result_ahead(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(tie_break=["countback", "most_recent_best", "shared"]),
        entries=cars("a", "b", "c"),
        # round 1: a 10, b 6, c 4; round 2: b 10, a 6, c 4 -> a 16, b 16, c 8
        results={1: {"race": ["1", "2", "3"]}, 2: {"race": ["2", "1", "3"]}},
    )
    got = table(season)
    assert points(got) == {"a": 16, "b": 16, "c": 8}
    # countback: one win and one 2nd each; b won last (round 2), a in round 1
    assert order(got) == [("1", "b"), ("2", "a"), ("3", "c")]


def test_without_most_recent_best_the_same_record_shares(tmp_path: Path) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(tie_break=["countback", "shared"]),
        entries=cars("a", "b", "c"),
        results={1: {"race": ["1", "2", "3"]}, 2: {"race": ["2", "1", "3"]}},
    )
    assert order(table(season)) == [("=1", "a"), ("=1", "b"), ("3", "c")]


SPRINT_WEEKENDS = {
    # sprint before race in each round. Round 1: sprint b 3, a 2; race a 10, b 6.
    # Round 2: sprint a 3, b 2; race b 10, a 6. a 2+10+3+6 = 21, b 3+6+2+10 = 21.
    1: {"sprint": ["2", "1"], "race": ["1", "2"]},
    2: {"sprint": ["1", "2"], "race": ["2", "1"]},
}


def sprint_season(tmp_path: Path, tie_break: list[Any]) -> Season:
    rules = drivers_rules(
        scoring=[
            {"session": "race", "points": "race"},
            {"session": "sprint", "points": [3, 2, 1], "countback": True},
        ],
        tie_break=tie_break,
    )
    return load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b"),
        sessions=[{"id": "sprint", "kind": "sprint"}, {"id": "race", "kind": "race"}],
        results=SPRINT_WEEKENDS,
    )


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        # every place that enters the countback: both last won in round 2, a the sprint
        # (the round's first session), b the race (its second) -> b ahead
        ({"most_recent_best": "all"}, [("1", "b"), ("2", "a")]),
        # the plain word: the same over scoring places (here every place scored)
        ("most_recent_best", [("1", "b"), ("2", "a")]),
        # sprints only: a won the round 2 sprint, b the round 1 sprint -> a ahead
        ({"most_recent_best": "all", "session": "sprint"}, [("1", "a"), ("2", "b")]),
        # races only: b won the round 2 race, a the round 1 race -> b ahead
        ({"most_recent_best": "scoring", "session": "race"}, [("1", "b"), ("2", "a")]),
    ],
)
def test_most_recent_best_over_chosen_sessions(
    tmp_path: Path, step: Any, expected: list[tuple[str, str]]
) -> None:
    got = table(sprint_season(tmp_path, ["countback", step, "shared"]))
    assert points(got) == {"a": 21, "b": 21}
    assert order(got) == expected


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        # every place: b's best is 2nd (round 1), c's is 2nd too (round 2) -> c ahead
        ("all", [("1", "a"), ("2", "c"), ("3", "b")]),
        # scoring places only: neither scored, so neither has a best result -> shared
        ("scoring", [("1", "a"), ("=2", "b"), ("=2", "c")]),
    ],
)
def test_most_recent_best_over_all_or_scoring_places(
    tmp_path: Path, places: str, expected: list[tuple[str, str]]
) -> None:
    season = load(
        tmp_path,
        rules=drivers_rules(
            scoring=[{"session": "race", "points": [10]}],
            listing="entrants",
            tie_break=[{"most_recent_best": places}, "shared"],
        ),
        entries=cars("a", "b", "c"),
        # round 1: a 1st (10), b 2nd, c 3rd; round 2: a 1st (10), c 2nd, b 3rd
        results={1: {"race": ["1", "2", "3"]}, 2: {"race": ["1", "3", "2"]}},
    )
    got = table(season)
    assert points(got) == {"a": 20, "b": 0, "c": 0}
    assert order(got) == expected


# -- best grid over chosen sessions ------------------------------------------------------------


def grid_season(tmp_path: Path, step: Any) -> Season:
    def row(position: int, car: int, grid: int) -> dict[str, Any]:
        return {"position": position, "car": car, "grid": grid}

    return load(
        tmp_path,
        rules=drivers_rules(
            scoring=[{"session": "race", "points": [10, 6]}],
            tie_break=["countback", step, "shared"],
        ),
        entries=cars("a", "b"),
        sessions=[
            {"id": "sprint", "kind": "sprint"},  # scores nothing here
            {"id": "grid", "kind": "grid"},  # the race's starting grid, in its own file
            {"id": "race", "kind": "race"},
        ],
        results={
            # round 1: sprint a (grid 1), b (grid 4); race a 1st from 3rd, b 2nd from 2nd
            1: {
                "sprint": [row(1, 1, 1), row(2, 2, 4)],
                "grid": ["2", "1"],  # b 1st, a 2nd on the starting grid
                "race": [row(1, 1, 3), row(2, 2, 2)],
            },
            # round 2: race b 1st from 4th, a 2nd from 5th -> 16 points each, a win each
            2: {"race": [row(1, 2, 4), row(2, 1, 5)]},
        },
    )


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        # the plain word: grand prix grids only (race results' grid): a 3, b 2 -> b
        ("best_grid", [("1", "b"), ("2", "a")]),
        ({"best_grid": {"sessions": "race"}}, [("1", "b"), ("2", "a")]),
        # sprints too, though they score nothing: a started the round 1 sprint 1st -> a
        ({"best_grid": {"sessions": ["race", "sprint"]}}, [("1", "a"), ("2", "b")]),
        # a starting grid session: its order is the place; b 1st there -> b
        ({"best_grid": {"sessions": "grid"}}, [("1", "b"), ("2", "a")]),
        # a grid session and sprints: b 1 (grid), a 1 (sprint) -> still level, shared
        ({"best_grid": {"sessions": ["grid", "sprint"]}}, [("=1", "a"), ("=1", "b")]),
    ],
)
def test_best_grid_over_chosen_sessions(
    tmp_path: Path, step: Any, expected: list[tuple[str, str]]
) -> None:
    got = table(grid_season(tmp_path, step))
    assert points(got) == {"a": 16, "b": 16}
    assert order(got) == expected


# -- listing by result status ---------------------------------------------------------------

LISTING_RESULTS = {
    1: {
        "qualifying": ["1", "2", "3", "4", "5", "7", {"car": 6, "status": "dnq"}],
        "race": [
            "1",
            {"car": 2, "status": "nc"},
            {"car": 3, "status": "dnf"},
            {"car": 4, "status": "dsq"},
            {"car": 5, "status": "dns"},
        ],
    }
}


def listed(tmp_path: Path, listing: Any, **season_keys: Any) -> set[str]:
    season = load(
        tmp_path,
        rules=drivers_rules(scoring=[{"session": "race", "points": [10]}], listing=listing),
        entries=cars("a", "b", "c", "d", "e", "f", "g"),
        sessions=[{"id": "qualifying", "kind": "qualifying"}, {"id": "race", "kind": "race"}],
        results=LISTING_RESULTS,
        **season_keys,
    )
    return {r.competitor for r in table(season).rows}


def test_listing_every_starter(tmp_path: Path) -> None:
    # a won; b not classified, c retired, d disqualified, e had a grid place and did not
    # start; f did not qualify, g has no race line
    starters = {"sessions": "race", "statuses": ["classified", "nc", "dnf", "dsq", "dns"]}
    assert listed(tmp_path, starters) == {"a", "b", "c", "d", "e"}


def test_listing_every_finisher_without_the_disqualified(tmp_path: Path) -> None:
    assert listed(tmp_path, {"sessions": ["race"], "statuses": ["classified", "nc"]}) == {
        "a",
        "b",
    }


def test_listing_looks_at_sessions_that_score_nothing(tmp_path: Path) -> None:
    # classified in qualifying (which scores nothing): a, b, c, d, e, g; f did not qualify
    took_part = {"sessions": [{"id": "qualifying"}, "race"], "statuses": ["classified"]}
    assert listed(tmp_path, took_part) == {"a", "b", "c", "d", "e", "g"}


def test_listing_reads_results_as_the_stewards_decided(tmp_path: Path) -> None:
    # car 1 disqualified after the race: b is not moved up (b was not classified), a is
    # dsq, so a classified-only listing of the race lists nobody; a scorer is always listed
    decisions = [{"kind": "disqualification", "round": 1, "car": 1, "session": "race"}]
    got = listed(tmp_path, {"sessions": "race", "statuses": ["classified"]}, decisions=decisions)
    assert got == set()


def test_listing_scorers_always_listed(tmp_path: Path) -> None:
    # dns only: e; a scored 10, so a is listed too
    assert listed(tmp_path, {"sessions": "race", "statuses": ["dns"]}) == {"a", "e"}


def test_listing_selector_that_matches_no_session_is_a_problem(tmp_path: Path) -> None:
    listing = {"sessions": ["race", "sprint"], "statuses": ["classified"]}
    with pytest.raises(ValidationError) as exc:
        listed(tmp_path, listing)
    (problem,) = exc.value.problems
    assert problem.file.endswith("rules.yaml")
    assert problem.line is not None
    assert problem.field == "classifications.drivers.listing.sessions[1]"
    assert "matches no session" in problem.message


def test_listing_statuses_are_the_results_words(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        listed(tmp_path, {"sessions": "race", "statuses": ["retired"]})
    assert [f for f, _ in problems_of(exc)] == ["classifications.drivers.listing.statuses[0]"]


# -- counting one organisation as another -----------------------------------------------------

TEAMS = [
    {"id": "ktm", "name": "Red Bull KTM Factory Racing"},
    {"id": "gasgas", "name": "GASGAS"},
    {"id": "ducati", "name": "Ducati"},
]


def makes_season(tmp_path: Path, count_as: Any = None, cars_rule: Any = "all") -> Season:
    spec: dict[str, Any] = {
        "competitor": "manufacturer",
        "scoring": [{"session": "race", "points": "race"}],
        "cars": cars_rule,
    }
    if count_as is not None:
        spec["count_as"] = count_as
    return load(
        tmp_path,
        rules={"scales": {"race": RACE}, "classifications": {"makes": spec}},
        entries=cars("a", "b", "c", "d", manufacturer=["ktm", "gasgas", "ducati", "ktm"]),
        teams=TEAMS,
        # round 1: b (gasgas) 1st, c (ducati) 2nd, a (ktm) 3rd, d (ktm) 4th
        # round 2: a 1st, c 2nd, b 3rd, d 4th
        results={1: {"race": ["2", "3", "1", "4"]}, 2: {"race": ["1", "3", "2", "4"]}},
    )


def test_without_count_as_each_brand_scores_for_itself(tmp_path: Path) -> None:
    got = table(makes_season(tmp_path, cars_rule={"best": 1}), "makes")
    # best car each: gasgas 10 + 4, ducati 6 + 6, ktm 4 + 10
    assert points(got) == {"gasgas": 14, "ducati": 12, "ktm": 14}


def test_count_as_scores_a_brand_for_its_parent_over_the_group(tmp_path: Path) -> None:
    got = table(makes_season(tmp_path, {"gasgas": "ktm"}, {"best": 1}), "makes")
    # the group's best car: round 1 b 10 (a's 4 and d's 3 do not count), round 2 a 10
    assert points(got) == {"ktm": 20, "ducati": 12}
    assert [r.name for r in got.rows] == ["Red Bull KTM Factory Racing", "Ducati"]


def test_count_as_with_every_car(tmp_path: Path) -> None:
    got = table(makes_season(tmp_path, {"gasgas": "ktm"}), "makes")
    # round 1: 10 + 4 + 3; round 2: 10 + 4 + 3 -> 34; ducati 6 + 6
    assert points(got) == {"ktm": 34, "ducati": 12}


def test_count_as_unknown_ids_are_problems(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as exc:
        makes_season(tmp_path, {"gasgsa": "ktm", "ducati": "dukati"})
    got = problems_of(exc)
    assert (
        "classifications.makes.count_as.gasgsa",
        "unknown organisation 'gasgsa': not in teams.csv; did you mean 'gasgas'?",
    ) in got
    assert (
        "classifications.makes.count_as.ducati",
        "unknown parent 'dukati': not in teams.csv; did you mean 'ducati'?",
    ) in got


def test_count_as_is_for_organisations_and_one_level(tmp_path: Path) -> None:
    rules = {
        "classifications": {
            "drivers": {"competitor": "driver", "count_as": {"a": "b"}},
            "makes": {"competitor": "manufacturer", "count_as": {"gasgas": "ktm", "ktm": "x"}},
        }
    }
    with pytest.raises(ValidationError) as exc:
        parse_rules(rules, "rules.yaml")
    fields = [f for f, _ in problems_of(exc)]
    assert fields == ["classifications.drivers.count_as", "classifications.makes.count_as.gasgas"]
    assert "count 'gasgas' as 'x'" in exc.value.problems[1].message


# -- names in collation order ---------------------------------------------------------------


def test_name_key_sorts_accented_names_where_people_look_for_them() -> None:
    names = ["Takumi", "Felipe", "Éric", "Álvaro", "Zoë", "Oscar", "Øystein"]
    assert sorted(names, key=name_key) == [
        "Álvaro",
        "Éric",
        "Felipe",
        "Oscar",
        "Øystein",
        "Takumi",
        "Zoë",
    ]


def test_level_competitors_without_shared_step_are_listed_in_collation_order(
    tmp_path: Path,
) -> None:
    people = [
        {"id": "z", "name": "Zak"},
        {"id": "t", "name": "Takumi"},
        {"id": "f", "name": "Felipe"},
        {"id": "e", "name": "Éric"},
        {"id": "a", "name": "Álvaro"},
    ]
    season = load(
        tmp_path,
        rules=drivers_rules(
            scoring=[{"session": "race", "points": [10]}],
            listing="entrants",
            tie_break=["countback"],  # scoring places only: the four have none
        ),
        entries=cars("z", "t", "f", "e", "a"),
        drivers=people,
        results={1: {"race": ["1", "2", "3", "4", "5"]}},
    )
    got = table(season)
    # Zak 10; the others 0, level after the countback: by name, Á and É with A and E
    assert [r.name for r in got.rows] == ["Zak", "Álvaro", "Éric", "Felipe", "Takumi"]
    assert [r.position_text for r in got.rows] == ["1", "2", "3", "4", "5"]


# -- records after a points reset ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        # t2 started round 1 from pole: best grids t2 1, t3 2, t1 3
        ([], [("1", "t2"), ("2", "t3"), ("3", "t1")]),
        # a new entry under t2's id from round 2: its grids are 5 and 6 only -> last
        (
            [{"kind": "reset", "round": 2, "classification": "teams", "competitor": "t2"}],
            [("1", "t3"), ("2", "t1"), ("3", "t2")],
        ),
    ],
)
def test_best_grid_after_a_points_reset_counts_the_new_entry_only(
    tmp_path: Path, decisions: list[dict[str, Any]], expected: list[tuple[str, str]]
) -> None:
    def row(position: int, car: int, grid: int) -> dict[str, Any]:
        return {"position": position, "car": car, "grid": grid}

    rules = {
        "classifications": {
            "teams": {
                "competitor": "team",
                "scoring": [{"session": "race", "points": [10]}],
                "tie_break": ["countback", "best_grid", "shared"],
            }
        }
    }
    season = load(
        tmp_path,
        rules=rules,
        entries=cars("a", "b", "c", team=["t1", "t2", "t3"]),
        # one win each (10 points): round 1 t3, round 2 t1, round 3 t2; t2's round 1 (3rd,
        # from pole) scored nothing, so the reset changes no points, only the best grid
        results={
            1: {"race": [row(1, 3, 2), row(2, 1, 3), row(3, 2, 1)]},
            2: {"race": [row(1, 1, 4), row(2, 2, 5)]},
            3: {"race": [row(1, 2, 6), row(2, 1, 7)]},
        },
        decisions=decisions,
    )
    got = table(season, "teams")
    assert points(got) == {"t1": 10, "t2": 10, "t3": 10}
    assert order(got) == expected


def test_most_recent_best_first_in_a_chain_still_puts_a_win_ahead_of_a_later_fifth(
    tmp_path: Path,
) -> None:
    # Level on points: a won round 1 and was 5th in round 2; b was 4th, then 2nd. With the
    # step alone (no countback before it) b's best came later, but a's best is better: a's
    # win ranks first. (After a countback the best places are equal and the date decides.)
    from podium.rules.model import TieStep
    from podium.standings.ranking import Contender, StepRecord, _step_keys

    a = Contender(competitor="a", name="A", points=10)
    b = Contender(competitor="b", name="B", points=10)
    early_win = StepRecord()
    early_win.add_place(1, (1, 0))
    early_win.add_place(5, (2, 0))
    late_second = StepRecord()
    late_second.add_place(4, (1, 0))
    late_second.add_place(2, (2, 0))
    records = {"a": early_win, "b": late_second}
    keys = _step_keys([a, b], TieStep("most_recent_best"), lambda c, s: records[c.competitor])
    assert keys[0] < keys[1]
