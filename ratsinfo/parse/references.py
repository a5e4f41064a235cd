"""Paper reference numbers (Drucksachennummern) as the cities print them.

Forms seen: "25-25641" and its follow-up "25-25641-01" (Braunschweig), "2026/245" and
"2026/245/1", "K 2026/0725" (Wolfsburg), "11/2019" and its follow-ups "11/2019 1. Ergänzung",
"11/2019 2. Ergänzung" (Sternberg SD.NET, Hürtgenwald), "22-1940" and "22-1940.01" (Hamburg,
classic ALLRIS). References are kept exactly as printed.

In a subject, "2010/2011" or "2011/12" is a school, nursery or budget year, not a reference: a
year followed by the next one (in full or by its last two digits) is never taken for one.
"""

from __future__ import annotations

import re

# A follow-up paper appends a short counter to a complete reference: "25-25641-01", "2026/245/1",
# "18/2015/2", Hamburg's "22-1940.01" (a dot only before two digits: "1.5" is no counter).
_FOLLOW_UP = re.compile(
    r"^(?P<base>.*?\d+\s?[-/]\s?\d+)(?:\s?[-/]\s?(?P<n>\d{1,2})|\.(?P<m>\d{2}))$"
)

# ... or names itself the n-th supplement or change of its base paper: "11/2019 1. Ergänzung".
_SUPPLEMENT = re.compile(
    r"^(?P<base>.*?\d+\s?[-/]\s?\d+)\s*[-–,]?\s*(?P<n>\d{1,2})\.\s*"
    r"(?:Ergänzung|Nachtrag|Änderung|Fortschreibung|Ergänzungsvorlage)$",
    re.IGNORECASE,
)

# Reference-shaped tokens inside a subject or text.
_REFERENCE = re.compile(
    r"(?<![\w./-])("
    r"\d{2}-\d{5}(?:-\d{2})?"  # 25-25641, 25-25641-01
    r"|(?:19|20)\d{2}/\d{2,5}(?:/\d{1,2})?"  # 2026/245, 2026/245/1
    r"|[A-Z]{1,3} (?:19|20)\d{2}/\d{2,5}"  # K 2026/0725
    r")(?![\w/-]|\.\d)"
)


def parent_reference(reference: str | None) -> str | None:
    """The paper a follow-up belongs to, where the reference's suffix says so."""
    if not reference:
        return None
    text = reference.strip()
    m = _FOLLOW_UP.match(text) or _SUPPLEMENT.match(text)
    return m["base"] if m else None


_YEAR_PAIR = re.compile(r"^((?:19|20)\d{2})/(\d{2}|\d{4})$")


def _is_year_pair(token: str) -> bool:
    """A year and the next one, "2010/2011" or "2011/12" (school, nursery or budget years)."""
    m = _YEAR_PAIR.match(token)
    if m is None:
        return False
    first, second = int(m[1]), m[2]
    following = first + 1
    return int(second) == (following if len(second) == 4 else following % 100)


def related_references(text: str | None, own: str | None = None) -> tuple[str, ...]:
    """References named in a subject ("Bezugsdrucksache 2026/235"), in order, without `own`."""
    if not text:
        return ()
    seen: dict[str, None] = {}
    for m in _REFERENCE.finditer(text):
        ref = m.group(1)
        if ref != own and not _is_year_pair(ref):
            seen.setdefault(ref, None)
    return tuple(seen)
