"""Money in tables: budget tables read into one row per (table row, year column).

Budget documents (Haushaltsplan, Jahresabschluss, Gesamtabschluss, Konsolidierungslisten) hold
their amounts in tables: a header names the columns by year ("Ergebnis 2022", "Ansatz 2025",
"Plan 2026", "2027", "31.12.2022", "31. Dezember 2021"), each row names an item ("Ordentliche
Erträge", "Personalaufwendungen") and carries one amount per column. A `TableAmount` is one such
amount: the number in full currency units, the column's year and kind, the row's label, the page,
and the table's caption when one stands above it.

Two entry points share one reader:

- `extract_pdf_tables(pdf, max_pages)`: pages of an open `pypdfium2.PdfDocument`. Characters and
  their boxes rebuild words and lines (text set at a right angle, as on slides stored rotated,
  is turned upright first); columns come from positions.
- `extract_text_tables(text)`: text without positions (`File.text`, an HTML table as text). Lines
  laid out with runs of spaces are read by character offsets like a PDF page by points; cells
  separated by tabs or "|" are placed by their index; a header and a row written with single
  spaces are matched from the right when the row has one number per column (a row with gaps
  cannot be placed and gives nothing).

How a table is found and read (the geometry, in units of the page's character size):

1. A header line holds year cells: short phrases with one year each ("ERGEBNIS 2021",
   "Ansatz 2025", "31.12.22", "Stand 01.01.2022"); a span ("2013 bis 2020"), a date in a
   sentence ("Eingetreten am 22.07.2024") or a title at the margin ("Haushaltsplan 2025") is
   none. Lines right above and below it without amounts join the header ("Davon aus" over
   "2022", "Rechnungs-" | "ergebnis", "EUR EUR", "T€ T€"); a group header centred over several
   years ("Finanzplanung") names each of them. Every header phrase is a column band; a phrase
   over two number columns ("31. Dezember 2022" over the item and the subtotal) gives both its
   year.
2. Each number on the following lines belongs to the band it overlaps most (or the nearest one
   within a character and a half); a band grows by the numbers read into it (right-aligned
   numbers stand out of a centred header). Numbers under a year band are the table's cells;
   numbers under other bands ("Summe", "Veränderung", "Übertragung") are skipped. A bare year
   ("im Jahr 2024") and an amount with its currency in parentheses ("(120.188.933,65 €)", the
   previous year's, printed under a heading) are no cells. A header without a labelled number
   under its years on the next lines is no header (a chart axis, a sentence with a year).
3. The words left of a row's numbers are its label; leading position numbers ("1.2.3", "10 50",
   "01.2.01", "2. +/-", "A.") are its `code`. Neighbouring label lines hang together when the
   upper one is unfinished ("und", "-", ",", "aus", an adjective) or the lower one continues
   (lower case, "-zuschüsse", a preposition: "Am Mühlbach"); a group with a row's numbers is
   its label; a group closer to one row than to the next (numbers centred between a label's
   lines) belongs to it; otherwise it is a group heading ("1.2 Sachanlagevermögen") and no label.
4. The table ends at the next header, at prose running into the number columns, at a gap of
   more than 2.6 lines (or a quarter more than its widest gap so far), or after four lines
   without numbers. A table that runs to the foot of its page goes on at the top of the next
   one when that page starts with rows under the same columns (not with a section heading and
   its total, "2.4.7 Rechnungsabgrenzungsposten 484.335,49 €").
5. Above the header, the nearest text line within four lines (or the page's title) is the
   caption: amounts cut off, a heading set on several lines joined, of an introducing paragraph
   the last sentence; else a title in the header line itself ("Gewinn- und Verlustrechnung
   2024 2023"). A running header or footer (the first or last line of three pages or more) is
   never a caption.

Numbers: "1.234.567", "-12.345,6", "−80.332.545,87" (U+2212), "–5", trailing minus "1.234-",
"(1.234)" negative, "0", and a dash cell ("-", "–", "./.") meaning zero. A unit in the cell
("1.700 T€"), over the column ("T€", "in Tsd. EUR") or in the caption, the header or a sentence
just above ("Beträge in Tsd. EUR", "Alle Beträge in Mio. €.") scales the amount to full units;
`unit` keeps what was printed (None: the table states none). The currency is always "EUR"
(German council budgets).

Not read: tables whose years are rows, not columns; columns named without a year ("Vorjahr",
"lfd. Jahr"); a continuation page that does not line up with the last table; text only in
images (scans, charts drawn as pictures); a cell written with spaces as thousands separators.

Pure functions: no global state; the rows are frozen dataclasses of plain values (picklable, for
the worker processes of ratsinfo.documents).
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from statistics import median
from typing import TYPE_CHECKING, Any

from ratsinfo.extract.text import normalize_space

if TYPE_CHECKING:
    import pypdfium2

__all__ = ["TableAmount", "extract_pdf_tables", "extract_text_tables"]


@dataclass(frozen=True, slots=True)
class TableAmount:
    """One amount of a budget table: a (row, year column) cell."""

    amount: Decimal  # full currency units, two places: "1.700 T€" -> Decimal("1700000.00")
    currency: str  # ISO 4217, "EUR"
    year: int  # the column's year: "Ansatz 2025" -> 2025, "31.12.22" -> 2022
    kind: str | None  # the column's kind as printed: "Ergebnis", "ANSATZ", "Plan", "Davon aus"
    basis: str | None  # the kind read: "actual" (Ergebnis, Ist), "budget" (Ansatz, Plan, Soll),
    #                    "forecast" (Planung, Finanzplanung, Prognose), or None
    label: str  # the row's label, lines joined: "Summe ordentliche Erträge"
    code: str | None  # the row's leading position number(s) as printed: "100", "1.2.3", "10 50"
    column: str  # the column header as printed: "ERGEBNIS 2022", "31. Dezember 2021"
    cell: str  # the cell as printed: "-80.332.545,87", "-", "1.700 T€"
    unit: str | None  # the unit as printed where the table states one: "EUR", "T€", "in Tsd. EUR"
    caption: str | None  # the table's heading: "1.2 Gesamtergebnisrechnung"
    page: int  # 1-based (text: counted by form feeds)
    table: int  # 1-based number of the table in the document
    row: int  # 1-based number of the row in its table
    col: int  # 1-based number of the number column in its table (left to right)
    position: int  # 1-based order of the amount in the document


# --- geometry ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Word:
    x0: float
    x1: float
    text: str


@dataclass(frozen=True, slots=True)
class _Line:
    y: float  # baseline; larger is higher up (text lines: minus the line index)
    words: tuple[_Word, ...]  # left to right
    aligned: bool = True  # positions are real: PDF, or text laid out with runs of spaces

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class _Page:
    number: int
    lines: tuple[_Line, ...]  # top to bottom
    em: float  # horizontal unit: the size of a character (text: two character cells)
    pitch: float  # vertical unit: the usual distance of two lines


@dataclass(slots=True)
class _Band:
    x0: float
    x1: float
    header: str  # the header words over the band, top to bottom
    year: int | None
    kind: str | None = None
    unit: str | None = None
    m0: float = math.inf  # the extent numbers are matched against: the header and the numbers
    m1: float = -math.inf  # read into the band so far (right-aligned numbers stick out)

    def __post_init__(self) -> None:
        self.m0, self.m1 = min(self.m0, self.x0), max(self.m1, self.x1)


@dataclass(slots=True)
class _Row:
    y: float  # baseline of the line with the numbers
    parts: list[tuple[float, str]]  # label text per line (baseline, text), top to bottom
    cells: list[tuple[_Word, _Band]]
    code: str | None


@dataclass(slots=True)
class _Table:
    page: _Page
    caption: str | None
    bands: list[_Band]
    aligned: bool = True  # the header is laid out: numbers are placed by position, else by order
    rows: list[_Row] = field(default_factory=list)
    unit: str | None = None
    continued: bool = False  # the rest of the previous page's last table (no header here)
    last: int = 0  # index of the table's last line on its page


# --- cells: numbers, years, units -------------------------------------------------------------

_MINUS = "-−–"  # hyphen-minus, U+2212 minus, en dash
_NUMBER = re.compile(
    rf"(?P<sign>[{_MINUS}+])?\s?(?P<int>\d{{1,3}}(?:\.\d{{3}})+|\d+)"
    rf"(?P<dec>,\d+|,[-–]{{1,2}})?(?P<trail>[{_MINUS}])?"
)
_UNIT_SUFFIX = re.compile(
    r"\s?(?P<u>T\s?€|TEUR|T\s?EUR|Tsd\.?\s?(?:€|EUR|Euro)?|Mio\.?\s?(?:€|EUR|Euro)?|€|EUR|Euro)$"
)
_DASH = frozenset(["-", "–", "—", "−", "./.", "-/-", "--", "–/–"])
_UNIT = re.compile(
    r"(?<![\w€])(?:(?:in\s+)?(?:Tsd\.?|Tausend|T)\s?(?:€|EUR\b|Euro\b)|TEUR\b|T€"
    r"|(?:in\s+)?(?:Mio\.?|Millionen)\s?(?:€|EUR\b|Euro\b)|(?:in\s+)?(?:€|EUR\b|Euro\b))"
)
_SENTENCE_END = re.compile(  # not after "Tsd.", "Nr.", "bzw."
    r"(?:(?<=[A-Za-zÄÖÜäöüß]{4}[a-zäöüß][.!?])|(?<=\)[.!?]))\s+(?=[A-ZÄÖÜ])"
)
_COLUMN_NAMES = frozenset(
    [
        "Bezeichnung", "Position", "Positionen", "Pos.", "Nr.", "Konto", "Konten", "Name",
        "Maßnahme", "Maßnahmen", "Produkt", "Beschreibung", "Art", "Ertragsart", "Aufwandsart",
        "Kontenart", "Sachkonto", "Investition",
    ]
)  # fmt: skip
_PAREN_NOTE = re.compile(r"^\(.*(?:€|EUR|Euro)\)$")
_UNIT_LINE = re.compile(
    r"^\(?(?:(?:alle\s+)?(?:Beträge|Angaben|Werte|Zahlen)\s+)?(?:in\s+)?"
    r"(?:(?:Tsd\.?|Tausend|T|Mio\.?|Millionen)\s?)?(?:€|EUR|Euro)\)?:?$"
)
_THOUSAND = re.compile(r"^(?:in\s+)?(?:Tsd|Tausend|T)\b|^TEUR|^T€")
_MILLION = re.compile(r"^(?:in\s+)?(?:Mio|Millionen)")
_YEAR_WORD = re.compile(r"^\(?((?:19|20)\d\d)\)?[:,]?$")
_DATE_WORD = re.compile(r"^\(?\d{1,2}\.\d{1,2}\.((?:19|20)?\d\d)\)?[:,]?$")
_MONTH = re.compile(
    r"^(?:\d{1,2}\.|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember)$"
)
_KIND_WORDS = frozenset(
    (
        "Ergebnis Ergebnisse Rechnungsergebnis Ist Ist-Ergebnis vorl. vorläufiges Jahresabschluss"
        " Abschluss Ansatz Haushaltsansatz Plan Haushaltsplan Wirtschaftsplan Soll HH HHJ"
        " Haushaltsjahr Entwurf Planung Finanzplanung Prognose Hochrechnung Schätzung Stand Wert"
        " Vorjahr"
    )
    .casefold()
    .split()
)
_BASIS = (
    (
        "forecast",
        re.compile(r"planung|finanzplan|prognose|hochrechnung|schätzung|mittelfrist", re.I),
    ),
    ("budget", re.compile(r"ansatz|plan|soll|entwurf|veranschlag|^hh", re.I)),
    ("actual", re.compile(r"ergebnis|\bist\b|abschluss|rechnung", re.I)),
)
_ADJECTIVE = re.compile(r"^[a-zäöüß][a-zäöüß]+(?:e|er|es|em|en)$")
_VERBS = frozenset(
    ["sind", "werden", "wurden", "worden", "haben", "hatten", "können", "müssen", "sollen",
     "dürfen", "wollen", "geben", "ergeben", "betragen", "bestehen", "gehen", "stehen"]
)  # fmt: skip
_PREPOSITIONS = frozenset(
    ["Am", "Im", "An", "Auf", "In", "Zum", "Zur", "Für", "Von", "Vom", "Mit", "Bei", "Nach"]
)
_PROSE_DATE = frozenset(["am", "vom", "den", "seit", "ab", "im", "von", "bei", "nach"])
_RANGE = frozenset(["bis", "-", "–", "—"])
_LETTERS = re.compile(r"[A-Za-zÄÖÜäöüß]")
_AMOUNT_LIKE = re.compile(r"\d\.\d{3}|,\d")
_WORDLIKE = re.compile(r"[A-Za-zÄÖÜäöüß]{4}")
_CODE = re.compile(
    r"^(?:\d[\dA-Za-z.,\-/]*|[A-Z]{1,4}\d+[-.][\dA-Z.\-]*|[+\-−–=/]{1,3}|\(?[a-z]\)"
    r"|[A-Z]\.|[IVX]{1,4}\.)$"
)
_CONTINUES = re.compile(
    r"(?:[-,/(&+]|\b(?:und|oder|sowie|bzw\.|des|der|die|das|den|dem|für|aus|von|vom|zum|zur|zu"
    r"|mit|im|in|an|auf|bei|u\.|einschl\.|inkl\.|gem\.|nach|über|gegen|allg\.|sonst\.))$"
)


@dataclass(frozen=True, slots=True)
class _Value:
    amount: Decimal
    unit: str | None


def _number(text: str) -> _Value | None:
    """The value of a table cell, or None when the cell is not a number."""
    t = text.strip()
    if t in _DASH:
        return _Value(Decimal(0), None)
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1].strip()
    unit: str | None = None
    m = _UNIT_SUFFIX.search(t)
    if m and m.start() > 0:
        unit, t = m["u"], t[: m.start()].rstrip()
    n = _NUMBER.fullmatch(t)
    if n is None or (n["sign"] and n["trail"]):
        return None
    digits = n["int"].replace(".", "")
    dec = n["dec"] or ""
    value = Decimal(f"{digits}.{dec[1:]}" if dec[1:].isdigit() else digits)
    if negative or (n["sign"] and n["sign"] != "+") or n["trail"]:
        value = -value
    return _Value(value, unit)


def _cell_value(text: str) -> _Value | None:
    """The value of a data cell: a number, but not a bare year ("2024" in "im Jahr 2024") nor
    an amount noted in parentheses with its currency ("(120.188.933,65 €)": last year's)."""
    if _year(text) is not None or _PAREN_NOTE.match(text):
        return None
    return _number(text)


def _is_amount(text: str) -> bool:
    """A number that cannot be part of a header: not "1" in "bis 1 Jahr"."""
    return _is_number(text) and (bool(re.search(r"[.,]", text)) or len(text.strip("-−–+()")) > 2)


def _is_number(text: str) -> bool:
    return text.strip() not in _DASH and _number(text) is not None


def _year(text: str) -> int | None:
    m = _YEAR_WORD.match(text) or _DATE_WORD.match(text)
    if m is None:
        return None
    y = int(m[1])
    y = y + 2000 if y < 100 else y
    return y if 1950 <= y <= 2100 else None


def _scale(unit: str | None) -> Decimal:
    if not unit:
        return Decimal(1)
    if _THOUSAND.match(unit):
        return Decimal(1000)
    if _MILLION.match(unit):
        return Decimal(1_000_000)
    return Decimal(1)


def _basis(kind: str | None) -> str | None:
    if not kind:
        return None
    for name, pattern in _BASIS:
        if pattern.search(kind):
            return name
    return None


# --- lines to tables --------------------------------------------------------------------------


def _merge_signs_and_units(words: Sequence[_Word], em: float) -> tuple[_Word, ...]:
    """Join a lone sign to the number after it and a unit to the number before it."""
    out: list[_Word] = []
    for w in words:
        prev = out[-1] if out else None
        close = prev is not None and w.x0 - prev.x1 <= 0.8 * em
        if prev and close and prev.text in ("-", "−", "–", "+") and w.text[:1].isdigit():
            out[-1] = _Word(prev.x0, w.x1, prev.text + w.text)
        elif (
            prev
            and close
            and prev.text not in _DASH
            and prev.text[:2].lstrip("(-−–+")[:1].isdigit()
            and _number(prev.text + " " + w.text) is not None
            and _number(prev.text + " " + w.text) != _number(prev.text)
        ):
            out[-1] = _Word(prev.x0, w.x1, prev.text + " " + w.text)
        elif prev and close and _AMOUNT_LIKE.search(prev.text) and w.text in ("-", "−", "–"):
            # trailing minus set apart: "1.234 -"
            if _number(prev.text + w.text) is not None:
                out[-1] = _Word(prev.x0, w.x1, prev.text + w.text)
            else:
                out.append(w)
        else:
            out.append(w)
    return tuple(out)


def _phrases(line: _Line, em: float) -> list[list[_Word]]:
    """Words set close together (less than about one character apart)."""
    out: list[list[_Word]] = []
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 < 0.95 * em:
            out[-1].append(w)
        else:
            out.append([w])
    return out


@dataclass(slots=True)
class _HeaderCell:
    x0: float
    x1: float
    words: list[str]
    year: int | None


def _cell(words: Sequence[_Word], year: int | None) -> _HeaderCell:
    return _HeaderCell(words[0].x0, words[-1].x1, [w.text for w in words], year)


def _header_cells(line: _Line, em: float) -> list[_HeaderCell] | None:
    """The cells of a line that can head a table: at least one short phrase with a year; no
    amounts, no prose with a year in it."""
    cells: list[_HeaderCell] = []
    has_year = False
    for phrase in _phrases(line, em):
        years = [i for i, w in enumerate(phrase) if _year(w.text) is not None]
        if any(b - a == 2 and phrase[a + 1].text in _RANGE for a, b in itertools.pairwise(years)):
            years = []  # a span of years ("2013 bis 2020"), not columns
        if any(_is_amount(w.text) for i, w in enumerate(phrase) if i not in years):
            return None
        if not years:
            cells.append(_cell(phrase, None))
            continue
        if any(w.text in _PROSE_DATE for w in phrase[: years[0]]):
            return None  # "Eingetreten am 22.07.2024": a date in a sentence
        if len(years) == 1 and len(phrase) <= 5:
            cells.append(_cell(phrase, _year(phrase[years[0]].text)))
            has_year = True
            continue
        if len(years) == 1:
            return None  # a sentence with a year in it
        # several years in one phrase ("2013 2014 2015", "ERGEBNIS 2021 ERGEBNIS 2022"): one cell
        # per year, with the kind words right before it; other words stand alone
        start = 0
        for k, i in enumerate(years):
            j = i
            while j > start and phrase[j - 1].text.casefold() in _KIND_WORDS:
                j -= 1
            if j > start:
                cells.append(_cell(phrase[start:j], None))
            end = i + 1
            cells.append(_cell(phrase[j:end], _year(phrase[i].text)))
            start = end
            if k == len(years) - 1:
                cells.extend(_cell([w], None) for w in phrase[end:])
        has_year = True
    return cells if has_year else None


def _short_text_line(line: _Line, em: float) -> list[_HeaderCell] | None:
    """A header line without years ("Davon aus", "EUR EUR", "T€"): short phrases, no amounts."""
    cells: list[_HeaderCell] = []
    for phrase in _phrases(line, em):
        if len(phrase) > 4 or any(_is_amount(w.text) for w in phrase):
            return None
        cells.append(_cell(phrase, None))
    return cells


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _band_of(w: _Word, bands: Sequence[_Band], em: float) -> _Band | None:
    best: tuple[float, _Band] | None = None
    for b in bands:
        ov = _overlap(w.x0, w.x1, b.m0, b.m1)
        if ov >= -1.5 * em and (best is None or ov > best[0]):
            best = (ov, b)
    return best[1] if best else None


def _unit_of(texts: Iterable[str]) -> str | None:
    for t in texts:
        m = _UNIT.search(t)
        if m:
            return normalize_space(m[0])
    return None


def _kind(words: Sequence[str]) -> str | None:
    kept = [
        w
        for w in words
        if _year(w) is None and not _MONTH.match(w) and not _UNIT.fullmatch(w) and w not in "()"
    ]
    text = normalize_space(" ".join(kept)).strip("():,")
    return text or None


class _Reader:
    """Finds and reads the tables of one page."""

    def __init__(self, page: _Page, furniture: frozenset[str]) -> None:
        self.page = page
        self.em = page.em
        self.pitch = page.pitch
        self.lines = [
            _Line(ln.y, _merge_signs_and_units(ln.words, page.em), ln.aligned)
            for ln in page.lines
            if _furniture_key(ln) not in furniture
        ]
        self.left = min((ln.words[0].x0 for ln in self.lines if ln.words), default=0.0)

    def tables(self, carry: _Table | None = None) -> list[_Table]:
        """The tables of the page; `carry`: the previous page's last table, when it ran to the
        foot of that page (its rows may go on here without a header)."""
        out: list[_Table] = []
        i = 0
        if carry is not None and carry.aligned:
            bands = [replace(b) for b in carry.bands]
            rest = _Table(self.page, carry.caption, bands, unit=carry.unit, continued=True)
            i = self._rows(rest, 0)
            if rest.rows and not _heading_total(rest, carry):
                out.append(rest)
            else:
                i = 0
        while i < len(self.lines):
            cells = _header_cells(self.lines[i], self.em)
            if cells is None:
                i += 1
                continue
            built = self._table_at(i, cells, out[-1] if out else None)
            if built is None:
                i += 1
                continue
            table, end = built
            out.append(table)
            i = end
        return out

    # the header block and its bands

    def _table_at(
        self, h: int, cells: list[_HeaderCell], previous: _Table | None
    ) -> tuple[_Table, int] | None:
        lines = self.lines
        year_cells = [c for c in cells if c.year is not None]
        if len(cells) == 1 and cells[0].x0 <= self.left + 2 * self.em:
            return None  # a title with a year ("Haushaltsplan 2025"), not a column header
        top, bottom = h, h
        block: dict[int, list[_HeaderCell]] = {h: cells}
        x_min = min(c.x0 for c in year_cells) - self.em
        # lines above ("Davon aus" over "2022") and below ("EUR", "T€") that carry no amounts
        for step in (-1, 1):
            k = h
            for _ in range(3):
                n = k + step
                reach = (1.6 if step < 0 else 2.1) * self.pitch  # "EUR" lines sit lower
                if not 0 <= n < len(lines) or abs(lines[n].y - lines[k].y) > reach:
                    break
                extra = _short_text_line(lines[n], self.em)
                if extra is None or not lines[h].aligned:
                    break
                if any(c.x0 < self.left + 2 * self.em and c.x1 > x_min for c in extra):
                    break  # a caption running from the margin over the columns
                tight = abs(lines[n].y - lines[k].y) <= 0.8 * self.pitch
                if not any(c.x1 > x_min for c in extra) and not tight:
                    break
                if step > 0 and any(_header_cells(lines[n], self.em) or []):
                    break
                block[n] = extra
                k = n
            if step < 0:
                top = k
            else:
                bottom = k
        bands = self._bands(block, h)
        if not any(b.year is not None for b in bands):
            return None
        table = _Table(self.page, None, bands, aligned=lines[h].aligned)
        end = self._rows(table, bottom + 1)
        if not table.rows:
            return None
        header_texts = [ln.text for n, ln in enumerate(lines) if top <= n <= bottom]
        table.caption, caption_unit = self._caption(top, previous)
        if table.caption is None:
            # a title in the header line itself: "Gewinn- und Verlustrechnung  2024  2023"
            left = [" ".join(c.words) for c in cells if c.year is None and c.x1 < x_min]
            if left and len(_LETTERS.findall(left[0])) >= 3 and left[0] not in _COLUMN_NAMES:
                table.caption = left[0]
        table.unit = _unit_of(header_texts) or caption_unit
        return table, end

    def _bands(self, block: dict[int, list[_HeaderCell]], h: int) -> list[_Band]:
        bands = [_Band(c.x0, c.x1, " ".join(c.words), c.year) for c in block[h]]
        years = [b for b in bands if b.year is not None]
        parts: dict[int, dict[int, str]] = {id(b): {h: b.header} for b in bands}
        for n in sorted(k for k in block if k != h):
            claimed: dict[int, str] = {}
            for c in block[n]:
                text = " ".join(c.words)
                over = [i for i, b in enumerate(years) if _overlap(c.x0, c.x1, b.x0, b.x1) > 0]
                if not over:
                    if not any(_overlap(c.x0, c.x1, b.x0, b.x1) > 0 for b in bands):
                        bands.append(_Band(c.x0, c.x1, text, None))
                    continue
                for i in over:
                    claimed.setdefault(i, text)
                if n < h and len(over) == 1:
                    b = years[over[0]]
                    b.x0, b.x1 = min(b.x0, c.x0), max(b.x1, c.x1)
                    b.m0, b.m1 = b.x0, b.x1
            if n < h:
                # a group header centred over its columns ("Finanzplanung" over 2026 to 2028)
                # reaches as far to both sides as the columns there have no header of their own
                for i, text in list(claimed.items()):
                    if sum(1 for t in claimed.values() if t == text) > 1:
                        continue
                    k = 1
                    while (
                        i - k >= 0 and i + k < len(years) and not ({i - k, i + k} & claimed.keys())
                    ):
                        claimed[i - k] = claimed[i + k] = text
                        k += 1
            for i, text in claimed.items():
                mine = parts[id(years[i])]
                if n > h and any(t == text for t in mine.values()):
                    continue  # "EUR" once under a header over two columns
                mine[n] = text
        for b in years:
            b.header = _join_label([t for _, t in sorted(parts[id(b)].items())])
            b.kind = _kind(b.header.split(" "))
            b.unit = _unit_of([b.header])
        bands.sort(key=lambda b: b.x0)
        return bands

    # rows

    def _rows(self, table: _Table, start: int) -> int:
        """Read the rows below the header; the index of the first line after the table."""
        lines, em, pitch = self.lines, self.em, self.pitch
        year_bands = [b for b in table.bands if b.year is not None]
        area = min(b.x0 for b in year_bands) - 0.5 * em
        value_bands = [b for b in table.bands if b.x1 > area] or year_bands
        anchors: dict[int, _Row] = {}
        floating: list[int] = []
        last = start - 1
        idle = 0
        widest = 0.0  # the widest gap between two lines of the table so far
        for n in range(start, len(lines)):
            line = lines[n]
            gap = abs(lines[last].y - line.y) if last >= 0 else 0.0
            if gap > max(2.6 * pitch, 1.25 * widest):
                break
            widest = max(widest, gap)
            head = _header_cells(line, em)
            if head and any(c.year is not None and c.x1 > area for c in head):
                break
            if table.aligned:
                row = self._row(line, table.bands)
            else:
                row = self._row_by_order(line, value_bands)
            if row is not None:
                anchors[n] = row
                idle = 0
            else:
                if any(w.x1 > area and _WORDLIKE.search(w.text) for w in line.words):
                    break  # prose running into the number columns
                if any(
                    _is_number(w.text) and w.x1 > area and _band_of(w, table.bands, em) is None
                    for w in line.words
                ):
                    break  # numbers of another layout
                idle += 1
                if idle > (4 if anchors else 6):
                    break
                floating.append(n)
            last = n
        if not anchors:
            return start
        end = max(anchors)
        attached = self._attach(anchors, [f for f in floating if f < end + 3])
        table.last = max([end, *attached])
        table.rows = [anchors[n] for n in sorted(anchors)]
        if not any(_join_label([t for _, t in r.parts]) for r in table.rows):
            table.rows = []  # numbers without labels: the scale of a chart
        return table.last + 1

    def _row(self, line: _Line, bands: Sequence[_Band]) -> _Row | None:
        words = line.words
        band_of = [
            None if _cell_value(w.text) is None else _band_of(w, bands, self.em) for w in words
        ]
        first = next(
            (i for i, b in enumerate(band_of) if b is not None and b.year is not None), None
        )
        area = min(b.x0 for b in bands if b.year is not None) - 0.5 * self.em
        if first is None:
            return None
        if any(
            band_of[i] is None and _WORDLIKE.search(w.text) and w.x1 > area
            for i, w in enumerate(words)
        ):
            return None  # words among the numbers: prose
        # numbers right before the first year cell belong to other number columns ("Summe",
        # "Übertragung"); position numbers under "Pos." or "Konten" stay with the label
        start = first
        while start > 0 and (b := band_of[start - 1]) is not None:
            if b.x1 <= area and not _AMOUNT_LIKE.search(words[start - 1].text):
                break
            start -= 1
        cells = [(w, b) for w, b in zip(words, band_of, strict=True) if b and b.year is not None]
        for w, b in zip(words[start:], band_of[start:], strict=True):
            if b is not None:
                b.m0, b.m1 = min(b.m0, w.x0), max(b.m1, w.x1)
        if start == 0 and all(w.text in _DASH for w, _ in cells):
            return None  # dashes without a label: a rule, not a row
        code, label = _split_code([w.text for w in words[:start]])
        return _Row(line.y, [(line.y, " ".join(label))], cells, code)

    def _row_by_order(self, line: _Line, value_bands: Sequence[_Band]) -> _Row | None:
        """A table written without layout ("Konto Bezeichnung Ansatz 2024 Plan 2025"): the
        numbers at the end of a line, one per column, in order."""
        words = line.words
        k = len(words)
        while k > 0 and _cell_value(words[k - 1].text) is not None:
            k -= 1
        run = words[k:]
        if k == 0 or len(run) != len(value_bands):
            return None
        cells = [(w, b) for w, b in zip(run, value_bands, strict=True) if b.year is not None]
        if not cells:
            return None
        code, label = _split_code([w.text for w in words[:k]])
        return _Row(line.y, [(line.y, " ".join(label))], cells, code)

    def _attach(self, anchors: dict[int, _Row], floating: list[int]) -> list[int]:
        """Give the label lines without numbers to the row they continue; the lines given.

        Neighbouring lines hang together when the upper one ends unfinished ("und", "-", ",",
        a word in lower case) or the lower one starts in lower case; a group of such lines
        with a row's numbers in it is that row's label. A group without numbers belongs to the
        row it is set closer to (labels set around numbers centred between them); otherwise it
        is a group heading ("1.2 Sachanlagevermögen", "Gebäudewirtschaft") and no label."""
        lines, pitch = self.lines, self.pitch
        text_of: dict[int, str] = {}
        code_of: dict[int, str | None] = {}
        for n, row in anchors.items():
            text_of[n], code_of[n] = row.parts[0][1], row.code
        for f in floating:
            code, rest = _split_code([w.text for w in lines[f].words])
            if rest:  # not position numbers alone ("62,63,640-")
                text_of[f], code_of[f] = " ".join(rest), code
        order = sorted(text_of)
        groups: list[list[int]] = []
        for n in order:
            prev = groups[-1][-1] if groups else None
            linked = (
                prev is not None
                and n - prev <= 2
                and not (prev in anchors and n in anchors)
                and lines[prev].y - lines[n].y <= 1.6 * pitch
                and (n in anchors or code_of[n] is None)
                and (_unfinished(self._flow_text(prev, text_of)) or _continuation(text_of[n]))
            )
            if linked:
                groups[-1].append(n)
            else:
                groups.append([n])
        attached: list[int] = []
        for group in groups:
            members = [n for n in group if n in anchors]
            if not members:
                target = self._nearest_row(group, anchors)
                if target is None:
                    continue
                members = [target]
                group = [*group, target]
            for n in group:
                if n in anchors:
                    continue
                row = anchors[max((a for a in members if a < n), default=members[0])]
                row.parts.append((lines[n].y, text_of[n]))
                attached.append(n)
        for row in anchors.values():
            row.parts.sort(key=lambda p: -p[0])
        return attached

    def _flow_text(self, n: int, text_of: dict[int, str]) -> str:
        """The text a following line would continue: a row's label, or for a number line
        without a label the label line above it."""
        if text_of[n] or n - 1 not in text_of:
            return text_of[n]
        return text_of[n - 1]

    def _nearest_row(self, group: list[int], anchors: dict[int, _Row]) -> int | None:
        """The row a group of label lines is set closer to, if one is clearly closer."""
        lines = self.lines
        first, last = group[0], group[-1]
        if _split_code([w.text for w in lines[first].words])[0] is not None:
            return None  # a numbered group heading
        above = max((n for n in anchors if n < first), default=None)
        below = min((n for n in anchors if n > last), default=None)
        da = lines[above].y - lines[first].y if above is not None else math.inf
        db = lines[last].y - lines[below].y if below is not None else math.inf
        near, dn, df = (above, da, db) if da < db else (below, db, da)
        if near is not None and dn < 0.8 * df and dn < 0.9 * self.pitch:
            return near
        return None

    # caption

    def _caption(self, top: int, previous: _Table | None) -> tuple[str | None, str | None]:
        lines = self.lines
        head_y = lines[top].y
        unit: str | None = None
        for n in range(top - 1, -1, -1):
            line = lines[n]
            # the nearest line within four lines, or the title at the head of the page
            if line.y - head_y > (12 if n == 0 else 4) * self.pitch:
                if n == 0 or lines[0].y - head_y > 12 * self.pitch:
                    break
                continue
            unit = unit or _unit_of([line.text])
            text = _caption_text(line)
            if len(_LETTERS.findall(text)) < 3 or _UNIT_LINE.match(text):
                continue  # "(120.188.933,65 €)", "Beträge in EUR"
            if previous is not None and any(r.y == line.y for r in previous.rows):
                return None, unit
            # a heading set on several lines: "Forderungen aus Zuweisungen," | "-zuschüssen"
            for k in range(n - 1, max(-1, n - 3), -1):
                up = lines[k]
                if up.y - lines[k + 1].y > 1.5 * self.pitch or _header_cells(up, self.em):
                    break
                up_text = _caption_text(up)
                if not (_CONTINUES.search(up_text) or text[:1].islower() or text[:1] in "-–"):
                    break
                text = _join_label([up_text, text])
            # of a sentence before the table, the last one introduces it
            text = _SENTENCE_END.split(text)[-1]
            # the unit may be stated a little further up: "Alle Beträge in Mio. €." | caption
            for k in range(n - 1, max(-1, n - 4), -1):
                if unit or lines[k].y - line.y > 4 * self.pitch:
                    break
                if previous is not None and any(r.y == lines[k].y for r in previous.rows):
                    break
                unit = _unit_of([lines[k].text])
            return text, unit
        return None, unit


def _caption_text(line: _Line) -> str:
    """A line as printed, without its amounts ("2.4.2 Sachanlagevermögen 121.551.197,69 €")."""
    text = normalize_space(
        " ".join(w.text for w in line.words if not (_is_amount(w.text) and _year(w.text) is None))
    )
    text = re.sub(r"\(\s*\)", "", text).strip()
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    return text


def _unfinished(text: str) -> bool:
    """A label line that goes on in the next line: "Forderungen aus", "Sach- und", "Roh-,",
    "Bestandsveränderungen und aktivierte"."""
    last = text.rsplit(" ", 1)[-1] if text else ""
    # an adjective before the noun on the next line; not a verb ending a clause ("sind")
    adjective = bool(_ADJECTIVE.match(last)) and last not in _VERBS and not last.startswith("zu")
    return bool(_CONTINUES.search(text)) or adjective


def _continuation(text: str) -> bool:
    """A label line that continues the line above: "gesetzlichen Umlagen", "-zuschüsse",
    "Am Mühlbach" (a label does not start with a preposition)."""
    first = text.split(" ", 1)[0]
    return text[:1].islower() or text[:1] in "-–" or first in _PREPOSITIONS


def _heading_total(rest: _Table, carry: _Table) -> bool:
    """Whether what seemed to continue a table is a section heading with its total
    ("2.4.7 Rechnungsabgrenzungsposten 484.335,49 €"): a unit in the cell where the table's
    cells had none."""
    first = rest.rows[0]
    suffixed = any((v := _number(w.text)) is not None and v.unit for w, _ in first.cells)
    before = any(
        (v := _number(w.text)) is not None and v.unit for r in carry.rows for w, _ in r.cells
    )
    return suffixed and not before


def _split_code(words: Sequence[str]) -> tuple[str | None, list[str]]:
    """Leading position numbers ("1.2.3", "10", "548-549", "+/-") and the label after them."""
    words = [w for w in words if not _PAREN_NOTE.match(w)]  # "(511.997,07 €)": last year's
    k = 0
    while k < len(words) and _CODE.match(words[k]) and not _is_plain_label(words, k):
        k += 1
    code = " ".join(words[:k]) or None
    return code, list(words[k:])


def _is_plain_label(words: Sequence[str], k: int) -> bool:
    # "3er", "5%": a number that is part of the label
    return bool(re.match(r"^\d+(?:er|%)$", words[k]))


def _furniture_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", normalize_space(line.text))


def _furniture(pages: Sequence[_Page]) -> frozenset[str]:
    """The first or last line of three pages or more: running headers, footers, page numbers
    (a table header repeated on every page stands lower and stays)."""
    if len(pages) < 3:
        return frozenset()
    counts: Counter[str] = Counter()
    for p in pages:
        edge = {_furniture_key(ln) for ln in (*p.lines[:1], *p.lines[-1:])}
        counts.update(edge)
    return frozenset(k for k, c in counts.items() if c >= 3 and k)


def _amounts(pages: Sequence[_Page]) -> list[TableAmount]:
    furniture = _furniture(pages)
    out: list[TableAmount] = []
    table_no = row_no = 0
    carry: _Table | None = None
    for page in pages:
        reader = _Reader(page, furniture)
        tables = reader.tables(carry)
        # a table that runs to the foot of its page may go on at the top of the next one
        carry = tables[-1] if tables and tables[-1].last >= len(reader.lines) - 2 else None
        for table in tables:
            if not table.continued:
                table_no, row_no = table_no + 1, 0
            col_no = _columns(table)
            for row in table.rows:
                row_no += 1
                label = _join_label([t for _, t in row.parts])
                for w, b in row.cells:
                    value = _cell_value(w.text)
                    if value is None:
                        continue
                    unit = value.unit or b.unit or table.unit
                    out.append(
                        TableAmount(
                            amount=(value.amount * _scale(unit)).quantize(Decimal("0.01")),
                            currency="EUR",
                            year=b.year if b.year is not None else 0,
                            kind=b.kind,
                            basis=_basis(b.kind),
                            label=label,
                            code=row.code,
                            column=b.header,
                            cell=w.text,
                            unit=unit,
                            caption=table.caption,
                            page=page.number,
                            table=table_no,
                            row=row_no,
                            col=col_no.get(id(w), 0),
                            position=len(out) + 1,
                        )
                    )
    return out


def _columns(table: _Table) -> dict[int, int]:
    """Number columns of a table: the cells of a band grouped by overlapping extents, numbered
    left to right (a table without layout: its year columns in order)."""
    if not table.aligned:
        years = [b for b in table.bands if b.year is not None]
        return {id(w): years.index(b) + 1 for r in table.rows for w, b in r.cells}
    groups: list[tuple[float, float, list[_Word]]] = []
    for b in sorted(
        {id(b): b for r in table.rows for _, b in r.cells}.values(), key=lambda b: b.x0
    ):
        words = sorted((w for r in table.rows for w, bb in r.cells if bb is b), key=lambda w: w.x0)
        mine: list[tuple[float, float, list[_Word]]] = []
        for w in words:
            hit = next((g for g in mine if _overlap(w.x0, w.x1, g[0], g[1]) > 0), None)
            if hit is None:
                mine.append((w.x0, w.x1, [w]))
            else:
                mine.remove(hit)
                mine.append((min(hit[0], w.x0), max(hit[1], w.x1), [*hit[2], w]))
        groups.extend(sorted(mine, key=lambda g: g[0]))
    return {id(w): k for k, g in enumerate(groups, 1) for w in g[2]}


def _join_label(parts: Sequence[str]) -> str:
    out = ""
    for part in parts:
        t = normalize_space(part)
        if not t:
            continue
        if not out:
            out = t
        elif re.search(r"[A-Za-zÄÖÜäöüß]-$", out) and t[:1].islower():
            out = out[:-1] + t
        elif out.endswith(("-", "/")):
            out += t
        else:
            out += " " + t
    return out


# --- text -------------------------------------------------------------------------------------

_SPACED = re.compile(r"\S(?:\s{2,}|\t)\S")
_CELL_SEP = re.compile(r"\t|\s\|\s|^\||\|$")


def extract_text_tables(text: str) -> list[TableAmount]:
    """The amounts of the budget tables in plain text (pages separated by form feeds)."""
    pages: list[_Page] = []
    for k, chunk in enumerate(text.replace("\r\n", "\n").split("\f"), 1):
        lines: list[_Line] = []
        for i, raw in enumerate(chunk.split("\n")):
            words = _text_words(raw)
            if words:
                aligned = bool(_SPACED.search(raw) or _CELL_SEP.search(raw))
                lines.append(_Line(-float(i), words, aligned))
        pages.append(_Page(k, tuple(lines), em=2.0, pitch=1.0))
    return _amounts(pages)


def _text_words(raw: str) -> tuple[_Word, ...]:
    line = raw.rstrip()
    if _CELL_SEP.search(line):
        cells = [c for c in re.split(r"\t|\|", line)]
        out: list[_Word] = []
        for i, cell in enumerate(cells):
            for m in re.finditer(r"\S+", cell):
                base = 1000.0 * i
                out.append(_Word(base + m.start(), base + m.end(), m[0]))
        return tuple(out)
    return tuple(_Word(float(m.start()), float(m.end()), m[0]) for m in re.finditer(r"\S+", line))


# --- PDF --------------------------------------------------------------------------------------


def extract_pdf_tables(
    pdf: pypdfium2.PdfDocument, max_pages: int, first_page: int = 0
) -> list[TableAmount]:
    """The amounts of the budget tables on pages first_page .. first_page + max_pages - 1
    (0-based) of an open PDF; `page` in the rows is 1-based."""
    end = min(len(pdf), first_page + max(0, max_pages))
    pages = [_pdf_page(pdf, i) for i in range(max(0, first_page), end)]
    return _amounts(pages)


@dataclass(frozen=True, slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    oy: float  # baseline
    size: float  # height of the font's box around the character


def _pdf_page(pdf: pypdfium2.PdfDocument, index: int) -> _Page:
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            chars = list(_pdf_chars(textpage, pdfium_c))
        finally:
            textpage.close()
    finally:
        page.close()
    heights = [c.y1 - c.y0 for c in chars if c.text.isdigit() or c.text.isupper()]
    em = (median(heights) / 0.7) if heights else 10.0
    words = _pdf_words(chars, em)
    lines = _group_lines(words, em)
    gaps = [a.y - b.y for a, b in itertools.pairwise(lines) if 0.9 * em <= a.y - b.y <= 2.5 * em]
    pitch = median(gaps) if gaps else 1.2 * em
    pitch = min(max(pitch, 1.0 * em), 3.0 * em)
    return _Page(index + 1, tuple(lines), em=em, pitch=pitch)


def _pdf_chars(textpage: Any, c: Any) -> Iterator[_Char]:
    n = textpage.count_chars()
    raw: list[tuple[str, float, tuple[float, float, float, float], float, float, float]] = []
    angles: Counter[int] = Counter()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for i in range(n):
        code = c.FPDFText_GetUnicode(textpage, i)
        ch = "-" if code in (0xFFFE, 0x00AD, 0x0002) else chr(code)
        if ch.isspace() or code == 0:
            raw.append((" ", 0.0, (0.0, 0.0, 0.0, 0.0), 0.0, 0.0, 0.0))
            continue
        angle = c.FPDFText_GetCharAngle(textpage, i)
        box = textpage.get_charbox(i)
        loose = textpage.get_charbox(i, loose=True)
        size = max(abs(loose[3] - loose[1]), abs(loose[2] - loose[0]) if angle > 0.1 else 0.0)
        c.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        raw.append((ch, angle, box, ox.value, oy.value, size))
        quarter = round(angle / (math.pi / 2)) % 4 if angle >= 0 else 0
        angles[quarter] += 1
    if not angles:
        return
    quarter = angles.most_common(1)[0][0]
    theta = quarter * math.pi / 2
    cos, sin = round(math.cos(theta)), round(math.sin(theta))
    for ch, angle, (left, bottom, right, top), x, y, size in raw:
        if ch == " ":
            yield _Char(" ", 0, 0, 0, 0, 0, 0)
            continue
        q = round(angle / (math.pi / 2)) % 4 if angle >= 0 else 0
        if q != quarter:
            yield _Char(" ", 0, 0, 0, 0, 0, 0)
            continue
        # pdfium measures the angle clockwise: turn the text back upright
        xs = [px * cos - py * sin for px in (left, right) for py in (bottom, top)]
        ys = [px * sin + py * cos for px in (left, right) for py in (bottom, top)]
        yield _Char(ch, min(xs), max(xs), min(ys), max(ys), x * sin + y * cos, size)


def _pdf_words(chars: Iterable[_Char], em: float) -> list[tuple[float, _Word]]:
    """Words in content order: a space, a jump to another baseline, a step back or a gap ends a
    word."""
    out: list[tuple[float, _Word]] = []
    cur: list[_Char] = []

    def flush() -> None:
        if cur:
            out.append(
                (cur[0].oy, _Word(min(c.x0 for c in cur), max(c.x1 for c in cur),
                                  "".join(c.text for c in cur)))
            )  # fmt: skip
            cur.clear()

    for ch in chars:
        if ch.text == " ":
            flush()
            continue
        if cur:
            last = cur[-1]
            size = max(ch.size, last.size) * 0.8 or em  # the font box is about 1.2 em high
            if (
                abs(ch.oy - cur[0].oy) > 0.35 * size
                or ch.x0 < last.x1 - 0.5 * size
                or ch.x0 - last.x1 > 0.45 * size
            ):
                flush()
        cur.append(ch)
    flush()
    return out


def _group_lines(words: list[tuple[float, _Word]], em: float) -> list[_Line]:
    words = sorted(words, key=lambda t: -t[0])
    groups: list[tuple[float, list[_Word]]] = []
    for y, w in words:
        if groups and abs(groups[-1][0] - y) <= 0.35 * em:
            groups[-1][1].append(w)
        else:
            groups.append((y, [w]))
    return [_Line(y, _letter_spaced(sorted(ws, key=lambda w: w.x0), em)) for y, ws in groups]


def _letter_spaced(words: list[_Word], em: float) -> tuple[_Word, ...]:
    """Join text set with letter spacing ("A n s c h a f f u n g s"): in a run of single
    letters, a gap well above the usual one between letters separates words."""
    out: list[_Word] = []
    i = 0
    while i < len(words):
        j = i
        while (
            j + 1 < len(words)
            and len(words[j + 1].text) == 1
            and len(words[j].text) == 1
            and words[j + 1].x0 - words[j].x1 < em
        ):
            j += 1
        run = words[i : j + 1]
        if len(run) < 4 or not all(w.text.isalpha() or w.text == "-" for w in run):
            out.append(words[i])
            i += 1
            continue
        gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
        cut = 1.5 * median(gaps)
        cur = [run[0]]
        for gap, w in zip(gaps, run[1:], strict=True):
            if gap > cut:
                out.append(_Word(cur[0].x0, cur[-1].x1, "".join(c.text for c in cur)))
                cur = []
            cur.append(w)
        out.append(_Word(cur[0].x0, cur[-1].x1, "".join(c.text for c in cur)))
        i = j + 1
    return tuple(out)
