"""Writes through the API: bearer tokens, validation as 422 naming the problem, one
transaction each, and standings that change at once. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

import podium
from podium.storage import Database
from podium.storage.tokens import create_token, digest
from podium.web import create_app
from webkit import fill

WTCR = "/api/v1/series/wtcr/seasons/2021"
RACE2 = f"{WTCR}/rounds/3/sessions/race2/results"


@pytest.fixture
def setup(db_url: str) -> Iterator[tuple[TestClient, str, str]]:
    """A client over a filled database of its own, a valid token, the database URL."""
    fill(db_url, f1=False)
    with Database(db_url) as database:
        token = create_token(database, "tests")
    with TestClient(create_app(db_url, refresh=None)) as client:
        yield client, token, db_url


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def race2_swapped() -> str:
    """Round 3's race 2 with Vernay (4th) and Vervisch (1st) swapped."""
    lines = (podium.example_path("wtcr-2021") / "03" / "race2.csv").read_text().splitlines()
    first, fourth = lines[1].split(",", 1), lines[4].split(",", 1)
    lines[1], lines[4] = f"1,{fourth[1]}", f"4,{first[1]}"
    return "\n".join(lines) + "\n"


def expected_after_swap(tmp: Path) -> podium.StandingsTable:
    folder = tmp / "wtcr-2021"
    shutil.copytree(podium.example_path("wtcr-2021"), folder)
    (folder / "03" / "race2.csv").write_text(race2_swapped())
    return podium.standings(podium.load_season(folder), "drivers", after_round=3)


def standings(client: TestClient, classification: str = "drivers") -> list[tuple[str, str]]:
    body = client.get(f"{WTCR}/standings/{classification}?after=3").json()
    return [(row["id"], row["points"]) for row in body["standings"]]


def test_token_create_prints_a_token_stored_hashed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'podium.sqlite3'}"
    run = subprocess.run(
        [sys.executable, "-m", "podium", "token", "create", "--name", "desk", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    token = run.stdout.strip()
    assert token.startswith("podium_") and len(token) > 40
    assert "shown only now" in run.stderr
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sha256 FROM api_tokens")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("desk", digest(token))]
    assert token.encode() not in (tmp_path / "podium.sqlite3").read_bytes()


def test_writes_need_a_valid_bearer_token(setup: tuple[TestClient, str, str]) -> None:
    client, _token, _ = setup
    body = race2_swapped()
    csv_type = {"Content-Type": "text/csv"}
    missing = client.put(RACE2, content=body, headers=csv_type)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert "podium token create" in missing.json()["detail"]
    basic = client.put(RACE2, content=body, headers={**csv_type, "Authorization": "Basic eDp5"})
    assert basic.status_code == 401
    wrong = client.put(RACE2, content=body, headers={**csv_type, **auth("podium_not-a-token")})
    assert wrong.status_code == 403
    assert wrong.json()["error"] == "forbidden"
    for response in (
        client.post(f"{WTCR}/decisions", json={"kind": "deduction"}),
        client.post("/api/v1/seasons", content=b"PK"),
    ):
        assert response.status_code == 401
    assert standings(client)[0] == ("jean-karl-vernay", "82")  # nothing was written


def test_a_session_written_as_csv_changes_the_standings_at_once(
    setup: tuple[TestClient, str, str], tmp_path: Path
) -> None:
    client, token, url = setup
    before = client.get(f"{WTCR}/standings/drivers?after=3")
    ergast_before = client.get("/ergast/wtcr/2021/3/driverStandings.json?limit=100").json()
    page_before = client.get("/wtcr/2021")
    response = client.put(
        RACE2, content=race2_swapped(), headers={"Content-Type": "text/csv", **auth(token)}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "season": "wtcr/2021",
        "round": 3,
        "session": "race2",
        "results": 22,
        "round_status": "held",
    }
    expected = expected_after_swap(tmp_path)
    assert standings(client) == [(r.competitor, r.points_text) for r in expected.rows]
    assert standings(client)[0] == ("jean-karl-vernay", "94")  # 82 - 13 (4th) + 25 (1st)
    after = client.get(
        f"{WTCR}/standings/drivers?after=3", headers={"If-None-Match": before.headers["etag"]}
    )
    assert after.status_code == 200  # the old ETag no longer matches
    ergast = client.get("/ergast/wtcr/2021/3/driverStandings.json?limit=100").json()
    assert ergast != ergast_before
    rows = ergast["MRData"]["StandingsTable"]["StandingsLists"][0]["DriverStandings"]
    assert [(r["Driver"]["driverId"], r["points"]) for r in rows] == [
        (r.competitor, r.points_text) for r in expected.rows
    ]
    assert client.get("/wtcr/2021").text != page_before.text
    with Database(url) as database:  # written to the database, not only to a cache
        stored = database.load_season("wtcr", 2021)
    assert podium.standings(stored, "drivers", 3).rows == expected.rows


def test_a_session_written_as_json(setup: tuple[TestClient, str, str]) -> None:
    client, token, _ = setup
    rows = [
        {"position": 1, "car": "69", "drivers": ["jean-karl-vernay"], "time": "28:57.708"},
        {"position": 2, "car": "22", "gap": "+1.191"},
        {"car": "11", "status": "dnf", "laps": 1},
    ]
    response = client.put(
        RACE2.replace("/rounds/3/", "/rounds/4/").replace("race2", "race1"),
        json={"results": rows},
        headers=auth(token),
    )
    assert response.status_code == 200, response.text
    assert response.json()["round_status"] == "held"  # round 4 was scheduled
    session = client.get(f"{WTCR}/rounds/4/sessions/race1").json()
    assert [(r["position_text"], r["car"]) for r in session["results"]] == [
        ("1", "69"),
        ("2", "22"),
        ("R", "11"),
    ]
    assert client.get(f"{WTCR}/standings/drivers").json()["after_round"] == 4
    leader = client.get("/ergast/wtcr/current/last/driverStandings.json?limit=1").json()
    assert leader["MRData"]["StandingsTable"]["round"] == "4"
    first = leader["MRData"]["StandingsTable"]["StandingsLists"][0]["DriverStandings"][0]
    assert (first["Driver"]["driverId"], first["points"]) == ("jean-karl-vernay", "107")


def problems_of(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid"
    return [(p["file"], p["line"], p["field"], p["message"]) for p in body["problems"]]


def test_invalid_sessions_are_422_naming_file_line_and_field(
    setup: tuple[TestClient, str, str],
) -> None:
    client, token, _ = setup
    csv_type = {"Content-Type": "text/csv", **auth(token)}
    broken = race2_swapped().replace("\n2,11,", "\n1,11,").replace("\n5,17,", "\n5,999,")
    found = problems_of(client.put(RACE2, content=broken, headers=csv_type))
    assert ("03/race2.csv", 3, "position", "duplicate position 1 (line 2)") in found
    assert ("03/race2.csv", 6, "car", "car 999 has no entry for round 3 (entries.csv)") in found
    rows = [{"position": 1, "car": "69"}, {"position": 1, "car": "22"}, {"car": "3", "lap": 2}]
    found = problems_of(client.put(RACE2, json=rows, headers=auth(token)))
    assert found == [("results[2]", None, "lap", "unknown column")]
    found = problems_of(client.put(RACE2, json=rows[:2], headers=auth(token)))
    assert found == [("results[1]", None, "position", "duplicate position 1 (results[0])")]
    found = problems_of(
        client.put(
            RACE2, content=b"{not json", headers={"Content-Type": "application/json", **auth(token)}
        )
    )
    assert found[0][0] == "body"
    missing = client.put(RACE2.replace("race2", "race3"), content="car\n", headers=csv_type)
    assert missing.status_code == 404
    assert "no session 'race3'" in missing.json()["detail"]
    cancelled_type = client.put(
        RACE2, content=b"x", headers={"Content-Type": "image/png", **auth(token)}
    )
    assert cancelled_type.status_code == 415
    assert standings(client)[0] == ("jean-karl-vernay", "82")  # nothing was written


def test_a_decision_is_validated_and_counts_at_once(setup: tuple[TestClient, str, str]) -> None:
    client, token, _ = setup
    decision = {
        "kind": "deduction",
        "round": 3,
        "classification": "drivers",
        "competitor": "jean-karl-vernay",
        "points": 10,
        "reason": "test: technical infringement",
    }
    found = problems_of(
        client.post(
            f"{WTCR}/decisions", json={**decision, "competitor": "nobody"}, headers=auth(token)
        )
    )
    assert found == [("decision", 1, "decisions[0].competitor", "unknown driver or team 'nobody'")]
    found = problems_of(
        client.post(f"{WTCR}/decisions", json={**decision, "kind": "fine"}, headers=auth(token))
    )
    assert found and found[0][2] == "decisions[0].kind"
    yaml_body = (
        "kind: deduction\nround: 3\ncompetitor: jean-karl-vernay\npoints: ten\nreason: test\n"
    )
    found = problems_of(
        client.post(
            f"{WTCR}/decisions",
            content=yaml_body,
            headers={"Content-Type": "application/yaml", **auth(token)},
        )
    )
    assert found[0][:3] == ("decision", 4, "decisions[0].points")
    assert standings(client)[0] == ("jean-karl-vernay", "82")
    done = client.post(f"{WTCR}/decisions", json=decision, headers=auth(token))
    assert done.status_code == 201, done.text
    assert done.json() == {"season": "wtcr/2021", "added": 1, "decisions": 1}
    table = standings(client)
    assert table[0] == ("yann-ehrlacher", "74")
    assert ("jean-karl-vernay", "72") in table
    body = client.get(f"{WTCR}/standings/drivers").json()
    vernay = next(r for r in body["standings"] if r["id"] == "jean-karl-vernay")
    assert vernay["deductions"] == "10"


def zipped(folder: Path, prefix: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{prefix}/{path.relative_to(folder)}")
    return buffer.getvalue()


def test_a_whole_season_as_zip_or_multipart(
    setup: tuple[TestClient, str, str], tmp_path: Path
) -> None:
    client, token, _ = setup
    folder = tmp_path / "club"
    shutil.copytree(podium.example_path("club-2025"), folder)
    season_yaml = folder / "season.yaml"
    season_yaml.write_text(
        season_yaml.read_text().replace(
            "name: Northfield Saloon Car Club Championship 2025",
            "name: Northfield Club 2025 (uploaded)",
        )
    )
    done = client.post(
        "/api/v1/seasons",
        content=zipped(folder, "club-2025"),
        headers={"Content-Type": "application/zip", **auth(token)},
    )
    assert done.status_code == 201, done.text
    assert done.json() == {
        "season": "club/2025",
        "name": "Northfield Club 2025 (uploaded)",
        "rounds": 5,
        "held": 5,
        "replaced": True,
    }
    assert client.get("/api/v1/series/club/seasons/2025").json()["name"].endswith("(uploaded)")
    # A new season as multipart, one part per file named by its path in the folder.
    (folder / "season.yaml").write_text(season_yaml.read_text().replace("year: 2025", "year: 2026"))
    files = [
        ("files", (str(p.relative_to(folder)), p.read_bytes(), "application/octet-stream"))
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    done = client.post("/api/v1/seasons", files=files, headers=auth(token))
    assert done.status_code == 201, done.text
    assert done.json()["replaced"] is False
    assert client.get("/api/v1/series/club").json()["seasons"][-1]["year"] == 2026
    # Broken: every problem named with its path in the upload and its line.
    race = folder / "02" / "race1.csv"
    race.write_text(race.read_text().replace("\n2,", "\n1,", 1))
    found = problems_of(
        client.post(
            "/api/v1/seasons",
            content=zipped(folder, "club"),
            headers={"Content-Type": "application/zip", **auth(token)},
        )
    )
    assert ("club/02/race1.csv", 3, "position") in [f[:3] for f in found]
    found = problems_of(
        client.post(
            "/api/v1/seasons",
            content=b"not a zip",
            headers={"Content-Type": "application/zip", **auth(token)},
        )
    )
    assert found[0][0] == "body"
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../season.yaml", "version: 1\n")
    found = problems_of(
        client.post(
            "/api/v1/seasons",
            content=evil.getvalue(),
            headers={"Content-Type": "application/zip", **auth(token)},
        )
    )
    assert found == [("../season.yaml", None, "-", "path outside the folder")]
    assert json.loads(client.get("/api/v1/series/club").text)["seasons"][-1]["year"] == 2026
