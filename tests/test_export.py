"""`podium export season`: a stored season written back as a season folder that passes
`podium validate` and imports to an equal season (the bundled examples, F1 1976)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

import podium
from podium.cli.app import app
from podium.errors import PodiumError
from podium.formats.export import export_season
from podium.model.decision import DecisionKind
from podium.model.season import Season
from podium.storage import Database
from webkit import f1db_path


def round_trip(season: Season, url: str, folder: Path) -> Season:
    with Database(url) as database:
        database.import_season(season)
    result = CliRunner().invoke(
        app, ["export", "season", season.key, str(folder), "--db", url], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    checked = CliRunner().invoke(app, ["validate", str(folder)], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("ok: ")
    return podium.load_season(folder)


@pytest.mark.parametrize("name", podium.examples())
def test_an_exported_example_loads_back_equal(name: str, db_url: str, tmp_path: Path) -> None:
    season = podium.load_season(podium.example_path(name))
    back = round_trip(season, db_url, tmp_path / "out")
    # Equal as the model compares, source_line included: the exported CSVs list the results
    # in their order, one per line, as the examples do.
    assert back == season
    assert back.rules.document == season.rules.document


def _without_lines(season: Season) -> Season:
    rounds = tuple(
        dataclasses.replace(
            r,
            sessions=tuple(
                dataclasses.replace(
                    s, results=tuple(dataclasses.replace(x, source_line=None) for x in s.results)
                )
                for s in r.sessions
            ),
        )
        for r in season.rounds
    )
    return dataclasses.replace(season, rounds=rounds)


@pytest.mark.skipif(f1db_path() is None, reason="F1DB is not on this machine")
def test_f1_1976_exports_whole_and_loads_back_equal(tmp_path: Path) -> None:
    from podium.formats.f1db import load_f1db_season

    folder = f1db_path()
    assert folder is not None
    season = load_f1db_season(folder, 1976)
    # F1DB has car 21 twice in the Japanese GP (Binder and Kuwashima, each with his own
    # qualifying time and race line): the session file lists it twice, once per driver.
    japan = season.round(16)
    qualifying = japan.session("qualifying")
    assert qualifying is not None
    assert [r.drivers for r in qualifying.results if r.car == "21"] == [
        ("hans-binder",),
        ("masami-kuwashima",),
    ]
    url = f"sqlite:///{tmp_path / 'f1.sqlite3'}"
    back = round_trip(season, url, tmp_path / "out")
    written = (tmp_path / "out" / "16-japan" / "qualifying.csv").read_text(encoding="utf-8")
    assert written.count("\n25,21,hans-binder,") == 1
    assert written.count("\n26,21,masami-kuwashima,") == 1
    # source_line: F1DB's results come from its YAML files' lines, the folder's from the
    # CSVs' own: where a result was read from, not what it is.
    assert _without_lines(back) == _without_lines(season)
    assert back.decisions == season.decisions
    assert podium.standings(back, "drivers") == podium.standings(season, "drivers")


def test_the_same_result_twice_is_refused(tmp_path: Path) -> None:
    """A car listed again for the same drivers (or with a line naming none) is the same
    result twice: the export refuses, naming the file, and writes nothing."""
    season = podium.load_season(podium.example_path("club-2025"))
    rnd = season.rounds[0]
    race = rnd.sessions[1]
    doubled = dataclasses.replace(race, results=(*race.results, race.results[0]))
    broken = dataclasses.replace(
        season,
        rounds=(
            dataclasses.replace(
                rnd, sessions=tuple(doubled if s is race else s for s in rnd.sessions)
            ),
            *season.rounds[1:],
        ),
    )
    car = race.results[0].car
    with pytest.raises(PodiumError, match=rf"{race.id}\.csv: car\(s\) {car} listed more than once"):
        export_season(broken, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()


def test_decisions_are_written_from_their_fields(tmp_path: Path) -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    decision = podium.Decision(
        kind=DecisionKind.DEDUCTION,
        round=3,
        classification="drivers",
        competitor="jean-karl-vernay",
        points=Fraction(5, 2),
        reason="test",
    )
    changed = dataclasses.replace(season, decisions=(*season.decisions, decision))
    export_season(changed, tmp_path / "out")
    text = (tmp_path / "out" / "season.yaml").read_text()
    assert "points: 5/2" in text
    assert podium.load_season(tmp_path / "out").decisions == changed.decisions


def test_a_car_listed_again_for_another_driver_loads(tmp_path: Path) -> None:
    from podium.errors import ValidationError
    from seasonkit import load

    rules = {
        "scales": {"race": [10, 6, 4]},
        "classifications": {
            "drivers": {"competitor": "driver", "scoring": [{"session": "race", "points": "race"}]}
        },
    }
    entries = [{"car": 1, "drivers": "a;b"}, {"car": 2, "drivers": "c"}]
    # car 1 classified 1st with a and, handed over, 3rd with b: each scores his own place
    rows = [
        {"position": 1, "car": 1, "drivers": "a"},
        {"position": 2, "car": 2},
        {"position": 3, "car": 1, "drivers": "b"},
    ]
    season = load(tmp_path / "ok", rules=rules, entries=entries, results={1: {"race": rows}})
    table = podium.standings(season, "drivers")
    assert {r.competitor: r.points for r in table.rows} == {"a": 10, "c": 6, "b": 4}
    # the same driver twice, or a line naming none, is the same result listed twice
    for again in ({"position": 3, "car": 1, "drivers": "a"}, {"position": 3, "car": 1}):
        with pytest.raises(ValidationError, match=r"car 1 is listed twice \(line 2\)"):
            load(tmp_path / str(len(again)), rules=rules, entries=entries,
                 results={1: {"race": [*rows[:2], again]}})  # fmt: skip


@pytest.mark.skipif(f1db_path() is None, reason="F1DB is not on this machine")
def test_shared_drives_export_whole(tmp_path: Path) -> None:
    """F1 1954: one number for two drivers in a session (car 30 at the British GP, Brandon
    and Nuckey; car 24 in Switzerland, Maglioli and Manzon), a line each in F1DB and in
    the folder written: read back equal."""
    from podium.formats.f1db import load_f1db_season

    folder = f1db_path()
    assert folder is not None
    season = load_f1db_season(folder, 1954)
    shared = [
        (rnd.number, s.id, r.car)
        for rnd in season.rounds
        for s in rnd.sessions
        for r in s.results
        if sum(1 for x in s.results if x.car == r.car) > 1
    ]
    assert (5, "race", "30") in shared and (7, "race", "24") in shared
    back = podium.load_season(export_season(season, tmp_path / "f1-1954"))
    assert _without_lines(back) == _without_lines(season)
