"""`--db` end to end: reads never create a database, a path is a SQLite file, a URL podium
cannot use is one line (exit 2), and what is not found names the database it was looked in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import podium
from podium.errors import NotFound
from podium.storage import BadDatabaseURL, Database, database_url

EXAMPLE = str(podium.example_path("club-2025"))


def run(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podium", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", **env},
        check=False,
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding club/2025, made by `import season` given a plain path."""
    folder = tmp_path_factory.mktemp("db")
    done = run("import", "season", EXAMPLE, "--db", "./club.sqlite3", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "club.sqlite3").is_file()
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["standings", "club/2025"],
        ["results", "club/2025", "--round", "1"],
        ["seasons"],
        ["press-kit", "club/2025", "--round", "1", "--entry", "1"],
        ["serve", "--port", "0"],
    ],
)
@pytest.mark.parametrize("given", ["sqlite:///typo.sqlite3", "typo.sqlite3"])
def test_a_read_of_a_missing_sqlite_file_says_so_and_creates_nothing(
    tmp_path: Path, command: list[str], given: str
) -> None:
    done = run(*command, "--db", given, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert done.stderr.strip() == (
        "not found: no database sqlite:///typo.sqlite3: there is no file typo.sqlite3 "
        "(podium import and podium token create make one; nothing else does)"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_read_through_the_environment_variable_creates_nothing(tmp_path: Path) -> None:
    done = run("seasons", cwd=tmp_path, PODIUM_DATABASE_URL="sqlite:///gone.sqlite3")
    assert done.returncode == 3 and "no database sqlite:///gone.sqlite3" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_token_create_makes_the_file(tmp_path: Path) -> None:
    done = run("token", "create", "--db", "tokens.sqlite3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "tokens.sqlite3").is_file()


def test_a_plain_path_is_a_sqlite_file(imported: Path) -> None:
    for given in ("club.sqlite3", "./club.sqlite3", str(imported / "club.sqlite3")):
        done = run("seasons", "--db", given, cwd=imported)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("club/2025 ")


def test_not_found_names_the_database(imported: Path) -> None:
    done = run("standings", "club/2030", "--db", "club.sqlite3", cwd=imported)
    assert done.returncode == 3
    assert done.stderr.strip() == (
        "not found: no season club/2030 in sqlite:///club.sqlite3 (club seasons: 2025)"
    )
    done = run("standings", "wtcr/2021", "--db", "club.sqlite3", cwd=imported)
    assert "no season wtcr/2021 in sqlite:///club.sqlite3 (no wtcr season at all)" in done.stderr
    done = run("results", "club/2025", "--round", "9", "--db", "club.sqlite3", cwd=imported)
    assert done.returncode == 3
    assert done.stderr.strip() == "not found: club/2025 has no round 9 (in sqlite:///club.sqlite3)"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "foo://",
            "error: foo://: podium cannot store seasons in 'foo'; it uses SQLite or PostgreSQL",
        ),
        (
            "mysql://me:secret@host/podium",
            "error: mysql://me:***@host/podium: podium cannot store seasons in 'mysql'",
        ),
        ("postgresql://", "error: postgresql://: name the database, e.g. postgresql://"),
        ("postgresql://localhost", "error: postgresql://localhost: name the database"),
        ("://nothing", "error: '://nothing' is not a database URL"),
    ],
)
def test_a_url_podium_cannot_use_is_one_line_and_exit_2(
    tmp_path: Path, given: str, message: str
) -> None:
    for command in (["seasons"], ["import", "season", EXAMPLE]):
        done = run(*command, "--db", given, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(message), done.stderr
        assert len(done.stderr.strip().splitlines()) == 1  # no traceback
        assert "secret" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_postgresql_is_a_database_failure(tmp_path: Path) -> None:
    done = run("seasons", "--db", "postgresql://me@nohost.invalid/podium", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.startswith("error: cannot open the database postgresql://me@nohost.invalid")


# -- the library beneath -------------------------------------------------------------------


def test_database_url_reads_paths_as_sqlite_files() -> None:
    assert database_url("x.sqlite3") == "sqlite:///x.sqlite3"
    assert database_url("/data/my seasons.sqlite3") == "sqlite:////data/my seasons.sqlite3"
    assert database_url("postgresql://u@h/db") == "postgresql://u@h/db"
    with pytest.raises(BadDatabaseURL):
        database_url("oracle://u@h/db")


def test_database_create_false_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    with pytest.raises(NotFound, match="no database"):
        Database(str(path), create=False)
    assert not path.exists()
    with Database(str(path)) as db:  # an import may create it
        assert db.seasons() == []
    with Database(f"sqlite:///{path}", create=False) as db:
        assert db.seasons() == []
    with Database("sqlite://", create=False) as db:  # in memory: nothing to be missing
        assert db.seasons() == []
