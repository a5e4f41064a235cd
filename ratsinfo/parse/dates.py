"""Dates as German council systems write them.

ALLRIS prints "07.05.2025", and "Jan 29, 2026" when the server answers in English; prose says
"29. Januar 2026". OParl timestamps are ISO 8601, except that some ALLRIS 4 servers (Bonn) emit
broken offsets such as "+01::00".
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    # German, full and abbreviated
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "maerz": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "dezember": 12, "dez": 12,
    # English, as ALLRIS prints them for Accept-Language: en
    "january": 1, "february": 2, "march": 3, "mar": 3, "may": 5, "june": 6, "july": 7,
    "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip

_NUMERIC = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ENGLISH = re.compile(r"^([A-Za-zä]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_GERMAN_LONG = re.compile(r"^(\d{1,2})\.\s*([A-Za-zäÄ]{3,9})\.?\s+(\d{4})$")
_BROKEN_OFFSET = re.compile(r"([+-]\d{2})::?(\d{2})$")


def parse_date(text: str | None) -> dt.date | None:
    """A calendar date in any of the written forms above; None for empty or unreadable text."""
    if not text:
        return None
    s = " ".join(text.split())
    if not s:
        return None
    try:
        if m := _NUMERIC.match(s):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if year < 100:
                year += 2000 if year < 70 else 1900
            return dt.date(year, month, day)
        if m := _ISO.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _ENGLISH.match(s):
            named = _MONTHS.get(m[1].lower())
            return dt.date(int(m[3]), named, int(m[2])) if named else None
        if m := _GERMAN_LONG.match(s):
            named = _MONTHS.get(m[2].lower())
            return dt.date(int(m[3]), named, int(m[1])) if named else None
    except ValueError:  # 31.02.2025 and the like
        return None
    return None


def parse_oparl_datetime(text: str | None) -> dt.datetime | None:
    """An OParl timestamp; repairs the "+01::00" offsets some ALLRIS 4 servers emit."""
    if not text:
        return None
    s = _BROKEN_OFFSET.sub(r"\1:\2", text.strip())
    try:
        return dt.datetime.fromisoformat(s)
    except ValueError:
        return None
