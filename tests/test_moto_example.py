"""The bundled moto-2026 season against standings worked out by hand.

Every expected number below comes from docs/examples/moto-2026-worked.md, which derives
them from the season's CSVs without running podium. The season is built to exercise: the
series' own words (rider, bike), a sprint at half points before each race and the tables
after it, a wildcard who scores riders' and constructors' points but none for his team, a
rebadged make counted for its parent with one bike per constructor scoring, and a title
tie that the countback leaves level and the most recent best result settles.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import podium
from podium import Season, StandingsTable, Status

EXAMPLE = podium.example_path("moto-2026")


@pytest.fixture(scope="module")
def season() -> Season:
    # Through the installed package: this is also what a user of the example gets.
    return podium.load_season(EXAMPLE)


def table_rows(table: StandingsTable) -> list[tuple[str, str, int, int]]:
    """(position text, id, points, wins) per row: the whole table in one comparable value."""
    out = []
    for row in table.rows:
        # Every score in this season is whole; a fraction would be a bug, not a rounding.
        assert row.points.denominator == 1, row
        out.append((row.position_text, row.competitor, int(row.points), row.wins))
    return out


def events(table: StandingsTable, competitor: str) -> dict[int, int]:
    """Round -> event points for one competitor."""
    row = table.row(competitor)
    assert row is not None, competitor
    return {r.round: int(r.points) for r in row.rounds}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def variant(tmp_path: Path, old: str, new: str) -> Season:
    """The example with one piece of its rules.yaml replaced."""
    folder = tmp_path / "moto-2026"
    shutil.copytree(EXAMPLE, folder)
    rules = folder / "rules.yaml"
    text = rules.read_text("utf-8")
    assert text.count(old) == 1, old
    rules.write_text(text.replace(old, new), "utf-8")
    return podium.load_season(folder)


# -- the data itself ----------------------------------------------------------------------


def test_the_season_is_the_one_described(season: Season) -> None:
    assert podium.examples().count("moto-2026") == 1
    assert season.series.id == "moto"
    assert season.year == 2026
    assert season.name == "Halcyon Motorcycle Series 2026"
    assert (season.terms.competitor, season.terms.vehicle) == ("rider", "bike")
    assert [r.number for r in season.held_rounds()] == [1, 2, 3]
    for rnd in season.rounds:
        assert [(s.id, s.kind.value) for s in rnd.sessions] == [
            ("sprint", "sprint"),
            ("race", "race"),
        ]
        field = 10 if rnd.number == 2 else 9
        assert all(len(s.results) == field for s in rnd.sessions)
    assert len(season.entries) == 10
    assert season.warnings == ()
    wildcards = [e for e in season.entries if "wildcard" in e.flags]
    assert [(e.car, e.drivers, e.team, e.rounds) for e in wildcards] == [
        ("51", ("santangelo",), "ardent-works", frozenset({2}))
    ]
    statuses = [r.status for rnd in season.rounds for s in rnd.sessions for r in s.results]
    assert statuses.count(Status.DNF) == 5
    assert statuses.count(Status.DNS) == 1


def test_validate_prints_ok_without_a_warning() -> None:
    done = run("validate", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip() == (
        "ok: Halcyon Motorcycle Series 2026 — 3 rounds (3 held), 10 entries, "
        "classifications: riders, constructors, teams"
    )


# -- riders, session by session -----------------------------------------------------------


def test_riders_after_round_1_sprint(season: Season) -> None:
    table = podium.standings(season, "riders", after_round=1, after_session="sprint")
    assert (table.after_round, table.after_session, table.rounds_total) == (1, "sprint", 3)
    # Vescovi crashed out: no points, not listed. A sprint win is not a win.
    assert table_rows(table) == [
        ("1", "hayashida", 12, 0),
        ("2", "irigoyen", 9, 0),
        ("3", "seabra", 7, 0),
        ("4", "wennberg", 6, 0),
        ("5", "castaldi", 5, 0),
        ("6", "pfeifhofer", 4, 0),
        ("7", "ducrocq", 3, 0),
        ("8", "rooke", 2, 0),
    ]


def test_riders_after_round_1(season: Season) -> None:
    table = podium.standings(season, "riders", after_round=1)
    assert table.after_session is None
    assert table_rows(table) == [
        ("1", "hayashida", 37, 1),
        ("2", "seabra", 27, 0),
        ("3", "irigoyen", 25, 0),
        ("4", "castaldi", 18, 0),
        ("5", "wennberg", 17, 0),
        ("6", "ducrocq", 13, 0),
        ("7", "rooke", 10, 0),
        ("8", "vescovi", 9, 0),
        ("9", "pfeifhofer", 4, 0),
    ]
    row = table.row("hayashida")
    assert row is not None
    assert {k: int(v) for k, v in row.rounds[0].sessions.items()} == {"sprint": 12, "race": 25}


def test_riders_after_round_2_sprint_the_wildcard_is_listed(season: Season) -> None:
    table = podium.standings(season, "riders", after_round=2, after_session="sprint")
    assert table_rows(table) == [
        ("1", "hayashida", 42, 1),
        ("2", "seabra", 36, 0),
        ("3", "irigoyen", 31, 0),
        ("4", "wennberg", 24, 0),
        ("5", "castaldi", 21, 0),
        ("6", "rooke", 14, 0),
        ("7", "ducrocq", 13, 0),
        ("8", "santangelo", 12, 0),
        ("9", "vescovi", 10, 0),
        ("10", "pfeifhofer", 6, 0),
    ]


def test_riders_after_round_2(season: Season) -> None:
    table = podium.standings(season, "riders", after_round=2)
    assert table_rows(table) == [
        ("1", "seabra", 61, 1),
        ("2", "hayashida", 58, 1),
        ("3", "irigoyen", 51, 0),
        ("4", "wennberg", 37, 0),
        ("5", "castaldi", 31, 0),
        ("6", "santangelo", 23, 0),
        ("7", "rooke", 22, 0),
        ("8", "vescovi", 17, 0),
        ("9", "pfeifhofer", 15, 0),
        ("10", "ducrocq", 13, 0),
    ]


def test_riders_after_round_3_sprint_the_lead_changes(season: Season) -> None:
    table = podium.standings(season, "riders", after_round=3, after_session="sprint")
    assert table_rows(table) == [
        ("1", "hayashida", 65, 1),
        ("2", "seabra", 61, 1),
        ("3", "irigoyen", 60, 0),
        ("4", "castaldi", 43, 0),
        ("5", "wennberg", 42, 0),
        ("6", "rooke", 26, 0),
        ("7", "santangelo", 23, 0),
        ("8", "vescovi", 20, 0),
        ("9", "ducrocq", 19, 0),
        ("10", "pfeifhofer", 17, 0),
    ]


def test_riders_final(season: Season) -> None:
    table = podium.standings(season, "riders")
    assert (table.after_round, table.rounds_total) == (3, 3)
    assert table.classification_name == "Riders' Championship"
    assert table_rows(table) == [
        ("1", "irigoyen", 85, 1),
        ("2", "hayashida", 85, 1),
        ("3", "seabra", 74, 1),
        ("4", "wennberg", 58, 0),
        ("5", "castaldi", 54, 0),
        ("6", "rooke", 36, 0),
        ("7", "ducrocq", 28, 0),
        ("8", "pfeifhofer", 25, 0),
        ("9", "santangelo", 23, 0),
        ("10", "vescovi", 20, 0),
    ]
    assert events(table, "irigoyen") == {1: 25, 2: 26, 3: 34}
    assert events(table, "hayashida") == {1: 37, 2: 21, 3: 27}
    assert events(table, "ducrocq") == {1: 13, 2: 0, 3: 15}
    assert events(table, "santangelo") == {2: 23}
    assert sum(int(r.points) for r in table.rows) == 488  # every point scored


# -- the title tie ------------------------------------------------------------------------


def test_title_tie_is_settled_by_the_most_recent_best_result(season: Season) -> None:
    table = podium.standings(season, "riders")
    first, second = table.rows[0], table.rows[1]
    assert first.points == second.points == 85
    assert (first.competitor, first.position_text) == ("irigoyen", "1")
    assert (second.competitor, second.position_text) == ("hayashida", "2")

    # The countback leaves them level: one race win, one 2nd, one 3rd each ...
    def race_places(bike: str) -> list[int | None]:
        places = []
        for rnd in (1, 2, 3):
            results = podium.session_results(season, rnd, "race").results
            places.append(next(r.position for r in results if r.car == bike))
        return places

    assert race_places("7") == [3, 2, 1]  # Irigoyen
    assert race_places("21") == [1, 3, 2]  # Hayashida
    # ... and Irigoyen's win (round 3) is more recent than Hayashida's (round 1).


def test_without_most_recent_best_the_two_share_the_title(tmp_path: Path) -> None:
    changed = variant(tmp_path, "    - {most_recent_best: all, session: race}\n", "")
    table = podium.standings(changed, "riders")
    # Shared places are listed in order of name: Ren Hayashida, then Tomás Irigoyen.
    assert [(r.position_text, r.competitor, int(r.points)) for r in table.rows[:3]] == [
        ("=1", "hayashida", 85),
        ("=1", "irigoyen", 85),
        ("3", "seabra", 74),
    ]


# -- constructors -------------------------------------------------------------------------


def test_constructors_final_velox_counts_as_ardent(season: Season) -> None:
    table = podium.standings(season, "constructors")
    assert table_rows(table) == [
        ("1", "ardent", 103, 2),
        ("2", "kaito", 87, 1),
        ("3", "sarvik", 36, 0),
        ("4", "brennar", 35, 0),
    ]
    assert table.row("velox") is None
    assert events(table, "ardent") == {1: 29, 2: 37, 3: 37}
    assert events(table, "kaito") == {1: 37, 2: 23, 3: 27}
    ardent = table.row("ardent")
    assert ardent is not None
    sessions = [{k: int(v) for k, v in r.sessions.items()} for r in ardent.rounds]
    assert sessions == [
        {"sprint": 9, "race": 20},  # Irigoyen; then Seabra's Velox, not Irigoyen's 16 too
        {"sprint": 12, "race": 25},  # the wildcard's sprint win; Seabra's Velox
        {"sprint": 12, "race": 25},  # Castaldi; Irigoyen
    ]


def test_constructors_without_count_as(tmp_path: Path) -> None:
    changed = variant(tmp_path, "    count_as: {velox: ardent}\n", "")
    assert table_rows(podium.standings(changed, "constructors")) == [
        ("1", "ardent", 94, 1),
        ("2", "kaito", 87, 1),
        ("3", "velox", 80, 1),
        ("4", "sarvik", 36, 0),
        ("5", "brennar", 35, 0),
    ]


# -- teams --------------------------------------------------------------------------------


def test_teams_final_without_the_wildcard(season: Season) -> None:
    table = podium.standings(season, "teams")
    assert table_rows(table) == [
        ("1", "kaito-factory", 143, 1),
        ("2", "ardent-works", 139, 1),
        ("3", "velox-sport", 102, 1),
        ("4", "team-brennar", 45, 0),
        ("5", "ostrow", 36, 0),
    ]
    assert events(table, "ardent-works") == {1: 43, 2: 39, 3: 57}
    # The wildcard's places are not passed down: Seabra, 2nd behind him in the round 2
    # sprint, scores 9 for Velox Sport; Castaldi, 6th behind him in the race, 10.
    velox = table.row("velox-sport")
    works = table.row("ardent-works")
    assert velox is not None and works is not None
    assert {k: int(v) for k, v in velox.rounds[1].sessions.items()} == {"sprint": 9, "race": 25}
    assert {k: int(v) for k, v in works.rounds[1].sessions.items()} == {"sprint": 9, "race": 30}


def test_teams_after_round_1_sprint_and_round_2(season: Season) -> None:
    after_sprint = podium.standings(season, "teams", after_round=1, after_session="sprint")
    assert [(r.competitor, int(r.points)) for r in after_sprint.rows] == [
        ("kaito-factory", 18),
        ("ardent-works", 14),
        ("velox-sport", 10),
        ("team-brennar", 4),
        ("ostrow", 2),
    ]
    assert table_rows(podium.standings(season, "teams", after_round=2)) == [
        ("1", "kaito-factory", 95, 1),
        ("2", "ardent-works", 82, 0),
        ("3", "velox-sport", 74, 1),
        ("4", "team-brennar", 32, 0),
        ("5", "ostrow", 22, 0),
    ]


def test_counting_the_wildcard_would_give_ardent_works_the_teams_title(tmp_path: Path) -> None:
    changed = variant(tmp_path, "    eligible: {flags_none: [wildcard]}\n", "")
    rows = table_rows(podium.standings(changed, "teams"))
    assert rows[:2] == [("1", "ardent-works", 162, 1), ("2", "kaito-factory", 143, 1)]


# -- the series' words --------------------------------------------------------------------


def test_cli_results_table_says_rider() -> None:
    done = run("results", str(EXAMPLE), "--round", "2", "--session", "sprint")
    assert done.returncode == 0, done.stderr
    assert "Rider" in done.stdout and "Driver" not in done.stdout
    assert "Ivo Santangelo" in done.stdout


def test_cli_standings_name_column_says_rider_for_riders_only() -> None:
    done = run("standings", str(EXAMPLE), "-c", "riders")
    assert done.returncode == 0, done.stderr
    assert "Rider" in done.stdout and "Tomás Irigoyen" in done.stdout
    done = run("standings", str(EXAMPLE), "-c", "teams")
    assert done.returncode == 0, done.stderr
    assert "Rider" not in done.stdout and "Name" in done.stdout
