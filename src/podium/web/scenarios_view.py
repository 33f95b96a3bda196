"""Scenarios for the web: the API's payload and the season page's "still in contention".

The solver's time is bounded here (a request never waits longer than `MAX_TIME_LIMIT`
seconds on it); what it cannot settle in time is undecided (null), as everywhere else.
"""

from __future__ import annotations

from typing import Any

import podium
from podium.model.season import Season
from podium.reports.scenario_words import contention_text, needs_text
from podium.scenarios import Scenarios

MAX_TIME_LIMIT = 10.0  # seconds: the most a request may ask the solver for
PAGE_TIME_LIMIT = 3.0  # the season page's section: a page must come quickly


def scenarios_payload(
    season: Season,
    classification: str,
    after: int | None,
    after_session: str | None = None,
    time_limit: float = MAX_TIME_LIMIT,
    language: str = "en",
) -> dict[str, Any]:
    """As `podium scenarios -f json`: each need with its `text`, and a `summary`."""
    result = podium.scenarios(
        season,
        classification,
        after_round=after,
        after_session=after_session,
        time_limit=min(time_limit, MAX_TIME_LIMIT),
    )
    return worded(result, language)


def worded(result: Scenarios, language: str = "en") -> dict[str, Any]:
    payload = result.as_dict()
    for need, text in zip(payload["needs"], needs_text(result, language), strict=True):
        need["text"] = text
    payload["summary"] = contention_text(result, language)
    return payload


def contention(season: Season, after: int | None) -> list[dict[str, Any]]:
    """The season page's "still in contention": per classification with rounds left after
    round `after`, who can still win (or who has clinched) and the most each can reach.
    Bounds only, no needs and no worst places: a page must come quickly."""
    if not after or not any(r.number > after and r.on_calendar(None) for r in season.rounds):
        return []  # every round run: nothing is in contention any more
    out = []
    for name in season.rules.classifications:
        result = podium.scenarios(
            season, name, after_round=after, time_limit=PAGE_TIME_LIMIT, needs=False, worst=False
        )
        if result.rounds_left == 0:
            continue
        shown = worded(result)
        shown["standings"] = [
            row
            for row in shown["standings"]
            if row["can_win"] is not False or row["id"] == result.clinched_by
        ]
        out.append(shown)
    return out
