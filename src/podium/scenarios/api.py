"""`podium.scenarios`: who can still win a classification, who has clinched it, the best and
worst place each competitor can still finish, and what the leaders need next time out.

Answers are exact under the rules, or None where the solver could not settle them in its
time limit or a rule is not looked ahead at (docs/scenarios.md): never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from podium.errors import NotFound
from podium.model.season import Season
from podium.scenarios.bounds import (
    Extremes,
    best_position,
    can_pass,
    extremes,
    greedy_worst,
    points_needed,
)
from podium.scenarios.budget import Budget
from podium.scenarios.needs import Need, needs_for
from podium.scenarios.outcome import beats, best_for, final_records, position
from podium.scenarios.outlook import Outlook, outlook
from podium.standings import format_points

DEFAULT_TIME_LIMIT = 10.0  # seconds, for the whole question; each solve gets a share
POSITIONS_SHARE = 0.6  # of it for the places; the rest for the needs


@dataclass(frozen=True, slots=True)
class ContenderOutlook:
    """One competitor's prospects. None: undecided."""

    id: str
    name: str
    points: Fraction
    position: int | None  # in the table now (None: not listed yet)
    can_win: bool | None
    best_position: int | None
    worst_position: int | None
    max_points: Fraction

    def as_dict(self, decimals: int = 2) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "position": self.position,
            "points": format_points(self.points, decimals),
            "can_win": self.can_win,
            "best_position": self.best_position,
            "worst_position": self.worst_position,
            "max_points": format_points(self.max_points, decimals),
        }


@dataclass(frozen=True, slots=True)
class Scenarios:
    series: str
    season: int
    classification: str
    classification_name: str
    after_round: int
    after_session: str | None
    rounds_left: int
    next_round: int | None
    clinched_by: str | None
    standings: tuple[ContenderOutlook, ...]
    needs: tuple[Need, ...]
    undecided_rules: tuple[str, ...]  # rules read only in part: why some answers are None
    decimals: int = 2

    def contender(self, competitor: str) -> ContenderOutlook:
        for c in self.standings:
            if c.id == competitor:
                return c
        raise NotFound(f"no competitor {competitor!r} in {self.classification}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "season": self.season,
            "classification": self.classification,
            "classification_name": self.classification_name,
            "after_round": self.after_round,
            "after_session": self.after_session,
            "rounds_left": self.rounds_left,
            "next_round": self.next_round,
            "clinched_by": self.clinched_by,
            "standings": [c.as_dict(self.decimals) for c in self.standings],
            "needs": [n.as_dict() for n in self.needs],
            "undecided_rules": list(self.undecided_rules),
        }


def scenarios(
    season: Season,
    classification: str,
    after_round: int | None = None,
    after_session: str | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    needs: bool = True,
    workers: int = 1,
    worst: bool = True,
) -> Scenarios:
    """Who can still win `classification` after `after_round` (default: the last held), or
    after its session `after_session`; `time_limit`: seconds the solver may take in all.

    `needs=False`: no needs worked out; `worst=False`: worst places not worked out (None),
    for a quick answer (who can win, clinched, best places and most points come from bounds
    alone unless a car still to race is shared); `workers`: the solver's threads."""
    target = season.last_held_round() if after_round is None else after_round
    o = outlook(season, classification, target, after_session)
    budget = Budget(time_limit * POSITIONS_SHARE, workers)
    ex = extremes(o)
    n = len(o.competitors)
    modes = (False, True) if o.tail == "unknown" else (False,)
    rows: list[ContenderOutlook] = []
    wins: list[bool | None] = []
    for x in range(n):
        bests = [_best(o, ex, x, ties, budget) for ties in modes]
        lo, hi = bests[0], bests[-1]
        best = lo if lo is not None and lo == hi else None
        can_win: bool | None = None
        if hi == 1:
            can_win = True
        elif lo is not None and lo > 1:
            can_win = False
        worsts = [_worst(o, ex, x, ties, budget) for ties in modes] if worst else [None]
        lowest = worsts[0] if worsts[0] is not None and worsts[0] == worsts[-1] else None
        wins.append(can_win)
        c = o.competitors[x]
        rows.append(
            ContenderOutlook(
                id=c.id,
                name=c.name,
                points=c.points,
                position=c.position,
                can_win=can_win,
                best_position=best,
                worst_position=lowest,
                max_points=ex.max_points[x],
            )
        )
    clinched = None
    winners = [x for x in range(n) if wins[x] is not False]
    if len(winners) == 1 and wins[winners[0]] is True:
        clinched = o.competitors[winners[0]].id
    # Listed now, or not yet listed but still able to win: the rest could not matter.
    shown = tuple(r for r in rows if r.position is not None or r.can_win is not False)
    found: tuple[Need, ...] = ()
    if needs and clinched is None and o.next_round is not None:
        later = Budget(time_limit * (1 - POSITIONS_SHARE), workers)
        found = tuple(needs_for(season, o, ex, wins, later))
    return Scenarios(
        series=season.series.id,
        season=season.year,
        classification=o.classification.id,
        classification_name=o.classification.name,
        after_round=target,
        after_session=after_session,
        rounds_left=o.rounds_left,
        next_round=o.next_round,
        clinched_by=clinched,
        standings=shown,
        needs=found,
        undecided_rules=tuple(dict.fromkeys(o.limits)),
        decimals=o.classification.decimals,
    )


def _best(o: Outlook, ex: Extremes, x: int, ties: bool, budget: Budget) -> int | None:
    bound = best_position(o, ex, x, ties)  # never better than this, shared car or not
    if x not in ex.shared:
        return bound
    # A co-driver scores with x: x at its best and nobody else finishing is still an outcome,
    # if perhaps not x's best one; where it reaches the bound, that is the answer.
    witness = position(o, final_records(o, best_for(o, x)), x, ties)
    if witness == bound:
        return bound
    model = budget.model(o)
    if model is None:
        return None
    others = [y for y in range(len(o.competitors)) if y != x]
    ahead = [model.ahead(y, x, ties) for y in others]
    most = model.maximum([1 - a for a in ahead])  # type: ignore[misc]
    return None if most is None else 1 + len(others) - most


def _worst(o: Outlook, ex: Extremes, x: int, ties: bool, budget: Budget) -> int | None:
    n = len(o.competitors)
    if x in ex.shared:
        model = budget.model(o)
        if model is None:
            return None
        most = model.maximum([model.ahead(y, x, ties) for y in range(n) if y != x])
        return None if most is None else 1 + most
    already = [y for y in range(n) if y != x and _beats_now(o, ex, y, x, ties)]
    chasing = [y for y in range(n) if y != x and y not in already and can_pass(o, ex, y, x, ties)]
    ceiling = 1 + len(already) + _room(o, ex, chasing, x)
    reached = greedy_worst(o, ex, x, ties)
    if reached == ceiling:
        return reached
    model = budget.model(o)
    if model is None:
        return None
    for s, session in enumerate(o.sessions):
        for k, car in enumerate(session.cars):
            if any(c.competitor == x for c in car.crew):
                for var in model.place[s][k]:
                    model.m.add(var == 0)  # x at its worst: fewest places ahead of it
    passes = []
    for y in chasing:
        passes.append(model.ahead(y, x, ties))
        model.needs_at_least(y, o.units(points_needed(o, y, ex.worst[x].points)), passes[-1])
        model.reaches(y, o.units(ex.worst[x].points), passes[-1])
    most = model.maximum(passes)
    if most is None:
        return None
    return 1 + len(already) + most


def _room(o: Outlook, ex: Extremes, chasing: list[int], x: int) -> int:
    """How many of `chasing` can pass x at most, counting points only: each needs at least
    its shortfall (drops considered), and the sessions left hand out so many points in all
    (no car shared, so no point is counted twice)."""
    if ex.shared:
        return len(chasing)
    total = sum(
        (sum(s.worth[: len(s.cars)], Fraction(0)) + sum((b.points for b in s.bonuses), Fraction(0)))
        for s in o.sessions
    )
    needs = sorted(points_needed(o, y, ex.worst[x].points) for y in chasing)
    room, spent = 0, Fraction(0)
    for need in needs:
        spent += need
        if spent > total:
            break
        room += 1
    return room


def _beats_now(o: Outlook, ex: Extremes, y: int, x: int, ties: bool) -> bool:
    return beats(o, ex.worst[y], ex.worst[x], y, x, ties)
