import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from ratsinfo.parse import PageParseError, parse_paper_page
from sample_ris import generate, render_paper_page
from sample_ris.render_html import attachment_link
from tests.helpers import CORPUS, FIXTURES, corpus_file


def test_grunddaten_of_a_follow_up_paper():
    page = parse_paper_page((FIXTURES / "allris4_vertagt.html").read_text(), "fixture")
    v = page.vorlage
    assert v.reference == "26-30112-02"
    assert v.parent_reference == "26-30112"
    assert v.subject == (
        "Zuschuss für das Kinder- & Jugendzentrum <Mühle> (Bezugsdrucksache 25-24001 und 2026/235)"
    )
    assert v.related_references == ("25-24001", "2026/235")
    assert v.paper_type == "Ergänzungsvorlage"
    assert v.status == "öffentlich (Vorlage freigegeben)"
    assert v.lead_department == "51 Fachbereich Kinder, Jugend und Familie"
    assert v.participating_departments == (
        "20 Fachbereich Finanzen",
        "DEZERNAT V - Sozial-, Schul-, Gesundheits- und Jugenddezernat",
    )
    assert v.responsible == "Dr. Rentzsch"


def test_beratungsfolge_with_postponement_and_open_consultations():
    rows = parse_paper_page((FIXTURES / "allris4_vertagt.html").read_text()).beratungsfolge
    shape = [(r.position, r.meeting_position, r.committee, r.role, r.state) for r in rows]
    assert shape == [
        (1, 1, "Jugendhilfeausschuss", "Vorberatung", "Erledigt"),
        (1, 2, "Jugendhilfeausschuss", "Vorberatung", "Erledigt"),
        (2, 0, "Verwaltungsausschuss", "Vorberatung", "Geplant"),
        (3, 0, "Rat der Stadt", "Entscheidung", "Geplant"),
    ]
    first, second = rows[0], rows[1]
    assert (first.date, first.decision) == (dt.date(2026, 3, 12), "vertagt")
    assert first.meeting == "14. Sitzung des Jugendhilfeausschusses"
    assert first.meeting_url == "https://ris.example/public/to010?SILFDNR=10&TOLFDNR=100"
    assert first.agenda_item_url == "https://ris.example/public/to020?TOLFDNR=100"
    assert (second.date, second.decision) == (dt.date(2026, 4, 16), "ungeändert beschlossen")
    assert rows[2].date is None and rows[2].meeting is None and rows[2].decision is None


def test_sections_keep_paragraphs_and_drop_empty_ones():
    page = parse_paper_page((FIXTURES / "allris4_vertagt.html").read_text())
    assert [s.title for s in page.sections] == ["Sachverhalt"]
    assert page.sections[0].text == (
        "Der Verein erhält einen Zuschuss von 12.500 €.\nDie Mittel stehen im Haushalt 2026 bereit."
    )
    assert page.files == (("Vorlage", "https://ris.example/public/doc?DOLFDNR=1"),)


def test_page_without_grunddaten_names_url_and_problem():
    with pytest.raises(PageParseError) as e:
        parse_paper_page((FIXTURES / "no_grunddaten.html").read_bytes(), "http://x/vo020?VOLFDNR=9")
    assert "http://x/vo020?VOLFDNR=9" in str(e.value)
    assert "reference" in str(e.value) or "Grunddaten" in str(e.value)


def test_real_wolfsburg_allris4_page():
    page = parse_paper_page(
        corpus_file("ratslotse/tests/fixtures/cities/wolfsburg_vo020.html").read_text()
    )
    v = page.vorlage
    assert v.reference == "K 2026/0725"
    assert v.subject == "Einrichtung von Trinkwasserbrunnen im Innenstadtbereich"
    assert v.paper_type == "Schriftliche Kenntnisgabe"
    assert v.status == "öffentlich (Vorlage freigegeben)"
    assert v.lead_department == "Geschäftsbereich Straßenbau und Projektkoordination"
    assert v.participating_departments == (
        "Geschäftsbereich Rats- und Rechtsangelegenheiten",
        "Dezernat I",
    )
    assert v.parent_reference is None
    assert len(page.beratungsfolge) == 1
    b = page.beratungsfolge[0]
    assert b.committee == "Planungs- und Bauausschuss"
    assert b.role == "Kenntnisnahme"
    assert b.state == "Erledigt"
    assert b.date == dt.date(2026, 1, 29)
    assert b.meeting == "31. Sitzung des Planungs- und Bauausschusses"
    assert b.decision == "zur Kenntnis genommen"
    assert [s.title for s in page.sections] == ["Begründung"]
    assert page.sections[0].text.startswith("Trinkwasserbrunnen im Stadtgebiet")


ANLAGEN_PAGE = "https://ratsinfo.birkenhain.example/public/vo020?VOLFDNR=5120"


def test_every_document_link_once_with_absolute_urls_in_page_order():
    page = parse_paper_page((FIXTURES / "allris4_anlagen.html").read_text(), ANLAGEN_PAGE)
    public = "https://ratsinfo.birkenhain.example/public"
    listener = f"{public}/vo020?7--anlagenHeaderPanel-attachmentsList-{{}}-attachment-link"
    resource = f"{public}/wicket/resource/org.apache.wicket.Application"
    assert page.files == (
        ("Vorlage", f"{resource}/doc70311.pdf"),
        ("Sammeldokument", f"{resource}/doc70309.pdf"),
        # Anlagen: the link text; the tooltip's name where the text is empty; the title where
        # the text is "PDF"; the Anlage linked twice in the panel and once in the text: once
        ("Anlage 1 Lageplan Uferwege", listener.format(0) + "&VOLFDNR=5120"),
        ("Anlage 2 Kostenschätzung", listener.format(1) + "&VOLFDNR=5120"),
        ("Anlage 3 Stellungnahme Naturschutzbeirat", listener.format(2) + "&VOLFDNR=5120"),
        # a document linked in the text, its size suffix dropped; the section anchor, the
        # meeting and agenda-item links, mailto:, javascript:, the menu's and the footer's PDFs
        # (the help, the accessibility statement) are no documents of the paper
        (
            "Gutachten Mühlenteich",
            "https://www.birkenhain.example/umwelt/gutachten-muehlenteich.pdf",
        ),
    )
    assert page.vorlage.reference == "25/0418"
    assert len(page.beratungsfolge) == 1 and page.sections[0].title == "Sachverhalt"


def test_without_a_web_address_links_stay_as_written():
    """`ratsinfo parse PATH` passes a file path, not a URL: nothing to resolve against."""
    page = parse_paper_page((FIXTURES / "allris4_anlagen.html").read_text(), "saved/vo020.html")
    assert page.files[0][1] == "./wicket/resource/org.apache.wicket.Application/doc70311.pdf"
    assert page.files[2][1] == (
        "./vo020?7--anlagenHeaderPanel-attachmentsList-0-attachment-link&VOLFDNR=5120"
    )


def test_sample_pages_yield_their_anlagen():
    """The sample council's pages carry the Anlagen panel; `make run` parses it."""
    base = "http://127.0.0.1:8"
    papers = [p for p in generate(40).papers if p.attachments]
    assert papers
    for p in papers:
        page_url = f"{base}/public/vo020?VOLFDNR={p.volfdnr}"
        files = parse_paper_page(render_paper_page(p, base), page_url).files
        assert [title for title, _ in files[:2]] == ["Vorlage", "Sammeldokument"]
        assert files[2:] == tuple(
            (a.name, attachment_link(p, base, i)) for i, a in enumerate(p.attachments)
        )


# The addresses the corpus pages were fetched from (../shared/corpus/PROVENANCE.md); a page not
# listed here is resolved against a stand-in address.
_CORPUS_ADDRESSES = {
    "wolfsburg_vo020.html": "https://ratsinfob.stadt.wolfsburg.de/vo020?VOLFDNR=1010527",
}


def _allris4_corpus_pages() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not available: {CORPUS}")
    pages = [
        path
        for path in sorted(CORPUS.rglob("*.htm*"))
        if path.is_file()
        and any(
            marker in path.read_text(encoding="utf-8", errors="replace")
            for marker in ('id="dokumenteHeaderPanel"', 'id="anlagenHeaderPanel"')
        )
    ]
    if not pages:
        pytest.skip(f"no ALLRIS 4 paper page (Dokumente/Anlagen panel) under {CORPUS}")
    return pages


def test_replay_every_document_link_of_the_real_allris4_pages():
    """Every `a.attlink` (Anlage) and every `a.doclink` that is not an anchor to the page's own
    sections, read independently with BeautifulSoup, is among the parsed files, once."""
    for path in _allris4_corpus_pages():
        html = path.read_text(encoding="utf-8", errors="replace")
        url = _CORPUS_ADDRESSES.get(path.name, "https://ris.invalid/public/vo020?VOLFDNR=1")
        files = parse_paper_page(html, url).files
        urls = [u for _, u in files]
        assert len(urls) == len(set(urls)), path
        assert all(title for title, _ in files), path
        soup = BeautifulSoup(html, "html.parser")
        hrefs = [str(a["href"]).strip() for a in soup.select("a.attlink[href], a.doclink[href]")]
        expected = {urljoin(url, h) for h in hrefs if h and not h.startswith("#")}
        assert expected <= set(urls), (path, sorted(expected - set(urls)))
        for a in soup.select("a.attlink[href]"):  # the Anlagen, in particular
            assert urljoin(url, str(a["href"]).strip()) in urls, (path, a["href"])


def test_document_link_outside_main_on_a_page_without_main() -> None:
    # a link naming a document, no `main`: the walk up reaches the document node; one in the
    # footer is no document of the page
    html = (
        "<html><body><h1 class='title'>Beschlussvorlage - 25/0001</h1>"
        "<div class='row'><dl><dt>Betreff:</dt><dd>Test</dd></dl></div>"
        "<div id='content'><a href='anlage.pdf'>Anlage 1</a></div>"
        "<div id='footer'><a href='impressum.pdf'>Impressum</a></div></body></html>"
    )
    page = parse_paper_page(html, "https://ris.example.org/public/vo020?VOLFDNR=1")
    assert page.files == (("Anlage 1", "https://ris.example.org/public/anlage.pdf"),)
