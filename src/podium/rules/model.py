"""The rules of a season once read: typed, exact, and free of any series' name."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from podium.model.entry import Entry
from podium.model.result import Status
from podium.model.session import Session, SessionEnd, SessionKind

Scale = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class SessionSelector:
    """Which sessions of a round a rule is about."""

    kind: SessionKind | None = None
    ids: frozenset[str] | None = None
    segment: str | None = None  # "*": any; None: only sessions without a segment

    def matches(self, session: Session) -> bool:
        if self.kind is not None and session.kind is not self.kind:
            return False
        if self.ids is not None:
            return session.id in self.ids
        return self.segment == "*" or session.segment == self.segment


@dataclass(frozen=True, slots=True)
class Eligibility:
    flags_all: frozenset[str] = frozenset()
    flags_none: frozenset[str] = frozenset()

    def admits(self, entry: Entry | None) -> bool:
        if entry is None:
            return not self.flags_all
        return self.flags_all <= entry.flags and not (self.flags_none & entry.flags)


@dataclass(frozen=True, slots=True)
class ShortenedBand:
    below: Fraction
    points: Scale


@dataclass(frozen=True, slots=True)
class ShortenedPolicy:
    """Points for a race short of its distance: a factor below a fraction, or banded tables."""

    below: Fraction | None = None
    factor: Fraction = Fraction(1)
    min_laps: int = 0
    bands: tuple[ShortenedBand, ...] = ()
    when: frozenset[SessionEnd] | None = None
    bonuses: bool = True

    @property
    def inactive(self) -> bool:
        return self.below is None and not self.bands and self.min_laps == 0

    def applies(self, session: Session) -> bool:
        if self.inactive or session.distance_fraction is None:
            return False
        return self.when is None or session.ended in self.when


@dataclass(frozen=True, slots=True)
class ScoringItem:
    session: SessionSelector
    points: Scale
    basis: Literal["overall", "eligible"] = "overall"
    countback: bool | None = None  # None: places count back in races only

    def enters_countback(self, session: Session) -> bool:
        if self.countback is None:
            return session.kind is SessionKind.RACE
        return self.countback


@dataclass(frozen=True, slots=True)
class Bonus:
    name: str
    session: SessionSelector
    points: Fraction
    holder: Literal["fastest_lap", "best_placed"] = "fastest_lap"
    among: Literal["all", "eligible"] = "all"
    award: str | None = None
    top: int | None = None
    classified: bool = False
    min_distance: Fraction | None = None
    ties: Literal["split", "each", "none"] = "split"


@dataclass(frozen=True, slots=True)
class Override:
    """A change of the rules for some rounds: double points, own table, round not counted."""

    rounds: frozenset[int]
    session: SessionSelector | None = None
    factor: Fraction | None = None
    points: Scale | None = None
    excluded: bool = False
    shortened: ShortenedPolicy | None = None
    bonuses: bool | None = None

    def matches(self, round_number: int, session: Session) -> bool:
        return round_number in self.rounds and (
            self.session is None or self.session.matches(session)
        )


@dataclass(frozen=True, slots=True)
class DropBlock:
    rounds: frozenset[int] | None  # None: every round
    best: int


@dataclass(frozen=True, slots=True)
class DropRule:
    """Count only the best N scores, over the season or per block of rounds."""

    blocks: tuple[DropBlock, ...]
    unit: Literal["round", "session"] = "round"


@dataclass(frozen=True, slots=True)
class CarsRule:
    """Which cars of an organisation score for it in a session."""

    best: int | None = None  # None: all cars
    flag: str | None = None  # only cars whose entry carries this flag (nominated)


TieKind = Literal[
    "countback", "most_recent_best", "previous_round", "best_grid", "shared", "first_to_score"
]
# Grand prix grids: F1DB's (and most series') "best grid" is the grid of the race itself.
RACE_SESSIONS: tuple[SessionSelector, ...] = (SessionSelector(kind=SessionKind.RACE),)


@dataclass(frozen=True, slots=True)
class TieStep:
    kind: TieKind
    places: Literal["all", "scoring"] = "scoring"
    # countback, most_recent_best: which sessions' places (None: every item entering it)
    session: SessionSelector | None = None
    max_place: int | None = None
    all_cars: bool = False
    grids: tuple[SessionSelector, ...] = RACE_SESSIONS  # best_grid: which sessions' grids

    @property
    def reads_places(self) -> bool:
        """Whether the step looks at the places the countback counts."""
        return self.kind in ("countback", "most_recent_best")


@dataclass(frozen=True, slots=True)
class ListingRule:
    """List whoever ended one of these sessions with one of these statuses (scorers too)."""

    sessions: tuple[SessionSelector, ...]
    statuses: frozenset[Status]

    def lists(self, session: Session) -> bool:
        return any(s.matches(session) for s in self.sessions)


Listing = Literal["scorers", "classified", "entrants"] | ListingRule

Competitor = Literal["driver", "team", "constructor", "manufacturer", "car"]
# Other words a rules file may use for a kind, ranked exactly as that kind: a series of riders
# says `competitor: rider`. What is printed comes from season.yaml's `terms`, not from here.
COMPETITOR_SYNONYMS: dict[str, Competitor] = {"rider": "driver"}


@dataclass(frozen=True, slots=True)
class ClassificationRules:
    id: str
    name: str
    competitor: Competitor
    short_name: str | None = None
    eligibility: Eligibility = Eligibility()
    scoring: tuple[ScoringItem, ...] = ()
    bonuses: tuple[Bonus, ...] = ()
    shared_car: Literal["split", "none", "full"] = "split"
    multi_car: Literal["sum", "best_only"] = "sum"
    cars: CarsRule = CarsRule()
    # An organisation scoring for another (a rebadged brand for its parent): {gasgas: ktm}.
    count_as: dict[str, str] = field(default_factory=dict)
    shortened: ShortenedPolicy = ShortenedPolicy()
    drops: DropRule | None = None
    tie_break: tuple[TieStep, ...] = (TieStep("countback"), TieStep("shared"))
    listing: Listing = "scorers"
    listing_session: SessionSelector = SessionSelector(kind=SessionKind.RACE)
    shared_place: Literal["equals", "plain"] = "equals"
    decimals: int = 2
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class Rules:
    classifications: dict[str, ClassificationRules]
    # The rules document with `extends` resolved: what storage keeps and loads again.
    document: dict[str, Any] = field(default_factory=dict, compare=False)

    def classification(self, name: str) -> ClassificationRules:
        try:
            return self.classifications[name]
        except KeyError:
            from podium.errors import NotFound

            known = ", ".join(self.classifications) or "none"
            raise NotFound(f"no classification {name!r} (known: {known})") from None
