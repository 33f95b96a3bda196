"""Writing several files of a season folder all or nothing.

A command that adds a round's results writes session CSVs, perhaps entries.csv and
drivers.csv, and season.yaml (the round is held now). Half of that written would be a
season that no longer validates, so every file is first written beside its target as a
temporary file, then each is renamed over its target; if a rename fails, the targets already
replaced are put back as they were. A rename is atomic on one file system, so a reader sees
each file either old or new.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from podium.errors import Problem, ValidationError


def write_all(files: Mapping[Path, str]) -> None:
    """Write every file (UTF-8 text), or none of them; folders are made as needed (and
    removed again if nothing was written)."""
    made: list[Path] = []
    staged: dict[Path, Path] = {}
    try:
        for target in files:
            for parent in reversed(target.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
        for target, text in files.items():
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temp = Path(name)
            staged[target] = temp
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            if target.exists():
                os.chmod(temp, target.stat().st_mode & 0o777)
            else:
                os.chmod(temp, 0o644)
    except OSError as exc:
        _discard(staged.values(), made)
        raise ValidationError(
            [Problem(str(exc.filename or "-"), None, "-", f"not written: {exc.strerror}")]
        ) from None
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for target, temp in staged.items():
            if target.exists():
                backup = target.with_name(f".{target.name}.podium-old")
                shutil.copy2(target, backup)  # put back if a later rename fails
                backups[target] = backup
            os.replace(temp, target)
            done.append(target)
    except OSError as exc:
        for target in done:
            if target in backups:
                os.replace(backups[target], target)
            else:
                target.unlink(missing_ok=True)
        _discard([t for p, t in staged.items() if p not in done], made)
        raise ValidationError(
            [
                Problem(
                    str(exc.filename or "-"),
                    None,
                    "-",
                    f"not written: {exc.strerror}; nothing was changed",
                )
            ]
        ) from None
    finally:
        for backup in backups.values():
            with contextlib.suppress(OSError):
                backup.unlink(missing_ok=True)


def _discard(temps: Any, made: list[Path]) -> None:
    for temp in temps:
        with contextlib.suppress(OSError):
            Path(temp).unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def mark_held(text: str, item: Any) -> str:
    """season.yaml's text with one round's `status` made `held`, everything else (comments
    above all) as it was. `item`: the round's mapping as loaded (it knows its lines)."""
    lines = text.splitlines(keepends=True)
    where = getattr(item, "where", {})
    if "status" in where:
        index = where["status"][1] - 1
        lines[index] = re.sub(
            r"(status\s*:\s*)[\"']?[a-z]+[\"']?", r"\1held", lines[index], count=1
        )
        return "".join(lines)
    index = where["round"][1] - 1
    line = lines[index]
    match = re.search(r"round\s*:\s*[0-9]+", line)
    if match is None:
        return text
    if "{" in line[: match.start()]:
        lines[index] = line[: match.end()] + ", status: held" + line[match.end() :]
    else:
        end = "\r\n" if line.endswith("\r\n") else "\n"
        lines.insert(index + 1, " " * match.start() + "status: held" + end)
    return "".join(lines)
