"""The standings engine: season data + rules + decisions -> tables after every round.

Pure: it reads a `Season` and returns `StandingsTable`s. It never reads a published points
column. One path for every series: what differs is in the rules.

Points are exact. Internally a classification's points are whole numbers of 1/D, D being
the least common denominator of everything scored (1 for most series, 6 or 42 where cars
were shared), which keeps the arithmetic exact and fast; tables show Fractions.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from fractions import Fraction

from podium.collation import name_key
from podium.errors import NotFound
from podium.model.calendar import Round
from podium.model.decision import Decision, DecisionKind, in_force
from podium.model.result import Result
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.rules.model import ClassificationRules, ListingRule, TieStep
from podium.standings.asof import as_of as season_as_of
from podium.standings.drops import dropped_units
from podium.standings.ranking import Contender, StepRecord, apply_tie_orders, rank
from podium.standings.scoring import (
    Award,
    competitors,
    participants,
    score_round,
    session_excluded,
    session_results,
)
from podium.standings.table import Adjustment, RoundScore, Standing, StandingsTable


def standings(
    season: Season,
    classification: str,
    after_round: int | None = None,
    after_session: str | None = None,
    as_of: datetime | None = None,
) -> StandingsTable:
    """The standings of one classification after `after_round` (default: the last held).

    With `after_session`, after that session of the round: every session of the rounds
    before, and the round's sessions up to and including it in the round's order. A
    decision of the round counts from the session it names, or from the round's end (its
    last scored session) if it names none. With `as_of`, as official at that moment: only
    the classifications published and the decisions in effect by then
    (`podium.standings.asof`).
    """
    if as_of is not None:
        season = season_as_of(season, as_of)
    last = season.last_held_round()
    target = last if after_round is None else after_round
    if target > last or target < 1 or target not in {r.number for r in season.rounds}:
        held = ", ".join(str(r.number) for r in season.held_rounds()) or "none"
        raise NotFound(f"{season.key}: no standings after round {target} (rounds held: {held})")
    if after_session is not None and season.round(target).session(after_session) is None:
        known = ", ".join(s.id for s in season.round(target).sessions) or "none"
        raise NotFound(
            f"{season.key}: round {target} has no session {after_session!r} (sessions: {known})"
        )
    tables = list(_tables(season, classification, target, every_round=False, cut=after_session))
    if not tables:
        raise NotFound(f"{season.key}: no round held up to round {target}")
    table = tables[-1]
    if table.after_round != target:
        # After a cancelled round the table is the previous one, on that round's calendar.
        return replace(
            table,
            after_round=target,
            rounds_total=_rounds_total(season, target),
            after_session=after_session,
        )
    return table


def standings_history(
    season: Season, classification: str, by_session: bool = False
) -> list[StandingsTable]:
    """The standings after every held round, in order.

    `by_session`: after every scored session instead (a session of the classification with
    results), each table naming its `after_session`; a held round in which nothing scored
    gives one table, after the round. The last table of a round is the one after the round.
    """
    return list(
        _tables(
            season,
            classification,
            season.last_held_round(),
            every_round=True,
            by_session=by_session,
        )
    )


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
    first_scored: tuple[int, int] | None = None  # (round, index of the session in it)
    records: dict[int, StepRecord] = field(default_factory=dict)  # per tie-break step kept
    shown: dict[tuple[int, bool, int], RoundScore] = field(default_factory=dict)
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
        # The tie-break steps that keep a record per competitor, by index in this list.
        self.steps = [s for s in rules.tie_break if s.reads_places or s.kind == "best_grid"]
        self.place_steps = [(k, s) for k, s in enumerate(self.steps) if s.reads_places]
        self.grid_steps = [(k, s) for k, s in enumerate(self.steps) if s.kind == "best_grid"]
        self.rounds: list[Round] = []  # read so far, in order: what a points reset replays
        # What each withhold or disqualification took from whom, worked out when first shown.
        self.lost: dict[Decision, dict[str, Fraction]] = {}

    def book(self, competitor: str) -> _Book:
        book = self.books.get(competitor)
        if book is None:
            book = self.books[competitor] = _Book()
        return book

    def add_round(self, rnd: Round, awards: Sequence[Award]) -> None:
        rules = self.rules
        unit = self.unit
        self.rounds.append(rnd)
        listing = rules.listing
        if listing == "entrants":
            self.listed |= participants(self.season, rules, rnd)
        elif isinstance(listing, ListingRule):
            self.listed |= self._listed_by_status(rnd, listing)
        listing_sessions: set[str] = set()
        if listing == "classified":
            listing_sessions = {s.id for s in rnd.sessions if rules.listing_session.matches(s)}
        books = self.books
        listed = self.listed
        place_steps = self.place_steps
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
            when: tuple[int, int] | None = None
            for k, step in place_steps:
                if counts_back(self.season, award, step):
                    if when is None:
                        when = (award.round, _session_index(rnd, award.session))
                    _record(book, k).add_place(award.place or 0, when)
            if award.classified and award.session in listing_sessions:
                listed.add(competitor)
        if self.grid_steps:
            self._add_grids(rnd)

    def _listed_by_status(self, rnd: Round, listing: ListingRule) -> set[str]:
        """Who ended a listing session with a listing status: scored or not, as decided."""
        out: set[str] = set()
        season, rules = self.season, self.rules
        for session in rnd.sessions:
            if not listing.lists(session) or session_excluded(rules, rnd.number, session):
                continue
            for result in session_results(season, rules, rnd, session):
                if result.status in listing.statuses:
                    out.update(competitors(season, rules, rnd.number, result))
        return out

    def _add_grids(self, rnd: Round) -> None:
        """Best starting places, from the sessions each best_grid step names.

        Read from the sessions, not from awards: a grid counts whether or not the session
        scores (a starting grid never does). A round an override excludes does not count.
        """
        season, rules = self.season, self.rules
        for session in rnd.sessions:
            steps = [k for k, s in self.grid_steps if any(g.matches(session) for g in s.grids)]
            if not steps or session_excluded(rules, rnd.number, session):
                continue
            for result in session.results:
                start = _starting_place(session, result)
                if not start:
                    continue  # no grid place given (0: F1DB's pit lane without a slot)
                for competitor in competitors(season, rules, rnd.number, result):
                    book = self.book(competitor)
                    for k in steps:
                        record = _record(book, k)
                        if record.grid is None or start < record.grid:
                            record.grid = start


def _record(book: _Book, step: int) -> StepRecord:
    record = book.records.get(step)
    if record is None:
        record = book.records[step] = StepRecord()
    return record


def _starting_place(session: Session, result: Result) -> int | None:
    """A result's starting place: its `grid`, or its place in a starting grid session."""
    if result.grid is not None:
        return result.grid
    return result.position if session.kind is SessionKind.GRID else None


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


def _declared(rnd: Round) -> Round:
    """The round as scoring sees it: a session cancelled or without a declared result has
    no classification to score (its running order, if any, stays on the record)."""
    if all(s.scores for s in rnd.sessions):
        return rnd
    return replace(
        rnd, sessions=tuple(s if s.scores else replace(s, results=()) for s in rnd.sessions)
    )


def _up_to(rnd: Round, index: int) -> Round:
    """The round as it stood after its session `index`: who had taken part by then."""
    return replace(rnd, sessions=rnd.sessions[: index + 1])


def _in_effect(
    decision: Decision, after_round: int, cut: int | None, order: dict[str, int]
) -> bool:
    """Whether a decision counts in a table after session `cut` of `after_round` (None: the
    round's end). One of an earlier round always does; one of the round from the session it
    names on, or, naming none, from the round's end."""
    if decision.round != after_round or cut is None:
        return decision.round <= after_round
    return decision.session is not None and order.get(decision.session, cut + 1) <= cut


def _late(season: Season, rnd: Round) -> Season | None:
    """The season without the round's disqualifications and withholds that name no session
    (they take effect at the round's end); None when there are none."""
    late = [
        d
        for d in season.decisions
        if d.round == rnd.number
        and d.session is None
        and d.kind in (DecisionKind.WITHHOLD, DecisionKind.DISQUALIFICATION)
    ]
    if not late:
        return None
    return replace(season, decisions=tuple(d for d in season.decisions if d not in late))


def _tables(
    season: Season,
    classification: str,
    up_to: int,
    every_round: bool,
    cut: str | None = None,
    by_session: bool = False,
) -> Iterator[StandingsTable]:
    """Tables after each held round up to `up_to` (or the last one only); `cut`: the last
    table is after that session of round `up_to`; `by_session`: after every scored session."""
    standing = in_force(season.decisions)  # those a reinstatement voids count nowhere
    if standing != season.decisions:
        season = replace(season, decisions=standing)
    rules = season.rules.classification(classification)
    scored = [
        (rnd, score_round(season, rules, _declared(rnd))) for rnd in season.held_rounds(up_to)
    ]
    orders = [{s.id: i for i, s in enumerate(rnd.sessions)} for rnd, _ in scored]
    # Where tables are wanted inside a round: indices of sessions after which one is made
    # before the round's end. The round's end is its last scored session, so that the table
    # after that session and the table after the round are the same table.
    inside: dict[int, list[int]] = {}
    ends: dict[int, int | None] = {}
    for i, (rnd, awards) in enumerate(scored):
        indices = sorted({orders[i][a.session] for a in awards})
        ends[i] = indices[-1] if indices else None
        if by_session:
            inside[i] = indices[:-1]
        elif cut is not None and rnd.number == up_to and indices:
            k = orders[i][cut]
            inside[i] = [k] if k < indices[-1] else []
    # Disqualifications and withholds of a whole round are not yet made in a table inside it.
    early: dict[int, list[Award]] = {}
    for i, cuts in inside.items():
        before = _late(season, scored[i][0]) if cuts else None
        if before is not None:
            early[i] = score_round(before, rules, _declared(scored[i][0]))
    decisions = [d for d in season.decisions if d.applies_to(rules.id)]
    unit = 1
    for awards in [a for _, a in scored] + list(early.values()):
        for award in awards:
            unit = math.lcm(unit, award.points.denominator)
    for d in decisions:
        unit = math.lcm(unit, d.points.denominator)
    ledger = _Ledger(season, rules, unit)
    needs_previous = any(s.kind == "previous_round" for s in rules.tie_break)
    final_round = max((r.number for r in season.rounds if r.on_calendar(None)), default=0)
    previous: dict[str, int] = {}
    for i, (rnd, awards) in enumerate(scored):
        last = i == len(scored) - 1
        order = orders[i]
        added = -1  # the round's sessions up to this index are in `ledger`
        for k in inside.get(i, []):
            if i in early and by_session:
                # The round's final awards differ from these: a ledger of their own.
                counted = _Ledger(season, rules, unit)
                for r, a in scored[:i]:
                    counted.add_round(r, a)
                counted.add_round(_up_to(rnd, k), [a for a in early[i] if order[a.session] <= k])
            else:
                counted = ledger
                part = early.get(i, awards)
                ledger.add_round(_up_to(rnd, k), [a for a in part if added < order[a.session] <= k])
                added = k
            yield _table(
                season,
                rules,
                counted,
                decisions,
                rnd.number,
                previous,
                False,
                cut=k,
                order=order,
                after_session=rnd.sessions[k].id,
            )
            if not by_session:
                return  # the table asked for: the rest of the round is not counted
        ledger.add_round(rnd, [a for a in awards if order[a.session] > added])
        if not (every_round or needs_previous or last):
            continue
        end = ends[i]
        named = cut if last and cut is not None else None
        if by_session and end is not None:
            named = rnd.sessions[end].id
        table = _table(
            season,
            rules,
            ledger,
            decisions,
            rnd.number,
            previous,
            rnd.number >= final_round,
            after_session=named,
        )
        previous = {r.competitor: r.position for r in table.rows if r.position is not None}
        if every_round or last:
            yield table


def _table(
    season: Season,
    rules: ClassificationRules,
    ledger: _Ledger,
    all_decisions: list[Decision],
    after_round: int,
    previous: dict[str, int],
    final: bool,
    cut: int | None = None,
    order: dict[str, int] | None = None,
    after_session: str | None = None,
) -> StandingsTable:
    """The table after round `after_round`, or after its session `cut` (an index in
    `order`, the round's session ids in order); None: after the whole round."""
    in_effect = [d for d in all_decisions if _in_effect(d, after_round, cut, order or {})]
    decisions = [d for d in in_effect if d.competitor]
    adjusted: dict[str, list[Adjustment]] = {}
    for d in in_effect:
        if d.kind in (DecisionKind.WITHHOLD, DecisionKind.DISQUALIFICATION):
            for who, lost in _lost(season, rules, ledger, d).items():
                adjusted.setdefault(who, []).append(_adjustment(d, lost))
        elif d.kind is DecisionKind.DEDUCTION and d.competitor:
            adjusted.setdefault(d.competitor, []).append(_adjustment(d, -d.points))
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
    details: dict[str, tuple[tuple[RoundScore, ...], int, int, tuple[Adjustment, ...]]] = {}
    excluded: list[Standing] = []
    for competitor, decision in former.items():
        book = _rebook(ledger, ledger.books.get(competitor) or _Book(), 0, resets[competitor])
        total, breakdown = _score(rules, book, ledger.fractions)
        points = total if decision.keep_points else 0
        lost = ledger.fractions[points - total]
        detail = (breakdown, book.wins, 0, (_adjustment(decision, lost),))
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
        notes = adjusted.get(competitor, [])
        if since:
            before = _score(rules, book, ledger.fractions)[0]
            book = _rebook(ledger, book, since)
            reset = next(
                d
                for d in decisions
                if d.kind is DecisionKind.RESET and d.competitor == competitor and d.round == since
            )
            gone = _score(rules, book, ledger.fractions)[0] - before
            notes = [*notes, _adjustment(reset, ledger.fractions[gone])]
        total, breakdown = _score(rules, book, ledger.fractions)
        total -= deductions.get(competitor, 0)
        if competitor in exclusions:
            decision = exclusions[competitor]
            points = total if decision.keep_points else 0
            notes = [*notes, _adjustment(decision, ledger.fractions[points - total])]
        shown = tuple(sorted(notes, key=lambda a: a.round))
        details[competitor] = (breakdown, book.wins, deductions.get(competitor, 0), shown)
        if competitor in exclusions:
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
                previous_position=previous.get(competitor),
                first_scored=book.first_scored,
            )
        )
    step_index = {id(step): k for k, step in enumerate(ledger.steps)}

    def records(contender: Contender, step: TieStep) -> StepRecord:
        book = ledger.books.get(contender.competitor)
        if book is None:
            return StepRecord()
        since = resets.get(contender.competitor, 0)
        if since:
            book = _rebook(ledger, book, since)
        return book.records.get(step_index[id(step)]) or StepRecord()

    contenders.sort(key=lambda c: c.competitor)  # a stable base order, whatever the set order
    groups = rank(contenders, rules.tie_break, records)
    orders = [
        o
        for o in season.tie_orders
        # A published order settles the table after a whole round, not one inside it.
        if o.classification == rules.id and o.after_round == after_round and cut is None
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
    excluded.sort(key=lambda r: (-r.points, name_key(r.name)))
    return StandingsTable(
        series=season.series.id,
        series_name=season.series.name,
        season=season.year,
        classification=rules.id,
        classification_name=rules.name,
        after_round=after_round,
        rounds_total=_rounds_total(season, after_round),
        rows=tuple(rows + excluded),
        after_session=after_session,
    )


def _rebook(ledger: _Ledger, book: _Book, since: int, before: int | None = None) -> _Book:
    """The record of rounds `since` to `before` (excluded) only: around a points reset
    (rare: rebuilt when asked)."""
    if not book.awards:
        return _Book()
    competitor = book.awards[0].competitor
    fresh = _Ledger(ledger.season, ledger.rules, ledger.unit)
    by_round: dict[int, list[Award]] = {}
    for a in book.awards:
        by_round.setdefault(a.round, []).append(a)
    # Every round the ledger read in the span, awards or not: a grid is read from sessions.
    for rnd in ledger.rounds:
        if rnd.number >= since and (before is None or rnd.number < before):
            fresh.add_round(rnd, by_round.get(rnd.number, []))
    return fresh.books.get(competitor) or _Book()


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
        # A round's sessions may come in one at a time (tables inside a round): the number
        # of its sessions so far is part of the key.
        key = (number, dropped, len(book.sessions[number]))
        shown = book.shown.get(key)
        if shown is None:
            shown = book.shown[key] = RoundScore(
                round=number,
                points=fractions[book.rounds[number]],
                dropped=dropped,
                sessions={s: fractions[u] for s, u in book.sessions[number].items()},
            )
        breakdown.append(shown)
    book.scored = (book.version, total, tuple(breakdown))
    return total, book.scored[2]


def _adjustment(decision: Decision, points: Fraction) -> Adjustment:
    return Adjustment(
        kind=decision.kind.value,
        round=decision.round,
        points=points,
        session=decision.session,
        reason=decision.reason,
        source=decision.source,
        date=decision.date,
    )


def _lost(
    season: Season, rules: ClassificationRules, ledger: _Ledger, decision: Decision
) -> dict[str, Fraction]:
    """What a withhold or a disqualification took from whom in its round: the round scored
    with it against the round scored without it (rare: worked out once per ledger)."""
    known = ledger.lost.get(decision)
    if known is not None:
        return known
    rnd = next((r for r in season.rounds if r.number == decision.round), None)
    out: dict[str, Fraction] = {}
    if rnd is not None:
        rnd = _declared(rnd)
        without = replace(season, decisions=tuple(d for d in season.decisions if d != decision))
        change: dict[str, Fraction] = {}
        for sign, awards in (
            (1, score_round(season, rules, rnd)),
            (-1, score_round(without, rules, rnd)),
        ):
            for a in awards:
                if a.counted:
                    change[a.competitor] = change.get(a.competitor, Fraction(0)) + sign * a.points
        if decision.kind is DecisionKind.WITHHOLD:
            touched = {decision.competitor} if decision.competitor else set()
        else:
            touched = {
                who
                for session in rnd.sessions
                if decision.session in (None, session.id)
                for result in session.results
                if result.car == decision.car
                for who in competitors(season, rules, rnd.number, result)
            }
        out = {who: change.get(who, Fraction(0)) for who in sorted(touched)}
    ledger.lost[decision] = out
    return out


def _row(
    season: Season,
    rules: ClassificationRules,
    position: int | None,
    text: str,
    competitor: str,
    points: Fraction,
    detail: tuple[tuple[RoundScore, ...], int, int, tuple[Adjustment, ...]],
    fractions: _Units,
) -> Standing:
    breakdown, wins, deducted, adjustments = detail
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
        adjustments=adjustments,
    )
