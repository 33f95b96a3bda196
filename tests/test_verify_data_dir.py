"""`podium verify f1db --rules-dir --data-dir`: a season podium does not ship, verified from
one's own rules, season data and known F1DB errors, without touching the package.

The season is 2022, pretended unshipped: its rules file extends podium's 2021 (as one for a
newer season would extend 2024), its season data says how the Japanese GP ended and one
tie order, and the other tie order F1DB publishes (Tsunoda ahead of Ricciardo after round 6,
against the countback) is declared a known F1DB error instead. This is docs/cli.md's example.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from podium.cli.app import app
from podium.errors import ValidationError
from podium.verify import known_errors_with, load_known_errors, verify_f1db
from test_f1_verify import f1db_root

RULES_2022 = """\
# Formula 1 2022, as podium ships it (rules/library/f1/2022.yaml), over podium's 2021.
extends: podium:f1/2021
description: Formula 1 World Championship 2022
scales:
  sprint: [8, 7, 6, 5, 4, 3, 2, 1]
  short_25: [6, 4, 3, 2, 1]
  short_50: [13, 10, 8, 6, 5, 4, 3, 2, 1]
  short_75: [19, 14, 12, 9, 8, 6, 5, 3, 2, 1]
defaults:
  shortened:
    when: [suspended]
    min_laps: 2
    factor: 1
    bands:
      - {below: 1/4, points: short_25}
      - {below: 1/2, points: short_50}
      - {below: 3/4, points: short_75}
  bonuses:
    - {name: fastest lap, session: race, award: fastest_lap, points: 1, top: 10,
       min_distance: 1/2}
overrides:
  - {rounds: "1-22", session: sprint, shortened: {below: 1/2, factor: 0}}
"""
DATA_2022 = """\
version: 1
year: 2022
sessions:
  - round: 18
    ended: time_limit
    reason: Japanese GP ended on the three-hour limit after 28 of 53 laps, so full points
tie_orders:
  - classification: drivers
    after_round: 2
    order: [yuki-tsunoda, pierre-gasly]
    reason: "Tsunoda (8th, round 1) and Gasly (8th, round 2): split, earlier result first"
"""
KNOWN_ERRORS = """\
version: 1
errors:
  - season: 2022
    after_round: 6
    classification: drivers
    competitors: [yuki-tsunoda, daniel-ricciardo]
    reason: "Tsunoda ahead of Ricciardo although Ricciardo's 6th wins countback"
"""


@pytest.fixture()
def own(tmp_path: Path) -> tuple[Path, Path]:
    rules, data = tmp_path / "rules", tmp_path / "data"
    rules.mkdir()
    data.mkdir()
    (rules / "2022.yaml").write_text(RULES_2022)
    (data / "2022.yaml").write_text(DATA_2022)
    (data / "known-f1db-errors.yaml").write_text(KNOWN_ERRORS)
    return rules, data


def verify(rules: Path, data: Path, *more: str) -> tuple[int, str]:
    done = CliRunner().invoke(
        app,
        [
            "verify", "f1db", str(f1db_root()), "--seasons", "2022",
            "--rules-dir", str(rules), "--data-dir", str(data), *more,
        ],
    )  # fmt: skip
    return done.exit_code, done.stdout


def test_a_season_verified_from_ones_own_rules_and_data_exits_0(own: tuple[Path, Path]) -> None:
    code, text = verify(*own)
    assert code == 0, text
    assert (
        "2022 drivers r6: known F1DB error: Tsunoda ahead of Ricciardo although Ricciardo's "
        "6th wins countback"
    ) in text
    assert "known F1DB errors: 1 table(s); not explained: 0" in text
    code, out = verify(*own, "--json")
    figures = json.loads(out)
    assert figures["known_f1db_errors"] == 1 and figures["unexplained"] == 0
    assert figures["season_end"]["exact"] == figures["season_end"]["tables"] == 2


def test_the_data_dir_is_read_before_podiums_data(own: tuple[Path, Path]) -> None:
    # Without the declared error, the round-6 order podium's own 2022 data gives is missing:
    # the data-dir's 2022.yaml was read, not podium's.
    rules, data = own
    (data / "known-f1db-errors.yaml").unlink()
    code, text = verify(rules, data)
    assert code == 1
    assert "2022 drivers r6: NOT EXPLAINED" in text
    assert "not explained: 1" in text


def test_ones_own_known_errors_come_before_podiums(own: tuple[Path, Path]) -> None:
    _, data = own
    assert known_errors_with(None) == load_known_errors()
    first, *rest = known_errors_with(data)
    assert (first.season, first.after_round, first.classification) == (2022, 6, "drivers")
    assert rest == load_known_errors()


def test_a_wrong_known_error_is_a_problem_at_its_line(own: tuple[Path, Path]) -> None:
    rules, data = own
    (data / "known-f1db-errors.yaml").write_text(
        KNOWN_ERRORS.replace("classification: drivers", "classification: driver").replace(
            '    reason: "Tsunoda', '    why: "Tsunoda'
        )
    )
    with pytest.raises(ValidationError) as caught:
        verify_f1db(f1db_root(), [2022], rules_dir=rules, data_dir=data)
    assert [str(p).removeprefix(f"{data}/") for p in caught.value.problems] == [
        "known-f1db-errors.yaml:3: errors[0]: reason required "
        "(with season, after_round, classification, competitors, reason)"
    ]
    (data / "known-f1db-errors.yaml").write_text(
        KNOWN_ERRORS.replace("classification: drivers", "classification: driver")
    )
    with pytest.raises(ValidationError) as caught:
        verify_f1db(f1db_root(), [2022], rules_dir=rules, data_dir=data)
    assert [str(p).removeprefix(f"{data}/") for p in caught.value.problems] == [
        "known-f1db-errors.yaml:5: errors[0].classification: 'driver': one of drivers, "
        "constructors"
    ]


def test_import_f1db_reads_the_data_dir_too(own: tuple[Path, Path], tmp_path: Path) -> None:
    from podium.storage import Database

    rules, data = own
    url = f"sqlite:///{tmp_path / 'f1.sqlite3'}"
    done = CliRunner().invoke(
        app,
        [
            "import", "f1db", str(f1db_root()), "--seasons", "2022",
            "--rules-dir", str(rules), "--data-dir", str(data), "--db", url,
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    with Database(url) as db:
        season = db.load_season("f1", 2022)
    assert [t.after_round for t in season.tie_orders] == [2]
