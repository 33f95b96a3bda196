"""The readers of outside files: tolerant CSV, spreadsheets, Al Kamel rows, provider times."""

from __future__ import annotations

from pathlib import Path

import pytest

import podium
from datain import ALKAMEL, DATA
from podium.errors import ValidationError
from podium.files.csvsrc import decode, separator_of
from podium.formats import alkamel
from podium.formats.tables import read_table
from podium.model.values import BadValue, provider_gap, provider_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5:44'41.101", "5:44:41.101"),
        ("1'58.056", "1:58.056"),
        ("58.056", "58.056"),
        ("1:58.056", "1:58.056"),
    ],
)
def test_provider_times(text: str, expected: str) -> None:
    assert provider_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.886", "+14.886"),
        ("1 Lap", "+1 lap"),
        ("1 Laps", "+1 lap"),
        ("3 Laps", "+3 laps"),
        ("1'02.345", "+1:02.345"),
        ("+0.318", "+0.318"),
    ],
)
def test_provider_gaps(text: str, expected: str) -> None:
    assert provider_gap(text) == expected


@pytest.mark.parametrize("text", ["5:4x'41.1", "1'2'3.4", "1'75.000", "", "Laps"])
def test_what_is_no_provider_time(text: str) -> None:
    with pytest.raises(BadValue):
        provider_time(text)


def test_separators_are_detected_from_the_header() -> None:
    assert separator_of('car;drivers\n1;"a,b"\n') == ";"
    assert separator_of("car\tdrivers\n") == "\t"
    assert separator_of('"a;b",car\n') == ","
    assert separator_of("car\n1\n") == ","


def test_encodings() -> None:
    text = "id;name\r\nakesson;Jöns Åkesson\r\ncote;Hélène Côté\r\n"
    assert decode(text.encode("utf-8"), "x").notes == ()
    marked = decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "x")
    assert marked.text == text and marked.encoding == "utf-8-sig"
    windows = decode(text.encode("cp1252"), "x")
    assert windows.text == text and windows.encoding == "cp1252"
    assert windows.notes[0].startswith("read as Windows-1252 (detected; not UTF-8)")
    assert decode(text.encode("utf-16"), "x").text == text
    with pytest.raises(ValidationError) as caught:
        decode(b"id\n" + bytes(range(0x80, 0x100)) * 2, "mystery.csv")
    assert str(caught.value.problems[0]) == (
        "mystery.csv:2: -: not UTF-8 text (byte 4) and its encoding cannot be told; save it "
        "as UTF-8 (Excel: Save As, 'CSV UTF-8'; LibreOffice: Save As, Text CSV, character set "
        "'Unicode (UTF-8)')"
    )


def test_the_season_loader_reads_what_spreadsheets_write(tmp_path: Path) -> None:
    """Semicolons, CRLF, a BOM and Windows-1252 in a season folder's own CSVs."""
    season = tmp_path / "season"
    season.mkdir()
    for name in ("season.yaml", "rules.yaml", "teams.csv", "entries.csv"):
        (season / name).write_bytes((DATA / "native-2rounds" / name).read_bytes())
    drivers = (DATA / "native-2rounds" / "drivers.csv").read_text("utf-8").replace(",", ";")
    (season / "drivers.csv").write_bytes(drivers.replace("\n", "\r\n").encode("cp1252"))
    (season / "entries.csv").write_bytes(
        b"\xef\xbb\xbf" + (season / "entries.csv").read_bytes().replace(b"\n", b"\r\n")
    )
    for folder in ("01", "02"):
        (season / folder).mkdir()
        for path in (DATA / "native-2rounds" / folder).iterdir():
            text = path.read_text("utf-8").replace(",", "\t")
            (season / folder / path.name).write_text(text, encoding="utf-8")
    loaded = podium.load_season(season)
    typed = podium.load_season(DATA / "native-2rounds")
    assert loaded.drivers == typed.drivers
    assert loaded.rounds == typed.rounds
    # The encoding assumed is said (podium validate prints warnings); UTF-8 files say nothing.
    assert [str(w) for w in loaded.warnings] == [
        f"{season / 'drivers.csv'}: -: read as Windows-1252 (detected; not UTF-8): save it as "
        "UTF-8 (Excel: Save As, 'CSV UTF-8'; LibreOffice: Save As, Text CSV, character set "
        "'Unicode (UTF-8)')"
    ]


def test_al_kamel_rows_every_status_and_a_lap_down() -> None:
    table = read_table(ALKAMEL / "r01-race1.csv")
    assert table.notes == ("values separated by semicolons (detected)",)
    read = alkamel.read_classification(table)
    assert read.problems == ()
    assert [(r.line, r.values.get("position"), r.values["status"]) for r in read.rows] == [
        (2, "1", ""),
        (3, "2", ""),
        (4, "3", ""),
        (5, "4", ""),
        (6, None, "nc"),
        (7, None, "dnf"),
    ]
    assert read.rows[3].values["gap"] == "+1 lap"
    assert read.cars[2].drivers == (("DRIVER_1", "Jöns ÅKESSON"), ("DRIVER_2", "Hélène CÔTÉ"))
    assert read.cars[2].car_class == "Trophy"
    race2 = alkamel.read_classification(read_table(ALKAMEL / "r01-race2.csv"))
    assert [r.values["status"] for r in race2.rows][-2:] == ["dsq", "dns"]


def test_al_kamel_files_without_the_columns_they_need(tmp_path: Path) -> None:
    path = tmp_path / "bare.csv"
    path.write_text("TEAM;LAPS\nHarrow;12\n", encoding="utf-8")
    table = read_table(path)
    assert not alkamel.is_alkamel(table)
    path.write_text("NUMBER;LAPS\n1;12\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        alkamel.read_classification(read_table(path))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: POSITION: required column missing (or give STATUS)"
    ]


def test_a_csv_line_with_more_values_than_its_header(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("car,position\n1,1\n2,2,9\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_table(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:3: -: more values than columns"]


def test_spreadsheet_cells_read_as_a_csv_would_hold_them(tmp_path: Path) -> None:
    import datetime as dt

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["car", "fastest_lap", "laps"])
    sheet.append([7, dt.time(0, 2, 7, 559000), 12.0])
    sheet.append([None, None, None])
    sheet.append(["12", dt.timedelta(minutes=2, seconds=8.5), 3])
    path = tmp_path / "laps.xlsx"
    book.save(path)
    table = read_table(path)
    assert [(r.line, r.values) for r in table.rows] == [
        (2, {"car": "7", "fastest_lap": "2:07.559", "laps": "12"}),
        (4, {"car": "12", "fastest_lap": "2:08.500", "laps": "3"}),
    ]
    with pytest.raises(ValidationError) as caught:
        read_table(path, sheet="Results")
    assert str(caught.value.problems[0]) == f"{path}: --sheet: no sheet 'Results' (sheets: 'Sheet')"


def test_a_round_made_held_keeps_every_other_line() -> None:
    from podium.files.yamlsrc import load_yaml_text
    from podium.formats.folderwrite import mark_held

    text = (
        "# calendar\n"
        "calendar:\n"
        "  - {round: 1, name: One, status: scheduled}  # flow, with a status\n"
        "  - {round: 2, name: Two}\n"
        "  - round: 3\n"
        "    name: Three   # block, no status\n"
        "  - round: 4\n"
        "    status: 'scheduled'\n"
    )
    doc = load_yaml_text(text, "season.yaml")
    for index in range(4):
        text = mark_held(text, doc["calendar"][index])
        doc = load_yaml_text(text, "season.yaml")
    assert [r["status"] for r in doc["calendar"]] == ["held"] * 4
    assert text.splitlines()[2] == "  - {round: 1, name: One, status: held}  # flow, with a status"
    assert text.splitlines()[3] == "  - {round: 2, status: held, name: Two}"
    assert text.splitlines()[5:7] == ["    status: held", "    name: Three   # block, no status"]


def test_files_are_written_all_or_none(tmp_path: Path) -> None:
    from podium.formats.folderwrite import write_all

    (tmp_path / "a.csv").write_text("old a\n", encoding="utf-8")
    (tmp_path / "c.csv").mkdir()  # a folder where a file is to go: that rename fails
    with pytest.raises(ValidationError):
        write_all(
            {
                tmp_path / "a.csv": "new a\n",
                tmp_path / "new" / "b.csv": "b\n",
                tmp_path / "c.csv": "c\n",
            }
        )
    assert (tmp_path / "a.csv").read_text("utf-8") == "old a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "c.csv"]
    write_all({tmp_path / "a.csv": "new a\n", tmp_path / "new" / "b.csv": "b\n"})
    assert (tmp_path / "a.csv").read_text("utf-8") == "new a\n"
    assert (tmp_path / "new" / "b.csv").read_text("utf-8") == "b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "c.csv", "new"]


def test_a_workbook_that_would_fill_the_memory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small file may span a huge sheet (one cell far away) or unpack to far more than it
    weighs (a zip bomb): each is refused with what to do, before its cells are read."""
    openpyxl = pytest.importorskip("openpyxl")
    from podium.formats import tables

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["position", "car"])
    sheet.append([1, 7])
    sheet.cell(row=900_000, column=5, value="x")  # 4.5 million cells spanned
    far = tmp_path / "far.xlsx"
    book.save(far)
    assert far.stat().st_size < 100_000
    with pytest.raises(ValidationError) as spanned:
        read_table(far)
    message = str(spanned.value.problems[0])
    assert "900000 rows x 5 columns" in message and "delete the cells" in message

    near = tmp_path / "near.xlsx"
    book.active.delete_rows(900_000)
    book.save(near)
    assert len(read_table(near).rows) == 1  # the same workbook without the far cell reads
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 1024)  # a bomb, scaled down
    with pytest.raises(ValidationError) as bomb:
        read_table(near)
    assert "unpacks to" in str(bomb.value.problems[0])
