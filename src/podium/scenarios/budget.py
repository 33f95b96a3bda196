"""The solver's time: a question gets a total, each solve a share of what is left."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from podium.scenarios.outlook import Outlook
    from podium.scenarios.solver import Model


MIN_SOLVE = 0.05  # seconds: with less left, no solve is started


class Budget:
    def __init__(self, total: float, workers: int = 1) -> None:
        self.deadline = time.monotonic() + total
        self.workers = workers

    def each(self) -> float:
        """One solve's share: a quarter of what is left, at least a second while it lasts."""
        left = self.deadline - time.monotonic()
        return max(0.05, min(left, max(left / 4, 1.0)))

    def model(self, o: Outlook) -> Model | None:
        """A model with a share of the time left; None once the time is up (the question
        is then undecided without building a model that would have no time to solve)."""
        if time.monotonic() >= self.deadline - MIN_SOLVE:
            return None
        from podium.scenarios.solver import Model  # OR-Tools loads only when a solve is due

        return Model(o, time_limit=self.each(), workers=self.workers)
