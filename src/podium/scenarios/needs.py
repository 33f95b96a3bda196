"""What each contender needs next time out, as a person would say it, each checked exactly.

For the next round only. The leader who can clinch there gets the simplest sufficient
conditions found: "whatever happens"; "if X finishes k-th or better in each race" (the
largest k that is enough); "if none of Y, Z finishes in the top k of any race" (the
smallest k). A contender who can be knocked out there gets "stays in contention if Y
finishes k-th or better in each race". Every condition offered is proved sufficient by the
solver over every outcome of the round, the rounds after it taken at their worst for the
one who needs it (a rival at their best): a condition the solver cannot prove in time is
left out, never offered on a guess.

Structured only: the words are in podium.reports.scenario_words (English, Swedish, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from podium.model.season import Season
from podium.scenarios.bounds import Extremes, extremes
from podium.scenarios.budget import Budget
from podium.scenarios.outcome import (
    Outcome,
    Record,
    beats,
    best_for,
    current_record,
    future_scores,
)
from podium.scenarios.outlook import Competitor, FutureSession, Outlook

Goal = Literal["clinch", "stay_in_contention"]


@dataclass(frozen=True, slots=True)
class Condition:
    """One competitor's places in the round's sessions: `place` or better in each of them
    (`within`), or outside the top `place` in every one of them."""

    competitor: str
    name: str
    sessions: tuple[str, ...]
    session_names: tuple[str, ...]
    place: int
    within: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "competitor": self.competitor,
            "name": self.name,
            "sessions": list(self.sessions),
            "place": self.place,
            "within": self.within,
        }


@dataclass(frozen=True, slots=True)
class Need:
    """`competitor` reaches `goal` at round `round` whatever happens (`whatever`), or if all
    the conditions of any one of `options` hold."""

    competitor: str
    name: str
    goal: Goal
    round: int
    round_name: str
    whatever: bool
    options: tuple[tuple[Condition, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "competitor": self.competitor,
            "name": self.name,
            "goal": self.goal,
            "round": self.round,
            "round_name": self.round_name,
            "whatever": self.whatever,
            "options": [[c.as_dict() for c in option] for option in self.options],
        }


def needs_for(
    season: Season, o: Outlook, ex: Extremes, wins: list[bool | None], budget: Budget
) -> list[Need]:
    """The needs of the contenders at the next round (structured; see the module)."""
    if o.next_round is None or any(x in ex.shared for x in range(len(wins))):
        return []
    now = [s for s, session in enumerate(o.sessions) if session.round == o.next_round]
    later = [s for s in range(len(o.sessions)) if s not in now]
    round_name = season.round(o.next_round).name
    contenders = [x for x, w in enumerate(wins) if w is not False]
    if any(w is None for w in wins):
        return []  # who is still in it is not settled: no condition can be proved
    ctx = _Context(o, now, later, budget)
    out: list[Need] = []
    leader = next((x for x in contenders if o.competitors[x].position == 1), None)
    for x in contenders:
        rivals = [y for y in contenders if y != x]
        if x == leader and rivals and ctx.can_clinch(x, rivals):
            need = ctx.clinch(x, rivals)
            if need is not None:
                out.append(_named(season, o, need, o.next_round, round_name))
        elif x != leader and ctx.can_be_knocked_out(x):
            need = ctx.stay(x)
            if need is not None:
                out.append(_named(season, o, need, o.next_round, round_name))
    return out


@dataclass(frozen=True, slots=True)
class _Found:
    competitor: int
    goal: Goal
    whatever: bool
    options: tuple[tuple[tuple[int, int, bool], ...], ...]  # (competitor, place, within)


def _named(season: Season, o: Outlook, found: _Found, rnd: int, round_name: str) -> Need:
    sessions = [s for s in o.sessions if s.round == rnd and s.worth]

    def condition(who: int, place: int, within: bool) -> Condition:
        c = o.competitors[who]
        mine = [s for s in sessions if _has_car(s, who)]
        return Condition(
            competitor=c.id,
            name=c.name,
            sessions=tuple(s.session for s in mine),
            session_names=tuple(s.name for s in mine),
            place=place,
            within=within,
        )

    c = o.competitors[found.competitor]
    return Need(
        competitor=c.id,
        name=c.name,
        goal=found.goal,
        round=rnd,
        round_name=round_name,
        whatever=found.whatever,
        options=tuple(tuple(condition(*a) for a in option) for option in found.options),
    )


def fold(o: Outlook, keep: list[int], extra: dict[int, Record]) -> Outlook:
    """The outlook with only sessions `keep` still to run and `extra` scores already in."""
    competitors: list[Competitor] = []
    for i, c in enumerate(o.competitors):
        more = extra.get(i)
        if more is None:
            competitors.append(c)
            continue
        past = dict(c.past)
        for u, v in more.units.items():
            past[u] = past.get(u, Fraction(0)) + v
        counts = tuple(a + b for a, b in zip(c.counts, more.counts, strict=True))
        competitors.append(replace(c, past=past, counts=counts))
    return replace(o, competitors=competitors, sessions=[o.sessions[s] for s in keep])


class _Context:
    def __init__(self, o: Outlook, now: list[int], later: list[int], budget: Budget) -> None:
        self.o = o
        self.now = now
        self.later = later
        self.rest = fold(o, later, {})
        self.budget = budget
        self.scoring = [s for s in now if o.sessions[s].worth]
        self.extremes = extremes(o)

    def _best_later(self, who: int) -> Record:
        return future_scores(self.rest, best_for(self.rest, who), only=who)[who]

    def _after(self, outcome_now: Outcome) -> Outlook:
        """The outlook after the round ended as `outcome_now` (over the `now` sessions)."""
        today = fold(self.o, self.now, {})
        scores = future_scores(today, outcome_now)
        return fold(self.o, self.later, dict(enumerate(scores)))

    def can_clinch(self, x: int, rivals: list[int]) -> bool:
        """Whether some outcome of the round (x at its best, nobody else finishing) clinches."""
        today = fold(self.o, self.now, {})
        after = self._after(best_for(today, x))
        ex = extremes(after)
        return all(beats(after, ex.worst[x], ex.best[y], x, y, False) for y in rivals)

    def can_be_knocked_out(self, x: int) -> bool:
        """Whether x, scoring nothing in the round, can be out of it after: some rival at its
        best in the round then stays ahead of x's best."""
        today = fold(self.o, self.now, {})
        for y in range(len(self.o.competitors)):
            if y == x:
                continue
            after = self._after(best_for(today, y))
            ex = extremes(after)
            if beats(after, ex.worst[y], ex.best[x], y, x, True):
                return True
        return False

    def _holds(
        self, target: int, against: list[int], conditions: list[tuple[int, int, bool]], goal: Goal
    ) -> bool | None:
        """Whether the conditions on the round guarantee the goal for `target`: no outcome
        of the round meeting them lets any of `against` spoil it: for a clinch, finish level
        or ahead, at their best afterwards; to stay in contention, finish ahead of the target
        at its best afterwards."""
        for y in against:
            if goal == "clinch":
                folded = fold(self.o, self.now, {y: self._best_later(y)})
            else:
                folded = fold(self.o, self.now, {target: self._best_later(target)})
            from podium.scenarios.solver import Place  # OR-Tools only when solving

            model = self.budget.model(folded)
            if model is None:
                return None
            for who, place, within in conditions:
                for s, session in enumerate(folded.sessions):
                    if session.worth and _has_car(session, who):
                        model.require(Place(who, s, place, within))
            if goal == "clinch":
                # y level with the target (a shared first place) is not clinched either
                spoiler = model.ahead(target, y, False).negated()
            else:
                spoiler = model.ahead(y, target, True)
            verdict = model.feasible([spoiler])
            if verdict is None:
                return None
            if verdict:
                return False
        return True

    def _places(self, who: int) -> int:
        sessions = [self.o.sessions[s] for s in self.scoring if _has_car(self.o.sessions[s], who)]
        return min((len(s.worth) for s in sessions), default=0)

    def clinch(self, x: int, rivals: list[int]) -> _Found | None:
        if self._holds(x, rivals, [], "clinch"):
            return _Found(x, "clinch", True, ())
        options: list[tuple[tuple[int, int, bool], ...]] = []
        for k in range(self._places(x), 0, -1):
            if self._holds(x, rivals, [(x, k, True)], "clinch"):
                options.append(((x, k, True),))
                break
        width = max((self._places(y) for y in rivals), default=0)
        for k in range(1, width + 1):
            conditions = [(y, k, False) for y in rivals if self._places(y)]
            if conditions and self._holds(x, rivals, conditions, "clinch"):
                options.append(tuple(conditions))
                break
        return _Found(x, "clinch", False, tuple(options)) if options else None

    def stay(self, x: int) -> _Found | None:
        others = [y for y in range(len(self.o.competitors)) if y != x and self._threat(y, x)]
        for k in range(self._places(x), 0, -1):
            if self._holds(x, others, [(x, k, True)], "stay_in_contention"):
                return _Found(x, "stay_in_contention", False, (((x, k, True),),))
        return None

    def _threat(self, y: int, x: int) -> bool:
        """Whether y at its very best could be ahead of x at its best after the round."""
        folded = fold(self.o, [], {x: self._best_later(x)})
        return beats(folded, self.extremes.best[y], current_record(folded, x), y, x, True)


def _has_car(session: FutureSession, who: int) -> bool:
    return any(c.competitor == who for car in session.cars for c in car.crew)
