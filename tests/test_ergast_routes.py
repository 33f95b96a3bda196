"""The Ergast path grammar and its filters: every resource, filters in any combination and
order, position lookups, letter case, `next`/`last`, rounds past the season, paging.

Expected values are counted from the season models themselves (podium.load_season, the F1DB
loader), not from the routes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import ergastkit
import podium
from podium.model.session import SessionKind
from podium.web.ergast.grammar import Asked, parse
from podium.web.errors import ApiError
from webkit import f1db_path

F1 = f1db_path() is not None
needs_f1 = pytest.mark.skipif(not F1, reason="no F1DB data here")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    from podium.web import create_app

    with TestClient(create_app(ergastkit.database(), refresh=None)) as test_client:
        yield test_client


def mr(client: TestClient, path: str, status: int = 200) -> Any:
    response = client.get(f"/ergast/{path}")
    assert response.status_code == status, (path, response.text[:400])
    return response.json()["MRData"] if status == 200 else response.json()


def wtcr() -> podium.Season:
    return podium.load_season(podium.example_path("wtcr-2021"))


def race_lines(season: podium.Season) -> list[tuple[int, str, Any]]:
    """(round, driver, result) of every race classification line of the season."""
    out = []
    for rnd in season.rounds:
        for session in rnd.sessions:
            if session.kind is SessionKind.RACE:
                for result in session.results:
                    entry = season.entry_for(result.car, rnd.number)
                    for driver in result.drivers or (entry.drivers if entry else ()):
                        out.append((rnd.number, driver, result))
    return out


def plain(name: str) -> str:
    """`Bäckman` -> `backman`: how Ergast's database collates names."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def lines_of(body: Any, key: str = "Results") -> list[Any]:
    return [line for race in body["RaceTable"]["Races"] for line in race[key]]


# -- the grammar ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("2021.json", Asked("races", "2021")),
        ("current/last", Asked("races", "current", "last")),
        ("2021/next.json", Asked("races", "2021", "next")),
        ("drivers/alonso.json", Asked("drivers", filters={"driverId": "alonso"})),
        (
            "2008/drivers/lewis-hamilton/results.json",
            Asked("results", "2008", filters={"driverId": "lewis-hamilton"}),
        ),
        (
            "circuits/monaco/constructors/ferrari/results/1.json",
            Asked(
                "results",
                filters={"circuitId": "monaco", "constructorId": "ferrari", "position": "1"},
            ),
        ),
        (
            "2023/22/DriverStandings/1/",
            Asked("driverStandings", "2023", "22", {"driverStandings": "1"}),
        ),
        ("2023/10/laps/7/pitstops", Asked("pitstops", "2023", "10", {"lap": "7"})),
        ("2023/qualifying/01", Asked("qualifying", "2023", filters={"position": "1"})),
        ("2021/standings/junior", Asked("standings", "2021", filters={"classification": "junior"})),
        ("STATUS.JSON", Asked("status")),
    ],
)
def test_paths_parse(path: str, expected: Asked) -> None:
    assert parse(path) == expected


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("2021/first/results", 422, "path.round"),
        ("20x1/results", 422, "path.season"),
        ("2021/grid/x/results", 422, "path.grid"),
        ("2021/drivers/<script>/results", 422, "path.driverId"),
        ("2021/nothing/here", 404, "'nothing' is no Ergast resource or filter"),
        ("2021/results/drivers", 422, "path.position"),
        ("", 404, "names a resource"),
        ("2021/grid/3", 404, "ends in a filter"),
        ("/".join(["drivers", "x"] * 20) + "/results", 404, "names a resource"),
    ],
)
def test_bad_paths_say_what_is_wrong(path: str, status: int, words: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse(path)
    assert caught.value.status == status
    said = caught.value.detail + " ".join(str(p) for p in caught.value.problems)
    assert words in said


# -- filters, in any combination and order ------------------------------------------------


def test_a_drivers_results_are_every_race_line_of_theirs(client: TestClient) -> None:
    season = wtcr()
    for driver in ("jean-karl-vernay", "yann-ehrlacher"):
        mine = [line for line in race_lines(season) if line[1] == driver]
        body = mr(client, f"wtcr/2021/drivers/{driver}/results.json?limit=100")
        assert body["total"] == str(len(mine)) and mine
        assert body["RaceTable"]["driverId"] == driver
        got = lines_of(body)
        assert {line["Driver"]["driverId"] for line in got} == {driver}
        assert [line["number"] for line in got] == [r.car for _, _, r in mine]


def test_filters_combine_in_any_order(client: TestClient) -> None:
    season = wtcr()
    team = "cyan-racing"  # WTCR 2021's champion team
    expected = [
        (rnd, driver)
        for rnd, driver, result in race_lines(season)
        if result.status.value == "classified" and season.entry_for(result.car, rnd).team == team  # type: ignore[union-attr]
    ]
    assert expected
    one = mr(client, f"wtcr/2021/constructors/{team}/status/1/results.json")
    other = mr(client, f"wtcr/2021/status/1/constructors/{team}/results.json")
    assert one["RaceTable"]["Races"] == other["RaceTable"]["Races"]
    assert one["total"] == str(len(expected))
    assert [
        (int(r["round"]), line["Driver"]["driverId"])
        for r in one["RaceTable"]["Races"]
        for line in r["Results"]
    ] == expected
    assert {k: v for k, v in one["RaceTable"].items() if k != "Races"} == {
        "season": "2021",
        "constructorId": team,
        "status": "1",
    }


def test_position_lookups(client: TestClient) -> None:
    season = wtcr()
    winners = [(rnd, d) for rnd, d, r in race_lines(season) if r.position == 1]
    body = mr(client, "wtcr/2021/results/1.json")
    assert [
        (int(race["round"]), race["Results"][0]["Driver"]["driverId"])
        for race in body["RaceTable"]["Races"]
    ] == winners
    assert {line["position"] for line in lines_of(body)} == {"1"}
    poles = mr(client, "wtcr/2021/qualifying/1.json")
    assert poles["total"] == "3"
    assert {line["position"] for line in lines_of(poles, "QualifyingResults")} == {"1"}
    leader = podium.standings(season, "drivers", after_round=2).rows[0]
    body = mr(client, "wtcr/2021/2/driverStandings/1.json")
    rows = body["StandingsTable"]["StandingsLists"][0]["DriverStandings"]
    assert [r["Driver"]["driverId"] for r in rows] == [leader.competitor]
    assert body["StandingsTable"]["driverStandings"] == "1"
    teams = podium.standings(season, "teams").rows
    body = mr(client, "wtcr/2021/constructorStandings/2.json")
    rows = body["StandingsTable"]["StandingsLists"][0]["ConstructorStandings"]
    assert [r["Constructor"]["constructorId"] for r in rows] == [teams[1].competitor]


def test_standings_filters(client: TestClient) -> None:
    season = wtcr()
    table = podium.standings(season, "drivers")
    third = table.rows[2]
    body = mr(client, f"wtcr/2021/drivers/{third.competitor}/driverStandings.json")
    rows = body["StandingsTable"]["StandingsLists"][0]["DriverStandings"]
    assert [(r["position"], r["points"]) for r in rows] == [("3", third.points_text)]
    champions = mr(client, "wtcr/driverStandings/1/drivers.json")["DriverTable"]["Drivers"]
    assert [d["driverId"] for d in champions] == [table.rows[0].competitor]
    seasons = mr(client, f"wtcr/drivers/{table.rows[0].competitor}/driverStandings/1/seasons.json")
    assert [s["season"] for s in seasons["SeasonTable"]["Seasons"]] == ["2021"]
    assert (
        mr(client, f"wtcr/drivers/{third.competitor}/driverStandings/1/seasons.json")["total"]
        == "0"
    )


def test_drivers_constructors_circuits_of_filtered_races(client: TestClient) -> None:
    season = wtcr()
    drivers = {d for _, d, _ in race_lines(season)}
    body = mr(client, "wtcr/2021/drivers.json?limit=100")
    assert {d["driverId"] for d in body["DriverTable"]["Drivers"]} == drivers
    families = [plain(d["familyName"]) for d in body["DriverTable"]["Drivers"]]
    assert families == sorted(families)  # Ergast's order: accents and case aside
    fastest = {d for rnd, d, r in race_lines(season) if r.fastest_lap_rank == 1}
    body = mr(client, "wtcr/2021/fastest/1/drivers.json")
    assert {d["driverId"] for d in body["DriverTable"]["Drivers"]} == fastest and fastest
    aragon = mr(client, "wtcr/2021/circuits/motorland_aragon/races.json")
    assert [r["round"] for r in aragon["RaceTable"]["Races"]] == ["3"]
    circuits = mr(client, "wtcr/2021/circuits.json")["CircuitTable"]["Circuits"]
    assert len(circuits) == len(season.rounds)
    ids = [c["circuitId"] for c in circuits]
    assert ids == sorted(ids)
    one = mr(client, "wtcr/circuits/motorland_aragon.json")["CircuitTable"]["Circuits"]
    assert [c["circuitName"] for c in one] == ["MotorLand Aragón"]
    person = mr(client, "wtcr/drivers/jean-karl-vernay.json")["DriverTable"]["Drivers"]
    assert [(p["givenName"], p["familyName"]) for p in person] == [("Jean-Karl", "Vernay")]


def test_status_counts_every_race_line(client: TestClient) -> None:
    season = wtcr()
    body = mr(client, "wtcr/2021/status.json")
    rows = body["StatusTable"]["Status"]
    assert sum(int(r["count"]) for r in rows) == len(race_lines(season))
    counts = [int(r["count"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    finished = next(r for r in rows if r["status"] == "Finished")
    assert finished["statusId"] == "1"
    only = mr(client, "wtcr/2021/status/1.json")["StatusTable"]
    assert only["Status"] == [finished] and only["status"] == "1"
    retired = mr(client, "wtcr/2021/status/31/results.json?limit=100")
    assert {line["status"] for line in lines_of(retired)} <= {"Retired"}
    dnf = [r for _, _, r in race_lines(season) if r.status.value == "dnf"]
    assert retired["total"] == str(len(dnf))


def test_unknown_ids_and_rounds_past_the_season_are_empty(client: TestClient) -> None:
    nobody = mr(client, "wtcr/constructors/notexist/seasons.json")
    assert (nobody["total"], nobody["SeasonTable"]) == (
        "0",
        {"constructorId": "notexist", "Seasons": []},
    )
    for resource in ("results", "qualifying", "drivers", "circuits", "status", "driverStandings"):
        body = mr(client, f"wtcr/2021/12/{resource}.json")
        assert body["total"] == "0", resource
        table = next(v for k, v in body.items() if k.endswith("Table"))
        assert (table["season"], table["round"]) == ("2021", "12")


def test_next_and_last(client: TestClient) -> None:
    season = wtcr()
    ahead = next(r for r in season.rounds if not r.held)
    for path in ("wtcr/2021/next.json", "wtcr/current/next.json"):
        races = mr(client, path)["RaceTable"]["Races"]
        assert [r["round"] for r in races] == [str(ahead.number)], path
    last = mr(client, "wtcr/current/last/results.json?limit=100")["RaceTable"]
    assert (last["season"], last["round"]) == ("2021", str(season.last_held_round()))


def test_letter_case_and_endings(client: TestClient) -> None:
    canonical = mr(client, "wtcr/2021/driverStandings.json")["StandingsTable"]
    for path in (
        "wtcr/2021/DRIVERSTANDINGS.json",
        "wtcr/2021/driverstandings/",
        "wtcr/2021/DriverStandings",
    ):
        assert mr(client, path)["StandingsTable"] == canonical, path
    assert (
        mr(client, "wtcr/2021/Drivers/jean-karl-vernay/RESULTS.JSON")["total"]
        == mr(client, "wtcr/2021/drivers/jean-karl-vernay/results.json")["total"]
    )


def test_season_less_forms_span_every_season(client: TestClient) -> None:
    everything = mr(client, "wtcr/results.json")
    assert everything["total"] == mr(client, "wtcr/2021/results.json")["total"]
    assert "season" not in everything["RaceTable"]
    assert mr(client, "wtcr/drivers.json")["total"] == mr(client, "wtcr/2021/drivers.json")["total"]
    seasons = mr(client, "wtcr/drivers/jean-karl-vernay/seasons.json")["SeasonTable"]["Seasons"]
    assert [s["season"] for s in seasons] == ["2021"]


def test_paging_slices_the_filtered_lines(client: TestClient) -> None:
    whole = mr(client, "wtcr/2021/3/status/1/results.json?limit=100")
    total = int(whole["total"])
    assert 25 < total <= 100
    paged = []
    for offset in range(0, total, 25):
        page = mr(client, f"wtcr/2021/3/status/1/results.json?limit=25&offset={offset}")
        assert (page["limit"], page["offset"], page["total"]) == ("25", str(offset), str(total))
        paged += [
            (r["round"], r["raceName"], x["number"])
            for r in page["RaceTable"]["Races"]
            for x in r["Results"]
        ]
    assert paged == [
        (r["round"], r["raceName"], x["number"])
        for r in whole["RaceTable"]["Races"]
        for x in r["Results"]
    ]
    standings = mr(client, "wtcr/2021/driverStandings.json?limit=5&offset=20")
    assert standings["total"] == "22"
    assert len(standings["StandingsTable"]["StandingsLists"][0]["DriverStandings"]) == 2


def test_a_filter_the_resource_does_not_take_is_400(client: TestClient) -> None:
    body = mr(client, "wtcr/2021/3/pitstops/1/results.json", 400)
    assert "results takes no filter stop" in body["detail"]
    body = mr(client, "wtcr/2021/grid/1/driverStandings.json", 400)
    assert "grid" in body["detail"]


@needs_f1
def test_f1_filters_on_real_seasons(client: TestClient) -> None:
    from podium.formats.f1db import load_f1db_season

    folder = f1db_path()
    assert folder is not None
    season = load_f1db_season(folder, 1976)
    lauda = [(rnd, r) for rnd, d, r in race_lines(season) if d == "niki-lauda"]
    body = mr(client, "f1/1976/drivers/niki-lauda/results.json")
    assert body["total"] == str(len(lauda))
    wins = mr(client, "f1/drivers/niki-lauda/results/1.json")
    assert wins["total"] == str(sum(1 for _, r in lauda if r.position == 1))
    monaco = mr(client, "f1/circuits/monaco/drivers/niki-lauda/results/1.json")
    assert [r["season"] for r in monaco["RaceTable"]["Races"]] == ["1976"]
    champions = mr(client, "f1/driverStandings/1/drivers.json")["DriverTable"]["Drivers"]
    assert {d["familyName"] for d in champions} == {"Hunt", "Hamilton", "Verstappen"}
    fastest = mr(client, "f1/1976/fastest/1/results.json?limit=100")
    holders = [r for _, _, r in race_lines(season) if r.fastest_lap_rank == 1]
    assert fastest["total"] == str(len(holders)) and holders
    assert {line["FastestLap"]["rank"] for line in lines_of(fastest)} == {"1"}


def f1_season(year: int) -> podium.Season:
    from podium.formats.f1db import load_f1db_season

    folder = f1db_path()
    assert folder is not None
    return load_f1db_season(folder, year)


@needs_f1
def test_pit_stops_and_their_filters(client: TestClient) -> None:
    season = f1_season(2021)
    stops = season.rounds[0].pit_stops
    if not stops:
        pytest.skip("this F1DB import has no pit stops")
    shown = season.aliases.ergast_id
    body = mr(client, "f1/2021/1/pitstops.json?limit=100")
    listed = body["RaceTable"]["Races"][0]["PitStops"]
    assert body["total"] == str(len(stops))
    assert [(p["driverId"], p["lap"], p["stop"]) for p in listed] == [
        (shown("driver", s.driver), str(s.lap), str(s.stop)) for s in stops
    ]
    second = mr(client, "f1/2021/1/pitstops/2.json?limit=100")
    assert second["total"] == str(sum(1 for s in stops if s.stop == 2))
    assert second["RaceTable"]["stop"] == "2"
    driver = stops[0].driver
    for asked in (driver, shown("driver", driver)):  # either id
        mine = mr(client, f"f1/2021/1/drivers/{asked}/pitstops.json")
        assert mine["total"] == str(sum(1 for s in stops if s.driver == driver))
    lap = stops[0].lap
    on_lap = mr(client, f"f1/2021/1/laps/{lap}/pitstops.json")
    assert on_lap["total"] == str(sum(1 for s in stops if s.lap == lap))
    assert mr(client, "f1/2021/1/laps.json")["total"] == "0"  # no lap-by-lap data


@needs_f1
def test_schedule_values_as_stored(client: TestClient) -> None:
    season = f1_season(2021)
    races = mr(client, "f1/2021/races.json?limit=100")["RaceTable"]["Races"]
    assert len(races) == len(season.rounds)
    keys = {"fp1": "FirstPractice", "qualifying": "Qualifying", "sprint": "Sprint"}
    for race, rnd in zip(races, season.rounds, strict=True):
        slots = {s.session: s for s in rnd.schedule}
        day = slots["race"].day if "race" in slots else rnd.end
        assert race["date"] == (day.isoformat() if day else None)
        timed = slots.get("race")
        assert race.get("time") == (f"{timed.time:%H:%M:%S}Z" if timed and timed.time else None)
        for slot, key in keys.items():
            if slot in slots:
                assert race[key]["date"] == slots[slot].day.isoformat()
            else:
                assert key not in race
        if rnd.latitude is not None:
            assert float(race["Circuit"]["Location"]["lat"]) == pytest.approx(
                rnd.latitude, abs=1e-3
            )
        if rnd.circuit_name:
            assert race["Circuit"]["circuitName"] == rnd.circuit_name


SEGMENTS = (
    *("2021", "1976", "current", "1", "3", "99", "0", "last", "next", "x", "..", "a.b", "-1"),
    *("drivers", "constructors", "circuits", "grid", "results", "fastest", "status"),
    *("driverStandings", "constructorStandings", "laps", "pitstops", "qualifying", "sprint"),
    *("seasons", "races", "standings", "junior", "STATUS", "%C2%B2", "hunt", "monaco"),
)


def test_any_combination_of_segments_is_an_answer_or_a_4xx(client: TestClient) -> None:
    """Paths made of Ergast's words in random order (seeded): never a server error."""
    import random

    pick = random.Random(15)
    for _ in range(300):
        words = [pick.choice(SEGMENTS) for _ in range(pick.randint(1, 7))]
        path = "/".join(words) + pick.choice(("", ".json", "/"))
        series = pick.choice(("f1", "wtcr"))
        response = client.get(f"/ergast/{series}/{path}?limit=3")
        assert response.status_code < 500, (path, response.text[:300])
        assert response.headers["content-type"].startswith("application/json"), path


def constructor_named(client: TestClient, path: str, ergast_id: str) -> tuple[str, str]:
    rows = mr(client, path)["ConstructorTable"]["Constructors"]
    found = [(r["name"], r["nationality"]) for r in rows if r["constructorId"] == ergast_id]
    assert len(found) == 1, (path, rows)
    return found[0]


@needs_f1
def test_constructors_are_named_as_ergast_names_them(client: TestClient) -> None:
    # F1DB (and podium's own API) names the chassis-engine pair; Ergast the chassis maker.
    seasons = {year: f1_season(year) for year in (1976, 2008, 2021, 2023)}
    for year, team, ergast_id, expected in (
        (2021, "red-bull-honda", "red_bull", ("Red Bull", "Austrian")),
        (2023, "red-bull-honda-rbpt", "red_bull", ("Red Bull", "Austrian")),
        (2008, "mclaren-mercedes", "mclaren", ("McLaren", "British")),
        (1976, "tyrrell-ford", "tyrrell", ("Tyrrell", "British")),
        (2023, "alfa-romeo-ferrari", "alfa", ("Alfa Romeo", "Swiss")),  # F1DB: Italian
    ):
        assert seasons[year].teams[team].name != expected[0]
        assert constructor_named(client, f"f1/{year}/constructors.json", ergast_id) == expected
        # By either id, and wherever a constructor is shown: results and standings.
        assert constructor_named(client, f"f1/{year}/constructors/{team}.json", ergast_id) == (
            expected
        )
        body = mr(client, f"f1/{year}/constructors/{ergast_id}/results.json?limit=1")
        shown = lines_of(body)[0]["Constructor"]
        assert (shown["name"], shown["nationality"]) == expected
        table = mr(client, f"f1/{year}/constructors/{ergast_id}/constructorStandings.json")
        row = table["StandingsTable"]["StandingsLists"][0]["ConstructorStandings"][0]
        assert (row["Constructor"]["name"], row["Constructor"]["nationality"]) == expected
        own = client.get(f"/api/v1/series/f1/seasons/{year}/teams/{team}").json()
        assert own["name"] == seasons[year].teams[team].name  # podium's API keeps F1DB's


@needs_f1
def test_seasons_link_to_their_wikipedia_page(client: TestClient) -> None:
    rows = mr(client, "f1/seasons.json?limit=100")["SeasonTable"]["Seasons"]
    links = {r["season"]: r["url"] for r in rows}
    assert links["1976"] == "https://en.wikipedia.org/wiki/1976_Formula_One_season"
    assert links["2008"] == "https://en.wikipedia.org/wiki/2008_Formula_One_World_Championship"
    # A series without an alias table for its seasons keeps podium's own season page.
    wtcr_rows = mr(client, "wtcr/seasons.json")["SeasonTable"]["Seasons"]
    assert wtcr_rows and all(r["url"].endswith(f"/wtcr/{r['season']}") for r in wtcr_rows)
