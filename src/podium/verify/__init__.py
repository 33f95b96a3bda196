"""Checking podium's standings against a published record (F1DB for Formula 1)."""

from podium.verify.f1db import (
    KnownError,
    PointsCheck,
    PointsDiff,
    RowDiff,
    SeasonSummary,
    TableCheck,
    Tally,
    VerifyReport,
    known_errors_with,
    load_known_errors,
    verify_f1db,
)

__all__ = [
    "KnownError",
    "PointsCheck",
    "PointsDiff",
    "RowDiff",
    "SeasonSummary",
    "TableCheck",
    "Tally",
    "VerifyReport",
    "known_errors_with",
    "load_known_errors",
    "verify_f1db",
]
