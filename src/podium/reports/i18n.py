"""A language's words, numbers and dates: gettext catalogs for the words, Babel for the rest.

English is the source language: every message below is written in English and a language is
a catalog `locale/<code>/LC_MESSAGES/podium.po` (compiled to `podium.mo` beside it) that
translates them. Babel supplies what CLDR knows for every language: which ordinal form a
number takes (`one`, `two`, `few`, `other`, ...), month names, country names and durations.
The shape of each ordinal form ("{n}st", "{n}:a") is a message, so a new language needs a
catalog and no code. See docs/press-kit.md, "Adding a language".
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Mapping
from datetime import date, timedelta
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_timedelta, get_month_names
from babel.numbers import get_decimal_symbol

from podium.errors import NotFound
from podium.model.terms import Noun, Terms, Words
from podium.standings import format_points

DOMAIN = "podium"
SOURCE_LANGUAGE = "en"
_ORDINAL_WORDS = 20  # "first" to "twentieth" are words; later rounds are "21st", "22nd"


def locale_dir() -> Path:
    """The folder holding one `<code>/LC_MESSAGES/podium.mo` per language."""
    return Path(str(resources.files("podium.reports").joinpath("locale")))


def languages() -> list[str]:
    """Codes of the languages a press kit can be written in: English and every catalog."""
    root = locale_dir()
    found = {
        p.name
        for p in root.iterdir()
        if p.is_dir() and (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    }
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]


@cache
def language(code: str) -> Language:
    """The language `code` (`en`, `sv`); NotFound when podium has no catalog for it."""
    known = languages()
    if code not in known:
        raise NotFound(f"no language {code!r} (available: {', '.join(known)})")
    return Language(code)


class Language:
    """Words (from the catalog) and numbers, dates and places (from Babel) of one language."""

    def __init__(self, code: str) -> None:
        self.code = code
        try:
            self.locale = Locale.parse(code)
        except (ValueError, UnknownLocaleError) as exc:
            raise NotFound(f"no language {code!r}: {exc}") from None
        self.translations: gettext.NullTranslations
        if code == SOURCE_LANGUAGE:
            self.translations = gettext.NullTranslations()
        else:
            self.translations = gettext.translation(DOMAIN, locale_dir(), languages=[code])
        _, p_ = self._, self.p_
        # The shape of each CLDR ordinal form. English has one, two, few and other; the
        # remaining forms are here so that a language that uses them can translate them.
        self._ordinal_forms = {
            "zero": p_("ordinal form zero", "{n}th"),
            "one": p_("ordinal form one", "{n}st"),
            "two": p_("ordinal form two", "{n}nd"),
            "few": p_("ordinal form few", "{n}rd"),
            "many": p_("ordinal form many", "{n}th"),
            "other": p_("ordinal form other", "{n}th"),
        }
        self._ordinal_words = (
            p_("ordinal word", "first"),
            p_("ordinal word", "second"),
            p_("ordinal word", "third"),
            p_("ordinal word", "fourth"),
            p_("ordinal word", "fifth"),
            p_("ordinal word", "sixth"),
            p_("ordinal word", "seventh"),
            p_("ordinal word", "eighth"),
            p_("ordinal word", "ninth"),
            p_("ordinal word", "tenth"),
            p_("ordinal word", "eleventh"),
            p_("ordinal word", "twelfth"),
            p_("ordinal word", "thirteenth"),
            p_("ordinal word", "fourteenth"),
            p_("ordinal word", "fifteenth"),
            p_("ordinal word", "sixteenth"),
            p_("ordinal word", "seventeenth"),
            p_("ordinal word", "eighteenth"),
            p_("ordinal word", "nineteenth"),
            p_("ordinal word", "twentieth"),
        )
        assert len(self._ordinal_words) == _ORDINAL_WORDS
        # Words of session names that a catalog may translate ("Free Practice 1" is looked
        # up whole, then as "Free Practice" + " 1"); names it does not know stay as given.
        self._session_words = (
            p_("session", "Free Practice"),
            p_("session", "Practice"),
            p_("session", "Qualifying"),
            p_("session", "Sprint Qualifying"),
            p_("session", "Sprint Shootout"),
            p_("session", "Shootout"),
            p_("session", "Superpole"),
            p_("session", "Warm-up"),
            p_("session", "Sprint"),
            p_("session", "Sprint Race"),
            p_("session", "Feature Race"),
            p_("session", "Race"),
        )
        # The series' own words (`terms:` in season.yaml): every term of podium.model.terms,
        # one and many. Written out, not looked up, so that extraction puts each in the
        # catalog template; tests/test_terms.py checks that none is missing.
        self._terms: dict[tuple[str, str], Noun] = {
            ("competitor", "driver"): Noun(
                p_("competitor term, one", "driver"), p_("competitor term, many", "drivers")
            ),
            ("competitor", "rider"): Noun(
                p_("competitor term, one", "rider"), p_("competitor term, many", "riders")
            ),
            ("vehicle", "car"): Noun(
                p_("vehicle term, one", "car"), p_("vehicle term, many", "cars")
            ),
            ("vehicle", "bike"): Noun(
                p_("vehicle term, one", "bike"), p_("vehicle term, many", "bikes")
            ),
            ("vehicle", "kart"): Noun(
                p_("vehicle term, one", "kart"), p_("vehicle term, many", "karts")
            ),
            ("vehicle", "boat"): Noun(
                p_("vehicle term, one", "boat"), p_("vehicle term, many", "boats")
            ),
        }
        endings = p_("possessive: name endings that take the short form", "s")
        self._short_possessive = tuple(e.casefold() for e in endings.split())

    # -- catalog -------------------------------------------------------------------------

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def n_(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def p_(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    # -- the series' words ---------------------------------------------------------------

    def noun(self, kind: str, term: str) -> Noun:
        """A term of podium.model.terms in this language: ("vehicle", "bike") -> motorcykel."""
        return self._terms[kind, term]

    def words(self, terms: Terms) -> Words:
        """A season's terms in this language."""
        return Words(self.noun("competitor", terms.competitor), self.noun("vehicle", terms.vehicle))

    # -- numbers ---------------------------------------------------------------------------

    def ordinal(self, n: int) -> str:
        """21st, 22nd (en); 21:a, 17:e (sv)."""
        form = self.locale.ordinal_form(n)
        pattern = self._ordinal_forms.get(form, self._ordinal_forms["other"])
        return pattern.format(n=n)

    def ordinal_word(self, n: int) -> str:
        """fourth (en), fjärde (sv); past the twentieth, the ordinal in figures."""
        if 1 <= n <= _ORDINAL_WORDS:
            return self._ordinal_words[n - 1]
        return self.ordinal(n)

    def points(self, value: Fraction, decimals: int) -> str:
        """Points as shown, rounded only here, with the language's decimal sign: 0.5, 0,5."""
        text = format_points(value, decimals)
        return text.replace(".", get_decimal_symbol(self.locale))

    # -- names -----------------------------------------------------------------------------

    def possessive(self, name: str) -> str:
        """Andreas’, Jessica’s (en); Andreas, Jessicas (sv)."""
        if name.casefold().endswith(self._short_possessive):
            return self.p_("possessive, short form", "{name}’").format(name=name)
        return self.p_("possessive", "{name}’s").format(name=name)

    def session_name(self, name: str) -> str:
        """A session's name from the season data, in this language where the catalog has it."""
        whole = self.p_("session", name)
        if whole != name or self.code == SOURCE_LANGUAGE:
            return whole
        match = re.fullmatch(r"(.*\S)(\s+\d+)", name)
        if match is None:
            return name
        return self.p_("session", match[1]) + match[2]

    def country(self, code: str | None) -> str | None:
        """A country's name from its ISO 3166 code (alpha-2 or alpha-3): Italy, Italien."""
        if not code:
            return None
        key = code.upper()
        if len(key) == 3:
            aliases: Mapping[str, list[str]] = get_global("territory_aliases")
            replacement = aliases.get(key)
            if replacement:
                key = replacement[0]
        name = self.locale.territories.get(key)
        return str(name) if name else code

    # -- dates -----------------------------------------------------------------------------

    def month(self, day: date) -> str:
        return str(get_month_names("wide", "format", self.locale)[day.month])

    def date_range(self, start: date | None, end: date | None) -> str | None:
        """July 30th- August 1st, July 9th-11th (en); 30 juli–1 augusti, 9–11 juli (sv)."""
        first = start or end
        last = end or start
        if first is None or last is None:
            return None
        if first == last:
            return self.p_("date", "{month} {day_ordinal}").format(
                month=self.month(first), day=first.day, day_ordinal=self.ordinal(first.day)
            )
        if (first.year, first.month) == (last.year, last.month):
            pattern = self.p_("date range in one month", "{month} {start_ordinal}-{end_ordinal}")
            return pattern.format(
                month=self.month(first),
                start=first.day,
                end=last.day,
                start_ordinal=self.ordinal(first.day),
                end_ordinal=self.ordinal(last.day),
            )
        pattern = self.p_(
            "date range over two months",
            "{start_month} {start_ordinal}- {end_month} {end_ordinal}",
        )
        return pattern.format(
            start_month=self.month(first),
            end_month=self.month(last),
            start=first.day,
            end=last.day,
            start_ordinal=self.ordinal(first.day),
            end_ordinal=self.ordinal(last.day),
        )

    def time_until(self, days: int) -> str:
        """in 2 weeks, in about 3 weeks (en); om 2 veckor, om cirka 3 veckor (sv)."""
        if days <= 0:
            return self._("now")
        duration = format_timedelta(
            timedelta(days=days), granularity="day", format="long", locale=self.locale
        )
        if days < 7 or days % 7 == 0:
            return self.p_("time until", "in {duration}").format(duration=duration)
        return self.p_("time until, rounded", "in about {duration}").format(duration=duration)
