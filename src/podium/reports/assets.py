"""The files a press kit's documents refer to, by name within the kit's folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Assets:
    folder: Path | None = None  # where the files are (the kit's folder while it is written)
    cards: dict[str, str] = field(default_factory=dict)  # classification -> standings card
    chart: str | None = None  # the points-progression chart
    photos: tuple[str | None, ...] = ()  # the story's photos copied in, by index

    def path(self, name: str) -> Path:
        if self.folder is None:
            raise ValueError("these assets have no folder")
        return self.folder / name
