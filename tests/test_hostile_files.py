"""Season folders from a stranger: nothing they name is read outside the folder, nothing they
hold stalls a reader or turns its error report into the attack.

Each test plants a file outside the season folder holding a secret, lets the season point at
it, and checks both that the season is refused with the key that pointed and that the secret
appears nowhere in what podium says.
"""

from __future__ import annotations

import os
import resource
import shutil
import threading
import time
from pathlib import Path

import pytest

import podium
from podium.errors import MAX_MESSAGE, MAX_PER_FILE, ValidationError
from podium.files.yamlsrc import load_yaml_text
from podium.formats.f1db.source import parse_text as parse_f1db_yaml
from seasonkit import write_season

SECRET = "top-secret-value-7f3a"
RULES = {
    "classifications": {
        "drivers": {"competitor": "driver", "scoring": [{"session": "race", "points": [10, 6]}]}
    }
}
ENTRIES = [{"car": 1, "drivers": "a"}, {"car": 2, "drivers": "b"}]


def problems(folder: Path, root: Path | None = None) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(ValidationError) as caught:
        podium.load_season(folder, root=root)
    assert SECRET not in str(caught.value)
    return [(Path(p.file).name, p.line, p.field, p.message) for p in caught.value.problems]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the season's, with files a season must never read."""
    there = tmp_path / "outside"
    there.mkdir()
    (there / "rules.yaml").write_text(f"classifications:\n  {SECRET}: {{competitor: x}}\n")
    (there / "drivers.csv").write_text(f"id,name\n{SECRET},{SECRET}\n")
    (there / "01").mkdir()
    (there / "01" / "race.csv").write_text(f"position,car\n1,{SECRET}\n")
    return there


def season_yaml(**keys: str) -> str:
    lines = [
        "series: {id: club, name: Club}",
        "year: 2025",
        f"rules: {keys.get('rules', 'rules.yaml')}",
        "sessions: [{id: race, kind: race}]",
        "calendar:",
        "  - round: 1",
        "    name: One",
        "    status: held",
    ]
    if "folder" in keys:
        lines.append(f"    folder: {keys['folder']}")
    return "\n".join(lines) + "\n"


def test_a_rules_path_outside_the_folder_is_refused_naming_the_key(
    tmp_path: Path, outside: Path
) -> None:
    for written in (str(outside / "rules.yaml"), "../outside/rules.yaml", "/proc/self/status"):
        folder = write_season(
            tmp_path / "s",
            rules=RULES,
            entries=ENTRIES,
            results={1: {"race": ["1", "2"]}},
            season=season_yaml(rules=written),
        )
        found = problems(folder)
        assert [(f, line, key) for f, line, key, _ in found] == [("season.yaml", 3, "rules")]
        assert "must name a rules file in the season folder" in found[0][3]


def test_a_wider_root_lets_seasons_share_a_rules_file(tmp_path: Path) -> None:
    folder = write_season(
        tmp_path / "seasons" / "club-2025",
        rules=RULES,
        entries=ENTRIES,
        results={1: {"race": ["1", "2"]}},
        season=season_yaml(rules="../shared-rules.yaml"),
    )
    (tmp_path / "seasons" / "shared-rules.yaml").write_text((folder / "rules.yaml").read_text())
    assert problems(folder)[0][2] == "rules"
    season = podium.load_season(folder, root=tmp_path / "seasons")
    assert podium.standings(season, "drivers").rows[0].points == 10
    # The root must hold the season.
    with pytest.raises(ValidationError, match="not inside"):
        podium.load_season(folder, root=tmp_path / "elsewhere")


def test_a_round_folder_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    for written in (str(outside / "01"), "../outside/01", "/etc/ssl"):
        folder = write_season(
            tmp_path / "s", rules=RULES, entries=ENTRIES, season=season_yaml(folder=written)
        )
        found = problems(folder)
        assert ("season.yaml", 9, "calendar[0].folder") in [f[:3] for f in found], found


def test_extends_outside_the_folder_or_the_bundle_is_refused(tmp_path: Path, outside: Path) -> None:
    for written in (
        "../outside/rules.yaml",
        "../../../../../../../../etc/passwd",
        str(outside / "rules.yaml"),
        "podium:../../../../outside/rules",
        "podium:/etc/passwd",
    ):
        folder = write_season(
            tmp_path / "s",
            rules=f"extends: {written}\nclassifications: {{}}\n",
            entries=ENTRIES,
            season=season_yaml(),
        )
        found = problems(folder)
        assert [f[:3] for f in found] == [("rules.yaml", 1, "extends")], (written, found)
    # What podium bundles is still reachable.
    folder = write_season(
        tmp_path / "bundled",
        # Without constructors in entries.csv, F1's constructors' table would be empty.
        rules="extends: podium:f1/2024\nclassifications: {constructors: null}\n",
        entries=ENTRIES,
        season=season_yaml(),
    )
    assert "drivers" in podium.load_season(folder).rules.classifications


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path: Path, outside: Path) -> None:
    folder = write_season(
        tmp_path / "s",
        rules=RULES,
        entries=ENTRIES,
        results={1: {"race": ["1", "2"]}},
        season=season_yaml(),
    )
    (folder / "drivers.csv").unlink()
    (folder / "drivers.csv").symlink_to(outside / "drivers.csv")
    (folder / "01" / "race.csv").unlink()
    (folder / "01" / "race.csv").symlink_to(outside / "01" / "race.csv")
    (folder / "rules.yaml").unlink()
    (folder / "rules.yaml").symlink_to(outside / "rules.yaml")
    found = problems(folder)
    refused = {f for f, _, _, message in found if "leads outside the folder" in message}
    assert refused >= {"drivers.csv", "race.csv"}, found
    assert ("season.yaml", 3, "rules") in [f[:3] for f in found]
    # A symlink that stays inside is an ordinary file.
    (folder / "drivers.csv").unlink()
    (folder / "people.csv").write_text("id,name\na,A\nb,B\n")
    (folder / "drivers.csv").symlink_to("people.csv")
    assert {Path(p[0]).name for p in problems(folder)} == {"race.csv", "season.yaml"}


def test_devices_fifos_and_folders_are_refused_without_reading(tmp_path: Path) -> None:
    folder = write_season(
        tmp_path / "s",
        rules=RULES,
        entries=ENTRIES,
        teams=[{"id": "t", "name": "T"}],
        results={1: {"race": ["1", "2"]}},
        season=season_yaml(),
    )
    (folder / "teams.csv").unlink()
    (folder / "teams.csv").symlink_to("/dev/zero")
    (folder / "entries.csv").unlink()
    os.mkfifo(folder / "entries.csv")  # opening it for reading would wait for a writer
    shutil.rmtree(folder / "01")
    (folder / "01" / "race.csv").mkdir(parents=True)
    # Linked out of the folder, /dev/zero is refused as such; with the whole disk as the
    # root, as a device.
    assert ("teams.csv", None, "-") in [f[:3] for f in problems(folder)]
    outcome: list[list[tuple[str, int | None, str, str]]] = []
    reader = threading.Thread(
        target=lambda: outcome.append(problems(folder, root=Path("/"))), daemon=True
    )
    started = time.monotonic()
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "a reader blocked on a device or a FIFO"
    assert time.monotonic() - started < 5
    messages = {f: m for f, _, _, m in outcome[0]}
    assert messages["teams.csv"] == "is a device, pipe or socket, not a file: not read"
    assert messages["entries.csv"] == "is a device, pipe or socket, not a file: not read"
    assert messages["race.csv"] == "is a folder, not a file: not read"


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_is_refused_at_once_in_little_memory(tmp_path: Path) -> None:
    assert len(BOMB) < 400
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    for text in (BOMB, season_yaml() + "sources:\n  " + BOMB.replace("\n", "\n  ")):
        with pytest.raises(ValidationError, match="aliases") as caught:
            load_yaml_text(text, "season.yaml")
        assert len(str(caught.value)) < MAX_MESSAGE + 50
    folder = write_season(tmp_path / "s", rules=BOMB, entries=ENTRIES, season=season_yaml())
    assert problems(folder)[0][:2] == ("rules.yaml", 1)
    assert time.monotonic() - started < 2
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 50_000
    # Aliases that repeat, as the WTCR example's shared notes do, are fine.
    assert load_yaml_text("a: &n note\nb: *n\n", "x.yaml") == {"a": "note", "b": "note"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("points: " + "9" * 5000, "a number of more than 18 digits; quote it if it is text"),
        ("points: .nan", "'.nan' is not a finite number"),
        ("points: -.inf", "'-.inf' is not a finite number"),
        ("x: &a [*a]", "an alias refers to the value that contains it"),
        ("x: " + "[" * 70 + "]" * 70, "nested more than 64 levels deep"),
        ("- " * 70 + "1", "nested more than 64 levels deep"),
        ("x: 1\0", "not a text file (it holds NUL bytes)"),
    ],
)
def test_yaml_values_no_reader_could_use_are_problems(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load_yaml_text(text, "rules.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.message) == ("rules.yaml", 1, message)


def test_error_reports_are_capped_per_file_and_per_message(tmp_path: Path) -> None:
    rows = "\n".join(f"{n},9{n}" for n in range(1, 5001))
    huge = "x" * 100_000
    folder = write_season(
        tmp_path / "s",
        rules=RULES,
        entries=ENTRIES,
        season=season_yaml(),
        results={1: {"race": f"position,car\n{rows}\n"}},
        drivers=f"id,name\na,A\nb,B\n{huge} y,Z\n",
    )
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        podium.load_season(folder)
    assert time.monotonic() - started < 5
    found = caught.value.problems
    race = [p for p in found if p.file.endswith("race.csv")]
    assert len(race) == MAX_PER_FILE + 1
    assert race[-1].message == f"and {5000 - MAX_PER_FILE} more problems"
    driver = next(p for p in found if p.file.endswith("drivers.csv"))
    assert driver.line == 4 and len(driver.message) <= MAX_MESSAGE
    assert driver.message.endswith("…")
    assert len(str(caught.value)) < 60 * (MAX_MESSAGE + 200)


def test_the_f1db_reader_refuses_an_alias_bomb_too() -> None:
    with pytest.raises(ValidationError, match="aliases") as caught:
        parse_f1db_yaml(BOMB.encode(), "race-results.yml")
    assert caught.value.problems[0].line == 1
    assert parse_f1db_yaml(b"- position: 1\n  driverId: a\n", "x.yml") == [
        {"position": 1, "driverId": "a"}
    ]


def test_a_link_is_refused_in_words_not_as_a_regular_expression(tmp_path: Path) -> None:
    folder = write_season(
        tmp_path / "s",
        rules=RULES,
        entries=ENTRIES,
        season=season_yaml() + "links:\n  results: javascript:alert(1)\n  series: https://x.org\n",
    )
    assert problems(folder) == [
        (
            "season.yaml",
            10,
            "links.results",
            "'javascript:alert(1)' is not an http(s) or mailto link",
        )
    ]


def test_a_story_cannot_embed_a_photo_from_outside_its_folder(
    tmp_path: Path, outside: Path
) -> None:
    from podium.reports.story import load_story

    (outside / "secret.jpg").write_bytes(SECRET.encode())
    stories = tmp_path / "stories"
    stories.mkdir()
    # A real (tiny) JPEG: a story's photo is checked to be a picture when the story is read.
    from PIL import Image

    Image.new("RGB", (4, 4)).save(stories / "ok.jpg", format="JPEG")
    for written in ("../outside/secret.jpg", str(outside / "secret.jpg"), "/etc/passwd"):
        story = stories / "round.md"
        story.write_text(
            f"---\nheadline: Hi\nphotos:\n  - {{file: '{written}', caption: x, credit: y}}\n"
            "---\nText.\n",
            encoding="utf-8",
        )
        with pytest.raises(ValidationError) as caught:
            load_story(story)
        (problem,) = caught.value.problems
        assert (problem.line, problem.field) == (4, "photos[0].file")
        assert "must be in the story's folder" in problem.message and SECRET not in str(problem)
    story.write_text(
        "---\nheadline: Hi\nphotos:\n  - {file: ok.jpg, caption: x, credit: y}\n---\nText.\n",
        encoding="utf-8",
    )
    assert load_story(story).photos[0].file == stories / "ok.jpg"


def test_names_no_file_system_takes_are_problems(tmp_path: Path) -> None:
    folder = write_season(
        tmp_path / "s", rules=RULES, entries=ENTRIES, season=season_yaml(folder="x" * 10_000)
    )
    found = problems(folder)
    assert [f[:3] for f in found] == [("season.yaml", 9, "calendar[0].folder")]
    assert "at most 255 characters" in found[0][3]
