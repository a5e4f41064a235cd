"""Render the documents of the sample RIS as an ALLRIS 4 server would serve them: PDFs (written
with pdf.py).

- `vorlage_pdf(paper)`, the "Vorlage" (DOLFDNR `file_id`): a letterhead, the Grunddaten, the
  committees of the Beratungsfolge and the text sections (`document_sections`: also the text of
  a paper whose page shows none). It is the document as written: meetings, decisions and
  sections that evolve() adds later are not in it, so a paper's files (and their OParl sizes)
  stay as they are while its page changes.
- `main_file_pdf(paper)`, the "Sammeldokument öffentlich" (DOLFDNR `file_id + 1`, the OParl
  mainFile): the Vorlage followed by its Anlagen that open (the tables and the scan).
- `attachment_pdf(attachment)`, an Anlage: a table of amounts (TABLE), a scanned letter with no
  text layer (SCAN), or a table whose stored file is cut off after three fifths (BROKEN, it does
  not open).

The seed papers' OParl objects keep the size they always stated for their mainFile (ALLRIS's
Sammeldokumente are large: Braunschweig's run to megabytes): their Sammeldokument is padded to
it, so every served file is as long as its OParl `size` says. Rendering is cached (a few
hundred documents; the sizes of many more), since the OParl objects need the sizes too.
"""

from __future__ import annotations

import functools
import random

from sample_ris.model import BROKEN, SCAN, TABLE, Attachment, SamplePaper
from sample_ris.pdf import Document, scanned_letter

_POSITIONS = (  # (budget line, sign): + income, - expense
    ("Zuwendungen und allgemeine Umlagen (Land Niedersachsen)", 1),
    ("Öffentlich-rechtliche Leistungsentgelte", 1),
    ("Personalaufwendungen", -1),
    ("Aufwendungen für Sach- und Dienstleistungen", -1),
    ("Bilanzielle Abschreibungen", -1),
    ("Transferaufwendungen (Zuschüsse an Träger)", -1),
    ("Sonstige ordentliche Aufwendungen", -1),
    ("Auszahlungen für Baumaßnahmen", -1),
)


def seed_main_file_size(paper: SamplePaper) -> int:
    """The size the seed papers' OParl mainFile has always stated (a made-up, large one)."""
    return 40_000 + (paper.volfdnr * 7919) % 9_000_000


def is_seed(paper: SamplePaper) -> bool:
    """The hand-written seed papers (25-25641 and 25-25641-01) keep their page and object."""
    return bool(paper.fixed_sections)


def euro(cents: int) -> str:
    """An amount as a German table prints it: "−80.332,50" (with a real minus sign)."""
    sign = "\u2212" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d}"


def _date(paper: SamplePaper) -> str:
    return paper.date.strftime("%d.%m.%Y")


def _write_vorlage(doc: Document, paper: SamplePaper) -> None:
    v = paper.vorlage
    if (v.paper_type or "").startswith(("Anfrage", "Antrag", "Änderungsantrag")):
        doc.paragraph(v.lead_department or "Ratsfraktion", size=10, space_after=0)  # a fraction
    else:
        doc.lines(("Stadt Braunschweig", "Der Oberbürgermeister"), size=10)
        if v.lead_department:
            doc.paragraph(v.lead_department, size=10, space_after=0)
    doc.heading(f"{v.paper_type or 'Vorlage'} {v.reference}", size=16, rule=True)
    doc.lines((f"Datum: {_date(paper)}",), size=10)
    doc.heading("Betreff:", size=11)
    doc.paragraph(v.subject or "", size=12, space_after=8)
    facts: list[tuple[str, str | None]] = [
        ("Status", v.status),
        ("Federführend", v.lead_department),
        ("Beteiligt", "; ".join(v.participating_departments) or None),
        ("Verantwortlich", v.responsible),
        ("Bezug", v.parent_reference),
    ]
    for label, value in facts:
        if value:
            doc.paragraph(f"{label}: {value}", size=10, space_after=1)
    roles: dict[int, tuple[str, str]] = {}  # position -> (committee, role), as first planned
    for b in paper.beratungsfolge:
        roles.setdefault(b.position, (b.committee, b.role or ""))
    if roles:
        doc.table(("Beratungsfolge", "Zuständigkeit"), list(roles.values()), size=9.5)
    for section in paper.document_sections:
        doc.heading(section.title, size=12)
        for para in section.text.split("\n"):
            if para.strip():
                doc.paragraph(para)


def _amounts(att: Attachment) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows of an Anlage's table: budget lines and three years of amounts."""
    rng = random.Random(att.seed)
    y = att.year
    header = ("Haushaltsposition", f"Ansatz {y}", f"Plan {y + 1}", f"Plan {y + 2}")
    lines = [_POSITIONS[0], *rng.sample(_POSITIONS[1:], rng.randint(3, 6))]
    lines.sort(key=_POSITIONS.index)
    rows: list[tuple[str, ...]] = []
    totals = [0, 0, 0]
    for name, sign in lines:
        base = rng.randint(5_000_00, 900_000_00) // (1 if sign < 0 else 3)
        cents = [sign * round(base * (1 + 0.03 * k + rng.uniform(-0.05, 0.05))) for k in range(3)]
        cents = [c - c % 50 if c > 0 else c + (-c) % 50 for c in cents]  # whole 50 cents
        totals = [t + c for t, c in zip(totals, cents, strict=True)]
        rows.append((name, *(euro(c) for c in cents)))
    rows.append(("Saldo (Zuschussbedarf)", *(euro(t) for t in totals)))
    return header, rows


def _write_table(doc: Document, att: Attachment) -> None:
    doc.page_break()
    doc.heading(f"{att.name} zur Vorlage {att.reference}", size=14, rule=True)
    doc.paragraph(att.subject, size=11, space_after=6)
    doc.heading("Finanzielle Auswirkungen – Übersicht der Haushaltsmittel", size=12)
    header, rows = _amounts(att)
    doc.table(header, rows)
    doc.paragraph(
        "Alle Beträge in € (Euro). Negative Beträge („−“) sind Aufwendungen oder Auszahlungen; "
        "die Planjahre stehen unter dem Vorbehalt der Haushaltsberatungen.",
        size=9,
    )


def _write_attachment(doc: Document, att: Attachment) -> None:
    if att.kind == SCAN:
        doc.scan(scanned_letter(att.seed))
    elif att.kind in (TABLE, BROKEN):
        _write_table(doc, att)
    else:
        raise ValueError(f"unknown kind of attachment: {att.kind!r}")


def table_cells(att: Attachment) -> list[str]:
    """The cells of an Anlage's table in reading order (header first, row by row)."""
    header, rows = _amounts(att)
    return [*header, *(cell for row in rows for cell in row)]


@functools.lru_cache(maxsize=512)
def vorlage_pdf(paper: SamplePaper) -> bytes:
    """The paper's own document ("Vorlage")."""
    doc = Document(title=f"{paper.vorlage.paper_type or 'Vorlage'} {paper.reference}")
    _write_vorlage(doc, paper)
    return doc.to_bytes()


@functools.lru_cache(maxsize=512)
def main_file_pdf(paper: SamplePaper) -> bytes:
    """The "Sammeldokument öffentlich" (OParl mainFile): the Vorlage and its Anlagen that open;
    a seed paper's is padded to the size its OParl object states."""
    doc = Document(title=f"{paper.vorlage.paper_type or 'Vorlage'} {paper.reference}")
    _write_vorlage(doc, paper)
    for att in paper.attachments:
        if att.kind != BROKEN:
            _write_attachment(doc, att)
    return doc.to_bytes(pad_to=seed_main_file_size(paper) if is_seed(paper) else None)


@functools.lru_cache(maxsize=512)
def attachment_pdf(att: Attachment) -> bytes:
    """An Anlage's own file; a BROKEN one is cut off after three fifths of its bytes."""
    doc = Document(title=f"{att.name} zur Vorlage {att.reference}")
    _write_attachment(doc, att)
    data = doc.to_bytes()
    return data[: len(data) * 3 // 5] if att.kind == BROKEN else data


@functools.lru_cache(maxsize=1 << 16)
def main_file_size(paper: SamplePaper) -> int:
    """The mainFile's size in bytes, as served (cached apart from the files: every OParl list
    page states ten of them; a paper's layout takes about a millisecond)."""
    return seed_main_file_size(paper) if is_seed(paper) else len(main_file_pdf(paper))
