"""Bounds first: each competitor's best and worst reachable record, and what they settle.

A competitor's record depends only on the places its own cars hold. Its best record is
every car of its home first (and the bonuses); its worst, none of them finishing. Points
never fall (drops keep the best N: more results never lower that), countback counts never
fall, so:

- the best place x can reach is its place when x takes its best record and everyone else
  their worst: exact, as that one outcome is allowed (nobody else finishing is an outcome);
- y can pass x only if y's best record beats x's worst; the worst place x can fall to is
  at most 1 + the number of such y, and at least what a witness outcome reaches (a greedy
  one here). Where they differ, the solver decides.

None of this holds for two competitors sharing a car still to race (one crew, one place):
those go to the solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from podium.scenarios.outcome import (
    Outcome,
    Record,
    beats,
    best_for,
    current_record,
    final_record,
)
from podium.scenarios.outlook import Outlook


@dataclass(slots=True)
class Extremes:
    """Every competitor's best and worst final record."""

    best: list[Record]
    worst: list[Record]
    shared: set[int]  # competitors who share a car still to race with someone else

    @property
    def max_points(self) -> list[Fraction]:
        return [r.points for r in self.best]


def extremes(outlook: Outlook) -> Extremes:
    n = len(outlook.competitors)
    shared: set[int] = set()
    for session in outlook.sessions:
        for car in session.cars:
            crew = {c.competitor for c in car.crew}
            if len(crew) > 1:
                shared |= crew
    best = [final_record(outlook, i, best_for(outlook, i)) for i in range(n)]
    worst = [current_record(outlook, i) for i in range(n)]
    return Extremes(best, worst, shared)


def best_position(outlook: Outlook, ex: Extremes, x: int, ties: bool) -> int:
    """The best place x can finish: x at its best, everyone else at their worst."""
    return 1 + sum(
        1
        for y in range(len(ex.best))
        if y != x and beats(outlook, ex.worst[y], ex.best[x], y, x, ties)
    )


def can_pass(outlook: Outlook, ex: Extremes, y: int, x: int, ties: bool) -> bool:
    """Whether y, at its best, finishes ahead of x at its worst."""
    return beats(outlook, ex.best[y], ex.worst[x], y, x, ties)


def surely_ahead(outlook: Outlook, ex: Extremes, y: int, x: int, ties: bool) -> bool:
    """Whether y, at its worst, is still ahead of x at its best: in every outcome."""
    return beats(outlook, ex.worst[y], ex.best[x], y, x, ties)


def greedy_worst(outlook: Outlook, ex: Extremes, x: int, ties: bool) -> int:
    """A place x can certainly fall to: x's cars do not finish, and competitors who could
    pass x are given places in turn, each the fewest that take it past x (two orders tried:
    the furthest behind first, and the closest first)."""
    n = len(ex.best)
    already = [
        y for y in range(n) if y != x and beats(outlook, ex.worst[y], ex.worst[x], y, x, ties)
    ]
    chasing = [
        y
        for y in range(len(ex.best))
        if y != x and y not in already and can_pass(outlook, ex, y, x, ties)
    ]
    if not chasing:
        return 1 + len(already)
    behind = sorted(chasing, key=lambda y: ex.worst[y].points)
    most = 0
    for order in (behind, behind[::-1]):
        most = max(most, _fill(outlook, ex, x, order, ties))
        if most == len(chasing):
            break
    return 1 + len(already) + most


def _fill(outlook: Outlook, ex: Extremes, x: int, order: list[int], ties: bool) -> int:
    outcome = Outcome.empty(outlook)
    passed = 0
    for y in order:
        trial = outcome.copy()
        mine: list[tuple[int, int]] = []  # (session, car) placed for y, in placing order
        for s, session in enumerate(outlook.sessions):
            for k, car in enumerate(session.cars):
                room = len(trial.orders[s]) < session.places
                if room and any(c.competitor == y for c in car.crew):
                    trial.orders[s].append(k)
                    mine.append((s, k))
                    for j, bonus in enumerate(session.bonuses):
                        if bonus.holder == "any" and trial.bonuses[s][j] is None:
                            top = bonus.top or session.places
                            if len(trial.orders[s]) <= top:
                                trial.bonuses[s][j] = k
        if not beats(outlook, final_record(outlook, y, trial), ex.worst[x], y, x, ties):
            continue
        # Give back what y does not need, the least valuable places first.
        placed = trial
        values = {
            (s, k): outlook.sessions[s].worth_of(placed.orders[s].index(k) + 1) for s, k in mine
        }
        for s, k in sorted(mine, key=values.__getitem__):
            if trial.orders[s][-1] != k:
                continue  # only the last place of a session can be given back, no gaps
            smaller = trial.copy()
            smaller.orders[s].pop()
            smaller.bonuses[s] = [None if h == k else h for h in smaller.bonuses[s]]
            if beats(outlook, final_record(outlook, y, smaller), ex.worst[x], y, x, ties):
                trial = smaller
        outcome = trial
        passed += 1
    return passed


def points_needed(outlook: Outlook, y: int, target: Fraction) -> Fraction:
    """The least future points (before drops) y must score for a counted total of `target`.

    With one drop block over the season (best N), if j future scores end up counted they
    replace y's weakest counted past ones, so y needs at least target - (its best N - j past
    scores); the least of these over j is a bound the solver's relaxation can use. Elsewhere
    (no drops, or blocks) the plain shortfall.
    """
    c = outlook.competitors[y]
    now = current_record(outlook, y).points
    plain = max(Fraction(0), target - now)
    blocks = outlook.blocks
    if len(blocks) != 1 or blocks[0].rounds is not None:
        return plain
    future_units = {s.unit for s in outlook.sessions}
    if future_units & set(c.past):
        return plain  # a unit under way: its past and future points add up
    best = blocks[0].best
    past = sorted(c.past.values(), reverse=True)
    prefix = [Fraction(0)]
    for v in past:
        prefix.append(prefix[-1] + v)
    options = [
        target - c.offset - prefix[min(best - j, len(past))]
        for j in range(1, min(best, len(future_units)) + 1)
    ]
    return max(plain, min(options, default=plain), Fraction(0))
