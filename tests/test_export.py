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


def _one_result_per_car(season: Season) -> Season:
    """The season without a car's second result in a session (what a folder cannot hold)."""

    def session(s: podium.Session) -> podium.Session:
        seen: set[str] = set()
        kept = []
        for r in s.results:
            if r.car not in seen:
                seen.add(r.car)
                kept.append(r)
        if len(kept) == len(s.results):
            return s
        # A place left out: only some places of the session are known now.
        return dataclasses.replace(s, results=tuple(kept), partial=True)

    rounds = tuple(
        dataclasses.replace(r, sessions=tuple(session(s) for s in r.sessions))
        for r in season.rounds
    )
    return dataclasses.replace(season, rounds=rounds)


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
def test_f1_1976_exports_and_loads_back_equal(tmp_path: Path) -> None:
    from podium.formats.f1db import load_f1db_season

    folder = f1db_path()
    assert folder is not None
    season = load_f1db_season(folder, 1976)
    url = f"sqlite:///{tmp_path / 'f1.sqlite3'}"
    # F1DB has car 21 twice in the Japanese GP (Binder and Kuwashima): a session file lists
    # a car once, so the export refuses, naming it, rather than write a folder that fails.
    with pytest.raises(PodiumError, match=r"16-japan/qualifying.csv: car\(s\) 21"):
        export_season(season, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    writable = _one_result_per_car(season)
    back = round_trip(writable, url, tmp_path / "out")
    # source_line: F1DB's results come from its YAML files' lines, the folder's from the
    # CSVs' own: where a result was read from, not what it is.
    assert _without_lines(back) == _without_lines(writable)
    assert back.decisions == season.decisions


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
