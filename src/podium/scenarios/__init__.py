"""Scenarios: who can still win a classification, who has clinched it, and what each
contender needs next time out, exactly under the rules (bounds, then OR-Tools CP-SAT).

Above standings (it reads the standings engine's tables and the rules), below reports, web
and cli (which word and show its answers). See docs/scenarios.md.
"""

from podium.scenarios.api import ContenderOutlook, Scenarios, scenarios
from podium.scenarios.needs import Condition, Need

__all__ = ["Condition", "ContenderOutlook", "Need", "Scenarios", "scenarios"]
