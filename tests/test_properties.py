"""Properties of the standings engine on random small seasons (built in memory, no files)."""

from __future__ import annotations

import random
from dataclasses import replace
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import podium
from podium.model import Entry, Result, Round, RoundStatus, Season, Status
from seasonkit import held_round, memory_season, session

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OUT = [Status.DNF, Status.DNS, Status.DSQ, Status.NOT_CLASSIFIED]
LAPS = ["1:30.0", "1:30.5", "1:31.0", None]
TIE_BREAKS: list[list[Any]] = [
    ["countback", "shared"],
    [{"countback": "all"}, "previous_round", "shared"],
    ["countback", "first_to_score", "best_grid"],
    [{"countback": "scoring", "all_cars": True}],
]
CLASSIFICATIONS = ("drivers", "teams", "best1", "best2", "nominated")


@st.composite
def session_results(draw: st.DrawFn, cars: list[str]) -> list[Result]:
    order = draw(st.permutations(cars))
    out: list[Result] = []
    place = 0
    for car in order:
        grid = draw(st.integers(1, len(cars)))
        lap = draw(st.sampled_from(LAPS))
        if draw(st.integers(0, 3)) > 0:
            place += 1
            out.append(Result(car, Status.CLASSIFIED, place, grid=grid, fastest_lap=lap))
        else:
            out.append(Result(car, draw(st.sampled_from(OUT)), grid=grid, fastest_lap=lap))
    return out


@st.composite
def seasons(draw: st.DrawFn) -> dict[str, Any]:
    """The parts of a random season: entries, rounds, and the scales to score them with."""
    n_cars = draw(st.integers(2, 6))
    entries = [
        Entry(
            car=str(i),
            drivers=(f"d{i}",),
            team=draw(st.sampled_from(["t1", "t2", "t3"])),
            flags=frozenset({"nominated"}) if draw(st.booleans()) else frozenset(),
        )
        for i in range(1, n_cars + 1)
    ]
    cars = [e.car for e in entries]
    rounds = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        sessions = [session("race", "race", draw(session_results(cars)))]
        if draw(st.booleans()):
            sessions.insert(0, session("sprint", "sprint", draw(session_results(cars))))
        rounds.append(held_round(number, sessions))
    scale = sorted(draw(st.lists(st.integers(1, 25), min_size=1, max_size=6)), reverse=True)
    return {
        "entries": entries,
        "rounds": rounds,
        "race": scale,
        "sprint": draw(st.lists(st.integers(1, 8), min_size=1, max_size=3)),
        "tie_break": draw(st.sampled_from(TIE_BREAKS)),
        "drops": draw(st.one_of(st.none(), st.integers(1, 3))),
    }


def rules(parts: dict[str, Any], *, bonus: bool = True, drops: bool = True) -> dict[str, Any]:
    scoring = [
        {"session": "race", "points": "race"},
        {"session": "sprint", "points": "sprint"},
    ]
    common: dict[str, Any] = {"scoring": scoring, "tie_break": parts["tie_break"]}
    if bonus:
        common["bonuses"] = [{"name": "fl", "session": "race", "points": 1}]
    if drops and parts["drops"] is not None:
        common["drops"] = {"best": parts["drops"]}
    return {
        "scales": {"race": parts["race"], "sprint": parts["sprint"]},
        "classifications": {
            "drivers": {"competitor": "driver", **common},
            "teams": {"competitor": "team", **common},
            "best1": {"competitor": "team", "cars": {"best": 1}, **common},
            "best2": {"competitor": "team", "cars": {"best": 2}, **common},
            "nominated": {"competitor": "team", "cars": {"flag": "nominated"}, **common},
        },
    }


def build(parts: dict[str, Any], **options: Any) -> Season:
    return memory_season(rules(parts, **options), parts["entries"], parts["rounds"])


def history(season: Season, classification: str) -> list[dict[str, Any]]:
    return [t.as_dict() for t in podium.standings_history(season, classification)]


def totals(season: Season, classification: str) -> dict[str, Fraction]:
    return {r.competitor: r.points for r in podium.standings(season, classification).rows}


def by_session(season: Season, classification: str) -> dict[str, dict[tuple[int, str], Fraction]]:
    """{competitor: {(round, session): points}} of the final table (drops not applied)."""
    return {
        row.competitor: {(s.round, sid): p for s in row.rounds for sid, p in s.sessions.items()}
        for row in podium.standings(season, classification).rows
    }


@SETTINGS
@given(parts=seasons(), seed=st.integers(0, 2**16))
def test_order_of_rows_and_entries_does_not_matter(parts: dict[str, Any], seed: int) -> None:
    shuffle = random.Random(seed)
    rounds = [
        replace(
            rnd,
            sessions=tuple(
                replace(s, results=tuple(shuffle.sample(s.results, len(s.results))))
                for s in rnd.sessions
            ),
        )
        for rnd in parts["rounds"]
    ]
    entries = shuffle.sample(parts["entries"], len(parts["entries"]))
    shuffled = {**parts, "rounds": rounds, "entries": entries}
    season, other = build(parts), build(shuffled)
    for classification in CLASSIFICATIONS:
        assert history(other, classification) == history(season, classification)


@SETTINGS
@given(parts=seasons())
def test_dropping_scores_never_adds_points(parts: dict[str, Any]) -> None:
    parts = {**parts, "drops": parts["drops"] or 1}
    with_drops, without = build(parts), build(parts, drops=False)
    for classification in CLASSIFICATIONS:
        for kept, full in zip(
            podium.standings_history(with_drops, classification),
            podium.standings_history(without, classification),
            strict=True,
        ):
            every = {r.competitor: r.points for r in full.rows}
            for row in kept.rows:
                assert row.points <= every.get(row.competitor, Fraction(0))
                assert sum(s.points for s in row.rounds if not s.dropped) == row.points


@SETTINGS
@given(parts=seasons())
def test_a_team_scores_what_its_counted_cars_score(parts: dict[str, Any]) -> None:
    season = build(parts, bonus=False, drops=False)
    team_of = {e.drivers[0]: e.team for e in parts["entries"]}
    nominated = {e.drivers[0] for e in parts["entries"] if "nominated" in e.flags}
    drivers = totals(season, "drivers")
    sessions = {(r.number, s.id) for r in parts["rounds"] for s in r.sessions}

    def summed(members: set[str]) -> dict[str, Fraction]:
        out: dict[str, Fraction] = {}
        for d, p in drivers.items():
            if d in members and p:
                out[team_of[d] or ""] = out.get(team_of[d] or "", Fraction(0)) + p
        return out

    assert {t: p for t, p in totals(season, "teams").items() if p} == summed(set(team_of))
    assert {t: p for t, p in totals(season, "nominated").items() if p} == summed(nominated)
    per_driver = by_session(season, "drivers")
    for best, classification in ((1, "best1"), (2, "best2")):
        per_team = by_session(season, classification)
        for team in ("t1", "t2", "t3"):
            members = [d for d, t in team_of.items() if t == team]
            for key in sessions:
                cars = sorted(per_driver.get(d, {}).get(key, Fraction(0)) for d in members)
                scored = per_team.get(team, {}).get(key, Fraction(0))
                assert scored == sum(cars[-best:], Fraction(0))


@SETTINGS
@given(parts=seasons())
def test_a_race_hands_out_its_scale_over_the_classified_places(parts: dict[str, Any]) -> None:
    season = build(parts, bonus=False, drops=False)
    per_driver = by_session(season, "drivers")
    for rnd in parts["rounds"]:
        for s in rnd.sessions:
            scale = parts["race"] if s.id == "race" else parts["sprint"]
            places = sum(1 for r in s.results if r.classified)
            handed = sum(p.get((rnd.number, s.id), Fraction(0)) for p in per_driver.values())
            assert handed == sum(scale[:places])


@SETTINGS
@given(parts=seasons())
def test_standings_after_a_round_ignore_later_rounds(parts: dict[str, Any]) -> None:
    season = build(parts)
    rounds: list[Round] = parts["rounds"]
    for classification in ("drivers", "best1"):
        tables = podium.standings_history(season, classification)
        for n in range(1, len(rounds) + 1):
            later_unheld = [
                r
                if r.number <= n
                else replace(
                    r,
                    status=RoundStatus.SCHEDULED,
                    sessions=tuple(replace(s, results=()) for s in r.sessions),
                )
                for r in rounds
            ]
            cut = build({**parts, "rounds": later_unheld})
            alone = podium.standings(cut, classification, after_round=n).as_dict()
            assert alone == podium.standings(season, classification, after_round=n).as_dict()
            assert alone == tables[n - 1].as_dict()
