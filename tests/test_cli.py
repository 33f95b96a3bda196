"""The `podium` command end to end: arguments, output formats, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEASON_YAML = """\
series: {id: mini, name: Mini Cup}
year: 2025
rules: rules.yaml
sessions:
  - {id: qualifying, kind: qualifying, name: Qualifying}
  - {id: race, kind: race, name: Race}
calendar:
  - {round: 1, name: Opener, start: 2025-05-01, status: held}
  - {round: 2, name: Second, start: 2025-06-01, status: held}
  - {round: 3, name: Finale, start: 2025-07-01}
"""
RULES_YAML = """\
scales:
  race: [10, 6, 4]
classifications:
  drivers:
    name: Mini Cup Drivers
    competitor: driver
    scoring:
      - {session: race, points: race}
    bonuses:
      - {name: pole, session: qualifying, holder: best_placed, points: 1}
  teams:
    name: Mini Cup Teams
    competitor: team
    scoring:
      - {session: race, points: race}
"""
FILES = {
    "drivers.csv": "id,name,nationality\nann,Ann Berg,SWE\nbob,Bob Roux,FRA\ncy,Cy Neri,ITA\n",
    "teams.csv": "id,name\nred,Red Racing\nblue,Blue Motorsport\n",
    "entries.csv": "car,drivers,team\n1,ann,red\n2,bob,red\n3,cy,blue\n",
    # Round 1: Cy on pole (1), Bob wins (10), Cy 2nd (6), Ann retires.
    "01/qualifying.csv": "position,car\n1,3\n2,1\n3,2\n",
    "01/race.csv": "position,car,status,laps\n1,2,,20\n2,3,,20\n,1,dnf,7\n",
    # Round 2: Ann on pole (1) and wins (10), Bob 2nd (6), Cy 3rd (4).
    "02/qualifying.csv": "position,car\n1,1\n2,2\n3,3\n",
    "02/race.csv": "position,car\n1,1\n2,2\n3,3\n",
}
# Hand-worked: Bob 10+6 = 16, Ann 0+1+10 = 11, Cy 1+6+4 = 11 (Ann ahead on countback: a win).
# Teams: Red 10 + (10+6) = 26, Blue 6 + 4 = 10.


@pytest.fixture()
def season_dir(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    root.mkdir()
    (root / "season.yaml").write_text(SEASON_YAML)
    (root / "rules.yaml").write_text(RULES_YAML)
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        check=False,
    )


def test_standings_json_has_the_documented_fields(season_dir: Path) -> None:
    done = run("standings", str(season_dir), "--classification", "drivers", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["series"] == "mini"
    assert data["season"] == 2025
    assert data["classification"] == "drivers"
    assert data["after_round"] == 2
    assert data["rounds_total"] == 3
    rows = [(r["position_text"], r["id"], r["points"], r["wins"]) for r in data["standings"]]
    assert rows == [("1", "bob", "16", 1), ("2", "ann", "11", 1), ("3", "cy", "11", 0)]
    assert data["standings"][0]["points_exact"] == "16"


def test_standings_after_an_earlier_round_and_csv(season_dir: Path) -> None:
    done = run("standings", str(season_dir), "-c", "teams", "--after", "1", "-f", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["position"], r["name"], r["points"]) for r in rows] == [
        ("1", "Red Racing", "10"),
        ("2", "Blue Motorsport", "6"),
    ]


def test_standings_table_names_every_classification(season_dir: Path) -> None:
    done = run("standings", str(season_dir))
    assert done.returncode == 0, done.stderr
    assert "Mini Cup Drivers" in done.stdout and "Mini Cup Teams" in done.stdout
    assert "Bob Roux" in done.stdout and "after 2 of 3" in done.stdout


def test_results_of_a_session(season_dir: Path) -> None:
    done = run("results", str(season_dir), "--round", "1", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["session"] == "race"
    assert [(r["position_text"], r["drivers"]) for r in data["results"]] == [
        ("1", "Bob Roux"),
        ("2", "Cy Neri"),
        ("R", "Ann Berg"),
    ]
    quali = run("results", str(season_dir), "-r", "2", "-s", "qualifying", "-f", "csv")
    assert quali.returncode == 0, quali.stderr
    assert quali.stdout.splitlines()[1].startswith("1,1,classified,1,Ann Berg,Red Racing")


def test_validate_reports_file_line_field_and_exits_1(season_dir: Path) -> None:
    (season_dir / "01" / "race.csv").write_text(
        "position,car,status\n1,2,\n1,3,\n,9,dnf\n,1,wat\n"
    )
    done = run("validate", str(season_dir))
    assert done.returncode == 1
    race = season_dir / "01" / "race.csv"
    lines = done.stderr.splitlines()
    assert f"{race}:3: position: duplicate position 1 (line 2)" in lines
    assert f"{race}:4: car: car 9 has no entry for round 1 (entries.csv)" in lines
    assert any(line.startswith(f"{race}:5: status: unknown status 'wat'") for line in lines)
    # a broken season is never half-loaded: standings refuse too
    assert run("standings", str(season_dir)).returncode == 1


def test_validate_ok(season_dir: Path) -> None:
    done = run("validate", str(season_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: Mini Cup 2025")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["standings", "{dir}", "--after", "3"], 3, "no standings after round 3"),
        (["standings", "{dir}", "-c", "juniors"], 3, "no classification 'juniors'"),
        (["results", "{dir}", "-r", "9"], 3, "has no round 9"),
        (["results", "{dir}", "-r", "1", "-s", "fp1"], 3, "no session 'fp1'"),
        (["standings", "{dir}", "-f", "xml"], 2, "unknown format 'xml'"),
        (["standings", "not a season"], 3, "neither a season folder nor series/year"),
    ],
)
def test_errors_have_clear_messages_and_exit_codes(
    season_dir: Path, args: list[str], code: int, message: str
) -> None:
    done = run(*(a.format(dir=season_dir) for a in args))
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_help_for_every_command() -> None:
    for command in ([], ["validate"], ["import", "season"], ["standings"], ["results"], ["demo"]):
        done = run(*command, "--help")
        assert done.returncode == 0, (command, done.stderr)
        assert "Usage" in done.stdout


def test_import_then_query_by_series_and_year(season_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    done = run("import", "season", str(season_dir), "--db", url)
    assert done.returncode == 0, done.stderr
    assert "imported mini/2025" in done.stdout
    data = json.loads(run("standings", "mini/2025", "--db", url, "-c", "drivers",
                          "-f", "json").stdout)
    assert [(r["id"], r["points"]) for r in data["standings"]] == [
        ("bob", "16"), ("ann", "11"), ("cy", "11"),
    ]
    # the environment variable works like --db
    env_run = run("results", "mini/2025", "-r", "2", "-f", "json",
                  env={"PODIUM_DATABASE_URL": url})
    assert env_run.returncode == 0, env_run.stderr
    assert json.loads(env_run.stdout)["results"][0]["drivers"] == "Ann Berg"
    missing = run("standings", "mini/1999", "--db", url)
    assert missing.returncode == 3 and "not found" in missing.stderr


def test_failed_import_leaves_the_database_as_it_was(season_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run("import", "season", str(season_dir), "--db", url).returncode == 0
    (season_dir / "02" / "race.csv").write_text("position,car\n1,1\n1,2\n")
    done = run("import", "season", str(season_dir), "--db", url)
    assert done.returncode == 1
    assert "duplicate position 1" in done.stderr
    data = json.loads(run("standings", "mini/2025", "--db", url, "-c", "drivers",
                          "-f", "json").stdout)
    assert data["standings"][0]["points"] == "16"


def test_demo_imports_the_bundled_examples_and_prints_standings(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "podium", "demo", "--out", str(tmp_path / "demo")],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "demo" / "podium.sqlite3").is_file()
    assert "Pos" in done.stdout and "Pts" in done.stdout
