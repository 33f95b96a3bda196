"""How the data is worded in a release: names set for print, results in the kit's language."""

from __future__ import annotations

import re

from podium.model.result import Result, Status
from podium.reports.i18n import SOURCE_LANGUAGE, Language
from podium.standings import AmendedResult, amendment_text


def typeset(name: str) -> str:
    """A spaced hyphen used as a dash becomes an en dash: "WTCR – FIA World Touring Car Cup"."""
    return re.sub(r"(?<=\S) - (?=\S)", " – ", name)


def moved(line: AmendedResult) -> bool:
    """A decision against this car changed its place."""
    return bool(line.decisions) and line.original_position != line.position


def result_words(result: Result | None, words: Language, line: AmendedResult | None = None) -> str:
    """21st place, Retired (DNF), Did not start (DNS), ...; an amended line also says where
    the car crossed the line: 5th place (crossed the line 3rd, penalised)."""
    if result is None:
        return words.p_("result", "Did not take part")
    english = words.code == SOURCE_LANGUAGE
    if line is not None and english and not line.struck and (said := amendment_text(line)):
        # English says it as every other output does (podium.standings.amendment_text):
        # "Crossed the line 1st, 2nd after a 5 s time penalty (track limits)"; a car struck
        # out reads as every status does, "Disqualified (DSQ), crossed the line 1st".
        return said[:1].upper() + said[1:]
    crossed = line.original_position if line is not None and moved(line) else None
    if result.classified and result.position is not None:
        place = words.ordinal(result.position)
        if crossed is not None:
            return words.p_(
                "result, amended", "{ordinal} place (crossed the line {crossed}, penalised)"
            ).format(ordinal=place, crossed=words.ordinal(crossed))
        return words.p_("result", "{ordinal} place").format(ordinal=place)
    status = result.status
    if status is Status.DSQ and crossed is not None:
        return words.p_("result, amended", "Disqualified (DSQ), crossed the line {crossed}").format(
            crossed=words.ordinal(crossed)
        )
    return status_words(status, words)


def status_words(status: Status, words: Language) -> str:
    if status is Status.DNF:
        return words.p_("result", "Retired (DNF)")
    if status is Status.DNS:
        return words.p_("result", "Did not start (DNS)")
    if status is Status.DSQ:
        return words.p_("result", "Disqualified (DSQ)")
    if status is Status.NOT_CLASSIFIED:
        return words.p_("result", "Not classified (NC)")
    if status is Status.DNQ:
        return words.p_("result", "Did not qualify (DNQ)")
    if status is Status.DNPQ:
        return words.p_("result", "Did not pre-qualify (DNPQ)")
    if status is Status.EXCLUDED:
        return words.p_("result", "Excluded (EX)")
    return words.p_("result", "Not classified (NC)")  # classified without a position
