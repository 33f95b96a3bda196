"""A press kit from season data: pure functions from a `Season` (and a story) to a `PressKit`.

Nothing is typed by hand here: every place, point, count, date and name comes from the
season, its rules and its calendar; the words come from the language's catalog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from podium.errors import NotFound, Problem, ValidationError
from podium.model.calendar import Round, RoundStatus
from podium.model.links import safe_link, safe_links
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.reports.i18n import Language, language
from podium.reports.kit import (
    Chosen,
    Labels,
    NextEvent,
    Photo,
    PressKit,
    PressPhotos,
    Progression,
    ProgressLine,
    ResultsBlock,
    SessionLine,
    StandingLine,
    StandingsBlock,
    StoryBlock,
)
from podium.reports.markup import escape
from podium.reports.select import choose
from podium.reports.story import Story, Text, fill, load_story
from podium.standings import (
    Standing,
    StandingsTable,
    amended_results,
    standings,
    standings_history,
)

TOP = 3  # rows of each standings block before the chosen entries' own


def press_kit(
    season: Season,
    round: int,  # the library call reads press_kit(season, round=3, ...)
    entries: Sequence[str | int],
    lang: str = "en",
    story: Story | str | Path | None = None,
) -> PressKit:
    """The press kit of `round` for `entries` (names or car numbers) in language `lang`.

    NotFound for a round not held, an unknown entry or a listed session without a
    classification; ValidationError for a story with problems. Nothing is written.
    """
    words = language(lang)
    rnd = _held_round(season, round)
    chosen = choose(season, round, entries)
    if story is not None and not isinstance(story, Story):
        story = load_story(story)
    results = tuple(results_block(season, rnd, entry, words) for entry in chosen)
    series_words = (story.series_name if story else None) or _series_short(season)
    as_of = rnd.end or rnd.start
    next_event = next_event_of(season, rnd, words, series_words)
    held = sum(1 for _ in season.held_rounds(round))
    total = season.rounds_total(as_of)
    printed, problems = _classifications(season, story)
    names = story.classification_names if story else {}
    blocks = tuple(
        standings_block(
            season,
            cid,
            round,
            chosen,
            words,
            held,
            total,
            names[cid].value if cid in names else None,
        )
        for cid in printed
    )
    progression = tuple(
        p for cid in printed if (p := progression_of(season, cid, round, chosen, words))
    )
    values = story_values(season, rnd, next_event, words, series_words, total)
    parts = _story_parts(story, season, rnd, words, values, problems)
    if problems:
        raise ValidationError(problems)
    return PressKit(
        season=season.key,
        series=season.series.id,
        year=season.year,
        round=round,
        round_name=rnd.name,
        lang=words.code,
        slug=f"{season.series.id}-{season.year}-round-{round}-{words.code}",
        title=parts.title,
        subtitle=parts.subtitle,
        photos=parts.photos,
        lede=parts.lede,
        body=parts.body,
        next_event=next_event,
        results=results,
        standings_heading=words.p_("standings heading", "{series} Series Standings").format(
            series=series_words
        ),
        standings=blocks,
        progression=progression,
        press_photos=parts.press_photos,
        labels=labels(words),
        entries=chosen,
        story_file=story.path if story else None,
    )


# -- the round ---------------------------------------------------------------------------


def _held_round(season: Season, number: int) -> Round:
    held = ", ".join(str(r.number) for r in season.held_rounds()) or "none"
    try:
        rnd = season.round(number)
    except KeyError:
        numbers = [r.number for r in season.rounds]
        span = f"{min(numbers)}-{max(numbers)}" if numbers else "none"
        raise NotFound(
            f"{season.key} has no round {number} (rounds {span}, held: {held})"
        ) from None
    if rnd.status is not RoundStatus.HELD:
        state = "was cancelled" if rnd.status is RoundStatus.CANCELLED else "has not been held yet"
        raise NotFound(f"{season.key} round {number} ({rnd.name}) {state} (rounds held: {held})")
    return rnd


def _classifications(season: Season, story: Story | None) -> tuple[list[str], list[Problem]]:
    """The classifications the release prints, in order, and problems with the story's."""
    known = list(season.rules.classifications)
    if story is None:
        return known, []
    problems = []
    named = [*story.classification_names.values(), *(story.standings or ())]
    for text in named:
        cid = text.field.rsplit(".", 1)[-1] if text.field.startswith("names.") else text.value
        if cid not in season.rules.classifications:
            problems.append(
                Problem(
                    str(story.path),
                    text.line,
                    text.field,
                    f"no classification {cid!r} in {season.key} (known: {', '.join(known)})",
                )
            )
    if story.standings is None:
        return known, problems
    order = [t.value for t in story.standings if t.value in season.rules.classifications]
    return list(dict.fromkeys(order)), problems


def _series_short(season: Season) -> str:
    return season.series.short_name or season.series.name


def _typeset(name: str) -> str:
    """A spaced hyphen used as a dash becomes an en dash: "WTCR – FIA World Touring Car Cup"."""
    return re.sub(r"(?<=\S) - (?=\S)", " – ", name)


def place_words(words: Language, circuit: str | None, country: str | None) -> str | None:
    if circuit and country:
        return words.p_("place", "at {circuit} in {country}").format(
            circuit=circuit, country=country
        )
    if circuit:
        return words.p_("place, circuit only", "at {circuit}").format(circuit=circuit)
    if country:
        return words.p_("place, country only", "in {country}").format(country=country)
    return None


def _details(*parts: str | None) -> str:
    shown = [p for p in parts if p]
    return "".join(", " + p for p in shown)


# -- results -----------------------------------------------------------------------------


def listed_sessions(rnd: Round) -> list[Session]:
    """The sessions a results block lists: practice, qualifying (the final order, not its
    segments), sprints and races, in the order of the round."""
    kinds = (SessionKind.PRACTICE, SessionKind.SPRINT, SessionKind.RACE)
    return [
        s
        for s in rnd.sessions
        if s.kind in kinds or (s.kind is SessionKind.QUALIFYING and s.segment is None)
    ]


def results_block(season: Season, rnd: Round, entry: Chosen, words: Language) -> ResultsBlock:
    lines = []
    for session in listed_sessions(rnd):
        name = words.session_name(session.name)
        if not session.results:
            raise NotFound(
                f"{season.key} round {rnd.number}: {session.name} ({session.id}) has no "
                "classification; a press kit lists every practice, qualifying and race session"
            )
        result = _result_of(season, rnd, session, entry)
        if result is None and session.partial:
            raise NotFound(
                f"{season.key} round {rnd.number}: {session.name} ({session.id}) gives no place "
                f"for {entry.name} (the classification lists only some places)"
            )
        lines.append(
            SessionLine(
                session=session.id,
                name=name,
                status=result.status if result else None,
                position=result.position if result and result.classified else None,
                text=result_words(result, words),
            )
        )
    heading = words.p_("results heading", "{owner} results:").format(
        owner=words.possessive(entry.first_name)
    )
    return ResultsBlock(entry=entry, heading=heading, sessions=tuple(lines))


def _result_of(season: Season, rnd: Round, session: Session, entry: Chosen) -> Result | None:
    """The entry's result as amended (`amended_results`): DSQ if a decision struck it out."""
    for line in amended_results(season, rnd.number, session.id):
        result = line.result
        if result.car != entry.car:
            continue
        if result.drivers and not set(entry.drivers) & set(result.drivers):
            continue
        return result
    return None


def result_words(result: Result | None, words: Language) -> str:
    """21st place, Retired (DNF), Did not start (DNS), ..."""
    if result is None:
        return words.p_("result", "Did not take part")
    if result.classified and result.position is not None:
        return words.p_("result", "{ordinal} place").format(ordinal=words.ordinal(result.position))
    status = result.status
    if status is Status.DNF:
        return words.p_("result", "Retired (DNF)")
    if status is Status.DNS:
        return words.p_("result", "Did not start (DNS)")
    if status is Status.DSQ:
        return words.p_("result", "Disqualified (DSQ)")
    if status is Status.NOT_CLASSIFIED:
        return words.p_("result", "Not classified (NC)")
    if status is Status.DNQ:
        return words.p_("result", "Did not qualify (DNQ)")
    if status is Status.DNPQ:
        return words.p_("result", "Did not pre-qualify (DNPQ)")
    if status is Status.EXCLUDED:
        return words.p_("result", "Excluded (EX)")
    return words.p_("result", "Not classified (NC)")  # classified without a position


# -- standings ---------------------------------------------------------------------------


def chosen_competitors(season: Season, cid: str, chosen: Iterable[Chosen]) -> frozenset[str]:
    """Who stands for the chosen entries in a classification: drivers, their team, ..."""
    kind = season.rules.classification(cid).competitor
    out: set[str] = set()
    for entry in chosen:
        if kind == "driver":
            out.update(entry.drivers)
        elif kind == "car":
            out.add(entry.car)
        elif kind in entry.organisations:
            out.add(entry.organisations[kind])
    return frozenset(out)


def standings_block(
    season: Season,
    cid: str,
    after_round: int,
    chosen: Sequence[Chosen],
    words: Language,
    held: int,
    total: int,
    printed_name: str | None = None,
) -> StandingsBlock:
    rules = season.rules.classification(cid)
    table = standings(season, cid, after_round=after_round)
    mine = chosen_competitors(season, cid, chosen)
    # The series' own word for this classification's competitors, for the card's column.
    own = season.terms.own_word(rules.competitor, words.words(season.terms))
    with_nationality = rules.competitor == "driver"

    def line(row: Standing) -> StandingLine:
        points = words.points(row.points, row.decimals)
        nationality = row.nationality if with_nationality else None
        if nationality:
            text = words.p_("standings row", "{position}: {name} ({nationality}), {points} p.")
        else:
            text = words.p_("standings row without nationality", "{position}: {name}, {points} p.")
        return StandingLine(
            position=row.position,
            position_text=row.position_text,
            competitor=row.competitor,
            name=row.name,
            nationality=nationality,
            points=row.points,
            points_text=points,
            chosen=row.competitor in mine,
            text=text.format(
                position=row.position_text, name=row.name, nationality=nationality, points=points
            ),
        )

    top_rows = [r for r in table.rows if r.position is not None and r.position <= TOP]
    top_ids = {r.competitor for r in top_rows}
    own_rows = [r for r in table.rows if r.competitor in mine and r.competitor not in top_ids]
    name = printed_name or _typeset(rules.name)
    series = _series_short(season)
    season_line = words.n_(
        "{series} {year} (After {after} of {total} race weekend)",
        "{series} {year} (After {after} of {total} race weekends)",
        total,
    ).format(series=series, year=season.year, after=held, total=total)
    # A season stored before links were checked may hold a `javascript:` one: left out.
    links = safe_links(season.links)
    link = links.get(f"standings-{cid}") or links.get("standings") or links.get("official")
    return StandingsBlock(
        classification=cid,
        name=name,
        title=words.p_("standings title", "{name} – Overall (Top {n})").format(name=name, n=TOP),
        season_line=season_line,
        top=tuple(line(r) for r in top_rows),
        own=tuple(line(r) for r in own_rows),
        link_text=words._("See the full standings here") if link else None,
        link=link,
        table=table,
        chosen=mine,
        competitor=rules.competitor,
        name_heading=own.title if own is not None else None,
    )


def progression_of(
    season: Season, cid: str, after_round: int, chosen: Sequence[Chosen], words: Language
) -> Progression | None:
    """Points after each held round up to `after_round` of the chosen entries (and the
    leader, for reference); None when no chosen entry is in the classification."""
    mine = chosen_competitors(season, cid, chosen)
    history: list[StandingsTable] = [
        t for t in standings_history(season, cid) if t.after_round <= after_round
    ]
    if not history:
        return None
    last = history[-1]
    shown = [r.competitor for r in last.rows if r.competitor in mine]
    if not shown:
        return None
    leader = next((r.competitor for r in last.rows if r.position == 1), None)
    if leader is not None and leader not in shown:
        shown.insert(0, leader)
    lines = []
    for competitor in shown:
        points = []
        for table in history:
            row = table.row(competitor)
            points.append(row.points if row else Fraction(0))
        lines.append(
            ProgressLine(
                competitor=competitor,
                name=season.competitor_name(competitor),
                points=tuple(points),
                chosen=competitor in mine,
            )
        )
    rules = season.rules.classification(cid)
    return Progression(
        classification=cid,
        title=_typeset(rules.short_name or rules.name),
        rounds=tuple(t.after_round for t in history),
        lines=tuple(lines),
    )


# -- the next event ----------------------------------------------------------------------


def next_event_of(
    season: Season, rnd: Round, words: Language, series_words: str
) -> NextEvent | None:
    """The next round on the calendar as it stood at `rnd`; None after the last one."""
    as_of = rnd.end or rnd.start
    later = sorted(
        (r for r in season.rounds if r.number > rnd.number and r.on_calendar(as_of)),
        key=lambda r: r.number,
    )
    if not later:
        return None
    nxt = later[0]
    country = words.country(nxt.country)
    dates = words.date_range(nxt.start, nxt.end)
    since = rnd.end or rnd.start
    days = (nxt.start - since).days if nxt.start and since else None
    ordinal = words.ordinal_word(nxt.number)
    sentence = words.p_(
        "next event", "Next up is the {ordinal} round of the {series} series{details}."
    ).format(
        ordinal=ordinal,
        series=series_words,
        details=_details(dates, place_words(words, nxt.circuit, country)),
    )
    return NextEvent(
        round=nxt.number,
        name=nxt.name,
        start=nxt.start,
        end=nxt.end,
        circuit=nxt.circuit,
        country=country,
        ordinal=ordinal,
        dates=dates,
        days_until=days,
        time_until=words.time_until(days) if days is not None else None,
        sentence=sentence,
    )


# -- the story ---------------------------------------------------------------------------


def story_values(
    season: Season,
    rnd: Round,
    nxt: NextEvent | None,
    words: Language,
    series_words: str,
    total: int,
) -> dict[str, str | None]:
    """What a story's `{{ field }}` may name (see story.FIELDS), in the kit's language, as
    Markdown: the story is Markdown, and a round called `[x](javascript:y)` is text in it."""
    kin = words.words(season.terms)
    values = {
        "round.name": rnd.name,
        "round.ordinal": words.ordinal_word(rnd.number),
        "round.dates": words.date_range(rnd.start, rnd.end),
        "round.circuit": rnd.circuit,
        "round.country": words.country(rnd.country),
        "next.name": nxt.name if nxt else None,
        "next.ordinal": nxt.ordinal if nxt else None,
        "next.dates": nxt.dates if nxt else None,
        "next.circuit": nxt.circuit if nxt else None,
        "next.country": nxt.country if nxt else None,
        "next.time_until": nxt.time_until if nxt else None,
        "series": series_words,
        "season.rounds_total": str(total),
        # The series' words in the kit's language (`terms:` in season.yaml): a story says
        # "the {{ terms.competitors }}" and reads right in every language and series.
        "terms.competitor": kin.competitor.one,
        "terms.competitors": kin.competitor.many,
        "terms.vehicle": kin.vehicle.one,
        "terms.vehicles": kin.vehicle.many,
    }
    return {key: escape(value) if value is not None else None for key, value in values.items()}


@dataclass(frozen=True, slots=True)
class _StoryParts:
    title: str
    subtitle: str | None
    photos: tuple[Photo, ...] = ()
    lede: str | None = None
    body: tuple[StoryBlock, ...] = ()
    press_photos: PressPhotos | None = None


def _story_parts(
    story: Story | None,
    season: Season,
    rnd: Round,
    words: Language,
    values: dict[str, str | None],
    problems: list[Problem],
) -> _StoryParts:
    if story is None:
        title = words.p_("headline", "{round} – results and standings").format(round=rnd.name)
        subtitle = words.p_(
            "data-only opening", "The {ordinal} round of {season}{details}."
        ).format(
            ordinal=words.ordinal_word(rnd.number),
            season=f"{_series_short(season)} {season.year}",
            details=_details(
                words.date_range(rnd.start, rnd.end),
                place_words(words, rnd.circuit, words.country(rnd.country)),
            ),
        )
        return _StoryParts(title, subtitle)
    file = str(story.path)

    def text(t: Text | None) -> str | None:
        return fill(t, values, file, problems) if t is not None else None

    title = text(story.headline) or words.p_("headline", "{round} – results and standings").format(
        round=rnd.name
    )
    photos = []
    for photo in story.photos:
        credit: str | None
        if photo.credit and photo.rights:
            credit = words.p_("photo credit and rights", "Photo: {credit} ({rights})").format(
                credit=photo.credit, rights=photo.rights
            )
        elif photo.credit:
            credit = words.p_("photo credit", "Photo: {credit}").format(credit=photo.credit)
        else:
            credit = photo.rights
        photos.append(
            Photo(
                caption=text(photo.caption),
                credit_line=credit,
                file=photo.file,
                url=safe_link(photo.url),
            )
        )
    body = []
    for part in story.body:
        if part.kind == "quote":
            quote = story.quotes.get(part.text.value)
            if quote is None:
                continue  # reported when the story was read
            said = (text(quote.text) or "").rstrip()
            if said.endswith(".") and not said.endswith("..."):
                said = said[:-1]
            line = words.p_("quote", "– {text}, {by} says.").format(text=said, by=quote.by)
            body.append(StoryBlock("quote", line))
        else:
            body.append(StoryBlock(part.kind, text(part.text) or "", part.level))  # type: ignore[arg-type]
    press = None
    if story.press_photos or story.press_photos_note:
        press = PressPhotos(
            note=text(story.press_photos_note),
            heading=words._("Download press-photos here:"),
            links=tuple(url for link in story.press_photos if (url := safe_link(link))),
        )
    return _StoryParts(title, None, tuple(photos), text(story.lede), tuple(body), press)


def labels(words: Language) -> Labels:
    return Labels(
        photo=words._("Photo"),
        standings_card=words.p_("standings card", "Standings: {name}"),
        points_chart=words.p_("chart title", "Points after each round"),
        round_axis=words.p_("chart axis", "Round"),
        points_axis=words.p_("chart axis", "Points"),
        position=words.p_("table column, short", "Pos"),
        name=words.p_("table column", "Name"),
        nationality=words.p_("table column, short", "Nat"),
        points=words.p_("table column, short", "Pts"),
    )
