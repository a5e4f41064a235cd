"""Paper reference numbers (Drucksachennummern) as the cities print them.

Forms seen: "25-25641" and its follow-up "25-25641-01" (Braunschweig), "2026/245" and
"2026/245/1", "K 2026/0725" (Wolfsburg). References are kept exactly as printed.
"""

from __future__ import annotations

import re

# A follow-up paper appends a short counter to a complete reference: "25-25641-01", "2026/245/1".
_FOLLOW_UP = re.compile(r"^(?P<base>.*?\d+\s?[-/]\s?\d+)\s?[-/]\s?(?P<n>\d{1,2})$")

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
    m = _FOLLOW_UP.match(reference.strip())
    return m["base"] if m else None


def related_references(text: str | None, own: str | None = None) -> tuple[str, ...]:
    """References named in a subject ("Bezugsdrucksache 2026/235"), in order, without `own`."""
    if not text:
        return ()
    seen: dict[str, None] = {}
    for m in _REFERENCE.finditer(text):
        ref = m.group(1)
        if ref != own:
            seen.setdefault(ref, None)
    return tuple(seen)
