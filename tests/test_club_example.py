"""The bundled club-2025 season against standings worked out by hand.

Every expected number below comes from docs/examples/club-2025-worked.md, which derives
them from the season's CSVs without running podium. The season is built to exercise: a
pole bonus, a fastest-lap bonus for the top ten only, best 4 of 5 weekends, a points
deduction from round 3, a title tie settled on countback, a Trophy scored by place among
Trophy cars, and teams scoring with their best two cars.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import podium
from podium import Season, StandingsTable, Status


@pytest.fixture(scope="module")
def season() -> Season:
    # Through the installed package: this is also what a user of the example gets.
    return podium.load_season(podium.example_path("club-2025"))


def table_rows(table: StandingsTable) -> list[tuple[str, str, int, int]]:
    """(position text, id, points, wins) per row: the whole table in one comparable value."""
    out = []
    for row in table.rows:
        # Every score in this season is whole; a fraction would be a bug, not a rounding.
        assert row.points.denominator == 1, row
        out.append((row.position_text, row.competitor, int(row.points), row.wins))
    return out


def seconds(lap: str | None) -> float:
    """'1:52.061' or '56.287' in seconds (a stand-alone reading, not the engine's)."""
    minutes, _, rest = (lap or "").rpartition(":")
    return int(minutes or 0) * 60 + float(rest)


def weekends(table: StandingsTable, competitor: str) -> list[tuple[int, int, bool]]:
    """(round, weekend points, dropped) for one competitor."""
    row = table.row(competitor)
    assert row is not None, competitor
    return [(r.round, int(r.points), r.dropped) for r in row.rounds]


# -- the data itself ----------------------------------------------------------------------


def test_the_season_is_the_one_described(season: Season) -> None:
    assert podium.examples().count("club-2025") == 1
    assert season.series.id == "club"
    assert season.year == 2025
    assert season.name == "Northfield Saloon Car Club Championship 2025"
    assert [r.number for r in season.held_rounds()] == [1, 2, 3, 4, 5]
    for rnd in season.rounds:
        assert [s.id for s in rnd.sessions] == ["qualifying", "race1", "race2"]
        assert all(len(s.results) == 12 for s in rnd.sessions)
        assert rnd.start is not None and rnd.circuit and rnd.country and rnd.facts
    assert len(season.entries) == 12
    assert len(season.teams) == 5
    assert sorted(e.car for e in season.entries if "trophy" in e.flags) == ["14", "31", "32", "9"]
    statuses = [r.status for rnd in season.rounds for s in rnd.sessions for r in s.results]
    assert statuses.count(Status.DNF) == 6
    assert statuses.count(Status.DNS) == 1
    assert statuses.count(Status.DSQ) == 1


def test_fastest_lap_holders_outside_the_top_ten_are_in_the_data(season: Season) -> None:
    # The two cases the top-ten condition is about: the fastest lap set by a car that
    # retired (round 2 race 2) and by one classified 11th (round 4 race 1).
    def holder(round_number: int, session: str) -> tuple[str, str]:
        results = podium.session_results(season, round_number, session).results
        best = min((r for r in results if r.fastest_lap), key=lambda r: seconds(r.fastest_lap))
        return best.car, best.position_text

    assert holder(2, "race2") == ("8", "R")
    assert holder(4, "race1") == ("6", "11")


# -- drivers ------------------------------------------------------------------------------


def test_drivers_after_round_1_list_scorers_only(season: Season) -> None:
    table = podium.standings(season, "drivers", after_round=1)
    # Marchbank retired from race 1 and was 11th in race 2: no points, not listed.
    assert table.row("marchbank") is None
    assert [(r.competitor, int(r.points)) for r in table.rows] == [
        ("reddish", 37),
        ("corrigan", 36),
        ("lindqvist", 22),
        ("pengelly", 20),
        ("fenwick", 18),
        ("threlfall", 10),
        ("voss", 9),
        ("prowse", 7),
        ("wierzba", 3),
        ("bhandari", 2),
        ("mcaskill", 1),
    ]


def test_drivers_after_round_2(season: Season) -> None:
    table = podium.standings(season, "drivers", after_round=2)
    assert table.after_round == 2
    assert table.rounds_total == 5
    assert table_rows(table) == [
        ("1", "reddish", 72, 2),
        ("2", "corrigan", 63, 1),
        ("3", "lindqvist", 44, 1),
        ("4", "pengelly", 40, 0),
        ("5", "fenwick", 38, 0),
        ("6", "threlfall", 22, 0),
        ("7", "voss", 18, 0),
        ("8", "wierzba", 13, 0),
        ("9", "prowse", 11, 0),
        ("10", "bhandari", 4, 0),
        ("11", "mcaskill", 3, 0),
        ("12", "marchbank", 1, 0),
    ]
    # The deduction is dated round 3: it is not in this table.
    pengelly = table.row("pengelly")
    assert pengelly is not None and pengelly.deductions == 0


def test_drivers_after_round_3_with_the_deduction(season: Season) -> None:
    table = podium.standings(season, "drivers", after_round=3)
    assert table_rows(table) == [
        ("1", "corrigan", 100, 2),
        ("2", "reddish", 84, 2),
        ("3", "lindqvist", 79, 2),
        ("4", "pengelly", 58, 0),
        ("5", "fenwick", 54, 0),
        ("6", "voss", 34, 0),
        ("7", "threlfall", 32, 0),
        ("8", "prowse", 18, 0),
        ("9", "wierzba", 15, 0),
        ("10", "mcaskill", 7, 0),
        ("11", "bhandari", 6, 0),
        ("12", "marchbank", 2, 0),
    ]
    pengelly = table.row("pengelly")
    assert pengelly is not None
    assert pengelly.deductions == 5
    # The weekends still show what was scored on track (20 + 20 + 23 = 63).
    assert weekends(table, "pengelly") == [(1, 20, False), (2, 20, False), (3, 23, False)]


def test_drivers_after_round_4_nothing_dropped_yet(season: Season) -> None:
    table = podium.standings(season, "drivers", after_round=4)
    assert [(r.competitor, int(r.points)) for r in table.rows[:3]] == [
        ("corrigan", 122),
        ("reddish", 121),
        ("lindqvist", 114),
    ]
    assert not any(r.dropped for row in table.rows for r in row.rounds)


def test_drivers_final(season: Season) -> None:
    table = podium.standings(season, "drivers")
    assert table.after_round == 5
    assert table_rows(table) == [
        ("1", "reddish", 129, 4),
        ("2", "corrigan", 129, 2),
        ("3", "lindqvist", 125, 4),
        ("4", "fenwick", 83, 0),
        ("5", "pengelly", 78, 0),
        ("6", "threlfall", 48, 0),
        ("7", "voss", 43, 0),
        ("8", "prowse", 28, 0),
        ("9", "wierzba", 19, 0),
        ("10", "mcaskill", 13, 0),
        ("11", "bhandari", 10, 0),
        ("12", "marchbank", 6, 0),
    ]


def test_title_tie_is_settled_on_countback(season: Season) -> None:
    table = podium.standings(season, "drivers")
    first, second = table.rows[0], table.rows[1]
    assert first.points == second.points == 129
    # Four wins to two: Reddish is champion, and the places are plain, not "=1".
    assert (first.competitor, first.position, first.position_text) == ("reddish", 1, "1")
    assert (second.competitor, second.position, second.position_text) == ("corrigan", 2, "2")


def test_dropped_weekends_are_marked(season: Season) -> None:
    table = podium.standings(season, "drivers")
    assert weekends(table, "reddish") == [
        (1, 37, False),
        (2, 35, False),
        (3, 12, True),
        (4, 37, False),
        (5, 20, False),
    ]
    assert weekends(table, "corrigan") == [
        (1, 36, False),
        (2, 27, False),
        (3, 37, False),
        (4, 22, True),
        (5, 29, False),
    ]
    # Two weekends of 22: the later one is the one marked.
    assert weekends(table, "lindqvist") == [
        (1, 22, False),
        (2, 22, True),
        (3, 35, False),
        (4, 35, False),
        (5, 33, False),
    ]
    # A weekend worth nothing is never marked dropped.
    assert weekends(table, "marchbank") == [
        (1, 0, False),
        (2, 1, False),
        (3, 1, False),
        (4, 2, False),
        (5, 2, False),
    ]
    for competitor, dropped_round in [
        ("fenwick", 3),
        ("pengelly", 4),
        ("threlfall", 3),
        ("voss", 5),
        ("prowse", 2),
        ("wierzba", 5),
        ("mcaskill", 4),
        ("bhandari", 5),
    ]:
        marked = [r for r, _, dropped in weekends(table, competitor) if dropped]
        assert marked == [dropped_round], competitor


def test_drops_decide_the_title(season: Season) -> None:
    # Counting all five weekends Corrigan (151) would beat Lindqvist (147) and Reddish (141).
    table = podium.standings(season, "drivers")
    every_weekend = {
        row.competitor: int(sum((r.points for r in row.rounds), Fraction(0)))
        for row in table.rows[:3]
    }
    assert every_weekend == {"reddish": 141, "corrigan": 151, "lindqvist": 147}


def test_deduction_comes_off_after_the_drop(season: Season) -> None:
    row = podium.standings(season, "drivers").row("pengelly")
    assert row is not None
    assert row.deductions == 5
    assert [int(r.points) for r in row.rounds] == [20, 20, 23, 8, 20]  # 91 on track
    assert row.points == 91 - 8 - 5


def test_bonus_points_per_session(season: Season) -> None:
    def sessions(after: int, competitor: str, round_number: int) -> dict[str, int]:
        row = podium.standings(season, "drivers", after_round=after).row(competitor)
        assert row is not None
        weekend = next(r for r in row.rounds if r.round == round_number)
        return {k: int(v) for k, v in weekend.sessions.items()}

    # Round 1: Reddish's pole (qualifying) and fastest lap in race 2 (15 + 1).
    assert sessions(1, "reddish", 1) == {"qualifying": 1, "race1": 20, "race2": 16}
    # Round 2: Lindqvist's pole and race 1 fastest lap count; her race 2 fastest lap does
    # not (she retired), and nobody else is given it.
    assert sessions(2, "lindqvist", 2) == {"qualifying": 1, "race1": 21, "race2": 0}
    assert sessions(2, "reddish", 2) == {"race1": 15, "race2": 20}
    # Round 4 race 1: Pengelly's fastest lap from 11th scores nothing, nor does the winner
    # get it in his place.
    assert sessions(4, "pengelly", 4) == {"race1": 0, "race2": 8}
    assert sessions(4, "reddish", 4) == {"qualifying": 1, "race1": 20, "race2": 16}


# -- Trophy -------------------------------------------------------------------------------


def test_trophy_after_rounds_2_and_3(season: Season) -> None:
    assert table_rows(podium.standings(season, "trophy", after_round=2)) == [
        ("1", "prowse", 37, 3),
        ("2", "mcaskill", 25, 1),
        ("3", "bhandari", 19, 0),
        ("4", "marchbank", 13, 0),
    ]
    assert table_rows(podium.standings(season, "trophy", after_round=3)) == [
        ("1", "prowse", 57, 5),
        ("2", "mcaskill", 39, 1),
        ("3", "bhandari", 24, 0),
        ("4", "marchbank", 21, 0),
    ]


def test_trophy_final(season: Season) -> None:
    table = podium.standings(season, "trophy")
    assert table.classification_name == "Clubman Trophy"
    assert table_rows(table) == [
        ("1", "prowse", 91, 7),
        ("2", "mcaskill", 57, 2),
        ("3", "bhandari", 49, 1),
        ("4", "marchbank", 41, 0),
    ]
    # Places among Trophy cars: in round 2 race 1 McAskill was 9th overall but the first
    # Trophy car (10), Bhandari 11th overall (no drivers' points) the third (5).
    mcaskill = table.row("mcaskill")
    bhandari = table.row("bhandari")
    assert mcaskill is not None and bhandari is not None
    assert mcaskill.rounds[1].sessions["race1"] == 10
    assert bhandari.rounds[1].sessions["race1"] == 5
    # No bonuses and no drops here.
    assert all("qualifying" not in r.sessions for row in table.rows for r in row.rounds)
    assert not any(r.dropped for row in table.rows for r in row.rounds)


# -- teams --------------------------------------------------------------------------------


def test_teams_after_rounds_2_and_3(season: Season) -> None:
    assert table_rows(podium.standings(season, "teams", after_round=2)) == [
        ("1", "harrow", 108, 2),
        ("2", "kestrel", 102, 1),
        ("3", "bramley", 46, 1),
        ("4", "oakhurst", 35, 0),
        ("5", "pennine", 4, 0),
    ]
    assert table_rows(podium.standings(season, "teams", after_round=3)) == [
        ("1", "kestrel", 159, 2),
        ("2", "harrow", 140, 2),
        ("3", "bramley", 83, 2),
        ("4", "oakhurst", 47, 0),
        ("5", "pennine", 9, 0),
    ]


def test_teams_final(season: Season) -> None:
    table = podium.standings(season, "teams")
    assert table_rows(table) == [
        ("1", "harrow", 243, 4),
        ("2", "kestrel", 242, 2),
        ("3", "bramley", 156, 4),
        ("4", "oakhurst", 79, 0),
        ("5", "pennine", 20, 0),
    ]
    assert weekends(table, "harrow") == [
        (1, 53, False),
        (2, 55, False),
        (3, 32, False),
        (4, 57, False),
        (5, 46, False),
    ]
    assert weekends(table, "kestrel") == [
        (1, 55, False),
        (2, 47, False),
        (3, 57, False),
        (4, 36, False),
        (5, 47, False),
    ]


def test_teams_third_car_does_not_count(season: Season) -> None:
    table = podium.standings(season, "teams")
    harrow, kestrel = table.row("harrow"), table.row("kestrel")
    assert harrow is not None and kestrel is not None
    # Round 1 race 1: cars 1 (20), 2 (10) and 14 (4) all scored; Harrow has 30, not 34.
    assert harrow.rounds[0].sessions["race1"] == 30
    # Round 3 race 2: car 1 retired, so car 14's 4 points count with car 2's 10.
    assert harrow.rounds[2].sessions["race2"] == 14
    # Round 4 race 1: car 6 was 11th (0), so car 17's 6 count with car 5's 12.
    assert kestrel.rounds[3].sessions["race1"] == 18
    # Round 3 race 1: car 17 was 5th (8) behind cars 5 (20) and 6 (10): 30, not 38.
    assert kestrel.rounds[2].sessions["race1"] == 30
