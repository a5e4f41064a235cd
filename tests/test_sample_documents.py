"""The documents of the bundled sample RIS: the PDF writer (sample_ris/pdf.py), read back with
pypdfium2, and the PDFs the loopback server sends (render_pdf.py) as OParl and the paper pages
name them: text that is in the PDF only, Anlagen with tables, a scan, a cut-off file and one
document attached to two papers."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from bs4 import BeautifulSoup, Tag

from ratsinfo.parse import parse_paper_page
from sample_ris import BaseURL, SampleRIS, evolve, generate, render_paper_json, serve
from sample_ris.model import BROKEN, SCAN, TABLE
from sample_ris.pdf import Document, encode, scanned_letter, wrap
from sample_ris.render_pdf import (
    attachment_pdf,
    euro,
    main_file_pdf,
    seed_main_file_size,
    table_cells,
    vorlage_pdf,
)
from tests.sample_support import BASE, get, get_json

GERMAN = (
    "Die Maßnahme „Straßenbäume für die Südstadt“ kostet 1.250.000,00 € – davon trägt das Land "
    "Niedersachsen 80 %; Rückflüsse: −80.332,50 €. Größere Übergänge, Öfen und Äcker … ÄÖÜäöüß."
)


def _pages(data: bytes) -> list[str]:
    """The text of each page as pdfium extracts it (lines separated by CR LF)."""
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def ris() -> SampleRIS:
    return generate(300, seed=0)


@pytest.fixture(scope="module")
def server(ris: SampleRIS) -> Iterator[BaseURL]:
    with serve(ris) as base:
        yield base


@pytest.fixture(scope="module")
def papers(ris: SampleRIS, server: BaseURL) -> list[dict[str, Any]]:
    """Every Paper object, read from the served OParl lists."""
    out: list[dict[str, Any]] = []
    url: str | None = f"{server}/oparl/papers?body=1"
    while url:
        page = get_json(url)
        out += page["data"]
        url = page["links"].get("next")
    assert len(out) == len(ris.papers)
    return out


@pytest.fixture(scope="module")
def downloads(papers: list[dict[str, Any]]) -> dict[str, tuple[dict[str, str], bytes]]:
    """accessUrl -> (headers, body) for every File of every paper."""
    out = {}
    for f in (f for p in papers for f in [p["mainFile"], *p.get("auxiliaryFile", [])]):
        status, headers, body = get(f["accessUrl"])
        assert status == 200, f["accessUrl"]
        out[f["accessUrl"]] = (headers, body)
    return out


# --------------------------------------------------------------------------------------------
# The writer


def test_writer_round_trips_german_text() -> None:
    doc = Document(title="Prüfung")
    doc.heading("Beschlussvorlage 26-29361: Öffentliche Grünflächen – „Maßnahmen“", rule=True)
    paragraphs = [
        GERMAN,
        "Zu Frage 1: Ja. Die Finanz- und Personalausschuss-Sitzung am 07.05.2025.",
    ]
    paragraphs += [f"{i}. {GERMAN}" for i in range(1, 40)]  # several pages
    for para in paragraphs:
        doc.paragraph(para)
    data = doc.to_bytes()
    assert data.startswith(b"%PDF-1.4\n") and data.endswith(b"%%EOF\n")
    pages = _pages(data)
    assert len(pages) == doc.page_count > 1
    lines = wrap("Beschlussvorlage 26-29361: Öffentliche Grünflächen – „Maßnahmen“", doc.width, 14)
    for para in paragraphs:
        lines += wrap(para, doc.width, 11)
    assert "\r\n".join(pages) == "\r\n".join(lines)  # every character back, in order
    assert GERMAN in _flat("\r\n".join(pages))


def test_writer_wraps_within_the_column() -> None:
    lines = wrap(GERMAN * 3, 200, 11)
    assert len(lines) > 5 and " ".join(lines) == _flat(GERMAN * 3)
    assert all(not line.endswith("Finanz-") for line in wrap("Finanz- und " * 40, 120, 11))
    assert encode("Straße „x“ – 5 € −1") == b"Stra\xdfe \x84x\x93 \x96 5 \x80 \x811"
    assert encode("\u4e00\t") == b"? "  # outside WinAnsi: "?"


def test_writer_is_deterministic() -> None:
    def build() -> bytes:
        doc = Document(title="Anlage 1")
        doc.paragraph(GERMAN)
        doc.table(("Position", "Ansatz 2026", "Plan 2027"), [("Sachaufwand", "−80.332,50", "0,00")])
        doc.scan(scanned_letter(seed=3))
        return doc.to_bytes()

    first, second = build(), build()
    assert first == second
    assert b"CreationDate" not in first and b"ModDate" not in first
    assert b"/ID [<" in first and b"/BaseFont /Helvetica" in first
    assert b"/BaseEncoding /WinAnsiEncoding" in first


def test_table_text_holds_its_cells_in_reading_order() -> None:
    header = ("Haushaltsposition", "Ansatz 2026", "Plan 2027")
    rows = [
        ("Personalaufwendungen", "−80.332,50", "−82.100,00"),
        ("Zuwendungen des Landes Niedersachsen für die Sanierung der Grundschule", "1.000,00", ""),
        ("Saldo", euro(-7_933_250), euro(123_456_789)),
    ]
    doc = Document()
    doc.table(header, rows)
    text = _flat(_pages(doc.to_bytes())[0])
    assert (
        "Haushaltsposition Ansatz 2026 Plan 2027 Personalaufwendungen −80.332,50 −82.100,00" in text
    )
    pos = 0
    for cell in [*header, *(c for row in rows for c in row if c)]:
        found = text.find(_flat(cell), pos)
        assert found >= pos, cell
        pos = found + len(cell)
    assert euro(-7_933_250) == "−79.332,50" and euro(123_456_789) == "1.234.567,89"


def test_padding_keeps_the_document_whole() -> None:
    doc = Document()
    doc.paragraph(GERMAN)
    data = doc.to_bytes(pad_to=250_000)
    assert len(data) == 250_000
    assert _flat("".join(_pages(data))) == _flat(GERMAN)


# --------------------------------------------------------------------------------------------
# Which papers have what


def test_documents_are_deterministic_and_spare_the_seed_papers(ris: SampleRIS) -> None:
    again = generate(300, seed=0)
    assert [(p.pdf_only, p.attachments) for p in ris.papers] == [
        (p.pdf_only, p.attachments) for p in again.papers
    ]
    for a, b in list(zip(ris.papers, again.papers, strict=True))[::40]:
        assert main_file_pdf(a) == main_file_pdf(b) and vorlage_pdf(a) == vorlage_pdf(b)
    for ref in ("25-25641", "25-25641-01"):
        seed = ris.by_reference(ref)
        assert seed is not None and not seed.pdf_only and not seed.attachments
    pdf_only = [p for p in ris.papers if p.pdf_only]
    assert {p.vorlage.paper_type for p in pdf_only} == {"Beschlussvorlage", "Stellungnahme"}
    assert all(p.volfdnr % 7 == 0 for p in pdf_only)
    kinds = [a.kind for p in ris.papers for a in p.attachments]
    assert kinds.count(SCAN) == 1 and kinds.count(BROKEN) == 1 and kinds.count(TABLE) > 10
    ids = [a.file_id for p in ris.papers for a in p.attachments]
    main = {p.file_id for p in ris.papers} | {p.file_id + 1 for p in ris.papers}
    assert len(set(ids)) == len(ids) and not set(ids) & main


def test_documents_stay_as_written_while_evolve_changes_the_pages(ris: SampleRIS) -> None:
    later, report = evolve(ris, 0.05, seed=2)
    changed = [later.paper(v) for v in report.changed]
    assert len(changed) > 5
    for p in changed:
        assert p is not None
        before = ris.paper(p.volfdnr)
        assert before is not None and p != before
        assert main_file_pdf(p) == main_file_pdf(before) and vorlage_pdf(p) == vorlage_pdf(before)
        now, then = render_paper_json(p, BASE), render_paper_json(before, BASE)
        assert now["mainFile"] == then["mainFile"]
        assert now.get("auxiliaryFile") == then.get("auxiliaryFile")


def test_the_sample_of_make_run_has_every_kind_of_document() -> None:
    ris = generate(150, seed=0)  # sample_ris.serving's default council
    kinds = [a.kind for p in ris.papers for a in p.attachments]
    assert {SCAN, BROKEN, TABLE} <= set(kinds)
    shared = defaultdict(list)
    for p in ris.papers:
        for a in p.attachments:
            shared[attachment_pdf(a)].append(p.reference)
    assert sorted(len(refs) for refs in shared.values())[-1] == 2
    assert any(p.pdf_only and p.vorlage.paper_type == "Stellungnahme" for p in ris.papers)


# --------------------------------------------------------------------------------------------
# Served


def test_served_sizes_equal_the_oparl_size(
    papers: list[dict[str, Any]], downloads: dict[str, tuple[dict[str, str], bytes]]
) -> None:
    files = [f for p in papers for f in [p["mainFile"], *p.get("auxiliaryFile", [])]]
    assert sum(1 for p in papers if p.get("auxiliaryFile")) > 10
    for f in files:
        headers, body = downloads[f["accessUrl"]]
        assert len(body) == f["size"] == int(headers["Content-Length"]), f["id"]
        assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-1.4")
    for f in (f for p in papers for f in p.get("auxiliaryFile", [])):
        assert f["type"] == "https://schema.oparl.org/1.1/File"
        assert f["mimeType"] == "application/pdf" and f["name"].startswith("Anlage 1 ")
        assert f["fileName"].endswith(".pdf") and f["deleted"] is False
        dolfdnr = parse_qs(urlsplit(f["accessUrl"]).query)["DOLFDNR"][0]
        assert f["id"].endswith(f"/oparl/files/{dolfdnr}")


def test_seed_main_files_keep_their_stated_size(
    ris: SampleRIS, papers: list[dict[str, Any]], downloads: dict[str, tuple[dict[str, str], bytes]]
) -> None:
    for ref in ("25-25641", "25-25641-01"):
        seed = ris.by_reference(ref)
        assert seed is not None
        (obj,) = [p for p in papers if p["reference"] == ref]
        assert obj["mainFile"]["size"] == seed_main_file_size(seed)  # as it always was
        _headers, body = downloads[obj["mainFile"]["accessUrl"]]
        text = _flat("\r\n".join(_pages(body)))
        assert f"{seed.vorlage.paper_type} {ref}" in text
        assert _flat(seed.sections[0].text.split("\n")[-1]) in text


def test_shared_attachment_has_one_sha256_under_two_papers(
    papers: list[dict[str, Any]], downloads: dict[str, tuple[dict[str, str], bytes]]
) -> None:
    by_hash: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for p in papers:
        for f in p.get("auxiliaryFile", []):
            digest = hashlib.sha256(downloads[f["accessUrl"]][1]).hexdigest()
            by_hash[digest].append((p["reference"], f["id"]))
    shared = [owners for owners in by_hash.values() if len(owners) > 1]
    assert len(shared) == 1
    ((ref_a, file_a), (ref_b, file_b)) = shared[0]
    assert ref_a != ref_b and file_a != file_b  # two File objects of two papers, one content
    assert ref_b.startswith(ref_a)  # the follow-up of the paper the Anlage was written for


def test_scan_has_no_text_layer(
    papers: list[dict[str, Any]], downloads: dict[str, tuple[dict[str, str], bytes]]
) -> None:
    (scan,) = [f for p in papers for f in p.get("auxiliaryFile", []) if "(Scan)" in f["name"]]
    doc = pdfium.PdfDocument(downloads[scan["accessUrl"]][1])
    try:
        assert len(doc) == 1
        page = doc[0]
        assert page.get_textpage().count_chars() == 0
        images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        assert len(images) == 1
        assert page.get_width() == pytest.approx(595) and page.get_height() == pytest.approx(842)
    finally:
        doc.close()


def test_broken_attachment_does_not_open(
    ris: SampleRIS, papers: list[dict[str, Any]], downloads: dict[str, tuple[dict[str, str], bytes]]
) -> None:
    (att,) = [a for p in ris.papers for a in p.attachments if a.kind == BROKEN]
    (broken,) = [
        f for p in papers for f in p.get("auxiliaryFile", []) if f["id"].endswith(f"/{att.file_id}")
    ]
    body = downloads[broken["accessUrl"]][1]
    assert body.startswith(b"%PDF-1.4") and b"%%EOF" not in body  # cut off: no trailer
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(body)
    readable = [a for p in ris.papers for a in p.attachments if a.kind == TABLE]
    for a in readable[:5]:
        assert _flat(a.name) in _flat("".join(_pages(attachment_pdf(a))))


def test_table_anlage_reads_in_order(ris: SampleRIS) -> None:
    (att, *_) = [a for p in ris.papers for a in p.attachments if a.kind == TABLE]
    text = _flat("\r\n".join(_pages(attachment_pdf(att))))
    cells = table_cells(att)
    assert cells[1:3] == [f"Ansatz {att.year}", f"Plan {att.year + 1}"]
    assert any(c.startswith("\u2212") for c in cells)  # expenses carry a real minus sign
    pos = 0
    for cell in cells:
        found = text.find(_flat(cell), pos)
        assert found >= pos, cell
        pos = found + len(_flat(cell))
    assert "Alle Beträge in € (Euro)" in text


def test_pdf_only_papers_have_their_text_in_the_pdf_alone(
    ris: SampleRIS, server: BaseURL, downloads: dict[str, tuple[dict[str, str], bytes]]
) -> None:
    pdf_only = [p for p in ris.papers if p.pdf_only]
    assert len(pdf_only) >= 10
    for p in pdf_only:
        assert p.document_sections and p.sections == ()
        status, _headers, html = get(f"{server}/public/vo020?VOLFDNR={p.volfdnr}")
        assert status == 200
        page = parse_paper_page(html, f"{server}/public/vo020?VOLFDNR={p.volfdnr}")
        assert page.sections == () and 'class="docPart' not in html.decode()
        assert page.vorlage.reference == p.reference  # the Grunddaten are still on the page
        main = f"{server}/public/doc?DOCTYP=130&DOLFDNR={p.file_id + 1}&OTYP=41"
        text = _flat("\r\n".join(_pages(downloads[main][1])))
        assert f"{p.vorlage.paper_type} {p.reference}" in text
        assert _flat(p.vorlage.subject or "") in text
        for section in p.document_sections:
            for para in section.text.split("\n"):
                assert _flat(para) in text, (p.reference, para)
        vorlage = get(f"{server}/public/doc?DOCTYP=130&DOLFDNR={p.file_id}&OTYP=41")[2]
        assert _flat(p.document_sections[0].text) in _flat("\r\n".join(_pages(vorlage)))
    others = [p for p in ris.papers if not p.pdf_only and p.sections][:20]
    for p in others:  # the text of the other papers is on the page and in the PDF
        text = _flat("\r\n".join(_pages(main_file_pdf(p))))
        assert all(_flat(s.text) in text for s in p.sections), p.reference


def test_pages_list_their_anlagen(
    ris: SampleRIS, server: BaseURL, papers: list[dict[str, Any]]
) -> None:
    objects = {p["reference"]: p for p in papers}
    with_anlagen = [p for p in ris.papers if p.attachments]
    for p in with_anlagen:
        html = get(f"{server}/public/vo020?VOLFDNR={p.volfdnr}")[2].decode()
        soup = BeautifulSoup(html, "html.parser")
        panel = soup.find("aside", id="anlagenHeaderPanel")
        assert isinstance(panel, Tag)
        links = panel.select("a.attlink.pdf")
        aux = objects[p.reference]["auxiliaryFile"]
        assert [a.get_text() for a in links] == [f["name"] for f in aux]
        for a, f in zip(links, aux, strict=True):
            href = str(a["href"])
            assert "--anlagenHeaderPanel-attachmentsList-" in href  # a Wicket listener link
            assert get(href)[2] == get(f["accessUrl"])[2]
        # the Dokumente panel still links the Vorlage and the Sammeldokument
        files = parse_paper_page(html, f"{server}/public/vo020?VOLFDNR={p.volfdnr}").files
        assert [title for title, _url in files][:2] == ["Vorlage", "Sammeldokument"]
    without = next(p for p in ris.papers if not p.attachments)
    html = get(f"{server}/public/vo020?VOLFDNR={without.volfdnr}")[2].decode()
    assert "anlagenHeaderPanel" not in html
    listener = f"{server}/public/vo020?1--anlagenHeaderPanel-attachmentsList-0-attachment-link"
    assert get(f"{listener}&VOLFDNR={without.volfdnr}")[0] == 404
