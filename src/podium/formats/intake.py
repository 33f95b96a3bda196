"""Adding a round's classifications to a season folder from the files timing desks give.

`add_results` takes, for sessions of one round, a file each (podium's session CSV in any
separator or encoding, a spreadsheet, an Al Kamel Systems classification), checks every line
against the season as the loader would (entries, drivers, positions, times), and writes the
session CSVs, any new entries and the round's `status: held` into the folder, all or
nothing. The folder is first changed in a copy and loaded whole: what is written is a season
that validates. Every problem names the file given, its line and its column as it calls it.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from podium.errors import NotFound, Problem, ValidationError
from podium.files.csvsrc import Row, csv_rows, read_csv_text
from podium.files.yamlsrc import LineDict, load_yaml
from podium.formats import alkamel, columns, native
from podium.formats.entrylist import Roster, csv_lines, name_key
from podium.formats.export import results_csv
from podium.formats.folderwrite import mark_held, write_all
from podium.formats.tables import Table, read_table
from podium.model.calendar import Round, RoundStatus
from podium.model.entry import Entry
from podium.model.result import Status
from podium.model.season import Season

READABLE = (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class Added:
    """What adding results did (or would do): the files, and what to tell the person."""

    files: dict[Path, str] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)  # one line each, in order
    new_entries: list[str] = field(default_factory=list)


def parse_classes(options: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """`--class "TCR="`, `--class "Trophy=trophy"`, `--class "AM=am;rookie"`."""
    out: dict[str, tuple[str, ...]] = {}
    for option in options:
        name, sep, flags = option.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                [Problem("--class", None, option, "write CLASS=flag (or CLASS= for none)")]
            )
        out[name.strip()] = tuple(f.strip() for f in flags.split(";") if f.strip())
    return out


def timing_spec(doc: Any) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """season.yaml's `timing:` (schema-checked): classes -> flags, session -> file pattern."""
    timing = doc.get("timing") if isinstance(doc, dict) else None
    if not isinstance(timing, dict):
        return {}, {}
    classes = {
        str(k): tuple(str(f) for f in v or ()) for k, v in (timing.get("classes") or {}).items()
    }
    files = {str(k): str(v) for k, v in (timing.get("files") or {}).items()}
    return classes, files


def sessions_of_files(
    rnd: Round, folder: Path, patterns: Mapping[str, str]
) -> tuple[list[tuple[str, Path]], list[str]]:
    """Which file of a folder of provider files is which session of `rnd`: by the patterns
    given (session id -> shell pattern of the file name, any case), else by the session id
    in the file's name (`Race 1` and `race_1` name `race1`; the longest id that fits wins).
    Returns the pairs and a line for each file left out."""
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in READABLE
    )
    ids = [s.id for s in rnd.sessions if not s.cancelled]
    chosen: dict[str, list[Path]] = {}
    left: list[str] = []
    problems: list[Problem] = []
    for path in files:
        by_pattern = [
            s
            for s in ids
            if s in patterns and fnmatch.fnmatch(path.name.casefold(), patterns[s].casefold())
        ]
        if len(by_pattern) > 1:
            problems.append(
                Problem(
                    str(path),
                    None,
                    "-",
                    f"its name fits the patterns of sessions {', '.join(by_pattern)}: "
                    "make the patterns (timing.files) tell them apart",
                )
            )
            continue
        if by_pattern:
            chosen.setdefault(by_pattern[0], []).append(path)
            continue
        squeezed = _squeeze(path.stem)
        named = [s for s in ids if s not in patterns and _squeeze(s) in squeezed]
        if named:
            best = max(named, key=lambda s: len(_squeeze(s)))
            chosen.setdefault(best, []).append(path)
        else:
            left.append(
                f"not read: {path} (its name names no session of round {rnd.number}: "
                f"{', '.join(ids)})"
            )
    for session, paths in chosen.items():
        if len(paths) > 1:
            listed = ", ".join(p.name for p in paths)
            problems.append(
                Problem(
                    str(folder),
                    None,
                    "-",
                    f"several files for session {session!r}: {listed}; give the session's pattern "
                    f"(timing.files or --files {session}=PATTERN)",
                )
            )
    if problems:
        raise ValidationError(problems)
    if not chosen:
        raise ValidationError(
            [
                Problem(
                    str(folder),
                    None,
                    "-",
                    f"no file here names a session of round {rnd.number} ({', '.join(ids)}): "
                    "name them after the sessions, or give patterns (timing.files or --files)",
                )
            ]
        )
    order = {s: i for i, s in enumerate(ids)}
    pairs = sorted(((s, ps[0]) for s, ps in chosen.items()), key=lambda p: order[p[0]])
    return pairs, left


def _squeeze(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def add_results(
    folder: Path,
    round_number: int,
    sources: Sequence[tuple[str, Path]],
    *,
    sheet: str | None = None,
    add_entries: bool = False,
    classes: Mapping[str, tuple[str, ...]] | None = None,
    shown_as: str | None = None,
) -> Added:
    """Add a classification to each session of `sources` (session id, file) of a round of
    the season in `folder`, and write it all, or raise ValidationError and write nothing.

    `classes`: a provider CLASS -> entry flags, beside season.yaml's `timing.classes`.
    `shown_as`: how messages name the season folder (default its path)."""
    season = native.load_season(folder)
    doc = load_yaml(folder / native.SEASON_FILE, str(folder / native.SEASON_FILE))
    added = plan(
        folder,
        season,
        doc,
        round_number,
        sources,
        sheet=sheet,
        add_entries=add_entries,
        classes=classes,
    )
    _check_in_copy(folder, added.files, shown_as)
    write_all(added.files)
    return added


def plan(
    folder: Path,
    season: Season,
    doc: Any,
    round_number: int,
    sources: Sequence[tuple[str, Path]],
    *,
    sheet: str | None = None,
    add_entries: bool = False,
    classes: Mapping[str, tuple[str, ...]] | None = None,
) -> Added:
    """The files adding these classifications writes, and what to say; nothing written."""
    rnd = next((r for r in season.rounds if r.number == round_number), None)
    if rnd is None:
        numbers = ", ".join(str(r.number) for r in season.rounds)
        raise NotFound(f"{season.key} has no round {round_number} (rounds: {numbers})")
    if rnd.status is RoundStatus.CANCELLED:
        raise ValidationError(
            [
                Problem(
                    str(folder / native.SEASON_FILE),
                    None,
                    "round",
                    f"round {rnd.number} is cancelled: it has no results",
                )
            ]
        )
    mapped, _ = timing_spec(doc)
    mapped = {**mapped, **(classes or {})}
    roster = Roster(dict(season.drivers), dict(season.teams))
    entries = list(season.entries)
    added = Added()
    problems: list[Problem] = []
    tables: list[tuple[str, Table]] = []
    for session_id, path in sources:
        session = rnd.session(session_id)
        if session is None:
            known = ", ".join(s.id for s in rnd.sessions) or "none"
            raise NotFound(
                f"{season.key} round {rnd.number} has no session {session_id!r} (sessions: {known})"
            )
        if session.cancelled:
            problems.append(
                Problem(
                    str(path),
                    None,
                    "-",
                    f"session {session_id!r} of round {rnd.number} is cancelled: it has no results",
                )
            )
            continue
        try:
            tables.append((session_id, read_table(path, str(path), sheet)))
        except ValidationError as exc:
            problems.extend(exc.problems)
    round_dir = folder / (rnd.folder or f"{rnd.number:02d}")
    for session_id, table in tables:
        session = rnd.session(session_id)
        assert session is not None
        try:
            if alkamel.is_alkamel(table):
                rows, names = _from_alkamel(table, rnd, entries, roster, mapped, add_entries, added)
                kind = "an Al Kamel Systems classification"
            else:
                rows, names = _from_podium_columns(table)
                kind = "podium's session columns"
        except ValidationError as exc:
            problems.extend(exc.problems)
            continue
        reader = native._SeasonReader(folder)
        try:
            results = reader.read_results(
                Path(table.name),
                table.name,
                rnd.number,
                roster.drivers,
                tuple(entries),
                partial=session.partial,
                rows=rows,
            )
        except ValidationError as exc:
            problems.extend(
                Problem(p.file, p.line, names.get(p.field, p.field), p.message)
                for p in exc.problems
            )
            continue
        notes = "; ".join(table.notes)
        added.said.append(f"read {table.name} as {kind}" + (f": {notes}" if notes else ""))
        target = round_dir / f"{session_id}.csv"
        added.files[target] = results_csv(results)
        classified = sum(1 for r in results if r.status is Status.CLASSIFIED)
        verb = "replaced" if target.exists() else "wrote"
        added.said.append(f"{verb} {target}: {len(results)} results ({classified} classified)")
    if problems:
        raise ValidationError(problems)
    if roster.new_drivers or roster.new_teams or len(entries) > len(season.entries):
        added.files.update(_entry_files(folder, roster, entries[len(season.entries) :]))
    if rnd.status is not RoundStatus.HELD:
        yaml_path = folder / native.SEASON_FILE
        item = doc["calendar"][[int(r["round"]) for r in doc["calendar"]].index(rnd.number)]
        added.files[yaml_path] = mark_held(yaml_path.read_text(encoding="utf-8-sig"), item)
        added.said.append(f"round {rnd.number} is held now ({yaml_path}: status: held)")
    return added


def _from_podium_columns(table: Table) -> tuple[list[Row], dict[str, str]]:
    """Rows of a table with podium's session columns (any case): the columns checked."""
    known = {c.casefold(): c for c in native.RESULT_COLUMNS}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    for column in table.columns:
        ours = known.get(column.casefold())
        if ours is None:
            allowed = ", ".join(columns.RESULT_COLUMNS)
            problems.append(
                Problem(
                    table.name,
                    1,
                    column,
                    f"unknown column (podium's columns: {allowed}; or give an Al Kamel file)",
                )
            )
        else:
            names[ours] = column
    if "car" not in names:
        problems.append(Problem(table.name, 1, "car", "required column missing"))
    if problems:
        raise ValidationError(problems)
    rows = [
        Row(r.file, r.line, {ours: r.values.get(theirs, "") for ours, theirs in names.items()})
        for r in table.rows
    ]
    return rows, names


def _from_alkamel(
    table: Table,
    rnd: Round,
    entries: list[Entry],
    roster: Roster,
    classes: Mapping[str, tuple[str, ...]],
    add_entries: bool,
    added: Added,
) -> tuple[list[Row], dict[str, str]]:
    """An Al Kamel classification as podium's rows, each car checked against its entry
    (or entered, with `add_entries`); the crew given where it is not the entry's."""
    read = alkamel.read_classification(table)
    problems: list[Problem] = list(read.problems)
    missing: list[alkamel.ProviderCar] = []
    rows: list[Row] = []
    all_flags = {f for flags in classes.values() for f in flags}
    entered = {e.car: e for e in reversed(entries) if e.runs_in(rnd.number)}
    for row, car in zip(read.rows, read.cars, strict=True):
        values = dict(row.values)
        wanted = _class_flags(car, classes, problems)
        entry = entered.get(car.car)
        if entry is None and car.car:
            if not add_entries:
                missing.append(car)
            else:
                entry = _enter(car, roster, wanted, problems)
                if entry is not None:
                    entries.append(entry)
                    entered[entry.car] = entry
                    added.new_entries.append(_told(entry, roster))
        elif entry is not None:
            if wanted is not None and (entry.flags & all_flags) != set(wanted):
                has = ", ".join(sorted(entry.flags & all_flags)) or "none"
                means = ", ".join(wanted) or "none"
                problems.append(
                    car.problem(
                        car.class_column or "CLASS",
                        f"car {car.car} is in class {car.car_class!r}, which means flags: {means} "
                        f"(timing.classes); its entry has {has}: correct the entry's flags "
                        "in entries.csv or the class mapping",
                    )
                )
            crew = _crew(car, entry, roster, problems)
            if crew is not None and set(crew) != set(entry.drivers):
                values["drivers"] = ";".join(crew)
        rows.append(Row(row.file, row.line, values))
    if missing:
        listed = ", ".join(f"{c.car} (line {c.line})" for c in missing)
        problems.append(
            Problem(
                table.name,
                missing[0].line,
                read.columns.get("car", "NUMBER"),
                f"{len(missing)} car(s) not in the entry list for round {rnd.number}: {listed}; "
                "add them to entries.csv, or run again with --add-entries",
            )
        )
    if problems:
        raise ValidationError(problems)
    names = {
        **read.columns,
        "drivers": next((c for c, _ in read.cars[0].drivers), "DRIVER_1")
        if read.cars
        else "DRIVER_1",
    }
    return rows, names


def _class_flags(
    car: alkamel.ProviderCar, classes: Mapping[str, tuple[str, ...]], problems: list[Problem]
) -> tuple[str, ...] | None:
    """The flags a car's CLASS means; None where the file or season.yaml gives no class."""
    if not classes or car.car_class is None:
        return None
    for name, flags in classes.items():
        if name.casefold() == car.car_class.casefold():
            return flags
    listed = ", ".join(classes)
    problems.append(
        car.problem(
            car.class_column or "CLASS",
            f"class {car.car_class!r} is not in season.yaml's timing.classes ({listed}): "
            f"add it there (or --class {car.car_class}=FLAGS)",
        )
    )
    return None


def _crew(
    car: alkamel.ProviderCar, entry: Entry, roster: Roster, problems: list[Problem]
) -> tuple[str, ...] | None:
    """The driver ids of a line's crew, if the file names one; each name must be a driver."""
    if not car.drivers:
        return None
    entered = {name_key(roster.drivers[d].name): d for d in entry.drivers if d in roster.drivers}
    ids: list[str] = []
    for column, name in car.drivers:
        ident = entered.get(name_key(name)) or roster.driver_named(name)
        if ident is None:
            crew = ", ".join(roster.drivers[d].name for d in entry.drivers if d in roster.drivers)
            problems.append(
                car.problem(
                    column,
                    f"no driver named {name!r} in drivers.csv (car {car.car} is entered with "
                    f"{crew}): add the driver to drivers.csv, or correct the name",
                )
            )
        else:
            ids.append(ident)
    return tuple(ids) if len(ids) == len(car.drivers) else None


def _enter(
    car: alkamel.ProviderCar, roster: Roster, flags: tuple[str, ...] | None, problems: list[Problem]
) -> Entry | None:
    if not car.drivers:
        problems.append(
            car.problem("DRIVER_1", f"car {car.car} is new: --add-entries needs its drivers' names")
        )
        return None
    crew = tuple(roster.driver(name) for _, name in car.drivers)
    return Entry(
        car=car.car,
        drivers=crew,
        team=roster.team(car.team) if car.team else None,
        chassis=car.vehicle,
        flags=frozenset(flags or ()),
    )


def _told(entry: Entry, roster: Roster) -> str:
    new = {d.id for d in roster.new_drivers} | {t.id for t in roster.new_teams}
    crew = ", ".join(
        f"{roster.drivers[d].name} ({d}{', new' if d in new else ''})" for d in entry.drivers
    )
    line = f"new entry: car {entry.car}, {crew}"
    if entry.team:
        fresh = ", new" if entry.team in new else ""
        line += f", team {roster.teams[entry.team].name} ({entry.team}{fresh})"
    if entry.flags:
        line += f", flags {';'.join(sorted(entry.flags))}"
    return line


def _entry_files(folder: Path, roster: Roster, new: Sequence[Entry]) -> dict[Path, str]:
    """entries.csv, drivers.csv and teams.csv with the new lines added, each in its own
    separator (rewritten as UTF-8)."""
    out: dict[Path, str] = {}
    driver_rows = [
        {"id": d.id, "name": d.name, "nationality": d.nationality or ""} for d in roster.new_drivers
    ]
    team_rows = [{"id": t.id, "name": t.name} for t in roster.new_teams]
    entry_rows = [
        {
            "car": e.car,
            "drivers": ";".join(e.drivers),
            "team": e.team or "",
            "chassis": e.chassis or "",
            "flags": ";".join(sorted(e.flags)),
        }
        for e in new
    ]
    for name, rows, header in (
        ("drivers.csv", driver_rows, ("id", "name", "nationality")),
        ("teams.csv", team_rows, ("id", "name", "nationality")),
        ("entries.csv", entry_rows, columns.ENTRY_COLUMNS),
    ):
        if rows:
            out[folder / name] = _appended(folder / name, rows, header)
    return out


def _appended(path: Path, rows: list[dict[str, str]], header: Sequence[str]) -> str:
    if not path.exists():
        used = [
            c
            for c in header
            if any(r.get(c) for r in rows) or c in ("id", "name", "car", "drivers")
        ]
        return csv_lines([used, *([r.get(c, "") for c in used] for r in rows)])
    source = read_csv_text(path, str(path))
    old_header, old_rows = csv_rows(source)
    kept = [h for h in old_header if h]
    wanted = kept + [c for c in header if c not in kept and any(r.get(c) for r in rows)]
    end = "\r\n" if "\r\n" in source.decoded.text else "\n"
    lines = [wanted]
    lines += [[r.values.get(c, "") for c in wanted] for r in old_rows]
    lines += [[r.get(c, "") for c in wanted] for r in rows]
    bom = "\ufeff" if source.decoded.encoding == "utf-8-sig" else ""
    return bom + csv_lines(lines, source.separator, end)


def _check_in_copy(folder: Path, files: Mapping[Path, str], shown_as: str | None) -> None:
    """Load the season as it would be with `files` written; its problems, named as in
    the real folder, if it would not validate."""
    with tempfile.TemporaryDirectory(prefix="podium-add-") as scratch:
        copy = Path(scratch) / "season"
        shutil.copytree(folder, copy, symlinks=True)
        root = folder.resolve()
        for target, text in files.items():
            staged = copy / target.resolve().relative_to(root)
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_text(text, encoding="utf-8", newline="")
        try:
            native.load_season(copy)
        except ValidationError as exc:
            shown = shown_as or str(folder)
            raise ValidationError(
                Problem(p.file.replace(str(copy), shown, 1), p.line, p.field, p.message)
                for p in exc.problems
            ) from None


def load_doc(folder: Path) -> LineDict:
    doc = load_yaml(folder / native.SEASON_FILE, str(folder / native.SEASON_FILE))
    if not isinstance(doc, LineDict):
        raise ValidationError(
            [Problem(str(folder / native.SEASON_FILE), 1, "-", "season.yaml must be a mapping")]
        )
    return doc


@dataclass(frozen=True, slots=True)
class SessionCsv:
    """A classification as podium's session CSV, for a write through the API: the text, the
    source's line of each CSV line, and the source's name of each column (for the answer's
    problems, told back in the file's own terms)."""

    table: Table
    text: str
    lines: dict[int, int]
    names: dict[str, str]

    def told_back(self, problem: Problem) -> Problem:
        """A problem the API found in `text`, at the source's line and column."""
        line = self.lines.get(problem.line or 0)

        def source_line(match: re.Match[str]) -> str:
            return f"line {self.lines.get(int(match.group(1)), int(match.group(1)))}"

        message = re.sub(r"\bline (\d+)\b", source_line, problem.message)
        field_name = self.names.get(problem.field, problem.field)
        return Problem(self.table.name, line, field_name, message)


def session_csv(table: Table) -> SessionCsv:
    """A table (Al Kamel or podium's columns) as podium's session CSV, line for line. The
    crew is the entry's: a server's entry list is not read here."""
    if alkamel.is_alkamel(table):
        read = alkamel.read_classification(table)
        if read.problems:
            raise ValidationError(read.problems)
        rows, names = list(read.rows), dict(read.columns)
    else:
        rows, names = _from_podium_columns(table)
    used = [c for c in columns.RESULT_COLUMNS if any(r.values.get(c) for r in rows) or c == "car"]
    text = csv_lines([used, *([r.values.get(c, "") for c in used] for r in rows)])
    return SessionCsv(table, text, {i + 2: r.line for i, r in enumerate(rows)}, names)
