"""The press kit (issue 6): the seed press release's generated parts from data, in English and
Swedish, as Markdown, HTML, DOCX and PNG.

The answer key is the seed (shared/seed): its two results blocks and four standings blocks are
held below line for line, as the press officer typed them, except that the seed's separator
between the top 3 and the Bäckmans' own rows is "–" in three blocks and "-" in one: podium
writes "–" every time.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from docx import Document
from matplotlib.figure import Figure
from matplotlib.image import imread

import podium
import podium.reports
from podium.errors import NotFound, ValidationError
from podium.model import RoundStatus
from podium.model.result import Result, Status
from podium.model.season import Season
from podium.reports import i18n, languages, load_story, press_kit, render_docx, write_press_kit
from podium.reports.assemble import listed_sessions, result_words
from podium.reports.kit import PressKit
from podium.reports.write import parse_formats
from podium.storage import Database

BACKMANS = ["Andreas Bäckman", "Jessica Bäckman"]

# -- the seed, line for line ---------------------------------------------------------------

SEED_RESULTS = [
    [
        "Andreas’ results:",
        "Free Practice 1: 21st place",
        "Free Practice 2: 22nd place",
        "Qualifying: 17th place",
        "Race 1: 16th place",
        "Race 2: Retired (DNF)",
    ],
    [
        "Jessica’s results:",
        "Free Practice 1: 22nd place",
        "Free Practice 2: 21st place",
        "Qualifying: 19th place",
        "Race 1: 19th place",
        "Race 2: 17th place",
    ],
]
SEED_STANDINGS_HEADING = "WTCR Series Standings"
SEED_STANDINGS = [
    [
        "FIA World Touring Car Cup for Drivers WTCR – Overall (Top 3)",
        "FIA WTCR 2021 (After 3 of 8 race weekends)",
        "1: Jean-Karl Vernay (FRA), 82 p.",
        "2: Yann Ehrlacher (FRA), 74 p.",
        "3: Yvan Muller (FRA), 67 p.",
        "–",
        "21: Jessica Bäckman (SWE), 2 p.",
        "22: Andreas Bäckman (SWE), 1 p.",
        "See the full standings here",
    ],
    [
        "WTCR Trophy – Overall (Top 3)",
        "FIA WTCR 2021 (After 3 of 8 race weekends)",
        "1: Gilles Magnus (BEL), 62 p.",
        "2: Tom Coronel (NLD), 33 p.",
        "3: Jessica Bäckman (SWE), 25 p.",
        "–",  # the seed: "-"
        "4: Andreas Bäckman (SWE), 22 p.",
        "See the full standings here",
    ],
    [
        "FIA World Touring Car Cup for Junior Drivers – Overall (Top 3)",
        "FIA WTCR 2021 (After 3 of 8 race weekends)",
        "1: Gilles Magnus (BEL), 166 p.",
        "2: Luca Engstler (DEU), 125 p.",
        "3: Jessica Bäckman (SWE), 102 p.",
        "See the full standings here",
    ],
    [
        "WTCR – FIA World Touring Car Cup for Teams – Overall (Top 3)",
        "FIA WTCR 2021 (After 3 of 8 race weekends)",
        "1: Cyan Racing Lynk & Co, 141 p.",
        "2: Engstler Hyundai N Liqui Moly Racing Team, 121 p.",
        "3: Cyan Performance Lynk & Co, 112 p.",
        "–",
        "11: Target Competition, 3 p.",
        "See the full standings here",
    ],
]
SEED_NEXT = (
    "Next up is the fourth round of the WTCR series, July 30th- August 1st, "
    "at Adria International Raceway in Italy."
)

SV_RESULTS = [
    [
        "Andreas resultat:",
        "Fri träning 1: 21:a plats",
        "Fri träning 2: 22:a plats",
        "Kvalificering: 17:e plats",
        "Race 1: 16:e plats",
        "Race 2: Bröt (DNF)",
    ],
    [
        "Jessicas resultat:",
        "Fri träning 1: 22:a plats",
        "Fri träning 2: 21:a plats",
        "Kvalificering: 19:e plats",
        "Race 1: 19:e plats",
        "Race 2: 17:e plats",
    ],
]
SV_NEXT = (
    "Härnäst väntar den fjärde deltävlingen i WTCR-serien, 30 juli–1 augusti, "
    "på Adria International Raceway i Italien."
)


@pytest.fixture(scope="module")
def season() -> Season:
    return podium.load_season(podium.example_path("wtcr-2021"))


@pytest.fixture(scope="module")
def story_path() -> Path:
    return podium.example_path("wtcr-2021") / "stories" / "round-3-backman.md"


@pytest.fixture(scope="module")
def kit(season: Season, story_path: Path) -> PressKit:
    return press_kit(season, round=3, entries=BACKMANS, lang="en", story=story_path)


@pytest.fixture(scope="module")
def kit_sv(season: Season) -> PressKit:
    story = podium.example_path("wtcr-2021") / "stories" / "round-3-backman.sv.md"
    return press_kit(season, round=3, entries=BACKMANS, lang="sv", story=story)


@pytest.fixture(scope="module")
def written(kit: PressKit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = write_press_kit(kit, tmp_path_factory.mktemp("kit"), ["all"])
    return {p.name: p for p in paths}


def in_order(lines: list[str], wanted: list[str]) -> bool:
    """Whether `wanted` occurs in `lines` as one run of consecutive lines."""
    n = len(wanted)
    return any(lines[i : i + n] == wanted for i in range(len(lines) - n + 1))


# -- English: the seed's blocks --------------------------------------------------------------


def test_results_blocks_are_the_seeds(kit: PressKit) -> None:
    assert [block.lines() for block in kit.results] == SEED_RESULTS


def test_standings_blocks_are_the_seeds(kit: PressKit) -> None:
    assert kit.standings_heading == SEED_STANDINGS_HEADING
    assert [block.lines() for block in kit.standings] == SEED_STANDINGS
    assert all(block.link == "https://www.fiawtcr.com" for block in kit.standings)


def test_next_event_is_the_seeds_with_the_time_until_computed(kit: PressKit) -> None:
    nxt = kit.next_event
    assert nxt is not None
    assert nxt.sentence == SEED_NEXT
    assert (nxt.round, nxt.start, nxt.end) == (4, date(2021, 7, 30), date(2021, 8, 1))
    assert (nxt.circuit, nxt.country) == ("Adria International Raceway", "Italy")
    # From the end of round 3 (Sunday July 11th) to the start of round 4: 19 days.
    assert (nxt.days_until, nxt.time_until) == (19, "in about 3 weeks")


def test_the_release_follows_the_seeds_order(kit: PressKit) -> None:
    lines = kit.lines()
    assert lines[0] == "Small steps forward for the Bäckman’s"
    assert lines[1].startswith("Andreas and Jessica Bäckman in their Hyundai Elantra N TCR")
    assert lines[2] == "Photo: FIA WTCR (Free rights to use the image)"
    assert lines[3].startswith("The siblings Andreas and Jessica Bäckman competed last weekend ")
    assert "in the third round of WTCR - FIA World Touring Car Cup" in lines[3]
    assert lines[4].startswith("– We took small steps forward")
    assert lines[4].endswith("in the results list, Andreas Bäckman says.")
    assert any(line.startswith("Last weekend, July 9th-11th, WTCR was held at") for line in lines)
    assert lines.index("Tough weekend with some positives") < lines.index(
        "Puncture on the last lap for Andreas"
    )
    quotes = [line for line in lines if line.startswith("– ")]
    assert len(quotes) == 4
    # Both quotes that speak of the next race say what the calendar says, not what was typed.
    assert sum("next race in Italy in about 3 weeks" in q for q in quotes) == 2
    starts = [lines.index(SEED_NEXT), lines.index(SEED_RESULTS[0][0])]
    starts += [lines.index(SEED_STANDINGS_HEADING), lines.index(SEED_STANDINGS[0][0])]
    starts += [lines.index("Free rights to use the images.")]
    assert starts == sorted(starts)
    assert lines[-3:] == [
        "Download press-photos here:",
        "http://bit.ly/jabaeckman-photos",
        "https://www.mynewsdesk.com/se/ja-backman/images",
    ]
    for block in [*SEED_RESULTS, *SEED_STANDINGS]:
        assert in_order(lines, block)


def test_without_a_story_a_data_only_release(season: Season) -> None:
    kit = press_kit(season, round=3, entries=BACKMANS)
    assert kit.title == "WTCR Race of Spain – results and standings"
    assert kit.subtitle == (
        "The third round of FIA WTCR 2021, July 9th-11th, at MotorLand Aragón in Spain."
    )
    assert (kit.photos, kit.lede, kit.body, kit.press_photos) == ((), None, (), None)
    assert [b.lines() for b in kit.results] == SEED_RESULTS
    # The rules' names and order; the series named by its short name from season.yaml.
    assert [b.classification for b in kit.standings] == ["drivers", "teams", "junior", "trophy"]
    assert kit.standings[0].title == "FIA World Touring Car Cup for Drivers – Overall (Top 3)"
    assert kit.standings_heading == "FIA WTCR Series Standings"
    assert kit.next_event is not None
    assert kit.next_event.sentence == SEED_NEXT.replace("the WTCR series", "the FIA WTCR series")
    by_id = {b.classification: b.lines() for b in kit.standings}
    assert by_id["trophy"] == SEED_STANDINGS[1]
    assert by_id["junior"] == SEED_STANDINGS[2]
    assert by_id["teams"] == SEED_STANDINGS[3]


def test_the_season_line_counts_the_calendar_as_it_stood(season: Season) -> None:
    assert season.series.short_name == "FIA WTCR"
    # Round 7 left the calendar on July 20th, after round 3: still "of 8" after round 3.
    rounds = list(season.rounds)
    rounds[6] = _cancelled(rounds[6], on=date(2021, 7, 20))
    changed = _replace(season, rounds=tuple(rounds))
    kit = press_kit(changed, round=3, entries=["Jessica Bäckman"])
    assert kit.standings[0].season_line == "FIA WTCR 2021 (After 3 of 8 race weekends)"
    # Cancelled before round 3 ended: "of 7".
    rounds[6] = _cancelled(rounds[6], on=date(2021, 7, 1))
    kit = press_kit(_replace(season, rounds=tuple(rounds)), round=3, entries=["Jessica Bäckman"])
    assert kit.standings[0].season_line == "FIA WTCR 2021 (After 3 of 7 race weekends)"


def _cancelled(rnd: podium.Round, on: date) -> podium.Round:
    return dataclasses.replace(rnd, status=RoundStatus.CANCELLED, cancelled_on=on)


def _replace(season: Season, **changes: object) -> Season:
    return dataclasses.replace(season, **changes)  # type: ignore[arg-type]


def test_a_team_row_when_the_team_is_outside_the_top(season: Season) -> None:
    kit = press_kit(season, round=3, entries=["Jessica Bäckman"])
    teams = next(b for b in kit.standings if b.classification == "teams")
    assert [r.text for r in teams.own] == ["11: Target Competition, 3 p."]
    assert teams.chosen == {"target-competition"}
    # A driver inside the top 3 gets no separator and no row of their own.
    junior = next(b for b in kit.standings if b.classification == "junior")
    assert junior.own == () and "–" not in junior.lines()
    assert [r.chosen for r in junior.top] == [False, False, True]


# -- Swedish ---------------------------------------------------------------------------------


def test_swedish_has_the_same_structure_in_swedish(kit: PressKit, kit_sv: PressKit) -> None:
    assert [b.lines() for b in kit_sv.results] == SV_RESULTS
    assert kit_sv.next_event is not None
    assert kit_sv.next_event.sentence == SV_NEXT
    assert kit_sv.next_event.time_until == "om cirka 3 veckor"
    assert kit_sv.standings_heading == "Ställningen i WTCR"
    assert [len(b.lines()) for b in kit_sv.standings] == [len(b) for b in SEED_STANDINGS]
    drivers = kit_sv.standings[0].lines()
    assert drivers[0] == "FIA World Touring Car Cup for Drivers WTCR – Totalt (topp 3)"
    assert drivers[1] == "FIA WTCR 2021 (efter 3 av 8 tävlingshelger)"
    assert drivers[2:8] == SEED_STANDINGS[0][2:8]  # names, codes and points as in English
    assert drivers[-1] == "Se hela ställningen här"
    lines = kit_sv.lines()
    assert "I helgen, 9–11 juli, kördes WTCR på den spanska banan" in " ".join(lines)
    assert lines[-3] == "Ladda ner pressbilder här:"
    assert any(
        line.endswith("i Italien om cirka 3 veckor, säger Jessica Bäckman.") for line in lines
    )
    assert kit_sv.labels.points_chart == "Poäng efter varje deltävling"


def test_swedish_data_only(season: Season) -> None:
    kit = press_kit(season, round=3, entries=["Andreas Bäckman"], lang="sv")
    assert kit.title == "WTCR Race of Spain – resultat och ställning"
    assert kit.subtitle == (
        "Den tredje deltävlingen i FIA WTCR 2021, 9–11 juli, på MotorLand Aragón i Spanien."
    )
    assert kit.standings[0].title == "FIA World Touring Car Cup for Drivers – Totalt (topp 3)"


@pytest.mark.parametrize(
    ("code", "numbers", "expected"),
    [
        (
            "en",
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111],
            "1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th",
        ),
        (
            "sv",
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111],
            "1:a 2:a 3:e 4:e 11:e 12:e 13:e 21:a 22:a 23:e 101:a 111:e",
        ),
    ],
)
def test_ordinals(code: str, numbers: list[int], expected: str) -> None:
    words = i18n.language(code)
    assert " ".join(words.ordinal(n) for n in numbers) == expected


def test_dates_countries_names_and_durations() -> None:
    en, sv = i18n.language("en"), i18n.language("sv")
    one_day, month, two = date(2021, 7, 9), date(2021, 7, 11), date(2021, 8, 1)
    assert en.date_range(one_day, one_day) == "July 9th"
    assert en.date_range(one_day, month) == "July 9th-11th"
    assert en.date_range(date(2021, 7, 30), two) == "July 30th- August 1st"
    assert sv.date_range(one_day, one_day) == "9 juli"
    assert sv.date_range(one_day, month) == "9–11 juli"
    assert sv.date_range(date(2021, 7, 30), two) == "30 juli–1 augusti"
    assert en.date_range(None, None) is None
    assert [en.country(c) for c in ("ITA", "DEU", "ESP", "IT", "XYZ")] == [
        "Italy",
        "Germany",
        "Spain",
        "Italy",
        "XYZ",
    ]
    assert [sv.country(c) for c in ("ITA", "DEU", "ESP")] == ["Italien", "Tyskland", "Spanien"]
    assert [en.possessive(n) for n in ("Andreas", "Jessica", "Max")] == [
        "Andreas’",
        "Jessica’s",
        "Max’s",
    ]
    assert [sv.possessive(n) for n in ("Andreas", "Jessica", "Max")] == [
        "Andreas",
        "Jessicas",
        "Max",
    ]
    assert [sv.session_name(n) for n in ("Free Practice 2", "Qualifying", "Race 1", "Hot Lap")] == [
        "Fri träning 2",
        "Kvalificering",
        "Race 1",
        "Hot Lap",
    ]
    assert [en.time_until(d) for d in (3, 14, 19)] == [
        "in 3 days",
        "in 2 weeks",
        "in about 3 weeks",
    ]
    assert [sv.time_until(d) for d in (3, 14, 19)] == [
        "om 3 dygn",
        "om 2 veckor",
        "om cirka 3 veckor",
    ]
    assert [en.ordinal_word(n) for n in (1, 4, 20, 21)] == ["first", "fourth", "twentieth", "21st"]
    assert [sv.ordinal_word(n) for n in (1, 4, 21)] == ["första", "fjärde", "21:a"]
    assert (en.points(Fraction(1, 2), 2), sv.points(Fraction(1, 3), 2)) == ("0.5", "0,33")


# -- catalogs: a language is a catalog --------------------------------------------------------


KEYWORDS = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2)}


def _source_messages() -> set[tuple[str | None, str]]:
    folder = Path(i18n.__file__).parent
    out = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        out.add((context, singular))
    return out


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message: object) -> tuple[str | None, str]:
    ident = message.id  # type: ignore[attr-defined]
    return (message.context, ident[0] if isinstance(ident, tuple) else ident)  # type: ignore[attr-defined]


def test_the_template_holds_every_message_of_the_code() -> None:
    # `pybabel extract` was run after the last change to a message (docs/press-kit.md).
    template = {_key(m) for m in _catalog(i18n.locale_dir() / "podium.pot") if m.id}
    assert _source_messages() - template == set()


@pytest.mark.parametrize("code", ["sv", "de", "fr", "it"])
def test_every_catalog_translates_every_message_and_its_mo_is_compiled_from_its_po(
    code: str,
) -> None:
    template = {_key(m) for m in _catalog(i18n.locale_dir() / "podium.pot") if m.id}
    folder = i18n.locale_dir() / code / "LC_MESSAGES"
    catalog = _catalog(folder / "podium.po")
    translated = {
        _key(m) for m in catalog if m.id and m.string and all(m.string) and "fuzzy" not in m.flags
    }
    assert template - translated == set()
    # The shipped .mo says what the .po says ("pybabel compile" was run after the last edit).
    with (folder / "podium.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            assert isinstance(message.string, tuple)
            for n, wanted in ((1, message.string[0]), (5, message.string[1])):
                assert compiled.ngettext(message.id[0], message.id[1], n) == wanted
        elif message.context:
            assert compiled.pgettext(message.context, message.id) == message.string
        else:
            assert compiled.gettext(message.id) == message.string


def test_every_catalog_is_a_language() -> None:
    assert languages() == ["en", "de", "fr", "it", "sv"]


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A third language made of a catalog only: a German catalog in a locale folder of its own."""
    for code in ("sv",):
        shutil.copytree(i18n.locale_dir() / code, tmp_path / code)
    catalog = Catalog(locale="de", domain="podium")
    translations = {
        ("result", "{ordinal} place"): "{ordinal} Platz",
        ("ordinal form other", "{n}th"): "{n}.",
        ("session", "Free Practice"): "Freies Training",
        ("results heading", "{owner} results:"): "Ergebnisse von {owner}:",
        ("possessive", "{name}’s"): "{name}",
        ("possessive, short form", "{name}’"): "{name}",
    }
    for (context, message), text in translations.items():
        catalog.add(message, text, context=context)
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "de" / "LC_MESSAGES" / "podium.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    i18n.language.cache_clear()
    yield
    i18n.language.cache_clear()


@pytest.mark.usefixtures("german")
def test_a_third_language_is_a_catalog_not_code(season: Season) -> None:
    assert languages() == ["en", "de", "sv"]  # the locale folder of the fixture
    kit = press_kit(season, round=3, entries=["Andreas Bäckman"], lang="de")
    assert kit.results[0].lines()[:2] == ["Ergebnisse von Andreas:", "Freies Training 1: 21. Platz"]
    # Babel knows German months and countries without a word in the catalog.
    assert kit.next_event is not None and "30 Juli" not in kit.next_event.sentence
    assert "Juli" in (kit.next_event.dates or "") and kit.next_event.country == "Italien"


def test_an_unknown_language_is_refused(season: Season) -> None:
    with pytest.raises(NotFound, match=r"no language 'xx' \(available: en, de, fr, it, sv\)"):
        press_kit(season, round=3, entries=BACKMANS, lang="xx")


# -- entries, rounds, sessions: what cannot be written ---------------------------------------


def test_entries_by_name_number_id_or_unique_words(season: Season) -> None:
    def cars(*queries: str) -> list[tuple[str, tuple[str, ...]]]:
        kit = press_kit(season, round=3, entries=list(queries))
        return [(b.entry.car, b.entry.drivers) for b in kit.results]

    andreas = ("19", ("andreas-backman",))
    jessica = ("26", ("jessica-backman",))
    assert cars("19", "26") == [andreas, jessica]
    assert cars("andreas-backman", "jessica backman", "Jessica") == [andreas, jessica]
    assert cars("ANDREAS BACKMAN", "#19") == [andreas]


def test_an_unknown_or_ambiguous_entry_is_not_found(season: Season) -> None:
    with pytest.raises(NotFound, match=r"ambiguous: Andreas Bäckman \(#19\), Jessica Bäckman"):
        press_kit(season, round=3, entries=["Bäckman"])
    with pytest.raises(NotFound, match=r"no entry 'Andreas Backmann'.*did you mean 'Andreas"):
        press_kit(season, round=3, entries=["Andreas Backmann"])
    with pytest.raises(NotFound, match="no entry"):
        press_kit(season, round=3, entries=["999"])
    with pytest.raises(NotFound, match="no entry asked for"):
        press_kit(season, round=3, entries=[])


def test_a_round_not_held_or_absent_is_not_found(season: Season) -> None:
    with pytest.raises(NotFound, match=r"round 4 \(WTCR Race of Italy\) has not been held yet"):
        press_kit(season, round=4, entries=BACKMANS)
    with pytest.raises(NotFound, match=r"has no round 9 \(rounds 1-8, held: 1, 2, 3\)"):
        press_kit(season, round=9, entries=BACKMANS)


def test_a_session_without_classification_is_left_out_with_a_warning(season: Season) -> None:
    # Round 1's free practices were never classified (season.yaml: "no classification found").
    kit = press_kit(season, round=1, entries=BACKMANS)
    assert kit.results[0].lines() == [
        "Andreas’ results:",
        "Qualifying: 17th place",
        "Race 1: 20th place",
        "Race 2: Retired (DNF)",
    ]
    assert kit.warnings[:2] == (
        "wtcr/2021 round 1: Free Practice 1 (fp1) has no classification: left out of "
        "Andreas Bäckman's results",
        "wtcr/2021 round 1: Free Practice 2 (fp2) has no classification: left out of "
        "Andreas Bäckman's results",
    )
    shown = press_kit(season, round=1, entries=["19"], missing="show")
    assert shown.results[0].lines()[1:3] == [
        "Free Practice 1: No classification",
        "Free Practice 2: No classification",
    ]
    # A partial classification without the entry's place: round 3's practices give only the
    # Bäckmans' places.
    vernay = press_kit(season, round=3, entries=["Vernay"])
    assert [s.session for s in vernay.results[0].sessions] == ["qualifying", "race1", "race2"]
    assert any(
        "Free Practice 1 (fp1) gives no place for Jean-Karl Vernay" in w for w in vernay.warnings
    )
    chosen = press_kit(season, round=3, entries=["19"], sessions=["qualifying", "race2"])
    assert chosen.results[0].lines()[1:] == ["Qualifying: 17th place", "Race 2: Retired (DNF)"]
    with pytest.raises(NotFound, match=r"no session 'fp9' \(sessions of this round: fp1, fp2"):
        press_kit(season, round=3, entries=["19"], sessions=["fp9"])


def test_statuses_are_worded(season: Season) -> None:
    words = i18n.language("en"), i18n.language("sv")
    statuses = [Status.DNS, Status.DSQ, Status.NOT_CLASSIFIED, Status.DNF, Status.EXCLUDED]
    shown = [[result_words(Result("1", s), w) for s in statuses] for w in words]
    assert shown == [
        [
            "Did not start (DNS)",
            "Disqualified (DSQ)",
            "Not classified (NC)",
            "Retired (DNF)",
            "Excluded (EX)",
        ],
        [
            "Startade inte (DNS)",
            "Diskvalificerad (DSQ)",
            "Ej klassificerad (NC)",
            "Bröt (DNF)",
            "Utesluten (EX)",
        ],
    ]
    assert result_words(None, words[0]) == "Did not take part"


def test_qualifying_segments_are_not_listed_but_the_final_order_is(season: Season) -> None:
    assert [s.id for s in listed_sessions(season.round(3))] == [
        "fp1",
        "fp2",
        "qualifying",
        "race1",
        "race2",
    ]
    assert [s.id for s in listed_sessions(season.round(1))] == [
        "fp1",
        "fp2",
        "qualifying",
        "race1",
        "race2",
    ]


# -- the story -------------------------------------------------------------------------------


def write_story(folder: Path, front: str, body: str = "") -> Path:
    path = folder / "story.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


def test_story_problems_are_reported_with_file_and_line(season: Season, tmp_path: Path) -> None:
    path = write_story(
        tmp_path,
        "headline: Hi\nquotes:\n  - {id: a, by: A, text: Said}\n"
        "photos:\n  - {caption: x, credt: y}\n",
        "{{ quote: b }}\n\nText {{ next.nowhere }}.\n",
    )
    with pytest.raises(ValidationError) as caught:
        load_story(path)
    shown = [str(p) for p in caught.value.problems]
    assert f"{path}:6: photos[0].credt: unknown key; did you mean 'credit'?" in shown
    # Schema problems come first; the body is checked once the front matter is right.
    fixed = write_story(
        tmp_path,
        "headline: Hi\nquotes:\n  - {id: a, by: A, text: Said}\nnames:\n  classifications:\n"
        "    nope: X\n",
        "{{ quote: b }}\n\nText {{ next.nowhere }}.\n",
    )
    with pytest.raises(ValidationError) as caught:
        load_story(fixed)
    assert [str(p) for p in caught.value.problems] == [f"{fixed}:9: body: no quote 'b' (known: a)"]
    fixed.write_text(fixed.read_text().replace("{{ quote: b }}", "{{ quote: a }}"), "utf-8")
    with pytest.raises(ValidationError) as caught:
        press_kit(season, round=3, entries=BACKMANS, story=fixed)
    shown = [str(p) for p in caught.value.problems]
    assert (
        f"{fixed}:7: names.classifications.nope: no classification 'nope' in wtcr/2021 "
        "(known: drivers, teams, junior, trophy)" in shown
    )
    assert any(s.startswith(f"{fixed}:11: body: unknown field 'next.nowhere'") for s in shown)


def test_story_quotes_fields_and_photos(season: Season, tmp_path: Path) -> None:
    photo = tmp_path / "pic.png"
    _tiny_png(photo)
    path = write_story(
        tmp_path,
        "headline: Heat in {{ round.circuit }}\n"
        "lede: Round {{ round.ordinal }} of {{ season.rounds_total }}.\n"
        "photos:\n  - {file: pic.png, caption: Both cars, credit: Team}\n"
        "quotes:\n"
        "  - {id: first, by: Jessica Bäckman, text: Hot.}\n"
        "  - id: second\n    by: Andreas Bäckman\n    text: See you {{ next.time_until }}\n"
        "standings: [trophy, drivers]\n",
        "## Saturday\n\nA *good* day, see [the site](https://example.org).\n\n"
        "{{ quote: second }}\n",
    )
    kit = press_kit(season, round=3, entries=BACKMANS, story=path)
    assert kit.title == "Heat in MotorLand Aragón"
    assert kit.lede == "Round third of 8."
    # A quote the body does not place follows the lede; a trailing full stop is not doubled.
    assert [(b.kind, b.text) for b in kit.body] == [
        ("quote", "– Hot, Jessica Bäckman says."),
        ("heading", "Saturday"),
        ("paragraph", "A *good* day, see [the site](https://example.org)."),
        ("quote", "– See you in about 3 weeks, Andreas Bäckman says."),
    ]
    assert [b.classification for b in kit.standings] == ["trophy", "drivers"]
    assert kit.photos[0].credit_line == "Photo: Team"
    paths = write_press_kit(kit, tmp_path / "out", ["all"])
    names = sorted(p.name for p in paths)
    assert "photo-1.png" in names
    assert "standings-junior.png" not in names  # only the classifications printed
    document = Document(str(tmp_path / "out" / kit.slug / "press-kit.docx"))
    assert len(document.inline_shapes) == 1 + 2 + 1  # photo, two cards, the chart
    html = (tmp_path / "out" / kit.slug / "press-kit.html").read_text("utf-8")
    # The photo is inside the page (a data URI), as it is inside the DOCX.
    assert '<img src="data:image/png;base64,' in html and 'alt="Both cars">' in html
    assert "![Both cars](photo-1.png)" in (tmp_path / "out" / kit.slug / "press-kit.md").read_text()
    assert 'A <em>good</em> day, see <a href="https://example.org">the site</a>.' in html


def _tiny_png(path: Path) -> None:
    figure = Figure(figsize=(1, 0.5), dpi=40)
    figure.savefig(path, format="png")


def test_story_html_is_not_passed_through(season: Season, tmp_path: Path) -> None:
    path = write_story(tmp_path, "headline: Hi\n", "Hello <script>alert(1)</script> there.\n")
    kit = press_kit(season, round=3, entries=BACKMANS, story=path)
    paths = write_press_kit(kit, tmp_path / "out", ["html"])
    html = paths[0].read_text("utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- the files -------------------------------------------------------------------------------


def test_all_formats_are_written(kit: PressKit, written: dict[str, Path]) -> None:
    assert sorted(written) == [
        "points.png",
        "press-kit.docx",
        "press-kit.html",
        "press-kit.md",
        "standings-drivers.png",
        "standings-junior.png",
        "standings-teams.png",
        "standings-trophy.png",
    ]
    folder = written["press-kit.md"].parent
    assert folder.name == "wtcr-2021-round-3-en"
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]  # no leftovers


def test_markdown_reads_like_the_seed(written: dict[str, Path]) -> None:
    text = written["press-kit.md"].read_text("utf-8")
    plain = [_plain_markdown(line) for line in text.splitlines()]
    for block in [*SEED_RESULTS, *SEED_STANDINGS]:
        assert in_order(plain, block), block
    assert SEED_NEXT in plain
    assert "[See the full standings here](https://www.fiawtcr.com)" in text
    for name in ("standings-drivers.png", "standings-trophy.png", "points.png"):
        assert f"]({name})" in text


def _plain_markdown(line: str) -> str:
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.rstrip())
    return line.replace("**", "").replace("\\", "")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.images: list[str] = []
        self.current = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs)["src"] or "")
        if tag in ("p", "li", "h1", "h2", "h3", "span"):
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "h1", "h2", "h3", "span"):
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.lasttag not in ("style", "title"):
            self.current += data

    def flush(self) -> None:
        if self.current.strip():
            self.lines.append(" ".join(self.current.split()))
        self.current = ""


def test_html_holds_the_blocks_and_its_pictures(written: dict[str, Path]) -> None:
    page = _Text()
    page.feed(written["press-kit.html"].read_text("utf-8"))
    for block in [*SEED_RESULTS, *SEED_STANDINGS]:
        assert in_order(page.lines, block), block
    assert SEED_NEXT in page.lines
    assert sorted(page.images) == sorted(n for n in written if n.endswith(".png"))
    html = written["press-kit.html"].read_text("utf-8")
    assert '<html lang="en">' in html and "@media print" in html and "@page" in html
    assert '<li class="chosen">22: Andreas Bäckman (SWE), 1 p.</li>' in html


def test_docx_opens_with_python_docx_and_holds_the_blocks(written: dict[str, Path]) -> None:
    document = Document(str(written["press-kit.docx"]))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Small steps forward for the Bäckman’s"
    for block in [*SEED_RESULTS, *SEED_STANDINGS]:
        assert in_order(paragraphs, block), block
    assert SEED_NEXT in paragraphs
    assert len(document.inline_shapes) == 5  # four standings cards and the chart
    assert document.core_properties.title == "Small steps forward for the Bäckman’s"
    assert document.core_properties.language == "en"
    chosen = [p.text for p in document.paragraphs if p.runs and all(r.bold for r in p.runs)]
    assert "22: Andreas Bäckman (SWE), 1 p." in chosen and "Andreas’ results:" in chosen
    assert "1: Jean-Karl Vernay (FRA), 82 p." not in chosen
    links = [link.url for p in document.paragraphs for link in p.hyperlinks]
    assert links.count("https://www.fiawtcr.com") == 4
    assert "http://bit.ly/jabaeckman-photos" in links


def _is_png(path: Path) -> np.ndarray:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return np.asarray(imread(path))


def _highlighted(image: np.ndarray) -> int:
    """Pixels in the highlight colour (#ffe08a) of the standings cards."""
    colour = np.array([0xFF, 0xE0, 0x8A]) / 255
    return int(np.all(np.abs(image[..., :3] - colour) < 0.01, axis=-1).sum())


def test_standings_cards_highlight_the_chosen_rows(
    season: Season, written: dict[str, Path], tmp_path: Path
) -> None:
    drivers = _is_png(written["standings-drivers.png"])
    assert drivers.shape[0] > 600 and drivers.shape[1] > 600
    assert _highlighted(drivers) > 0
    teams = _highlighted(_is_png(written["standings-teams.png"]))
    # Two drivers' rows against one team's row.
    assert 1.6 < _highlighted(drivers) / teams < 2.4
    # Andreas is not a Junior: his kit's Junior card highlights nothing.
    kit = press_kit(season, round=3, entries=["Andreas Bäckman"])
    paths = {p.name: p for p in write_press_kit(kit, tmp_path, ["png"])}
    assert _highlighted(_is_png(paths["standings-junior.png"])) == 0
    assert _highlighted(_is_png(paths["standings-trophy.png"])) > 0
    chart = _is_png(written["points.png"])
    assert chart.shape[1] > chart.shape[0] > 300


def test_the_chart_holds_the_points_after_each_round(kit: PressKit) -> None:
    by_id = {p.classification: p for p in kit.progression}
    assert list(by_id) == ["drivers", "trophy", "junior", "teams"]
    trophy = by_id["trophy"]
    assert trophy.rounds == (1, 2, 3)
    lines = {line.name: ([int(p) for p in line.points], line.chosen) for line in trophy.lines}
    assert lines["Gilles Magnus"] == ([20, 42, 62], False)  # the leader, for reference
    assert lines["Jessica Bäckman"][1] and lines["Jessica Bäckman"][0][-1] == 25
    assert lines["Andreas Bäckman"][0][-1] == 22
    assert [line.name for line in by_id["junior"].lines] == ["Gilles Magnus", "Jessica Bäckman"]


def test_docx_converts_with_libreoffice(written: dict[str, Path], tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    if not (office and pdftoppm and pdftotext):
        message = "LibreOffice or poppler-utils missing (.ci/run installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    profile = tmp_path / "profile"  # a profile of its own: no clash with a running office
    done = subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(written["press-kit.docx"]),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "press-kit.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stdout + done.stderr
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    page = next(tmp_path.glob("page*.png"))
    image = _is_png(page)
    assert image.shape[0] > image.shape[1] > 300  # a portrait page
    assert float(image[..., :3].mean()) < 0.995  # something is printed on it
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Small steps forward for the" in text
    for line in ("Andreas’ results:", "Race 2: Retired (DNF)", "11: Target Competition, 3 p."):
        assert line in text


def test_a_failure_leaves_no_half_written_kit(
    kit: PressKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_press_kit(kit, tmp_path, ["md"])
    before = first[0].read_text("utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(render_docx, "docx", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_press_kit(kit, tmp_path, ["all"])
    # The older kit is as it was, and no temporary folder is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == [kit.slug]
    assert sorted(p.name for p in (tmp_path / kit.slug).iterdir()) == ["press-kit.md"]
    assert first[0].read_text("utf-8") == before
    with pytest.raises(RuntimeError):
        write_press_kit(kit, tmp_path / "new", ["docx"])
    assert list((tmp_path / "new").iterdir()) == []


def test_formats() -> None:
    assert parse_formats(["all"]) == ["md", "html", "docx", "png"]
    assert parse_formats(["docx,md", "md"]) == ["md", "docx"]
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        parse_formats(["pdf"])


# -- from the database -----------------------------------------------------------------------


def test_a_season_from_the_database_makes_the_same_kit(
    season: Season, kit: PressKit, story_path: Path, tmp_path: Path
) -> None:
    with Database(f"sqlite:///{tmp_path / 'p.sqlite3'}") as db:
        db.import_season(season)
        stored = db.load_season("wtcr", 2021)
    assert stored.series.short_name == "FIA WTCR"
    again = press_kit(stored, round=3, entries=BACKMANS, lang="en", story=story_path)
    assert again.lines() == kit.lines()


# -- the command -----------------------------------------------------------------------------


def podium_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def test_the_command_writes_the_kit(tmp_path: Path, story_path: Path) -> None:
    folder = str(podium.example_path("wtcr-2021"))
    done = podium_cli(
        "press-kit",
        folder,
        "--round",
        "3",
        "--entry",
        "Andreas Bäckman",
        "-e",
        "26",
        "--lang",
        "sv",
        "--format",
        "md,docx",
        "--story",
        str(story_path),
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    kit = tmp_path / "wtcr-2021-round-3-sv"
    assert done.stdout.splitlines() == [str(kit / "press-kit.docx"), str(kit / "press-kit.md")]
    text = (kit / "press-kit.md").read_text("utf-8")
    assert "Race 2: Bröt (DNF)" in text and "(efter 3 av 8 tävlingshelger)" in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--round", "3", "--entry", "Nobody Atall"], 3, "no entry 'Nobody Atall'"),
        (["--round", "3", "--entry", "Bäckman"], 3, "is ambiguous"),
        (["--round", "4", "--entry", "Andreas Bäckman"], 3, "has not been held yet"),
        (["--round", "3", "--entry", "19", "--sessions", "fp9"], 3, "no session 'fp9'"),
        (["--round", "3", "--entry", "19", "--lang", "fi"], 2, "unknown language 'fi'"),
        (["--round", "3", "--entry", "19", "--format", "pdf"], 2, "unknown format 'pdf'"),
        (["--round", "3", "--entry", "19", "--story", "STORY"], 1, "unknown key"),
        (
            ["--round", "3", "--entry", "19", "--story", "PLACEHOLDER"],
            1,
            "story.md:5: body: unknown field 'andreas.qualifying.plaec'",
        ),
    ],
)
def test_the_command_refuses_with_a_message_and_writes_nothing(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    bad_story = write_story(tmp_path, "headline: x\nhedline: y\n")
    placeholder = tmp_path / "placeholder" / "story.md"
    placeholder.parent.mkdir()
    placeholder.write_text(
        "---\nheadline: x\n---\nFirst line,\n{{ andreas.qualifying.plaec }}.\n", "utf-8"
    )
    stories = {"STORY": str(bad_story), "PLACEHOLDER": str(placeholder)}
    args = [stories.get(a, a) for a in args]
    out = tmp_path / "out"
    done = podium_cli("press-kit", str(podium.example_path("wtcr-2021")), *args, "--out", str(out))
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert done.stdout == ""
    assert not out.exists() or list(out.iterdir()) == []


def test_the_library_call(season: Season) -> None:
    kit = podium.reports.press_kit(season, round=3, entries=["Andreas Bäckman"], lang="en")
    assert isinstance(kit, PressKit) and kit.lang == "en" and kit.round == 3


def test_the_demo_writes_both_kits(tmp_path: Path) -> None:
    done = podium_cli("demo", "--out", str(tmp_path / "demo"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = [
        line.removeprefix("press kit: ")
        for line in done.stdout.splitlines()
        if line.startswith("press kit: ")
    ]
    # The seed's kit in English and Swedish (8 files each), the team kit and the series
    # release (Markdown and HTML each).
    assert len(shown) == 16 + 4
    for slug in ("wtcr-2021-round-3-team-target-competition-en", "wtcr-2021-round-3-series-en"):
        assert (tmp_path / "demo" / slug / "press-kit.md").is_file()
    series = (tmp_path / "demo" / "wtcr-2021-round-3-series-en" / "press-kit.md").read_text()
    assert "Winner: Gabriele Tarquini" in series and "Pole position: Frédéric Vervisch" in series
    for lang in ("en", "sv"):
        kit = tmp_path / "demo" / f"wtcr-2021-round-3-{lang}"
        for name in ("press-kit.md", "press-kit.html", "press-kit.docx", "points.png"):
            assert str(Path("demo") / kit.name / name) in shown or str(kit / name) in shown
            assert (kit / name).is_file()
    text = (tmp_path / "demo" / "wtcr-2021-round-3-sv" / "press-kit.md").read_text("utf-8")
    assert "Små steg framåt för syskonen Bäckman" in text and "Andreas resultat:" in text
    document = Document(
        io.BytesIO((tmp_path / "demo" / "wtcr-2021-round-3-en" / "press-kit.docx").read_bytes())
    )
    assert any(p.text == SEED_NEXT for p in document.paragraphs)


def test_the_story_example_of_the_docs(season: Season, tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "press-kit.md").read_text("utf-8")
    example = doc.split("<!-- story-example -->\n```markdown\n", 1)[1].split("\n```\n", 1)[0]
    path = tmp_path / "round-3.md"
    path.write_text(example + "\n", encoding="utf-8")
    kit = press_kit(season, round=3, entries=BACKMANS, story=path)
    assert [b.lines() for b in kit.standings] == SEED_STANDINGS
    assert kit.photos[0].caption == "Andreas and Jessica Bäckman on the MotorLand Aragón track."
    assert kit.body[0].text == "Last weekend, July 9th-11th, WTCR was held at the Spanish track."
    assert kit.body[-1].text.endswith("next race in Italy in about 3 weeks, Jessica Bäckman says.")
