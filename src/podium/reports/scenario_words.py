"""Scenarios in words: what each contender needs, in any language podium has a catalog for.

podium.scenarios answers with structured conditions; this module words them ("Niamh
Corrigan clinches the Drivers' Championship at Donington Park if she finishes 3rd or better
in both Race 1 and Race 2"), for the CLI, the web pages and press kits. The messages are in
the gettext catalogs (reports/locale) like every other word of a press kit.
"""

from __future__ import annotations

from collections.abc import Sequence

from podium.reports.i18n import Language, language
from podium.scenarios import Condition, Need, Scenarios


def _sessions(lang: Language, names: Sequence[str], every: bool) -> str:
    """`Race 1`; `both Race 1 and Race 2` / `either Race 1 or Race 2`; `each of ...`."""
    p_ = lang.p_
    shown = [lang.session_name(n) for n in names]
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2:
        if every:
            return p_("scenarios", "both {first} and {second}").format(
                first=shown[0], second=shown[1]
            )
        return p_("scenarios", "either {first} or {second}").format(first=shown[0], second=shown[1])
    listed = ", ".join(shown)
    if every:
        return p_("scenarios", "each of {sessions}").format(sessions=listed)
    return p_("scenarios", "any of {sessions}").format(sessions=listed)


def condition_text(lang: Language, condition: Condition) -> str:
    """`X finishes 3rd or better in both Race 1 and Race 2`, `Y does not win Race 1`."""
    p_ = lang.p_
    if condition.within:
        where = _sessions(lang, condition.session_names, every=True)
        if condition.place == 1:
            return p_("scenarios", "{name} wins {sessions}").format(
                name=condition.name, sessions=where
            )
        return p_("scenarios", "{name} finishes {place} or better in {sessions}").format(
            name=condition.name, place=lang.ordinal(condition.place), sessions=where
        )
    where = _sessions(lang, condition.session_names, every=False)
    if condition.place == 1:
        return p_("scenarios", "{name} does not win {sessions}").format(
            name=condition.name, sessions=where
        )
    return p_("scenarios", "{name} does not finish in the top {n} of {sessions}").format(
        name=condition.name, n=condition.place, sessions=where
    )


def _all(lang: Language, parts: Sequence[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = lang.p_("scenarios", "{first} and {second}").format(first=text, second=part)
    return text


def need_text(lang: Language, need: Need, title: str) -> str:
    """One sentence: who reaches what at which round, and on what conditions."""
    p_ = lang.p_
    if need.whatever:
        return p_("scenarios", "{name} clinches the {title} at {round} whatever happens.").format(
            name=need.name, title=title, round=need.round_name
        )
    options = [_all(lang, [condition_text(lang, c) for c in option]) for option in need.options]
    text = options[0]
    for option in options[1:]:
        text = p_("scenarios", "{first}, or if {second}").format(first=text, second=option)
    if need.goal == "clinch":
        message = p_("scenarios", "{name} clinches the {title} at {round} if {conditions}.")
    else:
        message = p_("scenarios", "{name} stays in contention at {round} if {conditions}.")
    return message.format(name=need.name, title=title, round=need.round_name, conditions=text)


def needs_text(result: Scenarios, code: str = "en") -> list[str]:
    """Every need of a scenarios answer, worded in language `code`."""
    lang = language(code)
    return [need_text(lang, n, result.classification_name) for n in result.needs]


def contention_text(result: Scenarios, code: str = "en") -> str:
    """The headline: who has clinched, or who can still win."""
    lang = language(code)
    p_ = lang.p_
    if result.clinched_by is not None:
        name = result.contender(result.clinched_by).name
        return p_("scenarios", "{name} has clinched the {title}.").format(
            name=name, title=result.classification_name
        )
    alive = [c.name for c in result.standings if c.can_win]
    open_ = [c.name for c in result.standings if c.can_win is None]
    text = p_("scenarios", "Still in contention for the {title}: {names}.").format(
        title=result.classification_name, names=", ".join(alive)
    )
    if open_:
        text += " " + p_("scenarios", "Not settled by the solver in time: {names}.").format(
            names=", ".join(open_)
        )
    return text


def press_kit_block(result: Scenarios, code: str = "en") -> list[str]:
    """For a press kit (issue 14's optional block): the headline, then every need."""
    return [contention_text(result, code), *needs_text(result, code)]
