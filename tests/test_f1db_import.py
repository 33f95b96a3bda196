"""The F1DB importer on real data: shared cars, drivers in two cars, statuses, fastest laps,
season data beside F1DB, messages for broken files, and the database round trip.

F1DB (https://github.com/f1db/f1db, CC BY 4.0) is read from `$PODIUM_TEST_F1DB`, default
`../shared/f1db/data` beside the project. Missing: these tests fail under CI=true, else skip.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, func, select

import podium
from podium.errors import ValidationError
from podium.formats.f1db import load_f1db_season, load_f1db_seasons
from podium.formats.f1db import season as f1db_season
from podium.formats.f1db.statuses import POSITION_TEXTS, position_status
from podium.model import DecisionKind, SessionEnd, SessionKind, Status
from podium.model.season import Season
from podium.storage import Database
from podium.storage.tables import Base
from webkit import copy_subset

F1DB_VARIABLE = "PODIUM_TEST_F1DB"
DEFAULT_F1DB = Path(__file__).resolve().parents[2] / "shared" / "f1db" / "data"


@pytest.fixture(scope="session")
def f1db() -> Path:
    path = Path(os.environ.get(F1DB_VARIABLE, DEFAULT_F1DB))
    if not (path / "seasons").is_dir():
        message = f"no F1DB data folder at {path} (${F1DB_VARIABLE})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seasons(f1db: Path) -> dict[int, Season]:
    """A few seasons, read once for the tests that only look at them."""
    return {s.year: s for s in load_f1db_seasons(f1db, [1954, 1956, 1957, 1976, 2023])}


@pytest.fixture()
def without_bundled_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Seasons read without podium's bundled season data (for a copy of part of a season)."""
    empty = tmp_path / "no-season-data"
    empty.mkdir()
    monkeypatch.setattr(f1db_season, "bundled_overlay_dir", lambda: empty)


def race(season: Season, number: int, session: str = "race") -> dict[str, list[podium.Result]]:
    """A session's results by car number (a car can appear twice: two drivers, one car)."""
    out: dict[str, list[podium.Result]] = {}
    found = season.round(number).session(session)
    assert found is not None, f"{season.key} round {number} has no {session}"
    for result in found.results:
        out.setdefault(result.car, []).append(result)
    return out


# --- the model -------------------------------------------------------------------------------


def test_a_shared_car_is_one_result_with_its_drivers_in_order(seasons: dict[int, Season]) -> None:
    britain = race(seasons[1957], 5)  # Aintree: Moss took over Brooks's car and won
    (winner,) = britain["20"]
    assert winner.position == 1 and winner.status is Status.CLASSIFIED
    assert winner.drivers == ("tony-brooks", "stirling-moss")
    assert winner.laps == 90 and winner.time == "3:06:37.800" and winner.grid == 3
    (fourth,) = britain["16"]
    assert fourth.position == 4 and fourth.drivers == ("maurice-trintignant", "peter-collins")
    # Moss's own car, retired, that Brooks also drove: one result, two drivers.
    (moss_car,) = britain["18"]
    assert moss_car.status is Status.DNF and moss_car.drivers == ("stirling-moss", "tony-brooks")
    # The car's entry names its drivers in that race.
    entry = seasons[1957].entry_for("20", 5)
    assert entry is not None and entry.drivers == ("tony-brooks", "stirling-moss")


def test_a_driver_in_two_cars_has_two_results(seasons: dict[int, Season]) -> None:
    monaco = race(seasons[1956], 2)
    fangio = [r for rs in monaco.values() for r in rs if "juan-manuel-fangio" in r.drivers]
    assert sorted((r.car, r.position) for r in fangio) == [("20", 4), ("26", 2)]
    assert {r.drivers for r in fangio} == {
        ("peter-collins", "juan-manuel-fangio"),
        ("juan-manuel-fangio", "eugenio-castellotti"),
    }


def test_1976_japan(seasons: dict[int, Season]) -> None:
    season = seasons[1976]
    rnd = season.round(16)
    assert (rnd.name, rnd.circuit, rnd.country) == ("Japanese Grand Prix", "Fuji", "JPN")
    assert rnd.end is not None and rnd.end.isoformat() == "1976-10-24"
    assert [s.id for s in rnd.sessions] == ["qualifying", "grid", "race"]
    japan = rnd.session("race")
    assert japan is not None and japan.kind is SessionKind.RACE
    assert (japan.scheduled_laps, japan.completed_laps, japan.ended) == (
        73,
        73,
        SessionEnd.FINISHED,
    )
    top = [(r.position_text, r.car, r.drivers, r.laps, r.time or r.gap) for r in japan.results[:3]]
    assert top == [
        ("1", "5", ("mario-andretti",), 73, "1:43:58.860"),
        ("2", "4", ("patrick-depailler",), 72, "+1 lap"),
        ("3", "11", ("james-hunt",), 72, "+1 lap"),
    ]
    (lauda,) = race(season, 16)["1"]
    assert (lauda.position_text, lauda.laps, lauda.grid) == ("R", 2, 3)
    entry = season.entry_for("5", 16)
    assert entry is not None and entry.constructor == "lotus-ford"
    assert season.teams["lotus-ford"].name == "Lotus-Ford"
    assert entry.team is not None and season.teams[entry.team].name == "John Player Team Lotus"
    assert season.teams["ferrari-ferrari"].name == "Ferrari"  # one name where both are one
    hunt = season.drivers["james-hunt"]
    assert (hunt.name, hunt.nationality, hunt.abbreviation) == ("James Hunt", "GBR", "HUN")
    assert season.series.id == "f1" and season.key == "f1/1976"
    assert "F1DB" in next(iter(season.links))


def test_sessions_practice_sprint_and_qualifying(seasons: dict[int, Season]) -> None:
    baku = seasons[2023].round(4)  # a sprint weekend
    assert [(s.id, s.kind.value, s.segment) for s in baku.sessions] == [
        ("fp1", "practice", None),
        ("qualifying", "qualifying", None),
        ("sprint-qualifying", "qualifying", "SQ"),
        ("sprint-grid", "grid", "sprint"),
        ("sprint", "sprint", None),
        ("grid", "grid", None),
        ("race", "race", None),
    ]
    sprint = baku.session("sprint")
    assert sprint is not None and sprint.completed_laps == sprint.scheduled_laps == 17
    assert sprint.results[0].drivers == ("sergio-perez",) and sprint.results[0].grid == 2
    pole = baku.session("qualifying")
    assert pole is not None and pole.results[0].time == "1:40.203"  # the Q3 time
    # 2023 Australia: two cars started from the pit lane.
    grid = seasons[2023].round(3).session("grid")
    assert grid is not None
    pit_lane = [r for r in grid.results if r.position is None]
    assert {r.drivers[0] for r in pit_lane} == {"sergio-perez", "valtteri-bottas"}
    assert all(r.note == "PL: started from the pit lane" for r in pit_lane)


# --- statuses ----------------------------------------------------------------------------------


def test_every_position_text_maps_explicitly() -> None:
    expected = {
        "DNF": Status.DNF,
        "NC": Status.NOT_CLASSIFIED,
        "DSQ": Status.DSQ,
        "DNS": Status.DNS,
        "DNQ": Status.DNQ,
        "DNPQ": Status.DNPQ,
        "EX": Status.EXCLUDED,
        "DNP": Status.DNS,
    }
    for text, status in expected.items():
        assert position_status(text, grid=False) == (status, None, POSITION_TEXTS[text].note)
    assert position_status(3, grid=False) == (Status.CLASSIFIED, 3, None)
    assert position_status("PL", grid=True)[0] is Status.NOT_CLASSIFIED  # type: ignore[index]
    for wrong in ("PL", "R", "", None, 0, 2.5):
        message = position_status(wrong, grid=False)
        assert isinstance(message, str), wrong


def test_statuses_match_f1db_row_for_row(f1db: Path, seasons: dict[int, Season]) -> None:
    """Each race's statuses against F1DB's own position texts, row for row."""
    back = {mapped.status: text for text, mapped in POSITION_TEXTS.items() if not mapped.note}
    for year in (1956, 1976, 2023):
        for rnd in seasons[year].rounds:
            path = f1db / "seasons" / str(year) / "races" / rnd.folder / "race-results.yml"
            rows = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            want = [str(row["position"]) for row in rows if not row.get("sharedCar")]
            found = rnd.session("race")
            assert found is not None
            got = [
                str(r.position)
                if r.classified
                else (
                    r.note.split(":")[0] if r.note and r.note.startswith("DNP:") else back[r.status]
                )
                for r in found.results
            ]
            assert got == want, (year, rnd.number)


# --- fastest laps ------------------------------------------------------------------------------


def test_fastest_lap_ties_each_hold_rank_1(seasons: dict[int, Season]) -> None:
    britain = seasons[1954].round(5).session("race")  # seven drivers on 1:50
    assert britain is not None
    holders = [r for r in britain.results if r.fastest_lap_rank == 1]
    assert len(holders) == 7
    assert {r.fastest_lap for r in holders} == {"1:50.000"}
    assert {d for r in holders for d in r.drivers} == {
        "alberto-ascari",
        "jean-behra",
        "juan-manuel-fangio",
        "jose-froilan-gonzalez",
        "mike-hawthorn",
        "onofre-marimon",
        "stirling-moss",
    }
    # No holder's car was shared, so the ranks say it all; Ascari's lap was in his own car.
    assert britain.awards == {}
    (ascari,) = [r for r in holders if "alberto-ascari" in r.drivers]
    assert ascari.car == "31" and ascari.drivers == ("alberto-ascari",)


def test_a_shared_cars_fastest_lap_is_recorded_by_driver(seasons: dict[int, Season]) -> None:
    aintree = seasons[1957].round(5).session("race")
    assert aintree is not None
    (car,) = [r for r in aintree.results if r.fastest_lap_rank == 1]
    assert car.car == "20" and car.fastest_lap == "1:59.200"
    assert aintree.awards == {"fastest_lap": ("stirling-moss",)}  # not Brooks, his co-driver
    assert [r.fastest_lap_rank for r in aintree.results].count(None) == len(aintree.results) - 1


def test_every_driver_has_their_fastest_lap_where_f1db_lists_them(
    seasons: dict[int, Season],
) -> None:
    bahrain = seasons[2023].round(1).session("race")
    assert bahrain is not None
    ranked = sorted((r.fastest_lap_rank, r.drivers[0], r.fastest_lap) for r in bahrain.results)
    assert ranked[:3] == [
        (1, "guanyu-zhou", "1:33.996"),
        (2, "pierre-gasly", "1:35.068"),
        (3, "lando-norris", "1:35.822"),
    ]
    assert [rank for rank, _, _ in ranked] == list(range(1, 21))
    assert bahrain.awards == {}


# --- season data beside F1DB ---------------------------------------------------------------------

OVERLAY = """\
# 1957 season data (a test overlay)
sessions:
  - {round: 5, scheduled_laps: 90, completed_laps: 90, ended: time_limit, source: test}
  - round: 5
    awards: {fastest_lap: [stirling-moss]}
entry_flags:
  - {round: 5, car: 38, flags: [ineligible], reason: test}
  - {rounds: "1-2", car: 2, flags: [nominated]}
result_shares:
  - round: 5
    car: 16
    shares: {maurice-trintignant: 1, peter-collins: 0}
    reason: Collins drove too little of the distance
decisions:
  - {kind: deduction, round: 5, classification: drivers, competitor: bob-gerard, points: 1.5}
tie_orders:
  - classification: drivers
    after_round: 5
    order: [stuart-lewis-evans, [bob-gerard, roy-salvadori]]
"""


def test_the_overlay_completes_the_season(f1db: Path, tmp_path: Path) -> None:
    (tmp_path / "1957.yaml").write_text(OVERLAY)
    season = load_f1db_season(f1db, 1957, data_dir=tmp_path)
    aintree = season.round(5).session("race")
    assert aintree is not None
    assert (aintree.scheduled_laps, aintree.completed_laps) == (90, 90)
    assert aintree.ended is SessionEnd.TIME_LIMIT
    (car16,) = [r for r in aintree.results if r.car == "16"]
    assert car16.shares == (Fraction(1), Fraction(0))
    gerard = season.entry_for("38", 5)
    assert gerard is not None and gerard.flags == {"ineligible"}
    assert gerard.drivers == ("bob-gerard",)
    assert all("ineligible" not in e.flags for e in season.entries if e.car != "38")
    fangio = [season.entry_for("2", n) for n in (1, 2, 3)]
    assert [e.flags if e else None for e in fangio] == [{"nominated"}, {"nominated"}, None]
    (deduction,) = season.decisions
    assert deduction.kind is DecisionKind.DEDUCTION and deduction.points == Fraction(3, 2)
    (order,) = season.tie_orders
    assert order.groups == (("stuart-lewis-evans",), ("bob-gerard", "roy-salvadori"))


def test_the_documented_example_is_valid(f1db: Path, tmp_path: Path) -> None:
    """docs/formats.md's F1 season data example (marked `<!-- overlay-example: YEAR -->`) loads."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "formats.md").read_text()
    found = re.search(r"^<!-- overlay-example: (\d{4}) -->\n```yaml\n(.*?)^```$", doc, re.M | re.S)
    assert found is not None, "no <!-- overlay-example: YEAR --> yaml block in docs/formats.md"
    year = int(found.group(1))
    (tmp_path / f"{year}.yaml").write_text(found.group(2))
    season = load_f1db_season(f1db, year, data_dir=tmp_path)
    aintree = season.round(5).session("race")
    assert aintree is not None and aintree.awards == {"fastest_lap": ("stirling-moss",)}
    assert [r.shares for r in aintree.results if r.car == "16"] == [(1, 0)]


def test_overlay_problems_name_file_line_and_field(f1db: Path, tmp_path: Path) -> None:
    (tmp_path / "1957.yaml").write_text(
        "sessions:\n"
        "  - {round: 5, session: sprint, ended: suspended}\n"  # line 2: no sprint in 1957
        "  - {round: 5, awards: {fastest_lap: nobody}}\n"  # line 3
        "entry_flags:\n"
        "  - {round: 5, car: 99, flags: [f2]}\n"  # line 5: no car 99
        "result_shares:\n"
        "  - {round: 5, car: 16, shares: {peter-collins: 1}}\n"  # line 7: Trintignant missing
        "decisions:\n"
        "  - {kind: exclusion, round: 12, competitor: nobody}\n"  # line 9
    )
    with pytest.raises(ValidationError) as caught:
        load_f1db_season(f1db, 1957, data_dir=tmp_path)
    shown = [f"{p.line}: {p.field}: {p.message}" for p in caught.value.problems]
    name = str(tmp_path / "1957.yaml")
    assert all(p.file == name for p in caught.value.problems)
    assert shown == [
        "2: sessions[0].session: round 5 has no session 'sprint' (sessions: qualifying, grid, "
        "race)",
        "3: sessions[1].awards.fastest_lap: 'nobody' is neither a car nor a driver of this session",
        "5: entry_flags[0].car: no car 99 in round 5",
        "7: result_shares[0].shares: give a share for each driver of car 16, and only them "
        "(maurice-trintignant, peter-collins)",
        "9: decisions[0].competitor: unknown driver or team 'nobody'",
        "9: decisions[0].round: no round 12 in the calendar",
    ]


def test_overlay_schema_problems(f1db: Path, tmp_path: Path) -> None:
    (tmp_path / "1957.yaml").write_text(
        "sessions:\n  - {round: 5, laps: 3}\ntie_orders:\n  - {classification: drivers}\n"
    )
    (tmp_path / "1958.yaml").write_text("year: 1957\n")
    with pytest.raises(
        ValidationError, match=r"1958.yaml:1: year: this is the season data of 1958"
    ):
        load_f1db_season(f1db, 1958, data_dir=tmp_path)
    with pytest.raises(ValidationError) as caught:
        load_f1db_season(f1db, 1957, data_dir=tmp_path)
    shown = [f"{p.line}: {p.field}: {p.message}" for p in caught.value.problems]
    assert "2: sessions[0].laps: unknown key" in shown[0]
    assert any(s.startswith("4: tie_orders[0]") and "'after_round'" in s for s in shown)


# --- broken F1DB files -------------------------------------------------------------------------


def test_a_malformed_f1db_file_gives_file_and_line(
    f1db: Path, tmp_path: Path, without_bundled_data: None
) -> None:
    data = copy_subset(f1db, tmp_path, {1957: ["05-great-britain"]})
    results = data / "seasons" / "1957" / "races" / "05-great-britain" / "race-results.yml"
    lines = results.read_text().splitlines()
    assert lines[29] == "- position: 2"  # Musso
    lines[29] = "- position: second"
    lines[31] = "  driverId: luigi-nobody"
    results.write_text("\n".join(lines) + "\n")
    grid = results.with_name("starting-grid-positions.yml")
    grid.write_text(grid.read_text().replace("driverNumber: 4\n", "driverNumber: four\n", 1))
    with pytest.raises(ValidationError) as caught:
        load_f1db_season(data, 1957)
    assert [str(p) for p in caught.value.problems] == [
        f"{results}:30: position: unknown position 'second' (a number or one of DNF, NC, DSQ, "
        "DNS, DNQ, DNPQ, EX, DNP)",
        f"{results}:32: driverId: unknown id 'luigi-nobody' (no drivers/luigi-nobody.yml)",
        f"{grid}:10: driverNumber: 'four' is not a car number",
    ]


def test_invalid_yaml_gives_its_line_and_every_file_is_read(
    f1db: Path, tmp_path: Path, without_bundled_data: None
) -> None:
    data = copy_subset(f1db, tmp_path, {1957: ["05-great-britain", "06-germany"]})
    races = data / "seasons" / "1957" / "races"
    race_file = races / "05-great-britain" / "race.yml"
    race_file.write_text(race_file.read_text().replace("laps: 90", "laps: [90"))
    grid = races / "06-germany" / "starting-grid-positions.yml"
    grid.write_text(grid.read_text().replace("- position: 3\n", "- position: 3\n  - x\n", 1))
    with pytest.raises(ValidationError) as caught:
        load_f1db_season(data, 1957)
    first, second = caught.value.problems
    assert first.file == str(race_file) and first.line == 14
    assert second.file == str(grid) and second.line is not None and second.line > 16
    assert all(p.message.startswith("invalid YAML") for p in (first, second))


def test_an_unknown_season_or_folder_is_reported(f1db: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="F1DB has no season 1949"):
        load_f1db_season(f1db, 1949)
    with pytest.raises(ValidationError, match="not an F1DB data folder"):
        load_f1db_season(tmp_path, 1957)


def test_the_points_fields_are_never_read(
    f1db: Path, tmp_path: Path, without_bundled_data: None
) -> None:
    races = ["05-great-britain", "06-germany"]
    original = copy_subset(f1db, tmp_path / "a", {1957: races})
    changed = copy_subset(f1db, tmp_path / "b", {1957: races})
    touched = 0
    for path in (changed / "seasons").rglob("*.yml"):
        text = path.read_text()
        new = re.sub(r"^(\s+)points:.*$", r"\g<1>points: 999", text, flags=re.MULTILINE)
        touched += new != text
        path.write_text(new)
    assert touched >= 4  # race results and standings of both races
    assert load_f1db_season(changed, 1957) == load_f1db_season(original, 1957)


# --- the database --------------------------------------------------------------------------------


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        out = {
            name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
            # The audit trail grows with every write, by design (test_audit.py).
            if name != "season_changes"
        }
    engine.dispose()
    return out


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def test_import_query_and_import_again(f1db: Path, db_url: str) -> None:
    done = run("import", "f1db", str(f1db.parent), "--seasons", "1957,1976", "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "imported 2 season(s) (f1/1957 … f1/1976) from F1DB (CC BY 4.0)" in done.stdout
    first = counts(db_url)
    assert first["seasons"] == 2 and first["rounds"] == 8 + 16

    done = run(
        "standings", "f1/1976", "--after", "16", "-c", "drivers", "-f", "json", "--db", db_url
    )
    assert done.returncode == 0, done.stderr
    table = json.loads(done.stdout)
    assert (table["after_round"], table["rounds_total"]) == (16, 16)
    top = [(r["position"], r["id"], r["points"]) for r in table["standings"][:2]]
    assert top == [(1, "james-hunt", "69"), (2, "niki-lauda", "68")]

    done = run("results", "f1/1976", "--round", "16", "-f", "json", "--db", db_url)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]
    assert (rows[0]["car"], rows[0]["drivers"], rows[0]["team"]) == (
        "5",
        "Mario Andretti",
        "John Player Team Lotus",
    )
    assert [r["position_text"] for r in rows].count("R") == 14

    with Database(db_url) as db:
        stored = db.load_season("f1", 1957)
        assert stored == load_f1db_season(f1db, 1957)
        db.import_seasons(load_f1db_seasons(f1db, [1957, 1976]))
        assert counts(db_url) == first
        assert db.load_season("f1", 1957) == stored


def test_a_failing_import_changes_nothing(f1db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f1.sqlite3'}"
    with Database(url) as db:
        db.import_seasons(load_f1db_seasons(f1db, [1957]))
        before = counts(url)

        def broken() -> Iterator[Season]:
            yield from load_f1db_seasons(f1db, [1958, 1959])
            raise ValidationError([])

        with pytest.raises(ValidationError):
            db.import_seasons(broken())
        assert counts(url) == before


def test_all_of_formula_1_imports_and_imports_again(f1db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f1.sqlite3'}"
    years = list(range(1950, 2025))
    seen: list[int] = []
    with Database(url) as db:
        stored = db.import_seasons(load_f1db_seasons(f1db, years, progress=seen.append))
        assert stored == [f"f1/{y}" for y in years] and seen == years
        first = counts(url)
        db.import_seasons(load_f1db_seasons(f1db, years))
        assert counts(url) == first
    assert first["seasons"] == 75 and first["rounds"] == 1125
    assert first["sessions"] > 6000 and first["results"] > 140_000
    # Every result row of F1DB is there, shared cars' extra rows folded into their car.
    f1db_rows = sum(
        len(re.findall(rb"^- ", path.read_bytes(), re.MULTILINE))
        for path in (f1db / "seasons").glob("*/races/*/*.yml")
        if path.name.endswith(("-results.yml", "-positions.yml"))
        and path.name != "driver-of-the-day-results.yml"
    )
    assert first["results"] == f1db_rows - 127  # F1DB's 127 sharedCar rows
