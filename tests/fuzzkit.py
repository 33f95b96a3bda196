"""Fuzzing podium's readers and write routes: real inputs, mutated, each outcome sorted.

Shared by the bounded run in the suite (tests/test_fuzz.py) and the long run
(`python benchmarks/fuzz.py`). Every target takes a real input podium ships or reads (the
bundled club and WTCR seasons, their rules files, a race weekend of F1DB, the write routes
of the API), changes it the way a careless user or an attacker would (a hostile value in a
cell or after a key, a line lost or doubled, a file cut short, bytes flipped) and runs it.

An outcome is one of:
- accepted: it loaded, and everything downstream (every standings table after every round,
  the CLI's JSON and CSV, the API's pages) was computed without an error;
- a clean error: podium's own error (ValidationError naming file, line and field; a 4xx);
- a crash: any other exception, or a 5xx;
- a hang: over `HANG_SECONDS` (the input is cut off at `CUT_OFF_SECONDS` by an alarm);
- for writes, also: a refused write that changed the database anyway.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import signal
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import podium
from podium.cli import render
from podium.errors import PodiumError
from webkit import copy_subset

HANG_SECONDS = 5.0
CUT_OFF_SECONDS = 20

# Values people and attackers put where a value goes. Each stands for a class of mistakes
# seen in real files or in the hostile-input issue.
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1/0",
    "0/0",
    "nan",
    "NaN",
    ".nan",
    "inf",
    "-.inf",
    "1e999999",
    "9" * 25,
    "9" * 5000,
    "0x1F",
    "²",
    "١٢",
    "1:2x.3",
    "99:99.999",
    "-1:00.000",
    "+1 Lap",
    "2021-02-30",
    "10000-01-01",
    "../../../../etc/passwd",
    "/etc/passwd",
    "/dev/zero",
    "podium:../../x",
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "a;b;;c",
    ";",
    "'",
    '"',
    "null",
    "~",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "*nothing",
    "&anchor x",
    "!!python/object/apply:os.system [id]",
    "!!binary aGk=",
    "\ufeff",
    "\u202e",
    "é" * 300,
    "x" * 10_000,
    "true",
    "yes",
    "dnf",
    "dsq",
    "classified",
    "wat",
]


@dataclass
class Tally:
    """How the inputs of one target ended."""

    tried: int = 0
    accepted: int = 0
    clean_errors: int = 0
    crashes: list[tuple[str, str]] = field(default_factory=list)
    hangs: list[tuple[str, float]] = field(default_factory=list)
    changed_after_failure: list[str] = field(default_factory=list)
    slowest: float = 0.0

    def add(self, other: Tally) -> None:
        self.tried += other.tried
        self.accepted += other.accepted
        self.clean_errors += other.clean_errors
        self.crashes += other.crashes
        self.hangs += other.hangs
        self.changed_after_failure += other.changed_after_failure
        self.slowest = max(self.slowest, other.slowest)

    def summary(self) -> str:
        return (
            f"{self.tried} inputs: {self.accepted} accepted, {self.clean_errors} clean errors, "
            f"{len(self.crashes)} crashes, {len(self.hangs)} hangs over {HANG_SECONDS:g} s, "
            f"{len(self.changed_after_failure)} changed the database after a failure; "
            f"slowest {self.slowest:.2f} s"
        )


class CutOff(Exception):
    """An input ran past CUT_OFF_SECONDS."""


@contextmanager
def cut_off(seconds: int) -> Iterator[None]:
    """Stop the work after `seconds` (main thread, Unix): a hang is counted, not waited for."""

    def stop(signum: int, frame: object) -> None:
        raise CutOff

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class Rejected(Exception):
    """A clean refusal that is not a PodiumError (a 4xx from the API)."""


def run(tally: Tally, label: str, work: Callable[[], None]) -> None:
    tally.tried += 1
    started = time.monotonic()
    try:
        with cut_off(CUT_OFF_SECONDS):
            work()
        tally.accepted += 1
    except (PodiumError, Rejected):
        tally.clean_errors += 1
    except CutOff:
        tally.hangs.append((label, time.monotonic() - started))
        return
    except Exception:
        # Lines cut short: a hostile value quoted whole would hide the frames.
        trace = "\n".join(line[:300] for line in traceback.format_exc(limit=8).splitlines())
        tally.crashes.append((label, trace))
    elapsed = time.monotonic() - started
    tally.slowest = max(tally.slowest, elapsed)
    if elapsed > HANG_SECONDS:
        tally.hangs.append((label, elapsed))


# -- mutations ---------------------------------------------------------------------------------


def mutate_csv(text: str, rng: random.Random) -> tuple[str, str]:
    """One mistake in CSV text; returns the new text and what was done."""
    lines = text.splitlines()
    if not lines:
        return rng.choice(HOSTILE), "replaced the empty file"
    i = rng.randrange(len(lines))
    choice = rng.randrange(10)
    if choice < 5:
        cells = lines[i].split(",")
        j = rng.randrange(len(cells))
        value = rng.choice(HOSTILE)
        cells[j] = f'"{value}"' if ("," in value or rng.random() < 0.2) else value
        lines[i] = ",".join(cells)
        how = f"line {i + 1} cell {j + 1} = {value[:30]!r}"
    elif choice == 5:
        del lines[i]
        how = f"deleted line {i + 1}"
    elif choice == 6:
        lines.insert(i, lines[i])
        how = f"doubled line {i + 1}"
    elif choice == 7:
        lines[i] = lines[i] + "," + rng.choice(HOSTILE)
        how = f"extra cell on line {i + 1}"
    elif choice == 8:
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"cut at byte {cut}"
    else:
        return _flip_bytes(text, rng)
    return "\n".join(lines) + "\n", how


def mutate_yaml(text: str, rng: random.Random) -> tuple[str, str]:
    """One mistake in YAML text; returns the new text and what was done."""
    lines = text.splitlines()
    if not lines:
        return rng.choice(HOSTILE), "replaced the empty file"
    i = rng.randrange(len(lines))
    choice = rng.randrange(10)
    line = lines[i]
    if choice < 5 and ":" in line:
        key, _, _ = line.partition(":")
        value = rng.choice(HOSTILE)
        lines[i] = f"{key}: {value}"
        how = f"line {i + 1} {key.strip()} = {value[:30]!r}"
    elif choice < 5 and line.lstrip().startswith("- "):
        indent = line[: len(line) - len(line.lstrip())]
        value = rng.choice(HOSTILE)
        lines[i] = f"{indent}- {value}"
        how = f"line {i + 1} item = {value[:30]!r}"
    elif choice == 5:
        del lines[i]
        how = f"deleted line {i + 1}"
    elif choice == 6:
        lines.insert(i, lines[i])
        how = f"doubled line {i + 1}"
    elif choice == 7:
        lines[i] = "  " + line if rng.random() < 0.5 else line.lstrip()
        how = f"re-indented line {i + 1}"
    elif choice == 8:
        cut = rng.randrange(len(text) + 1)
        return text[:cut], f"cut at byte {cut}"
    else:
        return _flip_bytes(text, rng)
    return "\n".join(lines) + "\n", how


def _flip_bytes(text: str, rng: random.Random) -> tuple[str, str]:
    data = bytearray(text.encode("utf-8"))
    if not data:
        return "\x00", "a NUL byte"
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data.decode("utf-8", errors="surrogateescape"), "flipped bytes"


def write_mutant(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))


def mutate_file(path: Path, rng: random.Random) -> str:
    original = path.read_text(encoding="utf-8")
    mutate = mutate_yaml if path.suffix in (".yaml", ".yml") else mutate_csv
    text, how = mutate(original, rng)
    write_mutant(path, text)
    return how


# -- what must hold for an accepted season -----------------------------------------------------


def everything_downstream(season: podium.Season) -> None:
    """Every table after every held round, and the CLI's renderings, without an error."""
    for cid in season.rules.classifications:
        tables = [podium.standings(season, cid, after_round=r.number) for r in season.held_rounds()]
        if tables:
            render.standings_json(tables[-1:])
            render.standings_csv(tables[-1:])
    for rnd in season.held_rounds():
        for session in rnd.sessions:
            render.results_csv(season, rnd.number, session)
            json.dumps(render.results_payload(season, rnd.number, session))


# -- targets ----------------------------------------------------------------------------------


def season_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".csv", ".yaml"))


def fuzz_season_folders(work: Path, inputs: int, seed: int) -> Tally:
    """The native season loader (and the rules loader through it) on mutated examples."""
    tally = Tally()
    rng = random.Random(seed)
    folders = []
    for name in podium.examples():
        folder = work / name
        if not folder.exists():
            shutil.copytree(podium.example_path(name), folder)
        folders.append(folder)
    for n in range(inputs):
        folder = rng.choice(folders)
        files = season_files(folder)
        # Rules files are a third of the inputs: they are the densest in meaning.
        rules = [p for p in files if p.name == "rules.yaml"]
        path = rng.choice(rules) if rng.random() < 0.33 else rng.choice(files)
        original = path.read_bytes()
        how = mutate_file(path, rng)
        label = f"#{n} {path.relative_to(work)}: {how}"
        try:
            run(tally, label, lambda f=folder: everything_downstream(podium.load_season(f)))
        finally:
            path.write_bytes(original)
    return tally


F1DB_RACE = "05-great-britain"


def fuzz_f1db(f1db: Path, work: Path, inputs: int, seed: int) -> Tally:
    """The F1DB reader on one mutated race weekend of 1957 (the shared files linked)."""
    from podium.formats.f1db import season as f1db_season
    from podium.formats.f1db.season import SeasonLoader
    from podium.formats.f1db.source import F1DBSource

    tally = Tally()
    rng = random.Random(seed)
    data = work / "data"
    if not data.exists():
        copy_subset(f1db, work, {1957: [F1DB_RACE]})
    empty = work / "no-season-data"
    empty.mkdir(exist_ok=True)
    saved = f1db_season.bundled_overlay_dir
    f1db_season.bundled_overlay_dir = lambda: empty  # type: ignore[assignment]
    files = sorted((data / "seasons").rglob("*.yml"))
    try:
        source = F1DBSource(data)  # shared files are parsed once, as an import would
        for n in range(inputs):
            path = rng.choice(files)
            original = path.read_bytes()
            how = mutate_file(path, rng)
            label = f"#{n} {path.relative_to(data)}: {how}"

            def load() -> None:
                everything_downstream(SeasonLoader(source, None, None).load(1957))

            try:
                run(tally, label, load)
            finally:
                path.write_bytes(original)
    finally:
        f1db_season.bundled_overlay_dir = saved  # type: ignore[assignment]
    return tally


WTCR = "/api/v1/series/wtcr/seasons/2021"


def fingerprint(url: str) -> str:
    """A digest of every row of every table: what a refused write must leave unchanged."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    digest = hashlib.sha256()
    try:
        with engine.connect() as connection:
            for table in sorted(inspect(connection).get_table_names()):
                if table in ("api_tokens", "alembic_version"):
                    continue
                rows = connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()
                for row in sorted(repr(tuple(r)) for r in rows):
                    digest.update(row.encode())
    finally:
        engine.dispose()
    return digest.hexdigest()


def fuzz_writes(client: Any, token: str, url: str, inputs: int, seed: int) -> Tally:
    """The write routes, each body mutated; a refusal must change nothing, 5xx never."""
    tally = Tally()
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    wtcr = podium.example_path("wtcr-2021")
    race = (wtcr / "03" / "race2.csv").read_text(encoding="utf-8")
    decision = (
        "kind: deduction\nround: 3\nclassification: drivers\n"
        "competitor: jean-karl-vernay\npoints: 5\nreason: fuzz\n"
    )
    zipped_example = zipped_folder(wtcr)
    before = fingerprint(url)
    for n in range(inputs):
        what = rng.randrange(3)
        if what == 0:
            body, how = mutate_csv(race, rng)
            request = ("PUT", f"{WTCR}/rounds/3/sessions/race2/results", "text/csv", body)
        elif what == 1:
            body, how = mutate_yaml(decision, rng)
            request = ("POST", f"{WTCR}/decisions", "application/yaml", body)
        else:
            rows = [
                dict(zip(race.splitlines()[0].split(","), line.split(","), strict=False))
                for line in race.splitlines()[1:]
            ]
            row = rng.choice(rows)
            row[rng.choice(list(row))] = rng.choice([*HOSTILE, 10**30, -1, 1.5e308, None, [], {}])
            body, how = json.dumps({"results": rows}), "json cell"
            request = ("PUT", f"{WTCR}/rounds/3/sessions/race2/results", "application/json", body)
        method, path, kind, content = request
        label = f"#{n} {method} {path}: {how}"
        write = _Write(client, method, path, kind, content, {**headers}, url, before)
        run(tally, label, write.send)
        if write.refused_yet_changed:
            tally.changed_after_failure.append(label)
        if write.accepted:  # back to the bundled season, through the API so its caches follow
            restored = client.post(
                "/api/v1/seasons?replace=true",  # discarding the write just made, knowingly
                content=zipped_example,
                headers={**headers, "Content-Type": "application/zip"},
            )
            assert restored.status_code == 201, restored.text
            before = fingerprint(url)
    return tally


@dataclass
class _Write:
    """One write sent: 5xx is a crash, 4xx a clean error that must leave the data alone."""

    client: Any
    method: str
    path: str
    kind: str
    content: str
    headers: dict[str, str]
    url: str
    before: str
    accepted: bool = False
    refused_yet_changed: bool = False

    def send(self) -> None:
        response = self.client.request(
            self.method,
            self.path,
            content=self.content.encode("utf-8", errors="surrogateescape"),
            headers={**self.headers, "Content-Type": self.kind},
        )
        if response.status_code >= 500:
            raise AssertionError(f"{response.status_code}: {response.text[:300]}")
        if response.status_code >= 400:
            self.refused_yet_changed = fingerprint(self.url) != self.before
            raise Rejected(response.status_code)
        self.accepted = True
        # What was accepted must be shown: the engine, the Ergast routes and the pages.
        for page in (
            f"{WTCR}/standings/drivers",
            "/ergast/wtcr/2021/driverStandings.json",
            "/wtcr/2021",
            "/ergast/wtcr/2021/3/results.json",
        ):
            shown = self.client.get(page)
            if shown.status_code >= 500:
                raise AssertionError(f"{page} after the write: {shown.status_code}")


def zipped_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(folder)))
    return buffer.getvalue()
