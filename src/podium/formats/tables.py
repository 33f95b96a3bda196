"""Any table a person hands podium, as rows: a CSV file, or a spreadsheet (.xlsx, .ods).

One reader for every file of rows podium takes from outside a season folder (a session's
classification, an entry list, a timing provider's file): each row keeps the line it came
from (the spreadsheet's row number) and the columns as the file names them, so that every
problem can say `file:line: column: message` in the file's own words. CSV is read as
`podium.files.csvsrc` reads a season folder's files (separator, BOM and encoding detected);
spreadsheets with python-calamine, the first sheet or the one asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from podium.errors import Problem, ValidationError
from podium.files.csvsrc import Row, csv_rows, read_csv_text
from podium.files.folder import read_bytes

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
# A workbook is a zip file: what it unpacks to, and the cells its sheet spans, are bounded so
# that a small file cannot make podium fill the memory (a zip bomb, a cell at XFD1048576).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_SHEET_CELLS = 2_000_000


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of one file. `name`: the file as messages name it (with its sheet, for a
    spreadsheet: `results.xlsx[Race 1]`); `columns`: the header as written, trimmed;
    `notes`: what was detected to read it, to be said to the person."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()

    def column(self, *names: str) -> str | None:
        """The file's own name of a column, looked for by any of `names`, in any case."""
        wanted = {n.casefold() for n in names}
        return next((c for c in self.columns if c.casefold() in wanted), None)


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEETS


def read_table(path: Path, name: str | None = None, sheet: str | None = None) -> Table:
    """The rows of a CSV file or a spreadsheet; ValidationError if it cannot be read.

    A CSV line with more values than its header is a problem; rows are otherwise taken as
    they are (what they hold is checked by whoever reads the columns).
    """
    shown = name or str(path)
    if is_spreadsheet(path):
        return _read_sheet(path, shown, sheet)
    if sheet is not None:
        raise ValidationError(
            [Problem(shown, None, "-", "a CSV file has no sheets: leave out --sheet")]
        )
    problems: list[Problem] = []
    source = read_csv_text(path, shown)
    header, rows = csv_rows(source, problems)
    read = tuple(rows)
    if problems:
        raise ValidationError(problems)
    return Table(shown, tuple(c for c in header if c), read, source.notes)


def _read_sheet(path: Path, name: str, sheet: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    data = read_bytes(path, name)  # bounded, regular files only: as every other read
    _check_unpacked(data, name)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if sheet is not None and sheet not in names:
            listed = ", ".join(repr(n) for n in names)
            raise ValidationError(
                [Problem(name, None, "--sheet", f"no sheet {sheet!r} (sheets: {listed})")]
            )
        if not names:
            raise ValidationError([Problem(name, None, "-", "the workbook has no sheets")])
        chosen = sheet if sheet is not None else names[0]
        found = book.get_sheet_by_name(chosen)
        # `end` is the last cell's (row, column), counted from 0, as read from the file.
        last_row, last_column = found.end or (-1, -1)
        rows, columns = last_row + 1, last_column + 1
        if rows * columns > MAX_SHEET_CELLS:
            raise ValidationError(
                [
                    Problem(
                        name,
                        None,
                        "-",
                        f"sheet {chosen!r} spans {rows} rows x {columns} columns, more than "
                        f"podium reads "
                        f"({MAX_SHEET_CELLS:,} cells): delete the cells far below or right of "
                        "the classification and save again",
                    )
                ]
            )
        cells: Sequence[Sequence[object]] = found.to_python(skip_empty_area=False)
    except ValidationError:
        raise
    except (CalamineError, ValueError, OSError) as exc:
        kind = path.suffix.lower().lstrip(".")
        raise ValidationError(
            [Problem(name, None, "-", f"not a readable {kind} spreadsheet ({exc}); save it again")]
        ) from None
    shown = f"{name}[{chosen}]"
    return _sheet_table(shown, cells)


def _check_unpacked(data: bytes, name: str) -> None:
    """Refuse a zipped workbook (xlsx, ods) that unpacks to more than podium will read."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return  # .xls, or not a workbook at all: calamine says which
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # calamine's own message names what is wrong
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            [
                Problem(
                    name,
                    None,
                    "-",
                    f"the workbook unpacks to {unpacked // (1024 * 1024):,} MiB, more than "
                    f"podium reads ({MAX_UNPACKED_BYTES // (1024 * 1024)} MiB): save the "
                    "classification alone, as a new workbook or a CSV file",
                )
            ]
        )


def _sheet_table(name: str, cells: Sequence[Sequence[object]]) -> Table:
    """A sheet's cells as rows: the first row that holds anything is the header."""
    start = next((i for i, row in enumerate(cells) if any(_text(c) for c in row)), None)
    if start is None:
        return Table(name, (), ())
    header = [_text(c) for c in cells[start]]
    rows: list[Row] = []
    problems: list[Problem] = []
    for index in range(start + 1, len(cells)):
        texts = [_text(c) for c in cells[index]]
        if not any(texts):
            continue
        line = index + 1  # the row number the spreadsheet shows
        if any(t for t in texts[len(header) :]) or any(
            t and not header[i] for i, t in enumerate(texts[: len(header)])
        ):
            problems.append(Problem(name, line, "-", "a value in a column with no header"))
        rows.append(
            Row(
                name,
                line,
                {c: texts[i] if i < len(texts) else "" for i, c in enumerate(header) if c},
            )
        )
    if problems:
        raise ValidationError(problems)
    return Table(name, tuple(c for c in header if c), tuple(rows))


def _text(value: object) -> str:
    """A cell as the text a CSV would hold: `12` for the number 12, a time as `1:58.056`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.date() == dt.date(1899, 12, 31) or value.date() == dt.date(1899, 12, 30):
            return _clock(
                dt.timedelta(
                    hours=value.hour,
                    minutes=value.minute,
                    seconds=value.second,
                    microseconds=value.microsecond,
                )
            )
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock(
            dt.timedelta(
                hours=value.hour,
                minutes=value.minute,
                seconds=value.second,
                microseconds=value.microsecond,
            )
        )
    if isinstance(value, dt.timedelta):
        return _clock(value)
    return str(value).strip()


def _clock(span: dt.timedelta) -> str:
    """A duration typed into a spreadsheet as a time: `1:58.056`, `1:02:03.400`."""
    millis = round(span.total_seconds() * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, fraction = divmod(rest, 1000)
    tail = f"{seconds:02d}.{fraction:03d}"
    return f"{hours}:{minutes:02d}:{tail}" if hours else f"{minutes}:{tail}"
