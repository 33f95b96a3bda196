"""Season checks that refuse silent mistakes (formats/checks.py): each file valid alone, the
season scoring wrong together. Each test breaks a small valid season in one place and checks
the exact `file:line: field: message`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import podium
from podium.errors import Problem
from seasonkit import write_season

SEASON = """\
series: {id: test, name: Test Cup}
year: 2025
rules: rules.yaml
sessions:
  - {id: qualifying, kind: qualifying}
  - {id: race1, kind: race}
  - {id: race2, kind: race}
calendar:
  - {round: 1, name: One, start: 2025-04-01, status: held}
  - {round: 2, name: Two, start: 2025-05-01, status: held}
  - {round: 3, name: Three, start: 2025-06-01}
"""
RULES = """\
scales:
  race: [10, 6, 4]
classifications:
  drivers:
    competitor: driver
    eligible: {flags_none: [wildcard]}
    scoring:
      - {session: race, points: race}
    bonuses:
      - {name: pole, session: qualifying, holder: best_placed, points: 1}
  teams:
    competitor: team
    scoring:
      - {session: race, points: race}
"""
DRIVERS = "id,name\na,Ann\nb,Bob\nc,Cy\n"
TEAMS = "id,name\nt1,One\nt2,Two\n"
ENTRIES = "car,drivers,team,flags\n1,a,t1,\n2,b,t1,\n3,c,t2,wildcard\n"
RACE = "position,car\n1,1\n2,2\n3,3\n"
RESULTS = {n: {"qualifying": RACE, "race1": RACE, "race2": RACE} for n in (1, 2)}


def write(folder: Path, **changes: Any) -> Path:
    return write_season(
        folder,
        season=changes.pop("season", SEASON),
        rules=changes.pop("rules", RULES),
        drivers=changes.pop("drivers", DRIVERS),
        teams=changes.pop("teams", TEAMS),
        entries=changes.pop("entries", ENTRIES),
        results=changes.pop("results", RESULTS),
        **changes,
    )


def problems(folder: Path, **changes: Any) -> list[str]:
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(write(folder, **changes))
    return shown(caught.value.problems, folder)


def shown(found: tuple[Problem, ...] | list[Problem], folder: Path) -> list[str]:
    return [str(p).removeprefix(f"{folder}/") for p in found]


def test_the_base_season_loads_without_problems_or_warnings(tmp_path: Path) -> None:
    season = podium.load_season(write(tmp_path))
    assert season.warnings == ()


@pytest.mark.parametrize("name", podium.examples())
def test_bundled_examples_pass_every_check(name: str) -> None:
    assert podium.load_season(podium.example_path(name)).warnings == ()


# -- session selectors ---------------------------------------------------------------------


def test_a_scoring_selector_matching_no_session(tmp_path: Path) -> None:
    rules = RULES.replace(
        "- {session: race, points: race}\n    bonuses",
        "- {session: races, points: race}\n    bonuses",
    )
    assert problems(tmp_path, rules=rules) == [
        "rules.yaml:8: classifications.drivers.scoring[0].session: 'races' matches no session "
        "of any round (sessions: qualifying, race1, race2; kinds: qualifying, race); "
        "did you mean 'race'?"
    ]


def test_a_bonus_selector_by_id(tmp_path: Path) -> None:
    rules = RULES.replace("session: qualifying,", "session: {id: qualifiyng},")
    assert problems(tmp_path, rules=rules) == [
        "rules.yaml:10: classifications.drivers.bonuses[0].session: {id: 'qualifiyng'} matches "
        "no session of any round (sessions: qualifying, race1, race2; kinds: qualifying, race); "
        "did you mean 'qualifying'?"
    ]


def test_a_selector_whose_kind_and_id_disagree(tmp_path: Path) -> None:
    rules = RULES.replace("session: qualifying,", "session: {kind: race, id: qualifying},")
    (problem,) = problems(tmp_path, rules=rules)
    assert problem.endswith("; session 'qualifying' is of kind qualifying")


def test_a_selector_missing_the_segment(tmp_path: Path) -> None:
    season = SEASON.replace(
        "  - {id: qualifying, kind: qualifying}\n",
        "  - {id: q1, kind: qualifying, segment: Q1}\n"
        "  - {id: q2, kind: qualifying, segment: Q2}\n",
    )
    rules = RULES.replace("session: qualifying,", "session: {kind: qualifying},")
    results = {n: {"q1": RACE, "race1": RACE} for n in (1, 2)}
    (problem,) = problems(tmp_path, season=season, rules=rules, results=results)
    assert problem.endswith(
        "these sessions have segments (Q1, Q2): give one, or segment: '*' for any"
    )


def test_listing_session_and_countback_session(tmp_path: Path) -> None:
    rules = RULES + (
        "    listing: classified\n"
        "    listing_session: {id: [race3]}\n"
        "    tie_break: [{countback: all, session: sprint}, shared]\n"
    )
    assert problems(tmp_path, rules=rules) == [
        "rules.yaml:16: classifications.teams.listing_session: {id: ['race3']} matches no "
        "session of any round (sessions: qualifying, race1, race2; kinds: qualifying, race); "
        "did you mean 'race2'?",
        "rules.yaml:17: classifications.teams.tie_break[0].session: 'sprint' matches no "
        "session of any round (sessions: qualifying, race1, race2; kinds: qualifying, race)",
    ]


def test_an_override_selector_is_held_to_its_own_rounds(tmp_path: Path) -> None:
    season = SEASON.replace(
        "  - {round: 3, name: Three, start: 2025-06-01}\n",
        "  - round: 3\n    name: Three\n    start: 2025-06-01\n"
        "    sessions: [{id: race, kind: race}]\n",
    )
    rules = RULES + (
        "overrides:\n"
        "  - {rounds: 3, session: race2, factor: 2}\n"
        "  - {rounds: 9, factor: 2}\n"
        "  - {rounds: 8-9, session: race, factor: 2}\n"
    )
    assert problems(tmp_path, season=season, rules=rules) == [
        "rules.yaml:16: overrides[0].session: 'race2' matches no session of round 3 "
        "(sessions: race; kinds: race); did you mean 'race'?",
        "rules.yaml:18: overrides[2].rounds: no round of 8-9 is in the calendar (rounds: 1, 2, 3)",
    ]


def test_inline_rules_are_located_in_season_yaml(tmp_path: Path) -> None:
    season = SEASON.replace(
        "rules: rules.yaml\n",
        "rules:\n  classifications:\n    drivers:\n      competitor: driver\n"
        "      scoring: [{session: race3, points: [1]}]\n",
    )
    (problem,) = problems(tmp_path, season=season)
    assert problem.startswith(
        "season.yaml:7: rules.classifications.drivers.scoring[0].session: 'race3' matches no "
        "session of any round"
    )


def test_a_selector_inherited_from_a_shared_file_is_not_held_to_this_season(
    tmp_path: Path,
) -> None:
    # A base shared by seasons with and without sprints: its sprint bonus is not a mistake.
    base = RULES + "    bonuses:\n      - {name: sprint pole, session: sprint, points: 1}\n"
    (tmp_path / "base.yaml").parent.mkdir(parents=True, exist_ok=True)
    folder = write(tmp_path, rules="extends: base.yaml\n")
    (folder / "base.yaml").write_text(base)
    assert podium.load_season(folder).warnings == ()


# -- flags, organisations ----------------------------------------------------------------------


def test_a_misspelt_flag_to_exclude(tmp_path: Path) -> None:
    rules = RULES.replace("flags_none: [wildcard]", "flags_none: [wildcards]")
    assert problems(tmp_path, rules=rules) == [
        "rules.yaml:6: classifications.drivers.eligible.flags_none[0]: no entry carries the "
        "flag 'wildcards' (flags in entries.csv: wildcard); did you mean 'wildcard'?"
    ]


def test_a_flag_to_exclude_that_no_entry_carries_yet_is_a_rule_for_later(tmp_path: Path) -> None:
    # As WTCR 2021's rules: wildcards score nothing, and none had entered by round 3.
    entries = ENTRIES.replace(",wildcard\n", ",\n")
    assert podium.load_season(write(tmp_path, entries=entries)).warnings == ()


def test_a_flag_required_that_no_entry_carries(tmp_path: Path) -> None:
    rules = RULES + "    eligible: {flags_all: [trophy]}\n    cars: {flag: nominated}\n"
    assert problems(tmp_path, rules=rules) == [
        "rules.yaml:15: classifications.teams.eligible.flags_all[0]: no entry carries the flag "
        "'trophy': no entry is eligible (flags in entries.csv: wildcard)",
        "rules.yaml:16: classifications.teams.cars.flag: no entry carries the flag "
        "'nominated': no car scores (flags in entries.csv: wildcard)",
    ]


def test_a_classification_of_organisations_no_entry_names(tmp_path: Path) -> None:
    rules = (
        RULES + "  makes:\n    competitor: manufacturer\n    scoring:\n"
        "      - {session: race, points: race}\n"
    )
    assert problems(tmp_path, rules=rules) == [
        "rules.yaml:16: classifications.makes.competitor: classification 'makes' ranks each "
        "manufacturer, but no entry names a manufacturer (the manufacturer column of "
        "entries.csv is empty): its table would be empty"
    ]


# -- folders and rounds ---------------------------------------------------------------------


def test_a_round_folder_no_round_reads(tmp_path: Path) -> None:
    folder = write(tmp_path)
    shutil.copytree(folder / "02", folder / "3")
    (folder / "stories").mkdir()  # not results: never looked at
    (folder / "stories" / "round-1.md").write_text("A story.\n")
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(folder)
    assert shown(caught.value.problems, folder) == [
        "3: -: folder '3' is no round's folder, so nothing in it is read "
        "(round folders: 01, 02, 03); did you mean '03'?"
    ]


def test_a_named_folder_with_results_no_round_reads(tmp_path: Path) -> None:
    folder = write(tmp_path)
    (folder / "monza").mkdir()
    (folder / "monza" / "race1.csv").write_text(RACE)
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(folder)
    assert shown(caught.value.problems, folder) == [
        "monza: -: folder 'monza' is no round's folder, so nothing in it is read "
        "(round folders: 01, 02, 03)"
    ]


def test_a_held_round_without_results_is_a_warning(tmp_path: Path) -> None:
    season = SEASON.replace("2025-06-01}", "2025-06-01, status: held}")
    loaded = podium.load_season(write(tmp_path, season=season))
    assert shown(loaded.warnings, tmp_path) == [
        "season.yaml:11: calendar[2].status: round 3 is held but has no classification yet "
        "(no results file in 03/: qualifying.csv, race1.csv, race2.csv)"
    ]


def test_problems_of_every_check_come_together(tmp_path: Path) -> None:
    rules = RULES.replace("flags_none: [wildcard]", "flags_none: [wildcards]").replace(
        "session: qualifying,", "session: qualy,"
    )
    folder = write(tmp_path, rules=rules)
    (folder / "4").mkdir()
    (folder / "4" / "race1.csv").write_text(RACE)
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(folder)
    assert [p.split(":")[0] for p in shown(caught.value.problems, folder)] == [
        "4",
        "rules.yaml",
        "rules.yaml",
    ]


def test_an_inherited_classification_no_entry_can_fill_says_how_to_remove_it(
    tmp_path: Path,
) -> None:
    folder = write(tmp_path, rules="extends: podium:f1/2024\n")
    with pytest.raises(podium.ValidationError) as caught:
        podium.load_season(folder)
    assert shown(caught.value.problems, folder) == [
        "rules.yaml:1: classifications.constructors.competitor: classification 'constructors' "
        "ranks each constructor, but no entry names a constructor (the constructor column of "
        "entries.csv is empty): its table would be empty (inherited: `constructors: null` "
        "under classifications removes it)"
    ]


def test_validate_prints_warnings_on_stderr_and_exits_0(tmp_path: Path) -> None:
    season = SEASON.replace("2025-06-01}", "2025-06-01, status: held}")
    folder = write(tmp_path, season=season)
    done = subprocess.run(
        [sys.executable, "-m", "podium", "validate", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        f"warning: {folder}/season.yaml:11: calendar[2].status: round 3 is held but has no "
        "classification yet (no results file in 03/: qualifying.csv, race1.csv, race2.csv)\n"
    )
    assert done.stdout.startswith("ok: Test Cup 2025")


def test_a_fastest_lap_bonus_over_a_file_without_fastest_laps_is_warned(tmp_path: Path) -> None:
    """The club's rules give a point for the fastest lap: a race file that names no fastest
    lap would award nobody, quietly, so the season says which file lacks them."""
    folder = tmp_path / "club"
    shutil.copytree(podium.example_path("club-2025"), folder)
    assert not [w for w in podium.load_season(folder).warnings if w.field == "fastest_lap"]
    race = folder / "01" / "race1.csv"
    lines = race.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("fastest_lap")
    kept = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines]
    race.write_text("\n".join(kept) + "\n", encoding="utf-8")
    warned = [w for w in podium.load_season(folder).warnings if w.field == "fastest_lap"]
    assert [w.file for w in warned] == [str(race)]
    assert "fastest lap" in warned[0].message and "remove the bonus" in warned[0].message
