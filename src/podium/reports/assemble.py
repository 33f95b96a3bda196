"""A press kit from season data: pure functions from a `Season` (and a story) to a `PressKit`.

Nothing is typed by hand here: every place, point, count, date and name comes from the
season, its rules and its calendar; the words come from the language's catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Literal

from podium.errors import NotFound, Problem, ValidationError
from podium.model.calendar import Round, RoundStatus
from podium.model.links import safe_link, safe_links
from podium.model.season import Season
from podium.model.session import Session, SessionKind
from podium.reports.facts import (
    Facts,
    entry_facts,
    entry_names,
    next_facts,
    result_of,
    round_facts,
    standing_facts,
)
from podium.reports.i18n import Language, language
from podium.reports.kit import (
    Chosen,
    InfoBlock,
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
from podium.reports.memo import memo
from podium.reports.placeholders import render
from podium.reports.release import weekend_summary
from podium.reports.select import choose, round_entries, team_entries
from podium.reports.story import Story, Text, load_story
from podium.reports.talking import talking_points_of
from podium.reports.wording import moved, result_words, typeset
from podium.standings import Standing, StandingsTable
from podium.standings.table import MARK

TOP = 3  # rows of each standings block before the chosen entries' own


MISSING = ("omit", "show")  # a session the data has no place of: left out, or shown so


def press_kit(
    season: Season,
    round: int,  # the library call reads press_kit(season, round=3, ...)
    entries: Sequence[str | int] = (),
    lang: str = "en",
    story: Story | str | Path | None = None,
    *,
    team: str | None = None,
    sessions: Sequence[str] | None = None,
    missing: str = "omit",
    talking_points: bool = False,
) -> PressKit:
    """The press kit of `round` for `entries` (names or car numbers), or for every car of
    `team` (its id or name), in language `lang`.

    `sessions`: the session ids the results blocks list (default: practice, qualifying,
    sprints and races). A session without a classification, or one that does not give an
    entry's place, is left out with a warning (`kit.warnings`), or shown as "No
    classification" with `missing="show"`. `talking_points`: the story's facts, worded,
    at the end of the kit for the writer.

    NotFound for a round not held, an unknown entry, team or session id; ValidationError for
    a story with problems. Nothing is written.
    """
    if missing not in MISSING:
        raise ValueError(f"missing must be one of {', '.join(MISSING)}, not {missing!r}")
    words = language(lang)
    rnd = _held_round(season, round)
    team_id = None
    if team is not None:
        team_id, chosen = team_entries(season, round, team)
        if entries:
            extra = [c for c in choose(season, round, entries) if c not in chosen]
            chosen = (*chosen, *extra)
    else:
        chosen = choose(season, round, entries)
    if story is not None and not isinstance(story, Story):
        story = load_story(story)
    listed = chosen_sessions(season, rnd, sessions)
    warnings: list[str] = []
    results = tuple(
        results_block(season, rnd, entry, words, listed, missing, warnings) for entry in chosen
    )
    team_name = season.competitor_name(team_id) if team_id else None
    kit = _kit(
        season,
        rnd,
        words,
        story,
        chosen,
        results,
        kind="team" if team_id else "entries",
        slug_part=f"team-{team_id}" if team_id else None,
        default_title=(
            words.p_("team headline", "{team}: {round} – results and standings").format(
                team=team_name, round=rnd.name
            )
            if team_name
            else None
        ),
        team=team_id,
        talking_points=talking_points,
    )
    return replace(kit, warnings=tuple(dict.fromkeys(warnings)))


def series_release(
    season: Season,
    round: int,
    lang: str = "en",
    story: Story | str | Path | None = None,
) -> PressKit:
    """The series' own release of a round: the winner, podium and fastest lap of each race,
    the pole, and the top of every classification after the round, with its leader."""
    words = language(lang)
    rnd = _held_round(season, round)
    if story is not None and not isinstance(story, Story):
        story = load_story(story)
    title = words.p_("series release headline", "{round} – winners, podiums and standings")
    return _kit(
        season,
        rnd,
        words,
        story,
        (),
        (),
        kind="series",
        slug_part="series",
        default_title=title.format(round=rnd.name),
        summary=weekend_summary(season, rnd, words),
    )


def _kit(
    season: Season,
    rnd: Round,
    words: Language,
    story: Story | None,
    chosen: tuple[Chosen, ...],
    results: tuple[ResultsBlock, ...],
    *,
    kind: Literal["entries", "team", "series"],
    slug_part: str | None,
    default_title: str | None,
    team: str | None = None,
    talking_points: bool = False,
    summary: tuple[InfoBlock, ...] = (),
) -> PressKit:
    round = rnd.number
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
    facts: dict[str, object] = {}
    if story is not None or talking_points:
        facts = story_facts(season, rnd, next_event, words, series_words, total, chosen, team)
    parts = _story_parts(story, season, rnd, words, facts, problems, default_title)
    if problems:
        raise ValidationError(problems)
    leaders = tuple(b for b in summary if b.kind == "leaders")
    points = tuple(talking_points_of(facts, words)) if talking_points else ()
    middle = f"{slug_part}-" if slug_part else ""
    return PressKit(
        season=season.key,
        series=season.series.id,
        year=season.year,
        round=round,
        round_name=rnd.name,
        lang=words.code,
        slug=f"{season.series.id}-{season.year}-round-{round}-{middle}{words.code}",
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
        summary=(*(b for b in summary if b.kind != "leaders"), *leaders),
        talking_points=points,
        kind=kind,
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


def chosen_sessions(season: Season, rnd: Round, ids: Sequence[str] | None) -> list[Session]:
    """The sessions the results blocks list: `listed_sessions`, or those `ids` name (in the
    round's order). An id no session of the season has is NotFound; one this round does
    not run is left out."""
    if ids is None:
        return listed_sessions(rnd)
    wanted = [i.strip() for item in ids for i in item.split(",") if i.strip()]
    known = {s.id for r in season.rounds for s in r.sessions} | {s.id for s in rnd.sessions}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        shown = ", ".join(s.id for s in rnd.sessions) or "none"
        raise NotFound(
            f"{season.key} round {rnd.number}: no session {', '.join(map(repr, unknown))} "
            f"(sessions of this round: {shown})"
        )
    return [s for s in rnd.sessions if s.id in wanted]


def results_block(
    season: Season,
    rnd: Round,
    entry: Chosen,
    words: Language,
    sessions: Sequence[Session] | None = None,
    missing: str = "omit",
    warnings: list[str] | None = None,
) -> ResultsBlock:
    """The entry's results of the round. A session without a classification, or one that
    does not give the entry's place, is left out with a warning added to `warnings`, or
    shown as "No classification" with `missing="show"`."""
    lines = []
    notes = warnings if warnings is not None else []
    for session in listed_sessions(rnd) if sessions is None else sessions:
        name = words.session_name(session.name)
        where = f"{season.key} round {rnd.number}: {session.name} ({session.id})"
        line = None
        if session.results:
            line = result_of(memo(season).amended(rnd.number, session.id), entry)
        if not session.results or (line is None and session.partial):
            if not session.results:
                why = f"{where} has no classification"
            else:
                why = f"{where} gives no place for {entry.name} (only some places are known)"
            if missing == "show":
                notes.append(f"{why}: shown as no classification")
                text = words.p_("result", "No classification")
                lines.append(SessionLine(session.id, name, None, None, text, known=False))
            else:
                notes.append(f"{why}: left out of {entry.name}'s results")
            continue
        result = line.result if line else None
        lines.append(
            SessionLine(
                session=session.id,
                name=name,
                status=result.status if result else None,
                position=result.position if result and result.classified else None,
                text=result_words(result, words, line),
                crossed=line.original_position if line and moved(line) else None,
            )
        )
    heading = words.p_("results heading", "{owner} results:").format(
        owner=words.possessive(entry.first_name)
    )
    return ResultsBlock(entry=entry, heading=heading, sessions=tuple(lines))


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
    table = memo(season).table(cid, after_round)
    mine = chosen_competitors(season, cid, chosen)
    # The series' own word for this classification's competitors, for the card's column.
    own = season.terms.own_word(rules.competitor, words.words(season.terms))
    with_nationality = rules.competitor == "driver"

    def line(row: Standing) -> StandingLine:
        # A total a decision changed is marked, its footnote under the block says how.
        points = words.points(row.points, row.decimals) + (MARK if row.adjustments else "")
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
    name = printed_name or typeset(rules.name)
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
        footnotes=tuple(note for row in (*top_rows, *own_rows) for note in row.footnotes()),
    )


def progression_of(
    season: Season, cid: str, after_round: int, chosen: Sequence[Chosen], words: Language
) -> Progression | None:
    """Points after each held round up to `after_round` of the chosen entries (and the
    leader, for reference); None when no chosen entry is in the classification."""
    mine = chosen_competitors(season, cid, chosen)
    history: list[StandingsTable] = [
        t for t in memo(season).history(cid) if t.after_round <= after_round
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
        title=typeset(rules.short_name or rules.name),
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


def story_facts(
    season: Season,
    rnd: Round,
    nxt: NextEvent | None,
    words: Language,
    series_words: str,
    total: int,
    chosen: Sequence[Chosen],
    team: str | None = None,
) -> dict[str, object]:
    """What a story's `{{ ... }}` may name (podium.reports.facts), in the kit's language:
    the round, the next event, the season, the series' words, and each entry by its first
    name (`andreas`) and its driver id (`andreas_backman`)."""
    kin = words.words(season.terms)
    facts: dict[str, object] = {
        "round": round_facts(season, rnd, words),
        "next": next_facts(nxt),
        "series": series_words,
        "season": Facts(
            "season",
            {
                "year": season.year,
                "rounds_total": total,
                "rounds_held": sum(1 for _ in season.held_rounds(rnd.number)),
            },
        ),
        # The series' words in the kit's language (`terms:` in season.yaml): a story says
        # "the {{ terms.competitors }}" and reads right in every language and series.
        "terms": Facts(
            "terms",
            {
                "competitor": kin.competitor.one,
                "competitors": kin.competitor.many,
                "vehicle": kin.vehicle.one,
                "vehicles": kin.vehicle.many,
            },
        ),
    }
    others = round_entries(season, rnd.number)
    listed = []
    for entry, names in zip(chosen, entry_names(chosen), strict=True):
        found = entry_facts(season, rnd, entry, words, names[0], others)
        listed.append(found)
        for name in names:
            facts.setdefault(name, found)
    facts["entries"] = listed
    if team is not None:
        standing = {
            cid: got[0]
            for cid in season.rules.classifications
            if season.rules.classification(cid).competitor == "team"
            and (got := _team_standing(season, cid, rnd, team, words)) is not None
        }
        facts["team"] = Facts(
            "team",
            {
                "name": season.competitor_name(team),
                "cars": len(chosen),
                "standings": Facts("team.standings", standing),
            },
            text=season.competitor_name(team),
        )
    return facts


def _team_standing(
    season: Season, cid: str, rnd: Round, team: str, words: Language
) -> tuple[Facts, object] | None:
    stand_in = Chosen(
        query=team,
        car="",
        drivers=(),
        name=team,
        first_name=team,
        team=team,
        organisations={"team": team},
    )
    return standing_facts(season, cid, rnd, stand_in, words, f"team.standings.{cid}")


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
    facts: dict[str, object],
    problems: list[Problem],
    default_title: str | None = None,
) -> _StoryParts:
    generated = default_title or words.p_("headline", "{round} – results and standings").format(
        round=rnd.name
    )
    if story is None:
        title = generated
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
        if t is None:
            return None
        filled = render(t.value, t.line, t.field, words, facts, file, problems)
        # A paragraph's lines were kept apart for the line numbers of problems.
        return filled.replace("\n", " ") if t.field == "body" else filled

    title = text(story.headline) or generated
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
