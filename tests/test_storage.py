"""The database keeps seasons whole: what is loaded back gives the standings the folder gives.

Every test runs on SQLite and on PostgreSQL (the `db_url` fixture in conftest.py).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

import podium
from podium.errors import NotFound, PodiumError
from podium.model import (
    Decision,
    DecisionKind,
    Driver,
    Entry,
    Result,
    Round,
    RoundStatus,
    Season,
    Series,
    Session,
    SessionEnd,
    SessionKind,
    SessionState,
    SessionStatus,
    Status,
    Team,
)
from podium.model.aliases import Aliases
from podium.model.calendar import PitStop, Slot
from podium.model.season import TieOrder
from podium.model.terms import Terms
from podium.rules.loader import parse_rules
from podium.standings import StandingsTable
from podium.storage import Database, default_url, encode, migrate
from podium.storage.engine import make_engine
from podium.storage.tables import Base

# --- a season folder using as much of the native format as it can ---------------------------

SEASON_YAML = """\
version: 1
series: {id: testcup, name: Test Cup}
year: 2024
name: Test Cup 2024 (storage)
rules: rules.yaml
links: {regulations: "https://example.org/testcup/2024", entry-list: "https://example.org/el"}
sessions:
  - {id: qualifying, kind: qualifying, name: Qualifying}
  - {id: race1, kind: race, name: Race 1, scheduled_laps: 20, completed_laps: 20}
  - {id: race2, kind: race, name: Race 2}
calendar:
  - round: 1
    name: Spring Trophy
    start: 2024-04-06
    end: 2024-04-07
    circuit: Northfield Park
    venue: Northfield
    country: GBR
    status: held
    facts: {weather: "dry, 12 °C", race_length: 20 laps}
  - round: 2
    name: Summer Cup
    start: 2024-06-01
    end: 2024-06-02
    status: held
    folder: r2-summer
    sessions:
      - {id: qualifying, kind: qualifying, name: Qualifying, segment: Q1}
      - id: race1
        kind: race
        name: Race 1
        scheduled_laps: 20
        completed_laps: 12
        ended: suspended
        awards: {fastest_lap: [3]}
      - {id: race2, kind: race, name: Race 2, partial: true}
  - round: 3
    name: Cancelled Classic
    start: 2024-07-06
    status: cancelled
    announced: 2024-01-10
    cancelled_on: 2024-05-20
  - round: 4
    name: Autumn Finale
    start: 2024-09-14
    end: 2024-09-15
    status: held
  - round: 5
    name: Winter Extra
    start: 2024-11-02
    announced: 2024-08-01
decisions:
  - kind: deduction
    round: 2
    date: 2024-06-10
    classification: drivers
    competitor: b
    points: "5/2"
    reason: contact in race 2
    source: stewards' decision 7
  - {kind: disqualification, round: 4, car: 3, session: race2, reason: underweight}
  - kind: exclusion
    round: 4
    classification: drivers
    competitor: e
    keep_points: true
    position_text: DSQ
    final_only: true
tie_orders:
  - {classification: rookies, after_round: 1, order: [a, [c]], reason: as published}
"""

RULES_YAML = """\
version: 1
description: storage round-trip rules
scales:
  main: [10, 6, 4, 3, 2, 1]
classifications:
  drivers:
    name: Drivers' Championship
    short_name: Drivers
    competitor: driver
    scoring:
      - {session: race, points: main}
      - {session: qualifying, points: [1], countback: false}
    bonuses:
      - {name: fastest lap, session: race, points: 1, award: fastest_lap, top: 6}
    shortened: {below: "3/4", factor: "1/2"}
    drops: {best: 3}
    overrides:
      - {rounds: 4, factor: 2, reason: double points finale}
    decimals: 2
  rookies:
    name: Rookie Trophy
    competitor: driver
    eligible: {flags_all: [rookie]}
    scoring: [{session: race, points: [3, 2, 1], basis: eligible}]
    listing: classified
  teams:
    name: Teams
    competitor: team
    cars: {best: 2}
    scoring: [{session: race, points: main}]
    decimals: 1
  manufacturers:
    competitor: manufacturer
    cars: {best: 1}
    scoring: [{session: race, points: main}]
"""

DRIVERS_CSV = """\
id,name,nationality,abbreviation
a,Ann Archer,GBR,ARC
b,Ben Baker,FRA,BAK
c,Cleo Clark,SWE,
d,Dan Dale,,DAL
e,Eve Evans,IRL,EVA
"""

TEAMS_CSV = """\
id,name,nationality
t1,Team One,GBR
t2,Team Two,
m1,Maker One,DEU
m2,Maker Two,JPN
"""

ENTRIES_CSV = """\
car,drivers,team,manufacturer,chassis,engine,flags,rounds
1,a,t1,m1,X1,V6,rookie;junior,
2,b,t1,m1,X1,V6,,
3,c,t2,m2,Y2,I4,rookie,
4,d;e,t2,m2,Y2,I4,,1-2
4,e,t2,m2,Y2,I4,,4-5
"""

HEADER = "position,car,drivers,status,laps,time,gap,grid,fastest_lap,fastest_lap_rank,shares,note"

RESULTS: dict[str, dict[str, str]] = {
    "01": {
        "qualifying": "1,2,,,,1:01.100,,,,,,\n2,1,,,,1:01.300,+0.200,,,,,\n"
        "3,4,,,,1:01.500,,,,,,\n4,3,,,,1:02.000,,,,,,\n",
        "race1": "1,1,,,20,25:01.234,,2,1:12.345,1,,\n2,4,,,20,,+1.5s,3,1:12.400,2,2/3;1/3,\n"
        ",2,,dnf,7,,,1,1:13.000,3,,gearbox\n3,3,,,19,,1 lap,4,,,,\n",
        "race2": "1,2,,,18,,,,1:12.111,1,,\n2,3,,,18,,,,,,,\n3,1,,,18,,,,,,,\n"
        ",4,,dns,,,,,,,,did not start\n",
    },
    "r2-summer": {
        "qualifying": "1,3,,,,,,,,,,\n2,2,,,,,,,,,,\n3,1,,,,,,,,,,\n4,4,,,,,,,,,,\n",
        "race1": "1,2,,,12,,,,,,,\n2,1,,,12,,,,,,,\n3,3,,,12,,,,,,,\n4,4,e,,12,,,,,,,\n",
        # partial: only the places a press release gave
        "race2": "1,4,,,,,,,,,1/2;1/2,\n2,1,,,,,,,,,,\n5,3,,,,,,,,,,\n",
    },
    "04": {
        "qualifying": "1,1,,,,,,,,,,\n2,3,,,,,,,,,,\n3,2,,,,,,,,,,\n4,4,,,,,,,,,,\n",
        "race1": "1,3,,,,,,,,,,\n2,2,,,,,,,,,,\n3,4,,,,,,,,,,\n4,1,,,,,,,,,,\n",
        "race2": "1,3,,,,,,,,,,\n2,4,,,,,,,,,,\n3,1,,,,,,,,,,\n,2,,dsq,,,,,,,,\n",
    },
}


def write_season(folder: Path, results: dict[str, dict[str, str]] = RESULTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "season.yaml").write_text(SEASON_YAML, encoding="utf-8")
    (folder / "rules.yaml").write_text(RULES_YAML, encoding="utf-8")
    (folder / "drivers.csv").write_text(DRIVERS_CSV, encoding="utf-8")
    (folder / "teams.csv").write_text(TEAMS_CSV, encoding="utf-8")
    (folder / "entries.csv").write_text(ENTRIES_CSV, encoding="utf-8")
    for round_folder, sessions in results.items():
        (folder / round_folder).mkdir(exist_ok=True)
        for session_id, rows in sessions.items():
            text = f"{HEADER}\n{rows}"
            (folder / round_folder / f"{session_id}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def season(tmp_path: Path) -> Season:
    return podium.load_season(write_season(tmp_path / "testcup-2024"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    with Database(db_url) as database:
        yield database


# --- helpers ---------------------------------------------------------------------------------


def all_standings(season: Season) -> dict[tuple[str, int], StandingsTable]:
    """Every classification after every round the engine can rank after."""
    last = season.last_held_round()
    return {
        (cid, rnd.number): podium.standings(season, cid, rnd.number)
        for cid in season.rules.classifications
        for rnd in season.rounds
        if rnd.number <= last
    }


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
                # The audit trail grows with every write, by design (test_audit.py).
                if table.name != "season_changes"
            }
    finally:
        engine.dispose()


# --- tests -----------------------------------------------------------------------------------


def test_the_test_season_exercises_what_storage_must_keep(season: Season) -> None:
    # Guards the round-trip tests below against passing on a season with nothing in it.
    tables = all_standings(season)
    assert len(tables) == 4 * 4  # four classifications, after rounds 1, 2, 3 (cancelled), 4
    assert tables["drivers", 4].rows[0].points > 0
    assert any(r.points.denominator != 1 for t in tables.values() for r in t.rows)
    assert any(r.deductions for r in tables["drivers", 4].rows)
    race2 = season.round(2).session("race2")
    assert race2 is not None and race2.partial
    assert season.round(1).sessions[1].results[1].shares == (Fraction(2, 3), Fraction(1, 3))


def test_round_trip_gives_an_equal_season_and_the_same_standings(
    db: Database, season: Season
) -> None:
    db.import_season(season)
    loaded = db.load_season("testcup", 2024)
    assert loaded == season
    assert loaded.rules.document == season.rules.document
    assert list(loaded.rules.classifications) == list(season.rules.classifications)
    assert list(loaded.drivers) == list(season.drivers)
    assert all_standings(loaded) == all_standings(season)
    assert db.seasons() == [("testcup", 2024, "Test Cup 2024 (storage)")]


def test_round_trip_of_the_bundled_examples(db: Database) -> None:
    assert podium.examples()
    for name in podium.examples():
        season = podium.load_season(podium.example_path(name))
        db.import_season(season)
        loaded = db.load_season(season.series.id, season.year)
        assert loaded == season, name
        assert all_standings(loaded) == all_standings(season), name


def full_season() -> Season:
    """A season in which every field of every model object differs from its default."""
    drivers = {"competitor": "driver", "scoring": [{"session": "race", "points": [25, 18]}]}
    rules = parse_rules({"classifications": {"drivers": drivers}}, "memory")
    result = Result(
        car="7",
        status=Status.CLASSIFIED,
        position=1,
        drivers=("x", "y"),
        laps=30,
        time="45:00.1",
        gap="+0",
        grid=2,
        fastest_lap="1:30.0",
        fastest_lap_rank=1,
        shares=(Fraction(1, 3), Fraction(2, 3)),
        note="note",
        source_line=2,
        segment_times=(("Q1", "1:31.0"), ("Q2", "1:30.5")),
        reason="Gearbox",
        fastest_lap_lap=12,
    )
    session = Session(
        id="race",
        kind=SessionKind.RACE,
        name="Feature",
        segment="S1",
        scheduled_laps=40,
        completed_laps=30,
        ended=SessionEnd.TIME_LIMIT,
        status=SessionStatus.CANCELLED,
        result_declared=False,
        partial=True,
        awards={"fastest_lap": ("7",)},
        results=(result,),
        state=SessionState.UNDER_APPEAL,
        published=datetime(2030, 3, 2, 17, 5, 30),
    )
    rnd = Round(
        number=1,
        name="Opener",
        start=date(2030, 3, 1),
        end=date(2030, 3, 2),
        circuit="Ring",
        venue="Town",
        country="AUT",
        status=RoundStatus.HELD,
        folder="r1",
        announced=date(2029, 12, 1),
        cancelled_on=date(2030, 1, 1),
        facts={"weather": "wet"},
        sessions=(session,),
        circuit_id="ring",
        circuit_name="Grand Ring",
        latitude=47.2197,
        longitude=-14.7647,
        schedule=(Slot("fp1", date(2030, 3, 1), time(10, 30)), Slot("race", date(2030, 3, 2))),
        pit_stops=(PitStop("7", "x", 1, 12, "23.5", "14:05:20"),),
    )
    entry = Entry(
        car="7",
        drivers=("x", "y"),
        team="t",
        constructor="c",
        manufacturer="m",
        chassis="ch",
        engine="en",
        flags=frozenset({"pro", "am"}),
        rounds=frozenset({1, 3}),
    )
    decision = Decision(
        kind=DecisionKind.EXCLUSION,
        round=1,
        date=datetime(2030, 3, 5, 18, 30, tzinfo=timezone(timedelta(hours=2))),
        classification="drivers",
        competitor="x",
        car="7",
        session="race",
        points=Fraction(-7, 3),
        keep_points=True,
        position_text="DSQ",
        final_only=True,
        reason="why",
        source="where",
        id="dec-1",
        seconds=Fraction(5, 2),
        places=3,
        cancels="dec-0",
    )
    return Season(
        series=Series("full", "Full Series", "FS"),
        year=2030,
        name="Full 2030",
        rounds=(rnd,),
        drivers={
            "x": Driver("x", "Xa", "AUT", "XAX", "X", "de A", date(2001, 2, 3), "7"),
            "y": Driver("y", "Ya", "CHE", "YAY", "Y", "A", date(2002, 3, 4), "8"),
        },
        teams={"t": Team("t", "Tee", "ITA"), "c": Team("c", "Cee", "ESP")},
        entries=(entry,),
        rules=rules,
        decisions=(decision,),
        tie_orders=(TieOrder("drivers", 1, (("x", "y"),), "published"),),
        links={"home": "https://example.org"},
        terms=Terms("rider", "bike"),
        aliases=Aliases.of(
            [
                ("driver", "x_a", "x", "https://example.org/x"),
                ("constructor", "tee", "t", "https://example.org/t", "Tee Racing", "Italian"),
                ("season", "2030", "2030", "https://example.org/2030"),
            ]
        ),
    )


def non_default_fields(obj: Any) -> Iterator[str]:
    """Names of the comparable fields of `obj` still at their default: there should be none."""
    for f in dataclasses.fields(obj):
        if not f.compare or not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            continue
        if getattr(obj, f.name) == default:
            yield f"{type(obj).__name__}.{f.name}"


def test_every_model_field_is_stored(db: Database) -> None:
    season = full_season()
    rnd = season.rounds[0]
    objects: list[Any] = [season, season.series, rnd, rnd.sessions[0]]
    objects += [rnd.sessions[0].results[0]]
    objects += [*season.entries, *season.decisions, *season.tie_orders]
    objects += [*season.drivers.values(), *season.teams.values(), season.aliases.rows[1]]
    # A field added to the model fails here first: give it a value above and store it.
    assert [name for obj in objects for name in non_default_fields(obj)] == []
    db.import_season(season)
    assert db.load_season("full", 2030) == season


def test_alias_names_of_a_database_from_before_0011(db_url: str) -> None:
    """A database from before the alias names (0011) is upgraded with its aliases kept; their
    names are unknown (None) until the season is imported again."""
    season = full_season()
    with Database(db_url) as db:
        db.import_season(season)
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            cfg = migrate.config()
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "0010_generation")
        assert "name" not in {c["name"] for c in inspect(engine).get_columns("aliases")}
    finally:
        engine.dispose()
    with Database(db_url) as db:  # opening upgrades it
        aliases = db.aliases("full")
        assert aliases.ergast_id("constructor", "t") == "tee"
        assert aliases.name("constructor", "t") is None
        db.import_season(season)
        assert db.aliases("full").name("constructor", "t") == "Tee Racing"
        assert db.aliases("full").nationality("constructor", "t") == "Italian"


def test_reimport_replaces_the_season(db_url: str, tmp_path: Path) -> None:
    first = podium.load_season(write_season(tmp_path / "v1"))
    # Round 4 race 1 the other way round: car 1 wins, car 3 is fourth.
    changed = {**RESULTS, "04": {**RESULTS["04"], "race1": "1,1,,\n2,2,,\n3,4,,\n4,3,,\n"}}
    second = podium.load_season(write_season(tmp_path / "v2", changed))
    before, after = all_standings(first), all_standings(second)
    assert before["drivers", 4] != after["drivers", 4]

    with Database(db_url) as db:
        db.import_season(first)
        counts = row_counts(db_url)
        db.import_season(second)
        assert row_counts(db_url) == counts
        loaded = db.load_season("testcup", 2024)
        assert loaded == second
        assert all_standings(loaded) == after
        assert db.seasons() == [("testcup", 2024, "Test Cup 2024 (storage)")]


def test_seasons_are_kept_apart(db: Database, season: Season) -> None:
    other_year = dataclasses.replace(season, year=2025, name="Test Cup 2025")
    other_series = dataclasses.replace(season, series=Series("othercup", "Other Cup"))
    for s in (season, other_year, other_series):
        db.import_season(s)
    db.import_season(season)  # replacing one season leaves the others alone
    assert db.seasons() == [
        ("othercup", 2024, season.name),
        ("testcup", 2024, season.name),
        ("testcup", 2025, "Test Cup 2025"),
    ]
    assert db.load_season("testcup", 2025) == other_year
    assert db.load_season("othercup", 2024) == other_series
    assert db.load_season("testcup", 2024) == season


def test_failed_import_midway_changes_nothing(
    db_url: str, season: Season, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(db_url) as db:
        db.import_season(season)
        counts = row_counts(db_url)
        standings = all_standings(season)

        def broken(*args: Any) -> Any:
            raise RuntimeError("disk on fire")

        # Results are written after the old season is gone and the new rounds are in.
        monkeypatch.setattr(encode, "result_rows", broken)
        changed = dataclasses.replace(season, name="Renamed", rounds=season.rounds[:2])
        with pytest.raises(RuntimeError, match="disk on fire"):
            db.import_season(changed)
        monkeypatch.undo()

        assert row_counts(db_url) == counts
        loaded = db.load_season("testcup", 2024)
        assert loaded == season
        assert all_standings(loaded) == standings


def test_season_the_database_refuses_changes_nothing(db_url: str, season: Season) -> None:
    other = dataclasses.replace(season, year=2023)
    twice = dataclasses.replace(season, rounds=(*season.rounds, season.rounds[0]))
    with Database(db_url) as db:
        db.import_season(other)
        counts = row_counts(db_url)
        with pytest.raises(PodiumError, match="testcup/2024 cannot be stored"):
            db.import_season(twice)  # round 1 twice: the rounds' key refuses it
        assert row_counts(db_url) == counts
        assert db.seasons() == [("testcup", 2023, season.name)]
        db.import_season(season)
        with pytest.raises(PodiumError, match="testcup/2024 cannot be stored"):
            db.import_season(twice)  # replacing a stored season: still all or nothing
        assert db.load_season("testcup", 2024) == season


def test_rules_without_their_document_are_refused(db: Database, season: Season) -> None:
    bare = dataclasses.replace(
        season, rules=dataclasses.replace(season.rules, document={"classifications": {}})
    )
    with pytest.raises(PodiumError, match="rules differ from the rules document"):
        db.import_season(bare)
    assert db.seasons() == []


def test_absent_season_is_not_found(db: Database, season: Season) -> None:
    with pytest.raises(NotFound, match="no season testcup/2024"):
        db.load_season("testcup", 2024)
    db.import_season(season)
    with pytest.raises(NotFound, match=r"no season testcup/2030 .*testcup seasons: 2024"):
        db.load_season("testcup", 2030)
    with pytest.raises(NotFound, match="no season nocup/2024"):
        db.load_season("nocup", 2024)


def test_opening_an_empty_database_creates_the_schema(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert inspect(engine).get_table_names() == []
        Database(db_url).close()
        tables = set(inspect(engine).get_table_names())
        assert "alembic_version" in tables
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert [v for (v,) in version] == [migrate.head()]
            # The migrations build exactly the tables the code maps: autogenerate sees nothing.
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        Database(db_url).close()  # opening again migrates nothing and keeps the data
    finally:
        engine.dispose()


def test_database_of_a_newer_podium_is_refused(db_url: str) -> None:
    Database(db_url).close()
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    with pytest.raises(PodiumError, match=r"'9999'.*newer version of podium"):
        Database(db_url)


def test_default_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PODIUM_DATABASE_URL", "sqlite:////elsewhere/x.sqlite3")
    assert default_url() == "sqlite:////elsewhere/x.sqlite3"
    monkeypatch.delenv("PODIUM_DATABASE_URL")
    if sys.platform != "linux":
        pytest.skip("XDG_DATA_HOME decides the data folder on Linux only")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data home"))
    expected = tmp_path / "data home" / "podium" / "podium.sqlite3"
    assert default_url() == f"sqlite:///{expected}"
    assert expected.parent.is_dir()
    with Database() as db:
        assert db.seasons() == []
    assert expected.is_file()
