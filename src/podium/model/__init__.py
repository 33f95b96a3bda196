"""The championship model: who entered, what was run, what happened, what was decided.

Plain frozen dataclasses and nothing else: no I/O, no scoring. Loaders build them, the
standings engine reads them.
"""

from podium.model.calendar import Round, RoundStatus
from podium.model.decision import Decision, DecisionKind
from podium.model.entry import Driver, Entry, Team
from podium.model.result import Result, Status
from podium.model.season import Season, Series
from podium.model.session import Session, SessionEnd, SessionKind, SessionState, SessionStatus

__all__ = [
    "Decision",
    "DecisionKind",
    "Driver",
    "Entry",
    "Result",
    "Round",
    "RoundStatus",
    "Season",
    "Series",
    "Session",
    "SessionEnd",
    "SessionKind",
    "SessionState",
    "SessionStatus",
    "Status",
    "Team",
]
