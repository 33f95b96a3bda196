"""A series' own words for who competes and in what: riders on bikes, drivers in cars.

`terms:` in season.yaml picks them from a small closed set. The set is closed because every
word must exist in every language podium writes: the English words are here (podium's source
language, used by the CLI and the web pages) and each catalog translates them for press kits
(reports/i18n.py, `Language.terms`). A word outside the set is a problem in season.yaml.

The words change what podium prints, never how it scores: a classification of riders is one
of drivers (rules may say `competitor: rider`, read as `driver`).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Noun:
    """A word in one language: one rider, many riders."""

    one: str
    many: str

    @property
    def title(self) -> str:
        """As a column heading: Rider, Förare."""
        return _capital(self.one)

    @property
    def title_many(self) -> str:
        return _capital(self.many)


def _capital(word: str) -> str:
    # Not str.capitalize(): that would lower the rest of a word such as "eKart".
    return word[:1].upper() + word[1:]


@dataclass(frozen=True, slots=True)
class Words:
    """The nouns a season's terms stand for, in one language."""

    competitor: Noun
    vehicle: Noun


# Every term and its English words. A new term needs its words here and a translation in
# each catalog (tests/test_terms.py checks that every language has every term).
COMPETITOR_TERMS: dict[str, Noun] = {
    "driver": Noun("driver", "drivers"),
    "rider": Noun("rider", "riders"),
}
VEHICLE_TERMS: dict[str, Noun] = {
    "car": Noun("car", "cars"),
    "bike": Noun("bike", "bikes"),
    "kart": Noun("kart", "karts"),
    "boat": Noun("boat", "boats"),
}
TERMS: dict[str, dict[str, Noun]] = {"competitor": COMPETITOR_TERMS, "vehicle": VEHICLE_TERMS}
DEFAULT_COMPETITOR = "driver"
DEFAULT_VEHICLE = "car"


class UnknownTerm(ValueError):
    """A term outside the closed set; the message names the set and the closest term."""


def check_term(kind: str, value: str) -> str:
    """`value` if it is a known term of `kind` (competitor, vehicle), else UnknownTerm."""
    known = TERMS[kind]
    if value in known:
        return value
    close = difflib.get_close_matches(value, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UnknownTerm(f"unknown {kind} term {value!r} (one of {', '.join(known)}){hint}")


@dataclass(frozen=True, slots=True)
class Terms:
    """What a series calls its competitors and its vehicles (defaults: driver, car)."""

    competitor: str = DEFAULT_COMPETITOR
    vehicle: str = DEFAULT_VEHICLE

    def __post_init__(self) -> None:
        check_term("competitor", self.competitor)
        check_term("vehicle", self.vehicle)

    @classmethod
    def from_dict(cls, data: Mapping[str, str] | None) -> Terms:
        """From `terms:` as written or stored; None or {} are the defaults."""
        data = data or {}
        return cls(
            competitor=data.get("competitor", DEFAULT_COMPETITOR),
            vehicle=data.get("vehicle", DEFAULT_VEHICLE),
        )

    def as_dict(self) -> dict[str, str]:
        return {"competitor": self.competitor, "vehicle": self.vehicle}

    @property
    def words(self) -> Words:
        """The English words (CLI, web pages)."""
        return Words(COMPETITOR_TERMS[self.competitor], VEHICLE_TERMS[self.vehicle])

    def own_word(self, competitor: str, words: Words | None = None) -> Noun | None:
        """The series' own word for a classification of `competitor`s (rules' `competitor`),
        or None where the series uses the default word or the kind has no term (teams).

        Standings tables head their name column with it and otherwise with "Name": every
        table of a series with the default words then reads as it did before terms existed
        (the CLI's and README's outputs, the seed press release are pinned byte for byte).
        """
        chosen = words or self.words
        if competitor == "driver" and self.competitor != DEFAULT_COMPETITOR:
            return chosen.competitor
        if competitor == "car" and self.vehicle != DEFAULT_VEHICLE:
            return chosen.vehicle
        return None
