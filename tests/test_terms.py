"""A series' own words: `terms: {competitor: rider, vehicle: bike}` in season.yaml.

The words reach every place podium prints who competes and in what (CLI tables, web pages,
the season JSON, press kits in every language) and change no score; the default words
(driver, car) leave every output as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from rich.console import Console

import podium
from podium.cli import render
from podium.errors import ValidationError
from podium.model.season import Season
from podium.model.terms import COMPETITOR_TERMS, TERMS, VEHICLE_TERMS, Terms, UnknownTerm
from podium.reports import press_kit
from podium.reports.i18n import language, languages
from podium.storage import Database
from podium.web import create_app

SEASON_YAML = """\
series: {id: moto, name: Moto Cup}
year: 2025
rules: rules.yaml
terms: {competitor: rider, vehicle: bike}
sessions:
  - {id: race, kind: race, name: Race}
calendar:
  - {round: 1, name: Opener, start: 2025-05-01, status: held, circuit: Anderstorp, country: SWE}
  - {round: 2, name: Finale, start: 2025-06-01, circuit: Knutstorp, country: SWE}
"""
RULES_YAML = """\
scales:
  race: [10, 6, 4]
classifications:
  riders:
    name: Moto Cup Riders
    competitor: rider
    scoring:
      - {session: race, points: race}
  bikes:
    name: Moto Cup Bikes
    competitor: car
    scoring:
      - {session: race, points: race}
  teams:
    name: Moto Cup Teams
    competitor: team
    scoring:
      - {session: race, points: race}
"""
FILES = {
    "drivers.csv": "id,name,nationality\nann,Ann Berg,SWE\nbob,Bob Roux,FRA\ncy,Cy Neri,ITA\n",
    "teams.csv": "id,name\nred,Red Racing\nblue,Blue Motorsport\n",
    "entries.csv": "car,drivers,team\n7,ann,red\n8,bob,red\n9,cy,blue\n",
    "01/race.csv": "position,car,laps\n1,8,12\n2,7,12\n3,9,12\n",
}
STORY = """\
---
headline: A weekend for the {{ terms.competitors }}
---
Every {{ terms.competitor }} brought one {{ terms.vehicle }}: three {{ terms.vehicles }}.
"""


def write_season(root: Path, season_yaml: str = SEASON_YAML, rules: str = RULES_YAML) -> Path:
    root.mkdir(parents=True)
    (root / "season.yaml").write_text(season_yaml, "utf-8")
    (root / "rules.yaml").write_text(rules, "utf-8")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def without_terms(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith("terms:"))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return write_season(tmp_path / "moto")


@pytest.fixture()
def plain_folder(tmp_path: Path) -> Path:
    """The same season in the default words: no `terms:`, and `competitor: driver`."""
    rules = RULES_YAML.replace("competitor: rider", "competitor: driver")
    text = without_terms(SEASON_YAML).replace(
        "{id: moto, name: Moto Cup}", "{id: plain, name: Plain Cup}"
    )
    return write_season(tmp_path / "plain", text, rules)


@pytest.fixture()
def season(folder: Path) -> Season:
    return podium.load_season(folder)


@pytest.fixture()
def plain(plain_folder: Path) -> Season:
    return podium.load_season(plain_folder)


def text_of(renderable: object) -> str:
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


# -- reading ----------------------------------------------------------------------------------


def test_terms_are_read_and_a_rider_is_scored_as_a_driver(season: Season, plain: Season) -> None:
    assert season.terms == Terms("rider", "bike")
    assert plain.terms == Terms() == Terms("driver", "car")
    assert season.rules.classifications["riders"].competitor == "driver"
    for cid in ("riders", "bikes", "teams"):
        ours, theirs = podium.standings(season, cid), podium.standings(plain, cid)
        assert [(r.competitor, r.points) for r in ours.rows] == [
            (r.competitor, r.points) for r in theirs.rows
        ]


def test_an_unknown_term_is_a_problem_at_its_line(tmp_path: Path) -> None:
    text = SEASON_YAML.replace("{competitor: rider, vehicle: bike}", "{competitor: ridr}")
    text = text.replace(
        "terms: {competitor: ridr}\n", "terms:\n  competitor: ridr\n  vehicle: boot\n"
    )
    with pytest.raises(ValidationError) as caught:
        podium.load_season(write_season(tmp_path / "bad", text))
    found = {(p.line, p.field): p.message for p in caught.value.problems}
    assert found == {
        (5, "terms.competitor"): "unknown competitor term 'ridr' (one of driver, rider); "
        "did you mean 'rider'?",
        (6, "terms.vehicle"): "unknown vehicle term 'boot' (one of car, bike, kart, boat); "
        "did you mean 'boat'?",
    }
    assert all(p.file.endswith("season.yaml") for p in caught.value.problems)


def test_an_unknown_terms_key_is_a_problem_with_the_closest_key(tmp_path: Path) -> None:
    text = SEASON_YAML.replace("vehicle: bike", "vehicles: bike")
    with pytest.raises(ValidationError) as caught:
        podium.load_season(write_season(tmp_path / "bad", text))
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (4, "terms.vehicles")
    assert problem.message == "unknown key; did you mean 'vehicle'?"


def test_terms_outside_the_set_are_refused_in_code_too() -> None:
    with pytest.raises(UnknownTerm, match="did you mean 'bike'"):
        Terms(vehicle="bikes")


def test_the_schemas_list_rider_and_the_terms() -> None:
    root = Path(podium.__file__).parent / "schemas"
    rules = json.loads((root / "rules.schema.json").read_text("utf-8"))
    competitor = rules["$defs"]["classification_partial"]["properties"]["competitor"]
    assert "rider" in competitor["enum"] and "driver" in competitor["enum"]
    season = json.loads((root / "season.schema.json").read_text("utf-8"))
    assert set(season["properties"]["terms"]["properties"]) == set(TERMS)


# -- the CLI ----------------------------------------------------------------------------------


def test_cli_standings_tables_head_the_name_column_with_the_series_word(
    season: Season, plain: Season
) -> None:
    def heading(data: Season, cid: str) -> str:
        table = render.standings_table(podium.standings(data, cid), 200, data)
        return str(table.columns[1].header)

    assert [heading(season, c) for c in ("riders", "bikes", "teams")] == ["Rider", "Bike", "Name"]
    # The default words keep the table as it always was (README and docs print it), as
    # does a call that gives no season.
    assert [heading(plain, c) for c in ("riders", "bikes", "teams")] == ["Name"] * 3
    table = podium.standings(plain, "riders")
    assert text_of(render.standings_table(table, 200, plain)) == text_of(
        render.standings_table(table, 200)
    )
    shown = text_of(render.standings_table(podium.standings(season, "riders"), 200, season))
    assert "Rider" in shown and "Ann Berg" in shown


def test_cli_results_table_says_rider(folder: Path, plain_folder: Path) -> None:
    done = run("results", str(folder), "--round", "1")
    assert done.returncode == 0, done.stderr
    assert "Rider" in done.stdout and "Driver" not in done.stdout
    done = run("results", str(plain_folder), "--round", "1")
    assert done.returncode == 0, done.stderr
    assert "Driver" in done.stdout and "Rider" not in done.stdout


def test_cli_results_table_defaults_are_unchanged(season: Season, plain: Season) -> None:
    race = season.round(1).sessions[0]
    columns = [str(c.header) for c in render.results_table(plain, 1, race).columns]
    assert columns == ["Pos", "No", "Driver", "Team", "Laps", "Time/Gap", "Grid"]
    columns = [str(c.header) for c in render.results_table(season, 1, race).columns]
    assert columns == ["Pos", "No", "Rider", "Team", "Laps", "Time/Gap", "Grid"]


# -- storage and the web ----------------------------------------------------------------------


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'podium.sqlite3'}"


def test_terms_are_stored_with_the_season(db_url: str, season: Season, plain: Season) -> None:
    with Database(db_url) as db:
        db.import_season(season)
        db.import_season(plain)
        assert db.load_season("moto", 2025) == season
        assert db.load_season("moto", 2025).terms == Terms("rider", "bike")
        assert db.load_season("plain", 2025) == plain
    # A season stored before terms existed holds NULL: it reads in the default words.
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE seasons SET terms = NULL"))
    engine.dispose()
    with Database(db_url) as db:
        assert db.load_season("moto", 2025).terms == Terms()


@pytest.fixture()
def client(db_url: str, season: Season, plain: Season) -> Iterator[TestClient]:
    with Database(db_url) as db:
        db.import_season(season)
        db.import_season(plain)
    with TestClient(create_app(db_url, refresh=None)) as test_client:
        yield test_client


def test_web_pages_use_the_series_words(client: TestClient) -> None:
    page = client.get("/moto/2025")
    assert page.status_code == 200, page.text[:300]
    html = page.text
    riders = html[html.index('id="riders"') : html.index('id="bikes"')]
    bikes = html[html.index('id="bikes"') : html.index('id="teams"')]
    teams = html[html.index('id="teams"') :]
    assert "<th>Rider</th>" in riders and "<th>Bike</th>" in bikes and "<th>Name</th>" in teams
    round_page = client.get("/moto/2025/1").text
    assert "<th>Rider</th>" in round_page and "Driver" not in round_page
    rider_page = client.get("/moto/2025/drivers/ann").text
    assert "bike 7" in rider_page and '<th class="num">Bike</th>' in rider_page
    team_page = client.get("/moto/2025/teams/red").text
    assert "<h2>Bikes</h2>" in team_page and "bike 7:" in team_page
    assert "<th>Rider</th>" in team_page


def test_web_pages_in_the_default_words_are_unchanged(client: TestClient) -> None:
    html = client.get("/plain/2025").text
    assert "<th>Name</th>" in html
    assert "<th>Rider</th>" not in html and "<th>Bike</th>" not in html
    assert "<th>Driver</th>" in client.get("/plain/2025/1").text
    team_page = client.get("/plain/2025/teams/red").text
    assert "<h2>Cars</h2>" in team_page and "car 7:" in team_page


def test_the_season_json_has_the_terms(client: TestClient) -> None:
    moto = client.get("/api/v1/series/moto/seasons/2025").json()
    assert moto["terms"] == {"competitor": "rider", "vehicle": "bike"}
    plain = client.get("/api/v1/series/plain/seasons/2025").json()
    assert plain["terms"] == {"competitor": "driver", "vehicle": "car"}


# -- press kits -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "headings", "story"),
    [
        (
            "en",
            ["Rider", "Bike", None],
            ["A weekend for the riders", "Every rider brought one bike: three bikes."],
        ),
        (
            "sv",
            ["Förare", "Motorcykel", None],
            ["A weekend for the förare", "Every förare brought one motorcykel: three motorcyklar."],
        ),
    ],
)
def test_press_kits_use_the_series_words_in_every_language(
    season: Season, tmp_path: Path, lang: str, headings: list[str | None], story: list[str]
) -> None:
    path = tmp_path / "story.md"
    path.write_text(STORY, "utf-8")
    kit = press_kit(season, round=1, entries=["Ann Berg"], lang=lang, story=path)
    assert [b.name_heading for b in kit.standings] == headings
    assert [kit.title, kit.body[0].text] == story


def test_press_kits_in_the_default_words_are_unchanged(plain: Season, tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(STORY, "utf-8")
    en = press_kit(plain, round=1, entries=["Ann Berg"], lang="en", story=path)
    assert [b.name_heading for b in en.standings] == [None, None, None]
    assert [en.title, en.body[0].text] == [
        "A weekend for the drivers",
        "Every driver brought one car: three cars.",
    ]
    sv = press_kit(plain, round=1, entries=["Ann Berg"], lang="sv", story=path)
    assert sv.body[0].text == "Every förare brought one bil: three bilar."


def test_every_language_has_every_term() -> None:
    for code in languages():
        words = language(code)
        for kind, terms in TERMS.items():
            for term, english in terms.items():
                noun = words.noun(kind, term)
                assert noun.one and noun.many, (code, kind, term)
                if code == "en":
                    assert noun == english  # the catalog's source words are the model's
    assert set(COMPETITOR_TERMS) == {"driver", "rider"}
    assert {"car", "bike"} <= set(VEHICLE_TERMS)


def test_cli_standings_table_says_rider(folder: Path, plain_folder: Path) -> None:
    done = run("standings", str(folder), "-c", "riders")
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if "Pos" in line)
    assert "Rider" in header and "Name" not in header
    done = run("standings", str(plain_folder), "-c", "riders")
    header = next(line for line in done.stdout.splitlines() if "Pos" in line)
    assert "Name" in header and "Rider" not in header
