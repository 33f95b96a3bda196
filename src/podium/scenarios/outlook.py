"""Where a championship stands and what is still to race, in the terms the solver uses.

Built from the standings engine's table after round N (or one of its sessions) and from the
rules: every competitor's scores so far (per unit that drops may discard), the records the
tie-break chain reads, and each session still to run with the cars that can start it and
what each place and bonus is worth. Points are whole numbers of 1/D, as in the engine.

Nothing here knows a series: it is all read from the rules and the season data.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Literal

from podium.collation import name_key
from podium.errors import NotFound
from podium.model.calendar import Round
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.model.session import Session
from podium.rules.model import ClassificationRules, ScoringItem, TieStep
from podium.standings import StandingsTable, standings
from podium.standings.engine import counts_back
from podium.standings.scoring import (
    competitors_of,
    score_round,
    session_rules,
)

Unit = tuple[int, str]  # (round, session id); a round unit uses session id ""
# How a tie still level after every step the solver can encode is settled: by name (no
# `shared` step), as a shared place, or by a step the solver cannot see ahead (undecided).
Tail = Literal["name", "shared", "unknown"]


@dataclass(frozen=True, slots=True)
class CountStep:
    """A countback step: how often each place 1..places was held, in the sessions it reads."""

    places: int
    scoring_only: bool
    step: TieStep


@dataclass(frozen=True, slots=True)
class Crew:
    """Who a car scores for: competitor index and share of the car's points."""

    competitor: int
    share: Fraction


@dataclass(frozen=True, slots=True)
class FutureCar:
    car: str
    crew: tuple[Crew, ...]  # empty: a car that takes places but scores for no one here


@dataclass(frozen=True, slots=True)
class FutureBonus:
    name: str
    points: Fraction
    holder: Literal["any", "first"]  # "first": whoever holds place 1 (best placed)
    top: int | None  # the holder must finish in the top N


@dataclass(frozen=True, slots=True)
class FutureSession:
    round: int
    session: str
    name: str
    places: int  # how many places are modelled (scoring places, bonus tops, countback)
    worth: tuple[Fraction, ...]  # points of place 1.., after the round's overrides
    cars: tuple[FutureCar, ...]
    bonuses: tuple[FutureBonus, ...]
    counts: tuple[bool, ...]  # per count step: whether its places enter it
    best: int | None  # an organisation's best N cars count (None: every car)
    unit: Unit  # what drops discard this session's points with

    def worth_of(self, place: int) -> Fraction:
        return self.worth[place - 1] if place <= len(self.worth) else Fraction(0)


@dataclass(frozen=True, slots=True)
class Competitor:
    id: str
    name: str
    points: Fraction  # in the table now
    position: int | None
    past: dict[Unit, Fraction]  # scores per droppable unit so far
    offset: Fraction  # deductions and the like: table points minus counted unit scores
    counts: tuple[Counter[int], ...]  # per count step: places held so far


@dataclass(frozen=True, slots=True)
class Block:
    rounds: frozenset[int] | None
    best: int


@dataclass(slots=True)
class Outlook:
    classification: ClassificationRules
    table: StandingsTable
    competitors: list[Competitor]
    sessions: list[FutureSession]
    blocks: tuple[Block, ...]  # drops: best N per block of rounds (empty: all count)
    steps: tuple[CountStep, ...]
    tail: Tail
    rounds_left: int
    next_round: int | None
    unit: int  # D: every score is a whole number of 1/D
    # Why some answers may be undecided: rules the solver reads only partly.
    limits: list[str] = field(default_factory=list)
    name_rank: dict[int, int] = field(default_factory=dict)  # index -> order by name
    _sessions_of: dict[int, set[int]] | None = field(default=None, init=False, repr=False)

    def sessions_of(self, competitor: int) -> set[int]:
        """Indices of the sessions left in which `competitor` has a car (worked out once)."""
        if self._sessions_of is None:
            index: dict[int, set[int]] = {}
            for s, session in enumerate(self.sessions):
                for car in session.cars:
                    for crew in car.crew:
                        index.setdefault(crew.competitor, set()).add(s)
            self._sessions_of = index
        return self._sessions_of.get(competitor, set())

    def index(self, competitor: str) -> int:
        for i, c in enumerate(self.competitors):
            if c.id == competitor:
                return i
        raise NotFound(f"no competitor {competitor!r} in {self.classification.id}")

    def units(self, value: Fraction) -> int:
        scaled = value * self.unit
        if scaled.denominator != 1:  # the unit is built as a multiple of every denominator
            raise ValueError(f"{value} is not a whole number of 1/{self.unit}")
        return scaled.numerator

    def cars_of(self, competitor: int) -> list[tuple[int, int, Fraction]]:
        """(session index, car index, share) of every future car scoring for `competitor`."""
        return [
            (s, k, crew.share)
            for s, session in enumerate(self.sessions)
            for k, car in enumerate(session.cars)
            for crew in car.crew
            if crew.competitor == competitor
        ]

    def shares_cars(self, a: int, b: int) -> bool:
        """Whether two competitors score from one and the same future car (a shared drive)."""
        for session in self.sessions:
            for car in session.cars:
                crew = {c.competitor for c in car.crew}
                if a in crew and b in crew:
                    return True
        return False


def _unit_of(rules: ClassificationRules, round_number: int, session: str) -> Unit:
    if rules.drops is not None and rules.drops.unit == "session":
        return (round_number, session)
    return (round_number, "")


def outlook(
    season: Season, classification: str, after_round: int, after_session: str | None = None
) -> Outlook:
    """The state after `after_round` (or its session `after_session`) and the sessions left."""
    rules = season.rules.classification(classification)
    table = standings(season, classification, after_round=after_round, after_session=after_session)
    limits: list[str] = []
    blocks = _blocks(rules, limits)
    steps, tail = _steps(rules, limits)
    future_rounds = _future_rounds(season, after_round, after_session)
    ids = [r.competitor for r in table.rows if r.position is not None]
    excluded = {r.competitor for r in table.rows if r.position is None}
    index = {cid: i for i, cid in enumerate(ids)}

    def competitor_index(cid: str) -> int | None:
        if cid in excluded:
            return None
        if cid not in index:
            index[cid] = len(ids)
            ids.append(cid)
        return index[cid]

    sessions: list[FutureSession] = []
    for rnd, only in future_rounds:
        for session in rnd.sessions:
            if only is not None and session.id not in only:
                continue
            made = _future_session(season, rules, rnd, session, steps, competitor_index, limits)
            if made is not None:
                sessions.append(made)
    counts = _past_counts(season, rules, steps, after_round, after_session)
    competitors: list[Competitor] = []
    for cid in ids:
        row = table.row(cid)
        past: dict[Unit, Fraction] = {}
        if row is not None:
            for rs in row.rounds:
                if rules.drops is not None and rules.drops.unit == "session":
                    for sid, pts in rs.sessions.items():
                        past[(rs.round, sid)] = past.get((rs.round, sid), Fraction(0)) + pts
                else:
                    past[(rs.round, "")] = rs.points
        points = row.points if row is not None else Fraction(0)
        offset = points - counted_total(blocks, past)
        competitors.append(
            Competitor(
                id=cid,
                name=season.competitor_name(cid),
                points=points,
                position=row.position if row is not None else None,
                past=past,
                offset=offset,
                counts=tuple(counts.get(cid) or [Counter() for _ in steps]),
            )
        )
    unit = 1
    for c in competitors:
        for value in (c.points, c.offset, *c.past.values()):
            unit = math.lcm(unit, value.denominator)
    for s in sessions:
        for car in s.cars:
            for crew in car.crew:
                for worth in (*s.worth, *(b.points for b in s.bonuses)):
                    unit = math.lcm(unit, (worth * crew.share).denominator)
    order = sorted(range(len(competitors)), key=lambda i: (name_key(competitors[i].name), ids[i]))
    future_round_numbers = sorted({r.number for r, _ in future_rounds})
    return Outlook(
        classification=rules,
        table=table,
        competitors=competitors,
        sessions=sessions,
        blocks=blocks,
        steps=steps,
        tail=tail,
        rounds_left=sum(1 for r, only in future_rounds if only is None),
        next_round=future_round_numbers[0] if future_round_numbers else None,
        unit=unit,
        limits=limits,
        name_rank={i: k for k, i in enumerate(order)},
    )


def counted_total(blocks: tuple[Block, ...], scores: dict[Unit, Fraction]) -> Fraction:
    """The sum that counts: best N per block of rounds, every unit in no block."""
    if not blocks:
        return sum(scores.values(), Fraction(0))
    total = Fraction(0)
    seen: set[Unit] = set()
    for block in blocks:
        inside = [u for u in scores if block.rounds is None or u[0] in block.rounds]
        seen.update(inside)
        best = sorted((scores[u] for u in inside), reverse=True)[: block.best]
        total += sum(best, Fraction(0))
    return total + sum((v for u, v in scores.items() if u not in seen), Fraction(0))


def _blocks(rules: ClassificationRules, limits: list[str]) -> tuple[Block, ...]:
    if rules.drops is None:
        return ()
    blocks = tuple(Block(b.rounds, b.best) for b in rules.drops.blocks)
    covered: set[int] = set()
    for b in blocks:
        if (b.rounds is None and len(blocks) > 1) or (b.rounds and b.rounds & covered):
            limits.append("drop blocks overlap: totals are read as disjoint blocks")
        covered |= b.rounds or set()
    return blocks


def _steps(rules: ClassificationRules, limits: list[str]) -> tuple[tuple[CountStep, ...], Tail]:
    """The tie-break steps the solver encodes (countbacks), and how a tie after them ends."""
    steps: list[CountStep] = []
    for step in rules.tie_break:
        if step.kind == "shared":
            return tuple(steps), "shared"
        if step.kind == "countback" and not step.all_cars:
            steps.append(CountStep(step.max_place or 0, step.places == "scoring", step))
            continue
        limits.append(
            f"tie-break step {step.kind!r} is not looked ahead: a tie it would settle is undecided"
        )
        return tuple(steps), "unknown"
    return tuple(steps), "name"


def _future_rounds(
    season: Season, after_round: int, after_session: str | None
) -> list[tuple[Round, set[str] | None]]:
    """Rounds still to run on the calendar; with `after_session`, the rest of that round."""
    out: list[tuple[Round, set[str] | None]] = []
    for rnd in season.rounds:
        if not rnd.on_calendar(None):
            continue
        if rnd.number == after_round and after_session is not None:
            ids = [s.id for s in rnd.sessions]
            rest = set(ids[ids.index(after_session) + 1 :])
            if rest:
                out.append((rnd, rest))
        elif rnd.number > after_round:
            out.append((rnd, None))
    return out


def _future_session(
    season: Season,
    rules: ClassificationRules,
    rnd: Round,
    session: Session,
    steps: tuple[CountStep, ...],
    index: Callable[[str], int | None],
    limits: list[str],
) -> FutureSession | None:
    if session.cancelled:
        return None
    sr = session_rules(rules, rnd.number, session)
    if sr is None:
        return None
    worth = tuple(p * sr.factor for p in sr.scale) if sr.item is not None else ()
    bonuses: list[FutureBonus] = []
    if sr.bonuses:
        for rule in rules.bonuses:
            if not rule.session.matches(session):
                continue
            points = rule.points * sr.factor
            if rule.holder == "best_placed" and rule.award is None:
                if rule.among == "eligible":
                    limits.append(f"bonus {rule.name!r} among eligible cars is read as place 1's")
                bonuses.append(FutureBonus(rule.name, points, "first", rule.top))
            else:
                bonuses.append(FutureBonus(rule.name, points, "any", rule.top))
    by_eligible = sr.item is not None and sr.item.basis == "eligible"
    cars: list[FutureCar] = []
    entered = sorted({e.car for e in season.entries if e.runs_in(rnd.number)}, key=name_key)
    for car in entered:
        entry = season.entry_for(car, rnd.number)
        if entry is None:
            continue
        if not rules.eligibility.admits(entry):
            if not by_eligible:
                cars.append(FutureCar(car, ()))  # takes places from those who score
            continue
        crew_ids = competitors_of(rules, entry, Result(car=car, status=Status.CLASSIFIED))
        nominated = rules.competitor in ("driver", "car") or rules.cars.flag is None
        if not nominated and rules.cars.flag not in entry.flags:
            crew_ids = ()
        n = len(crew_ids)
        if rules.competitor == "driver" and n > 1:
            share = {"split": Fraction(1, n), "none": Fraction(0), "full": Fraction(1)}[
                rules.shared_car
            ]
        elif rules.competitor != "driver" and len(entry.drivers) > 1 and rules.shared_car == "none":
            share = Fraction(0)
        else:
            share = Fraction(1)
        crew = []
        for cid in crew_ids:
            i = index(cid)
            if i is not None:
                crew.append(Crew(i, share))
        cars.append(FutureCar(car, tuple(crew)))
    if rules.competitor == "driver" and rules.multi_car == "best_only":
        seen: Counter[int] = Counter(c.competitor for car in cars for c in car.crew)
        if any(n > 1 for n in seen.values()):
            limits.append("a driver in several cars of one session is read as scoring each")
    counts = tuple(_enters(session, s.step, sr.item) for s in steps)
    places = len(worth)
    for bonus in bonuses:
        places = max(places, bonus.top or 1)
    for step, enters in zip(steps, counts, strict=True):
        if enters:
            wanted = len(worth) if step.scoring_only else len(cars)
            places = max(places, step.places or wanted)
    places = min(places, len(cars))
    best = rules.cars.best if rules.competitor not in ("driver", "car") else None
    return FutureSession(
        round=rnd.number,
        session=session.id,
        name=session.name,
        places=places,
        worth=worth,
        cars=tuple(cars),
        bonuses=tuple(bonuses),
        counts=counts,
        best=best,
        unit=_unit_of(rules, rnd.number, session.id),
    )


def _enters(session: Session, step: TieStep, item: ScoringItem | None) -> bool:
    if item is None or not item.enters_countback(session):
        return False
    return step.session is None or step.session.matches(session)


def _past_counts(
    season: Season,
    rules: ClassificationRules,
    steps: tuple[CountStep, ...],
    after_round: int,
    after_session: str | None,
) -> dict[str, list[Counter[int]]]:
    """Places held so far per countback step, read from the awards as the engine reads them."""
    out: dict[str, list[Counter[int]]] = {}
    if not steps:
        return out
    for rnd in season.held_rounds(after_round):
        sessions = rnd.sessions
        if rnd.number == after_round and after_session is not None:
            ids = [s.id for s in sessions]
            sessions = sessions[: ids.index(after_session) + 1]
        declared = replace(
            rnd, sessions=tuple(s if s.scores else replace(s, results=()) for s in sessions)
        )
        for award in score_round(season, rules, declared):
            for k, step in enumerate(steps):
                if counts_back(season, award, step.step):
                    counters = out.setdefault(award.competitor, [Counter() for _ in steps])
                    counters[k][award.place or 0] += 1
    return out
