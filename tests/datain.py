"""Helpers of the data-in tests (podium new season, podium add results, the readers)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from podium.cli import main

DATA = Path(__file__).parent / "data"
ALKAMEL = DATA / "alkamel"


def podium(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the podium command in this process: (exit code, stdout, stderr)."""
    argv = sys.argv
    sys.argv = ["podium", *(str(a) for a in args)]
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = argv
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) with a digest of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
