"""What a press kit is: the generated parts and the story, as typed data, in one language.

Every text here is final (translated, numbers and dates formatted); renderers only lay it
out. The numbers behind each line stay beside it (positions, exact points) for charts and
for anyone using the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Literal

from podium.model.result import Status
from podium.standings import StandingsTable

SEPARATOR = "–"  # between the top of a table and the chosen entries' own rows


@dataclass(frozen=True, slots=True)
class Chosen:
    """An entry the press kit is about: a driver in a car (or a car and its whole crew)."""

    query: str  # as asked: "Andreas Bäckman", "19"
    car: str
    drivers: tuple[str, ...]  # driver ids
    name: str  # "Andreas Bäckman"
    first_name: str  # "Andreas": what the results heading calls them
    team: str | None = None  # team id
    organisations: dict[str, str] = field(default_factory=dict)  # team/constructor/... -> id


@dataclass(frozen=True, slots=True)
class SessionLine:
    session: str  # session id
    name: str  # "Free Practice 1", as shown
    status: Status | None  # None: not in the classification
    position: int | None
    text: str  # "21st place", "Retired (DNF)"
    # Where the car crossed the line when a decision changed its place (the text says so).
    crossed: int | None = None
    known: bool = True  # False: shown as "No classification" (`missing="show"`)

    @property
    def line(self) -> str:
        return f"{self.name}: {self.text}"


@dataclass(frozen=True, slots=True)
class ResultsBlock:
    entry: Chosen
    heading: str  # "Andreas’ results:"
    sessions: tuple[SessionLine, ...]

    def lines(self) -> list[str]:
        return [self.heading, *(s.line for s in self.sessions)]


@dataclass(frozen=True, slots=True)
class StandingLine:
    position: int | None
    position_text: str  # "1", "=3", "EX"
    competitor: str
    name: str
    nationality: str | None  # shown for drivers only
    points: Fraction
    points_text: str  # "82", "0,5"
    chosen: bool  # one of the press kit's entries (or its team)
    text: str  # "1: Jean-Karl Vernay (FRA), 82 p."


@dataclass(frozen=True, slots=True)
class StandingsBlock:
    classification: str
    name: str  # the classification's name as printed
    title: str  # "<name> – Overall (Top 3)"
    season_line: str  # "FIA WTCR 2021 (After 3 of 8 race weekends)"
    top: tuple[StandingLine, ...]
    own: tuple[StandingLine, ...]  # chosen rows outside the top, after a separator
    link_text: str | None
    link: str | None
    table: StandingsTable  # the whole table after the round, for the standings card
    chosen: frozenset[str]  # competitor ids of the chosen entries in this classification
    competitor: str  # driver, team, constructor, manufacturer, car
    # The card's name column heading where the series has its own word ("Förare" for
    # riders); None: the kit's `labels.name` ("Name"), as for the default words.
    name_heading: str | None = None
    # A decision changed a total shown: its mark is on the points ("82*"), its note here.
    footnotes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = [self.title, self.season_line, *(r.text for r in self.top)]
        if self.own:
            out += [SEPARATOR, *(r.text for r in self.own)]
        out += self.footnotes
        if self.link_text and self.link:
            out.append(self.link_text)
        return out


@dataclass(frozen=True, slots=True)
class NextEvent:
    round: int
    name: str
    start: date | None
    end: date | None
    circuit: str | None
    country: str | None  # the country's name in the kit's language
    ordinal: str  # "fourth"
    dates: str | None  # "July 30th- August 1st"
    days_until: int | None  # from the end of the kit's round to the start of this one
    time_until: str | None  # "in about 3 weeks"
    sentence: str  # "Next up is the fourth round of the WTCR series, ..."


@dataclass(frozen=True, slots=True)
class ProgressLine:
    competitor: str
    name: str
    points: tuple[Fraction, ...]  # after each round of `Progression.rounds`
    chosen: bool  # False: the leader, drawn for reference


@dataclass(frozen=True, slots=True)
class Progression:
    classification: str
    title: str
    rounds: tuple[int, ...]
    lines: tuple[ProgressLine, ...]


@dataclass(frozen=True, slots=True)
class Photo:
    caption: str | None
    credit_line: str | None  # "Photo: FIA WTCR (Free rights to use the image)"
    file: Path | None  # a picture to copy into the kit
    url: str | None  # or a picture elsewhere, linked


@dataclass(frozen=True, slots=True)
class InfoBlock:
    """A titled list of lines: a race of the series release ("Race 1", "Winner: ..."),
    the leaders after the round, or the talking points for the writer."""

    kind: Literal["session", "leaders", "talking points"]
    heading: str
    lines: tuple[str, ...]

    def all_lines(self) -> list[str]:
        return [self.heading, *self.lines]


@dataclass(frozen=True, slots=True)
class StoryBlock:
    """A part of the story's body. Paragraph and quote text may hold inline Markdown."""

    kind: Literal["heading", "paragraph", "quote"]
    text: str
    level: int = 2  # headings


@dataclass(frozen=True, slots=True)
class PressPhotos:
    note: str | None  # "Free rights to use the images."
    heading: str  # "Download press-photos here:"
    links: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Labels:
    """Words the renderers put around the parts."""

    photo: str  # alt text of a photo without a caption
    standings_card: str  # "Standings: {name}"
    points_chart: str  # chart title
    round_axis: str
    points_axis: str
    position: str  # table column headings of the standings card
    name: str
    nationality: str
    points: str


@dataclass(frozen=True, slots=True)
class PressKit:
    season: str  # "wtcr/2021"
    series: str  # "wtcr"
    year: int
    round: int
    round_name: str
    lang: str
    slug: str  # folder name: wtcr-2021-round-3-en
    title: str  # the headline, or for a data-only release a generated one
    subtitle: str | None  # a data-only release's opening line
    photos: tuple[Photo, ...]
    lede: str | None
    body: tuple[StoryBlock, ...]
    next_event: NextEvent | None
    results: tuple[ResultsBlock, ...]
    standings_heading: str  # "WTCR Series Standings"
    standings: tuple[StandingsBlock, ...]
    progression: tuple[Progression, ...]
    press_photos: PressPhotos | None
    labels: Labels
    entries: tuple[Chosen, ...]
    story_file: Path | None = None
    # What the data could not give (a session without a classification, left out of the
    # results blocks); the kit is still written, and the CLI prints these on stderr.
    warnings: tuple[str, ...] = ()
    # The series release's race-by-race lines and leaders (after the story, before the
    # standings); a driver's or team's kit has none.
    summary: tuple[InfoBlock, ...] = ()
    # The facts the story may use, worded, for the writer (`talking_points=True`).
    talking_points: tuple[InfoBlock, ...] = ()
    kind: Literal["entries", "team", "series"] = "entries"

    def lines(self) -> list[str]:
        """The release as plain text lines, in order (the story's Markdown left as written)."""
        out = [self.title]
        if self.subtitle:
            out.append(self.subtitle)
        for photo in self.photos:
            out += [t for t in (photo.caption, photo.credit_line) if t]
        if self.lede:
            out.append(self.lede)
        out += [b.text for b in self.body]
        if self.next_event:
            out.append(self.next_event.sentence)
        for block in self.results:
            out += block.lines()
        for info in self.summary:
            out += info.all_lines()
        if self.standings:
            out.append(self.standings_heading)
        for table in self.standings:
            out += table.lines()
        if self.press_photos:
            if self.press_photos.note:
                out.append(self.press_photos.note)
            out += [self.press_photos.heading, *self.press_photos.links]
        for info in self.talking_points:
            out += info.all_lines()
        return out
