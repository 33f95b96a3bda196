"""Reading timing files: rows/s of each reader, and the time `podium add results` takes.

    python benchmarks/intake.py [--cars 60] [--repeat 20]

Writes, in a temporary folder, an Al Kamel Systems classification of `--cars` cars (every
status, two drivers a car, classes), the same rows as podium's CSV in Windows-1252 with
semicolons, and as an .xlsx (openpyxl, if installed); times reading each (podium.formats.
tables + alkamel) `--repeat` times, then one whole `add_results` (checked in a copy of the
season, written all or nothing) into a season of those cars. Prints the figures.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from podium.formats import alkamel, intake, newseason
from podium.formats.tables import read_table

STATUSES = ["Classified"] * 6 + ["Not classified", "Retired", "DNS", "DSQ"]


def write_files(folder: Path, cars: int) -> dict[str, Path]:
    header = (
        "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;VEHICLE;CLASS;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;"
        "FL_TIME"
    )
    lines, native, entries = (
        [header],
        ["position;car;status;laps;note"],
        ["NUMBER;TEAM;DRIVER_1;DRIVER_2;CLASS"],
    )
    for n in range(1, cars + 1):
        # Classified cars first, then the rest, as a classification lists them.
        status = STATUSES[6 + n % 4] if n > cars * 0.8 else "Classified"
        klass = "Trophy" if n % 4 == 0 else "TCR"
        gap = "" if n == 1 else ("1 Lap" if n % 7 == 0 else f"{n * 0.731:.3f}")
        lines.append(
            f"{n};{n};Équipe {n % 9};Jöns ÅKESSON{n};Hélène CÔTÉ{n};Cupra;{klass};{status};"
            f"30;1:01'{n % 60:02d}.{n:03d};{gap};1'58.{n:03d}"
        )
        native.append(f"{n};{n};;30;Åkesson {n}")
        entries.append(f"{n};Équipe {n % 9};Jöns ÅKESSON{n};Hélène CÔTÉ{n};{klass}")
    out = {
        "alkamel": folder / "race.csv",
        "cp1252": folder / "race-1252.csv",
        "entries": folder / "entries.csv",
    }
    out["alkamel"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["cp1252"].write_bytes(("\r\n".join(native) + "\r\n").encode("cp1252"))
    out["entries"].write_text("\n".join(entries) + "\n", encoding="utf-8")
    try:
        import openpyxl
    except ImportError:
        return out
    book = openpyxl.Workbook()
    for row in native:
        book.active.append(row.split(";"))
    out["xlsx"] = folder / "race.xlsx"
    book.save(out["xlsx"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cars", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = write_files(folder, args.cars)
        for kind, path in files.items():
            if kind == "entries":
                continue
            start = time.perf_counter()
            for _ in range(args.repeat):
                table = read_table(path)
                if alkamel.is_alkamel(table):
                    alkamel.read_classification(table)
            spent = (time.perf_counter() - start) / args.repeat
            rate = args.cars / spent
            print(f"{kind:8} {args.cars} rows: {spent * 1000:7.1f} ms a file, {rate:9,.0f} rows/s")
        season = folder / "season"
        plan = newseason.NewSeason(
            "Bench Cup",
            2025,
            rules="touring",
            rounds=[newseason.PlannedRound("One")],
            entries=files["entries"],
        )
        start = time.perf_counter()
        newseason.create(season, plan)
        print(f"new season with {args.cars} entries: {(time.perf_counter() - start) * 1000:.0f} ms")
        start = time.perf_counter()
        intake.add_results(season, 1, [("race1", files["alkamel"])])
        spent = time.perf_counter() - start
        print(f"add results ({args.cars} cars, Al Kamel, checked in a copy): {spent * 1000:.0f} ms")


if __name__ == "__main__":
    main()
