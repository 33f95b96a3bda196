"""podium add results: Al Kamel files, spreadsheets and tolerant CSV into a folder or a
database, all or nothing; the end-to-end season from scratch equals the one typed by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import podium
from datain import ALKAMEL, DATA, snapshot
from datain import podium as run
from seasonkit import order, points

HEADER = (
    "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;VEHICLE;CLASS;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;FL_TIME"
)


def new_season(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, _, err = run(
        capsys,
        "new",
        "season",
        folder,
        "--series",
        "Northfield Touring Cup",
        "--year",
        "2025",
        "--round",
        "2025-04-12 Snetterton",
        "--round",
        "Oulton Park 2025-05-10",
        "--rules",
        "touring",
        "--entries",
        ALKAMEL / "entry-list.csv",
        "--no-ask",
    )
    assert code == 0, err


@pytest.fixture
def season(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "cup"
    new_season(capsys, folder)
    return folder


def test_a_season_from_scratch_equals_the_one_typed_by_hand(
    season: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for session in ("qualifying", "race1", "race2"):
        code, out, err = run(
            capsys,
            "add",
            "results",
            season,
            "--round",
            "1",
            "--session",
            session,
            ALKAMEL / f"r01-{session}.csv",
        )
        assert code == 0, err
        assert "as an Al Kamel Systems classification: values separated by semicolons" in out
    # Round 2 at once, from a folder of files named by session; a wildcard car is new.
    code, out, err = run(
        capsys, "add", "results", season, "--round", "2", ALKAMEL / "round2", "--add-entries"
    )
    assert code == 0, err
    assert out.splitlines()[0] == (
        "new entry: car 33, Mika Virtanen (mika-virtanen, new), "
        "team Nordic Racing (nordic-racing, new)"
    )
    assert "round 2 is held now" in out
    made = podium.load_season(season)
    typed = podium.load_season(DATA / "native-2rounds")
    for cid in typed.rules.classifications:
        ours, theirs = podium.standings(made, cid), podium.standings(typed, cid)
        assert points(ours) == points(theirs), cid
        assert order(ours) == order(theirs), cid
    race1 = made.rounds[1].session("race1")
    assert race1 is not None
    by_car = {r.car: r for r in race1.results}
    assert by_car["33"].time == "1:01:12.345"
    assert by_car["14"].gap == "+1 lap"
    assert by_car["22"].gap == "+2 laps"
    assert by_car["1"].status.value == "dnf" and by_car["1"].position is None
    assert by_car["5"].fastest_lap == "1:59.101"
    # The comments of season.yaml are kept; only the status changed.
    text = (season / "season.yaml").read_text("utf-8")
    assert text.count("status: held") == 2 and "# The timing provider's files" in text


def test_cars_missing_from_the_entry_list_are_one_error_listing_them_all(
    season: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(season)
    source = ALKAMEL / "round2" / "05_Classification_Race 1.CSV"
    text = source.read_text("utf-8").replace("\n7;1;Harrow", "\n7;99;Harrow")
    bad = season.parent / "race1.csv"
    bad.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "add", "results", season, "--round", "2", "--session", "race1", bad)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{bad}:2: NUMBER: 2 car(s) not in the entry list for round 2: 33 (line 2), 99 "
        "(line 8); add them to entries.csv, or run again with --add-entries"
    )
    assert snapshot(season) == before


def test_every_bad_value_names_file_line_and_column_and_nothing_is_written(
    season: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(season)
    bad = season.parent / "bad.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                "1;1;Harrow Motorsport;Callum REDDISH;;Ford;TCR;Classified;12;25'4x.101;;2'07.5",
                "2;5;Kestrel Racing;Niamh CORRIGAN;;Honda;TCR;Finished;12;25'44.634;3.533;",
                "3;7;Kestrel Racing;Jöns ÅKESSON;Hélène CÔTÉ;Cupra;GT3;Classified;12;;14.886;",
                "4;14;Bramley Autosport;Ewan PROWSE;;Ford;TCR;Classified;11;;1 Lapz;",
                "5;22;Bramley Autosport;Zara OKAFORR;;Hyundai;TCR;Classified;x;;;",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "add", "results", season, "--round", "1", "--session", "race1", bad)
    assert code == 1
    assert err.splitlines() == [
        f"{bad}:2: TOTAL_TIME: \"25'4x.101\" is not a time (h:mm'ss.fff, m'ss.fff or ss.fff)",
        f"{bad}:3: STATUS: unknown status 'Finished' (one of Classified, Not classified, "
        "Retired, DNS, DSQ, Excluded)",
        f"{bad}:4: CLASS: class 'GT3' is not in season.yaml's timing.classes (Trophy, TCR): "
        "add it there (or --class GT3=FLAGS)",
        f"{bad}:5: CLASS: car 14 is in class 'TCR', which means flags: none (timing.classes); "
        "its entry has trophy: correct the entry's flags in entries.csv or the class mapping",
        f"{bad}:5: GAP_FIRST: '1 Lapz' is not a gap (ss.fff, m'ss.fff, 1 Lap or N Laps)",
        f"{bad}:6: DRIVER_1: no driver named 'Zara OKAFORR' in drivers.csv (car 22 is entered "
        "with Zara Okafor): add the driver to drivers.csv, or correct the name",
        f"{bad}:6: LAPS: 'x' is not a whole number",
        "7 problem(s) found; nothing was loaded or written.",
    ]
    assert snapshot(season) == before


def test_a_file_that_passes_alone_but_breaks_the_season_is_refused(
    season: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Positions that jump are found by the season's own checks, at the file's line."""
    before = snapshot(season)
    bad = season.parent / "jump.csv"
    bad.write_text("position;car\n1;1\n3;5\n", encoding="utf-8")
    code, _, err = run(capsys, "add", "results", season, "--round", "1", "--session", "race1", bad)
    assert code == 1
    assert err.splitlines()[0] == f"{bad}:3: position: positions jump from 1 to 3"
    assert snapshot(season) == before


def test_a_spreadsheet_with_podiums_columns(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["not the results"])
    sheet = book.create_sheet("Race 1")
    sheet.append(["Position", "Car", "Status", "Laps", "Gap"])
    for row in ([1, 1, None, 12, None], [2, 5, None, 12, "+3.533"], [None, 7, "ret", 3, None]):
        sheet.append(row)
    path = tmp_path / "race1.xlsx"
    book.save(path)
    code, out, err = run(
        capsys,
        "add",
        "results",
        season,
        "--round",
        "1",
        "--session",
        "race1",
        path,
        "--sheet",
        "Race 1",
    )
    assert code == 0, err
    assert f"read {path}[Race 1] as podium's session columns" in out
    race = podium.load_season(season).rounds[0].session("race1")
    assert race is not None
    assert [(r.car, r.position, r.status.value) for r in race.results] == [
        ("1", 1, "classified"),
        ("5", 2, "classified"),
        ("7", None, "dnf"),
    ]
    # The first sheet by default: its column is no podium column, at its row.
    before = snapshot(season)
    code, _, err = run(capsys, "add", "results", season, "--round", "1", "--session", "race2", path)
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{path}[Notes]:1: car: required column missing",
        f"{path}[Notes]:1: not the results: unknown column (podium's columns: position, car, "
        "drivers, status, laps, time, gap, grid, fastest_lap, fastest_lap_rank, shares, note; "
        "or give an Al Kamel file)",
    ]
    assert snapshot(season) == before


def test_an_ods_sheet_and_a_bad_cell_at_its_row(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Qualifying")
    for cells in (["position", "car", "fastest_lap"], ["1", "5", "2:09.912"], ["2", "1", "2:1x"]):
        row = TableRow()
        for value in cells:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    path = tmp_path / "qualifying.ods"
    doc.save(str(path))
    before = snapshot(season)
    code, _, err = run(
        capsys, "add", "results", season, "--round", "1", "--session", "qualifying", path
    )
    assert code == 1
    assert err.splitlines()[0] == (
        f"{path}[Qualifying]:3: fastest_lap: '2:1x' is not a lap time (m:ss.fff or s.fff)"
    )
    assert snapshot(season) == before
    path.unlink()
    table.childNodes[-1].childNodes[-1].childNodes[0].childNodes[0].data = "2:10.230"
    doc.save(str(path))
    code, _, err = run(
        capsys, "add", "results", season, "--round", "1", "--session", "qualifying", path
    )
    assert code == 0, err
    qualifying = podium.load_season(season).rounds[0].session("qualifying")
    assert qualifying is not None
    assert [r.fastest_lap for r in qualifying.results] == ["2:09.912", "2:10.230"]


def test_a_windows_1252_csv_with_semicolons(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "race2.csv"
    text = "position;car;drivers;note\r\n1;7;jons-akesson;Åkesson drove it all\r\n2;5;;\r\n"
    path.write_bytes(text.encode("cp1252"))
    code, out, err = run(
        capsys, "add", "results", season, "--round", "1", "--session", "race2", path
    )
    assert code == 0, err
    assert "read as Windows-1252 (detected; not UTF-8): save it as UTF-8" in out
    assert "values separated by semicolons (detected)" in out
    race = podium.load_season(season).rounds[0].session("race2")
    assert race is not None
    assert race.results[0].note == "Åkesson drove it all"
    assert race.results[0].drivers == ("jons-akesson",)


def test_into_the_database_in_one_transaction(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "podium.sqlite"
    code, _, err = run(capsys, "import", "season", season, "--db", db)
    assert code == 0, err
    key = "northfield-touring-cup/2025"
    with podium.storage.Database(str(db)) as database:
        version = database.load_season_versioned("northfield-touring-cup", 2025).version
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n1;1;;;;;;Classified;12;oops;;\n", encoding="utf-8")
    code, _, err = run(
        capsys, "add", "results", key, "--db", db, "--round", "1", "--session", "race1", bad
    )
    assert code == 1
    assert err.splitlines()[0].startswith(f"{bad}:2: TOTAL_TIME: 'oops' is not a time")
    with podium.storage.Database(str(db)) as database:
        assert database.load_season_versioned("northfield-touring-cup", 2025).version == version
    code, out, err = run(
        capsys,
        "add",
        "results",
        key,
        "--db",
        db,
        "--round",
        "1",
        "--session",
        "race1",
        ALKAMEL / "r01-race1.csv",
        "--reason",
        "timing sheet",
    )
    assert code == 0, err
    assert f"wrote {key}/01/race1.csv: 6 results (4 classified)" in out
    with podium.storage.Database(str(db)) as database:
        stored, now = database.load_season_versioned("northfield-touring-cup", 2025)
        _, history = database.history("northfield-touring-cup", 2025)
    assert now == version + 1
    assert stored.rounds[0].held
    race = stored.rounds[0].session("race1")
    assert race is not None and [r.car for r in race.results][:2] == ["1", "5"]
    assert history[0].action == "results" and history[0].via == "cli"
    # The folder was never touched.
    assert not (season / "01").exists()


def test_a_folder_of_files_needs_names_or_patterns(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(ALKAMEL / "r01-race1.csv", files / "heat-a.csv")
    shutil.copy(ALKAMEL / "r01-race2.csv", files / "heat-b.csv")
    code, _, err = run(capsys, "add", "results", season, "--round", "1", files)
    assert code == 1
    assert "no file here names a session of round 1" in err
    code, out, err = run(
        capsys,
        "add",
        "results",
        season,
        "--round",
        "1",
        files,
        "--files",
        "race1=*-a.csv",
        "--files",
        "race2=*-B.CSV",
    )
    assert code == 0, err
    assert f"wrote {season / '01' / 'race1.csv'}: 6 results (4 classified)" in out
    assert f"wrote {season / '01' / 'race2.csv'}: 6 results (4 classified)" in out
    # The patterns may live in season.yaml (timing.files) instead.
    yaml_path = season / "season.yaml"
    text = yaml_path.read_text("utf-8")
    yaml_path.write_text(text.replace("  files: {}", '  files: {race2: "heat-b.*"}'), "utf-8")
    (files / "heat-a.csv").unlink()
    code, out, err = run(capsys, "add", "results", season, "--round", "1", files)
    assert code == 0, err
    assert f"replaced {season / '01' / 'race2.csv'}: 6 results (4 classified)" in out


def test_through_a_servers_api(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from podium.storage.tokens import create_token
    from webkit import served

    db = tmp_path / "served.sqlite"
    code, _, err = run(capsys, "import", "season", season, "--db", db)
    assert code == 0, err
    with podium.storage.Database(str(db)) as database:
        token = create_token(database, "timing desk")
    key = "northfield-touring-cup/2025"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n1;1;;;;;;Classified;12;;;\n3;99;;;;;;Classified;12;;;\n", "utf-8")
    with served(f"sqlite:///{db}") as server:
        code, _, err = run(
            capsys,
            "add",
            "results",
            key,
            "--server",
            server.url,
            "--token",
            token,
            "--round",
            "1",
            "--session",
            "race1",
            bad,
        )
        assert code == 1, err
        assert err.splitlines()[:2] == [
            f"{bad}:3: NUMBER: car 99 has no entry for round 1 (entries.csv)",
            f"{bad}:3: POSITION: positions jump from 1 to 3",
        ]
        code, out, err = run(
            capsys,
            "add",
            "results",
            key,
            "--server",
            server.url,
            "--token",
            token,
            "--round",
            "1",
            "--session",
            "race1",
            ALKAMEL / "r01-race1.csv",
        )
        assert code == 0, err
        assert out.splitlines()[-1] == (
            f"stored {key} round 1 race1 at {server.url}: 6 results (round held)"
        )
        code, _, err = run(
            capsys,
            "add",
            "results",
            key,
            "--server",
            server.url,
            "--token",
            "wrong",
            "--round",
            "1",
            "--session",
            "race2",
            ALKAMEL / "r01-race2.csv",
        )
        assert code == 1 and f"{server.url} answered 403: this bearer token is not valid" in err
    with podium.storage.Database(str(db)) as database:
        stored = database.load_season("northfield-touring-cup", 2025)
    race = stored.rounds[0].session("race1")
    assert race is not None and [r.car for r in race.results] == ["1", "5", "7", "14", "22", "2"]
    assert race.results[3].gap == "+1 lap"


def test_what_cannot_be_read_or_found(
    season: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = snapshot(season)
    broken = tmp_path / "race1.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _, err = run(
        capsys, "add", "results", season, "--round", "1", "--session", "race1", broken
    )
    assert code == 1
    assert err.startswith(f"{broken}: -: not a readable xlsx spreadsheet (")
    race = ALKAMEL / "r01-race1.csv"
    code, _, err = run(capsys, "add", "results", season, "--round", "9", "--session", "race1", race)
    assert code == 3 and "has no round 9 (rounds: 1, 2)" in err
    code, _, err = run(
        capsys, "add", "results", season, "--round", "1", "--session", "sprint", race
    )
    assert (
        code == 3 and "round 1 has no session 'sprint' (sessions: qualifying, race1, race2)" in err
    )
    code, _, err = run(capsys, "add", "results", season, "--round", "1", race)
    assert code == 2 and "give --session ID" in err
    assert snapshot(season) == before
