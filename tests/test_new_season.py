"""podium new season: every template validates at once; entry lists; prompts; refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

import podium
from datain import ALKAMEL, snapshot
from datain import podium as run
from podium.formats.newseason import templates


@pytest.mark.parametrize("template", sorted(templates()))
def test_every_template_validates_at_once(
    template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / template
    code, out, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Smoke Cup",
        "--year",
        "2026",
        "--rounds",
        "3",
        "--rules",
        template,
        "--no-ask",
    )
    assert code == 0, err
    assert out.splitlines()[-1].startswith(f"next: podium validate {folder}")
    code, out, err = run(capsys, "validate", folder)
    assert code == 0, err
    assert out.startswith("ok: Smoke Cup 2026 — 3 rounds (0 held), 0 entries")
    season = podium.load_season(folder)
    assert season.key == "smoke-cup/2026"
    assert [r.name for r in season.rounds] == ["Round 1", "Round 2", "Round 3"]


def test_bundled_rules_and_own_sessions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "f1"
    code, _, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Formula Mini",
        "--series-id",
        "fmini",
        "--year",
        "2024",
        "--rules",
        "podium:f1/2024",
        "--sessions",
        "qualifying,sprint,race",
        "--round",
        "2024-03-02 Sakhir",
        "--no-ask",
    )
    assert code == 0, err
    season = podium.load_season(folder)
    assert season.key == "fmini/2024"
    assert [s.id for s in season.rounds[0].sessions] == ["qualifying", "sprint", "race"]
    assert str(season.rounds[0].start) == "2024-03-02"
    assert "extends: podium:f1/2024" in (folder / "rules.yaml").read_text("utf-8")


def test_an_entry_list_from_a_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["No.", "Driver 1", "Driver 2", "Team", "Class"])
    sheet.append([7, "Jöns ÅKESSON", "Hélène Côté", "Kestrel Racing", "Trophy"])
    sheet.append([12, "Ewan Prowse", None, "Kestrel Racing", "TCR"])
    path = tmp_path / "entries.xlsx"
    book.save(path)
    folder = tmp_path / "cup"
    code, out, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Cup",
        "--year",
        "2025",
        "--rules",
        "touring",
        "--entries",
        path,
        "--no-ask",
    )
    assert code == 0, err
    assert f"read {path}[Sheet]: 2 entries, 3 drivers, 1 teams" in out
    season = podium.load_season(folder)
    assert [(e.car, e.drivers, e.team, sorted(e.flags)) for e in season.entries] == [
        ("7", ("jons-akesson", "helene-cote"), "kestrel-racing", ["trophy"]),
        ("12", ("ewan-prowse",), "kestrel-racing", []),
    ]
    assert season.drivers["jons-akesson"].name == "Jöns Åkesson"


def test_a_bad_entry_list_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "entries.csv"
    path.write_text("NUMBER;DRIVER_1;CLASS\n7;Ann A;GT3\n;Bob B;TCR\n7;Cy C;TCR\n", "utf-8")
    folder = tmp_path / "cup"
    code, _, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Cup",
        "--year",
        "2025",
        "--rules",
        "touring",
        "--entries",
        path,
        "--no-ask",
    )
    assert code == 1
    assert err.splitlines() == [
        f"{path}:3: NUMBER: required",
        f"{path}:4: NUMBER: car 7 is listed twice (line 2)",
        "2 problem(s) found; nothing was loaded or written.",
    ]
    assert not folder.exists()
    path.write_text("NUMBER;DRIVER_1;CLASS\n7;Ann A;GT3\n", "utf-8")
    code, _, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Cup",
        "--year",
        "2025",
        "--rules",
        "touring",
        "--entries",
        path,
        "--no-ask",
    )
    assert code == 1
    assert err.splitlines()[0] == (
        f"{path}:2: CLASS: class 'GT3' is not one of the template's classes (Trophy, TCR): "
        "give its flags in a flags column instead"
    )
    assert not folder.exists()


def test_prompts_ask_for_what_the_options_leave_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    answers = "Northfield Cup\n2025\nclub-one-race\n2\n2025-04-12 Snetterton\nKnockhill\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    folder = tmp_path / "asked"
    code, _, err = run(capsys, "new", "season", folder, "--ask")
    assert code == 0, err
    season = podium.load_season(folder)
    assert season.name == "Northfield Cup 2025"
    assert [(r.name, r.start) for r in season.rounds][1] == ("Knockhill", None)
    assert [s.id for s in season.rounds[0].sessions] == ["qualifying", "race"]


def test_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cup"
    code, _, err = run(capsys, "new", "season", folder, "--no-ask")
    assert code == 2 and "give --series NAME and --year YEAR" in err
    code, _, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Cup",
        "--year",
        "2025",
        "--rules",
        "clubb",
        "--no-ask",
    )
    assert code == 1 and "no rules template 'clubb' (templates: club-one-race" in err
    code, _, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Cup",
        "--year",
        "2025",
        "--round",
        "2025-02-30 Nowhere",
        "--no-ask",
    )
    assert code == 2 and "'2025-02-30' is not a date (YYYY-MM-DD)" in err
    assert not folder.exists()
    code, _, _ = run(
        capsys, "new", "season", folder, "--series", "Cup", "--year", "2025", "--no-ask"
    )
    assert code == 0
    before = snapshot(folder)
    code, _, err = run(
        capsys, "new", "season", folder, "--series", "Cup", "--year", "2026", "--no-ask"
    )
    assert code == 1 and "a season is here already: choose a new folder" in err
    assert snapshot(folder) == before
    (folder / "season.yaml").unlink()
    code, _, err = run(
        capsys, "new", "season", folder, "--series", "Cup", "--year", "2026", "--no-ask"
    )
    assert code == 1 and f"{folder / 'drivers.csv'}: -: is here already: not replaced" in err
    assert (ALKAMEL / "entry-list.csv").exists()


def test_the_season_from_scratch_guide_runs_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/season-from-scratch.md: its files, its commands, and the output it shows."""
    import re
    import shlex

    guide = (Path(__file__).parent.parent / "docs" / "season-from-scratch.md").read_text("utf-8")
    csv_blocks = re.findall(r"```csv\n(.*?)```", guide, re.DOTALL)
    (tmp_path / "entries.csv").write_text(csv_blocks[0], encoding="utf-8")
    (tmp_path / "race1.csv").write_text(csv_blocks[1], encoding="utf-8")
    (tmp_path / "race2.csv").write_text("position;car;status\n1;1;\n2;14;\n3;5;\n", "utf-8")
    late = csv_blocks[1].replace("\n3;14;", "\n3;99;")
    (tmp_path / "late.csv").write_text(late, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    ran = 0
    for block in re.findall(r"```text\n(.*?)```", guide, re.DOTALL):
        for command in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            line, _, shown = command.partition("\n")
            args = shlex.split(line)
            assert args[0] == "podium"
            extra = ["--no-ask"] if args[1] == "new" else []
            code, out, err = run(capsys, *args[1:], *extra)
            printed = [x for x in (out + err).splitlines() if x.strip()]
            assert printed == [x for x in shown.splitlines() if x.strip()], line
            assert code == (1 if "late.csv" in line else 0)
            ran += 1
    assert ran == 7
