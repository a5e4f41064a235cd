"""Classic ALLRIS (ALLRIS net 3.9.x, CC e-gov) pages: `vo020.asp` (paper) and `to020.asp` (agenda
item) → ParsedPage / ClassicAgendaItem.

The page shape, as the Hamburg Bezirksversammlungen (ALLRIS net 3.9.5, ISO-8859-1) and Hildesheim
(the same pages embedded in the city's portal) serve it:
- Generator: `<meta name="description" content="ALLRIS net Version 3.9.5 …">` and
  `div#allriscontainer` (Hamburg). A portal that embeds the pages drops the head and renames the
  boxes (Hildesheim: `div.allriscontent`, `div#risname_raw`, `div#rismain_raw`); what always stays
  are the `*.asp` links and forms, the `td.kb1` label cells and the `<a name="allrisSV">` anchors.
- Heading: `div#risname h1` (`div#risname_raw h1`) = "{object} - {reference}", padded with nbsp:
  "Drucksache - 22-2362" (Hamburg), "Vorlage - 23/224" (Hildesheim). On to020.asp it is
  "Auszug - {subject}", where the subject may run over two lines.
- Grunddaten: a table in the first `td.ko1`; each label cell `td.kb1` ("Betreff:") is followed by
  its value cell, two pairs to a row. Spellings differ: Hamburg "Drucksache-Art:", Hildesheim
  "Vorlage-Art:"; "Federführend:" ("Federf.:" is read as well); Hildesheim has
  "Bearbeiter/-in:" (the clerk: `responsible`) beside "Verfasser:"; Hamburg has only "Verfasser:"
  or "Verfasserin:", naming members or factions one per `<br>` (taken as `responsible` when no
  clerk is named, joined by "; "). Harburg adds "Bezüglich:" with a link to the paper this one
  answers: the parent. The Betreff cell opens with an inline `<script>` (dropped); Hamburg writes a
  second subject line after a `<br>` ("… Metrobuslinie 1<br>Beschlussempfehlung des …"): joined by
  a space. Hamburg's paper types carry the access ("Antrag öffentlich"): kept as printed.
- References: Hamburg numbers "22-2362" and follow-ups "22-1940.01" (".NN", which
  ratsinfo.parse.references does not know), named in subjects as "Drs. 22-0558"; "22-1703B" is a
  decision number, not a paper. The parent comes from "Bezüglich:", else from the reference
  itself. Harburg's "Stammbaum:" table lists the paper's family (added to the related references).
- Beratungsfolge: the row after the label row "Beratungsfolge:" holds an unclassed table. A
  committee row has its state only as the `title` of a coloured first cell ("Geplant", "Bereit",
  "Erledigt"), the committee in `td.text1[colspan=3]` and the role in the last cell (empty in
  Hamburg, "Kenntnisnahme", "Information"). Zero or more meeting rows follow: the date in
  `td.text2` (nbsp-padded; Hildesheim wraps it in a calendar link), a "TO" POST form
  (`to010.asp?topSelected={TOLFDNR}` + hidden SILFDNR), the meeting as a link `to010.asp?SILFDNR=`
  (plain text without a link for some planned meetings, Eimsbüttel), the decision in `td.text3`,
  and the agenda item as a POST form `to020.asp` with a hidden TOLFDNR (Hildesheim's "PA" button),
  read as `to020.asp?TOLFDNR=…`.
- Documents are POST forms, not links: `do027.asp` with hidden DOLFDNR, options (and typ=130 for
  the "Sammeldokument" / "Vorlage mit Anlagen"); read as the GET address
  `do027.asp?DOLFDNR=…&options=64` that the servers answer as well, titled by the button.
  Attachments ("Anlagen:" tables) link to session-bound `___tmp/tmp/…` paths; the right-hand list
  and the list under the text repeat them (the latter with a size suffix "(460 KB)", dropped):
  deduplicated by address. Addresses are relative; they are made absolute against `url` when it
  is given.
- Text sections: an anchor `<a name="allrisSV">` (SV Sachverhalt, BV Beschlussvorschlag, AN
  Anlage/n; on to020: WP Protokoll, BS Beschluss, AE Abstimmungsergebnis) followed by a whole
  XHTML document pasted inline (Aspose.Words output: `<?xml?>`, `<!DOCTYPE>`, `<html><head>`…),
  which the HTML parser flattens into the anchor's following siblings, up to the next anchor or the
  "Anlagen:"/"Stammbaum:" table. Titles come from the right-hand menu (`<a href="#allrisSV">`);
  where it is missing (Hildesheim's paper page) from the section's own first line
  ("Sachverhalt:"). That first label line ("Sachverhalt:", "Petitum/Beschluss:", "Anlage/n:") is
  not kept in the text. Aspose splits words over `<span>`s, fills gaps with nbsp-only paragraphs
  (dropped), breaks lines with `<br>` inside paragraphs (one line each), numbers lists only by
  `<ol type start>` (the numbers are written out as the browser shows them: "1.", "a.", "II."),
  nests lists (one line per item) and tables (one line per row, cells joined by " | "). Anchors
  without content (Altona's empty "BS") give no section.
- to020.asp: the same `td.ko1` table with "TOP:" ("Ö&nbsp;2.1"), "Gremium:", "Beschlussart:"
  (the decision, "(offen)" while open), "Datum:" with a weekday ("Mo, 03.03.2025"), the meeting
  link in the first row and, when the item treats a paper, a link "vo020.asp?VOLFDNR=…" reading
  "{reference} {subject}" followed by the paper's own Grunddaten.
- Encoding: ISO-8859-1 as served (really windows-1252); bytes go through
  ratsinfo.transform.decode_page. The Hildesheim copies are re-saved as UTF-8 while their embedded
  documents still open with `<?xml … encoding="iso-8859-1"?>`; decode_page reads only a meta
  charset (else tries UTF-8), so those lines do not mislead it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ratsinfo.model import Beratung, ParsedPage, Section, Vorlage
from ratsinfo.parse.allris import PageParseError
from ratsinfo.parse.dates import parse_date
from ratsinfo.parse.references import parent_reference, related_references

__all__ = [
    "ClassicAgendaItem",
    "is_classic_allris_page",
    "parse_classic_agenda_item",
    "parse_classic_paper_page",
]


@dataclass(frozen=True, slots=True)
class ClassicAgendaItem:
    """One agenda item (TOP) as its classic ALLRIS page `to020.asp` shows it."""

    number: str | None  # as printed, nbsp collapsed: "Ö 1", "Ö 2.1", "N 3"
    subject: str | None
    meeting: str | None  # "Sitzung des Stadtentwicklungsausschusses"
    meeting_url: str | None
    committee: str | None  # "Gremium"
    date: dt.date | None
    decision: str | None  # "Beschlussart", as printed: "ungeändert beschlossen", "(offen)"
    paper_reference: str | None = None  # the paper the item treats, when linked
    paper_url: str | None = None
    resolution_text: str | None = None  # the "Beschluss" section
    voting_result: str | None = None  # the "Abstimmungsergebnis" section
    sections: tuple[Section, ...] = ()
    files: tuple[tuple[str, str], ...] = ()  # (title, url) of linked documents


# --- detection ------------------------------------------------------------------------------------

_GENERATOR = re.compile(r"ALLRIS net Version (\d+)\.", re.IGNORECASE)
_CLASSIC_ASP = re.compile(r"\b(?:vo|to|si|au|pa|do|kp|fr|yw)0\d\d(?:_[a-z])?\.asp\b", re.IGNORECASE)
_CLASSIC_SHAPE = re.compile(
    r"""class=["']?kb1\b|id=["']?risname|id=["']?allriscontainer|name=["']?allris[A-Z]{2}\b""",
    re.IGNORECASE,
)


def is_classic_allris_page(html: str | bytes) -> bool:
    """Whether a page comes from classic ALLRIS (3.x, `*.asp`) rather than ALLRIS 4 or another RIS.

    The generator meta tag decides when present ("ALLRIS net Version 3.9.5" vs "… 4.1.7"); pages
    embedded in a portal lose it, so otherwise the `vo020.asp`-style addresses must appear together
    with a classic layout marker (`td.kb1` labels, `div#risname`, `<a name="allrisSV">` anchors)."""
    text = html.decode("latin-1") if isinstance(html, bytes) else html  # the markers are ASCII
    if m := _GENERATOR.search(text):
        return int(m[1]) < 4
    return bool(_CLASSIC_ASP.search(text) and _CLASSIC_SHAPE.search(text))


# --- paper page (vo020.asp) -----------------------------------------------------------------------

_FIELDS = {
    "betreff": "subject",
    "status": "status",
    "drucksache-art": "paper_type",
    "drucksachenart": "paper_type",
    "vorlage-art": "paper_type",
    "vorlagenart": "paper_type",
    "vorlageart": "paper_type",
    "art": "paper_type",
    "federführend": "lead_department",
    "federf.": "lead_department",
    "federführendes amt": "lead_department",
    "federführende dienststelle": "lead_department",
    "beteiligt": "participating",
    "beteiligte ämter": "participating",
    "beteiligte dienststellen": "participating",
    "bearbeiter/-in": "responsible",
    "bearbeiter/in": "responsible",
    "bearbeiter": "responsible",
    "bearbeiterin": "responsible",
    "sachbearbeiter/-in": "responsible",
    "verantwortlich": "responsible",
    "verfasser": "author",
    "verfasserin": "author",
    "verfasser/-in": "author",
    "verfasser/in": "author",
    "bezüglich": "parent",
}

# A paper reference as printed ("22-2362", "22-1940.01", "23/224", "K 2026/0725"): short, one
# line, with a digit.
_REFERENCE_SHAPE = re.compile(r"^(?=.*\d)[\w./()\- ]{1,40}$")
# Hamburg's numbers, which ratsinfo.parse.references does not know: "22-0558", "22-1940.01".
_HAMBURG_REFERENCE = re.compile(r"(?<![\w./-])(\d{2}-\d{4}(?:\.\d{1,2})?)(?![\w/-]|\.\d)")
_HAMBURG_FOLLOW_UP = re.compile(r"^(?P<base>\d{2}-\d{4})\.\d{1,2}$")
_SEP = re.compile(r"\s*;\s*")


def parse_classic_paper_page(html: str | bytes, url: str | None = None) -> ParsedPage:
    """Parse one classic ALLRIS paper page (`vo020.asp`). Raises PageParseError naming `url` and
    what is missing."""
    tree = _tree(html)
    heading = _heading(tree)
    grunddaten = _grunddaten_node(tree)
    labelled = _labelled(grunddaten)
    if not heading and not labelled:
        raise PageParseError(
            url,
            "no heading (div#risname h1) and no Grunddaten (td.kb1): "
            "not a classic ALLRIS paper page",
        )
    reference = _heading_tail(heading)
    if not reference:
        raise PageParseError(url, f"no paper reference in the heading {heading!r}")
    if not _REFERENCE_SHAPE.match(reference):
        shown = reference if len(reference) <= 60 else reference[:60] + "…"
        raise PageParseError(url, f"the heading does not end in a paper reference: {shown!r}")

    fields: dict[str, list[str]] = {}
    parent_link: str | None = None
    for label, cell in labelled:
        key = _FIELDS.get(label)
        if key is None or key in fields:
            continue
        if key == "parent":
            parent_link = _value(cell.css_first('a[href*="vo020"]')) or _value(cell)
            continue
        lines = _lines(cell)
        if lines:
            fields[key] = lines
    if "subject" not in fields:
        raise PageParseError(url, "Grunddaten lack 'Betreff' (subject)")

    def single(key: str) -> str | None:
        return _clean(" ".join(fields[key])) if key in fields else None

    subject = single("subject")
    parent = parent_link or parent_reference(reference) or _hamburg_parent(reference)
    participating = [p for line in fields.get("participating", []) for p in _SEP.split(line) if p]
    responsible = single("responsible") or (
        "; ".join(fields["author"]) if "author" in fields else None
    )
    family = [ref for ref in _stammbaum(tree) if ref not in (reference, parent)]
    vorlage = Vorlage(
        reference=reference,
        subject=subject,
        paper_type=single("paper_type"),
        status=single("status"),
        lead_department=single("lead_department"),
        participating_departments=tuple(participating),
        responsible=responsible,
        parent_reference=parent,
        related_references=tuple(
            dict.fromkeys([*_subject_references(subject, reference), *family])
        ),
    )
    return ParsedPage(
        vorlage=vorlage,
        beratungsfolge=tuple(_beratungsfolge(grunddaten, url)),
        sections=tuple(section for _, section in _sections(tree)),
        files=tuple(_files(tree, url)),
    )


def _hamburg_parent(reference: str) -> str | None:
    m = _HAMBURG_FOLLOW_UP.match(reference)
    return m["base"] if m else None


def _subject_references(subject: str | None, own: str) -> list[str]:
    """References named in the subject, in order: the common forms and Hamburg's."""
    if not subject:
        return []
    found = set(related_references(subject, own=own))
    found.update(m[1] for m in _HAMBURG_REFERENCE.finditer(subject) if m[1] != own)
    return sorted(found, key=subject.find)


def _stammbaum(tree: LexborHTMLParser) -> Iterator[str]:
    """The references of the "Stammbaum:" table (the paper's family), in order."""
    for table in _labelled_tables(tree, "stammbaum"):
        for tr in table.css("tr"):
            cells = _cells(tr)
            first = _value(cells[0]) if cells else None
            if first and _REFERENCE_SHAPE.match(first):
                yield first


def _beratungsfolge(grunddaten: LexborNode | None, url: str | None) -> Iterator[Beratung]:
    table = _beratungsfolge_table(grunddaten)
    if table is None:
        return
    committee: dict[str, str | None] | None = None
    meetings: list[Beratung] = []
    position = 0

    def flush() -> Iterable[Beratung]:
        if committee is None:
            return []
        if meetings:
            return meetings
        return [
            Beratung(
                position=position,
                committee=committee["committee"] or "",
                role=committee["role"],
                state=committee["state"],
            )
        ]

    for tr in table.css("tr"):
        cells = _cells(tr)
        if len(cells) < 2:
            continue
        classes = _classes(cells[1])
        if "text1" in classes:  # a committee row opens the next consultation
            yield from flush()
            position += 1
            meetings = []
            committee = {
                "state": _clean(cells[0].attributes.get("title")),
                "committee": _value(cells[1]),
                "role": _value(cells[-1]) if len(cells) > 2 else None,
            }
        elif "text2" in classes and committee is not None:  # a meeting row
            rest = cells[2:]
            meeting_link = _first(rest, 'a[href*="to010"]')
            meeting_form = _first(rest, 'form[action*="to010"]')
            meeting_cell = next((c for c in rest if _value(c) and "text3" not in _classes(c)), None)
            decision_cell = next((c for c in rest if "text3" in _classes(c)), None)
            agenda_link = _first(rest, 'a[href*="to020"]')
            agenda_form = _first(rest, 'form[action*="to020"]')
            meeting_url = _link_url(meeting_link, url) or _form_url(meeting_form, url)
            meetings.append(
                Beratung(
                    position=position,
                    committee=committee["committee"] or "",
                    role=committee["role"],
                    state=committee["state"],
                    date=_date(_value(cells[1])),
                    meeting=_value(meeting_link) or _value(meeting_cell),
                    decision=_value(decision_cell),
                    meeting_url=meeting_url,
                    agenda_item_url=_link_url(agenda_link, url) or _form_url(agenda_form, url),
                    meeting_position=len(meetings) + 1,
                )
            )
    yield from flush()


def _beratungsfolge_table(grunddaten: LexborNode | None) -> LexborNode | None:
    """The table in the row after the label row "Beratungsfolge:"."""
    if grunddaten is None:
        return None
    for kb in grunddaten.css("td.kb1"):
        if not (_value(kb) or "").lower().startswith("beratungsfolge"):
            continue
        row = _next_element(kb.parent, "tr")
        return row.css_first("table") if row is not None else None
    return None


# --- agenda item page (to020.asp) -----------------------------------------------------------------

_PAPER_LINK = re.compile(r"^(?P<ref>(?:[A-Z]{1,3} )?[\w./-]*\d[\w./-]*)(?:\s+(?P<rest>.*))?$")


def parse_classic_agenda_item(html: str | bytes, url: str | None = None) -> ClassicAgendaItem:
    """Parse one classic ALLRIS agenda item page (`to020.asp`). Raises PageParseError naming `url`
    and what is missing."""
    tree = _tree(html)
    heading = _heading(tree)
    grunddaten = _grunddaten_node(tree)
    values: dict[str, LexborNode] = {}
    for label, cell in _labelled(grunddaten):
        values.setdefault(label, cell)  # the meeting's "Status:" comes before the paper's
    if "top" not in values:
        raise PageParseError(url, "no 'TOP' label (td.kb1): not a classic ALLRIS agenda item page")
    meeting_link = grunddaten.css_first('a[href*="to010"]') if grunddaten is not None else None

    paper_link = grunddaten.css_first('a[href*="vo020"]') if grunddaten is not None else None
    paper_reference, paper_subject = None, None
    if (text := _value(paper_link)) and (m := _PAPER_LINK.match(text)):
        paper_reference, paper_subject = m["ref"], m["rest"]

    sections = list(_sections(tree))

    def section_text(*codes: str) -> str | None:
        return next((s.text for code, s in sections if code in codes), None)

    def value(label: str) -> str | None:
        return _value(values.get(label))

    return ClassicAgendaItem(
        number=value("top"),
        subject=_heading_tail(heading) or paper_subject,
        meeting=_value(meeting_link),
        meeting_url=_link_url(meeting_link, url),
        committee=value("gremium"),
        date=_date(value("datum")),
        decision=value("beschlussart"),
        paper_reference=paper_reference,
        paper_url=_link_url(paper_link, url),
        resolution_text=section_text("BS"),
        voting_result=section_text("AE"),
        sections=tuple(s for _, s in sections),
        files=tuple(_files(tree, url)),
    )


# --- shared pieces --------------------------------------------------------------------------------


def _tree(html: str | bytes) -> LexborHTMLParser:
    if isinstance(html, bytes):
        # imported here: ratsinfo.transform imports the page parsers
        from ratsinfo.transform import decode_page

        html = decode_page(html)
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript"])  # the Betreff cell opens with a script
    return tree


def _clean(text: str | None) -> str | None:
    """Collapse whitespace (including nbsp); empty → None."""
    if text is None:
        return None
    s = " ".join(text.split())
    return s or None


def _heading(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first('div[id^="risname"] h1')
    return _value(node)


def _heading_tail(heading: str | None) -> str | None:
    """What follows "{object} - " in the heading: the reference (vo020) or subject (to020)."""
    if not heading or " - " not in heading:
        return None
    return _clean(heading.split(" - ", 1)[1])


def _grunddaten_node(tree: LexborHTMLParser) -> LexborNode | None:
    return tree.css_first("td.ko1") or tree.body


def _labelled(container: LexborNode | None) -> list[tuple[str, LexborNode]]:
    """(label, value cell) pairs: each `td.kb1` with the cell after it; the label lower-cased,
    without its colon."""
    if container is None:
        return []
    pairs = []
    for kb in container.css("td.kb1"):
        label = _value(kb)
        cell = _next_element(kb, "td")
        if label and cell is not None:
            pairs.append((label.rstrip(":").strip().lower(), cell))
    return pairs


def _labelled_tables(tree: LexborHTMLParser, prefix: str) -> Iterator[LexborNode]:
    """The tables whose label cell `td.kb1` starts with `prefix` ("anlagen", "stammbaum")."""
    for kb in tree.css("td.kb1"):
        if (_value(kb) or "").lower().startswith(prefix):
            table = kb.parent
            while table is not None and table.tag != "table":
                table = table.parent
            if table is not None:
                yield table


def _next_element(node: LexborNode | None, tag: str) -> LexborNode | None:
    sibling = node.next if node is not None else None
    while sibling is not None and sibling.tag != tag:
        sibling = sibling.next
    return sibling


def _cells(tr: LexborNode) -> list[LexborNode]:
    return [c for c in tr.iter() if c.tag in ("td", "th")]


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _first(cells: list[LexborNode], selector: str) -> LexborNode | None:
    for cell in cells:
        if (found := cell.css_first(selector)) is not None:
            return found
    return None


def _date(text: str | None) -> dt.date | None:
    """A date as ALLRIS prints it, with or without a weekday: "Mo, 03.03.2025", "09.07.2026"."""
    if not text:
        return None
    return parse_date(re.sub(r"^[^\W\d]{2,10}\.?,\s*", "", text))


def _absolute(href: str, base: str | None) -> str:
    return urljoin(base, href) if base else href


def _link_url(a: LexborNode | None, base: str | None) -> str | None:
    href = a.attributes.get("href") if a is not None else None
    if not href or href.startswith(("#", "javascript:")):
        return None
    return _absolute(href, base)


def _form_url(form: LexborNode | None, base: str | None) -> str | None:
    """A POST form as the equivalent GET address: action plus its hidden inputs."""
    action = form.attributes.get("action") if form is not None else None
    if form is None or not action:
        return None
    params = [
        (name, i.attributes.get("value") or "")
        for i in form.css("input")
        if (i.attributes.get("type") or "").lower() == "hidden"
        and (name := i.attributes.get("name"))
    ]
    query = urlencode(params)
    address = f"{action}{'&' if '?' in action else '?'}{query}" if query else action
    return _absolute(address, base)


# --- text: one line per paragraph, list item, table row or <br> -----------------------------------

_BLOCKS = frozenset(
    ("address", "article", "blockquote", "caption", "center", "dd", "div", "dl", "dt", "footer",
     "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table",
     "tbody", "tfoot", "thead", "ul")
)  # fmt: skip
_SKIPPED = frozenset(
    ("-comment", "button", "form", "head", "img", "input", "link", "meta", "noscript", "script",
     "select", "style", "textarea", "title")
)  # fmt: skip


def _lines(node: LexborNode) -> list[str]:
    """The text of `node` as lines: a line per block (paragraph, list item, heading), per `<br>`
    and per table row (cells joined by " | "); words split over inline elements stay whole."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _clean("".join(current))
        current.clear()
        if text:
            lines.append(text)

    def walk(n: LexborNode) -> None:
        tag = n.tag or ""
        if tag == "-text":
            current.append(n.text_content or "")
        elif tag in _SKIPPED:
            return
        elif tag == "br":
            flush()
        elif tag == "ol":  # numbered by the browser, not in the text: "1.", "a.", "IV."
            flush()
            number = int(start) if (start := n.attributes.get("start") or "").isdigit() else 1
            kind = n.attributes.get("type") or "1"
            for child in n.iter(include_text=True):
                if child.tag != "li":
                    walk(child)
                    continue
                flush()
                current.append(f"{_list_marker(number, kind)}. ")
                for grandchild in child.iter(include_text=True):
                    walk(grandchild)
                flush()
                number += 1
        elif tag == "tr":
            flush()
            row = " | ".join(c for c in (" ".join(_lines(cell)) for cell in _cells(n)) if c)
            if row:
                lines.append(row)
        else:
            block = tag in _BLOCKS
            if block:
                flush()
            for child in n.iter(include_text=True):
                walk(child)
            if block:
                flush()

    walk(node)
    flush()
    return lines


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


def _list_marker(number: int, kind: str) -> str:
    """An ordered list item's number as the browser shows it for `<ol type=…>`."""
    if kind in ("a", "A") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if kind == "A" else letter
    if kind in ("i", "I") and number >= 1:
        roman = ""
        for value, letters in _ROMAN:
            count, number = divmod(number, value)
            roman += letters * count
        return roman.lower() if kind == "i" else roman
    return str(number)


def _value(node: LexborNode | None) -> str | None:
    """The text of a cell or link on one line."""
    return _clean(" ".join(_lines(node))) if node is not None else None


_SECTION_TITLES = {
    "SV": "Sachverhalt",
    "BV": "Beschlussvorschlag",
    "BE": "Begründung",
    "AN": "Anlage/n",
    "WP": "Protokoll",
    "BS": "Beschluss",
    "AE": "Abstimmungsergebnis",
}
# Labels a section's text opens with, repeating its title ("Sachverhalt:", "Petitum/Beschluss:").
_LABELS = frozenset(
    {
        "sachverhalt",
        "begründung",
        "beschlussvorschlag",
        "petitum",
        "petitum/beschluss",
        "petitum/beschlussvorschlag",
        "beschluss",
        "abstimmungsergebnis",
        "anlage",
        "anlagen",
        "anlage/n",
        "protokoll",
        "wortprotokoll",
    }
)
_LABEL_LINE = re.compile(r"^(?P<label>[^:]{1,40}):\s*(?P<rest>.*)$")


def _sections(tree: LexborHTMLParser) -> Iterator[tuple[str, Section]]:
    """(code, Section) for each `<a name="allrisXX">` anchor with text after it."""
    menu: dict[str, str] = {}
    for a in tree.css('a[href^="#allris"]'):
        title = _value(a)
        if title:
            menu.setdefault((a.attributes.get("href") or "")[1:], title)
    for anchor in tree.css('a[name^="allris"]'):
        name = anchor.attributes.get("name") or ""
        code = name.removeprefix("allris")
        lines: list[str] = []
        node = anchor.next
        while node is not None and not _ends_section(node):
            lines.extend(_lines(node))
            node = node.next
        title = menu.get(name)
        if lines and (m := _LABEL_LINE.match(lines[0])):
            label = m["label"].strip()
            if label.lower() in _LABELS or (title and label.lower() == title.lower()):
                title = title or label
                lines = [m["rest"], *lines[1:]] if m["rest"] else lines[1:]
        if lines:
            yield (
                code,
                Section(title=title or _SECTION_TITLES.get(code, code), text="\n".join(lines)),
            )


def _ends_section(node: LexborNode) -> bool:
    """The next section's anchor, or the "Anlagen:"/"Stammbaum:" table after the last section."""
    if node.tag == "a":
        return (node.attributes.get("name") or "").startswith("allris")
    if node.tag == "table":
        return "tk1" in _classes(node) or node.css_first("td.kb1") is not None
    return False


_SIZE_SUFFIX = re.compile(r"\s*\(\d[\d.,]*\s*[KMG]?B\)$", re.IGNORECASE)


def _files(tree: LexborHTMLParser, base: str | None) -> Iterator[tuple[str, str]]:
    """The page's documents (do027.asp forms), then its attachments ("Anlagen:" tables)."""
    seen: set[str] = set()
    for form in tree.css('form[action*="do027"]'):
        button = form.css_first('input[type="submit"]')
        title = _clean(button.attributes.get("value")) if button is not None else None
        address = _form_url(form, base)
        if title and address and address not in seen:
            seen.add(address)
            yield title, address
    for table in _labelled_tables(tree, "anlage"):
        for a in table.css("a[href]"):
            title = _value(a)
            address = _link_url(a, base)
            if title and address and address not in seen:
                seen.add(address)
                yield _SIZE_SUFFIX.sub("", title), address
