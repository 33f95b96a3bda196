"""The facts a story may state, from the season data: what `{{ andreas.qualifying.place }}`
names, and what the talking points say.

A fact is a value (a place, a gap, a worded result) or a group of facts (`Facts`: an
entry, a session of it, its standing in a classification). A fact the data does not give
(no qualifying time, no grid) is `Lacking` with the reason: naming it in a story is an
error with the story's file and line, never an empty or invented text.

Every fact is listed in `CATALOGUE` with an example from the bundled WTCR 2021 season
(docs/press-kit.md prints that list; a test checks each example against the data).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from babel.numbers import get_decimal_symbol

from podium.model.calendar import Round
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.model.values import clock_seconds, laps_behind, seconds_as_printed
from podium.reports.i18n import Language
from podium.reports.kit import Chosen, NextEvent
from podium.reports.memo import memo
from podium.reports.wording import result_words
from podium.standings import AmendedResult, StandingsTable

RACES = (SessionKind.RACE, SessionKind.SPRINT)
# How a result reads ("17th place", "Retired (DNF)"): assemble.result_words.
Worded = Callable[[Result | None, Language, AmendedResult | None], str]


@dataclass(frozen=True, slots=True)
class Lacking:
    """A fact the data does not give, and why."""

    reason: str


class Facts:
    """A group of facts: `andreas`, `andreas.qualifying`, `andreas.standings.drivers`.

    Its facts are its attributes in a story (`{{ andreas.qualifying.place }}`); printed
    itself, it reads as its `text` (an entry: the driver's name; a session: the result)."""

    __slots__ = ("_lacking", "_path", "_text", "_values")

    def __init__(
        self,
        path: str,
        values: Mapping[str, object],
        text: str | None = None,
        lacking: str | None = None,  # why it has no text, when it should have one
    ) -> None:
        self._path = path
        self._values = dict(values)
        self._text = text
        self._lacking = lacking

    def __getattr__(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> object:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __str__(self) -> str:
        if self._text is None and self._lacking:
            raise FactError(f"{self._path} is not known for this round: {self._lacking}")
        if self._text is None:
            raise FactError(
                f"{self._path} is a group of facts: name one of {', '.join(self._values)}"
            )
        return self._text

    @property
    def path(self) -> str:
        return self._path

    def names(self) -> list[str]:
        return list(self._values)

    def get(self, name: str) -> object:
        """The fact `name` (Lacking or absent: None), for Python callers."""
        value = self._values.get(name)
        return None if isinstance(value, Lacking) else value


class FactError(Exception):
    """A story asks for a fact in a way that cannot be printed."""


# -- who is who ---------------------------------------------------------------------------


def template_name(text: str) -> str:
    """A name as a story writes it: `andreas`, `jean_karl`, `target_competition`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    name = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return name if name and not name[0].isdigit() else f"car_{name}"


def entry_names(entries: Sequence[Chosen]) -> list[list[str]]:
    """The names each entry goes by in a story: its first name where no other entry of the
    kit shares it, and always its driver id (`andreas`, `andreas_backman`)."""
    firsts = [template_name(e.first_name) for e in entries]
    out = []
    for entry, first in zip(entries, firsts, strict=True):
        names = [template_name(entry.drivers[0]) if entry.drivers else f"car_{entry.car}"]
        if firsts.count(first) == 1 and first not in names:
            names.insert(0, first)
        out.append(names)
    return out


def session_key(session_id: str) -> str:
    """A session's id as a story names it: `race1`, `qualifying_q1`."""
    return template_name(session_id)


# -- the facts of one entry -----------------------------------------------------------------


def entry_facts(
    season: Season,
    rnd: Round,
    entry: Chosen,
    words: Language,
    name: str,
    others: Sequence[Chosen] = (),
    with_team_mate: bool = True,
) -> Facts:
    """Every fact of `entry` at round `rnd`: its sessions, standings, best result, points,
    team, car and team-mate (`others`: the other cars of the round, for the team-mate)."""
    car = season.entry_for(entry.car, rnd.number)
    values: dict[str, object] = {
        "name": entry.name,
        "first_name": entry.first_name,
        "number": entry.car,
        "car": (car.chassis if car and car.chassis else Lacking("no car (chassis) entered")),
        "team": (season.competitor_name(entry.team) if entry.team else Lacking("no team entered")),
        "nationality": _nationality(season, entry),
    }
    for session in rnd.sessions:
        values[session_key(session.id)] = session_facts(
            season, rnd, session, entry, words, f"{name}.{session_key(session.id)}", result_words
        )
    standings: dict[str, object] = {}
    weekend: dict[str, object] = {}
    for cid in season.rules.classifications:
        got = standing_facts(season, cid, rnd, entry, words, f"{name}.standings.{cid}")
        if got is not None:
            standings[cid] = got[0]
            weekend[cid] = got[1]
    values["standings"] = Facts(f"{name}.standings", standings)
    main = next(iter(standings), None)
    values["points"] = weekend[main] if main else Lacking("in no classification")
    values["points_in"] = Facts(f"{name}.points_in", weekend)
    values["best"] = best_result(season, rnd, entry, words, f"{name}.best", result_words)
    if with_team_mate:
        mates = [o for o in others if o.team and o.team == entry.team and o.car != entry.car]
        mate_facts = [
            entry_facts(season, rnd, m, words, f"{name}.team_mate", with_team_mate=False)
            for m in mates
        ]
        values["team_mate"] = (
            mate_facts[0]
            if len(mate_facts) == 1
            else Lacking(
                f"{len(mate_facts)} team-mates: name them by team_mates"
                if mate_facts
                else "no team-mate in this round"
            )
        )
        values["team_mates"] = mate_facts
    return Facts(name, values, text=entry.name)


def _nationality(season: Season, entry: Chosen) -> object:
    driver = season.drivers.get(entry.drivers[0]) if entry.drivers else None
    if driver and driver.nationality:
        return driver.nationality
    return Lacking("no nationality recorded")


def result_of(lines: Sequence[AmendedResult], entry: Chosen) -> AmendedResult | None:
    """The entry's line of an amended session (a car number, and one of its drivers)."""
    for line in lines:
        result = line.result
        if result.car != entry.car:
            continue
        if result.drivers and not set(entry.drivers) & set(result.drivers):
            continue
        return line
    return None


def session_facts(
    season: Season,
    rnd: Round,
    session: Session,
    entry: Chosen,
    words: Language,
    path: str,
    worded: Worded,
) -> Facts:
    lines = memo(season).amended(rnd.number, session.id)
    line = result_of(lines, entry)
    result = line.result if line else None
    values: dict[str, object] = {"name": words.session_name(session.name)}
    if not session.results:
        why: str = f"{session.name} has no classification"
        values.update(
            place=Lacking(why), result=Lacking(why), gap_to_fastest=Lacking(why), grid=Lacking(why)
        )
        return Facts(path, values, lacking=why)
    if result is None and session.partial:
        why = f"{session.name}: the classification gives no place for {entry.name}"
        values.update(place=Lacking(why), result=Lacking(why))
        text = None
    else:
        why = ""
        text = worded(result, words, line)
        values["result"] = text
        values["place"] = (
            result.position
            if result and result.classified and result.position is not None
            else Lacking(f"{entry.name} has no place in {session.name} ({text})")
        )
    values["retired"] = bool(result and result.status is Status.DNF)
    values["status"] = result.status.value if result else Lacking("did not take part")
    values["gap_to_fastest"] = _gap_words(gap_seconds(session, result), words, entry, session)
    values["gap_change"] = _gap_change(season, rnd, session, entry, words)
    values["grid"] = (
        result.grid if result and result.grid else Lacking(f"no grid given for {session.name}")
    )
    if session.kind in RACES:
        gained = (
            result.grid - result.position
            if result and result.grid and result.classified and result.position
            else None
        )
        values["places_gained"] = (
            gained
            if gained is not None
            else Lacking(f"{session.name}: a grid place and a finishing place are both needed")
        )
    values["points"] = _session_points(season, rnd, session, entry, words)
    return Facts(path, values, text=text, lacking=None if text else why)


def gap_seconds(session: Session, result: Result | None) -> Fraction | None:
    """The entry's gap to the fastest of the session, in seconds: its time against the
    best time (qualifying, practice), or its gap to the winner (a race, where the time
    column holds the race time). None when the data gives no such figure."""
    if result is None:
        return None
    if session.kind in RACES:
        if result.position == 1 and result.classified:
            return Fraction(0)
        text = result.gap or (result.time if result.time and result.time[:1] == "+" else None)
        if text is None or laps_behind(text) is not None:
            return None
        return seconds_as_printed(text.lstrip("+"))
    own = clock_seconds(result.time) if result.time else None
    if own is None and result.gap:
        return seconds_as_printed(result.gap.lstrip("+"))
    best = [
        t
        for r in session.results
        if r.time and r.classified and (t := clock_seconds(r.time)) is not None
    ]
    if own is None or not best:
        return None
    return own - min(best)


def _gap_words(
    seconds: Fraction | None, words: Language, entry: Chosen, session: Session
) -> object:
    if seconds is None:
        return Lacking(f"{session.name}: no time or gap of {entry.name}, or of the fastest")
    return words.p_("gap to the fastest", "+{seconds} s").format(
        seconds=seconds_text(seconds, words)
    )


def seconds_text(value: Fraction, words: Language) -> str:
    """Seconds to the thousandth, as timing sheets print them: 0.780, 0,780 (sv)."""
    shown = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(shown.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP), "f")
    return text.replace(".", get_decimal_symbol(words.locale))


def _gap_change(
    season: Season, rnd: Round, session: Session, entry: Chosen, words: Language
) -> object:
    """How the gap to the fastest moved since the same session of the previous round."""
    now = gap_seconds(session, _line(season, rnd, session, entry))
    before = None
    for earlier in reversed([r for r in season.held_rounds() if r.number < rnd.number]):
        same = earlier.session(session.id)
        if same is not None and same.results:
            before = gap_seconds(same, _line(season, earlier, same, entry))
            break
    if now is None or before is None:
        return Lacking(
            f"{session.name}: the gap to the fastest is needed in this round and the last"
        )
    change = now - before
    seconds = seconds_text(abs(change), words)
    if change < 0:
        return words.p_("gap change", "{seconds} s smaller").format(seconds=seconds)
    if change > 0:
        return words.p_("gap change", "{seconds} s larger").format(seconds=seconds)
    return words.p_("gap change", "unchanged")


def _line(season: Season, rnd: Round, session: Session, entry: Chosen) -> Result | None:
    found = result_of(memo(season).amended(rnd.number, session.id), entry)
    return found.result if found else None


def _competitor(season: Season, cid: str, entry: Chosen) -> str | None:
    kind = season.rules.classification(cid).competitor
    if kind == "driver":
        return entry.drivers[0] if entry.drivers else None
    if kind == "car":
        return entry.car
    return entry.organisations.get(kind)


def _session_points(
    season: Season, rnd: Round, session: Session, entry: Chosen, words: Language
) -> object:
    for cid in season.rules.classifications:
        who = _competitor(season, cid, entry)
        if who is None or season.rules.classification(cid).competitor != "driver":
            continue
        row = memo(season).table(cid, rnd.number).row(who)
        if row is None:
            continue
        score = next((r for r in row.rounds if r.round == rnd.number), None)
        if score is None:
            return 0
        return words.points(score.sessions.get(session.id, Fraction(0)), row.decimals)
    return Lacking("in no drivers' classification")


def standing_facts(
    season: Season, cid: str, rnd: Round, entry: Chosen, words: Language, path: str
) -> tuple[Facts, object] | None:
    """The entry's standing in classification `cid` after the round, and the points it
    scored there this weekend; None when it is not in that classification."""
    who = _competitor(season, cid, entry)
    if who is None:
        return None
    table = memo(season).table(cid, rnd.number)
    row = table.row(who)
    if row is None:
        return None
    previous = _previous(season, cid, rnd)
    before = previous.row(who) if previous else None
    score = next((r for r in row.rounds if r.round == rnd.number), None)
    weekend = words.points(score.points if score else Fraction(0), row.decimals)
    leader = next((r for r in table.rows if r.position == 1), None)
    values: dict[str, object] = {
        "name": season.rules.classification(cid).name,
        "place": row.position if row.position is not None else Lacking(row.position_text),
        "points": words.points(row.points, row.decimals),
        "weekend_points": weekend,
        "leader": leader.name if leader else Lacking("no leader"),
        "behind_leader": (
            words.points(leader.points - row.points, row.decimals)
            if leader
            else Lacking("no leader")
        ),
    }
    if previous is None:
        values["previous_place"] = Lacking("the first round: no standings before it")
        values["movement"] = Lacking("the first round: no standings before it")
        values["change"] = Lacking("the first round: no standings before it")
    elif before is None or before.position is None or row.position is None:
        values["previous_place"] = Lacking("not in the standings before this round")
        values["movement"] = words.p_("movement", "new in the standings")
        values["change"] = Lacking("not in the standings before this round")
    else:
        change = before.position - row.position
        values["previous_place"] = before.position
        values["change"] = change
        values["movement"] = movement_words(change, words)
    return Facts(path, values, text=row.position_text), weekend


def _previous(season: Season, cid: str, rnd: Round) -> StandingsTable | None:
    earlier = [t for t in memo(season).history(cid) if t.after_round < rnd.number]
    return earlier[-1] if earlier else None


def movement_words(change: int, words: Language) -> str:
    """up 2 places, down 1 place, no change."""
    if change > 0:
        return words.n_("up {n} place", "up {n} places", change).format(n=change)
    if change < 0:
        return words.n_("down {n} place", "down {n} places", -change).format(n=-change)
    return words.p_("movement", "no change")


def best_result(
    season: Season, rnd: Round, entry: Chosen, words: Language, path: str, worded: Worded
) -> object:
    """The entry's best race finish of the season up to and including `rnd` (the most
    recent of equal ones)."""
    best: tuple[int, Round, Session] | None = None
    for held in season.held_rounds(rnd.number):
        for session in held.sessions:
            if session.kind not in RACES or not session.results:
                continue
            result = _line(season, held, session, entry)
            placed = result.position if result and result.classified else None
            if placed is not None and (best is None or placed <= best[0]):
                best = (placed, held, session)
    if best is None:
        return Lacking(f"{entry.name} has no classified race finish this season")
    place, where, session = best
    text = words.p_("best result", "{ordinal} in {session}, {round}").format(
        ordinal=words.ordinal(place), session=words.session_name(session.name), round=where.name
    )
    return Facts(
        path,
        {
            "place": place,
            "session": words.session_name(session.name),
            "round": where.number,
            "round_name": where.name,
        },
        text=text,
    )


# -- the round, the next event, the series --------------------------------------------------


def round_facts(season: Season, rnd: Round, words: Language, path: str = "round") -> Facts:
    def known(value: str | None, what: str) -> object:
        return value if value else Lacking(f"no {what} in the calendar")

    return Facts(
        path,
        {
            "number": rnd.number,
            "name": rnd.name,
            "ordinal": words.ordinal_word(rnd.number),
            "dates": known(words.date_range(rnd.start, rnd.end), "dates"),
            "circuit": known(rnd.circuit, "circuit"),
            "country": known(words.country(rnd.country), "country"),
            "facts": Facts(f"{path}.facts", dict(rnd.facts)),
        },
        text=rnd.name,
    )


def next_facts(nxt: NextEvent | None) -> object:
    if nxt is None:
        return Lacking("this is the last round on the calendar")
    values: dict[str, object] = {
        "number": nxt.round,
        "name": nxt.name,
        "ordinal": nxt.ordinal,
        "dates": nxt.dates or Lacking("no dates in the calendar"),
        "circuit": nxt.circuit or Lacking("no circuit in the calendar"),
        "country": nxt.country or Lacking("no country in the calendar"),
        "time_until": nxt.time_until or Lacking("no dates in the calendar"),
        "days_until": nxt.days_until if nxt.days_until is not None else Lacking("no dates"),
    }
    return Facts("next", values, text=nxt.name)
