"""Values that look like data but that the engine could not read: each refused at the edge.

A value that passes `podium validate` must never make standings, storage or the web pages
raise later. Each test breaks one value of a small valid season (written as raw text, so
that line numbers are known) and checks the exact `file:line: field: message`; the CLI
tests check that `podium validate` exits 1 with the problem and no traceback. The F1DB
tests break a copy of one real race.
"""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import podium
from podium.errors import Problem
from podium.formats.f1db import load_f1db_season
from podium.formats.f1db import season as f1db_season
from podium.model import values
from podium.rules import parse_rules
from podium.rules.loader import parse_rounds
from seasonkit import write_season
from webkit import copy_subset

SEASON = """\
series: {id: test, name: Test Cup}
year: 2025
rules: rules.yaml
sessions:
  - {id: race, kind: race}
calendar:
  - {round: 1, name: One, start: 2025-04-01, status: held}
"""
RULES = """\
scales:
  race: [10, 6, 4]
classifications:
  drivers:
    competitor: driver
    scoring:
      - {session: race, points: race}
    bonuses:
      - {name: fastest lap, session: race, points: 1}
"""
DRIVERS = "id,name\na,Ann\nb,Bob\nc,Cy\n"
ENTRIES = "car,drivers\n1,a\n2,b\n3,c\n"
HEADER = "position,car,laps,time,gap,grid,fastest_lap\n"
RACE = HEADER + "1,1,20,30:01.234,,2,1:23.456\n2,2,20,,+1.880,1,1:23.500\n3,3,19,,+1 lap,3,\n"


def write(folder: Path, **changes: Any) -> Path:
    return write_season(
        folder,
        season=changes.pop("season", SEASON),
        rules=changes.pop("rules", RULES),
        drivers=changes.pop("drivers", DRIVERS),
        entries=changes.pop("entries", ENTRIES),
        results=changes.pop("results", {1: {"race": RACE}}),
        **changes,
    )


def problems(folder: Path, **changes: Any) -> list[str]:
    """Each problem as `file:line: field: message`, the file relative to the folder."""
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(write(folder, **changes))
    return [str(p).removeprefix(f"{folder}/") for p in caught.value.problems]


def race(*rows: str, header: str = HEADER) -> dict[int, dict[str, str]]:
    return {1: {"race": header + "".join(f"{r}\n" for r in rows)}}


def validate(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", "validate", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def test_the_base_season_is_valid_and_scores(tmp_path: Path) -> None:
    season = podium.load_season(write(tmp_path))
    table = podium.standings(season, "drivers")
    assert [(r.competitor, r.points) for r in table.rows] == [("a", 11), ("b", 6), ("c", 4)]


# -- times and gaps: the accepted forms -----------------------------------------------------


def test_every_documented_time_and_gap_form_loads_and_scores(tmp_path: Path) -> None:
    rows = race(
        "1,1,20,1:02:03.4,,2,83.456",
        "2,2,20,+1.880,+1:02.345,1,1:23.4",
        "3,3,18,+2 laps,+2 laps,3,1:23",
    )
    season = podium.load_season(write(tmp_path, results=rows))
    results = season.round(1).session("race").results  # type: ignore[union-attr]
    assert [(r.time, r.gap, r.fastest_lap) for r in results] == [
        ("1:02:03.4", None, "83.456"),
        ("+1.880", "+1:02.345", "1:23.4"),
        ("+2 laps", "+2 laps", "1:23"),
    ]
    # 1:23 (83 s) is the fastest lap, ahead of 83.456 and 1:23.4
    table = podium.standings(season, "drivers")
    assert {r.competitor: r.points for r in table.rows} == {"a": 10, "b": 6, "c": 5}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1:23.456", Fraction(83456, 1000)),
        ("83.456", Fraction(83456, 1000)),
        ("1:02:03.4", Fraction(37234, 10)),
        ("2:00:0.189", Fraction(7200189, 1000)),  # F1DB writes one digit of seconds too
        ("75:12", Fraction(4512)),
    ],
)
def test_clock_forms(text: str, seconds: Fraction) -> None:
    assert values.clock_seconds(text) == seconds


@pytest.mark.parametrize("text", ["1:2x.3", "-1", "nan", "inf", "1:60.0", "1e3", "١:23.4", "1:"])
def test_what_is_no_lap_time(text: str) -> None:
    assert values.clock_seconds(text) is None


@pytest.mark.parametrize(
    "text", ["+1.880", "+1.5s", "+1:02.345", "-0.100", "3.533", "+1 lap", "+2 laps", "1 lap", "+0"]
)
def test_gap_forms(text: str) -> None:
    assert values.gap(f" {text} ") == text


@pytest.mark.parametrize("text", ["+", "s", "+1 lapz", "+-1.0", "1 laps 2", "+nan", "++1.0"])
def test_what_is_no_gap(text: str) -> None:
    with pytest.raises(values.BadValue, match="is not a gap"):
        values.gap(text)


def test_a_lap_time_has_no_unit() -> None:
    """The fastest-lap bonus compares lap times as clock times: `83.4s` is refused there."""
    with pytest.raises(values.BadValue, match="is not a lap time"):
        values.lap_time("83.4s")
    assert values.race_time("83.4s") == "83.4s"


# -- result rows ----------------------------------------------------------------------------


@pytest.mark.parametrize("lap", ["1:2x.3", "-1", "nan", "1:60.000", "+1.2"])
def test_fastest_lap_not_a_lap_time(tmp_path: Path, lap: str) -> None:
    found = problems(tmp_path, results=race("1,1,20,,,2,1:23.456", f"2,2,20,,,1,{lap}", "3,3"))
    assert found == [f"01/race.csv:3: fastest_lap: {lap!r} is not a lap time (m:ss.fff or s.fff)"]


def test_negative_fastest_lap_takes_no_point(tmp_path: Path) -> None:
    """`-1` was read as the fastest lap of all; now the season does not load at all."""
    found = problems(tmp_path, results=race("1,1,20,,,2,1:23.456", "2,2,20,,,1,-1"))
    assert len(found) == 1 and found[0].startswith("01/race.csv:3: fastest_lap:")


def test_bad_time_and_gap(tmp_path: Path) -> None:
    found = problems(tmp_path, results=race("1,1,20,30:0x.1,,2,", "2,2,20,,+a lap,1,"))
    assert found == [
        "01/race.csv:2: time: '30:0x.1' is not a time (h:mm:ss.fff, m:ss.fff or s.fff; "
        "or a gap: +s.fff, +m:ss.fff, +1 lap or +N laps)",
        "01/race.csv:3: gap: '+a lap' is not a gap (+s.fff, +m:ss.fff, +1 lap or +N laps)",
    ]


def test_lap_counts_that_would_overflow_storage(tmp_path: Path) -> None:
    huge = "9" * 20  # past SQLite's 2**63
    found = problems(tmp_path, results=race(f"1,1,{huge},,,2,", "2,2,20,,,-1,", "3,3,20,,,10001,"))
    assert found == [
        f"01/race.csv:2: laps: '{huge}' is out of range: a whole number from 0 to 10000",
        "01/race.csv:3: grid: '-1' is out of range: a whole number from 0 to 10000",
        "01/race.csv:4: grid: '10001' is out of range: a whole number from 0 to 10000",
    ]


def test_an_integer_of_5000_digits_is_refused_before_int(tmp_path: Path) -> None:
    """int() of more than 4,300 digits raises ValueError; the message stays short too."""
    found = problems(tmp_path, results=race("1,1,20,,,2,", f"{'9' * 5000},2,20,,,1,", "3,3"))
    assert found == [
        f"01/race.csv:3: position: {values.shown('9' * 5000)} "
        "is out of range: a whole number from 0 to 10000"
    ]


def test_odd_digits_are_no_whole_numbers(tmp_path: Path) -> None:
    # int() reads all three: Arabic-Indic digits, underscores, spaces inside
    found = problems(tmp_path, results=race("١,1", "2,2,1_0", "3,3,,,,,,"))
    assert found[:2] == [
        "01/race.csv:2: position: '١' is not a whole number",
        "01/race.csv:3: laps: '1_0' is not a whole number",
    ]


def test_fastest_lap_rank_starts_at_1(tmp_path: Path) -> None:
    rows = race("1,1,0", "2,2,1", "3,3,", header="position,car,fastest_lap_rank\n")
    found = problems(tmp_path, results=rows)
    assert found == [
        "01/race.csv:2: fastest_lap_rank: '0' is out of range: a whole number from 1 to 10000"
    ]


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ("1e999999;1", "numbers separated by ';'"),
        ("nan;1", "numbers separated by ';'"),
        ("1/0;1", "'1/0' divides by zero (1, 0.5 or 2/3)"),
        ("5000;1", "'5000' is out of range: a share is a number from 0 to 1000"),
        ("-1;2", "'-1' is out of range: a share is a number from 0 to 1000"),
        (f"{'1' * 13};1", "'1111111111111' has too many digits (1, 0.5 or 2/3, 12 at most)"),
    ],
)
def test_bad_shares(tmp_path: Path, shares: str, message: str) -> None:
    entries = "car,drivers\n1,a;b\n2,c\n"
    rows = race(f"1,1,{shares}", "2,2,", header="position,car,shares\n")
    found = problems(tmp_path, entries=entries, results=rows)
    assert found == [f"01/race.csv:2: shares: {message}"]


def test_entry_rounds_are_bounded_before_they_are_expanded(tmp_path: Path) -> None:
    entries = "car,drivers,rounds\n1,a,1-99999999999\n2,b,\n3,c,x\n"
    found = problems(tmp_path, entries=entries)
    assert found == [
        "entries.csv:2: rounds: not a round list: '1-99999999999': a round number is from 1 to "
        "10000",
        "entries.csv:4: rounds: not a round list: 'x' is not a round number or a range such as 1-6",
    ]


# -- season.yaml ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("'1/0'", "'1/0' divides by zero (25, 0.5 or 1/2)"),
        (
            "'12345678901234567'",
            "'12345678901234567' has too many digits (25, 0.5 or 1/2, 12 at most)",
        ),
        ("10000000", "10000000 is greater than the maximum of 1000000"),
    ],
)
def test_decision_points(tmp_path: Path, points: str, message: str) -> None:
    season = (
        SEASON + f"decisions:\n  - {{kind: deduction, round: 1, competitor: a, points: {points}}}\n"
    )
    found = problems(tmp_path, season=season)
    assert len(found) == 1
    assert found[0].startswith("season.yaml:9: decisions[0].points: ")
    assert found[0].endswith(message)


def test_session_laps_and_round_numbers_are_bounded(tmp_path: Path) -> None:
    season = (
        SEASON.replace(
            "{id: race, kind: race}", "{id: race, kind: race, scheduled_laps: 100000000000000000}"
        )
        + "  - {round: 99999, name: Two}\n"
    )
    found = problems(tmp_path, season=season)
    assert found == [
        "season.yaml:5: sessions[0].scheduled_laps: 100000000000000000 is greater than the "
        "maximum of 10000",
        "season.yaml:8: calendar[1].round: 99999 is greater than the maximum of 10000",
    ]


# -- rules ----------------------------------------------------------------------------------


def test_points_that_divide_by_zero(tmp_path: Path) -> None:
    bad = RULES.replace("race: [10, 6, 4]", "race: [10, '1/0', 4]")
    assert problems(tmp_path, rules=bad) == [
        "rules.yaml:2: scales.race[1]: '1/0' divides by zero (25, 0.5 or 1/2)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [("race: [10, 6, 4]", "race: [10, .nan, 4]", 2), ("points: 1}", "points: .inf}", 9)],
)
def test_nan_and_infinity_in_rules_are_problems_at_their_line(
    tmp_path: Path, old: str, new: str, line: int
) -> None:
    found = problems(tmp_path, rules=RULES.replace(old, new))
    assert len(found) == 1 and found[0].startswith(f"rules.yaml:{line}: ")


def test_nan_in_rules_not_from_yaml() -> None:
    """Rules from elsewhere (inline, stored JSON) are checked by the builder itself."""
    document = {
        "scales": {"race": [10, float("nan")]},
        "classifications": {
            "drivers": {
                "competitor": "driver",
                "scoring": [{"session": "race", "points": "race"}],
                "bonuses": [{"name": "fl", "session": "race", "points": float("inf")}],
            }
        },
    }
    with pytest.raises(podium.ValidationError) as caught:
        parse_rules(document, "rules")
    assert [f"{p.field}: {p.message}" for p in caught.value.problems] == [
        "classifications.drivers.bonuses[0].points: inf is greater than the maximum of 1000000",
    ]
    del document["classifications"]["drivers"]["bonuses"]  # type: ignore[attr-defined]
    with pytest.raises(podium.ValidationError) as caught:
        parse_rules(document, "rules")
    assert [f"{p.field}: {p.message}" for p in caught.value.problems] == [
        "scales.race[1]: nan is not a number (25, 0.5 or 1/2)",
    ]


def test_an_integer_of_5000_digits_in_rules(tmp_path: Path) -> None:
    bad = RULES.replace("race: [10, 6, 4]", f"race: [10, {'9' * 5000}, 4]")
    found = problems(tmp_path, rules=bad)
    assert len(found) == 1 and found[0].startswith("rules.yaml:2: ")
    assert len(found[0]) < 200


def test_a_number_of_thousands_of_digits_as_text_in_rules(tmp_path: Path) -> None:
    bad = RULES.replace("race: [10, 6, 4]", f"race: [10, '{'9' * 4000}/7', 4]")
    assert problems(tmp_path, rules=bad) == [
        f"rules.yaml:2: scales.race[1]: {values.shown('9' * 4000 + '/7')} has "
        "too many digits (25, 0.5 or 1/2, 12 at most)"
    ]


def test_factors_fractions_of_distance_and_min_distance(tmp_path: Path) -> None:
    bad = RULES.replace(
        "    bonuses:\n",
        "    shortened: {below: 3/2, factor: 1000}\n"
        "    overrides:\n"
        "      - {rounds: 1, factor: -2}\n"
        "    bonuses:\n",
    ).replace("points: 1}", "points: 1, min_distance: '1/0'}")
    assert problems(tmp_path, rules=bad) == [
        "rules.yaml:8: classifications.drivers.shortened.below: '3/2' is out of range: "
        "a number from 0 to 1",
        "rules.yaml:8: classifications.drivers.shortened.factor: 1000 is out of range: "
        "a number from 0 to 100",
        "rules.yaml:10: classifications.drivers.overrides[0].factor: -2 is out of range: "
        "a number from 0 to 100",
        "rules.yaml:12: classifications.drivers.bonuses[0].min_distance: '1/0' divides by zero "
        "(25, 0.5 or 1/2)",
    ]


def test_round_ranges_in_rules(tmp_path: Path) -> None:
    bad = RULES.replace(
        "    bonuses:\n",
        "    overrides:\n      - {rounds: '1-99999999999', factor: 2}\n    bonuses:\n",
    )
    assert problems(tmp_path, rules=bad) == [
        "rules.yaml:9: classifications.drivers.overrides[0].rounds: '1-99999999999': "
        "a round number is from 1 to 10000"
    ]


def test_parse_rounds_refuses_what_it_cannot_expand() -> None:
    assert parse_rounds("1-3,5") == {1, 2, 3, 5}
    for bad in ("1-99999999999", "9" * 5000, ",".join(["1"] * 501), True):
        with pytest.raises(ValueError):
            parse_rounds(bad)


# -- files that are folders -----------------------------------------------------------------


@pytest.mark.parametrize("where", ["drivers.csv", "01/race.csv"])
def test_a_folder_where_a_csv_should_be(tmp_path: Path, where: str) -> None:
    folder = write(tmp_path)
    (folder / where).unlink()
    (folder / where).mkdir()
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(folder)
    found: list[Problem] = caught.value.problems
    assert [p.file.removeprefix(f"{folder}/") for p in found] == [where]
    assert "folder" in found[0].message


# -- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "shown"),
    [
        (race("1,1,20,,,2,1:2x.3"), "01/race.csv:2: fastest_lap: '1:2x.3' is not a lap time"),
        (race(f"1,1,{'9' * 5000},,,2,"), "01/race.csv:2: laps: '999999999999999999999999999..."),
    ],
)
def test_validate_exits_1_without_a_traceback(
    tmp_path: Path, results: dict[int, dict[str, str]], shown: str
) -> None:
    done = validate(write(tmp_path, results=results, entries="car,drivers\n1,a\n"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{tmp_path}/{shown}" in done.stderr


def test_validate_of_rules_dividing_by_zero(tmp_path: Path) -> None:
    done = validate(write(tmp_path, rules=RULES.replace("[10, 6, 4]", "[10, '1/0', 4]")))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{tmp_path}/rules.yaml:2: scales.race[1]: '1/0' divides by zero" in done.stderr


# -- what passes validation is what storage can hold ----------------------------------------


def test_the_largest_accepted_values_are_stored_and_read_back(tmp_path: Path) -> None:
    from podium.storage import Database

    rows = race("1,1,10000,999:59:59.999999,,10000,59:59.999", "2,2,10000,,+9999 laps,0,")
    season = podium.load_season(write(tmp_path / "season", results=rows))
    with Database(f"sqlite:///{tmp_path / 'db.sqlite'}") as db:
        db.import_season(season)
        back = db.load_season("test", 2025)
    assert back.round(1).session("race") == season.round(1).session("race")
    assert podium.standings(back, "drivers").rows[0].competitor == "a"


# -- F1DB -----------------------------------------------------------------------------------

F1DB = Path(
    os.environ.get("PODIUM_TEST_F1DB", Path(__file__).resolve().parents[2] / "shared/f1db/data")
)
RACE_2021 = "01-bahrain"


@pytest.fixture()
def f1db_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 2021 Bahrain race folder of F1DB, copied, without podium's bundled season data."""
    if not (F1DB / "seasons").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no F1DB at {F1DB}")
        pytest.skip(f"no F1DB at {F1DB}")
    data = copy_subset(F1DB, tmp_path, {2021: [RACE_2021]})
    empty = tmp_path / "no-season-data"
    empty.mkdir()
    monkeypatch.setattr(f1db_season, "bundled_overlay_dir", lambda: empty)
    return data


def race_file(data: Path, name: str) -> Path:
    return data / "seasons" / "2021" / "races" / RACE_2021 / name


def f1db_problems(data: Path) -> list[str]:
    with pytest.raises(podium.ValidationError) as caught:
        load_f1db_season(data, 2021)
    return [str(p).removeprefix(f"{race_file(data, '')}/") for p in caught.value.problems]


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return its line number."""
    text = path.read_text()
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :])
    return text.count("\n", 0, at) + 1


def test_the_f1db_copy_loads(f1db_copy: Path) -> None:
    season = load_f1db_season(f1db_copy, 2021)
    assert season.round(1).session("race") is not None


def test_f1db_an_impossible_date(f1db_copy: Path) -> None:
    line = replace_once(race_file(f1db_copy, "race.yml"), "date: 2021-03-28", "date: 2021-02-30")
    assert f1db_problems(f1db_copy) == [
        f"race.yml:{line}: date: '2021-02-30' is not a date (YYYY-MM-DD)"
    ]


def test_f1db_driver_number_of_a_wrong_type(f1db_copy: Path) -> None:
    path = race_file(f1db_copy, "fastest-laps.yml")
    line = replace_once(path, "driverNumber: 44", "driverNumber: []")
    grid = race_file(f1db_copy, "starting-grid-positions.yml")
    grid_line = replace_once(grid, "driverNumber: 44", "driverNumber: {a: 1}")
    assert f1db_problems(f1db_copy) == [
        f"fastest-laps.yml:{line}: driverNumber: [] is not a car number",
        f"starting-grid-positions.yml:{grid_line}: driverNumber: {{'a': 1}} is not a car number",
    ]


def test_f1db_huge_integers(f1db_copy: Path) -> None:
    results = race_file(f1db_copy, "race-results.yml")
    laps = replace_once(results, "laps: 56", f"laps: {'9' * 5000}")
    grid = replace_once(results, "gridPosition: 2", f"gridPosition: {'9' * 20}")
    race_yml = race_file(f1db_copy, "race.yml")
    round_line = replace_once(race_yml, "laps: 56", "laps: 100000")
    found = f1db_problems(f1db_copy)
    assert found == [
        f"race-results.yml:{laps}: laps: {values.shown('9' * 5000)} "
        "is out of range: a whole number from 0 to 10000 (laps)",
        f"race-results.yml:{grid}: gridPosition: 99999999999999999999: a number from 0 to "
        "10000 or PL",
        f"race.yml:{round_line}: laps: 100000 is out of range: a whole number from 0 to 10000",
    ]


def test_f1db_bad_times(f1db_copy: Path) -> None:
    results = race_file(f1db_copy, "race-results.yml")
    time = replace_once(results, 'time: "1:32:03.897"', 'time: "1:32:0x.897"')
    gap = replace_once(results, 'gap: "+0.745"', "gap: [1]")
    laps = race_file(f1db_copy, "fastest-laps.yml")
    lap = replace_once(laps, 'time: "1:32.090"', 'time: "nan"')
    found = f1db_problems(f1db_copy)
    assert found == [
        f"fastest-laps.yml:{lap}: time: 'nan' is not a lap time (m:ss.fff or s.fff)",
        f"race-results.yml:{time}: time: '1:32:0x.897' is not a time (h:mm:ss.fff, m:ss.fff or "
        "s.fff; or a gap: +s.fff, +m:ss.fff, +1 lap or +N laps)",
        f"race-results.yml:{gap}: gap: [1] is not a time",
    ]


def test_f1db_a_folder_where_a_file_should_be(f1db_copy: Path) -> None:
    path = race_file(f1db_copy, "qualifying-results.yml")
    path.unlink()
    path.mkdir()
    found = f1db_problems(f1db_copy)
    assert len(found) == 1 and found[0].startswith("qualifying-results.yml: -: ")
    assert "folder" in found[0]


def test_f1db_entrants_of_the_wrong_shape(f1db_copy: Path) -> None:
    path = f1db_copy / "seasons" / "2021" / "entrants.yml"
    text = path.read_text()
    path.write_text(text.replace("  drivers:\n", "  drivers:\n    - just-a-name\n", 1))
    with pytest.raises(podium.ValidationError) as caught:
        load_f1db_season(f1db_copy, 2021)
    assert any(
        "a driver is a mapping, not 'just-a-name'" in p.message for p in caught.value.problems
    )
