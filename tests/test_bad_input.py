"""Bad input to the season and rules loaders: every problem named by file, line and field.

Each test starts from a small valid season written as raw text (so line numbers are known),
breaks it, and checks the exact `file:line: field:` of each problem, and that problems in
several places come back together in one ValidationError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import podium
from podium.errors import Problem
from podium.rules import load_rules
from seasonkit import write_season

SEASON = """\
series: {id: test, name: Test Cup}
year: 2025
rules: rules.yaml
sessions:
  - {id: race, kind: race}
calendar:
  - {round: 1, name: One, start: 2025-04-01, status: held}
  - {round: 2, name: Two, start: 2025-05-01}
"""
RULES = """\
scales:
  race: [10, 6, 4]
classifications:
  drivers:
    competitor: driver
    scoring:
      - {session: race, points: race}
  teams:
    competitor: team
    scoring:
      - {session: race, points: race}
"""
DRIVERS = "id,name\na,Ann\nb,Bob\nc,Cy\n"
TEAMS = "id,name\nt1,One\nt2,Two\n"
ENTRIES = "car,drivers,team\n1,a,t1\n2,b,t1\n3,c,t2\n"
RACE = "position,car\n1,1\n2,2\n3,3\n"


def write(folder: Path, **changes: Any) -> Path:
    """The valid season with some files replaced: season=, rules=, entries=, results=..."""
    return write_season(
        folder,
        season=changes.pop("season", SEASON),
        rules=changes.pop("rules", RULES),
        drivers=changes.pop("drivers", DRIVERS),
        teams=changes.pop("teams", TEAMS),
        entries=changes.pop("entries", ENTRIES),
        results=changes.pop("results", {1: {"race": RACE}}),
        **changes,
    )


def problems(folder: Path, **changes: Any) -> list[Problem]:
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(write(folder, **changes))
    return caught.value.problems


def where(found: list[Problem], folder: Path) -> list[str]:
    """`file:line: field:` of each problem, the file relative to the season folder."""
    out = []
    for p in found:
        line = f":{p.line}" if p.line is not None else ""
        out.append(f"{p.file.removeprefix(f'{folder}/')}{line}: {p.field}:")
    return out


def messages(found: list[Problem], folder: Path) -> list[str]:
    return [str(p).removeprefix(f"{folder}/") for p in found]


def test_the_base_season_is_valid(tmp_path: Path) -> None:
    season = podium.load_season(write(tmp_path))
    assert podium.standings(season, "drivers").rows[0].competitor == "a"


# -- YAML -----------------------------------------------------------------------------------


def test_yaml_syntax_error_in_season(tmp_path: Path) -> None:
    bad = SEASON.replace("year: 2025", "year: 2025: twice")
    found = problems(tmp_path, season=bad)
    assert where(found, tmp_path) == ["season.yaml:2: -:"]
    assert "invalid YAML" in found[0].message


def test_yaml_syntax_error_in_rules(tmp_path: Path) -> None:
    bad = RULES.replace("race: [10, 6, 4]", "race: [10, 6, 4")
    found = problems(tmp_path, rules=bad)
    assert where(found, tmp_path) == ["rules.yaml:3: -:"]
    assert found[0].message.startswith("invalid YAML: did not find expected ',' or ']'")


def test_season_yaml_that_is_not_a_mapping(tmp_path: Path) -> None:
    found = problems(tmp_path, season="- just\n- a list\n")
    assert messages(found, tmp_path) == ["season.yaml:1: -: season.yaml must be a mapping"]


# -- schema: types and keys -----------------------------------------------------------------


def test_wrong_types_name_field_and_line(tmp_path: Path) -> None:
    bad = SEASON.replace("year: 2025", "year: soon").replace("{round: 2,", "{round: two,")
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:2: year: 'soon' is not of type 'integer'",
        "season.yaml:8: calendar[1].round: 'two' is not of type 'integer'",
    ]


def test_wrong_type_in_rules(tmp_path: Path) -> None:
    bad = RULES.replace("    competitor: team\n", "    competitor: team\n    decimals: two\n")
    found = problems(tmp_path, rules=bad)
    assert messages(found, tmp_path) == [
        "rules.yaml:10: classifications.teams.decimals: 'two' is not of type 'integer'"
    ]


def test_unknown_keys_are_named_at_their_own_line(tmp_path: Path) -> None:
    bad = SEASON.replace("status: held}", "status: held, contry: FR}") + "colour: red\n"
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:7: calendar[0].contry: unknown key; did you mean 'country'?",
        "season.yaml:9: colour: unknown key",
    ]


def test_unknown_key_in_rules(tmp_path: Path) -> None:
    bad = RULES.replace("    competitor: driver\n", "    competitor: driver\n    bonus: []\n")
    found = problems(tmp_path, rules=bad)
    assert messages(found, tmp_path) == [
        "rules.yaml:6: classifications.drivers.bonus: unknown key; did you mean 'bonuses'?"
    ]


def test_bad_value_inside_a_value_written_one_of_several_ways(tmp_path: Path) -> None:
    # `session` is a name or a mapping; the mapping's kind is wrong
    bad = RULES.replace(
        "{session: race, points: race}\n  teams", "{session: {kind: racing}, points: race}\n  teams"
    )
    found = problems(tmp_path, rules=bad)
    assert where(found, tmp_path) == [
        "rules.yaml:7: classifications.drivers.scoring[0].session.kind:"
    ]
    assert found[0].message.startswith("'racing' is not one of ['practice', 'qualifying'")


def test_value_of_none_of_the_allowed_shapes(tmp_path: Path) -> None:
    bad = SEASON.replace("rules: rules.yaml", "rules: 5")
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:3: rules: 5 is not a valid value here (expected string or object)"
    ]


# -- CSV ------------------------------------------------------------------------------------


def test_extra_values_and_unknown_column(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        results={1: {"race": "position,car\n1,1,9\n2,2\n3,3,\n"}},
        entries="car,drivers,team,colour\n1,a,t1,red\n",
    )
    assert messages(found, tmp_path) == [
        "01/race.csv:2: -: more values than columns",
        "01/race.csv:4: -: more values than columns",
        "entries.csv:1: colour: unknown column",
    ]


def test_missing_required_column_does_not_cascade(tmp_path: Path) -> None:
    found = problems(tmp_path, drivers="id,nationality\na,SWE\n")
    # entries naming drivers are not reported unknown: drivers.csv could not be read
    assert messages(found, tmp_path) == ["drivers.csv:1: name: required column missing"]


def test_duplicate_driver_id_does_not_cascade(tmp_path: Path) -> None:
    found = problems(tmp_path, drivers=DRIVERS + "a,Another Ann\n")
    assert messages(found, tmp_path) == ["drivers.csv:5: id: duplicate driver 'a'"]


def test_unknown_car_in_results(tmp_path: Path) -> None:
    found = problems(tmp_path, results={1: {"race": "position,car\n1,1\n2,7\n"}})
    assert messages(found, tmp_path) == [
        "01/race.csv:3: car: car 7 has no entry for round 1 (entries.csv)"
    ]


def test_car_listed_twice(tmp_path: Path) -> None:
    found = problems(tmp_path, results={1: {"race": "position,car\n1,1\n2,2\n3,1\n"}})
    assert messages(found, tmp_path) == ["01/race.csv:4: car: car 1 is listed twice (line 2)"]


def test_duplicate_and_missing_positions(tmp_path: Path) -> None:
    dup = problems(tmp_path / "dup", results={1: {"race": "position,car\n1,1\n1,2\n2,3\n"}})
    assert messages(dup, tmp_path / "dup") == [
        "01/race.csv:3: position: duplicate position 1 (line 2)"
    ]
    gap = problems(tmp_path / "gap", results={1: {"race": "position,car\n1,1\n3,2\n4,3\n"}})
    assert messages(gap, tmp_path / "gap") == [
        "01/race.csv:3: position: positions jump from 1 to 3"
    ]


def test_status_and_position_problems_all_reported(tmp_path: Path) -> None:
    race = (
        "position,car,status\n"
        "1,1,\n"
        ",2,crashed\n"  # unknown status
        ",3,classified\n"  # classified without a position
    )
    more = "position,car,status\n1,1,\n2,2,dnf\n,3,\n"  # a position with DNF; nothing at all
    found = problems(tmp_path, results={1: {"race": race}})
    assert where(found, tmp_path) == ["01/race.csv:3: status:", "01/race.csv:4: position:"]
    assert found[0].message.startswith("unknown status 'crashed' (one of classified, nc, dnf")
    assert found[1].message == "a classified result needs a position"
    found = problems(tmp_path / "more", results={1: {"race": more}})
    assert messages(found, tmp_path / "more") == [
        "01/race.csv:3: position: position 2 given with status dnf; "
        "leave it empty or make the status classified",
        "01/race.csv:4: status: give a position or a status",
    ]


def test_bad_whole_numbers(tmp_path: Path) -> None:
    found = problems(
        tmp_path, results={1: {"race": "position,car,grid\nfirst,1,1\n2,2,pole\n3,3,\n"}}
    )
    assert messages(found, tmp_path) == [
        "01/race.csv:2: position: 'first' is not a whole number",
        "01/race.csv:3: grid: 'pole' is not a whole number",
    ]


def test_unknown_driver_and_team_in_entries(tmp_path: Path) -> None:
    entries = "car,drivers,team\n1,a,t1\n2,zed,t1\n3,c,t9\n"
    found = problems(
        tmp_path, entries=entries, results={1: {"race": "position,car,drivers\n1,1,a;nobody\n"}}
    )
    assert messages(found, tmp_path) == [
        "01/race.csv:2: drivers: unknown driver 'nobody' (drivers.csv)",
        "entries.csv:3: drivers: unknown driver 'zed' (drivers.csv)",
        "entries.csv:4: team: unknown team 't9' (teams.csv)",
    ]


def test_bad_round_lists_in_entries(tmp_path: Path) -> None:
    entries = "car,drivers,team,rounds\n1,a,t1,5-3\n2,b,t1,x\n3,c,t2,1-2\n"
    found = problems(tmp_path, entries=entries)
    assert messages(found, tmp_path) == [
        "entries.csv:2: rounds: not a round list: range '5-3' runs backwards",
        "entries.csv:3: rounds: not a round list: 'x' is not a round number or a range such as 1-6",
    ]


def test_car_entered_twice_for_the_same_rounds(tmp_path: Path) -> None:
    entries = "car,drivers,team,rounds\n1,a,t1,1-2\n2,b,t1,\n3,c,t2,\n1,c,t2,2\n"
    found = problems(tmp_path, entries=entries)
    assert where(found, tmp_path) == ["entries.csv:5: car:"]


# -- dates, calendar, decisions -------------------------------------------------------------


def test_bad_dates(tmp_path: Path) -> None:
    bad = SEASON.replace("2025-04-01", "2025-13-45") + (
        "decisions:\n  - {kind: withhold, round: 1, competitor: a, date: yesterday}\n"
    )
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:7: calendar[0].start: '2025-13-45' is not a date (YYYY-MM-DD)",
        "season.yaml:10: decisions[0].date: 'yesterday' is not a date (YYYY-MM-DD)",
    ]


def test_round_listed_twice(tmp_path: Path) -> None:
    bad = SEASON.replace("{round: 2, name: Two", "{round: 1, name: Two")
    found = problems(tmp_path, season=bad)
    assert "season.yaml:8: calendar[1].round:" in where(found, tmp_path)
    assert found[-1].message == "round 1 is listed twice"


def test_results_for_a_round_not_held(tmp_path: Path) -> None:
    found = problems(tmp_path, results={1: {"race": RACE}, 2: {"race": RACE}})
    assert messages(found, tmp_path) == [
        "02/race.csv: -: round 2 is scheduled, yet has results; set its status to held"
    ]


def test_decisions_naming_what_does_not_exist(tmp_path: Path) -> None:
    bad = SEASON + (
        "decisions:\n"
        "  - {kind: deduction, round: 1, classification: makes, competitor: t1, points: 5}\n"
        "  - {kind: withhold, round: 1, competitor: nobody}\n"
        "  - {kind: reset, round: 9, competitor: t1}\n"
        "  - {kind: disqualification, round: 1}\n"
        "  - {kind: deduction, round: 1, competitor: a}\n"
        "tie_orders:\n"
        "  - {classification: constructors, after_round: 1, order: [a, ghost]}\n"
    )
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:10: decisions[0].classification: unknown classification 'makes'",
        "season.yaml:11: decisions[1].competitor: unknown driver or team 'nobody'",
        "season.yaml:12: decisions[2].round: no round 9 in the calendar",
        "season.yaml:13: decisions[3]: a disqualification names the car",
        "season.yaml:14: decisions[4]: a deduction gives the points",
        "season.yaml:16: tie_orders[0].classification: unknown classification 'constructors'",
        "season.yaml:16: tie_orders[0].order: unknown driver or team 'ghost'",
    ]


def test_recorded_award_naming_a_stranger(tmp_path: Path) -> None:
    bad = SEASON.replace(
        "  - {id: race, kind: race}\n", "  - {id: race, kind: race, awards: {fastest_lap: 99}}\n"
    )
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:5: sessions[0].awards.fastest_lap: "
        "'99' is neither a car nor a driver of this session"
    ]


# -- rules ----------------------------------------------------------------------------------


def test_unknown_scale_and_bad_round_range_reported_together(tmp_path: Path) -> None:
    bad = RULES.replace("points: race}\n  teams", "points: sprint}\n  teams") + (
        "overrides:\n  - {rounds: '5-3', factor: 2}\n"
    )
    found = problems(tmp_path, rules=bad)
    assert messages(found, tmp_path) == [
        "rules.yaml:7: classifications.drivers.scoring[0].points: "
        "unknown scale 'sprint' (scales: race)",
        "rules.yaml:13: overrides[0].rounds: range '5-3' runs backwards",
    ]


def test_classification_without_competitor(tmp_path: Path) -> None:
    bad = RULES.replace("    competitor: team\n", "")
    found = problems(tmp_path, rules=bad)
    assert messages(found, tmp_path) == [
        "rules.yaml:8: classifications.teams: 'competitor' is required"
    ]


def test_missing_rules_file(tmp_path: Path) -> None:
    found = problems(tmp_path, season=SEASON.replace("rules.yaml", "scoring.yaml"))
    assert messages(found, tmp_path) == [
        "season.yaml:3: rules: no rules file 'scoring.yaml' next to season.yaml"
    ]


def test_problem_in_an_extended_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "scales:\n  race: [10, 6]\nclassifications:\n  drivers:\n    competitor: pilot\n"
    )
    found = problems(tmp_path, rules="extends: base.yaml\nscales:\n  race: [25, 18]\n")
    assert where(found, tmp_path) == ["base.yaml:5: classifications.drivers.competitor:"]


def test_extending_a_missing_file(tmp_path: Path) -> None:
    found = problems(tmp_path, rules="extends: nowhere.yaml\n")
    assert messages(found, tmp_path) == ["rules.yaml:1: extends: no rules file 'nowhere.yaml'"]


def test_load_rules_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("classifications:\n  drivers:\n    competitor: driver\n    listing: all\n")
    with pytest.raises(podium.ValidationError) as caught:
        load_rules(path, "rules.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        "rules.yaml",
        4,
        "classifications.drivers.listing",
    )
    assert problem.message == "'all' is not one of ['scorers', 'classified', 'entrants']"


# -- everything at once ---------------------------------------------------------------------


def test_all_problems_of_all_files_come_together(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        season=SEASON + "colour: red\n",
        rules=RULES.replace("points: race}\n  teams", "points: sprint}\n  teams"),
        drivers=DRIVERS + "a,Another Ann\n",
        teams=TEAMS + "t1,Team One again\n",
        entries=ENTRIES + "4,d,t3\n",
        results={1: {"race": "position,car,status\n1,1,\n2,9,\n,3,gone\n"}},
    )
    assert where(found, tmp_path) == [
        "01/race.csv:3: car:",
        "01/race.csv:4: status:",
        "drivers.csv:5: id:",
        "entries.csv:5: drivers:",
        "entries.csv:5: team:",
        "rules.yaml:7: classifications.drivers.scoring[0].points:",
        "season.yaml:9: colour:",
        "teams.csv:4: id:",
    ]
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(tmp_path)
    text = str(caught.value)
    assert text.count("\n") == len(found) - 1


def test_bad_shares(tmp_path: Path) -> None:
    entries = "car,drivers,team\n1,a;b,t1\n2,c,t2\n"
    race = "position,car,shares\n1,1,1;1;1\n2,2,half\n"
    found = problems(tmp_path, entries=entries, results={1: {"race": race}})
    assert messages(found, tmp_path) == [
        "01/race.csv:2: shares: one share per driver",
        "01/race.csv:3: shares: numbers separated by ';'",
    ]


@pytest.mark.parametrize("missing", ["drivers.csv", "entries.csv"])
def test_missing_csv_file_is_named_alone(tmp_path: Path, missing: str) -> None:
    write(tmp_path)
    (tmp_path / missing).unlink()
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(tmp_path)
    # what refers to the missing file is not reported unknown as well
    assert messages(caught.value.problems, tmp_path) == [f"{missing}: -: file not found"]


def test_no_season_yaml(tmp_path: Path) -> None:
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(tmp_path)
    assert messages(caught.value.problems, tmp_path) == ["season.yaml: -: no season.yaml here"]


def test_results_file_for_a_session_the_round_does_not_have(tmp_path: Path) -> None:
    found = problems(tmp_path, results={1: {"race": RACE, "sprint": RACE}})
    assert messages(found, tmp_path) == [
        "01/sprint.csv: -: round 1 has no session 'sprint' (sessions: race)"
    ]


def test_decisions_naming_a_session_car_or_round_that_does_not_exist(tmp_path: Path) -> None:
    # Each of these would otherwise strike nothing, silently.
    bad = SEASON + (
        "decisions:\n"
        "  - {kind: disqualification, round: 1, session: rcae, car: 1}\n"
        "  - {kind: disqualification, round: 1, session: race, car: 7}\n"
        "  - {kind: disqualification, round: 1, car: 8}\n"
        "tie_orders:\n"
        "  - {classification: drivers, after_round: 4, order: [a, b]}\n"
    )
    found = problems(tmp_path, season=bad)
    assert messages(found, tmp_path) == [
        "season.yaml:10: decisions[0].session: round 1 has no session 'rcae' (sessions: race)",
        "season.yaml:11: decisions[1].car: car 7 has no result in round 1 race",
        "season.yaml:12: decisions[2].car: car 8 has no result in round 1",
        "season.yaml:14: tie_orders[0].after_round: no round 4 in the calendar",
    ]
