"""One outcome of the sessions left, scored exactly: what the bounds and the needs build on.

An outcome gives each session still to run its finishing order (the cars holding places
1, 2, ... in turn; a car not listed did not finish in a modelled place) and each bonus's
holder. Scoring it here follows the same reading of the rules as the solver's model, so a
witness found here is an outcome the solver would accept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from podium.scenarios.outlook import Outlook, Unit, counted_total


@dataclass(slots=True)
class Outcome:
    """Finishing orders and bonus holders per session: car indices; None in an order is a
    place held by a car that scores nothing here (or whose score is not asked for)."""

    orders: list[list[int | None]]
    bonuses: list[list[int | None]]

    @classmethod
    def empty(cls, outlook: Outlook) -> Outcome:
        return cls(
            orders=[[] for _ in outlook.sessions],
            bonuses=[[None] * len(s.bonuses) for s in outlook.sessions],
        )

    def copy(self) -> Outcome:
        return Outcome([list(o) for o in self.orders], [list(b) for b in self.bonuses])


@dataclass(slots=True)
class Record:
    """A competitor's final record: counted points and the places each countback reads."""

    points: Fraction
    counts: tuple[Counter[int], ...]
    units: dict[Unit, Fraction] = field(default_factory=dict)  # future scores per unit
    compared: tuple[object, ...] | None = None  # the key, once worked out (records are kept)


def future_scores(outlook: Outlook, outcome: Outcome, only: int | None = None) -> list[Record]:
    """What each competitor (or `only` one) scores in the sessions left, before drops."""
    n = len(outlook.competitors)
    out = [Record(Fraction(0), tuple(Counter() for _ in outlook.steps)) for _ in range(n)]
    mine = outlook.sessions_of(only) if only is not None else None
    for s, session in enumerate(outlook.sessions):
        if mine is not None and s not in mine:
            continue  # none of its cars here: nothing to score
        order = outcome.orders[s]
        taken: Counter[int] = Counter()  # counted cars per organisation (best N)
        place_of: dict[int, int] = {}
        for place, k in enumerate(order, start=1):
            if k is None or place > session.places:
                continue
            place_of[k] = place
            car = session.cars[k]
            if only is not None and not any(c.competitor == only for c in car.crew):
                continue
            if not car.crew:
                continue
            if session.best is not None:
                org = car.crew[0].competitor
                if taken[org] >= session.best:
                    continue  # a car beyond the organisation's best N
                taken[org] += 1
            worth = session.worth_of(place)
            for crew in car.crew:
                if only is not None and crew.competitor != only:
                    continue
                points = worth * crew.share
                record = out[crew.competitor]
                record.units[session.unit] = record.units.get(session.unit, Fraction(0)) + points
                for j, step in enumerate(outlook.steps):
                    if session.counts[j] and (points > 0 or not step.scoring_only):
                        record.counts[j][place] += 1
        for j, bonus in enumerate(session.bonuses):
            if bonus.holder == "first":
                holder = order[0] if order and session.places else None
            else:
                holder = outcome.bonuses[s][j]
            if holder is None:
                continue
            if bonus.top is not None and place_of.get(holder, bonus.top + 1) > bonus.top:
                continue
            for crew in session.cars[holder].crew:
                if only is not None and crew.competitor != only:
                    continue
                record = out[crew.competitor]
                points = bonus.points * crew.share
                record.units[session.unit] = record.units.get(session.unit, Fraction(0)) + points
    return out


def final_records(outlook: Outlook, outcome: Outcome) -> list[Record]:
    """Every competitor's record after the last round, drops applied."""
    future = future_scores(outlook, outcome)
    return [_final(outlook, i, f) for i, f in enumerate(future)]


def final_record(outlook: Outlook, i: int, outcome: Outcome) -> Record:
    """One competitor's record after the last round: only its own cars' places matter."""
    return _final(outlook, i, future_scores(outlook, outcome, only=i)[i])


def _final(outlook: Outlook, i: int, future: Record) -> Record:
    c = outlook.competitors[i]
    units = dict(c.past)
    for u, v in future.units.items():
        units[u] = units.get(u, Fraction(0)) + v
    counts = tuple(p + q for p, q in zip(c.counts, future.counts, strict=True))
    return Record(counted_total(outlook.blocks, units) + c.offset, counts, future.units)


def current_record(outlook: Outlook, i: int) -> Record:
    """A competitor's record if it scores nothing more."""
    return _final(outlook, i, Record(Fraction(0), tuple(Counter() for _ in outlook.steps)))


def key(outlook: Outlook, record: Record) -> tuple[object, ...]:
    """The record as the tie-break chain compares it: greater is better."""
    if record.compared is not None:
        return record.compared
    parts: list[object] = [record.points]
    for j, step in enumerate(outlook.steps):
        counts = record.counts[j]
        top = max(counts, default=0)
        width = step.places or max(top, 1)
        parts.append(tuple(counts.get(p, 0) for p in range(1, max(width, 1) + 1)))
    record.compared = tuple(parts)
    return record.compared


def _cmp(a: tuple[object, ...], b: tuple[object, ...]) -> int:
    for x, y in zip(a, b, strict=True):
        if isinstance(x, tuple) and isinstance(y, tuple):
            width = max(len(x), len(y))
            x, y = x + (0,) * (width - len(x)), y + (0,) * (width - len(y))
        if x != y:
            return 1 if x > y else -1  # type: ignore[operator]
    return 0


def ahead(outlook: Outlook, records: Sequence[Record], a: int, b: int, ties: bool) -> bool:
    """Whether competitor `a` ranks ahead of `b`. `ties`: the answer when a tie-break step
    the solver does not look ahead at would decide (asked both ways, undecided if they differ).
    """
    return beats(outlook, records[a], records[b], a, b, ties)


def beats(outlook: Outlook, ra: Record, rb: Record, a: int, b: int, ties: bool) -> bool:
    """Whether record `ra` of competitor a ranks ahead of record `rb` of competitor b."""
    c = _cmp(key(outlook, ra), key(outlook, rb))
    if c:
        return c > 0
    if outlook.tail == "shared":
        return False
    if outlook.tail == "name":
        return outlook.name_rank[a] < outlook.name_rank[b]
    return ties


def position(outlook: Outlook, records: Sequence[Record], x: int, ties: bool) -> int:
    """The place `x` holds in these records (ties: as in `ahead`, against x)."""
    return 1 + sum(1 for y in range(len(records)) if y != x and ahead(outlook, records, y, x, ties))


def best_for(outlook: Outlook, x: int, outcome: Outcome | None = None) -> Outcome:
    """`x` takes the best places with every car it has, and the bonuses; nobody else finishes
    (in `outcome`'s sessions already filled, x's cars go first and the others follow)."""
    out = outcome.copy() if outcome is not None else Outcome.empty(outlook)
    for s, session in enumerate(outlook.sessions):
        mine: list[int | None] = [
            k for k, car in enumerate(session.cars) if any(c.competitor == x for c in car.crew)
        ]
        rest = [k for k in out.orders[s] if k not in mine]
        out.orders[s] = mine + rest
        for j, bonus in enumerate(session.bonuses):
            if bonus.holder == "any" and mine:
                out.bonuses[s][j] = mine[0]
                # with a top, the first car holds place 1: within any top
    return out
