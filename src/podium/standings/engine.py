"""The standings engine: season data + rules + decisions -> tables after every round.

Pure: it reads a `Season` and returns `StandingsTable`s. It never reads a published points
column. One path for every series: what differs is in the rules.

Points are exact. Internally a classification's points are whole numbers of 1/D, D being
the least common denominator of everything scored (1 for most series, 6 or 42 where cars
were shared), which keeps the arithmetic exact and fast; tables show Fractions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from podium.errors import NotFound
from podium.model.calendar import Round
from podium.model.decision import Decision, DecisionKind
from podium.model.season import Season
from podium.rules.model import ClassificationRules, TieStep
from podium.standings.drops import dropped_units
from podium.standings.ranking import Contender, apply_tie_orders, rank
from podium.standings.scoring import Award, participants, score_round
from podium.standings.table import RoundScore, Standing, StandingsTable


def standings(
    season: Season, classification: str, after_round: int | None = None
) -> StandingsTable:
    """The standings of one classification after `after_round` (default: the last held)."""
    last = season.last_held_round()
    target = last if after_round is None else after_round
    if target > last or target < 1 or target not in {r.number for r in season.rounds}:
        held = ", ".join(str(r.number) for r in season.held_rounds()) or "none"
        raise NotFound(f"{season.key}: no standings after round {target} (rounds held: {held})")
    tables = list(_tables(season, classification, target, every_round=False))
    if not tables:
        raise NotFound(f"{season.key}: no round held up to round {target}")
    table = tables[-1]
    if table.after_round != target:
        # After a cancelled round the table is the previous one, on that round's calendar.
        return replace(table, after_round=target, rounds_total=_rounds_total(season, target))
    return table


def standings_history(season: Season, classification: str) -> list[StandingsTable]:
    """The standings after every held round, in order."""
    return list(_tables(season, classification, season.last_held_round(), every_round=True))


def _rounds_total(season: Season, after_round: int) -> int:
    rnd = season.round(after_round)
    return season.rounds_total(rnd.end or rnd.start)


@dataclass(slots=True)
class _Book:
    """One competitor's record so far; points in whole units of 1/D."""

    awards: list[Award] = field(default_factory=list)
    sessions: dict[int, dict[str, int]] = field(default_factory=dict)
    rounds: dict[int, int] = field(default_factory=dict)
    wins: int = 0
    best_grid: int | None = None
    first_scored: tuple[int, int] | None = None  # (round, index of the session in it)
    places: dict[int, Counter[int]] = field(default_factory=dict)  # per countback step
    shown: dict[tuple[int, bool], RoundScore] = field(default_factory=dict)
    version: int = 0  # awards added so far: what `scored` was computed from
    scored: tuple[int, int, tuple[RoundScore, ...]] | None = None  # (version, total, rounds)


class _Units(dict[int, Fraction]):
    """Whole units of 1/D as Fractions, each made once (tables show the same values often)."""

    def __init__(self, unit: int) -> None:
        super().__init__()
        self.unit = unit

    def __missing__(self, units: int) -> Fraction:
        value = self[units] = Fraction(units, self.unit)
        return value


class _Ledger:
    """Everything scored so far in one classification, updated round by round."""

    def __init__(self, season: Season, rules: ClassificationRules, unit: int) -> None:
        self.season = season
        self.rules = rules
        self.unit = unit
        self.fractions = _Units(unit)
        self.books: dict[str, _Book] = {}
        self.listed: set[str] = set()
        self.steps = [s for s in rules.tie_break if s.kind == "countback"]

    def book(self, competitor: str) -> _Book:
        book = self.books.get(competitor)
        if book is None:
            book = self.books[competitor] = _Book()
        return book

    def add_round(self, rnd: Round, awards: Sequence[Award]) -> None:
        rules = self.rules
        unit = self.unit
        if rules.listing == "entrants":
            self.listed |= participants(self.season, rules, rnd)
        listing_sessions: set[str] = set()
        if rules.listing == "classified":
            listing_sessions = {s.id for s in rnd.sessions if rules.listing_session.matches(s)}
        books = self.books
        listed = self.listed
        steps = self.steps
        for award in awards:
            competitor = award.competitor
            book = books.get(competitor)
            if book is None:
                book = books[competitor] = _Book()
            book.awards.append(award)
            book.version += 1
            points = award.points
            if award.counted:
                # `unit` is a multiple of every denominator: whole units, no Fraction made.
                units = points.numerator * (unit // points.denominator)
                sessions = book.sessions.get(award.round)
                if sessions is None:
                    sessions = book.sessions[award.round] = {}
                sessions[award.session] = sessions.get(award.session, 0) + units
                book.rounds[award.round] = book.rounds.get(award.round, 0) + units
                if units:
                    listed.add(competitor)
                if units > 0 and book.first_scored is None:
                    book.first_scored = (award.round, _session_index(rnd, award.session))
            if award.kind != "place":
                continue
            if award.countback and award.place == 1:
                book.wins += 1
            if award.grid and (book.best_grid is None or award.grid < book.best_grid):
                book.best_grid = award.grid
            for k, step in enumerate(steps):
                if counts_back(self.season, award, step):
                    places = book.places.get(k)
                    if places is None:
                        places = book.places[k] = Counter()
                    places[award.place or 0] += 1
            if award.classified and award.session in listing_sessions:
                listed.add(competitor)


def counts_back(season: Season, award: Award, step: TieStep) -> bool:
    """Whether an award's place enters a countback step."""
    if award.kind != "place" or award.place is None or not award.countback:
        return False
    if step.session is not None:
        session = season.round(award.round).session(award.session)
        if session is None or not step.session.matches(session):
            return False
    if not (award.counted or step.all_cars):
        return False  # a car that did not count for its organisation
    if step.places == "scoring":
        return (award.worth if step.all_cars else award.points).numerator > 0
    return True


def _session_index(rnd: Round, session_id: str) -> int:
    return next((i for i, s in enumerate(rnd.sessions) if s.id == session_id), len(rnd.sessions))


def _tables(
    season: Season, classification: str, up_to: int, every_round: bool
) -> Iterator[StandingsTable]:
    rules = season.rules.classification(classification)
    scored = [(rnd, score_round(season, rules, rnd)) for rnd in season.held_rounds(up_to)]
    decisions = [d for d in season.decisions if d.applies_to(rules.id)]
    unit = 1
    for _, awards in scored:
        for award in awards:
            unit = math.lcm(unit, award.points.denominator)
    for d in decisions:
        unit = math.lcm(unit, d.points.denominator)
    ledger = _Ledger(season, rules, unit)
    needs_previous = any(s.kind == "previous_round" for s in rules.tie_break)
    final_round = max((r.number for r in season.rounds if r.on_calendar(None)), default=0)
    previous: dict[str, int] = {}
    for i, (rnd, awards) in enumerate(scored):
        ledger.add_round(rnd, awards)
        if not (every_round or needs_previous or i == len(scored) - 1):
            continue
        table = _table(
            season, rules, ledger, decisions, rnd.number, previous, rnd.number >= final_round
        )
        previous = {r.competitor: r.position for r in table.rows if r.position is not None}
        if every_round or i == len(scored) - 1:
            yield table


def _table(
    season: Season,
    rules: ClassificationRules,
    ledger: _Ledger,
    all_decisions: list[Decision],
    after_round: int,
    previous: dict[str, int],
    final: bool,
) -> StandingsTable:
    decisions = [d for d in all_decisions if d.round <= after_round and d.competitor]
    resets: dict[str, int] = {}
    exclusions: dict[str, Decision] = {}
    deductions: dict[str, int] = {}
    for d in decisions:
        who = d.competitor or ""
        if d.kind is DecisionKind.RESET:
            resets[who] = max(resets.get(who, 0), d.round)
        elif d.kind is DecisionKind.EXCLUSION and (final or not d.final_only):
            exclusions[who] = d
        elif d.kind is DecisionKind.DEDUCTION:
            deductions[who] = deductions.get(who, 0) + int(d.points * ledger.unit)
    # An exclusion taking effect at or before a reset of the same competitor concerns the
    # entry before the reset (taken over under the same id): it is listed as a row of its
    # own while the new entry goes on.
    former = {
        who: exclusions.pop(who)
        for who in [w for w, d in exclusions.items() if d.round <= resets.get(w, 0)]
    }

    contenders: list[Contender] = []
    details: dict[str, tuple[tuple[RoundScore, ...], int, int]] = {}
    excluded: list[Standing] = []
    for competitor, decision in former.items():
        book = _rebook(ledger, ledger.books.get(competitor) or _Book(), 0, resets[competitor])
        total, breakdown = _score(rules, book, ledger.fractions)
        points = total if decision.keep_points else 0
        detail = (breakdown, book.wins, 0)
        excluded.append(
            _row(
                season,
                rules,
                None,
                decision.position_text,
                competitor,
                ledger.fractions[points],
                detail,
                ledger.fractions,
            )
        )
    for competitor in ledger.listed | set(exclusions):
        book = ledger.books.get(competitor) or _Book()
        since = resets.get(competitor, 0)
        if since:
            book = _rebook(ledger, book, since)
        total, breakdown = _score(rules, book, ledger.fractions)
        total -= deductions.get(competitor, 0)
        details[competitor] = (breakdown, book.wins, deductions.get(competitor, 0))
        if competitor in exclusions:
            decision = exclusions[competitor]
            points = total if decision.keep_points else 0
            excluded.append(
                _row(
                    season,
                    rules,
                    None,
                    decision.position_text,
                    competitor,
                    ledger.fractions[points],
                    details[competitor],
                    ledger.fractions,
                )
            )
            continue
        contenders.append(
            Contender(
                competitor=competitor,
                name=season.competitor_name(competitor),
                points=total,
                best_grid=book.best_grid,
                previous_position=previous.get(competitor),
                first_scored=book.first_scored,
            )
        )
    step_index = {id(step): k for k, step in enumerate(ledger.steps)}

    def places(contender: Contender, step: TieStep) -> Counter[int]:
        book = ledger.books.get(contender.competitor)
        if book is None:
            return Counter()
        since = resets.get(contender.competitor, 0)
        if since:
            book = _rebook(ledger, book, since)
        return book.places.get(step_index[id(step)], Counter())

    contenders.sort(key=lambda c: c.competitor)  # a stable base order, whatever the set order
    groups = rank(contenders, rules.tie_break, places)
    orders = [
        o
        for o in season.tie_orders
        if o.classification == rules.id and o.after_round == after_round
    ]
    groups = apply_tie_orders(groups, orders)
    rows: list[Standing] = []
    position = 1
    for group in groups:
        shared = len(group) > 1
        text = f"={position}" if shared and rules.shared_place == "equals" else str(position)
        for c in group:
            rows.append(
                _row(
                    season,
                    rules,
                    position,
                    text,
                    c.competitor,
                    ledger.fractions[int(c.points)],
                    details[c.competitor],
                    ledger.fractions,
                )
            )
        position += len(group)
    excluded.sort(key=lambda r: (-r.points, r.name))
    return StandingsTable(
        series=season.series.id,
        series_name=season.series.name,
        season=season.year,
        classification=rules.id,
        classification_name=rules.name,
        after_round=after_round,
        rounds_total=_rounds_total(season, after_round),
        rows=tuple(rows + excluded),
    )


def _rebook(ledger: _Ledger, book: _Book, since: int, before: int | None = None) -> _Book:
    """The record of rounds `since` to `before` (excluded) only: around a points reset
    (rare: rebuilt when asked)."""
    fresh = _Ledger(ledger.season, ledger.rules, ledger.unit)
    kept = [a for a in book.awards if a.round >= since and (before is None or a.round < before)]
    by_round: dict[int, list[Award]] = {}
    for a in kept:
        by_round.setdefault(a.round, []).append(a)
    for number, awards in sorted(by_round.items()):
        fresh.add_round(ledger.season.round(number), awards)
    return fresh.books[kept[0].competitor] if kept else _Book()


def _score(
    rules: ClassificationRules, book: _Book, fractions: _Units
) -> tuple[int, tuple[RoundScore, ...]]:
    """Total after drops (in units), and the per-round breakdown with dropped rounds marked.

    Kept on the book until an award is added to it: most competitors take no part in a
    given round, and their score after it is the one before.
    """
    cached = book.scored
    if cached is not None and cached[0] == book.version:
        return cached[1], cached[2]
    drops = rules.drops
    if drops is None:
        total = sum(book.rounds.values())
        dropped_rounds: set[int] = set()
        partly: set[int] = set()
    elif drops.unit == "round":
        dropped_rounds = dropped_units(book.rounds, drops)
        total = sum(u for r, u in book.rounds.items() if r not in dropped_rounds)
        partly = set()
    else:
        per_session = {(r, s): u for r, ss in book.sessions.items() for s, u in ss.items()}
        dropped_sessions = dropped_units(per_session, drops)
        total = sum(u for key, u in per_session.items() if key not in dropped_sessions)
        dropped_rounds = set()
        partly = {r for r, _ in dropped_sessions}
    breakdown = []
    for number in sorted(book.rounds):
        dropped = number in dropped_rounds or number in partly
        shown = book.shown.get((number, dropped))
        if shown is None:
            shown = book.shown[(number, dropped)] = RoundScore(
                round=number,
                points=fractions[book.rounds[number]],
                dropped=dropped,
                sessions={s: fractions[u] for s, u in book.sessions[number].items()},
            )
        breakdown.append(shown)
    book.scored = (book.version, total, tuple(breakdown))
    return total, book.scored[2]


def _row(
    season: Season,
    rules: ClassificationRules,
    position: int | None,
    text: str,
    competitor: str,
    points: Fraction,
    detail: tuple[tuple[RoundScore, ...], int, int],
    fractions: _Units,
) -> Standing:
    breakdown, wins, deducted = detail
    person = season.drivers.get(competitor)
    org = season.teams.get(competitor)
    nationality = person.nationality if person else (org.nationality if org else None)
    return Standing(
        position=position,
        position_text=text,
        competitor=competitor,
        name=season.competitor_name(competitor),
        points=points,
        wins=wins,
        rounds=breakdown,
        deductions=fractions[deducted],
        nationality=nationality,
        decimals=rules.decimals,
    )
