"""Ergast's envelope and paging: `limit` (default 30, at most 100), `offset`, `total`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

Json = dict[str, Any]
T = TypeVar("T")

DEFAULT_LIMIT = 30
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Page:
    series: str
    url: str
    limit: int
    offset: int

    @staticmethod
    def of(series: str, url: str, limit: int, offset: int) -> Page:
        return Page(series, url, min(limit, MAX_LIMIT), offset)

    def slice(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset : self.offset + self.limit])

    def wrap(self, total: int, table: str, content: Json) -> Json:
        return {
            "MRData": {
                "xmlns": "",
                "series": self.series,
                "url": self.url,
                "limit": str(self.limit),
                "offset": str(self.offset),
                "total": str(total),
                table: content,
            }
        }
