"""Ranking competitors: points first, then the rules' tie-break chain, then shared places."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from podium.collation import name_key
from podium.model.season import TieOrder
from podium.rules.model import TieStep

NOWHERE = 10**9  # a grid or round no one has: sorts after every real one


@dataclass(slots=True)
class Contender:
    """What the tie-break chain may look at for one competitor."""

    competitor: str
    name: str
    points: Fraction | int  # the engine ranks whole units of 1/D: exact and fast
    previous_position: int | None = None
    first_scored: tuple[int, int] | None = None  # (round, session's place in the round)


@dataclass(slots=True)
class StepRecord:
    """One competitor's record for one tie-break step, kept up to date round by round."""

    places: Counter[int] = field(default_factory=Counter)  # countback: how often each place
    best: int | None = None  # most_recent_best: the best place
    best_when: tuple[int, int] | None = None  # when it was last achieved: (round, session)
    grid: int | None = None  # best_grid: the best starting place

    def add_place(self, place: int, when: tuple[int, int]) -> None:
        self.places[place] += 1
        if self.best is None or place < self.best:
            self.best, self.best_when = place, when
        elif place == self.best and (self.best_when is None or when > self.best_when):
            self.best_when = when


Records = Callable[[Contender, TieStep], StepRecord]


def countback_key(counts: Counter[int], max_place: int | None) -> tuple[int, ...]:
    """Most wins, then most 2nds, ...: a key that sorts the better record first."""
    top = max(counts, default=0)
    if max_place is not None:
        top = min(top, max_place)
    return tuple(-counts.get(p, 0) for p in range(1, top + 1))


def _pad(keys: Sequence[tuple[int, ...]]) -> list[tuple[int, ...]]:
    width = max((len(k) for k in keys), default=0)
    return [k + (0,) * (width - len(k)) for k in keys]


def most_recent_key(when: tuple[int, int] | None) -> tuple[int, int, int]:
    """The later the best result, the better; no result at all after every date."""
    if when is None:
        return (1, 0, 0)
    return (0, -when[0], -when[1])


def _step_keys(group: Sequence[Contender], step: TieStep, records: Records) -> list[Any]:
    if step.kind == "countback":
        return _pad([countback_key(records(c, step).places, step.max_place) for c in group])
    if step.kind == "most_recent_best":
        # The better best result first, then the more recent: after a countback the best
        # places are equal and the date decides, as the FIM rule reads; anywhere else in a
        # chain a recent 5th must not outrank an earlier win.
        return [
            (r.best if r.best is not None else NOWHERE, most_recent_key(r.best_when))
            for r in (records(c, step) for c in group)
        ]
    if step.kind == "previous_round":
        return [c.previous_position if c.previous_position is not None else NOWHERE for c in group]
    if step.kind == "best_grid":
        grids = [records(c, step).grid for c in group]
        return [g if g is not None else NOWHERE for g in grids]
    if step.kind == "first_to_score":
        return [c.first_scored or (NOWHERE, 0) for c in group]
    raise ValueError(f"not an ordering step: {step.kind}")


def rank(
    contenders: Sequence[Contender], steps: Sequence[TieStep], records: Records
) -> list[list[Contender]]:
    """Contenders in order, as groups; a group of several shares one place."""
    by_points: dict[Fraction | int, list[Contender]] = {}
    for c in contenders:
        by_points.setdefault(c.points, []).append(c)
    groups = [by_points[p] for p in sorted(by_points, reverse=True)]
    for step in steps:
        if step.kind == "shared":
            return groups
        refined: list[list[Contender]] = []
        for group in groups:
            if len(group) == 1:
                refined.append(group)
                continue
            keys = _step_keys(group, step, records)
            split: dict[Any, list[Contender]] = {}
            for key, c in zip(keys, group, strict=True):
                split.setdefault(key, []).append(c)
            refined.extend(split[k] for k in sorted(split))
        groups = refined
    # No shared step: what is still level is listed by name, each with its own place, in the
    # order people read names in (Álvaro before Takumi), the id settling identical names.
    return [
        [c] for g in groups for c in sorted(g, key=lambda c: (name_key(c.name), c.competitor))
    ]


def apply_tie_orders(
    groups: list[list[Contender]], orders: Sequence[TieOrder]
) -> list[list[Contender]]:
    """Impose published orders on competitors level on points (data, for records no rule fits)."""
    for order in orders:
        listed = [cid for g in order.groups for cid in g]
        flat = [c for g in groups for c in g]
        index = {c.competitor: i for i, c in enumerate(flat)}
        present = [cid for cid in listed if cid in index]
        if len(present) != len(listed):
            continue
        if len({flat[index[cid]].points for cid in listed}) != 1:
            continue  # an order may only settle a tie, never overturn points
        start = min(index[cid] for cid in listed)
        stop = max(index[cid] for cid in listed) + 1
        if stop - start != len(listed):
            continue
        before = [g for g in groups if index[g[0].competitor] < start]
        after = [g for g in groups if index[g[0].competitor] >= stop]
        middle = [[flat[index[cid]] for cid in g] for g in order.groups]
        groups = before + middle + after
    return groups
