"""Amended classifications: a session's order once the stewards' decisions are made.

The classification published (the results file) stays as it is in the data; scoring reads
the amended one. Decisions that amend a session, applied in the order they took effect
(their `date`, undated ones first, then as listed):

- `disqualification`: the result is struck out (status DSQ, no position); the cars behind
  move up. With no `session` it strikes the car from every session of its round.
- `time_penalty` (`seconds`): the car's race time grows by the penalty and it is
  re-classified by laps and time: it drops behind every car on its lap count whose time is
  now shorter (on equal time, behind it); cars with more laps stay ahead, cars laps down
  stay behind. A car's race time is its `time` (the winner's), or the winner's time plus
  its `gap` (`+5.123`; a gap may stand in the time column).
- `place_drop` (`places`): the car drops that many places (not past the last classified).
- `back_of_lap`: the car moves behind every car on its lap count.

A car's lap count is its `laps`; without it, the winner's laps less the laps of a
`+N laps` gap (or the winner's, for a time gap). A decision a reinstatement cancels is
void (`podium.model.decision.in_force`). Everything here is pure: no I/O, no state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction

from podium.errors import NotFound
from podium.model.decision import REORDERING, Decision, DecisionKind, in_force
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.model.values import laps_behind, seconds_as_printed


@dataclass(frozen=True, slots=True)
class AmendedResult:
    """One line of an amended classification.

    `result` is the line as scoring reads it (its status and position amended), `original`
    the line as published, `decisions` the decisions taken against this car that changed
    its line, in the order they were applied (a car that moved up because another was
    penalised lists none: compare `position` with `original_position`).
    """

    result: Result
    original: Result
    decisions: tuple[Decision, ...] = ()

    @property
    def position(self) -> int | None:
        return self.result.position if self.result.classified else None

    @property
    def original_position(self) -> int | None:
        return self.original.position if self.original.classified else None

    @property
    def amended(self) -> bool:
        """Whether the line differs from the one published."""
        return self.result != self.original

    @property
    def decision(self) -> Decision | None:
        """The last decision taken against this car (None: as published, or moved up)."""
        return self.decisions[-1] if self.decisions else None

    @property
    def struck(self) -> bool:
        """Struck out by a disqualification."""
        return any(d.kind is DecisionKind.DISQUALIFICATION for d in self.decisions)

    @property
    def crossed(self) -> int | None:
        """Where the car crossed the line, when a decision against it changed its place."""
        if not self.decisions or self.original_position == self.position:
            return None
        return self.original_position

    @property
    def position_text(self) -> str:
        return self.result.position_text

    def crossed_text(self) -> str | None:
        """`crossed the line 1st`, for a car a decision moved or struck out."""
        if self.crossed is None:
            return None
        return f"crossed the line {ordinal(self.crossed)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def amended(
    season: Season,
    round_number: int,
    session_id: str,
    classification: str | None = None,
    as_of: datetime | None = None,
) -> tuple[AmendedResult, ...]:
    """The amended classification of one session, best placed first.

    Classified results in their amended order, then the others (DNF, DSQ, ...) in their
    published order. Each line carries its original position and the decisions that moved
    it. `classification`: as that classification sees it (decisions limited to it count
    too); None: only the decisions for every classification. `as_of`: only the decisions
    in effect by then (see `podium.model.decision.in_force`).

    Raises NotFound for a round or session the season does not have.
    """
    rnd = season.round(round_number)
    session = rnd.session(session_id)
    if session is None:
        known = ", ".join(s.id for s in rnd.sessions) or "none"
        raise NotFound(
            f"{season.key}: round {round_number} has no session {session_id!r} (sessions: {known})"
        )
    decisions = [
        d
        for d in in_force(season.decisions, as_of)
        if d.round == round_number
        and (d.classification is None if classification is None else d.applies_to(classification))
    ]
    lines = amend_results(session.results, session_id, decisions)
    ahead = [a for a in lines if a.result.classified]
    ahead.sort(key=lambda a: a.result.position or 0)  # stable: the amended order
    return (*ahead, *(a for a in lines if not a.result.classified))


def amend_results(
    results: Sequence[Result], session_id: str, decisions: Iterable[Decision]
) -> tuple[AmendedResult, ...]:
    """`results` amended by those of `decisions` that apply to session `session_id`, in the
    order of `results` (the decisions are taken as given: filter them for round,
    classification and reinstatements first)."""
    chosen = [d for d in decisions if _amends(d, session_id)]
    if not chosen:
        return tuple(AmendedResult(r, r) for r in results)
    timing = _Timing(results)
    extra: dict[str, Fraction] = {}
    index = {r.car: i for i, r in enumerate(results)}
    current: list[Result] = list(results)
    moved: list[list[Decision]] = [[] for _ in results]
    for decision in _in_order(chosen):
        i = index.get(decision.car or "")
        if i is None:
            continue
        hit = current[i]
        if decision.kind is DecisionKind.DISQUALIFICATION:
            if hit.status is Status.DSQ and hit.position is None:
                continue
            place = hit.position if hit.classified else None
            current[i] = replace(hit, status=Status.DSQ, position=None)
            if place is not None:
                for j, r in enumerate(current):
                    if r.classified and (r.position or 0) > place:
                        current[j] = replace(r, position=(r.position or 0) - 1)
            moved[i].append(decision)
            continue
        if not hit.classified:
            continue
        order = sorted(
            (j for j, r in enumerate(current) if r.classified),
            key=lambda j: (current[j].position or 0, j),
        )
        slots = [current[j].position or 0 for j in order]
        at = order.index(i)
        rest = order[:at] + order[at + 1 :]
        if decision.kind is DecisionKind.TIME_PENALTY:
            extra[hit.car] = extra.get(hit.car, Fraction(0)) + (decision.seconds or 0)
            to = _after_penalty(timing, current, rest, at, i, extra)
            if to is None:
                continue  # times not known enough (the loader reports it)
        elif decision.kind is DecisionKind.PLACE_DROP:
            to = min(at + (decision.places or 0), len(rest))
        else:  # back of lap
            down = timing.down(i)
            to = at
            for k in range(at, len(rest)):
                if timing.down(rest[k]) <= down:
                    to = k + 1
        new_order = [*rest[:to], i, *rest[to:]]
        for j, slot in zip(new_order, slots, strict=True):
            current[j] = replace(current[j], position=slot)
        moved[i].append(decision)
    current = _amended_times(timing, current, extra)
    return tuple(AmendedResult(current[i], r, tuple(moved[i])) for i, r in enumerate(results))


def penalty_problem(results: Sequence[Result], car: str) -> str | None:
    """Why a time penalty on `car` cannot re-classify `results` (None: it can): the car's
    race time, and that of every car behind it on its lap count, must be known."""
    timing = _Timing(results)
    i = next((j for j, r in enumerate(results) if r.car == car), None)
    if i is None or not results[i].classified:
        return None
    if timing.total(i) is None:
        return (
            f"a time penalty needs car {car}'s race time (a time, or the winner's time "
            "and a gap in seconds)"
        )
    place = results[i].position or 0
    for j, r in enumerate(results):
        if j == i or not r.classified or (r.position or 0) < place:
            continue
        if timing.down(j) == timing.down(i) and timing.total(j) is None:
            return (
                f"a time penalty on car {car} needs the race time of car {r.car}, on the "
                "same lap (a time, or the winner's time and a gap in seconds)"
            )
    return None


def _amends(decision: Decision, session_id: str) -> bool:
    if decision.kind is DecisionKind.DISQUALIFICATION:
        return decision.session in (None, session_id)
    return decision.kind in REORDERING and decision.session == session_id


def _in_order(decisions: list[Decision]) -> list[Decision]:
    """In the order they took effect: undated first, then by date(-time); as listed on ties."""

    def key(pair: tuple[int, Decision]) -> tuple[bool, datetime, int]:
        n, d = pair
        when = d.effective
        return (when is not None, (when or datetime.min).replace(tzinfo=None), n)

    return [d for _, d in sorted(enumerate(decisions), key=key)]


def _after_penalty(
    timing: _Timing,
    current: list[Result],
    rest: list[int],
    at: int,
    i: int,
    extra: dict[str, Fraction],
) -> int | None:
    """Where in `rest` (the order without car `i`, which was at `at`) the penalised car goes."""
    mine = timing.total(i)
    if mine is None:
        return None
    mine += extra.get(current[i].car, Fraction(0))
    down = timing.down(i)
    to = at
    for k in range(at, len(rest)):
        j = rest[k]
        if timing.down(j) > down:
            break
        theirs = timing.total(j)
        if timing.down(j) == down:
            if theirs is None:
                return None
            if theirs + extra.get(current[j].car, Fraction(0)) > mine:
                break
        to = k + 1
    return to


def _amended_times(
    timing: _Timing, current: list[Result], extra: dict[str, Fraction]
) -> list[Result]:
    """The times and gaps of the amended classification, so no published figure stands
    beside an amended place: a penalised car's time includes its penalty, gaps are to the
    amended winner, laps behind stay laps (counted from the amended winner's). A line whose
    figures did not change keeps its text as published; one a disqualification struck out
    shows none (its published figures stay in the original line). A figure that cannot be
    worked out (a time not published) is left blank rather than shown wrong."""
    ranked = [j for j, r in enumerate(current) if r.classified]
    winner = min(ranked, key=lambda j: current[j].position or 0, default=None)
    first = timing.winner
    out = list(current)
    for j, r in enumerate(current):
        if r.status is Status.DSQ and timing.results[j].status is not Status.DSQ:
            out[j] = replace(r, time=None, gap=None)
    if winner is None:
        return out
    decimals = timing.decimals(extra.values())
    lead_unchanged = winner == first and not extra.get(current[winner].car)
    for j in ranked:
        r = current[j]
        own_extra = extra.get(r.car, Fraction(0))
        if lead_unchanged and not own_extra:
            continue  # the same winner, the same time: the gap as published stands
        published_own_clock = r.time is not None and not r.time.startswith(("+", "-"))
        own = timing.total(j)
        if own is not None:
            own += own_extra
        time: str | None = r.time if published_own_clock and not own_extra else None
        if published_own_clock and own_extra and own is not None:
            time = _clock_text(own, decimals)
        if j == winner:
            if time is None and own is not None:
                time = _clock_text(own, decimals)
            out[j] = replace(r, time=time, gap=None)
            continue
        down = timing.down(j) - timing.down(winner)
        if down > 0:
            gap: str | None = f"+{down} lap" + ("" if down == 1 else "s")
            if timing.down(j) == down:  # as many laps behind as published: its own words
                gap = next((t for t in (r.gap, r.time) if laps_behind(t) == down), gap)
        else:
            # Behind the amended winner: by the times' offsets from the published winner,
            # known from gaps alone when the winner's time was not published.
            mine, theirs = timing.behind(j), timing.behind(winner)
            if mine is None or theirs is None:
                gap = None
            else:
                apart = mine + own_extra - theirs - extra.get(current[winner].car, Fraction(0))
                gap = ("-" if apart < 0 else "+") + _clock_text(abs(apart), decimals)
        if published_own_clock or r.gap is not None or r.time is None:
            out[j] = replace(r, time=time, gap=gap)
        else:  # the gap stood in the time column: it still does
            out[j] = replace(r, time=gap, gap=None)
    return out


def _clock_text(seconds: Fraction, decimals: int) -> str:
    """`1:02:03.400`, `30:07.000`, `7.000`: seconds as a clock time with `decimals` places
    (exact: the figures added up are all written to at most that many places)."""
    scaled = seconds * 10**decimals
    whole = scaled.numerator // scaled.denominator
    units, fraction = divmod(whole, 10**decimals)
    hours, rest = divmod(units, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{fraction:0{decimals}d}" if decimals else ""
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}{tail}"
    if minutes:
        return f"{minutes}:{secs:02d}{tail}"
    return f"{secs}{tail}"


class _Timing:
    """Race times and lap counts of a session's published results, exactly."""

    def __init__(self, results: Sequence[Result]) -> None:
        self.results = results
        winner = min(
            (r for r in results if r.classified),
            key=lambda r: r.position or 0,
            default=None,
        )
        self.winner = (
            None if winner is None else next(i for i, r in enumerate(results) if r is winner)
        )
        self.winner_time = _clock(winner.time) if winner is not None else None
        self.winner_laps = winner.laps if winner is not None else None

    def decimals(self, penalties: Iterable[Fraction]) -> int:
        """Places after the second to write amended figures with: as many as the published
        times and gaps use (3 for `+2.000`), more if a penalty needs them (0.25 s)."""
        places = [
            len(text.strip().removesuffix("s").partition(".")[2])
            for r in self.results
            for text in (r.time, r.gap)
            if text is not None and laps_behind(text) is None
        ]
        for seconds in penalties:
            n = 0
            while (seconds * 10**n).denominator != 1 and n < 9:
                n += 1
            places.append(n)
        return max(places, default=0)

    def total(self, i: int) -> Fraction | None:
        """The race time of result `i`, in seconds; None if not known."""
        r = self.results[i]
        if r.time is not None and not r.time.startswith(("+", "-")):
            return _clock(r.time)
        gap_text = r.gap if r.gap is not None else r.time
        if gap_text is None or self.winner_time is None or laps_behind(gap_text) is not None:
            return None
        sign = -1 if gap_text.startswith("-") else 1
        seconds = _clock(gap_text.lstrip("+-"))
        return None if seconds is None else self.winner_time + sign * seconds

    def behind(self, i: int) -> Fraction | None:
        """Seconds result `i` finished behind the published winner (0 for the winner); None
        if not known. Unlike `total`, known from a gap even without the winner's time."""
        if i == self.winner:
            return Fraction(0)
        total = self.total(i)
        if total is not None and self.winner_time is not None:
            return total - self.winner_time
        r = self.results[i]
        gap_text = r.gap if r.gap is not None else r.time
        if gap_text is None or laps_behind(gap_text) is not None:
            return None
        if r.gap is None and not gap_text.startswith(("+", "-")):
            return None  # its own time, and the winner's is not known
        seconds = _clock(gap_text.lstrip("+-"))
        sign = -1 if gap_text.startswith("-") else 1
        return None if seconds is None else sign * seconds

    def down(self, i: int) -> int:
        """Laps behind the winner."""
        r = self.results[i]
        if r.laps is not None and self.winner_laps is not None:
            return self.winner_laps - r.laps
        for text in (r.gap, r.time):
            laps = laps_behind(text)
            if laps is not None:
                return laps
        return 0


def _clock(text: str | None) -> Fraction | None:
    return None if text is None else seconds_as_printed(text.strip())
