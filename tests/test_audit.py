"""The audit trail (every write of a season recorded with who, when, what, why) and the
guard that keeps an import from silently discarding changes made through the API."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import podium
from podium.cli.app import app
from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app
from test_web_writes import RACE2, WTCR, auth, race2_swapped

DECISION = {
    "kind": "deduction",
    "round": 3,
    "classification": "drivers",
    "competitor": "jean-karl-vernay",
    "points": 10,
    "reason": "technical infringement",
}
EXAMPLE = str(podium.example_path("wtcr-2021"))


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def desk(db_url: str) -> Iterator[tuple[TestClient, str, str]]:
    """wtcr/2021 imported through the CLI, a client, a token named 'timing desk'."""
    assert cli("import", "season", EXAMPLE, "--db", db_url)[0] == 0
    with Database(db_url) as database:
        token = create_token(database, "timing desk")
    with TestClient(create_app(db_url, refresh=None)) as client:
        yield client, token, db_url


def history(url: str) -> list[dict[str, object]]:
    code, output = cli("history", "wtcr/2021", "--db", url, "--format", "json")
    assert code == 0, output
    changes: list[dict[str, object]] = json.loads(output)["changes"]
    return changes


def test_each_write_is_recorded_with_who_what_and_why(
    desk: tuple[TestClient, str, str],
) -> None:
    client, token, url = desk
    put = client.put(
        RACE2 + "?reason=timing+correction",
        content=race2_swapped(),
        headers={"Content-Type": "text/csv", **auth(token)},
    )
    assert put.status_code == 200, put.text
    posted = client.post(f"{WTCR}/decisions", json=DECISION, headers=auth(token))
    assert posted.status_code == 201, posted.text
    entries = history(url)
    assert [(e["action"], e["via"], e["by"], e["version"]) for e in entries] == [
        ("decision", "api", "timing desk", 3),
        ("results", "api", "timing desk", 2),
        ("import", "cli", f"cli {getpass.getuser()}", 1),
    ]
    decision, results, imported = entries
    assert decision["reason"] == "technical infringement"
    assert decision["changes"] == [
        {
            "part": "decision",
            "key": 1,
            "change": "added",
            "before": None,
            "after": DECISION,
        }
    ]
    assert results["reason"] == "timing correction"
    [session] = results["changes"]  # type: ignore[misc]
    assert session["part"] == "session"
    assert session["key"] == {"round": 3, "session": "race2"}
    assert session["before"]["csv"] != session["after"]["csv"]
    assert session["after"]["results"] == session["before"]["results"]
    assert str(imported["at"]).endswith("Z")
    code, table = cli("history", "wtcr/2021", "--db", url)
    assert code == 0
    assert "timing desk" in table.splitlines()[0] and "technical infringement" in table

    # The same through the API, paged; newest first.
    page = client.get(f"{WTCR}/changes?limit=1&offset=1").json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 1, 1)
    assert [c["action"] for c in page["changes"]] == ["results"]
    assert client.get("/api/v1/series/wtcr/seasons/2030/changes").status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/series/{series}/seasons/{year}/changes" in paths


def test_a_decision_through_the_api_needs_its_reason(desk: tuple[TestClient, str, str]) -> None:
    client, token, url = desk
    without = {k: v for k, v in DECISION.items() if k != "reason"}
    refused = client.post(f"{WTCR}/decisions", json=[DECISION, without], headers=auth(token))
    assert refused.status_code == 422
    fields = [p["field"] for p in refused.json()["problems"]]
    assert fields == ["decisions[1].reason"]
    blank = client.post(f"{WTCR}/decisions", json={**DECISION, "reason": " "}, headers=auth(token))
    assert blank.status_code == 422
    assert len(history(url)) == 1  # nothing written, nothing recorded


def test_an_import_over_api_changes_is_refused_then_export_keeps_them(
    desk: tuple[TestClient, str, str], tmp_path: Path
) -> None:
    """The acceptance test: an import over an API write is refused, naming what it would
    discard; an export of the database's season re-imports without loss."""
    client, token, url = desk
    posted = client.post(f"{WTCR}/decisions", json=DECISION, headers=auth(token))
    assert posted.status_code == 201
    with Database(url) as database:
        stored = database.load_season("wtcr", 2021)

    code, output = cli("import", "season", EXAMPLE, "--db", url)
    assert code == 1
    line = "decision 1 (deduction, round 3, jean-karl-vernay) added through the API on "
    assert line in output and "by 'timing desk'" in output and "--replace" in output
    with Database(url) as database:
        assert database.load_season("wtcr", 2021) == stored  # nothing written

    # The API's import: 409 with the list, then ?replace=true would go on.
    upload = [("files", (str(p.relative_to(EXAMPLE)), p.read_bytes())) for p in _files(EXAMPLE)]
    refused = client.post("/api/v1/seasons", files=upload, headers=auth(token))
    assert refused.status_code == 409, refused.text
    [problem] = refused.json()["problems"]
    assert problem["field"] == "changes" and problem["message"].startswith(line)

    # Export, re-import: nothing lost, and the guard is satisfied (the folder has them).
    folder = tmp_path / "wtcr-2021"
    assert cli("export", "season", "wtcr/2021", str(folder), "--db", url)[0] == 0
    code, output = cli("import", "season", str(folder), "--db", url)
    assert code == 0, output
    with Database(url) as database:
        assert database.load_season("wtcr", 2021) == stored

    # After an import, earlier API changes no longer count; a new one does, and
    # --replace discards it knowingly.
    again = client.post(f"{WTCR}/decisions", json={**DECISION, "points": 3}, headers=auth(token))
    assert again.status_code == 201
    assert cli("import", "season", str(folder), "--db", url)[0] == 1
    assert cli("import", "season", str(folder), "--db", url, "--replace")[0] == 0
    with Database(url) as database:
        assert database.load_season("wtcr", 2021) == stored
    replaced = client.post("/api/v1/seasons?replace=true", files=upload, headers=auth(token))
    assert replaced.status_code == 201, replaced.text
    assert history(url)[0]["by"] == "timing desk"


def test_an_import_records_what_differs(db_url: str) -> None:
    season = podium.load_season(EXAMPLE)
    with Database(db_url) as database:
        database.import_season(season)
        database.import_season(season)
        total, entries = database.history("wtcr", 2021)
    assert total == 2
    assert entries[0].changes == [] and entries[0].summary == "no change"
    assert entries[1].changes[0]["change"] == "added"
    assert (entries[0].by, entries[0].via) == ("podium", "library")


def _files(folder: str) -> list[Path]:
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())
