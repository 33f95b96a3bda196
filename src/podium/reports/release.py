"""The series' own weekend release: the pole, each race's winner, podium and fastest lap,
and the leader of every classification after the round (`series_release`)."""

from __future__ import annotations

from podium.model.calendar import Round
from podium.model.result import Result
from podium.model.season import Season
from podium.model.session import SessionKind
from podium.reports.i18n import Language
from podium.reports.kit import InfoBlock
from podium.reports.memo import memo
from podium.reports.wording import typeset
from podium.standings.table import MARK


def weekend_summary(season: Season, rnd: Round, words: Language) -> tuple[InfoBlock, ...]:
    """Each race's winner, podium and fastest lap, the pole, and the leader of every
    classification after the round."""
    out = []
    for session in rnd.sessions:
        if not session.results:
            continue
        lines = memo(season).amended(rnd.number, session.id)
        placed = sorted((a for a in lines if a.position is not None), key=lambda a: a.position or 0)
        name = words.session_name(session.name)
        shown: list[str] = []
        if session.kind is SessionKind.QUALIFYING and session.segment is None and placed:
            shown.append(
                words.p_("series release", "Pole position: {name}").format(
                    name=_car_name(season, rnd, placed[0].result)
                )
            )
        elif session.kind in (SessionKind.RACE, SessionKind.SPRINT) and placed:
            shown.append(
                words.p_("series release", "Winner: {name}").format(
                    name=_car_name(season, rnd, placed[0].result, with_team=True)
                )
            )
            podium = [
                words.p_("series release, podium place", "{position}. {name}").format(
                    position=a.position, name=_car_name(season, rnd, a.result)
                )
                for a in placed[:3]
            ]
            shown.append(
                words.p_("series release", "Podium: {places}").format(places=", ".join(podium))
            )
            fastest = [a.result for a in lines if a.result.fastest_lap_rank == 1]
            for result in fastest:
                shown.append(
                    words.p_("series release", "Fastest lap: {name}, {time}").format(
                        name=_car_name(season, rnd, result), time=result.fastest_lap or "–"
                    )
                )
        if shown:
            out.append(InfoBlock("session", name, tuple(shown)))
    leaders = []
    for cid in season.rules.classifications:
        table = memo(season).table(cid, rnd.number)
        first = [r for r in table.rows if r.position == 1]
        if not first:
            continue
        rules = season.rules.classification(cid)
        leaders.append(
            words.p_("series release", "{classification}: {names}, {points} p.").format(
                classification=typeset(rules.name),
                names=" / ".join(r.name for r in first),
                points=words.points(first[0].points, first[0].decimals)
                + (MARK if first[0].adjustments else ""),
            )
        )
    if leaders:
        heading = words.p_("series release", "Leaders after round {round}").format(round=rnd.number)
        out.append(InfoBlock("leaders", heading, tuple(leaders)))
    return tuple(out)


def _car_name(season: Season, rnd: Round, result: Result, with_team: bool = False) -> str:
    entry = season.entry_for(result.car, rnd.number)
    drivers = result.drivers or (entry.drivers if entry else ())
    name = " / ".join(season.competitor_name(d) for d in drivers) or f"#{result.car}"
    if with_team and entry and entry.team:
        return f"{name} ({season.competitor_name(entry.team)})"
    return name
