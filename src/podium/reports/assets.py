"""The files a press kit's documents refer to, by name within the kit's folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from podium.reports.photos import ScaledPhoto


@dataclass(frozen=True, slots=True)
class Assets:
    folder: Path | None = None  # where the files are (the kit's folder while it is written)
    cards: dict[str, str] = field(default_factory=dict)  # classification -> standings card
    chart: str | None = None  # the points-progression chart
    photos: tuple[str | None, ...] = ()  # the story's photos written into the kit, by index
    # The story's photos scaled for the page, by index (None: a linked one): embedded in
    # the HTML as data URIs and in the DOCX.
    scaled: tuple[ScaledPhoto | None, ...] = ()

    def path(self, name: str) -> Path:
        if self.folder is None:
            raise ValueError("these assets have no folder")
        return self.folder / name
