"""Decisions shown wherever their numbers are: marked totals, footnotes, DSQ results.

Every expected number is worked out by hand in the comments next to it. The season: three
rounds, points 10-6-4-3, cars 1-3 driven by a, b, c of teams t1-t3, finishing 1-2-3 each
time unless a round says otherwise.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from rich.console import Console

import podium
from podium.cli import render
from podium.model import Season
from podium.standings import amended_results
from seasonkit import load

RULES = {
    "scales": {"race": [10, 6, 4, 3]},
    "classifications": {
        "drivers": {"competitor": "driver", "scoring": [{"session": "race", "points": "race"}]},
        "teams": {"competitor": "team", "scoring": [{"session": "race", "points": "race"}]},
    },
}
ENTRIES = [
    {"car": 1, "drivers": "a", "team": "t1"},
    {"car": 2, "drivers": "b", "team": "t2"},
    {"car": 3, "drivers": "c", "team": "t3"},
]
ROUNDS = {n: {"race": ["1", "2", "3"]} for n in (1, 2, 3)}


def season_with(tmp_path: Path, decisions: list[dict[str, Any]]) -> Season:
    return load(tmp_path, rules=RULES, entries=ENTRIES, results=ROUNDS, decisions=decisions)


DEDUCTION = {
    "kind": "deduction",
    "round": 2,
    "classification": "drivers",
    "competitor": "a",
    "points": 5,
    "reason": "technical infringement",
    "source": "Stewards' decision 12",
    "date": "2025-05-04",
}
DSQ = {
    "kind": "disqualification",
    "round": 1,
    "car": 1,
    "session": "race",
    "reason": "underweight",
}


def test_deduction_shown_on_the_row(tmp_path: Path) -> None:
    season = season_with(tmp_path, [DEDUCTION])
    # a: 10 + 10 + 10 = 30, less 5 = 25, though the rounds read 10, 10, 10
    table = podium.standings(season, "drivers")
    a = table.row("a")
    assert a is not None and a.points == 25
    assert [r.points for r in a.rounds] == [10, 10, 10]
    assert len(a.adjustments) == 1
    got = a.adjustments[0]
    assert (got.kind, got.round, got.points, got.reason) == (
        "deduction",
        2,
        F(-5),
        "technical infringement",
    )
    assert a.marked_points_text == "25*"
    assert table.footnotes() == ["* A -5: deduction from round 2, technical infringement"]
    assert a.as_dict()["adjustments"] == [
        {
            "kind": "deduction",
            "round": 2,
            "session": None,
            "points": "-5",
            "reason": "technical infringement",
            "source": "Stewards' decision 12",
            "date": "2025-05-04",
        }
    ]
    b = table.row("b")
    assert b is not None and b.adjustments == () and b.marked_points_text == "18"
    # before round 2 the deduction does not count, nor is it shown
    before = podium.standings(season, "drivers", after_round=1).row("a")
    assert before is not None and before.adjustments == () and before.points == 10
    # the teams' table is not touched
    t1 = podium.standings(season, "teams").row("t1")
    assert t1 is not None and t1.adjustments == ()


def test_cli_table_csv_and_json(tmp_path: Path) -> None:
    season = season_with(tmp_path, [DEDUCTION])
    table = podium.standings(season, "drivers")
    console = Console(width=120, record=True)
    console.print(render.standings_table(table))
    text = console.export_text()
    assert "25*" in text
    # the footnote under the table, wrapped to its width
    words = " ".join(text.split())
    assert "* A -5: deduction from round 2, technical infringement" in words
    rows = list(csv.DictReader(io.StringIO(render.standings_csv([table]))))
    assert list(rows[0])[-1] == "adjustments"
    by_id = {r["id"]: r for r in rows}
    assert by_id["a"]["adjustments"] == "deduction r2 -5 (technical infringement)"
    assert by_id["a"]["points"] == "25"
    assert by_id["b"]["adjustments"] == ""
    data = json.loads(render.standings_json([table]))
    # a 25, b 18, c 12
    assert [s["id"] for s in data["standings"]] == ["a", "b", "c"]
    assert data["standings"][0]["adjustments"][0]["points"] == "-5"


def test_withhold_shows_what_it_took(tmp_path: Path) -> None:
    season = season_with(tmp_path, [{"kind": "withhold", "round": 2, "competitor": "b"}])
    # b: 6 + 0 + 6 = 12; round 2's 6 points withheld
    b = podium.standings(season, "drivers").row("b")
    assert b is not None and b.points == 12
    assert [(a.kind, a.round, a.points) for a in b.adjustments] == [("withhold", 2, F(-6))]
    assert b.footnotes() == ["* B -6: withheld in round 2"]


def test_exclusion_and_reset(tmp_path: Path) -> None:
    season = season_with(
        tmp_path,
        [
            {"kind": "exclusion", "round": 1, "classification": "teams", "competitor": "t1"},
            {"kind": "reset", "round": 3, "classification": "teams", "competitor": "t2"},
        ],
    )
    table = podium.standings(season, "teams")
    t1 = table.row("t1")
    # t1 scored 30, shown EX with 0: the exclusion took 30
    assert t1 is not None and t1.position_text == "EX" and t1.points == 0
    assert [(a.kind, a.points) for a in t1.adjustments] == [("exclusion", F(-30))]
    t2 = table.row("t2")
    # t2: 6 + 6 before round 3 no longer count, 6 left
    assert t2 is not None and t2.points == 6
    assert [(a.kind, a.round, a.points) for a in t2.adjustments] == [("reset", 3, F(-12))]


def test_disqualification_in_standings_and_results(tmp_path: Path) -> None:
    season = season_with(tmp_path, [DSQ])
    # round 1: car 1 struck out, b wins (10), c second (6); a lost the 10 of the win
    # (a, without a point after round 1, is not listed then): a 0 + 10 + 10 = 20
    a = podium.standings(season, "drivers").row("a")
    assert a is not None and a.points == 20
    assert [(x.kind, x.session, x.points) for x in a.adjustments] == [
        ("disqualification", "race", F(-10))
    ]
    assert a.footnotes() == ["* A -10: disqualification in round 1 race, underweight"]
    t1 = podium.standings(season, "teams").row("t1")
    assert t1 is not None and [x.points for x in t1.adjustments] == [F(-10)]
    lines = amended_results(season, 1, "race")
    assert [(x.result.car, x.position_text, x.crossed) for x in lines] == [
        ("2", "1", None),
        ("3", "2", None),
        ("1", "DSQ", 1),
    ]
    assert lines[-1].crossed_text() == "crossed the line 1st"
    session = podium.session_results(season, 1, "race")
    rows = render.results_rows(season, 1, session)
    assert [(r["car"], r["position_text"], r["crossed"]) for r in rows] == [
        ("2", "1", None),
        ("3", "2", None),
        ("1", "DSQ", 1),
    ]
    console = Console(width=160, record=True)
    console.print(render.results_table(season, 1, session))
    shown = console.export_text()
    # both orders: the Crossed column is the published one; the decision in its words
    assert "Crossed" in shown and "crossed the line 1st, disqualified (underweight)" in shown
    # round 2 is untouched
    assert [x.position_text for x in amended_results(season, 2, "race")] == ["1", "2", "3"]


def test_api_session_payload_shows_the_amended_order(tmp_path: Path) -> None:
    from podium.web import views

    season = season_with(tmp_path, [DSQ])
    rnd = season.round(1)
    session = rnd.session("race")
    assert session is not None
    lines = views.session_payload(season, rnd, session)["results"]
    assert [(x["car"], x["position"], x["position_text"], x["crossed"]) for x in lines] == [
        ("2", 1, "1", None),
        ("3", 2, "2", None),
        ("1", None, "DSQ", 1),
    ]


# -- the F1 decisions (F1DB seasons with the bundled decisions) -----------------------------


def test_f1_decisions_shown() -> None:
    from test_f1_verify import season as f1_season

    schumacher = podium.standings(f1_season(1997), "drivers").row("michael-schumacher")
    # excluded at round 17 keeping his 78 points: the exclusion changed nothing on the total
    assert schumacher is not None and schumacher.points == 78
    assert [(a.kind, a.round, a.points) for a in schumacher.adjustments] == [
        ("exclusion", 17, F(0))
    ]
    assert schumacher.marked_points_text == "78*"
    mclaren = podium.standings(f1_season(2007), "constructors").row("mclaren-mercedes")
    # excluded from round 1 without points: every point its cars scored taken away
    # (Hamilton 109 + Alonso 109 = 218)
    assert mclaren is not None and mclaren.points == 0
    assert [(a.kind, a.round) for a in mclaren.adjustments] == [("exclusion", 1)]
    assert mclaren.adjustments[0].points == -218
    tyrrell = podium.standings(f1_season(1984), "constructors").row("tyrrell-ford")
    assert tyrrell is not None and tyrrell.position_text == "DSQ"
    assert [(a.kind, a.round) for a in tyrrell.adjustments] == [("exclusion", 16)]


def test_f1_decisions_in_the_cli_outputs() -> None:
    """The same F1 decisions as the CLI's table, CSV and JSON show them (one table each)."""
    from test_f1_verify import season as f1_season

    cases = [
        (1997, "drivers", "michael-schumacher", "exclusion r17 0"),
        (2007, "constructors", "mclaren-mercedes", "exclusion r1 -218"),
        (1984, "constructors", "tyrrell-ford", "exclusion r16"),
    ]
    for year, cid, who, cell in cases:
        data = f1_season(year)
        table = podium.standings(data, cid)
        [shown] = [r for r in json.loads(render.standings_json([table]))["standings"]
                   if r["id"] == who]  # fmt: skip
        [adjustment] = shown["adjustments"]
        assert adjustment["kind"] == "exclusion" and adjustment["reason"], (year, who)
        [line] = [r for r in csv.DictReader(io.StringIO(render.standings_csv([table])))
                  if r["id"] == who]  # fmt: skip
        assert line["adjustments"].startswith(cell), (year, line["adjustments"])
        console = Console(width=200, record=True)
        console.print(render.standings_table(table, 200, data))
        text = " ".join(console.export_text().split())  # the caption wraps
        row = table.row(who)
        assert row is not None
        # the marked total on the row, and its footnote under the table
        assert row.marked_points_text.endswith("*") and row.marked_points_text in text
        assert " ".join(row.footnotes()[0].split()) in text
