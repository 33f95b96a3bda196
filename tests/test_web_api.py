"""podium's own API: reads, the per-round breakdown, paging by whole sessions, ETags."""

from __future__ import annotations

import dataclasses
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import podium
from podium.model import SessionKind
from podium.storage import Database
from podium.web import create_app
from podium.web.store import Rendered, ResponseCache
from webkit import fill

API = "/api/v1/series"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'podium.sqlite3'}"
    fill(url, f1=False)
    with TestClient(create_app(url, refresh=None)) as test_client:
        yield test_client


def get(client: TestClient, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status, (path, response.text[:500])
    return response.json()


def test_series_and_seasons(client: TestClient) -> None:
    listed = get(client, API)["series"]
    seasons = {s["id"]: s["seasons"] for s in listed}
    assert seasons == {"club": [2025], "fenmoor": [2025], "moto": [2026], "wtcr": [2021]}
    one = get(client, f"{API}/wtcr")
    assert one["name"] == "WTCR - FIA World Touring Car Cup"
    assert one["seasons"][0]["url"].endswith("/api/v1/series/wtcr/seasons/2021")
    season = get(client, f"{API}/wtcr/seasons/2021")
    assert (season["rounds_total"], season["last_held_round"]) == (8, 3)
    assert [c["id"] for c in season["classifications"]] == ["drivers", "teams", "junior", "trophy"]
    assert season["ergast"] == {"driverStandings": "drivers", "constructorStandings": "teams"}
    assert get(client, f"{API}/wtcr/seasons/current")["year"] == 2021
    rounds = get(client, f"{API}/wtcr/seasons/2021/rounds")["rounds"]
    assert [(r["round"], r["status"]) for r in rounds][:4] == [
        (1, "held"),
        (2, "held"),
        (3, "held"),
        (4, "scheduled"),
    ]
    classifications = get(client, f"{API}/wtcr/seasons/2021/classifications")["classifications"]
    assert classifications[2] == {
        "id": "junior",
        "name": "FIA World Touring Car Cup for Junior Drivers",
        "short_name": "Junior",
        "competitor": "driver",
    }


def test_rounds_and_sessions(client: TestClient) -> None:
    rnd = get(client, f"{API}/wtcr/seasons/2021/rounds/3")
    assert [s["id"] for s in rnd["sessions"]][-2:] == ["race1", "race2"]
    session = get(client, f"{API}/wtcr/seasons/2021/rounds/3/sessions/race1")
    first = session["results"][0]
    assert (first["position_text"], first["car"], first["drivers"][0]["name"]) == (
        "1",
        "3",
        "Gabriele Tarquini",
    )
    assert first["team"]["id"] == "brc-hyundai"
    everything = get(client, f"{API}/wtcr/seasons/2021/rounds/3/sessions")["sessions"]
    assert [s["session"] for s in everything] == [s["id"] for s in rnd["sessions"]]


def test_standings_after_any_round_with_the_breakdown(client: TestClient) -> None:
    season = podium.load_season(podium.example_path("wtcr-2021"))
    for after in (1, 2, 3):
        body = get(client, f"{API}/wtcr/seasons/2021/standings/trophy?after={after}")
        expected = podium.standings(season, "trophy", after_round=after).as_dict()
        for row in body["standings"]:
            for score in row["rounds"]:
                # each round's points split by session, adding up to the round's
                assert sum(Fraction(p) for p in score.pop("sessions").values()) == Fraction(
                    score["points"]
                )
        body.pop("calendar")
        assert body == expected
    default = get(client, f"{API}/wtcr/seasons/2021/standings/drivers")
    assert default["after_round"] == 3
    assert (default["standings"][0]["name"], default["standings"][0]["points"]) == (
        "Jean-Karl Vernay",
        "82",
    )


def test_dropped_rounds_are_marked(client: TestClient) -> None:
    body = get(client, f"{API}/club/seasons/2025/standings/drivers")
    reddish = body["standings"][0]
    assert reddish["name"] == "Callum Reddish"
    assert [(r["round"], r["points"], r["dropped"]) for r in reddish["rounds"]] == [
        (1, "37", False),
        (2, "35", False),
        (3, "12", True),
        (4, "37", False),
        (5, "20", False),
    ]


def test_paging_never_splits_a_race(client: TestClient) -> None:
    season = podium.load_season(podium.example_path("club-2025"))
    races = [
        (rnd.number, s.id, len(s.results))
        for rnd in season.rounds
        for s in rnd.sessions
        if s.kind is SessionKind.RACE and s.results
    ]
    seen = []
    path: str | None = f"{API}/club/seasons/2025/results?kind=race&limit=3"
    pages = 0
    while path is not None:
        body = get(client, path)
        assert body["total"] == len(races)
        assert len(body["sessions"]) <= 3
        seen += [(s["round"], s["session"], len(s["results"])) for s in body["sessions"]]
        path = body["next"]
        pages += 1
    assert seen == races  # every race once, each with its whole classification
    assert pages == -(-len(races) // 3)
    everything = get(client, f"{API}/club/seasons/2025/results?kind=all&limit=100")
    assert everything["total"] == sum(1 for rnd in season.rounds for s in rnd.sessions if s.results)


def test_driver_and_team(client: TestClient) -> None:
    vernay = get(client, f"{API}/wtcr/seasons/2021/drivers/jean-karl-vernay")
    assert vernay["standings"][0] == {
        "classification": "drivers",
        "name": "FIA World Touring Car Cup for Drivers",
        "after_round": 3,
        "position": 1,
        "position_text": "1",
        "points": "82",
        "points_exact": "82",
        "wins": 1,
    }
    scored = sum(Fraction(r["points"]) for r in vernay["results"] if r["points"])
    assert scored == 82
    team = get(client, f"{API}/wtcr/seasons/2021/teams/cyan-racing")
    assert {c["car"]: c["drivers"][0]["name"] for c in team["cars"]} == {
        "68": "Yann Ehrlacher",
        "100": "Yvan Muller",
    }
    assert team["standings"][0]["points"] == "141"


def test_etag_and_304(client: TestClient) -> None:
    path = f"{API}/wtcr/seasons/2021/standings/drivers?after=3"
    first = client.get(path)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, no-cache"
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304
    other = client.get(path, headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.content == first.content
    head = client.head(path)
    assert (head.status_code, head.content, head.headers["etag"]) == (200, b"", etag)
    assert head.headers["content-length"] == str(len(first.content))
    ergast = client.get("/ergast/wtcr/2021/driverStandings.json")
    assert (
        client.get(
            "/ergast/wtcr/2021/driverStandings.json",
            headers={"If-None-Match": ergast.headers["etag"]},
        ).status_code
        == 304
    )


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        (f"{API}/nocup", 404, "no series 'nocup'"),
        (f"{API}/wtcr/seasons/2030", 404, "no season wtcr/2030"),
        (f"{API}/wtcr/seasons/2021/rounds/12", 404, "has no round 12"),
        (f"{API}/wtcr/seasons/2021/rounds/3/sessions/race9", 404, "no session 'race9'"),
        (f"{API}/wtcr/seasons/2021/standings/masters", 404, "no classification 'masters'"),
        (f"{API}/wtcr/seasons/2021/standings/drivers?after=5", 404, "no standings after round 5"),
        (f"{API}/wtcr/seasons/2021/drivers/nobody", 404, "no driver 'nobody'"),
        (f"{API}/wtcr/seasons/2021/teams/nobody", 404, "no team 'nobody'"),
        (f"{API}/wtcr/seasons/2021/standings/drivers?after=x", 422, "query.after"),
        (f"{API}/wtcr/seasons/2021/results?limit=0", 422, "query.limit"),
        (f"{API}/wtcr/seasons/2021/results?kind=laps", 422, "query.kind"),
        (f"{API}/wtcr/seasons/21", 422, "path.year"),
        ("/api/v2/nothing", 404, "no such page or route"),
    ],
)
def test_bad_input_is_a_json_error(client: TestClient, path: str, status: int, words: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) <= {"error", "detail", "problems"}
    assert words in str(body)


def test_openapi_and_docs_page(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    paths = spec["paths"]
    assert "/api/v1/series/{series}/seasons/{year}/standings/{classification}" in paths
    assert "/ergast/{series}/{season}/{round}/driverStandings.json" in paths
    put = paths["/api/v1/series/{series}/seasons/{year}/rounds/{round}/sessions/{session}/results"]
    assert put["put"]["security"] == [{"token": []}]
    assert set(put["put"]["requestBody"]["content"]) == {"text/csv", "application/json"}
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]
    assert "/api/v1/series/{series}/seasons/{year}/standings/{classification}" in docs.text
    assert "<script" not in docs.text


def test_podium_serve_serves_until_stopped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'podium.sqlite3'}"
    fill(url, f1=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "podium", "serve", "--port", str(port), "--db", url]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/ergast/wtcr/2021/driverStandings.json", timeout=5
                ) as response:
                    body = json.load(response)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        leader = body["MRData"]["StandingsTable"]["StandingsLists"][0]["DriverStandings"][0]
        assert (leader["Driver"]["driverId"], leader["points"]) == ("jean-karl-vernay", "82")
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=20)
    assert process.returncode == 0
    assert f"pages at http://127.0.0.1:{port}/" in errors


def test_changes_by_another_process_are_noticed(db_url: str) -> None:
    url = db_url
    fill(url, f1=False)
    with TestClient(create_app(url, refresh=0.1)) as local:
        before = local.get(f"{API}/wtcr/seasons/2021")
        assert before.json()["name"] == "WTCR - FIA World Touring Car Cup 2021"
        season = podium.load_season(podium.example_path("wtcr-2021"))
        with Database(url) as database:  # as `podium import season` would, elsewhere
            database.import_season(dataclasses.replace(season, name="WTCR 2021 (again)"))
        deadline = time.monotonic() + 10
        while local.get(f"{API}/wtcr/seasons/2021").json()["name"] != "WTCR 2021 (again)":
            assert time.monotonic() < deadline, "the change was not noticed"
            time.sleep(0.1)


def test_the_response_cache_is_bounded() -> None:
    cache = ResponseCache(size=1000)
    for i in range(10):
        cache.put(f"/{i}", Rendered.of(b"x" * 300, "text/plain"))
    assert len(cache) == 3
    assert cache.get("/9") is not None and cache.get("/0") is None
    cache.clear()
    assert len(cache) == 0
