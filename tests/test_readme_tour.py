"""The README's tour, run as written and in order, as a new user in a fresh clone would.

Every `$ ` line of the README's code blocks runs in one folder that holds the repository's
`src/` (the tour copies the bundled example from there) and has F1DB's `shared/` beside it,
with a home folder of its own (so the default database starts absent). Where the README shows
what a command prints, the output must be that; `podium serve` is started for the `curl`
that follows it.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from webkit import f1db_path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def tour() -> list[tuple[str, list[str]]]:
    """Each `$ command` of the README with the lines shown after it (up to the next `$`)."""
    steps: list[tuple[str, list[str]]] = []
    in_block = False
    attach = False  # lines belong to a command only within the block that shows it
    pending = ""
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = not in_block
            attach = False
            continue
        if not in_block:
            continue
        if pending:
            pending += " " + line.strip().rstrip("\\").strip()
            if not line.endswith("\\"):
                steps.append((pending, []))
                pending = ""
            continue
        if line.startswith("$ "):
            attach = True
            command = line[2:].rstrip("\\").strip()
            if line.endswith("\\"):
                pending = command
            else:
                steps.append((command, []))
        elif steps and attach:
            steps[-1][1].append(line)
    return steps


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    f1db = f1db_path()
    if f1db is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no F1DB beside the project: the tour's F1 commands need it")
        pytest.skip("no F1DB beside the project")
    work = tmp_path / "clone"
    work.mkdir()
    (work / "src").symlink_to(ROOT / "src", target_is_directory=True)
    # The tour's timing-provider files are the tests' own (tests/data/alkamel/).
    (work / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "f1db").symlink_to(f1db.parent, target_is_directory=True)
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("PODIUM_DATABASE_URL", None)
    env["COLUMNS"] = "80"  # the width the README's tables were printed at
    podium = [sys.executable, "-m", "podium"]
    server: subprocess.Popen[bytes] | None = None
    port = free_port()
    ran: list[str] = []
    # The README's first command, less its install: the demo fills ./podium-demo/.
    demo = subprocess.run([*podium, "demo"], cwd=work, env=env, capture_output=True, check=False)
    assert demo.returncode == 0, demo.stderr[-500:]
    try:
        steps = tour()
        for index, (command, shown) in enumerate(steps):
            if command == "echo $?":
                continue
            # A command the README follows with `$ echo $?` exits with the code shown there.
            after = steps[index + 1] if index + 1 < len(steps) else ("", [])
            expected_code = int(after[1][0]) if after[0] == "echo $?" and after[1] else 0
            if command.startswith("curl "):
                assert server is not None, "curl before podium serve"
                url = re.sub(r"127\.0\.0\.1:8000", f"127.0.0.1:{port}", shlex.split(command)[-1])
                body = ""
                for _ in range(100):
                    try:
                        body = httpx.get(url, timeout=5).text
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                assert '"points":"82"' in body.replace(" ", ""), body[:300]
                ran.append(command)
                continue
            argv = shlex.split(command)
            if argv[0] == "podium":
                argv = [*podium, *argv[1:]]
            if argv[len(podium) : len(podium) + 1] == ["serve"]:
                argv = [a if a != "8000" else str(port) for a in argv]
                server = subprocess.Popen(argv, cwd=work, env=env)
                ran.append(command)
                continue
            done = subprocess.run(
                argv, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False
            )
            assert done.returncode == expected_code, (
                command,
                done.stdout[-500:],
                done.stderr[-500:],
            )
            printed = (done.stdout + done.stderr).splitlines()
            for line in shown:
                if line.strip() in ("", "...") or line.lstrip().startswith(("...", "{", '"')):
                    continue  # excerpts: "..." stands for lines left out
                # Every line the README shows is printed as shown.
                assert line.rstrip() in [p.rstrip() for p in printed], (command, line, printed)
            ran.append(command)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    assert any("validate wtcr-broken" in c for c in ran)
    assert any("add results" in c for c in ran) and any("scenarios" in c for c in ran)
    assert any("press-kit" in c for c in ran) and any(c.startswith("curl") for c in ran)
    assert list((work / "kits").rglob("press-kit.docx"))
