"""A season as it was official at a moment: what a press officer's release was built on.

`as_of(season, moment)` keeps the classifications published by then and the decisions in
effect by then (`podium.model.decision.in_force`: a reinstatement later than the moment
has not yet voided anything). A session whose `published` is later than the moment had no
classification yet; a held round none of whose classifications was out yet is, at that
moment, still to be run. What carries no date (a session without `published`, a decision
without `date`) always counts: podium cannot tell it was not yet known.

Pure: a new Season, the given one untouched.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from podium.model.calendar import Round, RoundStatus
from podium.model.decision import in_force
from podium.model.season import Season
from podium.model.session import Session


def as_of(season: Season, moment: datetime) -> Season:
    """`season` with only what was published and in effect by `moment`."""
    return replace(
        season,
        rounds=tuple(_round_as_of(r, moment) for r in season.rounds),
        decisions=in_force(season.decisions, moment),
    )


def _round_as_of(rnd: Round, moment: datetime) -> Round:
    sessions = tuple(_session_as_of(s, moment) for s in rnd.sessions)
    if sessions == rnd.sessions:
        return rnd
    had = any(s.results for s in rnd.sessions)
    has = any(s.results for s in sessions)
    status = RoundStatus.SCHEDULED if rnd.status is RoundStatus.HELD and had and not has else (
        rnd.status
    )
    return replace(rnd, sessions=sessions, status=status)


def _session_as_of(session: Session, moment: datetime) -> Session:
    published = session.published
    if published is None or not session.results:
        return session
    if (published.tzinfo is None) != (moment.tzinfo is None):
        published, moment = published.replace(tzinfo=None), moment.replace(tzinfo=None)
    return session if published <= moment else replace(session, results=())
