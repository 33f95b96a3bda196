"""The forms a value may take in podium's files, each parsed in one place with sane bounds.

Every loader (season folder, rules, F1DB) reads its numbers, times and gaps through these
parsers, so that what passes validation is exactly what the engine and storage can use:

- no NaN or infinity, no zero denominator (`1/0`);
- no number of thousands of digits: `int()` of more than 4,300 digits raises, `Fraction`
  of `1e999999` builds a million-digit number, SQLite's INTEGER overflows past 2**63;
  text is refused on its length before it is converted at all;
- no time the fastest-lap bonus or the Ergast `millis` cannot read.

Digits are ASCII only: `int()` and `float()` would also read `'١'`, `'1_000'` or `'nan'`.
Each parser raises `BadValue`, whose message says which form is expected; the caller adds
the file, line and field. Times and gaps stay the validated text (as published); the exact
seconds are there for whoever compares them.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

# Positions, laps, grid places, ranks, round numbers, car numbers: far above any real season,
# far below what storage or a `range()` over rounds could choke on.
MAX_COUNT = 10_000
# Points, deductions: a sane magnitude for anything that is added up into a table.
MAX_POINTS = 1_000_000
# A share of a car's points is a weight; percentages are the largest in use.
MAX_SHARE = 1_000
# Digits of each part of a number written as text (`123.456/7`).
MAX_DIGITS = 12

NUMBER_FORMS = "25, 0.5 or 1/2"
LAP_TIME_FORMS = "m:ss.fff or s.fff"
TIME_FORMS = "h:mm:ss.fff, m:ss.fff or s.fff"
SHARE_FORMS = "1, 0.5 or 2/3"
GAP_FORMS = "+s.fff, +m:ss.fff, +1 lap or +N laps"  # `s` may follow: +1.5s

_SIGNED = re.compile(r"[+-]?[0-9]+")
_PART = rf"[0-9]{{1,{MAX_DIGITS}}}"
_NUMBER = re.compile(rf"-?{_PART}(?:\.{_PART})?(?:/{_PART})?")
_LONG_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?")
_FRACTION_OF_SECOND = re.compile(r"[0-9]{1,6}")
_SIXTY = re.compile(r"[0-9]{1,2}")
# The leading unit of a clock may be long (minutes of a 24-hour race), but bounded.
_LEADING = {n: re.compile(rf"[0-9]{{1,{digits}}}") for n, digits in ((1, 6), (2, 4), (3, 3))}
_LAPS_BEHIND = re.compile(r"\+?([0-9]{1,5}) laps?", re.IGNORECASE)


class BadValue(ValueError):
    """A value not in the form its field expects; `str()` is the message for a Problem."""


class NotANumber(BadValue):
    """A value that is no number at all (as opposed to one out of range or dividing by 0)."""


def shown(value: object) -> str:
    """`repr` of a value for a message, cut short: a hostile value may be megabytes long."""
    if isinstance(value, int) and abs(value) >= 10**40:
        # repr() itself raises past 4,300 digits
        return f"a number of {int(value.bit_length() * math.log10(2)) + 1} digits"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:28]}...({len(text)} characters)"


# -- whole numbers --------------------------------------------------------------------------


def whole(text: str, low: int = 0, high: int = MAX_COUNT) -> int:
    """`'12'` -> 12, between `low` and `high`; the text of a CSV cell."""
    stripped = text.strip()
    if not _SIGNED.fullmatch(stripped):
        raise NotANumber(f"{shown(text)} is not a whole number")
    # The length is checked before int() ever sees the text.
    digits = stripped.lstrip("+-").lstrip("0")
    if len(digits) <= len(str(max(abs(low), abs(high)))):
        value = int(stripped)
        if low <= value <= high:
            return value
    raise BadValue(f"{shown(text)} is out of range: a whole number from {low} to {high}")


def whole_value(value: object, low: int = 0, high: int = MAX_COUNT) -> int:
    """A whole number from YAML: an int (not a bool) or its digits as text."""
    if isinstance(value, str):
        return whole(value, low, high)
    if not isinstance(value, int) or isinstance(value, bool):
        raise NotANumber(f"{shown(value)} is not a whole number")
    if not low <= value <= high:
        raise BadValue(f"{shown(value)} is out of range: a whole number from {low} to {high}")
    return value


# -- exact numbers --------------------------------------------------------------------------


def number(
    value: object,
    low: Fraction | int = -MAX_POINTS,
    high: Fraction | int = MAX_POINTS,
    forms: str = NUMBER_FORMS,
) -> Fraction:
    """An exact number from YAML or CSV: an int, a finite float, or text `25`, `0.5`, `1/2`.

    Between `low` and `high`; a float is read as written (`0.1` is 1/10, not the binary
    float), so `0.1` and `"0.1"` and `1/10` are the same number.
    """
    exact = _exact(value, forms)
    if not low <= exact <= high:
        raise BadValue(f"{shown(value)} is out of range: a number from {low} to {high}")
    return exact


def share(value: object) -> Fraction:
    """A driver's share of a car's points: a weight from 0 to MAX_SHARE (`1`, `0.5`, `2/3`).

    The engine divides each share by their sum, so `2;1` and `2/3;1/3` are the same split
    and percentages (`60;40`) read as written.
    """
    exact = _exact(value.strip() if isinstance(value, str) else value, SHARE_FORMS)
    if not 0 <= exact <= MAX_SHARE:
        raise BadValue(f"{shown(value)} is out of range: a share is a number from 0 to {MAX_SHARE}")
    return exact


def _exact(value: object, forms: str) -> Fraction:
    if isinstance(value, bool):
        raise NotANumber(f"{shown(value)} is not a number ({forms})")
    if isinstance(value, int):
        # An int is already parsed; its magnitude is checked by the caller's bounds.
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotANumber(f"{shown(value)} is not a number ({forms})")
        exact = Fraction(repr(value))  # as written: the shortest text that gives this float
        if exact.denominator > 10**MAX_DIGITS or abs(exact) > 10**MAX_DIGITS:
            raise BadValue(f"{shown(value)} has too many digits ({forms}, {MAX_DIGITS} at most)")
        return exact
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.fullmatch(text):
            top, _, bottom = text.partition("/")
            if bottom and int(bottom) == 0:
                raise BadValue(f"{shown(value)} divides by zero ({forms})")
            return Fraction(top) / (int(bottom) if bottom else 1)
        if _LONG_NUMBER.fullmatch(text):
            raise BadValue(f"{shown(value)} has too many digits ({forms}, {MAX_DIGITS} at most)")
    raise NotANumber(f"{shown(value)} is not a number ({forms})")


# -- times and gaps -------------------------------------------------------------------------


def clock_seconds(text: str) -> Fraction | None:
    """Exact seconds of `1:02:03.4`, `1:23.456` or `83.456`; None if not in such a form.

    Minutes and seconds after a colon are below 60 (one digit is read too: F1DB writes
    `2:00:0.189`); the leading unit may exceed it (`75:12.3`, `83.456`).
    """
    head, dot, tail = text.strip().partition(".")
    if dot and not _FRACTION_OF_SECOND.fullmatch(tail):
        return None
    parts = head.split(":")
    if len(parts) > 3 or not _LEADING[len(parts)].fullmatch(parts[0]):
        return None
    total = Fraction(int(parts[0]))
    for part in parts[1:]:
        if not _SIXTY.fullmatch(part) or int(part) >= 60:
            return None
        total = total * 60 + int(part)
    if dot:
        total += Fraction(int(tail), 10 ** len(tail))
    return total


def laps_behind(text: str | None) -> int | None:
    """N of a `+N lap(s)` gap; None for any other text."""
    match = _LAPS_BEHIND.fullmatch((text or "").strip())
    return int(match.group(1)) if match else None


def seconds_as_printed(text: str) -> Fraction | None:
    """A clock time, also with the unit some sheets print after it (`1.5s`).

    Not for lap times: the fastest-lap bonus compares those as bare clock times.
    """
    return clock_seconds(text.removesuffix("s"))


def lap_time(text: str) -> str:
    """A lap time (`1:23.456`, `83.456`), as written: what the fastest-lap bonus compares."""
    stripped = text.strip()
    if clock_seconds(stripped) is None:
        raise BadValue(f"{shown(text)} is not a lap time ({LAP_TIME_FORMS})")
    return stripped


def gap(text: str) -> str:
    """A gap to the leader: `+1.880`, `+1.5s`, `+1:02.345`, `-0.100`, `+1 lap`, `+2 laps`."""
    stripped = text.strip()
    unsigned = stripped[1:] if stripped[:1] in ("+", "-") else stripped
    if _LAPS_BEHIND.fullmatch(stripped) or seconds_as_printed(unsigned) is not None:
        return stripped
    raise BadValue(f"{shown(text)} is not a gap ({GAP_FORMS})")


def race_time(text: str) -> str:
    """A session time as published: a clock time (`1:02:03.4`), or a gap (`+3.533`, `+1 lap`)
    where a timing sheet gives the gap in its time column."""
    stripped = text.strip()
    if seconds_as_printed(stripped) is not None:
        return stripped
    try:
        return gap(stripped)
    except BadValue:
        forms = f"{TIME_FORMS}; or a gap: {GAP_FORMS}"
        raise BadValue(f"{shown(text)} is not a time ({forms})") from None


# -- times and gaps as timing providers print them --------------------------------------------

PROVIDER_TIME_FORMS = "h:mm'ss.fff, m'ss.fff or ss.fff"
PROVIDER_GAP_FORMS = "ss.fff, m'ss.fff, 1 Lap or N Laps"
_PROVIDER_LAPS = re.compile(r"\+?([0-9]{1,5}) ?laps?", re.IGNORECASE)


def provider_time(text: str) -> str:
    """A time as Al Kamel Systems prints it, in podium's form: `5:44'41.101` (h:mm'ss) ->
    `5:44:41.101`, `1'58.056` (m'ss) -> `1:58.056`; podium's own forms pass as they are."""
    stripped = text.strip()
    clock = stripped.replace("'", ":")
    if stripped.count("'") <= 1 and clock_seconds(clock) is not None:
        return clock
    raise BadValue(f"{shown(text)} is not a time ({PROVIDER_TIME_FORMS})")


def provider_gap(text: str) -> str:
    """A gap to the leader as a timing provider prints it, in podium's form: `14.886` ->
    `+14.886`, `1'02.345` -> `+1:02.345`, `1 Lap` -> `+1 lap`, `3 Laps` -> `+3 laps`."""
    stripped = text.strip()
    laps = _PROVIDER_LAPS.fullmatch(stripped)
    if laps:
        count = int(laps.group(1))
        return f"+{count} lap" if count == 1 else f"+{count} laps"
    unsigned = stripped.removeprefix("+")
    try:
        return "+" + provider_time(unsigned.removesuffix("s"))
    except BadValue:
        raise BadValue(f"{shown(text)} is not a gap ({PROVIDER_GAP_FORMS})") from None
