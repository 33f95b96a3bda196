"""All of Formula 1, 1950-2024, recomputed from the classifications and checked against F1DB.

The full verification (every drivers' and constructors' table after every race and at
season end) runs here, then one focused test per special case of the scoring history, each
asserting the numbers F1DB publishes. F1DB (https://github.com/f1db/f1db, CC BY 4.0) is read
from `$PODIUM_TEST_F1DB`, default `../shared/f1db` beside the project; missing, these tests
fail under CI=true, else skip.
"""

from __future__ import annotations

import json
import os
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

import podium
from podium.cli.app import app
from podium.formats.f1db import load_f1db_season
from podium.model.season import Season
from podium.standings import StandingsTable
from podium.standings.scoring import score_round
from podium.verify import KnownError, VerifyReport, load_known_errors, verify_f1db
from seasonkit import load, order, points

F1DB_VARIABLE = "PODIUM_TEST_F1DB"
DEFAULT_F1DB = Path(__file__).parents[1].parent / "shared" / "f1db"
YEARS = range(1950, 2025)


def f1db_root() -> Path:
    path = Path(os.environ.get(F1DB_VARIABLE, DEFAULT_F1DB))
    if not ((path / "seasons").is_dir() or (path / "data" / "seasons").is_dir()):
        message = f"no F1DB at {path} (set ${F1DB_VARIABLE} to F1DB's folder or its data/)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def report() -> VerifyReport:
    return verify_f1db(f1db_root(), YEARS)


@cache
def _season(year: int) -> Season:
    return load_f1db_season(f1db_root(), year)


def season(year: int) -> Season:
    f1db_root()  # skip (or fail under CI) before the cache sees the call
    return _season(year)


def table(year: int, classification: str, after: int | None = None) -> StandingsTable:
    return podium.standings(season(year), classification, after_round=after)


def row(year: int, classification: str, who: str, after: int | None = None) -> tuple[str, str]:
    """(position text, points as shown) of one competitor; ("-", "-") if not listed."""
    found = table(year, classification, after).row(who)
    return ("-", "-") if found is None else (found.position_text, found.points_text)


def race_points(year: int, round_number: int, classification: str = "drivers") -> dict[str, str]:
    """What each competitor scored in one round (every session), as shown (2 decimals)."""
    data = season(year)
    rules = data.rules.classification(classification)
    got: dict[str, Fraction] = {}
    for award in score_round(data, rules, data.round(round_number)):
        if award.counted:
            got[award.competitor] = got.get(award.competitor, Fraction(0)) + award.points
    return {k: podium.format_points(v) for k, v in got.items()}


# -- the whole record --------------------------------------------------------------------------


def test_every_table_1950_2024_matches_f1db_but_its_own_errors(report: VerifyReport) -> None:
    figures = report.as_dict()
    assert figures["drivers"] == {"tables": 1125, "exact": 1118, "points_exact": 1123}
    assert figures["constructors"] == {"tables": 1061, "exact": 1057, "points_exact": 1060}
    season_end = figures["season_end"]
    assert (season_end["tables"], season_end["exact"]) == (142, 142)
    assert season_end["drivers"]["exact"] == 75 and season_end["constructors"]["exact"] == 67
    # Every table that differs is one of F1DB's 11 self-contradictions, confined to its rows.
    assert report.ok, [c.as_dict() for c in report.unexplained]
    assert figures["known_f1db_errors"] == 11
    known = {(c.season, c.classification, c.at) for c in report.known_errors}
    assert known == {
        (1954, "drivers", "r5"),
        (1956, "drivers", "r6"),
        (1959, "drivers", "r5"),
        (1964, "drivers", "r9"),
        (1974, "constructors", "r13"),
        (1977, "constructors", "r12"),
        (1978, "constructors", "r3"),
        (1979, "drivers", "r13"),
        (1982, "drivers", "r10"),
        (1982, "drivers", "r11"),
        (2007, "constructors", "r6"),
    }


def test_points_per_driver_and_race_are_f1dbs(report: VerifyReport) -> None:
    """The separate check: every driver's points in every race and sprint, as F1DB's `points`."""
    assert report.points.sessions == 1143  # 1125 grands prix and 18 sprints
    assert report.points.diffs == []
    assert report.points.exact == report.points.rows > 27000


def test_a_known_error_is_reported_with_its_rows_not_reproduced(report: VerifyReport) -> None:
    (check,) = [c for c in report.known_errors if (c.season, c.at) == (1979, "r13")]
    assert check.known_error is not None and "67" in check.known_error.reason
    (diff,) = check.diffs
    assert (diff.competitor, diff.expected_position, diff.actual_position) == (
        "carlos-reutemann",
        "67",
        "7",
    )
    assert diff.expected_points == diff.actual_points == "20"


def test_known_errors_are_podium_data_with_reasons() -> None:
    errors = load_known_errors()
    assert len(errors) == 11
    assert all(e.reason for e in errors)
    (mclaren,) = [e for e in errors if e.season == 2007]
    assert mclaren.competitors is None and mclaren.classification == "constructors"


def test_an_unknown_mismatch_fails_the_verification() -> None:
    """Without the known errors, 1954 fails: F1DB leaves Behra's 1/7 point out after round 5."""
    got = verify_f1db(f1db_root(), [1954], known_errors=[])
    assert not got.ok
    (check,) = got.unexplained
    assert (check.season, check.classification, check.at) == (1954, "drivers", "r5")
    assert [(d.competitor, d.expected_position, d.actual_points) for d in check.diffs] == [
        ("jean-behra", None, "0.14")
    ]
    assert got.tally("drivers", final=False).exact == 8  # of 9
    error = KnownError(1954, 5, "drivers", frozenset({"jean-behra"}), "row missing")
    assert verify_f1db(f1db_root(), [1954], known_errors=[error]).ok


# -- the CLI ------------------------------------------------------------------------------------


def test_cli_verify_json_and_exit_code() -> None:
    runner = CliRunner()
    done = runner.invoke(
        app, ["verify", "f1db", str(f1db_root()), "--seasons", "1977-1978", "--json"]
    )
    assert done.exit_code == 0, done.output
    figures = json.loads(done.stdout)
    assert figures["drivers"] == {"tables": 33, "exact": 33, "points_exact": 33}
    assert figures["constructors"] == {"tables": 33, "exact": 31, "points_exact": 32}
    assert figures["season_end"]["tables"] == figures["season_end"]["exact"] == 4
    assert figures["known_f1db_errors"] == 2
    rows = {(m["season"], m["after_round"]): m["rows"] for m in figures["mismatches"]}
    assert rows[(1978, 3)] == [
        {
            "id": "tyrrell-ford",
            "f1db": {"position": "3", "points": "12"},
            "podium": {"position": "3", "points": "11"},
        }
    ]


def test_cli_verify_text_and_a_failing_rules_dir(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["verify", "f1db", str(f1db_root()), "--seasons", "2014"])
    assert done.exit_code == 0, done.output
    assert "2014" in done.stdout and "19/19" in done.stdout
    assert "F1DB (CC BY 4.0)" in done.stdout
    # --rules-dir is read first: 2014 without its double-points override no longer verifies.
    (tmp_path / "2014.yaml").write_text(
        "extends: podium:f1/2010\ndescription: 2014 without double points\n"
    )
    done = runner.invoke(
        app, ["verify", "f1db", str(f1db_root()), "--seasons", "2014", "--rules-dir", str(tmp_path)]
    )
    assert done.exit_code == 1
    assert "2014 drivers r19: NOT EXPLAINED" in done.stdout
    assert "lewis-hamilton" in done.stdout


# -- special cases, each against F1DB's numbers -------------------------------------------------


def test_1950_indianapolis_stopped_at_138_of_200_laps_keeps_full_points() -> None:
    got = race_points(1950, 3)
    assert got["johnnie-parsons"] == "9"  # winner (8, not half) and the fastest lap (1)
    assert got["bill-holland"] == "6"


def test_1953_r5_fastest_lap_tie_goes_to_fangio_alone() -> None:
    got = race_points(1953, 5)
    assert (got["juan-manuel-fangio"], got["alberto-ascari"]) == ("7", "3")  # 6 + 1, 3 + 0
    assert row(1953, "drivers", "juan-manuel-fangio", 5) == ("7", "7")
    assert row(1953, "drivers", "alberto-ascari", 5) == ("1", "28")


def test_1954_r5_fastest_lap_shared_seven_ways_is_exact() -> None:
    behra = table(1954, "drivers", 6).row("jean-behra")
    assert behra is not None and behra.points == Fraction(1, 7) and behra.points_text == "0.14"


def test_1955_r1_drivers_in_two_scoring_cars_sum_both() -> None:
    got = race_points(1955, 1)
    assert got["nino-farina"] == got["maurice-trintignant"] == "3.33"  # 2 + 4/3
    assert got["jose-froilan-gonzalez"] == "2"
    assert row(1955, "drivers", "nino-farina", 1) == ("2", "3.33")


def test_1956_r2_a_driver_in_two_cars_keeps_only_his_best() -> None:
    got = race_points(1956, 2)
    # Fangio: half of 2nd (3) + fastest lap (1); his half of 4th is lost, Castellotti keeps his.
    assert (got["juan-manuel-fangio"], got["eugenio-castellotti"]) == ("4", "1.5")
    assert got["peter-collins"] == "3"
    assert row(1956, "drivers", "juan-manuel-fangio", 2) == ("2", "9")


def test_1957_r5_car_16_shares_all_to_trintignant() -> None:
    got = race_points(1957, 5)
    assert got["maurice-trintignant"] == "3"
    assert got.get("peter-collins", "0") == "0"
    assert row(1957, "drivers", "maurice-trintignant", 5) == ("9", "5")
    assert row(1957, "drivers", "peter-collins", 5) == ("11", "4")


def test_1958_shared_drives_and_f2_cars_score_nothing_and_nothing_is_passed_down() -> None:
    assert race_points(1958, 10).get("masten-gregory", "0") == "0"  # shared with Shelby
    got = race_points(1958, 8)
    assert got.get("bruce-mclaren", "0") == "0"  # 5th on the road, F2
    assert got["wolfgang-von-trips"] == "3"  # 4th: 4th place's points
    assert "2" not in got.values()  # 5th place's 2 points went to nobody
    assert table(1958, "drivers", 8).row("bruce-mclaren") is None


def test_1967_and_1969_r7_f2_places_pass_to_the_f1_cars_behind() -> None:
    got = race_points(1967, 7)
    assert (got["jo-bonnier"], got["guy-ligier"]) == ("2", "1")  # 6th and 8th on the road
    assert row(1967, "drivers", "jo-bonnier", 7) == ("15", "2")
    assert row(1967, "drivers", "guy-ligier", 7) == ("19", "1")
    got = race_points(1969, 7)
    assert (got["jo-siffert"], got["jean-pierre-beltoise"]) == ("2", "1")  # 11th and 12th
    assert got.get("henri-pescarolo", "0") == "0"


def test_1963_r4_graham_hill_scores_nothing_and_nothing_is_passed_down() -> None:
    got = race_points(1963, 4)
    assert got.get("graham-hill", "0") == "0" and got["jack-brabham"] == "3"
    assert row(1963, "constructors", "brm-brm", 4) == ("3", "14")  # unchanged from round 3
    assert row(1963, "constructors", "brabham-climax", 4) == ("4", "13")


def test_1961_constructors_still_score_8_for_a_win() -> None:
    assert row(1961, "constructors", "ferrari-ferrari") == ("1", "40")  # 5 best wins x 8
    assert row(1961, "constructors", "lotus-climax") == ("2", "32")
    assert race_points(1961, 1)["stirling-moss"] == "9"  # drivers: 9


@pytest.mark.parametrize(
    ("year", "round_number", "winner", "shown"),
    [
        (1975, 4, "jochen-mass", "4.5"),
        (1975, 12, "vittorio-brambilla", "4.5"),
        (1984, 6, "alain-prost", "4.5"),
        (1991, 16, "ayrton-senna", "5"),
        (2009, 2, "jenson-button", "5"),
        (2021, 12, "max-verstappen", "12.5"),
    ],
)
def test_half_points_below_three_quarters(
    year: int, round_number: int, winner: str, shown: str
) -> None:
    assert race_points(year, round_number)[winner] == shown


def test_2014_r19_double_points() -> None:
    assert race_points(2014, 19)["lewis-hamilton"] == "50"
    assert row(2014, "drivers", "lewis-hamilton", 18) == ("1", "334")
    assert row(2014, "drivers", "lewis-hamilton", 19) == ("1", "384")


def test_2021_r12_half_points_and_no_fastest_lap_point() -> None:
    got = race_points(2021, 12)
    assert [got[d] for d in ("max-verstappen", "george-russell", "lewis-hamilton")] == [
        "12.5",
        "9",
        "7.5",
    ]
    assert got["carlos-sainz-jr"] == "0.5"  # 10th; nobody has a fastest-lap point
    assert sum(Fraction(v) for v in got.values()) == Fraction(101, 2)


def test_2022_r18_time_limit_keeps_full_points() -> None:
    assert race_points(2022, 18)["max-verstappen"] == "25"
    assert row(2022, "drivers", "max-verstappen", 18) == ("1", "366")


def test_1995_r1_benetton_and_williams_get_no_constructors_points() -> None:
    assert order(table(1995, "constructors", 1))[:2] == [
        ("1", "ferrari-ferrari"),
        ("2", "mclaren-mercedes"),
    ]
    assert table(1995, "constructors", 1).row("benetton-renault") is None
    assert race_points(1995, 1)["michael-schumacher"] == "10"  # the drivers keep theirs


def test_1984_tyrrell_excluded_row_in_the_final_table_only() -> None:
    after16 = table(1984, "constructors", 16)
    assert after16.rows[-1] == after16.row("tyrrell-ford")
    assert (after16.rows[-1].position_text, after16.rows[-1].points_text) == ("DSQ", "0")
    assert table(1984, "constructors", 15).row("tyrrell-ford") is None


def test_1997_schumacher_listed_last_as_dsq_with_his_points() -> None:
    assert row(1997, "drivers", "michael-schumacher", 16) == ("1", "78")
    after17 = table(1997, "drivers", 17)
    assert order(after17)[:2] == [("1", "jacques-villeneuve"), ("2", "heinz-harald-frentzen")]
    assert (after17.rows[-1].competitor, after17.rows[-1].position_text) == (
        "michael-schumacher",
        "DSQ",
    )
    assert after17.rows[-1].points_text == "78"
    assert row(1997, "constructors", "ferrari-ferrari") == ("2", "102")


def test_2000_mclaren_minus_10_constructors_points_from_round_10() -> None:
    assert row(2000, "constructors", "mclaren-mercedes", 9) == ("2", "82")
    assert row(2000, "constructors", "mclaren-mercedes", 10) == ("2", "88")  # 82 + 16 - 10
    assert row(2000, "constructors", "mclaren-mercedes") == ("2", "152")
    assert race_points(2000, 10)["mika-hakkinen"] == "10"


def test_2007_mclaren_excluded_from_every_constructors_table() -> None:
    for after in (1, 17):
        assert row(2007, "constructors", "mclaren-mercedes", after) == ("EX", "0")
    assert row(2007, "drivers", "kimi-raikkonen") == ("1", "110")


def test_2018_force_india_reset_and_the_former_entry_ex_in_the_final_table() -> None:
    assert row(2018, "constructors", "force-india-mercedes", 12) == ("6", "59")
    assert row(2018, "constructors", "force-india-mercedes", 13) == ("9", "18")
    final = table(2018, "constructors")
    rows = [(r.position_text, r.points_text) for r in final.rows if r.competitor.startswith("fo")]
    assert rows == [("7", "52"), ("EX", "0")]
    assert final.rows[-1].competitor == "force-india-mercedes"


def test_2020_racing_point_minus_15_from_round_5() -> None:
    assert row(2020, "constructors", "racing-point-bwt-mercedes", 4) == ("5", "42")
    assert row(2020, "constructors", "racing-point-bwt-mercedes", 5) == ("5", "41")
    assert row(2020, "constructors", "racing-point-bwt-mercedes") == ("4", "195")


def test_tie_orders_are_season_data() -> None:
    """1995: Suzuki and Lamy, one 6th each, split by F1DB (earlier result first)."""
    assert row(1995, "drivers", "aguri-suzuki") == ("17", "1")
    assert row(1995, "drivers", "pedro-lamy") == ("18", "1")
    orders = [o for o in season(1995).tie_orders if o.after_round == 17]
    assert orders and orders[0].reason and "Suzuki" in orders[0].reason


def test_listing_scorers_before_2000_and_classified_from_2000() -> None:
    assert all(r.points > 0 for r in table(1999, "drivers").rows)
    zero = [r.competitor for r in table(2000, "drivers").rows if r.points == 0]
    assert "gaston-mazzacane" in zero


# -- the engine capability 2018 needed, on a tiny season ----------------------------------------


def test_an_exclusion_at_a_reset_is_the_former_entry_listed_beside_the_new(tmp_path: Path) -> None:
    """An exclusion effective at or before a reset of the same competitor concerns the entry
    before the reset: a row of its own (here in the final table only), the new entry goes on."""
    data = load(
        tmp_path,
        rules={
            "classifications": {
                "teams": {"competitor": "team", "scoring": [{"session": "race", "points": [10, 6]}]}
            }
        },
        entries=[
            {"car": 1, "drivers": "a", "team": "t1"},
            {"car": 2, "drivers": "b", "team": "t2"},
        ],
        results={1: {"race": [1, 2]}, 2: {"race": [2, 1]}, 3: {"race": [2, 1]}},
        decisions=[
            {"kind": "reset", "round": 2, "classification": "teams", "competitor": "t1"},
            {
                "kind": "exclusion",
                "round": 2,
                "classification": "teams",
                "competitor": "t1",
                "final_only": True,
                "keep_points": True,
            },
        ],
    )
    after2 = podium.standings(data, "teams", after_round=2)
    assert order(after2) == [("1", "t2"), ("2", "t1")]  # t1: only round 2 (6)
    assert points(after2) == {"t2": 16, "t1": 6}
    final = podium.standings(data, "teams")
    assert order(final) == [("1", "t2"), ("2", "t1"), ("EX", "t1")]
    assert [r.points for r in final.rows] == [26, 12, 10]  # the former entry kept its 10
    assert final.rows[-1].position is None and [r.round for r in final.rows[-1].rounds] == [1]
