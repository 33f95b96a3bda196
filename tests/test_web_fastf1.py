"""A real Ergast client against podium: FastF1's `fastf1.ergast.Ergast`, pointed at a
podium server on loopback, reads standings and results and gets the library's numbers.

FastF1 builds every URL from `fastf1.ergast.interface.BASE_URL` (Jolpica's F1 address by
default); the tests point it at `http://127.0.0.1:<port>/ergast/<series>`. FastF1's cache
goes to a temporary folder and its HTTP cache is off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

import pytest

import podium
from podium.web.query import session_points
from webkit import LiveServer, f1db_path, fill, served

fastf1 = pytest.importorskip("fastf1")
from fastf1.ergast import Ergast  # noqa: E402
from fastf1.ergast import interface as ergast_interface  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("fastf1")
    url = f"sqlite:///{folder / 'podium.sqlite3'}"
    fill(url)
    cache = folder / "fastf1-cache"
    cache.mkdir()
    logging.getLogger("fastf1").setLevel(logging.ERROR)
    fastf1.Cache.configure(cache_dir=str(cache))
    fastf1.Cache.set_disabled()
    with served(url) as live:
        yield live
    fastf1.Cache.set_enabled()


Client = Callable[[str], Ergast]


@pytest.fixture
def ergast(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Client:
    """FastF1's Ergast interface for a series of the test server."""

    def use(series: str) -> Ergast:
        monkeypatch.setattr(ergast_interface, "BASE_URL", f"{server.url}/ergast/{series}")
        return Ergast(result_type="pandas", auto_cast=True)

    return use


def wtcr() -> podium.Season:
    return podium.load_season(podium.example_path("wtcr-2021"))


def test_wtcr_driver_standings_through_fastf1(ergast: Client) -> None:
    client = ergast("wtcr")
    response = client.get_driver_standings(season=2021, round=3)
    assert list(response.description["season"]) == [2021]
    assert list(response.description["round"]) == [3]
    table = response.content[0]
    expected = podium.standings(wtcr(), "drivers", after_round=3)
    assert list(table["driverId"]) == [row.competitor for row in expected.rows]
    assert list(table["points"]) == [float(row.points) for row in expected.rows]
    assert list(table["wins"]) == [row.wins for row in expected.rows]
    assert list(table["position"]) == [row.position for row in expected.rows]
    leader = table.iloc[0]
    assert (leader["familyName"], leader["points"]) == ("Vernay", 82.0)
    assert leader["constructorIds"] == ["engstler-hyundai"]


def test_wtcr_constructor_standings_and_paging_through_fastf1(ergast: Client) -> None:
    client = ergast("wtcr")
    response = client.get_constructor_standings(season=2021)
    expected = podium.standings(wtcr(), "teams")
    table = response.content[0]
    assert list(table["constructorId"]) == [row.competitor for row in expected.rows]
    assert list(table["points"]) == [float(row.points) for row in expected.rows]
    # FastF1's own paging: 22 drivers, 10 a page.
    first = client.get_driver_standings(season=2021, round=3, limit=10)
    assert first.total_results == 22
    assert not first.is_complete
    second = first.get_next_result_page()
    third = second.get_next_result_page()
    paged = [*first.content[0]["driverId"], *second.content[0]["driverId"]]
    paged += list(third.content[0]["driverId"])
    assert paged == [row.competitor for row in podium.standings(wtcr(), "drivers", 3).rows]


def test_wtcr_results_through_fastf1(ergast: Client) -> None:
    client = ergast("wtcr")
    response = client.get_race_results(season=2021, round=3, limit=100)
    assert list(response.description["raceName"]) == [
        "WTCR Race of Spain: Race 1",
        "WTCR Race of Spain: Race 2",
    ]
    scored = session_points(podium.standings(wtcr(), "drivers", after_round=3), 3)
    for race, session in zip(response.content, ("race1", "race2"), strict=True):
        for _, line in race.iterrows():
            expected = scored.get((line["driverId"], session), Fraction(0))
            assert line["points"] == float(expected), (session, line["driverId"])
    winner = response.content[0].iloc[0]
    assert (winner["driverId"], winner["position"], winner["number"]) == (
        "gabriele-tarquini",
        1,
        3,
    )
    schedule = client.get_race_schedule(season=2021)
    assert list(schedule["round"]) == list(range(1, 9))
    assert schedule.iloc[2]["circuitName"] == "MotorLand Aragón"


def test_f1_1976_through_fastf1(ergast: Client) -> None:
    folder = f1db_path()
    if folder is None:
        pytest.skip("no F1DB data here")
    from podium.formats.f1db import load_f1db_season

    season = load_f1db_season(folder, 1976)
    client = ergast("f1")
    standings = client.get_driver_standings(season=1976, round=16).content[0]
    expected = podium.standings(season, "drivers", after_round=16)
    ergast_id = season.aliases.ergast_id  # the series' Ergast ids, else podium's
    assert list(standings["driverId"]) == [ergast_id("driver", r.competitor) for r in expected.rows]
    assert list(standings["points"]) == [float(row.points) for row in expected.rows]
    assert (standings.iloc[0]["familyName"], standings.iloc[0]["points"]) == ("Hunt", 69.0)
    assert (standings.iloc[1]["familyName"], standings.iloc[1]["points"]) == ("Lauda", 68.0)
    teams = client.get_constructor_standings(season=1976).content[0]
    expected_teams = podium.standings(season, "constructors")
    assert list(teams["points"]) == [float(row.points) for row in expected_teams.rows]
    race = client.get_race_results(season=1976, round=16)
    assert race.description.iloc[0]["raceName"] == "Japanese Grand Prix"
    lines = race.content[0]
    scored = session_points(expected, 16)
    podium_id = {ergast_id("driver", d): d for d in season.drivers}
    for driver_id, points in zip(lines["driverId"], lines["points"], strict=True):
        expected_points = scored.get((podium_id[driver_id], "race"), Fraction(0))
        assert points == float(expected_points), driver_id
    assert lines.iloc[0]["driverId"] == ergast_id("driver", "mario-andretti")
    assert lines.iloc[0]["points"] == 9.0
    qualifying = client.get_qualifying_results(season=1976, round=16).content[0]
    assert qualifying.iloc[0]["position"] == 1
    assert Path(str(fastf1.Cache._CACHE_DIR)).exists()
