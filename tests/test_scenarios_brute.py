"""podium.scenarios against brute force: on small random seasons, every outcome of the
sessions left is raced through the standings engine, and the answers must be the same.

Random: 3-6 drivers (one car each), one to three rounds held, one or two sessions left
(one round of two races or two rounds of one), some drivers not entered for what is left,
a points scale, a fastest-lap bonus (sometimes only for the top N), best-N drops, and a
tie-break chain of a countback (scoring places or all) then shared places or names.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import podium
from podium.model import Entry, Result, Round, RoundStatus, Season, Status
from podium.scenarios import Scenarios
from seasonkit import classified, held_round, memory_season, session


def _rules(draw: st.DrawFn, cars: int) -> dict[str, Any]:
    length = draw(st.integers(1, cars))
    scale = sorted(draw(st.lists(st.integers(1, 6), min_size=length, max_size=length)))[::-1]
    chain: list[Any] = [{"countback": draw(st.sampled_from(["scoring", "all"]))}]
    if draw(st.booleans()):
        chain.append("shared")
    drivers: dict[str, Any] = {
        "competitor": "driver",
        "scoring": [{"session": "race", "points": scale}],
        "tie_break": chain,
        "listing": "entrants",
    }
    if draw(st.booleans()):
        bonus: dict[str, Any] = {"name": "fl", "session": "race", "points": 1}
        if draw(st.booleans()):
            bonus["top"] = draw(st.integers(1, 2))
        drivers["bonuses"] = [bonus]
    if draw(st.booleans()):
        drivers["drops"] = {"best": draw(st.integers(1, 3))}
    return {"version": 1, "classifications": {"drivers": drivers}}


@st.composite
def seasons(draw: st.DrawFn) -> tuple[Season, int, list[tuple[int, str]], list[str]]:
    """A season with its held rounds, the sessions left (round, session id) and their cars."""
    n = draw(st.integers(3, 6))
    cars = [str(k) for k in range(1, n + 1)]
    held = draw(st.integers(1, 3))
    two_races = draw(st.booleans())
    left_rounds = draw(st.integers(1, 2)) if not two_races else 1
    sessions_left = 2 if two_races or left_rounds == 2 else 1
    most = 3 if sessions_left == 2 else 5
    runners = draw(st.lists(st.sampled_from(cars), min_size=1, max_size=min(most, n), unique=True))
    rules = _rules(draw, n)
    future = range(held + 1, held + 1 + left_rounds)
    entries = [
        Entry(
            car=c,
            drivers=(f"d{c}",),
            team="t",
            rounds=None if c in runners else frozenset(range(1, held + 1)),
        )
        for c in cars
    ]
    rounds: list[Round] = []
    for number in range(1, held + 1):
        order = draw(st.permutations(cars))
        finishers = draw(st.integers(1, n))
        fl = draw(st.sampled_from(cars))
        results = [
            Result(
                car=c,
                status=Status.CLASSIFIED if i < finishers else Status.DNF,
                position=i + 1 if i < finishers else None,
                fastest_lap_rank=1 if c == fl else None,
            )
            for i, c in enumerate(order)
        ]
        rounds.append(held_round(number, [session("race", "race", results)]))
    ids = ["race1", "race2"] if two_races else ["race"]
    left: list[tuple[int, str]] = []
    for number in future:
        sessions = [session(sid, "race", []) for sid in ids]
        rounds.append(
            Round(
                number=number,
                name=f"Round {number}",
                status=RoundStatus.SCHEDULED,
                folder=f"{number:02d}",
                sessions=tuple(sessions),
            )
        )
        left.extend((number, sid) for sid in ids)
    return memory_season(rules, entries, rounds), held, left, sorted(runners)


@st.composite
def cut_seasons(draw: st.DrawFn) -> tuple[Season, int, list[tuple[int, str]], list[str]]:
    """A season stopped after race 1 of its last round: race 2 is what is left."""
    n = draw(st.integers(3, 4))
    cars = [str(k) for k in range(1, n + 1)]
    held = draw(st.integers(1, 2))
    rules = _rules(draw, n)
    entries = [Entry(car=c, drivers=(f"d{c}",), team="t") for c in cars]
    rounds: list[Round] = []
    for number in range(1, held + 1):
        order = draw(st.permutations(cars))
        finishers = draw(st.integers(1, n))
        results = classified(list(order[:finishers]), [(c, Status.DNF) for c in order[finishers:]])
        races = [session("race1", "race", results)]
        if number == held:
            races.append(session("race2", "race", []))
        rounds.append(held_round(number, races))
    return memory_season(rules, entries, rounds), held, [(held, "race2")], cars


def _orders(cars: list[str]) -> Iterator[tuple[str, ...]]:
    for k in range(len(cars) + 1):
        yield from itertools.permutations(cars, k)


def _outcomes(
    season: Season, left: list[tuple[int, str]], runners: list[str]
) -> Iterator[tuple[tuple[tuple[str, ...], str | None], ...]]:
    """Every finishing order of every session left, with every fastest-lap holder."""
    per_session = []
    has_bonus = bool(season.rules.classification("drivers").bonuses)
    for _ in left:
        options = []
        for order in _orders(runners):
            holders: list[str | None] = [None, *runners] if has_bonus else [None]
            options.extend((order, h) for h in holders)
        per_session.append(options)
    yield from itertools.product(*per_session)


def _raced(season: Season, left: list[tuple[int, str]], runners: list[str], outcome: Any) -> Season:
    results: dict[tuple[int, str], tuple[Result, ...]] = {}
    for (number, sid), (order, fl) in zip(left, outcome, strict=True):
        rows = [
            Result(
                car=c, status=Status.CLASSIFIED, position=i, fastest_lap_rank=1 if c == fl else None
            )
            for i, c in enumerate(order, 1)
        ]
        rows += [
            Result(car=c, status=Status.DNF, fastest_lap_rank=1 if c == fl else None)
            for c in runners
            if c not in order
        ]
        results[(number, sid)] = tuple(rows)
    rounds = []
    for rnd in season.rounds:
        sessions = tuple(
            replace(s, results=results.get((rnd.number, s.id), s.results)) for s in rnd.sessions
        )
        rounds.append(replace(rnd, status=RoundStatus.HELD, sessions=sessions))
    return replace(season, rounds=tuple(rounds))


def _check(
    season: Season,
    held: int,
    left: list[tuple[int, str]],
    runners: list[str],
    after_session: str | None = None,
) -> None:
    answer = podium.scenarios(
        season, "drivers", after_round=held, after_session=after_session, time_limit=20
    )
    last = max(r.number for r in season.rounds)
    positions: dict[str, set[int]] = {}
    points: dict[str, set[Any]] = {}
    finals: list[tuple[Any, dict[str, int]]] = []
    for outcome in _outcomes(season, left, runners):
        table = podium.standings(_raced(season, left, runners, outcome), "drivers", last)
        placed = {r.competitor: r.position or 0 for r in table.rows}
        finals.append((outcome, placed))
        for r in table.rows:
            positions.setdefault(r.competitor, set()).add(r.position or 0)
            points.setdefault(r.competitor, set()).add(r.points)
    for c in answer.standings:
        assert c.can_win is not None and c.best_position is not None
        assert c.worst_position is not None, c
        assert c.can_win == (1 in positions[c.id]), c
        assert c.best_position == min(positions[c.id]), c
        assert c.worst_position == max(positions[c.id]), c
        assert c.max_points == max(points[c.id]), c
    champions = {cid for cid, seen in positions.items() if 1 in seen}
    assert answer.clinched_by == (next(iter(champions)) if len(champions) == 1 else None)
    _check_needs(answer, left, finals)


def _meets(condition: Any, outcome: Any, left: list[tuple[int, str]], rnd: int) -> bool:
    car = condition.competitor[1:]  # driver dN drives car N
    for (number, sid), (order, _) in zip(left, outcome, strict=True):
        if number != rnd or sid not in condition.sessions:
            continue
        place = order.index(car) + 1 if car in order else None
        inside = place is not None and place <= condition.place
        if inside != condition.within:
            return False
    return True


def _check_needs(answer: Scenarios, left: list[tuple[int, str]], finals: list[Any]) -> None:
    """Every condition offered holds: met in the next round, the goal follows."""
    for need in answer.needs:
        options = [()] if need.whatever else need.options
        for option in options:
            met = [(o, p) for o, p in finals if all(_meets(c, o, left, need.round) for c in option)]
            assert met, option  # a condition no outcome meets is no help
            if need.goal == "clinch":
                # whatever follows, nobody else can be first
                assert all(
                    p[need.competitor] == 1 and list(p.values()).count(1) == 1 for _, p in met
                ), option
            else:
                # whatever else happens in the round, some finish of the season still wins
                nxt = [i for i, (number, _) in enumerate(left) if number == need.round]
                by_round: dict[Any, bool] = {}
                for outcome, placed in met:
                    head = tuple(outcome[i] for i in nxt)
                    by_round[head] = by_round.get(head, False) or placed[need.competitor] == 1
                assert all(by_round.values()), option


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(seasons())
def test_answers_equal_every_outcome_raced(case: Any) -> None:
    season, held, left, runners = case
    _check(season, held, left, runners)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cut_seasons())
def test_after_a_session_answers_equal_every_outcome_raced(case: Any) -> None:
    season, held, left, runners = case
    _check(season, held, left, runners, after_session="race1")
