"""Ergast identifiers (the alias table) and the reference values Ergast answers need.

The bundled F1 table (data/f1/ergast-ids.csv, matched from jolpica-f1's tables.sql) is read
as it ships; F1DB's values are read from real F1DB races (2008 Australia, 2021 Bahrain,
2024 Miami, 1950 Britain), each checked against what F1DB's files and Ergast say.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import podium
from podium.cli.app import app
from podium.errors import ValidationError
from podium.formats.aliases import read_aliases
from podium.formats.export import export_season
from podium.formats.f1db import load_f1db_season
from podium.formats.f1db import season as f1db_season
from podium.formats.f1db.season import bundled_aliases_file
from podium.model.aliases import Aliases
from podium.model.calendar import PitStop, Slot
from podium.model.season import Season
from podium.storage import Database
from seasonkit import write_season
from webkit import copy_subset, f1db_path

F1DB = f1db_path()
needs_f1db = pytest.mark.skipif(F1DB is None, reason="F1DB is not on this machine")
RACES = {
    1950: ["01-great-britain"],
    2008: ["01-australia"],
    2021: ["01-bahrain"],
    2024: ["06-miami"],
}


@pytest.fixture(scope="module")
def bundled() -> Aliases:
    path = bundled_aliases_file()
    return read_aliases(path, str(path))


@pytest.fixture(scope="module")
def f1(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Season]]:
    if F1DB is None:
        pytest.skip("F1DB is not on this machine")
    data = copy_subset(F1DB, tmp_path_factory.mktemp("f1db"), RACES)
    # Without podium's season data: it names rounds these few races lack.
    empty = tmp_path_factory.mktemp("no-season-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(f1db_season, "bundled_overlay_dir", lambda: empty)
        yield {year: load_f1db_season(data, year) for year in RACES}


# -- the bundled table -------------------------------------------------------------------


def test_bundled_table_names_known_things_as_ergast_does(bundled: Aliases) -> None:
    assert bundled.ergast_id("driver", "max-verstappen") == "max_verstappen"
    assert bundled.podium_id("driver", "max_verstappen") == "max-verstappen"
    assert bundled.url("driver", "max-verstappen") == "http://en.wikipedia.org/wiki/Max_Verstappen"
    # A 1950s driver whose names the sources write differently (Juan / Juan Manuel).
    assert bundled.ergast_id("driver", "juan-manuel-fangio") == "fangio"
    # Two drivers F1DB gives the same birthday (one of them wrongly): each his own.
    assert bundled.ergast_id("driver", "pat-flaherty") == "flaherty"
    assert bundled.ergast_id("driver", "dick-rathmann") == "dick_rathmann"
    assert bundled.ergast_id("circuit", "melbourne") == "albert_park"
    assert bundled.podium_id("circuit", "albert_park") == "melbourne"
    # Constructors: F1DB's chassis maker + engine; Ergast's chassis maker from the 1970s on,
    # and before that one id per chassis-engine pair where Ergast has one.
    assert bundled.ergast_id("constructor", "red-bull-honda") == "red_bull"
    assert bundled.ergast_id("constructor", "red-bull-renault") == "red_bull"
    assert bundled.ergast_id("constructor", "cooper-climax") == "cooper-climax"
    assert bundled.ergast_id("constructor", "cooper-maserati") == "cooper-maserati"
    assert bundled.ergast_id("constructor", "ferrari-ferrari") == "ferrari"
    assert {"mclaren-mercedes", "mclaren-honda", "mclaren-ford"} <= set(
        bundled.podium_ids("constructor", "mclaren")
    )
    assert bundled.ergast_id("race", "2021/1") == "2021/1"
    assert bundled.url("race", "2021/1") == "https://en.wikipedia.org/wiki/2021_Bahrain_Grand_Prix"
    assert bundled.podium_id("status", "6") == "Gearbox"
    assert bundled.ergast_id("status", "+1 Lap") == "11"
    # Ergast's constructor names and nationalities (Jolpica's teams), for every engine.
    for team in ("red-bull-honda", "red-bull-honda-rbpt", "red-bull-renault"):
        assert (bundled.name("constructor", team), bundled.nationality("constructor", team)) == (
            "Red Bull",
            "Austrian",
        )
    assert bundled.name("constructor", "mclaren-mercedes") == "McLaren"
    assert bundled.name("constructor", "cooper-climax") == "Cooper-Climax"
    assert bundled.name("driver", "max-verstappen") is None  # drivers take the season's
    assert bundled.url("season", "1976") == "https://en.wikipedia.org/wiki/1976_Formula_One_season"


def test_unmatched_things_keep_their_podium_id() -> None:
    empty = Aliases()
    assert not empty
    assert empty.ergast_id("driver", "someone") == "someone"
    assert empty.podium_id("driver", "someone") is None
    assert empty.podium_ids("driver", "someone") == ()
    assert empty.url("driver", "someone") is None
    assert empty.name("constructor", "someone") is None
    table = Aliases.of([("driver", "x_y", "x-y", None), ("constructor", "x", "x-ford", "", "X")])
    assert table.podium_id("driver", "x-y") == "x-y"  # the podium id is accepted too
    assert table.podium_id("constructor", "x_y") is None  # per kind
    assert (table.name("constructor", "x-ford"), table.nationality("constructor", "x-ford")) == (
        "X",
        None,
    )


# -- F1DB's values -----------------------------------------------------------------------


@needs_f1db
def test_f1db_drivers_carry_their_reference_values(f1: dict[int, Season]) -> None:
    max_ = f1[2021].drivers["max-verstappen"]
    assert (max_.given_name, max_.family_name, max_.born) == (
        "Max",
        "Verstappen",
        date(1997, 9, 30),
    )
    assert max_.abbreviation == "VER"
    # F1DB's permanent number is the current one (3 from 2026); Ergast's, 33.
    assert max_.permanent_number == "3"
    sainz = f1[2021].drivers["carlos-sainz-jr"]
    assert (sainz.given_name, sainz.family_name, sainz.permanent_number) == (
        "Carlos",
        "Sainz Jr.",
        "55",
    )
    fangio = f1[1950].drivers["juan-manuel-fangio"]
    assert (fangio.given_name, fangio.family_name) == ("Juan Manuel", "Fangio")
    assert fangio.born == date(1911, 6, 24)
    assert fangio.permanent_number is None


@needs_f1db
def test_f1db_rounds_carry_circuit_schedule_and_pit_stops(f1: dict[int, Season]) -> None:
    bahrain = f1[2021].round(1)
    assert (bahrain.circuit_id, bahrain.circuit_name) == (
        "bahrain",
        "Bahrain International Circuit",
    )
    assert (bahrain.latitude, bahrain.longitude) == (26.0325, 50.510556)
    assert bahrain.venue == "Sakhir"
    assert bahrain.schedule == (Slot("race", date(2021, 3, 28)),)  # no times before 2024
    assert bahrain.facts["lap_length_km"] == "5.412"
    assert len(bahrain.pit_stops) == 40
    assert bahrain.pit_stops[0] == PitStop("11", "sergio-perez", 1, 2, "23.993")
    miami = f1[2024].round(6)
    assert [(s.session, s.day, s.time) for s in miami.schedule] == [
        ("fp1", date(2024, 5, 3), time(16, 30)),
        ("sprint-qualifying", date(2024, 5, 3), time(20, 30)),
        ("sprint", date(2024, 5, 4), time(16, 0)),
        ("qualifying", date(2024, 5, 4), time(20, 0)),
        ("race", date(2024, 5, 5), time(20, 0)),
    ]
    assert f1[1950].round(1).pit_stops == ()  # F1DB has pit stops from 2012 on


@needs_f1db
def test_f1db_results_carry_segments_reasons_and_fastest_laps(f1: dict[int, Season]) -> None:
    qualifying = f1[2008].round(1).session("qualifying")
    assert qualifying is not None
    pole = qualifying.results[0]
    # Each segment its own time (2008's Q3 was run with race fuel: slower than Q2).
    assert pole.segment_times == (("Q1", "1:26.572"), ("Q2", "1:25.187"), ("Q3", "1:26.714"))
    assert pole.time == "1:26.714"  # the place is the last segment's, as before
    race = f1[2021].round(1).session("race")
    assert race is not None
    by_driver = {r.drivers[0]: r for r in race.results}
    assert by_driver["fernando-alonso"].reason == "Brakes"
    assert by_driver["lewis-hamilton"].reason is None
    bottas = by_driver["valtteri-bottas"]
    assert (bottas.fastest_lap_rank, bottas.fastest_lap, bottas.fastest_lap_lap) == (
        1,
        "1:32.090",
        56,
    )


@needs_f1db
def test_f1db_season_carries_the_aliases_of_its_things(f1: dict[int, Season]) -> None:
    aliases = f1[2021].aliases
    assert aliases.ergast_id("driver", "max-verstappen") == "max_verstappen"
    assert aliases.ergast_id("constructor", "red-bull-honda") == "red_bull"
    assert aliases.ergast_id("circuit", "bahrain") == "bahrain"
    # Only this season's drivers (plus every status): not the whole table in each season.
    assert aliases.podium_id("driver", "fangio") is None
    assert {a.kind for a in aliases.rows} == {
        "driver",
        "constructor",
        "circuit",
        "race",
        "status",
        "season",
    }
    assert aliases.url("season", "2021") == (
        "https://en.wikipedia.org/wiki/2021_Formula_One_World_Championship"
    )
    assert aliases.podium_id("season", "2008") is None  # only this season's link


@needs_f1db
def test_aliases_and_values_round_trip_through_the_database(
    f1: dict[int, Season], db_url: str
) -> None:
    with Database(db_url) as database:
        database.import_seasons([f1[1950], f1[2021]])
        assert database.load_season("f1", 2021) == f1[2021]
        aliases = database.aliases("f1")
        assert aliases.podium_id("driver", "max_verstappen") == "max-verstappen"
        assert aliases.podium_id("driver", "fangio") == "juan-manuel-fangio"
        assert aliases.url("circuit", "silverstone") == (
            "https://en.wikipedia.org/wiki/Silverstone_Circuit"
        )
        assert aliases.name("constructor", "red-bull-honda") == "Red Bull"
        assert aliases.nationality("constructor", "alfa-romeo-alfa-romeo") == "Swiss"
        assert database.aliases("wtcr") == Aliases()


@needs_f1db
def test_f1db_values_survive_a_season_folder(f1: dict[int, Season], tmp_path: Path) -> None:
    # The native format carries every new value: export and read back, equal.
    season = f1[2024]  # Miami: a sprint weekend, its timetable, pit stops, Q1-Q3
    folder = export_season(season, tmp_path / "f1-2024")
    header = (folder / "drivers.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,name,nationality,abbreviation,given_name,family_name,born,permanent_number"
    back = podium.load_season(folder)
    assert back.aliases == season.aliases
    assert back.drivers == season.drivers
    miami, miami_back = season.round(6), back.round(6)
    assert miami_back.pit_stops == miami.pit_stops != ()
    assert miami_back.schedule == miami.schedule
    assert (miami_back.latitude, miami_back.longitude) == (miami.latitude, miami.longitude)
    for session in miami.sessions:
        there = miami_back.session(session.id)
        assert there is not None
        assert [r.segment_times for r in there.results] == [
            r.segment_times for r in session.results
        ]
        assert [r.reason for r in there.results] == [r.reason for r in session.results]


# -- a season folder's own aliases.csv and reference values --------------------------------


def _folder(tmp_path: Path, aliases: str | None = None) -> Path:
    folder = write_season(
        tmp_path / "cup",
        rules={"classifications": {"drivers": {"competitor": "driver", "scoring": [
            {"session": "race", "points": [10, 5]}]}}},
        entries=[{"car": 1, "drivers": "ann", "team": "reds"}, {"car": 2, "drivers": "bo"}],
        drivers=[
            {"id": "ann", "name": "Ann de Vries", "given_name": "Ann", "family_name": "de Vries",
             "born": "1999-02-03", "permanent_number": "7"},
            {"id": "bo", "name": "Bo", "born": "", "permanent_number": ""},
        ],
        calendar=[{"round": 1, "name": "Opener", "status": "held", "circuit": "Ring",
                   "circuit_id": "ring", "circuit_name": "Grand Ring", "latitude": 47.2,
                   "longitude": 14.76,
                   "schedule": [{"session": "race", "date": "2025-05-04", "time": "13:00"}]}],
        results={1: {"race": ["2", "1"]}},
    )  # fmt: skip
    (folder / "01" / "race.csv").write_text(
        "position,car,status,reason\n1,2,,\n,1,dnf,Gearbox\n", encoding="utf-8"
    )
    (folder / "01" / "pit-stops.csv").write_text(
        "car,driver,stop,lap,duration\n1,ann,1,12,22.5\n", encoding="utf-8"
    )
    if aliases is not None:
        (folder / "aliases.csv").write_text(aliases, encoding="utf-8")
    return folder


GOOD_ALIASES = (
    "kind,ergast_id,podium_id,url\n"
    "driver,ann_de_vries,ann,https://example.org/ann\n"
    "constructor,red_team,reds,\n"
    "circuit,grand_ring,ring,\n"
    "race,2025/1,2025/1,\n"
    "status,5,Gearbox,\n"
)
NAMED_ALIASES = (
    "kind,ergast_id,podium_id,url,name,nationality\n"
    "constructor,red_team,reds,,Red Team,Austrian\n"
    "season,2025,2025,https://example.org/2025,,\n"
)


def test_a_season_folder_gives_its_own_aliases_and_values(tmp_path: Path) -> None:
    season = podium.load_season(_folder(tmp_path, GOOD_ALIASES))
    assert season.aliases.ergast_id("driver", "ann") == "ann_de_vries"
    assert season.aliases.podium_id("circuit", "grand_ring") == "ring"
    ann = season.drivers["ann"]
    assert (ann.given_name, ann.family_name, ann.born, ann.permanent_number) == (
        "Ann",
        "de Vries",
        date(1999, 2, 3),
        "7",
    )
    assert season.drivers["bo"].born is None
    rnd = season.round(1)
    assert (rnd.circuit_id, rnd.circuit_name, rnd.latitude, rnd.longitude) == (
        "ring",
        "Grand Ring",
        47.2,
        14.76,
    )
    assert rnd.schedule == (Slot("race", date(2025, 5, 4), time(13, 0)),)
    assert rnd.pit_stops == (PitStop("1", "ann", 1, 12, "22.5"),)
    race = rnd.session("race")
    assert race is not None and race.results[1].reason == "Gearbox"


def test_a_constructors_ergast_name_reads_writes_and_serves(tmp_path: Path) -> None:
    season = podium.load_season(_folder(tmp_path / "in", NAMED_ALIASES))
    assert season.aliases.name("constructor", "reds") == "Red Team"
    assert season.aliases.nationality("constructor", "reds") == "Austrian"
    assert season.aliases.url("season", "2025") == "https://example.org/2025"
    folder = export_season(season, tmp_path / "out")
    assert (folder / "aliases.csv").read_text(encoding="utf-8") == NAMED_ALIASES
    assert podium.load_season(folder).aliases == season.aliases
    # A table without names is written as before: no empty name columns.
    plain = export_season(podium.load_season(_folder(tmp_path / "p", GOOD_ALIASES)), tmp_path / "q")
    assert (plain / "aliases.csv").read_text(encoding="utf-8") == GOOD_ALIASES


def test_podium_import_season_stores_the_aliases(tmp_path: Path) -> None:
    folder = _folder(tmp_path, GOOD_ALIASES)
    db = str(tmp_path / "cup.sqlite3")
    result = CliRunner().invoke(app, ["import", "season", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    with Database(db) as database:
        assert database.aliases("test").podium_id("driver", "ann_de_vries") == "ann"


def test_a_bad_aliases_csv_is_refused_line_by_line(tmp_path: Path) -> None:
    bad = (
        "kind,ergast_id,podium_id,url\n"
        "driver,ann_de_vries,ann,\n"
        "pilot,x,ann,\n"  # line 3: no such kind
        "driver,ann 2,bo,\n"  # line 4: a space in an id
        "driver,nobody_x,nobody,\n"  # line 5: not in this season
        "driver,ann_again,ann,\n"  # line 6: ann has an alias already
        "race,2025-1,2025/1,\n"  # line 7: not <year>/<round>
        "constructor,red,reds,javascript:alert(1)\n"  # line 8: not a link
    )
    folder = _folder(tmp_path, bad)
    with pytest.raises(ValidationError) as caught:
        podium.load_season(folder)
    name = str(folder / "aliases.csv")
    got = {(p.file, p.line, p.field) for p in caught.value.problems}
    assert got == {
        (name, 3, "kind"),
        (name, 4, "ergast_id"),
        (name, 5, "podium_id"),
        (name, 6, "podium_id"),
        (name, 7, "ergast_id"),
        (name, 8, "url"),
    }
    assert "line 2" in str(caught.value)  # the duplicate names the first row


def test_ergast_names_are_refused_where_they_do_not_belong(tmp_path: Path) -> None:
    bad = (
        "kind,ergast_id,podium_id,url,name,nationality\n"
        "constructor,red_team,reds,,Red Team,Austrian\n"
        "driver,ann_de_vries,ann,,Ann,\n"  # line 3: a driver row has no name
        "circuit,grand_ring,ring,,,Austrian\n"  # line 4: nor a circuit a nationality
        "season,25,2025,,,\n"  # line 5: not a year
    )
    with pytest.raises(ValidationError) as caught:
        podium.load_season(_folder(tmp_path / "a", bad))
    name = str(tmp_path / "a" / "cup" / "aliases.csv")
    got = {(p.file, p.line, p.field) for p in caught.value.problems}
    assert got == {(name, 3, "name"), (name, 4, "nationality"), (name, 5, "ergast_id")}
    assert "only constructor rows" in str(caught.value)
    # A column podium does not know (a misspelt `nation`) is refused by its header.
    misspelt = "kind,ergast_id,podium_id,url,nation\nconstructor,red_team,reds,,Austrian\n"
    with pytest.raises(ValidationError) as caught:
        podium.load_season(_folder(tmp_path / "b", misspelt))
    assert [p.field for p in caught.value.problems] == ["nation"]


def test_bad_reference_values_are_refused_with_their_lines(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "drivers.csv").write_text(
        "id,name,born,permanent_number\nann,Ann,1999-02-30,7\nbo,Bo,,seven\n", encoding="utf-8"
    )
    (folder / "01" / "pit-stops.csv").write_text(
        "car,driver,stop,lap,duration\n9,ann,1,x,22.5\n", encoding="utf-8"
    )
    (folder / "01" / "race.csv").write_text(
        "position,car,status,q1\n1,2,,fast\n,1,dnf,\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as caught:
        podium.load_season(folder)
    got = {(Path(p.file).name, p.line, p.field) for p in caught.value.problems}
    assert {
        ("drivers.csv", 2, "born"),
        ("drivers.csv", 3, "permanent_number"),
        ("pit-stops.csv", 2, "car"),
        ("pit-stops.csv", 2, "lap"),
        ("race.csv", 2, "q1"),
    } <= got
