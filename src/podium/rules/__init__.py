"""Rules as data: what scores, who is eligible, how ties and drops are settled."""

from podium.rules.loader import load_rules, parse_rules
from podium.rules.model import (
    Bonus,
    CarsRule,
    ClassificationRules,
    DropBlock,
    DropRule,
    Eligibility,
    Override,
    Rules,
    ScoringItem,
    SessionSelector,
    ShortenedPolicy,
    TieStep,
)

__all__ = [
    "Bonus",
    "CarsRule",
    "ClassificationRules",
    "DropBlock",
    "DropRule",
    "Eligibility",
    "Override",
    "Rules",
    "ScoringItem",
    "SessionSelector",
    "ShortenedPolicy",
    "TieStep",
    "load_rules",
    "parse_rules",
]
