import datetime as dt

import pytest

from ratsinfo.parse import PageParseError, parse_paper_page
from tests.helpers import FIXTURES, corpus_file


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
