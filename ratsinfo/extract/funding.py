"""Amounts of money named in a paper's German prose, one `Funding` row each.

An amount is a number next to a currency: "20.000 EUR", "20.000,- €", "EUR 20.000", "€ 20.000",
"315,00Euro", "10.000€/ Jahr", with a scale word where given: "1,5 Mio. Euro", "1,5 Millionen
Euro", "2 Mrd. €", "250 T€", "250 TEUR", "30 Tsd. Euro". Qualifiers ("mind.", "rd.", "ca.", "bis
zu") are read over: the row carries the number as written. Amounts are Decimals in full units
with two places: "1,5 Mio. Euro" -> Decimal("1500000.00"). The currency is always "EUR".

A range ("zwischen 5.000 und 8.000 Euro", "5.000 bis 8.000 €", "5.000 – 8.000 Euro",
"1 bis 2 Mio. €") is ONE row: `amount` is the lower bound, `amount_max` the upper bound; a scale
word on the upper bound applies to a bare lower bound.

Never money, because no currency stands next to the number: dates, paragraph numbers, account and
PSP numbers, phone numbers, counts, other units, percentages. Vague phrases without a number
("ein paar Tausend Euro", "mehrere Millionen Euro") give no row.

For each amount, the words around it decide:
- period: "jährlich", "pro/je/im Jahr", "/ Jahr", "p. a.", "Jahres..." -> annual; "monatlich",
  "pro Monat" -> monthly; "pro Quartal", "vierteljährlich" -> quarterly; "pro Stunde",
  "Stundensatz" -> hourly; "einmalig" -> one-off; else None. The keyword nearest to the amount
  inside its clause wins (the clause ends at a neighbouring amount); words after the amount count
  double distance, so "5.000 € einmalig und 200 € monatlich" reads both right.
- role: grant (Zuschuss, Förderung, Zuwendung, Fördermittel, "unterstützt ... finanziell"), cost
  (Kosten, kostet, Ausgaben, Aufwand), fee (Gebühr, Entgelt, Beitrag), budget (Haushaltsmittel,
  Budget, veranschlagt, Ansatz, bereitgestellt), revenue (Einnahmen, Erträge, Erlöse), invest
  (Investition); nearest in the clause, else the nearest earlier in the sentence; else None.
- funder and recipient, from the sentence: "unterstützt die Stadt X das Y", "X fördert den Y",
  "erhält der Verein X", "Zuschuss der Stadt an den Verein X", "Förderung durch das Land
  Niedersachsen", "Fördermittel des Landes" (genitive made nominative: "Land").
- applies_from, as written: "seit Ende 2018" / "Seitdem ... Ende 2018 auslief" -> "Ende 2018",
  "ab 2025" -> "2025", "ab dem 01.07.2025" -> "01.07.2025", "Haushaltsjahr 2024".

All patterns are compiled once at import and free of nested quantifiers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ratsinfo.extract.keywords import Keywords
from ratsinfo.extract.text import clean_text, normalize_space
from ratsinfo.model import Funding

__all__ = ["extract_funding"]

_NUM = r"\d{1,3}(?:[.\u00a0\u202f\u2009]\d{3})+|\d+"
_DEC = r",\d{1,2}(?!\d)|,[-–]{1,2}"
_SCALE = (
    r"Mio\.?|Millionen|Million|Mrd\.?|Milliarden|Milliarde|Tsd\.?|Tausend"
    r"|T(?=\s?(?:€|EUR|Euro))"
)
_CUR = r"€|EUR\b|Euro(?![a-zäöüß])"


def _amount(tag: str) -> str:
    return (
        rf"(?<![\d.,])(?P<{tag}>{_NUM})(?P<{tag}d>{_DEC})?(?![.,]?\d)"
        rf"(?:\s?(?P<{tag}s>{_SCALE}))?"
    )


_MONEY = re.compile(
    r"(?=[\dz€E])(?:"  # fail fast where no amount can start
    # ranges: "zwischen 5.000 und 8.000 Euro"
    rf"zwischen\s+{_amount('zlo')}\s*(?P<zlocur>{_CUR})?\s*und\s*{_amount('zhi')}\s*(?:{_CUR})"
    # "5.000 bis 8.000 €", "5.000 € – 8.000 €", "1 bis 2 Mio. Euro"
    rf"|{_amount('lo')}\s*(?P<locur>{_CUR})?\s*(?:bis|[-–—])\s*{_amount('hi')}\s*(?:{_CUR})"
    # number then currency: "20.000 EUR", "1,5 Mio. Euro", "250 T€", "315,00Euro"
    rf"|{_amount('a')}\s*(?:{_CUR})"
    # currency then number: "EUR 20.000", "€ 1,5 Mio."
    rf"|(?:€|EUR\b)\s?{_amount('b')}"
    r")"
)
_SCALES = {
    "mio": Decimal(1_000_000), "millionen": Decimal(1_000_000), "million": Decimal(1_000_000),
    "mrd": Decimal(1_000_000_000), "milliarden": Decimal(1_000_000_000),
    "milliarde": Decimal(1_000_000_000), "tsd": Decimal(1000), "tausend": Decimal(1000),
    "t": Decimal(1000),
}  # fmt: skip
_CENT = Decimal("0.01")
_YEAR = re.compile(r"^(?:19|20)\d\d$")

_PERIODS = (
    ("quarterly", r"vierteljährlich\w*|quartalsweise|(?:pro|je|im|/)\s*Quartal\b|Quartalsbeitrag"),
    ("monthly", r"monatlich\w*|(?:pro|je|im|/)\s*Monat\b|Monats(?:miete|beitrag|pauschale|rate)"),
    (
        "annual",
        r"(?<![a-zäöü])jährlich\w*|(?:pro|je|/)\s*Jahr\b|im\s+Jahr\b(?!\s*\d)|p\.\s?a\.|per\s+anno"
        r"|(?:pro|je)\s+\w+\s+und\s+Jahr\b"
        r"|Jahres(?:beitrag|miete|kosten|zuschuss|budget|pauschale|betrag|entgelt|mittel)",
    ),
    ("hourly", r"(?:pro|je|/)\s*(?:Stunde|Std\.?)(?!\w)|Stundensatz|stündlich\w*|Stundenlohn"),
    ("one-off", r"einmalig\w*|Einmalzahlung|Einmalbetrag"),
)
# every keyword starts a word (or is "/ Jahr"): the lookbehind fails fast everywhere else
_PERIOD = Keywords(_PERIODS, re.IGNORECASE)
_ROLES = (
    (
        "grant",
        r"Zusch[uü](?:ss|ß)\w*|\b\w*zusch[uü](?:ss|ß)\w*|Förder\w*|\b\w*förder(?:ung|mittel)\w*"
        r"|gefördert|fördert|Zuwendung\w*|bezuschusst|unterstützt\b[^.]{0,60}\bfinanziell"
        r"|finanziell\w*\s+unterst\w*"
        # "75 Prozent der zuwendungsfähigen Kosten": a grant's measure, not a cost
        r"|(?:zuwendungs|förder)fähige\w*\s+(?:Kosten|Ausgaben|Gesamtkosten)",
    ),
    (
        "revenue",
        r"\b\w*[Ee]innahmen|\b\w*[Ee]rträge|\b\w*[Ee]rtrag\b|\b\w*[Ee]rlöse?\b|eingenommen|einnimmt"
        r"|\bnimmt\b(?![^.;]{0,30}\bStellung)",
    ),
    (
        "cost",
        r"\b\w*[Kk]osten\b|kostet|\b\w*[Aa]usgaben|\b\w*[Aa]ufwand\w*|Aufwendungen|ausgegeben|verausgabt"
        r"|aufgewendet|aufgewandt|\bfallen\b|anfallen\w*|entstehen|entstanden",
    ),
    (
        "fee",
        r"\b\w*[Gg]ebühr\w*|\b\w*[Ee]ntgelt\w*|\b\w*[Bb]eitr(?:ag|äge)\w*|Eintrittspreis\w*|\b\w*[Tt]arif\w*"
        r"|erhoben",
    ),
    (
        "budget",
        r"Haushaltsmittel\w*|Budget\w*|veranschlagt|\b\w*[Aa]nsatz|\b\w*[Aa]nsätze|bereitgestellt"
        r"|zur\s+Verfügung|Mittel\s+in\s+Höhe|bereit\b",
    ),
    ("invest", r"Investition\w*|investiert|Investiv\w*"),
)
_ROLE = Keywords(_ROLES)
_REVENUE = re.compile(_ROLES[1][1])

_ART = r"(?:[Dd]ie|[Dd]er|[Dd]as|[Dd]en|[Dd]em|[Dd]es)"
# nouns of money and time end a party's name ("die Stadt Zuschüsse", "der Verein Ende 2021")
_STOPNOUN = (
    r"(?!(?:Zusch[uü](?:ss|ß)\w*|Förderung\w*|Fördermittel\w*|\w+förderung|Mittel|Zuwendung\w*"
    r"|Kosten|Euro|EUR|Haushalt\w*|Jahr\w*|Betrag|Summe|Höhe|Rahmen|Finanz\w*|Gesamt\w*|Anteil"
    r"|\w+mittel|Ende|Anfang|Mitte|Beginn|Auslaufen|Zeit|Dauer)\b)"
)
_WORD = rf"{_STOPNOUN}(?:[A-ZÄÖÜ][\w\-äöüß./&]*|e\.\s?V\.|gGmbH|GmbH|\d{{2,4}}(?![\d.,]))"
# an optional adjective before the name: "die freien Träger", "den städtischen Kitas"
_NP = rf"(?:[a-zäöüß]+(?:en|e|er|es)\s+)?{_WORD}(?:\s+{_WORD}){{0,4}}"
# a subject is not governed by a preposition ("Für die Bürgerbeteiligung stellt die Stadt ...")
_NO_PREP = "".join(
    rf"(?<![{w[0].upper()}{w[0]}]{w[1:]}\s)"
    for w in ("für", "mit", "an", "in", "auf", "von", "durch")
)
_FUNDING_VERB = r"unterstützt|fördert|bezuschusst|finanziert|gewährt|zahlt|bewilligt|überweist"
_PARTIES = (
    # "unterstützt die Stadt Braunschweig das Welcome Center finanziell"
    re.compile(rf"\b(?:{_FUNDING_VERB})\s+{_ART}\s+(?P<f>{_NP})\s+{_ART}\s+(?P<r>{_NP})"),
    # "Die Stadt Braunschweig unterstützt den Verein X"
    re.compile(rf"{_NO_PREP}\b{_ART}\s+(?P<f>{_NP})\s+(?:{_FUNDING_VERB})\s+{_ART}\s+(?P<r>{_NP})"),
    # "Zuschuss der Stadt an den Verein X"
    re.compile(
        rf"(?:Zusch\w+|Förder\w+|Zuwendung\w*|Mittel)\s+(?P<fa>des|der)\s+(?P<f>{_NP})\s+"
        rf"(?:an|für)\s+{_ART}\s+(?P<r>{_NP})"
    ),
)
_RECIPIENT = (
    re.compile(rf"\berh(?:ält|alten)\s+{_ART}\s+(?P<r>{_NP})"),
    re.compile(rf"\b{_ART}\s+(?P<r>{_NP})\s+erh(?:ält|alten)\b"),
    re.compile(rf"(?:Zusch\w+|Förder\w+|Zuwendung\w*)[^.]{{0,60}}?\ban\s+{_ART}\s+(?P<r>{_NP})"),
    # "dem TSV X einen einmaligen Zuschuss ... zu gewähren"
    re.compile(
        rf"\b(?:dem|der|den)\s+(?P<r>{_NP})\s+(?:einen|eine|weitere)\s+[^.]{{0,30}}?"
        r"(?:Zusch[uü]|Förderung|Zuwendung)"
    ),
)
_FUNDER = (
    re.compile(
        rf"(?:Zusch\w+|Förder\w+|Zuwendung\w*|Mittel|gefördert|finanziert)\s+"
        rf"(?:durch|von|vom|aus\s+dem|seitens)\s+(?:(?P<fa>{_ART})\s+)?(?P<f>{_NP})"
    ),
    re.compile(rf"(?:Zusch\w+|Förder\w+|Zuwendung\w*)\s+(?P<fa>des|der)\s+(?P<f>{_NP})"),
    # "wird vom Land mit 180.000 Euro jährlich gefördert"
    re.compile(
        rf"\b(?:vom|von\s+(?:der|dem)|durch\s+(?:das|den|die))\s+(?P<f>{_NP})\s+"
        r"[^;]{0,60}?\b(?:gefördert|bezuschusst|unterstützt|finanziert)\b"
    ),
    re.compile(rf"\b(?:{_FUNDING_VERB}|stellt|stellen)\s+{_ART}\s+(?P<f>{_NP})"),
    re.compile(rf"{_NO_PREP}\b{_ART}\s+(?P<f>{_NP})\s+(?:{_FUNDING_VERB}|stellt|stellen)\b"),
)
# heads that name what is funded, not who receives the money
_NOT_A_PARTY = re.compile(
    r"^(?:\w+\s+)?(?:Vorhaben|Projekt|Maßnahmen?|Sanierung|Bau|Neubau|Umbau|Ausbau|Planung|Studie"
    r"|Programm|Konzept|Anschaffung|Beschaffung)\b"
)
_APPLIES_FROM = re.compile(
    r"\b(?:[Ss]eit(?:dem)?|[Aa]b|[Bb]eginnend(?:\s+mit)?)\b[^.;]{0,60}?"
    r"(?P<v>(?:Ende|Anfang|Mitte|Frühjahr|Sommer|Herbst|Winter)\s+\d{4}"
    r"|\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
    r"|(?:Haushalts|Schul|Kalender)jahr(?:es)?\s+\d{4}(?:/\d{2,4})?"
    r"|(?<![\d.])\d{4}(?![\d.]))"
)
_FISCAL_YEAR = re.compile(r"\bHaushaltsjahr(?:es)?\s+\d{4}(?:/\d{2,4})?")
_ATTACHED = re.compile(rf"\s*/?\s*(?:{'|'.join(p for _, p in _PERIODS)})", re.IGNORECASE)
_BEFORE = 160  # characters before an amount searched for its period and role
_AFTER = 60  # characters after it
_CHANGE = re.compile(r"\s*(?:auf|bis\s+auf)\s*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"“”')]?\s+(?=[A-ZÄÖÜ„\"\d])|\n")
_ABBREV = frozenset(
    [
        "ca",
        "rd",
        "mind",
        "max",
        "mio",
        "mrd",
        "tsd",
        "bzw",
        "ggf",
        "evtl",
        "u",
        "o",
        "g",
        "z",
        "b",
        "v",
        "a",
        "s",
        "vgl",
        "nr",
        "dr",
        "prof",
        "str",
        "abs",
        "art",
        "gem",
        "inkl",
        "zzgl",
        "ggü",
        "d",
        "h",
        "i",
        "e",
        "V",
        "st",
        "std",
        "jhd",
        "jh",
        "etc",
        "usw",
        "sog",
        "lt",
        "insb",
        "ff",
        "hrsg",
    ]
)


def extract_funding(text: str) -> list[Funding]:
    """Every amount of money in `text`, one row each, in text order."""
    clean = clean_text(text)
    if "€" not in clean and "EUR" not in clean and "Euro" not in clean:
        return []  # every amount has a currency: a text without one has none
    matches = list(_MONEY.finditer(clean))
    if not matches:
        return []
    rows: list[Funding] = []
    found = [p for m in matches for p in _parse(m)]
    bounds = _sentence_bounds(clean, max(start for _, _, start, _ in found))
    spans = [(start, end) for _, _, start, end in found]
    per_sentence: dict[int, tuple[str, str | None]] = {}
    for k, (amount, amount_max, start, end) in enumerate(found):
        idx = bisect_right(bounds, start) - 1
        s_start = bounds[idx]
        s_end = bounds[idx + 1] if idx + 1 < len(bounds) else len(clean)
        c_start = max(s_start, spans[k - 1][1] if k else 0)
        c_end = min(s_end, spans[k + 1][0] if k + 1 < len(spans) else len(clean))
        if k and c_start == spans[k - 1][1]:
            # a keyword right after the previous amount belongs to it ("96 € pro Stunde, ...")
            c_start += _attached_length(clean[c_start:start])
        before = clean[max(c_start, start - _BEFORE) : start]
        after = clean[end : min(c_end, end + _AFTER)]
        sentence = clean[s_start:s_end]
        clause = _semicolon_clause(clean, s_start, s_end, start)
        period = _nearest(_PERIOD, before, after)
        role = _nearest(_ROLE, before, after) or _nearest(
            _ROLE, clean[max(s_start, start - 2 * _BEFORE) : start], ""
        )
        if role == "fee" and _REVENUE.search(clean[s_start:start]):
            role = "revenue"  # "Einnahmen aus den Standgebühren betrugen ..."
        funder, recipient = _parties(clause)
        said = per_sentence.get(s_start)
        if said is None:  # the amounts of one sentence share its text and start
            said = per_sentence[s_start] = (normalize_space(sentence), _applies_from(sentence))
        rows.append(
            Funding(
                amount=amount,
                currency="EUR",
                period=period,
                role=role,
                funder=funder,
                recipient=recipient,
                applies_from=said[1],
                text=said[0],
                position=len(rows) + 1,
                amount_max=amount_max,
            )
        )
    # "von 4 Euro auf 5 Euro je Stunde": both amounts share the period
    for k in range(len(rows) - 1):
        if _CHANGE.match(clean, spans[k][1], spans[k + 1][0]):
            a, b = rows[k], rows[k + 1]
            if a.period is None and b.period is not None:
                rows[k] = replace(a, period=b.period)
            elif b.period is None and a.period is not None:
                rows[k + 1] = replace(b, period=a.period)
    return rows


def _semicolon_clause(text: str, s_start: int, s_end: int, at: int) -> str:
    left = text.rfind(";", s_start, at)
    right = text.find(";", at, s_end)
    return text[left + 1 if left >= 0 else s_start : right if right >= 0 else s_end]


def _parse(m: re.Match[str]) -> list[tuple[Decimal, Decimal | None, int, int]]:
    """(amount, amount_max, start, end) of the amounts one match stands for."""
    for tag, zw in (("zlo", True), ("lo", False)):
        hi_tag = "zhi" if zw else "hi"
        if m[tag] is None:
            continue
        lo = _value(m[tag], m[tag + "d"], m[tag + "s"] or m[hi_tag + "s"])
        hi = _value(m[hi_tag], m[hi_tag + "d"], m[hi_tag + "s"])
        hi_row = (hi, None, m.start(hi_tag), m.end())
        bare_lo = not m[tag + "cur"] and not m[tag + "s"] and not m[tag + "d"]
        if not zw and bare_lo and _YEAR.match(m[tag]):
            return [hi_row]  # "Haushaltsjahr 2024 – 8.000 Euro": a year, then an amount
        if lo >= hi:
            if bare_lo:
                return [hi_row]
            lo_own = _value(m[tag], m[tag + "d"], m[tag + "s"])
            lo_end = max(m.end(g) for g in (tag, tag + "d", tag + "s", tag + "cur") if m[g])
            return [(lo_own, None, m.start(tag), lo_end), hi_row]
        return [(lo, hi, m.start(), m.end())]
    if m["a"] is not None:
        return [(_value(m["a"], m["ad"], m["as"]), None, m.start(), m.end())]
    return [(_value(m["b"], m["bd"], m["bs"]), None, m.start(), m.end())]


def _attached_length(between: str) -> int:
    m = _ATTACHED.match(between)
    return m.end() if m else 0


def _value(number: str, decimals: str | None, scale: str | None) -> Decimal:
    digits = re.sub(r"\D", "", number)
    frac = decimals[1:] if decimals and decimals[1:].isdigit() else ""
    value = Decimal(f"{digits}.{frac}" if frac else digits)
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value.quantize(_CENT)


def _nearest(keywords: Keywords, before: str, after: str) -> str | None:
    """The kind of the keyword nearest to an amount: the last one in `before` (the text up to
    the amount), or the first in `after` (from its end) when that is nearer at double distance."""
    pattern = keywords.pattern_for(before, after)
    best: tuple[int, str] | None = None
    last = deque(pattern.finditer(before), maxlen=1)  # the last match before it is the nearest
    if last:
        best = (len(before) - last[0].end(), keywords.kind(last[0]))
    first = pattern.search(after) if after else None  # the first match after the amount only
    if first is not None:
        dist = 2 * first.start()
        if best is None or dist < best[0]:
            best = (dist, keywords.kind(first))
    return best[1] if best else None


# Words one of which each pattern of _PARTIES, _RECIPIENT and _FUNDER needs (in that order): a
# pattern runs only on a clause that has one, which spares the scans that cannot match.
_VERBS = tuple(_FUNDING_VERB.split("|"))
_GRANT_WORDS = ("Zusch", "Förder", "Zuwendung")
_NEEDS_PARTIES = (_VERBS, _VERBS, (*_GRANT_WORDS, "Mittel"))
_NEEDS_RECIPIENT = (("erhält", "erhalten"), ("erhält", "erhalten"), _GRANT_WORDS, _GRANT_WORDS)
_NEEDS_FUNDER = (
    (*_GRANT_WORDS, "Mittel", "gefördert", "finanziert"),
    _GRANT_WORDS,
    ("gefördert", "bezuschusst", "unterstützt", "finanziert"),
    (*_VERBS, "stellt", "stellen"),
    (*_VERBS, "stellt", "stellen"),
)


_NEEDED = frozenset(
    w for needs in (*_NEEDS_PARTIES, *_NEEDS_RECIPIENT, *_NEEDS_FUNDER) for w in needs
)


@lru_cache(maxsize=64)  # the amounts of one clause share it
def _parties(sentence: str) -> tuple[str | None, str | None]:
    funder: str | None = None
    recipient: str | None = None
    present = frozenset(w for w in _NEEDED if w in sentence)
    if not present:
        return None, None  # every pattern needs one of the words
    for p, needs in zip(_PARTIES, _NEEDS_PARTIES, strict=True):
        m = None if present.isdisjoint(needs) else p.search(sentence)
        if m:
            return _nominative(m["f"], "fa" in m.re.groupindex and m["fa"]), _party(m["r"])
    for p, needs in zip(_RECIPIENT, _NEEDS_RECIPIENT, strict=True):
        m = None if present.isdisjoint(needs) else p.search(sentence)
        if m:
            recipient = _party(m["r"])
            break
    for p, needs in zip(_FUNDER, _NEEDS_FUNDER, strict=True):
        m = None if present.isdisjoint(needs) else p.search(sentence)
        if m and _np(m["f"]) != recipient:
            funder = _nominative(m["f"], "fa" in m.re.groupindex and m["fa"])
            break
    return funder, recipient


def _party(s: str | None) -> str | None:
    if not s:
        return None
    name = _np(s)
    return None if _NOT_A_PARTY.match(name) else name


def _np(s: str) -> str:
    s = normalize_space(s).rstrip(",")
    return s if s.endswith(("e. V.", "e.V.")) else s.rstrip(".")


def _nominative(np: str, article: str | bool | None) -> str:
    """'Landes Niedersachsen' after 'des' -> 'Land Niedersachsen'."""
    words = _np(np).split(" ")
    if article in ("des", "Des") and words:
        head = words[0]
        if head.endswith("es") and len(head) > 5 and head[-3] not in "aeiouäöü":
            words[0] = head[:-2]
        elif head.endswith("s") and not head.endswith("ss") and len(head) > 3:
            words[0] = head[:-1]
    return " ".join(words)


def _applies_from(sentence: str) -> str | None:
    m = _APPLIES_FROM.search(sentence)
    if m:
        value = normalize_space(m["v"])
        return value.replace("Haushaltsjahres", "Haushaltsjahr")
    f = _FISCAL_YEAR.search(sentence)
    return normalize_space(f[0]).replace("Haushaltsjahres", "Haushaltsjahr") if f else None


_LONGEST_ABBREV = max(map(len, _ABBREV))
_TRAILING_WORD = re.compile(r"\w*\Z")


def _sentence_bounds(text: str, last: int) -> list[int]:
    """Start offsets of the sentences of `text` (abbreviations and ordinals do not end one), up
    to the first one after offset `last` (the last amount's sentence ends there)."""
    bounds = [0]
    for m in _SENTENCE_BREAK.finditer(text):
        dot = m.start()
        if text[dot] == ".":
            # the word before the dot, as far back as the longest abbreviation and one more: a
            # word that long is no abbreviation, no ordinal and no initial, so it ends a sentence
            tail = _TRAILING_WORD.search(text, max(0, dot - _LONGEST_ABBREV - 1), dot)
            word = tail[0] if tail else ""  # `\w*\Z` always matches, if only the empty word
            if word.lower() in _ABBREV or (word.isdigit() and len(word) <= 2) or len(word) == 1:
                continue
        else:
            before = text[max(0, m.start() - 1) : m.start()]
            nxt = text[m.end() : m.end() + 1]
            if before and before not in '.!?:;"“”)' and nxt.islower():
                continue
        bounds.append(m.end())
        if m.end() > last:
            break
    return bounds
