"""The examples of docs/rules.md and docs/formats.md are valid podium input.

Every ```yaml block of the two documents carries a marker on the line before it:

* `<!-- rules-example -->` or `<!-- rules-example: NAME -->`: a whole rules file, read with
  `podium.rules.load_rules`. A named one is also written as NAME next to the others, so that a
  later example may `extends: NAME` it.
* `<!-- file: PATH -->` (formats.md): a file of the example season folder; ```csv blocks may
  carry it too. Together they must load with `podium.load_season`.
* `<!-- season-fragment -->`: top-level season.yaml keys; they replace those keys of the
  example folder's season.yaml, and the folder must still load.

formats.md also shows `podium validate` on a broken copy of the example folder
(`<!-- validate-output -->`); the copy is broken here the way the document says, and the
output must be the one shown.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import podium
from podium.rules import load_rules
from podium.rules.loader import bundled_rules_dir

DOCS = Path(__file__).resolve().parents[1] / "docs"
MARKER = re.compile(r"^<!--\s*([a-z-]+)(?::\s*(\S+))?\s*-->$")
# overlay-example: an F1 season data file (formats.md), loaded in test_f1db_import.py.
YAML_MARKERS = {"rules-example", "file", "season-fragment", "overlay-example"}


@dataclass(frozen=True)
class Block:
    doc: str
    line: int  # of the opening fence
    lang: str
    marker: str | None
    arg: str | None
    text: str

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def blocks(doc: str) -> list[Block]:
    """The fenced code blocks of a document, each with the marker on the line before it."""
    lines = (DOCS / doc).read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].rstrip() != "```":
            body.append(lines[i])
            i += 1
        i += 1
        previous = lines[start - 1].strip() if start > 0 else ""
        marker = MARKER.match(previous)
        out.append(
            Block(
                doc=doc,
                line=start + 1,
                lang=fence.group(1),
                marker=marker.group(1) if marker else None,
                arg=marker.group(2) if marker else None,
                text="\n".join(body) + "\n",
            )
        )
    return out


def marked(doc: str, marker: str) -> list[Block]:
    return [b for b in blocks(doc) if b.marker == marker]


def rules_examples() -> list[Block]:
    return marked("rules.md", "rules-example") + marked("formats.md", "rules-example")


def example_files() -> dict[str, str]:
    """The example season folder of formats.md: {relative path: text}."""
    return {b.arg or "": b.text for b in marked("formats.md", "file")}


def write_files(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


# -- every block is checked -------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["rules.md", "formats.md"])
def test_every_yaml_block_is_marked(doc: str) -> None:
    unmarked = [b.id for b in blocks(doc) if b.lang == "yaml" and b.marker not in YAML_MARKERS]
    assert not unmarked, f"yaml blocks without a marker ({', '.join(sorted(YAML_MARKERS))})"


def test_the_documents_have_examples() -> None:
    assert len(rules_examples()) >= 20
    assert {"season.yaml", "rules.yaml", "drivers.csv", "entries.csv"} <= set(example_files())
    assert marked("formats.md", "season-fragment")
    assert marked("formats.md", "validate-output")


# -- rules files ------------------------------------------------------------------------------


@pytest.mark.parametrize("block", rules_examples(), ids=lambda b: b.id)
def test_rules_example_is_valid(block: Block, tmp_path: Path) -> None:
    for other in marked("rules.md", "rules-example"):
        if other.arg and other is not block:
            write_files(tmp_path, {other.arg: other.text})
    path = write_files(tmp_path, {block.arg or "example.yaml": block.text}) / (
        block.arg or "example.yaml"
    )
    parent = yaml.safe_load(block.text).get("extends")
    if isinstance(parent, str) and parent.startswith("podium:"):
        bundled = bundled_rules_dir() / f"{parent.removeprefix('podium:')}.yaml"
        if not bundled.is_file():
            pytest.skip(f"{parent} is not bundled (yet)")
    rules = load_rules(path)  # raises ValidationError, listing every problem
    assert rules.classifications


@pytest.mark.parametrize(
    ("name", "example"), [("club.yaml", "club-2025"), ("wtcr.yaml", "wtcr-2021")]
)
def test_rules_example_scores_a_bundled_season_as_its_own_rules(
    name: str, example: str, tmp_path: Path
) -> None:
    """rules.md quotes (club) or condenses (WTCR) a bundled example's rules: same standings."""
    (block,) = [b for b in marked("rules.md", "rules-example") if b.arg == name]
    folder = tmp_path / example
    shutil.copytree(podium.example_path(example), folder)
    bundled = podium.load_season(folder)
    (folder / "rules.yaml").write_text(block.text, encoding="utf-8")
    documented = podium.load_season(folder)
    assert set(documented.rules.classifications) == set(bundled.rules.classifications)
    for classification in bundled.rules.classifications:
        for ours, theirs in zip(
            podium.standings_history(documented, classification),
            podium.standings_history(bundled, classification),
            strict=True,
        ):
            assert ours == theirs, (classification, theirs.after_round)


# -- the season folder ------------------------------------------------------------------------


def test_example_season_folder_loads(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "smoke", example_files())
    season = podium.load_season(folder)
    assert set(season.rules.classifications) == {"drivers", "teams"}
    table = podium.standings(season, "drivers")
    assert (table.after_round, table.rounds_total) == (1, 2)


@pytest.mark.parametrize("block", marked("formats.md", "season-fragment"), ids=lambda b: b.id)
def test_season_fragment_is_valid(block: Block, tmp_path: Path) -> None:
    files = example_files()
    season: dict[str, Any] = yaml.safe_load(files["season.yaml"])
    fragment = yaml.safe_load(block.text)
    assert isinstance(fragment, dict), "a season fragment is a mapping of season.yaml keys"
    season.update(fragment)
    files["season.yaml"] = yaml.safe_dump(season, sort_keys=False, allow_unicode=True)
    season_loaded = podium.load_season(write_files(tmp_path / "smoke", files))
    for name in season_loaded.rules.classifications:
        podium.standings_history(season_loaded, name)


# -- podium validate on a broken copy ---------------------------------------------------------


def _break(folder: Path) -> None:
    """The edits formats.md lists under "Errors"."""

    def edit(name: str, old: str, new: str) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer holds {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("season.yaml", "year: 2025", "year: 25x")
    edit("rules.yaml", "    cars: {best: 1}\n", "    cars: {best: 1}\n    tie_brake: [countback]\n")
    edit("entries.csv", "3,c,t2,", "3,c,t3,")
    edit("entries.csv", "3,c,t3,\n", "3,c,t3,\n1,a,t2,\n")
    (folder / "01" / "race.csv").write_text(
        "position,car,status\n1,2,\n1,3,\n3,7,\n,1,wat\n", encoding="utf-8"
    )
    (folder / "01" / "sprint.csv").write_text(
        (folder / "01" / "qualifying.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )


def test_validate_output_shown_in_formats_md(tmp_path: Path) -> None:
    (shown,) = marked("formats.md", "validate-output")
    lines = shown.text.splitlines()
    assert lines[0] == "$ podium validate smoke-broken"
    assert lines[-2:] == ["$ echo $?", "1"]
    expected = lines[1:-2]
    _break(write_files(tmp_path / "smoke-broken", example_files()))
    run = subprocess.run(
        [sys.executable, "-m", "podium", "validate", "smoke-broken"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert (run.stdout + run.stderr).splitlines() == expected
