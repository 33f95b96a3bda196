"""Press kits for every entrant (issue 14): incomplete data left out with warnings, the facts
for the prose from the data (story placeholders), team and series releases, photos, five
languages, decisions shown.

The season is loaded once per module; every kit is made in-process.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

import podium
from podium.errors import ValidationError
from podium.model.decision import Decision, DecisionKind
from podium.model.season import Season
from podium.reports import languages, press_kit, series_release, write_press_kit
from podium.reports.assemble import listed_sessions
from podium.reports.facts import Facts, session_key
from podium.reports.i18n import language
from podium.reports.select import round_entries

BACKMANS = ["Andreas Bäckman", "Jessica Bäckman"]
STORIES = podium.example_path("wtcr-2021") / "stories"
SEED = Path("/work/shared/seed/000_2e61697797308b99.txt")


@pytest.fixture(scope="module")
def season() -> Season:
    return podium.load_season(podium.example_path("wtcr-2021"))


def write_story(folder: Path, front: str, body: str = "") -> Path:
    path = folder / "story.md"
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


# -- every driver, every round, every language, every format ---------------------------------


def test_every_driver_of_every_round_gets_a_kit_in_every_language_and_format(
    season: Season, tmp_path: Path
) -> None:
    made = 0
    for rnd in season.held_rounds():
        listed = listed_sessions(rnd)
        for car in round_entries(season, rnd.number):
            driver = car.drivers[0]
            for lang in languages():
                kit = press_kit(season, round=rnd.number, entries=[driver], lang=lang)
                shown = {line.session for line in kit.results[0].sessions}
                for session in listed:
                    # Each listed session is in the results, or a warning names it.
                    assert session.id in shown or any(
                        f"{session.name} ({session.id})" in w for w in kit.warnings
                    ), (rnd.number, driver, session.id)
                paths = write_press_kit(kit, tmp_path / driver, ["all"])
                names = {p.name for p in paths}
                assert {"press-kit.md", "press-kit.html", "press-kit.docx"} <= names
                # The chart of the classifications the driver scores in (none: no chart).
                assert ("points.png" in names) == bool(kit.progression)
                assert len([n for n in names if n.startswith("standings-")]) == len(kit.standings)
                by_name = {p.name: p for p in paths}
                text = by_name["press-kit.md"].read_text("utf-8")
                assert kit.results[0].heading.replace("’", "’") in text.replace("\\", "")
                assert zipfile.is_zipfile(by_name["press-kit.docx"])
                card = by_name[f"standings-{kit.standings[0].classification}.png"]
                assert card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
                made += 1
    assert made == 22 * 3 * len(languages())


def test_incomplete_practice_data_warns_naming_the_sessions_left_out(season: Season) -> None:
    # Round 3's practices give only the Bäckmans' places; rounds 1 and 2 have none.
    kit = press_kit(season, round=3, entries=["Tom Coronel"], lang="de")
    assert [line.session for line in kit.results[0].sessions] == ["qualifying", "race1", "race2"]
    assert kit.warnings == (
        "wtcr/2021 round 3: Free Practice 1 (fp1) gives no place for Tom Coronel (only some "
        "places are known): left out of Tom Coronel's results",
        "wtcr/2021 round 3: Free Practice 2 (fp2) gives no place for Tom Coronel (only some "
        "places are known): left out of Tom Coronel's results",
    )
    # The seed's kit warns of nothing.
    assert press_kit(season, round=3, entries=BACKMANS).warnings == ()


# -- the facts for the prose -------------------------------------------------------------------


def test_the_bundled_story_states_the_seeds_facts_from_the_data(season: Season) -> None:
    story = STORIES / "round-3-backman.md"
    source = story.read_text("utf-8")
    # The facts are placeholders in the story, not typed.
    for placeholder in (
        "{{ andreas.qualifying.place | ordinal }}",
        "{{ jessica.qualifying.place | ordinal }}",
        "andreas.race2.retired",
        "{{ andreas.team }}",
        "{{ andreas.car }}",
        "{{ next.country }} {{ next.time_until }}",
    ):
        assert placeholder in source
    assert "17th and 19th" not in source and "Target Competition" not in source.split("---")[2]
    seed = SEED.read_text("utf-8").splitlines()
    kit = press_kit(season, round=3, entries=BACKMANS, story=story)
    lines = kit.lines()
    stated = [
        # The caption: the car and the circuit.
        "Andreas and Jessica Bäckman in their Hyundai Elantra N TCR cars on the MotorLand "
        "Aragón track.",
        # The team.
        next(s for s in seed if s.startswith("Last weekend, July 9th-11th")),
        # The qualifying places.
        next(s for s in seed if s.startswith("The weekend started tough")),
        # The retirement in race 2.
        next(s for s in seed if s.startswith("Andreas had a good start in Race 2")),
        # The next round's dates and venue.
        "Next up is the fourth round of the WTCR series, July 30th- August 1st, at Adria "
        "International Raceway in Italy.",
    ]
    for line in stated:
        assert line.strip() in lines, line
    # Change the data and the story follows: Andreas qualifies 12th and finishes race 2.
    changed = _with_result(season, 3, "qualifying", "19", position=12)
    changed = _with_result(changed, 3, "race2", "19", position=14, status="classified")
    text = "\n".join(press_kit(changed, round=3, entries=BACKMANS, story=story).lines())
    assert "where they qualified as 12th and 19th." in text
    assert "puncture on the last lap." in text and "had to retire from the race" not in text


def _with_result(
    season: Season, number: int, session_id: str, car: str, **changes: object
) -> Season:
    from podium.model.result import Status

    if "status" in changes:
        changes["status"] = Status(str(changes["status"]))
    rounds = []
    for rnd in season.rounds:
        if rnd.number == number:
            sessions = []
            for session in rnd.sessions:
                if session.id == session_id:
                    results = tuple(
                        dataclasses.replace(r, **changes) if r.car == car else r  # type: ignore[arg-type]
                        for r in session.results
                    )
                    session = dataclasses.replace(session, results=results)
                sessions.append(session)
            rnd = dataclasses.replace(rnd, sessions=tuple(sessions))
        rounds.append(rnd)
    return dataclasses.replace(season, rounds=tuple(rounds))


def test_the_swedish_story_states_the_places_in_swedish(season: Season) -> None:
    kit = press_kit(
        season, round=3, entries=BACKMANS, lang="sv", story=STORIES / "round-3-backman.sv.md"
    )
    text = "\n".join(kit.lines())
    assert "kvalade som 17:e och 19:e." in text
    assert "det italienska teamet Target Competition." in text


def test_an_unknown_placeholder_is_an_error_at_its_file_and_line_and_nothing_is_written(
    season: Season, tmp_path: Path
) -> None:
    path = write_story(
        tmp_path,
        "headline: Hi {{ round.circuit }}\n",
        "First line of a paragraph,\nthen {{ andreas.qualifying.plaec | ordinal }} here.\n\n"
        "Gap: {{ jessica.qualifying.gap_to_fastest }}.\n\n"
        "Safe: {{ andreas.__class__ }} and {{ round.name.__class__.__mro__ }}.\n\n"
        "Broken {{ andreas. }}\n",
    )
    out = tmp_path / "out"
    with pytest.raises(ValidationError) as caught:
        kit = press_kit(season, round=3, entries=BACKMANS, story=path)
        write_press_kit(kit, out)
    shown = [str(p) for p in caught.value.problems]
    assert shown[0].startswith(
        f"{path}:5: body: unknown field 'andreas.qualifying.plaec' (known: name, result, place,"
    )
    assert shown[1].startswith(
        f"{path}:7: body: jessica.qualifying.gap_to_fastest is not known for this round: "
        "Qualifying: no time or gap of Jessica Bäckman, or of the fastest"
    )
    assert shown[2].startswith(f"{path}:9: body: ")  # no way to Python's internals
    assert shown[3].startswith(f"{path}:11: body: template: ")
    assert len(shown) == 4
    assert not out.exists()


def test_facts_of_an_entry(season: Season) -> None:
    from podium.reports.facts import entry_facts

    words = language("en")
    round1 = season.round(1)
    vernay = press_kit(season, round=1, entries=["Vernay"]).entries[0]
    facts = entry_facts(season, round1, vernay, words, "vernay", round_entries(season, 1))
    qualifying = facts.qualifying
    assert isinstance(qualifying, Facts)
    # 8:55.571 against Girolami's 8:54.791.
    assert (qualifying.get("place"), qualifying.get("gap_to_fastest")) == (2, "+0.780 s")
    assert facts.get("team") == "Engstler Hyundai N Liqui Moly Racing Team"
    assert facts.get("car") == "Hyundai Elantra N TCR"
    mate = facts.get("team_mate")
    assert isinstance(mate, Facts) and mate.get("name") == "Luca Engstler"
    # The gap's change since the previous round, and places gained from a grid, once the
    # data has them.
    changed = _with_result(season, 2, "qualifying", "69", time="1:45.022")
    changed = _with_result(changed, 2, "qualifying", "86", time="1:44.522")
    changed = _with_result(changed, 2, "race2", "69", grid=12)
    kit = press_kit(changed, round=2, entries=["Vernay"])
    facts = entry_facts(changed, changed.round(2), kit.entries[0], words, "vernay")
    assert facts.qualifying.get("gap_to_fastest") == "+0.500 s"  # type: ignore[attr-defined]
    assert facts.qualifying.get("gap_change") == "0.280 s smaller"  # type: ignore[attr-defined]
    race2 = facts.race2  # type: ignore[attr-defined]
    assert (race2.get("place"), race2.get("places_gained")) == (2, 10)
    # Round 2's race 2 in Estoril gap: +1.030 to the winner.
    assert race2.get("gap_to_fastest") == "+1.030 s"
    place = 2
    standing = facts.standings.drivers  # type: ignore[attr-defined]
    before = press_kit(season, round=1, entries=["Vernay"]).standings[0]
    assert standing.get("previous_place") == next(
        r.position for r in before.table.rows if r.competitor == "jean-karl-vernay"
    )
    assert facts.get("best").get("place") <= place  # type: ignore[union-attr]


def test_the_docs_list_every_fact(season: Season) -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "press-kit.md").read_text("utf-8")
    kit = press_kit(season, round=3, entries=["Andreas Bäckman"])
    from podium.reports.facts import entry_facts

    facts = entry_facts(
        season, season.round(3), kit.entries[0], language("en"), "andreas", round_entries(season, 3)
    )
    names = set(facts.names())
    for key in ("qualifying", "standings", "best", "team_mate"):
        group = facts.get(key)
        if isinstance(group, Facts):
            names |= set(group.names()) - {"drivers", "teams", "junior", "trophy"}
    names |= set(facts.standings.drivers.names())  # type: ignore[attr-defined]
    names |= set(facts.race1.names())  # type: ignore[attr-defined]
    # A session of the round is a group named by its id (`andreas.race1`): the docs name the
    # group once, `andreas.<session>`.
    sessions = {session_key(s.id) for s in season.round(3).sessions}
    assert "`andreas.<session>`" in doc
    missing = sorted(n for n in names - sessions if f"`{n}`" not in doc and f".{n}" not in doc)
    assert missing == []


def test_talking_points_are_worded_in_every_language(season: Season) -> None:
    en = press_kit(season, round=3, entries=["Jessica Bäckman"], talking_points=True)
    assert en.talking_points[0].heading == "Talking points: Jessica Bäckman"
    assert "WTCR Trophy: 3rd with 25 p. (8 this weekend), no change" in en.talking_points[0].lines
    de = press_kit(season, round=3, entries=["Jessica Bäckman"], lang="de", talking_points=True)
    assert "WTCR Trophy: 3. mit 25 Pkt. (8 an diesem Wochenende), unverändert" in (
        de.talking_points[0].lines
    )
    assert press_kit(season, round=3, entries=["Jessica Bäckman"]).talking_points == ()


# -- team and series releases --------------------------------------------------------------


def test_a_teams_kit_has_all_its_cars(season: Season, tmp_path: Path) -> None:
    kit = press_kit(season, round=3, team="target competition", lang="fr")
    assert [b.entry.car for b in kit.results] == ["19", "26"]
    assert kit.title == "Target Competition : WTCR Race of Spain – résultats et classements"
    assert kit.slug == "wtcr-2021-round-3-team-target-competition-fr"
    teams = next(b for b in kit.standings if b.classification == "teams")
    assert [r.text for r in teams.own] == ["11 : Target Competition, 3 pts"]
    paths = write_press_kit(kit, tmp_path, ["md"])
    assert paths[0].parent.name == kit.slug


def test_the_series_release(season: Season) -> None:
    kit = series_release(season, round=3, lang="en")
    blocks = {b.heading: b.lines for b in kit.summary}
    assert blocks["Qualifying"] == ("Pole position: Frédéric Vervisch",)
    assert blocks["Race 1"] == (
        "Winner: Gabriele Tarquini (BRC Hyundai N LUKOIL Squadra Corse)",
        "Podium: 1. Gabriele Tarquini, 2. Mikel Azcona, 3. Tom Coronel",
        "Fastest lap: Gabriele Tarquini, 2:07.023",
    )
    assert blocks["Leaders after round 3"] == (
        "FIA World Touring Car Cup for Drivers: Jean-Karl Vernay, 82 p.",
        "WTCR – FIA World Touring Car Cup for Teams: Cyan Racing Lynk & Co, 141 p.",
        "FIA World Touring Car Cup for Junior Drivers: Gilles Magnus, 166 p.",
        "WTCR Trophy: Gilles Magnus, 62 p.",
    )
    assert [b.classification for b in kit.standings] == ["drivers", "teams", "junior", "trophy"]
    assert all(not b.own for b in kit.standings) and kit.results == ()
    assert kit.slug == "wtcr-2021-round-3-series-en"


# -- decisions --------------------------------------------------------------------------------


def test_amended_places_and_marked_totals(season: Season, tmp_path: Path) -> None:
    decisions = (
        Decision(
            DecisionKind.TIME_PENALTY,
            round=3,
            car="3",
            session="race1",
            seconds=Fraction(5),
            reason="track limits",
        ),
        Decision(
            DecisionKind.DEDUCTION,
            round=3,
            competitor="jean-karl-vernay",
            points=Fraction(-5),
            reason="technical infringement",
        ),
    )
    changed = dataclasses.replace(season, decisions=decisions)
    kit = press_kit(changed, round=3, entries=["Tarquini", "Vernay"], lang="en")
    race1 = next(s for s in kit.results[0].sessions if s.session == "race1")
    # The words every output uses (podium.standings.amendment_text); translated elsewhere.
    assert race1.line == "Race 1: Crossed the line 1st, 2nd after a 5 s time penalty (track limits)"
    sv = press_kit(changed, round=3, entries=["Tarquini"], lang="sv")
    assert "Race 1: 2:a plats (gick i mål som 1:a, bestraffad)" in sv.results[0].lines()
    drivers = kit.standings[0]
    marked = [r.text for r in drivers.top if r.competitor == "jean-karl-vernay"]
    assert marked and marked[0].endswith("*, ") is False and "*" in marked[0]
    assert any("jean-karl-vernay" not in n and "Jean-Karl Vernay" in n for n in drivers.footnotes)
    paths = {p.name: p for p in write_press_kit(kit, tmp_path, ["md", "png"])}
    assert drivers.footnotes[0] in paths["press-kit.md"].read_text("utf-8").replace("\\", "")


# -- photos ---------------------------------------------------------------------------------


def test_photos_are_scaled_and_embedded(season: Season, tmp_path: Path) -> None:
    Image.new("RGB", (3200, 1600), "#3060a0").save(tmp_path / "grid.jpg", quality=90)
    path = write_story(
        tmp_path,
        "headline: Hi\nphotos:\n  - {file: grid.jpg, caption: On the grid, credit: Team}\n",
    )
    kit = press_kit(season, round=3, entries=BACKMANS, story=path)
    paths = {p.name: p for p in write_press_kit(kit, tmp_path / "out", ["md", "html", "docx"])}
    with Image.open(paths["photo-1.jpg"]) as photo:
        assert photo.size == (1600, 800)
    assert "![On the grid](photo-1.jpg)" in paths["press-kit.md"].read_text("utf-8")
    assert 'src="data:image/jpeg;base64,' in paths["press-kit.html"].read_text("utf-8")
    document = Document(io.BytesIO(paths["press-kit.docx"].read_bytes()))
    assert len(document.inline_shapes) == 1
    # A file that is not a picture is a problem at its line.
    (tmp_path / "notes.jpg").write_text("not a picture", encoding="utf-8")
    bad = write_story(tmp_path, "headline: Hi\nphotos:\n  - {file: notes.jpg, caption: x}\n")
    with pytest.raises(ValidationError, match=r"story.md:4: photos\[0\].file: notes.jpg: not a"):
        press_kit(season, round=3, entries=BACKMANS, story=bad)
