"""ALLRIS 4 (ALLRIS net 4.x, CC e-gov) paper pages: `/public/vo020?VOLFDNR=…` → ParsedPage.

The page shape (see README, "Vendor quirks"):
- `<h1 class="title">{Vorlageart} - {reference}</h1>`
- Grunddaten: `div.row > dl > dt` (label, e.g. "Betreff:") and `dd` (value). Labels differ by city:
  Braunschweig writes "Federführend:" / "Beteiligt:", Wolfsburg "Federführende
  Organisationseinheit:" / "Beteiligte Organisationseinheit:"; the status is split over two spans
  ("öffentlich" + " (Vorlage freigegeben)").
- Beratungsfolge: `table.bfTable`; a committee row (state in `span.wfcolorDesc`, committee, role)
  is followed by zero or more meeting rows (date, meeting link, decision link, agenda-item link).
- Inline text sections: `h2.expandedTitle` followed by `div.docPart` with one `<p>` per paragraph.
- Documents, in the right-hand head (`div#headRight`): the "Dokumente" panel
  (`aside#dokumenteHeaderPanel`) links the Vorlage and the Sammeldokument as `a.doclink`
  (Wicket resource or `doc?DOLFDNR=` addresses) and the page's own sections as `a.doclink.anchor`
  (`#showHideLink_…`, no documents); the "Anlagen" panel (`aside#anlagenHeaderPanel`) links each
  Anlage as `a.attlink`, whose address is a Wicket listener URL of the page itself, relative and
  with the page instance in it (`./vo020?{instance}--anlagenHeaderPanel-attachmentsList-{i}-
  attachment-link&VOLFDNR=…`): it changes from one fetch of the page to the next, and the real
  server answers it within the session that fetched the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ratsinfo.model import Beratung, ParsedPage, Section, Vorlage
from ratsinfo.parse.dates import parse_date
from ratsinfo.parse.references import parent_reference, related_references


class PageParseError(ValueError):
    """A page that is not a readable ALLRIS paper page; names the URL and what was missing."""

    def __init__(self, url: str | None, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url or '<page>'}: {problem}")


_FIELDS = {
    "betreff": "subject",
    "status": "status",
    "vorlageart": "paper_type",
    "vorlage-art": "paper_type",
    "art": "paper_type",
    "federführend": "lead_department",
    "federführende organisationseinheit": "lead_department",
    "federführendes amt": "lead_department",
    "federführender fachbereich": "lead_department",
    "federführende dienststelle": "lead_department",
    "beteiligt": "participating",
    "beteiligte organisationseinheit": "participating",
    "beteiligte organisationseinheiten": "participating",
    "beteiligte ämter": "participating",
    "beteiligte dienststellen": "participating",
    "verantwortlich": "responsible",
    "verfasser": "responsible",
    "bearbeiter": "responsible",
    "bearbeiter/-in": "responsible",
}

_SEP = re.compile(r"\s*;\s*")


def _clean(text: str | None) -> str | None:
    """Collapse whitespace (including nbsp); empty → None."""
    if text is None:
        return None
    s = " ".join(text.split())  # str.split() splits on all Unicode whitespace, nbsp included
    return s or None


def _node_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    return " ".join(node.text(separator=" ").split()) or None  # `_clean`, inlined: called often


def _href(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    a = node if node.tag == "a" else node.css_first("a[href]")
    if a is None:
        return None
    href = a.attrs.get("href")
    return href if href and href != "#" else None


# A paper reference as printed ("25-25641-01", "2026/245/1", "K 2026/0725", "VO/2026/0001"):
# short, one line, with a digit; anything else in that place is not a reference.
_REFERENCE_SHAPE = re.compile(r"^(?=.*\d)[\w./()\- ]{1,40}$")


def parse_paper_page(html: str | bytes, url: str | None = None) -> ParsedPage:
    """Parse one ALLRIS 4 paper page. Raises PageParseError naming `url` and what is missing."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)

    title = _node_text(tree.css_first("h1.title")) or _node_text(tree.css_first("h1"))
    fields = _grunddaten(tree)
    if not fields and not title:
        raise PageParseError(url, "no title (h1) and no Grunddaten: not an ALLRIS paper page")

    title_type, title_ref = None, None
    if title and " - " in title:
        title_type, title_ref = (s.strip() for s in title.rsplit(" - ", 1))
    reference = title_ref
    if not reference:
        raise PageParseError(url, f"no paper reference in the title {title!r}")
    if not _REFERENCE_SHAPE.match(reference):
        shown = reference if len(reference) <= 60 else reference[:60] + "…"
        raise PageParseError(url, f"the title does not end in a paper reference: {shown!r}")
    if "subject" not in fields:
        raise PageParseError(url, "Grunddaten lack 'Betreff' (subject)")

    participating = fields.get("participating")
    subject = fields.get("subject")
    vorlage = Vorlage(
        reference=reference,
        subject=subject,
        paper_type=fields.get("paper_type") or title_type,
        status=fields.get("status"),
        lead_department=fields.get("lead_department"),
        participating_departments=tuple(p for p in _SEP.split(participating) if p)
        if participating
        else (),
        responsible=fields.get("responsible"),
        parent_reference=parent_reference(reference),
        related_references=related_references(subject, own=reference),
    )
    return ParsedPage(
        vorlage=vorlage,
        beratungsfolge=tuple(_beratungsfolge(tree, url)),
        sections=tuple(_sections(tree)),
        files=tuple(_files(tree, url)),
    )


def _grunddaten(tree: LexborHTMLParser) -> dict[str, str]:
    fields: dict[str, str] = {}
    for dl in tree.css("div.row > dl"):
        dt_node = dl.css_first("dt")
        dd_node = dl.css_first("dd")
        label = _node_text(dt_node)
        if not label or dd_node is None:
            continue
        key = _FIELDS.get(label.rstrip(":").strip().lower())
        value = _node_text(dd_node)
        if key and value and key not in fields:
            fields[key] = value
    return fields


_DEFAULT_COLUMNS = {"status": 0, "datum": 1, "gremium": 2, "beschluss": 3, "na": 4}


def _beratungsfolge(tree: LexborHTMLParser, url: str | None) -> Iterable[Beratung]:
    table = tree.css_first("table.bfTable") or tree.css_first("#bfTable table")
    if table is None:
        return
    columns = dict(_DEFAULT_COLUMNS)
    headers = [(_node_text(th) or "").lower() for th in table.css("thead th")]
    if headers:
        columns = {h: i for i, h in enumerate(headers) if h}

    def cell(cells: list[LexborNode], name: str) -> LexborNode | None:
        i = columns.get(name)
        return cells[i] if i is not None and i < len(cells) else None

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
                date=parse_date(committee["date"]),
            )
        ]

    for tr in table.css("tbody > tr"):
        cells = tr.css("td")
        if not cells:
            continue
        status_cell = cell(cells, "status")
        state = _node_text(status_cell.css_first(".wfcolorDesc")) if status_cell else None
        if state is None and status_cell is not None:
            text = _node_text(status_cell)
            state = text if text and text != "●" else None
        if state is not None:  # a committee row opens the next consultation
            yield from flush()
            position += 1
            meetings = []
            committee = {
                "state": state,
                "committee": _node_text(cell(cells, "gremium")),
                "role": _node_text(cell(cells, "beschluss")),
                "date": _node_text(cell(cells, "datum")),
            }
            continue
        if committee is None:  # a meeting row before any committee: nothing to attach it to
            continue
        meeting_cell = cell(cells, "gremium")
        decision_cell = cell(cells, "beschluss")
        meetings.append(
            Beratung(
                position=position,
                committee=committee["committee"] or "",
                role=committee["role"],
                state=committee["state"],
                date=parse_date(_node_text(cell(cells, "datum"))),
                meeting=_node_text(meeting_cell),
                decision=_node_text(decision_cell),
                meeting_url=_href(meeting_cell),
                agenda_item_url=_href(cell(cells, "na")) or _href(decision_cell),
                meeting_position=len(meetings) + 1,
            )
        )
    yield from flush()


def _paragraphs(part: LexborNode) -> list[str]:
    paragraphs = [_clean(p.text(separator="")) for p in part.css("p, li, h3, h4, h5, h6")]
    found = [p for p in paragraphs if p]
    if found:
        return found
    raw = part.text(separator="\n")
    return [line for line in (_clean(s) for s in raw.split("\n")) if line]


def _sections(tree: LexborHTMLParser) -> Iterable[Section]:
    for h2 in tree.css("h2.expandedTitle"):
        title = _node_text(h2) or ""
        if title.lower() == "beratungsfolge" or h2.parent is None:
            continue
        parts = h2.parent.css("div.docPart")
        if not parts:
            continue
        paragraphs: list[str] = []
        for part in parts:
            paragraphs.extend(_paragraphs(part))
        yield Section(title=title, text="\n".join(paragraphs))


# Document links (see the module docstring): the "Dokumente" panel's `a.doclink` (Vorlage,
# Sammeldokument; its anchors to the page's own sections are no documents) and the "Anlagen"
# panel's `a.attlink`, wherever on the page they stand; besides them, a link in the page's content
# (`main`, outside navigation and footer) whose address names a document.
_DOCUMENT_CLASSES = frozenset({"doclink", "attlink"})
_DOCUMENT_SUFFIXES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf",
    ".zip",
)  # fmt: skip
_DOCUMENT_PATHS = frozenset({"doc", "do027", "do027.asp"})  # ALLRIS' document download pages
# ALLRIS 4 Anlagen links are Wicket listener URLs of the page itself:
# `./vo020?{page instance}--anlagenHeaderPanel-attachmentsList-{i}-attachment-link&VOLFDNR=…`.
_LISTENER_DOCUMENT = re.compile(r"--[\w-]*attachment-link\b", re.IGNORECASE)
_NOT_DOCUMENT = ("#", "javascript:", "mailto:", "tel:", "data:")
_FRAME = frozenset({"nav", "header", "footer"})
_FRAME_IDS = frozenset({"navigation", "subnavi", "footer", "top", "cookiedialog"})
# Link texts that do not name the document: then its title attribute or tooltip does.
_GENERIC_TITLES = frozenset(
    {"pdf", "download", "herunterladen", "dokument", "datei", "öffnen", "anzeigen", "link",
     "hier", "mehr", "ansehen"}
)  # fmt: skip
_TOOLTIP_NAME = re.compile(r"'([^']+)'|„([^“”]+)[“”]|\"([^\"]+)\"")
_SIZE_SUFFIX = re.compile(r"\s*\(\d[\d.,]*\s*[KMG]?B\)$", re.IGNORECASE)


def _files(tree: LexborHTMLParser, url: str | None) -> Iterable[tuple[str, str]]:
    """(title, absolute URL) of every document the page links, once each, in page order."""
    base = url if url and urlsplit(url).scheme in ("http", "https") else None
    content = tree.css_first("main")
    seen: set[str] = set()
    for a in tree.css("a[href]"):
        attributes = a.attrs  # a lookup by name: cheaper than `.attributes` (a dict of all)
        href = attributes.get("href")
        if not href:
            continue
        href = href.strip()
        if not href or href.lower().startswith(_NOT_DOCUMENT):
            continue
        classes = attributes.get("class")
        marked = (
            classes is not None
            and ("doclink" in classes or "attlink" in classes)
            and not _DOCUMENT_CLASSES.isdisjoint(classes.split())
        )
        if not marked and not (_names_document(href) and _in_content(a, content)):
            continue
        address = urljoin(base, href) if base else href
        if address in seen:
            continue
        seen.add(address)
        yield _link_title(a, address), address


def _in_content(a: LexborNode, content: LexborNode | None) -> bool:
    """Whether a link stands in the page's content: inside `main` when the page has one, and
    not in its navigation, header or footer."""
    inside = content is None
    content_id = content.mem_id if content is not None else None
    node = a.parent
    while node is not None and node.is_element_node:  # up to the document, which has no id
        if node.tag in _FRAME:
            return False
        node_id = node.attrs.get("id")
        if node_id and node_id.lower() in _FRAME_IDS:
            return False
        if node.mem_id == content_id:
            inside = True
        node = node.parent
    return inside


@lru_cache(maxsize=2048)  # the navigation's links repeat from page to page
def _names_document(href: str) -> bool:
    """Whether an address (absolute or relative) names a document: a document file, an ALLRIS
    document download (`doc?DOLFDNR=`, `do027.asp`) or a Wicket Anlage link."""
    path, _, query = href.split("#", 1)[0].partition("?")
    path = path.lower()
    if path.endswith(_DOCUMENT_SUFFIXES) or path.rsplit("/", 1)[-1] in _DOCUMENT_PATHS:
        return True
    return "dolfdnr=" in query.lower() or _LISTENER_DOCUMENT.search(query) is not None


def _link_title(a: LexborNode, address: str) -> str:
    """The link text (without a size suffix "(120 KB)"); where it is empty or generic ("PDF",
    "Download"), the link's title or aria-label, else its tooltip's quoted name ("Öffnet
    PDF-Datei 'Anlage 1' in neuem Fenster"), else the generic text, at last the address's file
    name."""
    text = _node_text(a)
    if text and text.lower().rstrip(".:") not in _GENERIC_TITLES:
        return _SIZE_SUFFIX.sub("", text) or text
    for attribute in ("title", "aria-label"):
        value = _clean(a.attrs.get(attribute))
        if value:
            return value
    tooltip = _clean(a.attrs.get("data-simpletooltip-text"))
    quoted = _TOOLTIP_NAME.search(tooltip) if tooltip else None
    name = _clean(next((g for g in quoted.groups() if g), None)) if quoted else None
    if name:
        return name
    if text:
        return text
    return unquote(urlsplit(address).path.rsplit("/", 1)[-1]) or address
