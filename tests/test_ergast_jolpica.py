"""podium's Ergast routes against Jolpica's own recorded responses.

tests/data/jolpica/responses holds the responses Jolpica's test suite stores for the 2023
season (jolpica/jolpica-f1, tests/fixtures/ergast_responses, Apache-2.0; see the README
there), one file per path: `2023@grid@1@results.json^limit=1` is
`/ergast/f1/2023/grid/1/results.json?limit=1`. podium, holding F1 2023 from F1DB with the
bundled alias table, answers each path; every value must equal Jolpica's, or differ for a
reason docs/api.md lists under "Known differences" (the DIFFERENCES below, by field).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import ergastkit
from webkit import f1db_path

RESPONSES = Path(__file__).parent / "data" / "jolpica" / "responses"
API_DOC = Path(__file__).parents[1] / "docs" / "api.md"

# Why a field may differ, by the words docs/api.md uses for it -> the fields (paths with list
# indices dropped, as ".RaceTable.Races[].Results[].grid").
DIFFERENCES: dict[str, tuple[str, ...]] = {
    "permanent numbers": ("permanentNumber",),
    "sprint fastest laps": ("SprintResults[].FastestLap",),
    "session times": (
        "Races[].time",
        "FirstPractice",
        "SecondPractice",
        "ThirdPractice",
        "Qualifying",
        "Sprint",
        "SprintQualifying",
    ),
    "circuit names and places": (
        "circuitName",
        "Location.locality",
        "Location.lat",
        "Location.long",
        "Circuit.url",
        "Circuits[].url",
    ),
    "names as F1DB writes them": ("familyName", "raceName"),
    "Lapped": ("status", "statusId", "count", "Status", "Results[].Time"),
    "pit stop clock times": ("PitStops[].time",),
    "season links": ("Seasons[].url",),
    "segment times": ("Q1", "Q2", "Q3"),
    "pit-lane starts": ("Results[].grid", "SprintResults[].grid"),
}
# Whole responses where Jolpica's reading of the path is not Ergast's (docs/api.md).
WHOLE = {
    "qualifying places": (
        "2023@12@qualifying@1.json",
        "2023@12@qualifying@13.json",
        "2023@qualifying@1.json",
        "2023@status@1@qualifying.json",
    ),
    "qualifying order": ("2023@qualifying.json",),
    "disqualified cars": ("2023@grid@1@results.json", "2023@results@20@drivers.json"),
    "a season not stored": ("2023@next.json",),
    "lap times": (
        "2023@10@laps@1.json",
        "2023@18@laps.json^offset=45",
        "2023@1@laps.json",
    ),
    "retirement reasons": ("2023@status@23@circuits.json",),
    "fastest/0": ("2023@drivers@alonso@fastest@0@seasons.json",),
    "statuses since 2023": (
        "2023@17@status.json",
        "2023@status.json",
        "2023@status@1@results.json",
    ),
    "sprint classifications": ("2023@sprint.json",),
}

FILES = sorted(p.name for p in RESPONSES.iterdir() if p.suffix == ".json" or "^" in p.name)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    if f1db_path() is None:
        pytest.skip("no F1DB data here")
    from podium.web import create_app

    with TestClient(create_app(ergastkit.database(), refresh=None)) as test_client:
        yield test_client


def url_of(name: str) -> str:
    path, _, query = name.partition("^")
    return "/ergast/f1/" + path.replace("@", "/") + (f"?{query}" if query else "")


def differences(ours: Any, theirs: Any, where: str = "") -> list[str]:
    """Every field where the two differ, as its path (missing and extra keys too)."""
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            return [where]
        found = [f"{where}.{k}" for k in theirs.keys() ^ ours.keys()]
        for key in theirs.keys() & ours.keys():
            found += differences(ours[key], theirs[key], f"{where}.{key}")
        return found
    if isinstance(theirs, list):
        if not isinstance(ours, list):
            return [where]
        found = [f"{where}[]"] if len(ours) != len(theirs) else []
        for a, b in zip(ours, theirs, strict=False):
            found += differences(a, b, f"{where}[]")
        return found
    return [] if ours == theirs else [where]


def explained(field: str) -> bool:
    field = re.sub(r"\[\d+\]", "[]", field)
    return any(
        field.endswith(end) or f"{end}." in field or f"{end}[]" in field
        for ends in DIFFERENCES.values()
        for end in ends
    )


def test_the_recorded_responses_are_here() -> None:
    assert len(FILES) >= 70
    assert all(name.startswith("2023@") for name in FILES)


@pytest.mark.parametrize("name", FILES)
def test_podium_answers_jolpicas_path_alike(client: TestClient, name: str) -> None:
    theirs = json.loads((RESPONSES / name).read_text(encoding="utf-8"))["MRData"]
    response = client.get(url_of(name))
    assert response.status_code == 200, response.text[:300]
    ours = response.json()["MRData"]
    for key in ("series", "limit", "offset"):
        assert ours[key] == theirs[key], key
    table = next(k for k in theirs if k.endswith("Table"))
    assert table in ours
    if any(name in files for files in WHOLE.values()):
        return  # the same table, read differently: see WHOLE
    found = [f for f in differences(ours, theirs) if f not in (".xmlns", ".url")]
    unexplained = [f for f in found if not explained(f)]
    assert unexplained == [], unexplained[:10]


def test_every_difference_is_documented() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    section = text[text.index("### Known differences") :]
    for words in (*DIFFERENCES, *WHOLE):
        assert words in section, words


def test_equal_where_f1db_has_the_value(client: TestClient) -> None:
    """The standings, results and qualifying values F1DB holds are Jolpica's exactly."""
    theirs = json.loads((RESPONSES / "2023@22@driverstandings.json").read_text())["MRData"]
    ours = client.get(url_of("2023@22@driverstandings.json")).json()["MRData"]
    rows = ["StandingsTable", "StandingsLists"]
    mine = ours[rows[0]][rows[1]][0]["DriverStandings"]
    recorded = theirs[rows[0]][rows[1]][0]["DriverStandings"]
    keys = ("position", "positionText", "points", "wins")
    assert [(r["Driver"]["driverId"], *(r[k] for k in keys)) for r in mine] == [
        (r["Driver"]["driverId"], *(r[k] for k in keys)) for r in recorded
    ]
    race = client.get(url_of("2023@9@results.json")).json()["MRData"]["RaceTable"]["Races"][0]
    recorded_race = json.loads((RESPONSES / "2023@9@results.json").read_text())["MRData"]
    lines = recorded_race["RaceTable"]["Races"][0]["Results"]
    keys = ("number", "position", "positionText", "points", "laps")
    assert [tuple(r[k] for k in keys) for r in race["Results"]] == [
        tuple(r[k] for k in keys) for r in lines
    ]
    assert (
        race["Circuit"]["circuitId"]
        == recorded_race["RaceTable"]["Races"][0]["Circuit"]["circuitId"]
    )


def test_season_links_are_jolpicas_but_for_the_scheme(client: TestClient) -> None:
    """ "season links": the same Wikipedia page, `https` as tables.sql writes it."""
    compared = 0
    for name in FILES:
        theirs = json.loads((RESPONSES / name).read_text(encoding="utf-8"))["MRData"]
        if "SeasonTable" not in theirs or any(name in files for files in WHOLE.values()):
            continue
        ours = client.get(url_of(name)).json()["MRData"]["SeasonTable"]["Seasons"]
        recorded = theirs["SeasonTable"]["Seasons"]
        assert [s["url"] for s in ours] == [
            s["url"].replace("http://", "https://", 1) for s in recorded
        ], name
        compared += len(recorded)
    assert compared > 0
