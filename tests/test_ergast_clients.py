"""Real Ergast clients against a real podium server: FastF1's `fastf1.ergast.Ergast` (raw and
pandas) and ergast-py, every method with the filters it offers, for F1 1976, 2008 and 2021
(from F1DB, when it is here) and WTCR 2021; values checked against podium's library.

One Uvicorn server on a free loopback port for the whole session (tests/ergastkit.py).
FastF1 builds every URL from `fastf1.ergast.interface.BASE_URL`; ergast-py from a fixed
template on Jolpica's address, so its `requests.get` is pointed at the server instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import pytest

import ergastkit
import podium
from podium.web.query import session_points
from webkit import LiveServer, f1db_path

fastf1 = pytest.importorskip("fastf1")
pd = pytest.importorskip("pandas")
from fastf1.ergast import Ergast  # noqa: E402
from fastf1.ergast import interface as ergast_interface  # noqa: E402

TARGETS = [
    pytest.param("f1", 1976, id="f1-1976"),
    pytest.param("f1", 2008, id="f1-2008"),
    pytest.param("f1", 2021, id="f1-2021"),
    pytest.param("wtcr", 2021, id="wtcr-2021"),
]
MULTI = ("race_results", "qualifying_results", "sprint_results")


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    from fastf1 import req

    logging.getLogger("fastf1").setLevel(logging.ERROR)
    fastf1.Cache.set_disabled()  # every call goes to the server
    # FastF1 spaces its calls 0.25 s apart and stops at 500 an hour, for the public servers'
    # sake (its pattern takes any URL with a dot); this server is our own, on loopback.
    limits = req._SessionWithRateLimiting._RATE_LIMITS
    req._SessionWithRateLimiting._RATE_LIMITS = {}
    yield ergastkit.server()
    req._SessionWithRateLimiting._RATE_LIMITS = limits
    fastf1.Cache.set_enabled()


def season_model(series: str, year: int) -> podium.Season:
    if series == "wtcr":
        return podium.load_season(podium.example_path("wtcr-2021"))
    from podium.formats.f1db import load_f1db_season

    folder = f1db_path()
    assert folder is not None
    return load_f1db_season(folder, year)


def skip_without(series: str) -> None:
    if series == "f1" and f1db_path() is None:
        pytest.skip("no F1DB data here")


Client = Callable[[str, str], Ergast]


@pytest.fixture
def ergast(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Client:
    def use(series: str, result_type: str) -> Ergast:
        monkeypatch.setattr(ergast_interface, "BASE_URL", f"{live.url}/ergast/{series}")
        return Ergast(result_type=result_type, auto_cast=True)  # type: ignore[arg-type]

    return use


def picks(client: Ergast, year: int) -> dict[str, Any]:
    """Filter values from the server's own answer: round 1's winner, their constructor, the
    circuit, and `Finished` (statusId 1)."""
    race = client.get_race_results(season=year, round=1, result_type="raw")[0]
    winner = race["Results"][0]
    return {
        "driver": winner["Driver"]["driverId"],
        "constructor": winner["Constructor"]["constructorId"],
        "circuit": race["Circuit"]["circuitId"],
        "status": "1",
        "grid_position": 1,
        "results_position": 1,
        "fastest_rank": 1,
    }


# What each FastF1 method offers, beyond season and round.
FILTERS = {
    "seasons": ("circuit", "constructor", "driver", "grid_position", "results_position", "status"),
    "race_schedule": ("circuit", "constructor", "driver", "grid_position", "results_position"),
    "driver_info": ("circuit", "constructor", "driver", "grid_position", "results_position"),
    "constructor_info": ("circuit", "constructor", "driver", "grid_position", "status"),
    "circuits": ("constructor", "driver", "grid_position", "results_position", "fastest_rank"),
    "finishing_status": ("circuit", "constructor", "driver", "grid_position", "status"),
    "race_results": (
        "circuit",
        "constructor",
        "driver",
        "grid_position",
        "results_position",
        "fastest_rank",
        "status",
    ),
    "qualifying_results": ("circuit", "constructor", "driver", "grid_position", "fastest_rank"),
    "sprint_results": ("circuit", "constructor", "driver", "grid_position", "status"),
    "driver_standings": ("driver", "standings_position"),
    "constructor_standings": ("constructor", "standings_position"),
    "lap_times": ("lap_number", "driver"),
    "pit_stops": ("stop_number", "lap_number", "driver"),
}
# The column of a result line each filter reads (pandas, FastF1's names).
COLUMN = {
    "driver": "driverId",
    "constructor": "constructorId",
    "grid_position": "grid",
    "results_position": "position",
    "fastest_rank": "fastestLapRank",
    "status": "status",
}


def call(client: Ergast, method: str, year: int, **selectors: Any) -> Any:
    get = getattr(client, f"get_{method}")
    if method == "seasons":
        return get(**selectors)
    round_number = 1 if method in ("lap_times", "pit_stops") else selectors.pop("round", None)
    return get(season=year, round=round_number, **selectors)


@pytest.mark.parametrize("result_type", ["raw", "pandas"])
@pytest.mark.parametrize(("series", "year"), TARGETS)
def test_every_method_with_each_filter(
    ergast: Client, series: str, year: int, result_type: str
) -> None:
    skip_without(series)
    client = ergast(series, result_type)
    chosen = picks(client, year) | {"standings_position": 1, "lap_number": 1, "stop_number": 1}
    for method, offered in FILTERS.items():
        answers = [(None, call(client, method, year))]
        answers += [(name, call(client, method, year, **{name: chosen[name]})) for name in offered]
        for name, answer in answers:
            if result_type == "raw":
                assert isinstance(answer, list), (method, name)
            elif method in MULTI or method.endswith(("standings", "lap_times", "pit_stops")):
                assert isinstance(answer.content, list), (method, name)
            else:
                assert isinstance(answer, pd.DataFrame), (method, name)
        if method in ("race_results",) and result_type == "pandas":
            for name, answer in answers[1:]:
                if name not in COLUMN:  # the circuit is the race's, not the line's
                    continue
                for frame in answer.content:
                    column = frame[COLUMN[name]]
                    wanted = "Finished" if name == "status" else chosen[name]
                    assert (column == wanted).all(), (method, name, list(column))


@pytest.mark.parametrize(("series", "year"), TARGETS)
def test_filters_pick_the_lines_of_the_unfiltered_answer(
    ergast: Client, series: str, year: int
) -> None:
    skip_without(series)
    client = ergast(series, "pandas")
    chosen = picks(client, year)
    whole = pd.concat(client.get_race_results(season=year, round=1, limit=100).content)
    for name in ("driver", "constructor", "grid_position", "results_position", "fastest_rank"):
        column = COLUMN[name]  # a column no line has (no grids in WTCR's round 1): none
        wanted = whole[whole[column] == chosen[name]] if column in whole else whole.iloc[0:0]
        got = client.get_race_results(season=year, round=1, limit=100, **{name: chosen[name]})
        lines = pd.concat(got.content) if got.content else whole.iloc[0:0]
        assert list(lines["driverId"]) == list(wanted["driverId"]), name
    both = client.get_race_results(
        season=year, driver=chosen["driver"], constructor=chosen["constructor"], limit=100
    )
    assert both.total_results >= 1
    assert {line for frame in both.content for line in frame["driverId"]} == {chosen["driver"]}
    status = client.get_finishing_status(season=year, round=1)
    assert int(status["count"].sum()) == len(whole)


@pytest.mark.parametrize(("series", "year"), TARGETS)
def test_values_are_the_librarys(ergast: Client, series: str, year: int) -> None:
    skip_without(series)
    season = season_model(series, year)
    shown = season.aliases.ergast_id  # the series' Ergast ids, else podium's own
    podium_id = {shown("driver", d): d for d in season.drivers}
    client = ergast(series, "pandas")
    drivers = podium.standings(season, "drivers")
    standings = client.get_driver_standings(season=year, limit=100).content[0]
    assert list(standings["driverId"]) == [shown("driver", r.competitor) for r in drivers.rows]
    assert list(standings["points"]) == [float(r.points) for r in drivers.rows]
    assert list(standings["wins"]) == [r.wins for r in drivers.rows]
    scored = session_points(drivers, 1)
    races = [s for s in season.rounds[0].sessions if s.kind.value == "race" and s.results]
    answer = client.get_race_results(season=year, round=1, limit=100)
    assert len(answer.content) == len(races)
    for frame, session in zip(answer.content, races, strict=True):
        for driver, points in zip(frame["driverId"], frame["points"], strict=True):
            expected = scored.get((podium_id[driver], session.id), Fraction(0))
            assert points == float(expected), (session.id, driver)
    organisations = podium.standings(season, list(season.rules.classifications)[1])
    teams = client.get_constructor_standings(season=year, limit=100).content[0]
    assert list(teams["points"]) == [float(r.points) for r in organisations.rows]


@pytest.mark.parametrize(("series", "year"), TARGETS)
def test_pandas_dtypes(ergast: Client, series: str, year: int) -> None:
    skip_without(series)
    client = ergast(series, "pandas")
    schedule = client.get_race_schedule(season=year)
    assert str(schedule["raceDate"].dtype).startswith("datetime64")
    assert schedule["season"].dtype == "int64" and schedule["round"].dtype == "int64"
    results = client.get_race_results(season=year, round=1).content[0]
    assert results["points"].dtype == "float64"
    assert results["position"].dtype == "int64"
    assert str(results["totalRaceTime"].dtype).startswith("timedelta64")
    qualifying = client.get_qualifying_results(season=year, round=1).content[0]
    assert str(qualifying["Q1"].dtype).startswith("timedelta64")
    status = client.get_finishing_status(season=year)
    assert status["statusId"].dtype == "int64" and status["count"].dtype == "int64"
    # Where the data has every circuit's place and every driver's birth date, FastF1 reads
    # them as floats and datetimes (the WTCR example has neither: the columns are absent).
    season = season_model(series, year)
    circuits = client.get_circuits(season=year)
    placed = all(r.latitude is not None for r in season.rounds)
    assert (("lat" in circuits) and ("long" in circuits)) == placed
    if placed:
        assert circuits["lat"].dtype == "float64" and circuits["long"].dtype == "float64"
        assert circuits["lat"].between(-90, 90).all()
    drivers = client.get_driver_info(season=year)
    born = all(d.born is not None for d in season.drivers.values())
    assert ("dateOfBirth" in drivers) == born
    if born:
        assert str(drivers["dateOfBirth"].dtype).startswith("datetime64")


def test_fastf1_paging_and_next_page(ergast: Client) -> None:
    client = ergast("wtcr", "pandas")
    first = client.get_race_results(season=2021, limit=20)
    pages = [first]
    assert not first.is_complete  # FastF1: this page is not the whole set
    while 20 * len(pages) < first.total_results:
        pages.append(pages[-1].get_next_result_page())
    with pytest.raises(ValueError, match="No more data"):
        pages[-1].get_next_result_page()
    lines = sum(len(frame) for page in pages for frame in page.content)
    assert lines == first.total_results == len(ergastkit_race_lines())


def ergastkit_race_lines() -> list[tuple[int, str]]:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    out = []
    for rnd in season.rounds:
        for session in rnd.sessions:
            if session.kind.value == "race":
                out += [(rnd.number, r.car) for r in session.results]
    return out


# -- ergast-py ------------------------------------------------------------------------------


@pytest.fixture
def ergast_py(live: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Any]:
    requester = pytest.importorskip("ergast_py.requester")
    import requests

    real_get = requests.get

    def use(series: str) -> Any:
        import ergast_py

        def get(url: str, *args: Any, **kwargs: Any) -> Any:
            local = url.replace("https://api.jolpi.ca/ergast/f1", f"{live.url}/ergast/{series}")
            assert local != url, url
            return real_get(local, *args, timeout=10, **kwargs)

        monkeypatch.setattr(requester.requests, "get", get)
        return ergast_py.Ergast()

    yield use
    monkeypatch.setattr(requests, "get", real_get)


# ergast-py builds its objects strictly: a Driver needs a date of birth, a pit stop the clock
# time it was made at. Where the data lacks them (the WTCR example has no birth dates, F1DB
# no pit-stop clock times) podium leaves the key out as Ergast does, and ergast-py cannot
# build that object: those calls run only where the season has the value (docs/api.md).
def _all_born(season: podium.Season) -> bool:
    return all(d.born is not None for d in season.drivers.values())


def _stops_timed(season: podium.Season) -> bool:
    return all(stop.time_of_day for rnd in season.rounds for stop in rnd.pit_stops)


@pytest.mark.parametrize(("series", "year"), TARGETS)
def test_ergast_py_every_method(ergast_py: Callable[[str], Any], series: str, year: int) -> None:
    skip_without(series)
    season = season_model(series, year)
    shown = season.aliases.ergast_id
    e = ergast_py(series)
    races = e.season(year).get_races()
    assert [r.round_no for r in races] == [r.number for r in season.rounds]
    assert [r.race_name for r in races] == [r.name for r in season.rounds]
    assert e.season(year).get_circuits()
    constructors = e.season(year).get_constructors()
    assert constructors and all(c.constructor_id for c in constructors)
    assert [s.season for s in e.get_seasons()][-1] >= year
    statuses = e.season(year).get_statuses()
    assert statuses[0].status_id == 1 and statuses[0].status == "Finished"
    teams = podium.standings(season, list(season.rules.classifications)[1])
    table = e.season(year).get_constructor_standings()[0].constructor_standings
    assert [t.points for t in table] == [float(r.points) for r in teams.rows][: len(table)]
    assert e.season(year).round(1).get_laps() == []  # no lap-by-lap data: Ergast's empty table
    if _stops_timed(season):
        assert isinstance(e.season(year).round(1).get_pit_stops(), list)
    if not _all_born(season):
        return
    results = e.season(year).round(1).get_results()
    winner = results[0].results[0]
    driver = winner.driver.driver_id
    constructor = winner.constructor.constructor_id
    mine = e.season(year).driver(driver).get_results()
    assert {line.driver.driver_id for race in mine for line in race.results} == {driver}
    assert e.season(year).constructor(constructor).get_drivers()
    assert driver in {d.driver_id for d in e.season(year).result(1).get_drivers()}
    assert e.season(year).grid(1).get_results()
    assert e.season(year).round(1).get_qualifyings()[0].qualifying_results
    assert e.season(year).qualifying(1).get_drivers()
    assert driver in {d.driver_id for d in e.season(year).get_drivers()}
    assert e.driver(driver).get_seasons()
    drivers = podium.standings(season, "drivers")
    standings = e.season(year).get_driver_standings()[0].driver_standings
    assert [(s.driver.driver_id, s.points) for s in standings] == [
        (shown("driver", r.competitor), float(r.points)) for r in drivers.rows
    ][: len(standings)]
    leader = e.season(year).standing(1).get_driver_standing().driver_standings[0]
    assert leader.position == 1 and leader.driver.driver_id == shown(
        "driver", drivers.rows[0].competitor
    )
    assert e.driver(driver).get_driver().family_name == winner.driver.family_name
