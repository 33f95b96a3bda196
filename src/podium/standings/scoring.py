"""Scoring one round for one classification: pure functions from results to awards.

An `Award` is what one competitor earned from one session: points for a place, or a
bonus. Everything later (drops, decisions, ranking) works from awards alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from podium.model.calendar import Round
from podium.model.decision import Decision, DecisionKind, in_force
from podium.model.entry import Entry
from podium.model.result import Result
from podium.model.season import Season
from podium.model.session import Session
from podium.model.values import clock_seconds
from podium.rules.model import Bonus, ClassificationRules, Scale, ScoringItem, ShortenedPolicy
from podium.standings.amend import amend_results

ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class Award:
    competitor: str
    car: str
    round: int
    session: str
    points: Fraction  # what counts toward the competitor's score
    kind: Literal["place", "bonus"] = "place"
    place: int | None = None  # the place scored as (among eligible entries where that applies)
    worth: Fraction = ZERO  # points of the place before cars were chosen (organisations)
    counted: bool = True  # False: a car of an organisation that did not count
    countback: bool = False  # whether `place` enters the countback
    classified: bool = True
    grid: int | None = None
    position: int | None = None  # the overall place in the session's classification


@dataclass(frozen=True, slots=True)
class _SessionRules:
    """The rules for one session once the round's overrides are applied."""

    item: ScoringItem | None
    scale: Scale
    factor: Fraction
    shortened: ShortenedPolicy
    bonuses: bool


def score_round(season: Season, rules: ClassificationRules, rnd: Round) -> list[Award]:
    """Every award of one round in one classification (zero-point places included)."""
    awards: list[Award] = []
    decisions = _round_decisions(season, rules, rnd)
    for session in rnd.sessions:
        sr = session_rules(rules, rnd.number, session)
        if sr is None:
            continue
        results = _apply_disqualifications(session.results, session.id, decisions)
        awards.extend(_score_session(season, rules, rnd.number, session, results, sr))
    return _withhold(awards, decisions)


def session_excluded(rules: ClassificationRules, round_number: int, session: Session) -> bool:
    """Whether an override takes the session out of the classification altogether."""
    return any(o.excluded and o.matches(round_number, session) for o in rules.overrides)


def session_results(
    season: Season, rules: ClassificationRules, rnd: Round, session: Session
) -> Sequence[Result]:
    """A session's results as the classification sees them: amended by the stewards'
    decisions (disqualifications, penalties; podium.standings.amend), in published order."""
    return _apply_disqualifications(
        session.results, session.id, _round_decisions(season, rules, rnd)
    )


def _round_decisions(season: Season, rules: ClassificationRules, rnd: Round) -> list[Decision]:
    """The round's decisions that stand and apply to the classification."""
    return [
        d for d in in_force(season.decisions) if d.round == rnd.number and d.applies_to(rules.id)
    ]


def competitors(
    season: Season, rules: ClassificationRules, round_number: int, result: Result
) -> tuple[str, ...]:
    """Who a result is for in the classification; nobody if its entry is not eligible."""
    entry = season.entry_for(result.car, round_number)
    if not rules.eligibility.admits(entry):
        return ()
    return competitors_of(rules, entry, result)


def participants(season: Season, rules: ClassificationRules, rnd: Round) -> set[str]:
    """Competitors eligible for the classification who took part in any session of the round."""
    out: set[str] = set()
    for session in rnd.sessions:
        for result in session.results:
            entry = season.entry_for(result.car, rnd.number)
            if rules.eligibility.admits(entry):
                out.update(competitors_of(rules, entry, result))
    return out


def session_rules(
    rules: ClassificationRules, round_number: int, session: Session
) -> _SessionRules | None:
    item = next((i for i in rules.scoring if i.session.matches(session)), None)
    has_bonus = any(b.session.matches(session) for b in rules.bonuses)
    if item is None and not has_bonus:
        return None
    scale = item.points if item is not None else ()
    factor, shortened, bonuses = Fraction(1), rules.shortened, True
    for override in rules.overrides:
        if not override.matches(round_number, session):
            continue
        if override.excluded:
            return None
        factor *= override.factor if override.factor is not None else 1
        scale = override.points if override.points is not None else scale
        shortened = override.shortened if override.shortened is not None else shortened
        bonuses = override.bonuses if override.bonuses is not None else bonuses
    return _SessionRules(item, scale, factor, shortened, bonuses)


def _apply_disqualifications(
    results: Sequence[Result], session_id: str, decisions: Iterable[Decision]
) -> Sequence[Result]:
    """The classification amended: disqualified results struck out (those behind move up),
    penalised cars re-classified. Published order; the amended status and positions."""
    return [a.result for a in amend_results(results, session_id, decisions)]


def _withhold(awards: list[Award], decisions: Iterable[Decision]) -> list[Award]:
    withheld = [d for d in decisions if d.kind is DecisionKind.WITHHOLD]
    if not withheld:
        return awards

    def hit(a: Award) -> bool:
        return any(
            d.competitor == a.competitor and d.session in (None, a.session) for d in withheld
        )

    return [replace(a, points=ZERO, worth=ZERO) if hit(a) else a for a in awards]


def competitors_of(
    rules: ClassificationRules, entry: Entry | None, result: Result
) -> tuple[str, ...]:
    if rules.competitor == "driver":
        return result.drivers or (entry.drivers if entry else ())
    if rules.competitor == "car":
        return (result.car,)
    org = entry.organisation(rules.competitor) if entry else None
    if not org:
        return ()
    return (rules.count_as.get(org, org),)


def _eligible_places(
    season: Season, rules: ClassificationRules, round_number: int, results: Sequence[Result]
) -> dict[int, int]:
    """Place among eligible classified cars, keyed by index in `results`; dead heats share."""
    ranked = sorted(
        (r.position or 0, i)
        for i, r in enumerate(results)
        if r.classified and rules.eligibility.admits(season.entry_for(r.car, round_number))
    )
    places: dict[int, int] = {}
    previous: tuple[int, int] | None = None
    for n, (position, index) in enumerate(ranked, start=1):
        place = previous[1] if previous and previous[0] == position else n
        places[index] = place
        previous = (position, place)
    return places


def _shortened_scale(
    policy: ShortenedPolicy, session: Session, scale: Scale
) -> tuple[Scale, Fraction]:
    """The scale and factor for a race short of its distance."""
    if not policy.applies(session):
        return scale, Fraction(1)
    fraction = Fraction(session.completed_laps or 0, session.scheduled_laps or 1)
    if (session.completed_laps or 0) < policy.min_laps:
        return (), Fraction(1)
    for band in policy.bands:
        if fraction < band.below:
            return band.points, Fraction(1)
    if policy.below is not None and fraction < policy.below:
        return scale, policy.factor
    return scale, Fraction(1)


def _shares(rules: ClassificationRules, result: Result, crew: Sequence[str]) -> list[Fraction]:
    n = len(crew)
    if n <= 1:
        return [Fraction(1)] * n
    if rules.shared_car == "none":
        return [ZERO] * n
    if rules.shared_car == "full":
        return [Fraction(1)] * n
    if result.shares and len(result.shares) == n and sum(result.shares):
        total = sum(result.shares, ZERO)
        return [s / total for s in result.shares]
    return [Fraction(1, n)] * n


def _score_session(
    season: Season,
    rules: ClassificationRules,
    round_number: int,
    session: Session,
    results: Sequence[Result],
    sr: _SessionRules,
) -> list[Award]:
    scale, short_factor = _shortened_scale(sr.shortened, session, sr.scale)
    shortened = sr.shortened.applies(session) and (scale is not sr.scale or short_factor != 1)
    factor = sr.factor * short_factor
    by_eligible = sr.item is not None and sr.item.basis == "eligible"
    eligible_places = _eligible_places(season, rules, round_number, results) if by_eligible else {}
    countback = sr.item.enters_countback(session) if sr.item is not None else False
    awards: list[Award] = []
    if sr.item is not None:
        for index, result in enumerate(results):
            entry = season.entry_for(result.car, round_number)
            if not rules.eligibility.admits(entry):
                continue
            crew = competitors_of(rules, entry, result)
            place = eligible_places.get(index) if by_eligible else result.position
            if not result.classified:
                place = None
            worth = scale[place - 1] if place and place <= len(scale) else ZERO
            if factor != 1 and worth:
                worth *= factor
            if rules.competitor == "driver":
                shares = _shares(rules, result, crew)
            else:
                # An organisation scores a shared car only if its drivers would.
                drove = result.drivers or (entry.drivers if entry else ())
                shares = [ZERO if len(drove) > 1 and rules.shared_car == "none" else Fraction(1)]
            for competitor, share in zip(crew, shares, strict=False):
                points = worth if share == 1 else worth * share
                awards.append(
                    Award(
                        competitor=competitor,
                        car=result.car,
                        round=round_number,
                        session=session.id,
                        points=points,
                        place=place,
                        worth=points,
                        countback=countback,
                        classified=result.classified,
                        grid=result.grid,
                        position=result.position if result.classified else None,
                    )
                )
        if rules.competitor == "driver" and rules.multi_car == "best_only":
            awards = _best_car_only(awards)
        elif rules.competitor not in ("driver", "car"):
            awards = _choose_cars(season, rules, round_number, awards)
    bonuses_allowed = sr.bonuses and not (shortened and not sr.shortened.bonuses)
    if bonuses_allowed:
        for bonus in rules.bonuses:
            if bonus.session.matches(session):
                awards.extend(_bonus(season, rules, round_number, session, results, bonus, factor))
    return awards


def _best_car_only(awards: list[Award]) -> list[Award]:
    """A driver in several cars keeps only the best-placed one's points."""
    best: dict[str, Award] = {}
    for a in awards:
        kept = best.get(a.competitor)
        if kept is None or (a.place or 10**6, -a.points) < (kept.place or 10**6, -kept.points):
            best[a.competitor] = a
    return [
        a if best[a.competitor] is a else replace(a, points=ZERO, counted=False) for a in awards
    ]


def _choose_cars(
    season: Season, rules: ClassificationRules, round_number: int, awards: list[Award]
) -> list[Award]:
    """Only the organisation's cars that score for it count: best N, or nominated cars."""
    flag, best = rules.cars.flag, rules.cars.best
    if flag is None and best is None:
        return awards
    out = list(awards)
    if flag is not None:
        for i, award in enumerate(out):
            entry = season.entry_for(award.car, round_number)
            if entry is None or flag not in entry.flags:
                out[i] = replace(award, points=ZERO, counted=False)
    if best is not None:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, award in enumerate(out):
            if award.counted:
                groups[award.competitor].append(i)
        for indices in groups.values():
            ranked = sorted(indices, key=lambda i: (-out[i].points, out[i].place or 10**6))
            for i in ranked[best:]:
                out[i] = replace(out[i], points=ZERO, counted=False)
    return out


def _scores_for_organisation(rules: ClassificationRules, entry: Entry | None) -> bool:
    """Whether a car may score for its organisation at all (only nominated cars, if any)."""
    flag = rules.cars.flag
    if flag is None or rules.competitor in ("driver", "car"):
        return True
    return entry is not None and flag in entry.flags


def _bonus(
    season: Season,
    rules: ClassificationRules,
    round_number: int,
    session: Session,
    results: Sequence[Result],
    bonus: Bonus,
    factor: Fraction,
) -> list[Award]:
    fraction = session.distance_fraction
    if bonus.min_distance is not None and fraction is not None and fraction < bonus.min_distance:
        return []

    def eligible(result: Result) -> bool:
        entry = season.entry_for(result.car, round_number)
        return rules.eligibility.admits(entry) and bool(competitors_of(rules, entry, result))

    candidates = [r for r in results if bonus.among == "all" or eligible(r)]
    holders: list[tuple[Result, tuple[str, ...] | None]] = []
    recorded = session.awards.get(bonus.award) if bonus.award else None
    if recorded is not None:
        for who in recorded:
            for r in results:
                entry = season.entry_for(r.car, round_number)
                if r.car == who:
                    holders.append((r, None))
                elif who in (r.drivers or (entry.drivers if entry else ())):
                    holders.append((r, (who,)))
    elif bonus.holder == "best_placed":
        placed = [r for r in candidates if r.classified]
        if placed:
            top = min(r.position or 0 for r in placed)
            holders = [(r, None) for r in placed if r.position == top]
    else:
        ranked = [r for r in candidates if r.fastest_lap_rank is not None]
        if ranked:
            top = min(r.fastest_lap_rank or 0 for r in ranked)
            holders = [(r, None) for r in ranked if r.fastest_lap_rank == top]
        else:
            # Exact seconds: two laps of the same time written alike tie, as they should.
            timed = [
                (seconds, r)
                for r in candidates
                if r.fastest_lap and (seconds := clock_seconds(r.fastest_lap)) is not None
            ]
            if timed:
                best = min(t for t, _ in timed)
                holders = [(r, None) for t, r in timed if t == best]
    if not holders or (bonus.ties == "none" and len(holders) > 1):
        return []
    each = bonus.points * factor
    if bonus.ties == "split":
        each /= len(holders)
    awards: list[Award] = []
    for result, only in holders:
        if bonus.classified and not result.classified:
            continue
        if bonus.top is not None and not (
            result.classified and (result.position or 0) <= bonus.top
        ):
            continue
        if not eligible(result):
            continue
        entry = season.entry_for(result.car, round_number)
        if not _scores_for_organisation(rules, entry):
            continue
        if only and rules.competitor == "driver":
            crew = only
        else:
            crew = competitors_of(rules, entry, result)
        shares = _shares(rules, result, crew) if rules.competitor == "driver" else [Fraction(1)]
        for competitor, share in zip(crew, shares, strict=False):
            awards.append(
                Award(
                    competitor=competitor,
                    car=result.car,
                    round=round_number,
                    session=session.id,
                    points=each * share,
                    worth=each * share,
                    kind="bonus",
                    classified=result.classified,
                )
            )
    return awards


