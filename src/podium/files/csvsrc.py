"""CSV rows with their line numbers, and the small parsers every CSV column shares.

CSV files come from spreadsheets as often as from editors, so they are read as spreadsheets
write them: `,`, `;` (a Swedish or German Excel) or a tab between values, detected from the
header line; a byte-order mark; CRLF line ends; and encodings other than UTF-8 (an Excel on
Windows saves Windows-1252), detected with charset-normalizer. What was detected is said
(`Decoded.notes`), and a file whose encoding cannot be told is refused with the way to save
it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from podium.errors import Problem, ValidationError
from podium.files.folder import read_bytes

SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
SAVE_AS_UTF8 = (
    "save it as UTF-8 (Excel: Save As, 'CSV UTF-8'; LibreOffice: Save As, Text CSV, "
    "character set 'Unicode (UTF-8)')"
)
# Below this share of text that reads as noise, charset-normalizer's guess is taken.
_MAX_CHAOS = 0.2
# The encodings spreadsheets and editors save text in, most common first: Western, Central
# European and Cyrillic Windows, then ISO and the old DOS and Mac code pages.
_LIKELY = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1257",
    "cp1254",
    "cp1253",
    "iso8859_15",
    "latin_1",
    "iso8859_2",
    "mac_roman",
    "cp850",
    "cp437",
)


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, column, message)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A text file's text, and what was assumed to read it (said to the person)."""

    text: str
    encoding: str  # as Python names it: utf-8, utf-8-sig, cp1252, ...
    detected: bool  # not UTF-8: told by charset-normalizer

    @property
    def notes(self) -> tuple[str, ...]:
        if not self.detected:
            return ()
        return (f"read as {encoding_name(self.encoding)} (detected; not UTF-8): {SAVE_AS_UTF8}",)


def encoding_name(codec: str) -> str:
    """`cp1252` -> `Windows-1252`: the name a spreadsheet's Save As dialog shows."""
    lowered = codec.lower().replace("_", "-")
    if lowered.startswith("cp") and lowered[2:].isdigit() and len(lowered) == 6:
        return f"Windows-{lowered[2:]}"
    return {"latin-1": "ISO-8859-1", "iso8859-1": "ISO-8859-1"}.get(lowered, lowered.upper())


def decode(data: bytes, name: str) -> Decoded:
    """Text of a file's bytes: UTF-8 (a byte-order mark allowed), UTF-16 with its mark (what
    Excel's "Unicode Text" writes), else the encoding charset-normalizer tells; refused, with
    the way to save as UTF-8, if it cannot tell."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", True)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: told below
    if b"\x00" in data:
        nul_line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ValidationError(
            [Problem(name, nul_line, "-", "not a text file (it holds NUL bytes)")]
        )
    try:
        marked = data.startswith(b"\xef\xbb\xbf")
        return Decoded(data.decode("utf-8-sig"), "utf-8-sig" if marked else "utf-8", False)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    codec = _detected(data)
    if codec is None:
        line = data[:first_bad].count(b"\n") + 1
        raise ValidationError(
            [
                Problem(
                    name,
                    line,
                    "-",
                    f"not UTF-8 text (byte {first_bad + 1}) and its encoding cannot be told; "
                    + SAVE_AS_UTF8,
                )
            ]
        )
    return Decoded(data.decode(codec), codec, True)


def _detected(data: bytes) -> str | None:
    """The encoding of text that is not UTF-8, as charset-normalizer tells it among the
    encodings spreadsheets save in; of those that read the text equally well, the most
    common one (Windows-1252 first). None if none reads it as text."""
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data, cp_isolation=list(_LIKELY)) if m.chaos <= _MAX_CHAOS]
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    # Encodings that read the bytes into the same text are one match; each is a candidate.
    fitting = [e for m in matches if m.chaos <= least + 0.01 for e in m.could_be_from_charset]
    return min(fitting, key=lambda e: _LIKELY.index(e) if e in _LIKELY else len(_LIKELY))


def separator_of(text: str) -> str:
    """The separator of a CSV's values: the one of `,` `;` tab found most often in the
    header line, outside quotes; `,` when there is none (a file of one column)."""
    header = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


@dataclass(frozen=True, slots=True)
class CsvText:
    """A CSV file read as text: its header as the file writes it, and how it was read."""

    name: str
    decoded: Decoded
    separator: str

    @property
    def notes(self) -> tuple[str, ...]:
        said = self.decoded.notes
        if self.separator != ",":
            said += (f"values separated by {SEPARATORS[self.separator]}s (detected)",)
        return said


def read_csv_text(path: Path, name: str) -> CsvText:
    """A CSV file's text, decoded, with its separator detected."""
    decoded = decode(read_bytes(path, name), name)
    return CsvText(name, decoded, separator_of(decoded.text))


def csv_rows(
    source: CsvText, problems: list[Problem] | None = None
) -> tuple[list[str], Iterator[Row]]:
    """The header (names trimmed) and the rows (empty lines skipped) of a CSV text.

    A header that cannot be read raises ValidationError. A line with more values than
    columns raises too, unless `problems` is given: then it is reported there and its
    columns are read, so that the caller reports every other problem with it.
    """
    name = source.name
    handle = io.StringIO(source.decoded.text, newline="")
    reader = csv.reader(handle, delimiter=source.separator)
    try:
        header = [c.strip() for c in next(reader, [])]
    except csv.Error as exc:
        raise ValidationError([Problem(name, 1, "-", f"unreadable CSV: {exc}")]) from None

    def rows() -> Iterator[Row]:
        line = 1
        try:
            for cells in reader:
                line = reader.line_num
                if len(cells) > len(header):
                    extra = Problem(name, line, "-", "more values than columns")
                    if problems is None:
                        raise ValidationError([extra])
                    problems.append(extra)  # and read the columns that are there
                if not any(c.strip() for c in cells):
                    continue
                values = {
                    c: (cells[i] if i < len(cells) else "") for i, c in enumerate(header) if c
                }
                yield Row(name, line, values)
        except csv.Error as exc:
            unreadable = Problem(name, line + 1, "-", f"unreadable CSV: {exc}")
            if problems is None:
                raise ValidationError([unreadable]) from None
            problems.append(unreadable)

    return header, rows()


def header_problems(
    name: str, header: list[str], required: set[str], known: set[str]
) -> list[Problem]:
    """Required columns missing and columns not known, at line 1."""
    present = set(header)
    out = [Problem(name, 1, c, "required column missing") for c in sorted(required - present)]
    out += [Problem(name, 1, c, "unknown column") for c in header if c and c not in known]
    return out


def read_rows(
    path: Path,
    name: str,
    required: set[str],
    known: set[str],
    problems: list[Problem] | None = None,
    notes: list[Problem] | None = None,
) -> Iterator[Row]:
    """Rows of a CSV file with a header; unknown or missing columns are problems.

    A file that cannot be read as a whole (missing, bad header) raises ValidationError. A line
    with more values than columns raises too, unless `problems` is given: then it is reported
    there and its columns are read, so that the caller reports every other problem with it.
    `notes`: where to say the encoding assumed for a file that is not UTF-8 (a warning).
    """
    source = read_csv_text(path, name)
    if notes is not None:
        notes.extend(Problem(name, None, "-", note) for note in source.decoded.notes)
    header, rows = csv_rows(source, problems)
    bad_header = header_problems(name, header, required, known)
    if bad_header:
        raise ValidationError(bad_header)
    yield from rows


def split_list(text: str) -> list[str]:
    """`a;b` -> ['a', 'b'] (the separator inside one CSV cell)."""
    return [part.strip() for part in text.split(";") if part.strip()]
