"""Dropped scores: only the best N (per block of rounds) count, re-applied after every round."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TypeVar

from podium.rules.model import DropRule

Unit = TypeVar("Unit", int, tuple[int, str])


def dropped_units(scores: Mapping[Unit, Fraction | int], rule: DropRule | None) -> set[Unit]:
    """The units (rounds, or (round, session)) whose scores do not count.

    A block keeps its best `best` scores among the units held so far; units in no block all
    count. Zero scores are never marked dropped: dropping them changes nothing.
    """
    if rule is None:
        return set()
    dropped: set[Unit] = set()
    for block in rule.blocks:
        units = [
            u
            for u in scores
            if block.rounds is None or (u if isinstance(u, int) else u[0]) in block.rounds
        ]
        # Equal scores: the earlier one is kept, so a table does not flicker between rounds.
        units.sort(key=lambda u: (-scores[u], u))
        dropped.update(u for u in units[block.best :] if scores[u] != 0)
    return dropped
