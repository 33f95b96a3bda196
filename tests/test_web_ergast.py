"""The Ergast-compatible routes: Jolpica's shapes, the library's numbers, Ergast's paging.

Shapes are compared with the Jolpica-shaped samples in tests/data/jolpica (written from
Jolpica's documentation); numbers with `podium.standings` on the same season.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import podium
from podium.storage import Database
from podium.web import create_app
from podium.web.query import session_points
from webkit import f1db_path, fill

SAMPLES = Path(__file__).parent / "data" / "jolpica"

# Keys always there, per kind of object (the key it sits under): those the documentation
# marks so, less those podium leaves out where the data lacks a value (a date of birth, a
# circuit's reference link), as Ergast does for its own gaps.
REQUIRED = {
    "MRData": {"xmlns", "series", "url", "limit", "offset", "total"},
    "Driver": {"driverId", "url", "familyName"},
    "Constructor": {"constructorId", "url", "name"},
    "Constructors": {"constructorId", "url", "name"},
    "Circuit": {"circuitId", "circuitName", "Location"},
    "Circuits": {"circuitId", "circuitName", "Location"},
    "Location": {"country"},
    "Races": {"season", "round", "url", "raceName", "Circuit", "date"},
    "Results": {"number", "position", "positionText", "points", "Driver"},
    "SprintResults": {"number", "position", "positionText", "points", "Driver"},
    "QualifyingResults": {"number", "Driver", "Constructor"},
    "DriverStandings": {"positionText", "points", "wins", "Driver", "Constructors"},
    "ConstructorStandings": {"positionText", "points", "wins", "Constructor"},
    "Drivers": {"driverId", "url", "familyName"},
    "StandingsLists": {"season", "round"},
}
# A *Table echoes the round filter, as Jolpica's round-filtered examples show; podium adds
# which classification a /standings/{classification} table is.
FILTERS = {"round"}
EXTENSIONS = {"StandingsTable": {"classification"}}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('ergast') / 'podium.sqlite3'}"
    fill(url)
    folder = f1db_path()
    if folder is not None:  # a season with sprints
        from podium.formats.f1db import load_f1db_season

        with Database(url) as database:
            database.import_season(load_f1db_season(folder, 2023))
    with TestClient(create_app(url, refresh=None)) as test_client:
        yield test_client


def get(client: TestClient, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    return response.json()


def compare(ours: Any, sample: Any, under: str, where: str, problems: list[str]) -> None:
    """Every key of ours is one the sample has (or a documented podium extension), every key
    the documentation requires is there, every scalar is a string."""
    if isinstance(sample, dict):
        if not isinstance(ours, dict):
            problems.append(f"{where}: an object in Jolpica, {type(ours).__name__} here")
            return
        allowed = set(sample) | EXTENSIONS.get(under, set())
        if under.endswith("Table"):
            allowed |= FILTERS
        problems += [f"{where}.{k}: key Jolpica never sends" for k in ours if k not in allowed]
        problems += [
            f"{where}.{k}: required key missing" for k in REQUIRED.get(under, ()) if k not in ours
        ]
        for key, value in ours.items():
            if key in sample:
                compare(value, sample[key], key, f"{where}.{key}", problems)
    elif isinstance(sample, list):
        if not isinstance(ours, list):
            problems.append(f"{where}: a list in Jolpica, {type(ours).__name__} here")
            return
        for i, item in enumerate(ours):
            compare(item, sample[0], under, f"{where}[{i}]", problems)
    elif not isinstance(ours, str):
        problems.append(f"{where}: {ours!r} is not a string")


SHAPES = [
    ("results.json", "/ergast/wtcr/2021/3/results.json"),
    ("results.json", "/ergast/club/2025/results.json?limit=100"),
    ("qualifying.json", "/ergast/wtcr/2021/3/qualifying.json"),
    ("qualifying.json", "/ergast/wtcr/2021/1/qualifying.json"),
    ("races.json", "/ergast/wtcr/2021.json"),
    ("races.json", "/ergast/wtcr/2021/races.json"),
    ("races.json", "/ergast/club/2025/3.json"),
    ("driverStandings.json", "/ergast/wtcr/2021/3/driverStandings.json?limit=100"),
    ("driverStandings.json", "/ergast/wtcr/2021/standings/junior.json"),
    ("driverStandings.json", "/ergast/club/2025/driverStandings.json"),
    ("constructorStandings.json", "/ergast/wtcr/2021/constructorStandings.json"),
    ("constructorStandings.json", "/ergast/wtcr/2021/2/standings/teams.json"),
    ("drivers.json", "/ergast/wtcr/2021/drivers.json?limit=100"),
    ("drivers.json", "/ergast/wtcr/2021/2/drivers.json"),
    ("constructors.json", "/ergast/wtcr/2021/constructors.json"),
    ("circuits.json", "/ergast/wtcr/2021/circuits.json"),
]
F1_SHAPES = [
    ("results.json", "/ergast/f1/1976/16/results.json"),
    ("qualifying.json", "/ergast/f1/1976/16/qualifying.json"),
    ("driverStandings.json", "/ergast/f1/1976/driverStandings.json"),
    ("constructorStandings.json", "/ergast/f1/1976/constructorStandings.json"),
    ("sprint.json", "/ergast/f1/2023/4/sprint.json"),
    ("sprint.json", "/ergast/f1/2023/sprint.json?limit=100"),
]


@pytest.mark.parametrize(("sample", "path"), SHAPES + F1_SHAPES)
def test_responses_have_jolpicas_shape(client: TestClient, sample: str, path: str) -> None:
    if path.startswith("/ergast/f1/") and f1db_path() is None:
        pytest.skip("no F1DB data here")
    ours = get(client, path)
    expected = json.loads((SAMPLES / sample).read_text())
    problems: list[str] = []
    compare(ours, expected, "", "", problems)
    assert problems == []
    assert list(ours["MRData"])[:6] == ["xmlns", "series", "url", "limit", "offset", "total"]
    table = next(k for k in ours["MRData"] if k.endswith("Table"))
    assert table == next(k for k in expected["MRData"] if k.endswith("Table"))
    assert int(ours["MRData"]["total"]) > 0


def test_driver_standings_are_the_librarys(client: TestClient) -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    for after in (1, 2, 3):
        table = podium.standings(season, "drivers", after_round=after)
        body = get(client, f"/ergast/wtcr/2021/{after}/driverStandings.json?limit=100")
        lists = body["MRData"]["StandingsTable"]["StandingsLists"]
        rows = lists[0]["DriverStandings"]
        assert body["MRData"]["total"] == str(len(table.rows))
        assert [(r["Driver"]["driverId"], r["points"], r["wins"]) for r in rows] == [
            (s.competitor, s.points_text, str(s.wins)) for s in table.rows
        ]
        assert [r["position"] for r in rows] == [str(s.position) for s in table.rows]
    leader = get(client, "/ergast/wtcr/2021/3/driverStandings.json?limit=1")
    first = leader["MRData"]["StandingsTable"]["StandingsLists"][0]["DriverStandings"][0]
    assert (first["Driver"]["familyName"], first["points"], first["Driver"]["nationality"]) == (
        "Vernay",
        "82",
        "French",
    )
    assert [c["constructorId"] for c in first["Constructors"]] == ["engstler-hyundai"]


@pytest.mark.parametrize("classification", ["drivers", "teams", "junior", "trophy"])
def test_every_classification_in_the_same_shape(client: TestClient, classification: str) -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    table = podium.standings(season, classification, after_round=2)
    body = get(client, f"/ergast/wtcr/2021/2/standings/{classification}.json?limit=100")
    standings = body["MRData"]["StandingsTable"]
    assert standings["classification"] == classification
    listing = standings["StandingsLists"][0]
    key = "DriverStandings" if classification != "teams" else "ConstructorStandings"
    who = "Driver" if key == "DriverStandings" else "Constructor"
    ident = "driverId" if who == "Driver" else "constructorId"
    assert [(r[who][ident], r["points"]) for r in listing[key]] == [
        (s.competitor, s.points_text) for s in table.rows
    ]


def test_constructor_standings_are_the_first_organisation_classification(
    client: TestClient,
) -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    table = podium.standings(season, "teams")
    body = get(client, "/ergast/wtcr/current/last/constructorStandings.json")
    rows = body["MRData"]["StandingsTable"]["StandingsLists"][0]["ConstructorStandings"]
    assert [(r["Constructor"]["constructorId"], r["points"]) for r in rows] == [
        (s.competitor, s.points_text) for s in table.rows
    ]
    assert rows[0]["Constructor"]["name"] == "Cyan Racing Lynk & Co"
    assert rows[0]["points"] == "141"


def test_dropped_scores_and_shared_places_as_ergast_gives_them(client: TestClient) -> None:
    season = podium.load_season(podium.example_path("club-2025"))
    table = podium.standings(season, "drivers")
    body = get(client, "/ergast/club/2025/driverStandings.json?limit=100")
    rows = body["MRData"]["StandingsTable"]["StandingsLists"][0]["DriverStandings"]
    # Points after drops, as the library counts them (Reddish 129 on countback).
    assert [(r["Driver"]["driverId"], r["points"]) for r in rows] == [
        (s.competitor, s.points_text) for s in table.rows
    ]
    assert all(not r["positionText"].startswith("=") for r in rows)


def test_result_points_are_what_each_race_scored(client: TestClient) -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    table = podium.standings(season, "drivers", after_round=3)
    scored = session_points(table, 3)
    body = get(client, "/ergast/wtcr/2021/3/results.json?limit=100")
    races = body["MRData"]["RaceTable"]["Races"]
    assert [r["raceName"] for r in races] == [
        "WTCR Race of Spain: Race 1",
        "WTCR Race of Spain: Race 2",
    ]
    for race, session in zip(races, ("race1", "race2"), strict=True):
        for line in race["Results"]:
            expected = scored.get((line["Driver"]["driverId"], session), Fraction(0))
            assert Fraction(line["points"]) == expected
    winner = races[0]["Results"][0]
    assert (winner["Driver"]["driverId"], winner["position"], winner["status"]) == (
        "gabriele-tarquini",
        "1",
        "Finished",
    )
    assert winner["Time"] == {"millis": "1283928", "time": "21:23.928"}
    assert winner["FastestLap"] == {"rank": "1", "Time": {"time": "2:07.023"}}
    assert races[0]["Results"][1]["Time"]["time"] == "+1.880"
    only_race2 = get(client, "/ergast/wtcr/2021/3/results.json?session=race2&limit=100")
    assert [r["raceName"] for r in only_race2["MRData"]["RaceTable"]["Races"]] == [
        "WTCR Race of Spain: Race 2"
    ]


def test_paging_is_ergasts(client: TestClient) -> None:
    whole = get(client, "/ergast/wtcr/2021/results.json?limit=100")["MRData"]
    total = int(whole["total"])
    assert total > 100  # 3 rounds, 2 races each, 22 cars
    assert whole["limit"] == "100"
    lines = []
    for offset in range(0, total, 30):
        page = get(client, f"/ergast/wtcr/2021/results.json?offset={offset}")["MRData"]
        assert (page["limit"], page["offset"], page["total"]) == ("30", str(offset), str(total))
        for race in page["RaceTable"]["Races"]:
            lines += [(race["round"], race["raceName"], r["number"]) for r in race["Results"]]
    assert len(lines) == total
    first_hundred = [
        (race["round"], race["raceName"], r["number"])
        for race in whole["RaceTable"]["Races"]
        for r in race["Results"]
    ]
    assert lines[:100] == first_hundred
    assert get(client, "/ergast/wtcr/2021/drivers.json?limit=500")["MRData"]["limit"] == "100"
    beyond = get(client, "/ergast/wtcr/2021/drivers.json?offset=1000")["MRData"]
    assert beyond["DriverTable"]["Drivers"] == []
    assert beyond["total"] == "22" or int(beyond["total"]) > 0


def test_aliases_spellings_and_endings(client: TestClient) -> None:
    canonical = get(client, "/ergast/wtcr/2021/3/driverStandings.json")["MRData"]
    for alias in (
        "/ergast/wtcr/current/last/driverStandings.json",
        "/ergast/wtcr/current/last/driverstandings/",
        "/ergast/wtcr/2021/driverstandings",
    ):
        body = get(client, alias)["MRData"]
        lists = body["StandingsTable"]["StandingsLists"]
        assert lists == canonical["StandingsTable"]["StandingsLists"], alias
        assert body["url"].endswith(".json")
    assert get(client, "/ergast/wtcr/current.json")["MRData"]["RaceTable"]["season"] == "2021"
    last = get(client, "/ergast/wtcr/2021/last/results.json")["MRData"]["RaceTable"]
    assert last["round"] == "3"
    seasons = get(client, "/ergast/wtcr/seasons.json")["MRData"]["SeasonTable"]["Seasons"]
    assert [s["season"] for s in seasons] == ["2021"]


def test_a_round_not_held_has_no_standings_yet(client: TestClient) -> None:
    body = get(client, "/ergast/wtcr/2021/5/driverStandings.json")["MRData"]
    assert body["total"] == "0"
    assert body["StandingsTable"]["StandingsLists"] == []
    assert get(client, "/ergast/wtcr/2021/5/results.json")["MRData"]["RaceTable"]["Races"] == []


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/ergast/nocup/2021/driverStandings.json", 404, "no series 'nocup'"),
        ("/ergast/wtcr/1999/driverStandings.json", 404, "no season wtcr/1999"),
        ("/ergast/wtcr/2021/standings/masters.json", 404, "no classification 'masters'"),
        ("/ergast/wtcr/2021/3/results.json?session=race9", 404, "no session 'race9'"),
        ("/ergast/wtcr/2021/nothing/here.json", 404, "no such page or route"),
        ("/ergast/wtcr/2021/driverStandings.json?limit=-1", 422, "query.limit"),
        ("/ergast/wtcr/2021/driverStandings.json?offset=x", 422, "query.offset"),
        ("/ergast/wtcr/20x1/driverStandings.json", 422, "path.season"),
        ("/ergast/wtcr/2021/first/driverStandings.json", 422, "path.round"),
    ],
)
def test_bad_requests_are_json_errors(
    client: TestClient, path: str, status: int, words: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] in ("not found", "invalid")
    assert words in json.dumps(body)


def test_f1_1976_standings_and_results_are_the_librarys(client: TestClient) -> None:
    folder = f1db_path()
    if folder is None:
        pytest.skip("no F1DB data here")
    from podium.formats.f1db import load_f1db_season

    season = load_f1db_season(folder, 1976)
    drivers = podium.standings(season, "drivers")
    body = get(client, "/ergast/f1/1976/driverStandings.json?limit=100")["MRData"]
    rows = body["StandingsTable"]["StandingsLists"][0]["DriverStandings"]
    assert body["StandingsTable"]["StandingsLists"][0]["round"] == "16"
    ergast_id = season.aliases.ergast_id  # the series' Ergast ids, else podium's
    assert [(r["Driver"]["driverId"], r["points"]) for r in rows] == [
        (ergast_id("driver", s.competitor), s.points_text) for s in drivers.rows
    ]
    assert (rows[0]["Driver"]["givenName"], rows[0]["Driver"]["familyName"]) == ("James", "Hunt")
    assert rows[0]["Driver"]["code"] == "HUN"
    teams = podium.standings(season, "constructors")
    body = get(client, "/ergast/f1/1976/constructorStandings.json")["MRData"]
    rows = body["StandingsTable"]["StandingsLists"][0]["ConstructorStandings"]
    assert [(r["Constructor"]["constructorId"], r["points"]) for r in rows] == [
        (ergast_id("constructor", s.competitor), s.points_text) for s in teams.rows
    ]
    race = get(client, "/ergast/f1/1976/16/results.json")["MRData"]["RaceTable"]["Races"][0]
    assert race["raceName"] == "Japanese Grand Prix"
    assert race["Circuit"]["Location"]["country"] == "Japan"
    assert race["Results"][0]["Driver"]["driverId"] == ergast_id("driver", "mario-andretti")
