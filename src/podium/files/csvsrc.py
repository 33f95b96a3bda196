"""CSV rows with their line numbers, and the small parsers every CSV column shares."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from podium.errors import Problem, ValidationError
from podium.files.folder import read_text


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, column, message)


def read_rows(
    path: Path,
    name: str,
    required: set[str],
    known: set[str],
    problems: list[Problem] | None = None,
) -> Iterator[Row]:
    """Rows of a CSV file with a header; unknown or missing columns are problems.

    A file that cannot be read as a whole (missing, bad header) raises ValidationError. A line
    with more values than columns raises too, unless `problems` is given: then it is reported
    there and its columns are read, so that the caller reports every other problem with it.
    """
    text = read_text(path, name, encoding="utf-8-sig")
    if "\x00" in text:
        nul_line = text.count("\n", 0, text.index("\x00")) + 1
        problem = Problem(name, nul_line, "-", "not a text file (it holds NUL bytes)")
        raise ValidationError([problem])
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ValidationError([Problem(name, 1, "-", f"unreadable CSV: {exc}")]) from None
        bad_header = [
            Problem(name, 1, c, "required column missing") for c in sorted(required - set(header))
        ]
        bad_header += [Problem(name, 1, c, "unknown column") for c in header if c not in known]
        if bad_header:
            raise ValidationError(bad_header)
        line = 1
        try:
            for values in reader:
                line = reader.line_num
                if None in values:
                    extra = Problem(name, line, "-", "more values than columns")
                    if problems is None:
                        raise ValidationError([extra])
                    problems.append(extra)  # and read the columns that are there
                    values.pop(None)
                if not any((v or "").strip() for v in values.values()):
                    continue
                yield Row(name, line, {k: v or "" for k, v in values.items()})
        except (UnicodeDecodeError, csv.Error) as exc:
            unreadable = Problem(name, line + 1, "-", f"unreadable CSV: {exc}")
            if problems is None:
                raise ValidationError([unreadable]) from None
            problems.append(unreadable)


def split_list(text: str) -> list[str]:
    """`a;b` -> ['a', 'b'] (the separator inside one CSV cell)."""
    return [part.strip() for part in text.split(";") if part.strip()]
