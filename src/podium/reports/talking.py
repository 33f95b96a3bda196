"""Talking points: the facts of each entry a writer may want (podium.reports.facts), worded in
the kit's language and printed after the release (`press_kit(..., talking_points=True)`,
`podium press-kit --talking-points`)."""

from __future__ import annotations

from collections.abc import Mapping

from podium.reports.facts import Facts
from podium.reports.i18n import Language
from podium.reports.kit import InfoBlock
from podium.reports.wording import typeset


def _ordinal(value: object, words: Language) -> str:
    """17 -> 17th; "" for a fact that is not a place."""
    return words.ordinal(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def talking_points_of(facts: Mapping[str, object], words: Language) -> list[InfoBlock]:
    """The facts of each entry a writer may want, worded in the kit's language."""
    out = []
    listed = facts.get("entries")
    for found in listed if isinstance(listed, list) else []:
        assert isinstance(found, Facts)
        lines = []
        for key in found.names():
            session = found.get(key)
            if not isinstance(session, Facts) or session.get("result") is None:
                continue
            name = session.get("name")
            gap, change = session.get("gap_to_fastest"), session.get("gap_change")
            if gap is not None:
                text = words.p_("talking point", "{session}: {gap} to the fastest").format(
                    session=name, gap=gap
                )
                if change is not None:
                    text += words.p_("talking point", " ({change} than in the last round)").format(
                        change=change
                    )
                lines.append(text)
            gained = session.get("places_gained")
            if isinstance(gained, int) and session.get("grid") is not None:
                lines.append(
                    words.p_(
                        "talking point", "{session}: from {grid} on the grid to {place}"
                    ).format(
                        session=name,
                        grid=_ordinal(session.get("grid"), words),
                        place=_ordinal(session.get("place"), words),
                    )
                )
        best = found.get("best")
        if best is not None:
            lines.append(
                words.p_("talking point", "Best result of the season so far: {best}").format(
                    best=best
                )
            )
        standings = found.get("standings")
        weekend = found.get("points_in")
        assert isinstance(standings, Facts) and isinstance(weekend, Facts)
        for cid in standings.names():
            standing = standings.get(cid)
            assert isinstance(standing, Facts)
            movement = standing.get("movement")
            text = words.p_(
                "talking point",
                "{classification}: {place} with {points} p. ({weekend} this weekend)",
            ).format(
                classification=typeset(str(standing.get("name"))),
                place=_ordinal(standing.get("place"), words) or str(standing),
                points=standing.get("points"),
                weekend=weekend.get(cid),
            )
            if movement is not None:
                text += f", {movement}"
            lines.append(text)
        team, car = found.get("team"), found.get("car")
        if team is not None and car is not None:
            lines.append(
                words.p_("talking point", "Team: {team}, car: {car}").format(team=team, car=car)
            )
        mate = found.get("team_mate")
        if isinstance(mate, Facts):
            mate_standings = mate.get("standings")
            assert isinstance(mate_standings, Facts)
            main = next(iter(mate_standings.names()), None)
            row = mate_standings.get(main) if main else None
            if isinstance(row, Facts) and row.get("place") is not None:
                lines.append(
                    words.p_(
                        "talking point", "Team-mate: {name}, {place} in the {classification}"
                    ).format(
                        name=mate.get("name"),
                        place=_ordinal(row.get("place"), words),
                        classification=typeset(str(row.get("name"))),
                    )
                )
        heading = words.p_("talking points heading", "Talking points: {name}").format(
            name=found.get("name")
        )
        out.append(InfoBlock("talking points", heading, tuple(lines)))
    return out
