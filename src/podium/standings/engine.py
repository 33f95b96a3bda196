"""The standings engine: season data + rules + decisions -> tables after every round.

Pure: it reads a `Season` and returns `StandingsTable`s. It never reads a published points
column. One path for every series: what differs is in the rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
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

ZERO = Fraction(0)


def standings(
    season: Season, classification: str, after_round: int | None = None
) -> StandingsTable:
    """The standings of one classification after `after_round` (default: the last held)."""
    last = season.last_held_round()
    target = last if after_round is None else after_round
    if target > last or target < 1 or target not in {r.number for r in season.rounds}:
        raise NotFound(
            f"{season.key}: no standings after round {target} "
            f"(rounds held: {', '.join(str(r.number) for r in season.held_rounds()) or 'none'})"
        )
    tables = list(_tables(season, classification, target))
    if not tables:
        raise NotFound(f"{season.key}: no round held up to round {target}")
    table = tables[-1]
    if table.after_round != target:
        return _relabel(season, table, target)
    return table


def standings_history(season: Season, classification: str) -> list[StandingsTable]:
    """The standings after every held round, in order."""
    return list(_tables(season, classification, season.last_held_round()))


def _relabel(season: Season, table: StandingsTable, after_round: int) -> StandingsTable:
    """After a cancelled round the table is the previous one, on that round's calendar."""
    from dataclasses import replace

    return replace(table, after_round=after_round, rounds_total=_rounds_total(season, after_round))


def _rounds_total(season: Season, after_round: int) -> int:
    rnd = season.round(after_round)
    return season.rounds_total(rnd.end or rnd.start)


class _Ledger:
    """Everything scored so far in one classification, updated round by round."""

    def __init__(self, season: Season, rules: ClassificationRules) -> None:
        self.season = season
        self.rules = rules
        self.awards: dict[str, list[Award]] = defaultdict(list)
        self.listed: set[str] = set()
        self.session_kinds: dict[tuple[int, str], Round] = {}

    def add_round(self, rnd: Round) -> None:
        awards = score_round(self.season, self.rules, rnd)
        for award in awards:
            self.awards[award.competitor].append(award)
        listing = self.rules.listing
        if listing == "entrants":
            self.listed |= participants(self.season, self.rules, rnd)
        for award in awards:
            session = rnd.session(award.session)
            if (award.points != 0 and award.counted) or (
                listing == "classified"
                and award.kind == "place"
                and award.classified
                and session is not None
                and self.rules.listing_session.matches(session)
            ):
                self.listed.add(award.competitor)


def _tables(season: Season, classification: str, up_to: int) -> Iterator[StandingsTable]:
    rules = season.rules.classification(classification)
    ledger = _Ledger(season, rules)
    previous: dict[str, int] = {}
    held = list(season.held_rounds(up_to))
    final_round = max((r.number for r in season.rounds if r.on_calendar(None)), default=0)
    for rnd in held:
        ledger.add_round(rnd)
        table = _table(season, rules, ledger, rnd.number, previous, rnd.number >= final_round)
        previous = {r.competitor: r.position for r in table.rows if r.position is not None}
        yield table


def _table(
    season: Season,
    rules: ClassificationRules,
    ledger: _Ledger,
    after_round: int,
    previous: dict[str, int],
    final: bool,
) -> StandingsTable:
    decisions = [
        d
        for d in season.decisions
        if d.applies_to(rules.id) and d.round <= after_round and d.competitor is not None
    ]
    resets = _latest(decisions, DecisionKind.RESET)
    exclusions = {
        d.competitor: d
        for d in decisions
        if d.kind is DecisionKind.EXCLUSION and d.competitor and (final or not d.final_only)
    }
    deductions: dict[str, Fraction] = defaultdict(Fraction)
    for d in decisions:
        if d.kind is DecisionKind.DEDUCTION and d.competitor:
            deductions[d.competitor] += d.points

    contenders: list[Contender] = []
    excluded: list[Standing] = []
    rows_by_id: dict[str, tuple[tuple[RoundScore, ...], int, Fraction]] = {}
    for competitor in sorted(ledger.listed | set(exclusions)):
        since = resets.get(competitor, 0)
        awards = [a for a in ledger.awards.get(competitor, []) if a.round >= since]
        total, breakdown = _score(rules, awards)
        total -= deductions.get(competitor, ZERO)
        wins = sum(1 for a in awards if a.kind == "place" and a.countback and a.place == 1)
        rows_by_id[competitor] = (breakdown, wins, deductions.get(competitor, ZERO))
        name = season.competitor_name(competitor)
        if competitor in exclusions:
            decision = exclusions[competitor]
            excluded.append(
                _row(
                    season,
                    rules,
                    None,
                    decision.position_text,
                    competitor,
                    total if decision.keep_points else ZERO,
                    rows_by_id[competitor],
                )
            )
            continue
        contenders.append(
            Contender(
                competitor=competitor,
                name=name,
                points=total,
                best_grid=min((a.grid for a in awards if a.grid), default=None),
                previous_position=previous.get(competitor),
            )
        )
    awards_by_id = ledger.awards

    def places(contender: Contender, step: TieStep) -> Counter[int]:
        key = (step.places, step.all_cars, id(step.session))
        cached = contender.places.get(key)
        if cached is not None:
            return cached
        counts: Counter[int] = Counter()
        since = resets.get(contender.competitor, 0)
        for a in awards_by_id.get(contender.competitor, []):
            if a.kind != "place" or a.place is None or not a.countback or a.round < since:
                continue
            if step.session is not None:
                session = season.round(a.round).session(a.session)
                if session is None or not step.session.matches(session):
                    continue
            if step.places == "scoring":
                worth = a.worth if step.all_cars else (a.points if a.counted else ZERO)
                if worth <= 0:
                    continue
            counts[a.place] += 1
        contender.places[key] = counts
        return counts

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
                    season, rules, position, text, c.competitor, c.points, rows_by_id[c.competitor]
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


def _latest(decisions: list[Decision], kind: DecisionKind) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in decisions:
        if d.kind is kind and d.competitor:
            out[d.competitor] = max(out.get(d.competitor, 0), d.round)
    return out


def _score(
    rules: ClassificationRules, awards: list[Award]
) -> tuple[Fraction, tuple[RoundScore, ...]]:
    """Total after drops, and the per-round breakdown with dropped rounds marked."""
    by_round: dict[int, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    for a in awards:
        if a.counted:
            by_round[a.round][a.session] += a.points
    unit = rules.drops.unit if rules.drops else "round"
    if unit == "round":
        scores: dict[int, Fraction] = {r: sum(s.values(), ZERO) for r, s in by_round.items()}
        dropped = dropped_units(scores, rules.drops)
        dropped_sessions: set[tuple[int, str]] = set()
    else:
        session_scores = {(r, s): p for r, ss in by_round.items() for s, p in ss.items()}
        dropped_sessions = dropped_units(session_scores, rules.drops)
        dropped = set()
    total = ZERO
    breakdown: list[RoundScore] = []
    for r in sorted(by_round):
        sessions = dict(by_round[r])
        round_points = sum(sessions.values(), ZERO)
        kept = (
            ZERO
            if r in dropped
            else sum((p for s, p in sessions.items() if (r, s) not in dropped_sessions), ZERO)
        )
        total += kept
        breakdown.append(
            RoundScore(
                round=r, points=round_points, dropped=kept != round_points, sessions=sessions
            )
        )
    return total, tuple(breakdown)


def _row(
    season: Season,
    rules: ClassificationRules,
    position: int | None,
    text: str,
    competitor: str,
    points: Fraction,
    detail: tuple[tuple[RoundScore, ...], int, Fraction],
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
        deductions=deducted,
        nationality=nationality,
        decimals=rules.decimals,
    )
