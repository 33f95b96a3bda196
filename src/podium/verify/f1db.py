"""`podium verify f1db`: every F1 standings table recomputed and compared with F1DB's.

Each season is read by the F1DB importer (classifications only: F1DB's `points` fields and
standings files are never used to compute) and scored by its rules file and season data.
The drivers' and constructors' standings after every race and at season end are then
compared with F1DB's `driver-standings.yml` / `constructor-standings.yml` (after-race ones in
`races/NN-*/`, season-end ones in the season folder). A table matches when it has the same
rows, the same position text and the same points to 2 decimals.

Rows in which F1DB contradicts itself are podium data (`data/f1/known-f1db-errors.yaml`, each
with its reason): a mismatch there is reported as a known F1DB error, not reproduced.

A second, separate check compares the points each driver scored in each race (and sprint)
with F1DB's `points` fields; it never feeds the standings.

F1DB: https://github.com/f1db/f1db (CC BY 4.0).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError
from podium.files.yamlsrc import load_yaml
from podium.formats.f1db import constructor_key
from podium.formats.f1db.races import FASTEST_LAPS, PIT_STOPS, SESSION_FILES
from podium.formats.f1db.season import SeasonLoader
from podium.formats.f1db.source import F1DBSource, item_line, parse_yaml
from podium.formats.native import DocProblems
from podium.model.decision import DecisionKind
from podium.model.season import Season
from podium.model.session import Session
from podium.rules.model import Bonus, SessionSelector
from podium.standings.engine import standings_history
from podium.standings.scoring import score_round
from podium.standings.table import StandingsTable

CLASSIFICATIONS = ("drivers", "constructors")
STANDINGS_FILES = {"drivers": "driver-standings.yml", "constructors": "constructor-standings.yml"}
POINTS_FILES = {"race": "race-results.yml", "sprint": "sprint-race-results.yml"}
KNOWN_ERRORS_NAME = "known-f1db-errors.yaml"
KNOWN_ERRORS_FILE = f"data/f1/{KNOWN_ERRORS_NAME}"
_KNOWN_ERROR_KEYS = ("season", "after_round", "classification", "competitors", "reason")
_CENT = Decimal("0.01")


# -- results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowDiff:
    """One row that differs: F1DB's values (`expected`) and podium's (`actual`); None: absent."""

    competitor: str
    expected_position: str | None
    expected_points: str | None
    actual_position: str | None
    actual_points: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.competitor,
            "f1db": _side(self.expected_position, self.expected_points),
            "podium": _side(self.actual_position, self.actual_points),
        }


def _side(position: str | None, points: str | None) -> dict[str, str] | None:
    return None if position is None else {"position": position, "points": points or "0"}


@dataclass(frozen=True, slots=True)
class KnownError:
    """A table in which F1DB contradicts itself: these rows are not to be reproduced."""

    season: int
    after_round: int | None  # None: the season-end table
    classification: str
    competitors: frozenset[str] | None  # None: every row of the table
    reason: str

    def covers(self, check: TableCheck) -> bool:
        if (check.season, check.after_round, check.classification) != (
            self.season,
            self.after_round,
            self.classification,
        ):
            return False
        return self.competitors is None or all(
            d.competitor in self.competitors for d in check.diffs
        )


@dataclass(frozen=True, slots=True)
class TableCheck:
    season: int
    classification: str
    after_round: int | None  # None: the season-end table
    rows: int  # rows in F1DB's table
    diffs: tuple[RowDiff, ...]
    points_exact: bool  # same rows with the same points (positions aside)
    known_error: KnownError | None = None

    @property
    def exact(self) -> bool:
        return not self.diffs

    @property
    def at(self) -> str:
        return "final" if self.after_round is None else f"r{self.after_round}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "season": self.season,
            "classification": self.classification,
            "after_round": self.after_round if self.after_round is not None else "final",
            "points_exact": self.points_exact,
            "known_f1db_error": self.known_error is not None,
            "reason": self.known_error.reason if self.known_error else None,
            "rows": [d.as_dict() for d in self.diffs],
        }


@dataclass(slots=True)
class Tally:
    tables: int = 0
    exact: int = 0
    points_exact: int = 0

    def add(self, check: TableCheck) -> None:
        self.tables += 1
        self.exact += check.exact
        self.points_exact += check.points_exact

    def as_dict(self) -> dict[str, int]:
        return {"tables": self.tables, "exact": self.exact, "points_exact": self.points_exact}

    @property
    def text(self) -> str:
        return f"{self.exact}/{self.tables}"


@dataclass(frozen=True, slots=True)
class PointsDiff:
    """A driver's points in one race (or sprint): F1DB's `points` and podium's."""

    season: int
    round: int
    session: str
    driver: str
    expected: str
    actual: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "season": self.season,
            "round": self.round,
            "session": self.session,
            "id": self.driver,
            "f1db": self.expected,
            "podium": self.actual,
        }


@dataclass(slots=True)
class PointsCheck:
    """Points per driver and race against F1DB's `points` (reported, never used to compute)."""

    sessions: int = 0
    rows: int = 0
    exact: int = 0
    diffs: list[PointsDiff] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "drivers": self.rows,
            "exact": self.exact,
            "mismatches": [d.as_dict() for d in self.diffs],
        }


@dataclass(slots=True)
class SeasonSummary:
    season: int
    after_race: dict[str, Tally] = field(default_factory=dict)
    final: dict[str, TableCheck] = field(default_factory=dict)
    points: PointsCheck = field(default_factory=PointsCheck)
    checks: list[TableCheck] = field(default_factory=list)  # after-race and final, in order


@dataclass(slots=True)
class VerifyReport:
    seasons: list[SeasonSummary] = field(default_factory=list)
    checks: list[TableCheck] = field(default_factory=list)  # every table compared
    points: PointsCheck = field(default_factory=PointsCheck)

    def tally(self, classification: str | None, final: bool) -> Tally:
        out = Tally()
        for check in self.checks:
            if (check.after_round is None) == final and classification in (
                None,
                check.classification,
            ):
                out.add(check)
        return out

    @property
    def mismatches(self) -> list[TableCheck]:
        return [c for c in self.checks if not c.exact]

    @property
    def known_errors(self) -> list[TableCheck]:
        return [c for c in self.mismatches if c.known_error is not None]

    @property
    def unexplained(self) -> list[TableCheck]:
        return [c for c in self.mismatches if c.known_error is None]

    @property
    def ok(self) -> bool:
        """Every mismatch is a known F1DB error."""
        return not self.unexplained

    def as_dict(self) -> dict[str, Any]:
        season_end: dict[str, Any] = dict(self.tally(None, final=True).as_dict())
        for cid in CLASSIFICATIONS:
            season_end[cid] = self.tally(cid, final=True).as_dict()
        years = [s.season for s in self.seasons]
        return {
            "seasons": _span(years),
            "drivers": self.tally("drivers", final=False).as_dict(),
            "constructors": self.tally("constructors", final=False).as_dict(),
            "season_end": season_end,
            "known_f1db_errors": len(self.known_errors),
            "unexplained": len(self.unexplained),
            "mismatches": [c.as_dict() for c in self.mismatches],
            "race_points": self.points.as_dict(),
            "source": "F1DB (CC BY 4.0), https://github.com/f1db/f1db",
        }


def _span(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


# -- known F1DB errors -----------------------------------------------------------------------


def load_known_errors(path: Path | None = None) -> list[KnownError]:
    """A list of F1DB's self-contradictions: podium's (bundled) unless `path` is given.

    Each wrong item is a problem at its line: the file may be one's own (`--data-dir`).
    """
    if path is None:
        path = Path(str(resources.files("podium").joinpath(KNOWN_ERRORS_FILE)))
    name = str(path)
    doc = load_yaml(path, name)
    items = doc.get("errors") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise ValidationError([Problem(name, 1, "errors", "a list of known F1DB errors")])
    out: list[KnownError] = []
    where = DocProblems(doc, name)
    for i, item in enumerate(items):
        error = _known_error(where, i, item)
        if error is not None:
            out.append(error)
    if where.problems:
        raise ValidationError(where.problems)
    return out


def _known_error(where: DocProblems, i: int, item: Any) -> KnownError | None:
    path: list[Any] = ["errors", i]
    if not isinstance(item, dict):
        where.at(path, "a mapping: season, after_round, classification, competitors, reason")
        return None
    missing = [k for k in _KNOWN_ERROR_KEYS if k not in item]
    if missing:
        where.at(path, f"{', '.join(missing)} required (with {', '.join(_KNOWN_ERROR_KEYS)})")
        return None
    season, at, cid, ids, reason = (item[k] for k in _KNOWN_ERROR_KEYS)
    before = len(where.problems)
    if not isinstance(season, int):
        where.at([*path, "season"], f"{season!r} is not a year")
    if not (at == "final" or isinstance(at, int)):
        where.at([*path, "after_round"], f"{at!r}: a round number or final")
    if cid not in CLASSIFICATIONS:
        where.at([*path, "classification"], f"{cid!r}: one of {', '.join(CLASSIFICATIONS)}")
    if not (ids == "all" or (isinstance(ids, list) and ids)):
        where.at([*path, "competitors"], "a list of podium ids, or all")
    if not isinstance(reason, str) or not reason.strip():
        where.at([*path, "reason"], "say why F1DB is wrong there")
    if len(where.problems) > before:
        return None
    return KnownError(
        season=int(season),
        after_round=None if at == "final" else int(at),
        classification=str(cid),
        competitors=None if ids == "all" else frozenset(str(c) for c in ids),
        reason=str(reason),
    )


def known_errors_with(data_dir: Path | None) -> list[KnownError]:
    """podium's known F1DB errors, after those of `data_dir/known-f1db-errors.yaml` if any.

    A table's mismatch takes the first entry that covers it: one's own reason before
    podium's for the same table. Where podium has none (a season it does not ship yet),
    one's own is the only one.
    """
    own: list[KnownError] = []
    if data_dir is not None and (Path(data_dir) / KNOWN_ERRORS_NAME).is_file():
        own = load_known_errors(Path(data_dir) / KNOWN_ERRORS_NAME)
    return own + load_known_errors()


# -- comparing -------------------------------------------------------------------------------


def _cents(value: Fraction | int | float | str) -> Decimal:
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(str(value))
    return exact.quantize(_CENT, rounding=ROUND_HALF_UP)


def _text(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


Row = tuple[str, Decimal]  # position text, points to 2 decimals


def published_table(rows: Any, classification: str, name: str) -> dict[str, Row]:
    """An F1DB standings file as competitor -> (position text, points)."""
    out: dict[str, Row] = {}
    if not isinstance(rows, list):
        raise ValidationError([Problem(name, 1, "-", "expected a list of standings rows")])
    for i, row in enumerate(rows):
        try:
            if classification == "drivers":
                who = str(row["driverId"])
            else:
                who = constructor_key(str(row["constructorId"]), str(row["engineManufacturerId"]))
            position = str(row["position"])
        except (KeyError, TypeError):
            raise ValidationError(
                [
                    Problem(
                        name, item_line(Path(name), i), "-", "a standings row needs position and id"
                    )
                ]
            ) from None
        key = who
        n = 1
        while key in out:  # the same id twice (an entry re-entered under the same name)
            n += 1
            key = f"{who}#{n}"
        out[key] = (position, _cents(row.get("points") or 0))
    return out


def podium_table(
    table: StandingsTable | None, hide: frozenset[str] = frozenset()
) -> dict[str, Row]:
    """podium's table in the same shape; `hide`: unplaced rows of these competitors left out."""
    out: dict[str, Row] = {}
    if table is None:
        return out
    for row in table.rows:
        if row.position is None and row.competitor in hide:
            continue
        key = row.competitor
        n = 1
        while key in out:
            n += 1
            key = f"{row.competitor}#{n}"
        out[key] = (row.position_text, _cents(row.points))
    return out


def compare(
    season: int,
    classification: str,
    after_round: int | None,
    expected: dict[str, Row],
    actual: dict[str, Row],
    known: Iterable[KnownError] = (),
) -> TableCheck:
    diffs: list[RowDiff] = []
    points_exact = expected.keys() == actual.keys()
    for key in sorted(expected.keys() | actual.keys(), key=lambda k: _order(k, expected, actual)):
        want, got = expected.get(key), actual.get(key)
        if want == got:
            continue
        if want is not None and got is not None and want[1] != got[1]:
            points_exact = False
        diffs.append(
            RowDiff(
                competitor=key.split("#")[0],
                expected_position=want[0] if want else None,
                expected_points=_text(want[1]) if want else None,
                actual_position=got[0] if got else None,
                actual_points=_text(got[1]) if got else None,
            )
        )
    check = TableCheck(
        season, classification, after_round, len(expected), tuple(diffs), points_exact
    )
    if diffs:
        for error in known:
            if error.covers(check):
                return replace(check, known_error=error)
    return check


def _order(key: str, expected: dict[str, Row], actual: dict[str, Row]) -> tuple[int, int, str]:
    """Rows in the published order (unlisted ones after), for reading a mismatch."""
    for rank, table in enumerate((expected, actual)):
        if key in table:
            position = table[key][0]
            return rank, int(position) if position.isdigit() else 10**6, key
    return 2, 0, key


# -- the run ---------------------------------------------------------------------------------


def verify_f1db(
    root: Path,
    years: Iterable[int],
    *,
    rules_dir: Path | None = None,
    data_dir: Path | None = None,
    known_errors: Iterable[KnownError] | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> VerifyReport:
    """Recompute every standings table of `years` and compare it with F1DB's.

    `data_dir`: season data of one's own, read before podium's (`<year>.yaml`, as
    `data/f1/<year>.yaml`), and known F1DB errors (`known-f1db-errors.yaml`) added to
    podium's list (see `known_errors_with`). `known_errors`: the list to use instead of both.

    Seasons are verified in parallel, one process per core (`workers`, default all the
    cores this process may use), and reported in the order of `years`; `progress(year)` is
    called as each is done, in that order. The first season (in that order) whose data is
    invalid raises its `ValidationError`, as a run one season after another would.
    """
    F1DBSource(Path(root))  # not an F1DB folder: said here, once
    known = list(known_errors_with(data_dir) if known_errors is None else known_errors)
    wanted = list(years)
    report = VerifyReport()
    count = min(workers or cores(), len(wanted))
    settings = (Path(root), rules_dir, data_dir, known)
    if count <= 1:
        _start_worker(*settings)
        done: Iterator[SeasonSummary | list[Problem]] = map(_verify_year, wanted)
        _collect(report, done, progress)
        return report
    with ProcessPoolExecutor(count, initializer=_start_worker, initargs=settings) as pool:
        try:
            _collect(report, pool.map(_verify_year, wanted), progress)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return report


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _collect(
    report: VerifyReport,
    done: Iterable[SeasonSummary | list[Problem]],
    progress: Callable[[int], None] | None,
) -> None:
    for summary in done:
        if isinstance(summary, list):  # its problems (an exception may not survive pickling)
            raise ValidationError(summary)
        report.seasons.append(summary)
        report.checks.extend(summary.checks)
        points = summary.points
        report.points.sessions += points.sessions
        report.points.rows += points.rows
        report.points.exact += points.exact
        report.points.diffs.extend(points.diffs)
        if progress is not None:
            progress(summary.season)


# Files of a race folder verify never needs: they hold no classification.
UNSCORED_FILES = frozenset({PIT_STOPS})


@dataclass
class _Worker:
    """What one process keeps across the seasons it verifies: F1DB's shared files parsed
    once, the rules files read once."""

    source: F1DBSource
    loader: SeasonLoader
    known: list[KnownError]


_worker: _Worker | None = None


def _start_worker(
    root: Path, rules_dir: Path | None, data_dir: Path | None, known: list[KnownError]
) -> None:
    global _worker
    source = F1DBSource(root, keep=POINTS_FILES.values())
    _worker = _Worker(source, SeasonLoader(source, rules_dir, data_dir), known)


def _verify_year(year: int) -> SeasonSummary | list[Problem]:
    assert _worker is not None, "_start_worker first"
    source, loader = _worker.source, _worker.loader
    try:
        source.skip = _unscored_files(loader, year)
        try:
            season = loader.load(year)
        except ValidationError:
            if not source.skip:
                raise
            # Season data that names a session left unread (a decision in qualifying, say)
            # is read whole: what it says wrong, it says as the importer would.
            source.skip = frozenset()
            source.kept.clear()
            season = loader.load(year)
        return verify_season(source, season, _worker.known)
    except ValidationError as exc:
        return list(exc.problems)
    finally:
        source.kept.clear()


def _unscored_files(loader: SeasonLoader, year: int) -> frozenset[str]:
    """The race folders' files of `year` that no rule reads: sessions that no scoring,
    tie-break or listing rule selects, and fastest laps where no bonus goes to one. They
    cannot change a standings table."""
    try:
        rules = loader.rules(year)
    except ValidationError:
        return frozenset()  # the load says what is wrong
    parts = list(_parts(rules))
    selectors = [p for p in parts if isinstance(p, SessionSelector)]
    unscored = set(UNSCORED_FILES)
    for spec in SESSION_FILES:
        probe = Session(spec.id, spec.kind, spec.name, segment=spec.segment)
        if not any(selector.matches(probe) for selector in selectors):
            unscored.add(spec.file)
    if not any(isinstance(p, Bonus) and p.holder == "fastest_lap" for p in parts):
        unscored.add(FASTEST_LAPS)
    return frozenset(unscored)


def _parts(value: Any) -> Iterator[Any]:
    """Every dataclass object inside a rules object, itself included."""
    if isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _parts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _parts(item)
    elif is_dataclass(value) and not isinstance(value, type):
        yield value
        for part in fields(value):
            yield from _parts(getattr(value, part.name))


def verify_season(source: F1DBSource, season: Season, known: list[KnownError]) -> SeasonSummary:
    """Every table of one season against F1DB, and the points per driver and race."""
    summary = SeasonSummary(season.year)
    folder = source.season_folder(season.year)
    rounds = {r.folder: r.number for r in season.rounds}
    checks: list[TableCheck] = []
    for cid in CLASSIFICATIONS:
        file_name = STANDINGS_FILES[cid]
        final_file = folder / file_name
        has_rules = cid in season.rules.classifications
        history = standings_history(season, cid) if has_rules else []
        by_round = {t.after_round: t for t in history}
        last = history[-1] if history else None
        hide = frozenset(
            d.competitor or ""
            for d in season.decisions
            if d.kind is DecisionKind.EXCLUSION and d.final_only and d.applies_to(cid)
        )
        tally = Tally()
        for race_folder in source.race_folders(season.year):
            path = race_folder / file_name
            if not path.is_file():
                continue
            number = rounds.get(race_folder.name)
            table = by_round.get(number) if number is not None else None
            hidden = hide if last is not None and table is last else frozenset()
            check = compare(
                season.year,
                cid,
                number if number is not None else 0,
                published_table(parse_yaml(path), cid, str(path)),
                podium_table(table, hidden),
                known,
            )
            tally.add(check)
            checks.append(check)
        if tally.tables:
            summary.after_race[cid] = tally
        if final_file.is_file():
            check = compare(
                season.year,
                cid,
                None,
                published_table(parse_yaml(final_file), cid, str(final_file)),
                podium_table(last),
                known,
            )
            summary.final[cid] = check
            checks.append(check)
    summary.checks = checks
    summary.points = check_race_points(source, season)
    return summary


def check_race_points(source: F1DBSource, season: Season) -> PointsCheck:
    """Each driver's points in each race and sprint against F1DB's `points` fields."""
    out = PointsCheck()
    if "drivers" not in season.rules.classifications:
        return out
    rules = season.rules.classification("drivers")
    by_folder = {r.folder: r for r in season.held_rounds()}
    for race_folder in source.race_folders(season.year):
        rnd = by_folder.get(race_folder.name)
        if rnd is None:
            continue
        scored: dict[tuple[str, str], Fraction] = {}
        for award in score_round(season, rules, rnd):
            if award.counted:
                key = (award.session, award.competitor)
                scored[key] = scored.get(key, Fraction(0)) + award.points
        for session_id, file_name in POINTS_FILES.items():
            path = race_folder / file_name
            if not path.is_file():
                continue
            published: dict[str, Decimal] = {}
            # The rows the importer parsed already (F1DBSource.keep), else parsed here.
            rows = source.kept.pop(path, None)
            if rows is None:
                rows = parse_yaml(path) or []
            for row in rows:
                driver = str(row["driverId"])
                published[driver] = published.get(driver, Decimal(0)) + _cents(
                    row.get("points") or 0
                )
            out.sessions += 1
            drivers = set(published) | {d for s, d in scored if s == session_id}
            for driver in sorted(drivers):
                want = published.get(driver, Decimal(0)).quantize(_CENT)
                got = _cents(scored.get((session_id, driver), Fraction(0)))
                out.rows += 1
                if want == got:
                    out.exact += 1
                else:
                    out.diffs.append(
                        PointsDiff(
                            season.year, rnd.number, session_id, driver, _text(want), _text(got)
                        )
                    )
    return out
