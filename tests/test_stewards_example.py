"""The bundled stewards-2025 example: round 2's race published provisional on Saturday
evening, a 5 s penalty on Sunday morning (car 3, 2nd -> 4th), a disqualification at
scrutineering that afternoon (car 22), reinstated on appeal two weeks later. Every number
below is worked out by hand in docs/examples/stewards-2025-worked.md (points 25-18-15-12-10-
8-6, every car of a team scores), not taken from podium."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import podium
from podium.cli.app import app
from podium.model import Season
from podium.standings import StandingsTable
from podium.storage import Database
from podium.storage.tokens import create_token
from podium.web import create_app

EXAMPLE = podium.example_path("stewards-2025")
KEY = "fenmoor/2025"
API = "/api/v1/series/fenmoor/seasons/2025"

# The moments of the story, and the standings official at each (the worked tables).
MOMENTS: dict[str, dict[str, dict[str, int]]] = {
    "2025-05-17T12:00": {  # before the race was published: round 1 only
        "drivers": {"okafor": 25, "marsh": 18, "rowe": 15, "tallis": 12, "pelham": 10,
                    "strand": 8, "vance": 6},
        "teams": {"vance-racing": 31, "marsh-motorsport": 30, "northwind": 23,
                  "pelham-garage": 10},
    },
    "2025-05-17T20:00": {  # the provisional classification, as run
        "drivers": {"marsh": 36, "okafor": 33, "vance": 31, "rowe": 25, "tallis": 24,
                    "strand": 23, "pelham": 16},
        "teams": {"vance-racing": 64, "marsh-motorsport": 60, "northwind": 48,
                  "pelham-garage": 16},
    },
    "2025-05-18T10:00": {  # after the penalty: Marsh 4th
        "drivers": {"okafor": 33, "vance": 31, "marsh": 30, "tallis": 27, "strand": 26,
                    "rowe": 25, "pelham": 16},
        "teams": {"vance-racing": 64, "marsh-motorsport": 57, "northwind": 51,
                  "pelham-garage": 16},
    },
    "2025-05-18T15:00": {  # after the disqualification of Strand
        "drivers": {"okafor": 35, "marsh": 33, "vance": 31, "tallis": 30, "rowe": 27,
                    "pelham": 18, "strand": 8},
        "teams": {"vance-racing": 66, "marsh-motorsport": 63, "northwind": 35,
                  "pelham-garage": 18},
    },
    "2025-05-24T20:00": {  # round 3 run, the disqualification still standing
        "drivers": {"marsh": 51, "vance": 46, "okafor": 45, "tallis": 42, "rowe": 35,
                    "strand": 33, "pelham": 24},
        "teams": {"marsh-motorsport": 93, "vance-racing": 91, "northwind": 68,
                  "pelham-garage": 24},
    },
}  # fmt: skip
LATEST = {  # the appeal upheld: the penalty alone stands
    "drivers": {"strand": 51, "marsh": 48, "vance": 46, "okafor": 43, "tallis": 39, "rowe": 33,
                "pelham": 22},
    "teams": {"vance-racing": 89, "marsh-motorsport": 87, "northwind": 84, "pelham-garage": 22},
}  # fmt: skip
PENALTY_NOTE = (
    "crossed the line 2nd, 4th after a 5 s time penalty (track limits at Hollow Bend, "
    "a fourth warning)"
)
DSQ_NOTE = "crossed the line 3rd, disqualified (under the minimum weight at scrutineering)"


@pytest.fixture(scope="module")
def season() -> Season:
    return podium.load_season(EXAMPLE)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def in_order(table: StandingsTable) -> dict[str, int]:
    return {row.competitor: int(row.points) for row in table.rows}


def test_validate_and_the_bundled_list() -> None:
    assert podium.examples().count("stewards-2025") == 1
    code, output = cli("validate", str(EXAMPLE))
    assert code == 0 and output.startswith("ok: Fenmoor Saloon Cup 2025"), output


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_standings_as_of_each_moment(season: Season, moment: str) -> None:
    at = datetime.fromisoformat(moment)
    for cid, expected in MOMENTS[moment].items():
        table = podium.standings(season, cid, as_of=at)
        # the dict's order is the table's: no two competitors level at any moment
        assert list(in_order(table).items()) == list(expected.items()), (moment, cid)


def test_the_latest_standings(season: Season) -> None:
    for cid, expected in LATEST.items():
        table = podium.standings(season, cid)
        assert list(in_order(table).items()) == list(expected.items())
        assert all(not row.adjustments for row in table.rows)  # the DSQ is void


def test_cli_standings_show_the_disqualification_while_it_stands() -> None:
    code, output = cli("standings", str(EXAMPLE), "-c", "drivers", "-f", "json",
                       "--as-of", "2025-05-18T15:00")  # fmt: skip
    assert code == 0, output
    rows = {r["id"]: r for r in json.loads(output)["standings"]}
    assert {k: int(r["points"]) for k, r in rows.items()} == MOMENTS["2025-05-18T15:00"]["drivers"]
    # Strand lost the 18 of her amended 2nd place (26 -> 8); a penalty is no adjustment
    [dsq] = rows["strand"]["adjustments"]
    assert (dsq["kind"], dsq["round"], dsq["session"], dsq["points"]) == (
        "disqualification", 2, "race", "-18",
    )  # fmt: skip
    assert dsq["reason"] == "under the minimum weight at scrutineering"
    assert dsq["source"] == "Stewards' decision 6"
    assert rows["marsh"]["adjustments"] == []
    code, output = cli("standings", str(EXAMPLE), "-f", "csv", "--as-of", "2025-05-24T20:00")
    assert code == 0
    adjusted = {r["id"]: r["adjustments"] for r in csv.DictReader(io.StringIO(output))}
    reason = "under the minimum weight at scrutineering"
    assert adjusted["strand"] == f"disqualification r2 race -18 ({reason})"
    assert adjusted["northwind"] == f"disqualification r2 race -16 ({reason})"  # 51 -> 35
    assert adjusted["marsh"] == ""
    code, output = cli("standings", str(EXAMPLE), "-c", "drivers", "--as-of", "2025-05-24T20:00")
    assert code == 0
    assert "33*" in output and f"-18: disqualification in round 2 race, {reason}" in output
    code, output = cli("standings", str(EXAMPLE), "-c", "drivers")
    assert code == 0 and "*" not in output


def results(*extra: str, fmt: str = "json") -> Any:
    code, output = cli("results", str(EXAMPLE), "--round", "2", "-f", fmt, *extra)
    assert code == 0, output
    return json.loads(output) if fmt == "json" else output


def test_cli_results_at_each_decision() -> None:
    # Saturday evening: as published, provisional; nothing amended
    before = results("--as-of", "2025-05-17T20:00")
    assert (before["state"], before["published"]) == ("provisional", "2025-05-17T18:30:00")
    assert [(r["car"], r["position_text"], r["original_position"], r["amendment"])
            for r in before["results"]][:3] == [
        ("11", "1", 1, None), ("3", "2", 2, None), ("22", "3", 3, None)
    ]  # fmt: skip
    assert before["results"][1]["gap"] == "+1.850"

    # Sunday 10:00: car 3 4th, its gap with the penalty (+1.850 + 5 = +6.850)
    penalty = results("--as-of", "2025-05-18T10:00")["results"]
    assert [(r["car"], r["position"], r["original_position"], r["gap"]) for r in penalty] == [
        ("11", 1, 1, None), ("22", 2, 3, "+3.400"), ("7", 3, 4, "+6.200"),
        ("3", 4, 2, "+6.850"), ("28", 5, 5, "+9.050"), ("14", 6, 6, "+14.700"),
        ("31", 7, 7, "+1 lap"),
    ]  # fmt: skip
    assert penalty[0]["time"] == "25:40.125"
    assert penalty[3]["crossed"] == 2 and penalty[3]["amendment"] == PENALTY_NOTE
    [decision] = penalty[3]["decisions"]
    assert (decision["id"], decision["kind"], decision["seconds"], decision["date"]) == (
        "pen-3", "time_penalty", "5", "2025-05-18T09:30:00",
    )  # fmt: skip
    assert penalty[1]["crossed"] is None and penalty[1]["amendment"] is None  # moved up

    # Sunday 15:00: car 22 struck out, last, no time; the cars behind it up one
    dsq = results("--as-of", "2025-05-18T15:00")["results"]
    assert [(r["car"], r["position_text"], r["original_position"]) for r in dsq] == [
        ("11", "1", 1), ("7", "2", 4), ("3", "3", 2), ("28", "4", 5), ("14", "5", 6),
        ("31", "6", 7), ("22", "DSQ", 3),
    ]  # fmt: skip
    assert (dsq[-1]["status"], dsq[-1]["time"], dsq[-1]["gap"], dsq[-1]["crossed"]) == (
        "dsq", None, None, 3,
    )  # fmt: skip
    assert dsq[-1]["amendment"] == DSQ_NOTE
    assert dsq[2]["amendment"] == PENALTY_NOTE.replace("4th after", "3rd after")

    # Latest: the appeal upheld, as after the penalty
    latest = results()["results"]
    assert [r["car"] for r in latest] == [r["car"] for r in penalty]
    assert [r["amendment"] for r in latest if r["amendment"]] == [PENALTY_NOTE]

    # CSV: the same columns, one line a car
    rows = list(csv.DictReader(io.StringIO(results("--as-of", "2025-05-18T15:00", fmt="csv"))))
    shown = [(r["car"], r["position_text"], r["original_position"], r["gap"]) for r in rows]
    # (`+1 lap` would start a formula in a spreadsheet: quoted, see docs/cli.md)
    assert shown[-2:] == [("31", "6", "7", "'+1 lap"), ("22", "DSQ", "3", "")]
    assert rows[-1]["amendment"] == DSQ_NOTE

    # The table: the Crossed column, the marked places, the notes underneath
    table = results("--as-of", "2025-05-18T15:00", fmt="table")
    assert "(provisional)" in table and "Crossed" in table
    assert "DSQ*" in table and "3*" in table
    assert f"* Car 22 (Elin Strand): {DSQ_NOTE}" in table.replace("\n", " ")
    plain = results("--as-of", "2025-05-17T20:00", fmt="table")
    assert "Crossed" not in plain and "*" not in plain


def test_results_before_the_race_was_published() -> None:
    from podium.errors import NotFound

    done = CliRunner().invoke(
        app, ["results", str(EXAMPLE), "--round", "2", "--as-of", "2025-05-17T12:00"]
    )
    # not found (exit 3 from `podium`): the race was not out yet
    assert isinstance(done.exception, NotFound)
    assert "fenmoor/2025 round 2 has no classification" in str(done.exception)


# -- the same story through the API --------------------------------------------------------

PENALTY = {"kind": "time_penalty", "id": "pen-3", "round": 2, "session": "race", "car": 3,
           "seconds": 5, "date": "2025-05-18T09:30",
           "reason": "track limits at Hollow Bend"}  # fmt: skip
DSQ = {"kind": "disqualification", "id": "dsq-22", "round": 2, "session": "race", "car": 22,
       "date": "2025-05-18T14:15",
       "reason": "under the minimum weight at scrutineering"}  # fmt: skip
APPEAL = {"kind": "reinstatement", "round": 2, "cancels": "dsq-22", "date": "2025-05-31T11:00",
          "reason": "appeal upheld"}  # fmt: skip


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str]]:
    """The season imported with round 2 provisional and no decisions, a token for race
    control, a client."""
    folder = tmp_path_factory.mktemp("stewards") / "stewards-2025"
    for path in EXAMPLE.rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(EXAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    doc = yaml.safe_load((folder / "season.yaml").read_text(encoding="utf-8"))
    del doc["decisions"]
    (folder / "season.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    url = f"sqlite:///{folder.parent / 'podium.sqlite3'}"
    code, output = cli("import", "season", str(folder), "--db", url)
    assert code == 0, output
    with Database(url) as database:
        token = create_token(database, "race control")
    with TestClient(create_app(url, refresh=None)) as client:
        yield client, token, url


def post(client: TestClient, token: str, decision: dict[str, Any]) -> None:
    done = client.post(
        f"{API}/decisions", json=decision, headers={"Authorization": f"Bearer {token}"}
    )
    assert done.status_code == 201, done.text


def drivers(client: TestClient) -> dict[str, int]:
    body = client.get(f"{API}/standings/drivers").json()
    return {r["id"]: int(r["points"]) for r in body["standings"]}


def test_the_story_through_the_api(desk: tuple[TestClient, str, str]) -> None:
    client, token, url = desk
    race = f"{API}/rounds/2/sessions/race"
    as_run = client.get(race).json()
    assert as_run["state"] == "provisional"
    assert [r["car"] for r in as_run["results"]] == ["11", "3", "22", "7", "28", "14", "31"]
    # imported after round 3: as run, Marsh leads (36 + 18 = 54 vs Strand 23 + 25 = 48)
    assert drivers(client)["marsh"] == 54

    post(client, token, PENALTY)
    assert drivers(client) == {
        "marsh": 48, "strand": 51, "vance": 46, "okafor": 43, "tallis": 39, "rowe": 33,
        "pelham": 22,
    } == LATEST["drivers"]  # fmt: skip
    penalised = client.get(race).json()["results"][3]
    assert (penalised["car"], penalised["gap"], penalised["crossed"]) == ("3", "+6.850", 2)

    post(client, token, DSQ)
    assert drivers(client) == MOMENTS["2025-05-24T20:00"]["drivers"]
    lines = client.get(race).json()["results"]
    assert (lines[-1]["car"], lines[-1]["position_text"], lines[-1]["crossed"]) == ("22", "DSQ", 3)
    # the round page: the amended places, their footnotes, the decisions listed
    page = client.get("/fenmoor/2025/2")
    assert page.status_code == 200
    html = page.text
    assert '<th class="num">Crossed</th>' in html
    assert 'href="#race-note-2">2</a>' in html  # car 22, the second note
    assert f"Car 22: {DSQ_NOTE}" in html
    note = "Car 3: crossed the line 2nd, 3rd after a 5 s time penalty (track limits at Hollow Bend)"
    assert note in html
    assert "Stewards' decisions" in html and "car 22: disqualification (under" in html
    # the Ergast results: a struck-out car reads D, after the others
    ergast = client.get("/ergast/fenmoor/2025/2/results.json").json()
    [lines_e] = [r["Results"] for r in ergast["MRData"]["RaceTable"]["Races"]]
    assert [(x["number"], x["positionText"]) for x in lines_e][-2:] == [("31", "6"), ("22", "D")]

    post(client, token, APPEAL)
    assert drivers(client) == LATEST["drivers"]
    html = client.get("/fenmoor/2025/2").text
    assert "cancelled 2025-05-31T11:00: appeal upheld" in html
    assert "Car 22:" not in html
    # a decision reusing a stored decision's id is refused: ids are the season's
    clash = client.post(
        f"{API}/decisions", json={**DSQ, "reason": "again"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert clash.status_code == 422 and "already the season's" in clash.text

    # The audit trail: the import and the three decisions, newest first, with who and why.
    changes = client.get(f"{API}/changes").json()
    assert changes["total"] == 4
    assert [(c["action"], c["via"], c["by"], c["reason"]) for c in changes["changes"]][:3] == [
        ("decision", "api", "race control", "appeal upheld"),
        ("decision", "api", "race control", "under the minimum weight at scrutineering"),
        ("decision", "api", "race control", "track limits at Hollow Bend"),
    ]
    assert changes["changes"][3]["action"] == "import"
    added = changes["changes"][0]["changes"]
    assert [(c["part"], c["change"], c["after"]["cancels"]) for c in added] == [
        ("decision", "added", "dsq-22"),
    ]
    code, table = cli("history", KEY, "--db", url)
    assert code == 0, table
    assert table.count("race control") == 3 and "appeal upheld" in table
