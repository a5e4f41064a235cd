"""Classic ALLRIS (ALLRIS net 3.9.x) pages: own fixtures under fixtures/allris_classic, and replays
of real pages from ../shared/corpus (skipped, naming the path, when the corpus is absent)."""

import datetime as dt

import pytest

from ratsinfo.parse.allris import PageParseError
from ratsinfo.parse.allris_classic import (
    ClassicAgendaItem,
    is_classic_allris_page,
    parse_classic_agenda_item,
    parse_classic_paper_page,
)
from tests.helpers import FIXTURES, corpus_file

CLASSIC = FIXTURES / "allris_classic"
BASE = "https://ris.example/bi/vo020.asp?VOLFDNR=4711"
HAMBURG = "realdocs/bv-hh__bv-hh/test/fixtures/files/allris"
HILDESHEIM = "ratslotse/tests/fixtures/cities"


# --- own fixtures ---------------------------------------------------------------------------------


def test_windows_1252_bytes_decode_umlauts_euro_and_quotes():
    raw = (CLASSIC / "vo020_folgedrucksache.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is windows-1252
    page = parse_classic_paper_page(raw, BASE)
    assert page.vorlage.subject == (
        "Tempo 30 vor der Grundschule Fährstraße – Stellungnahme "
        "Bezug: Drs. 23-0815, Schuljahr 2025/2026"
    )
    assert "rund 4.800 €;" in page.sections[0].text
    assert "1. die „Tempo 30“-Strecke zu befürworten," in page.sections[1].text.splitlines()
    assert page == parse_classic_paper_page(raw.decode("cp1252"), BASE)


def test_grunddaten_of_a_follow_up_paper():
    v = parse_classic_paper_page((CLASSIC / "vo020_folgedrucksache.html").read_bytes()).vorlage
    assert v.reference == "23-0815.1"
    assert v.paper_type == "Mitteilungsvorlage öffentlich"  # Hamburg's types carry the access
    assert v.status == "öffentlich"
    assert v.lead_department == "Fachamt Straßen und Grün"  # "Federf.:"
    assert v.participating_departments == (
        "Fachamt Verkehr",
        "Schulbehörde",
        "Polizeikommissariat 99",
    )
    assert (
        v.responsible == "Fraktion Grüne Mitte; Gruppe Bürgernähe"
    )  # "Verfasserin:", one per <br>
    assert v.parent_reference == "23-0815"  # "Bezüglich:"
    # named in the subject (the school year is no reference), then the Stammbaum's other member
    assert v.related_references == ("23-0815", "23-0815.2")


def test_beratungsfolge_with_postponement_plain_meeting_and_open_consultation():
    rows = parse_classic_paper_page(
        (CLASSIC / "vo020_folgedrucksache.html").read_bytes(), BASE
    ).beratungsfolge
    shape = [(r.position, r.meeting_position, r.committee, r.role, r.state) for r in rows]
    assert shape == [
        (1, 1, "Ausschuss für Umwelt und Verkehr", "Vorberatung", "Erledigt"),
        (1, 2, "Ausschuss für Umwelt und Verkehr", "Vorberatung", "Erledigt"),
        (2, 1, "Hauptausschuss", None, "Geplant"),
        (3, 0, "Bezirksversammlung", "Entscheidung", "Bereit"),
    ]
    first, second, planned, open_ = rows
    assert (first.date, first.decision) == (dt.date(2026, 3, 12), "vertagt")
    assert first.meeting == "Sitzung des Ausschusses für Umwelt und Verkehr"
    assert first.meeting_url == "https://ris.example/bi/to010.asp?SILFDNR=801"
    assert first.agenda_item_url == "https://ris.example/bi/to020.asp?TOLFDNR=9101"  # a POST form
    assert (second.date, second.decision) == (dt.date(2026, 4, 16), "ungeändert beschlossen")
    assert second.agenda_item_url == "https://ris.example/bi/to020.asp?TOLFDNR=9102"
    # a planned meeting printed without a link
    assert (planned.date, planned.meeting) == (dt.date(2026, 5, 7), "Sitzung des Hauptausschusses")
    assert (planned.meeting_url, planned.agenda_item_url, planned.decision) == (None, None, None)
    assert (open_.date, open_.meeting, open_.decision) == (None, None, None)


def test_sections_from_the_embedded_documents():
    page = parse_classic_paper_page((CLASSIC / "vo020_folgedrucksache.html").read_bytes())
    assert [s.title for s in page.sections] == ["Sachverhalt", "Beschlussvorschlag", "Anlage/n"]
    sachverhalt, beschluss, anlagen = (s.text for s in page.sections)
    # the label line goes, words split over <span>s stay whole, nbsp-only paragraphs go
    assert sachverhalt.splitlines() == [
        "Das Bezirksamt hat die Schulwegsituation in der Fährstraße geprüft.",
        "Die Beschilderung kostet rund 4.800 €; die Mittel stehen im Haushalt bereit.",
    ]
    # list numbers as the browser shows them, nested lists, one line per table row
    assert beschluss.splitlines() == [
        "Der Ausschuss wird gebeten,",
        "1. die „Tempo 30“-Strecke zu befürworten,",
        "2. über die Umsetzung zu berichten:",
        "a. nach drei Monaten,",
        "b. nach einem Jahr.",
        "Maßnahme | Kosten",
        "Schilder | 4.800,00",
    ]
    assert anlagen == "Lageplan"  # "Anlage/n: Lageplan" on one line


def test_files_are_document_forms_and_attachments_once_each():
    page = parse_classic_paper_page((CLASSIC / "vo020_folgedrucksache.html").read_bytes(), BASE)
    tmp = "https://ris.example/bi/___tmp/tmp/00-000-000/TestTestTest/0-Anlagen"
    assert page.files == (
        ("Drucksache", "https://ris.example/bi/do027.asp?DOLFDNR=5001&options=64"),
        (
            "Drucksache-Sammeldokument",
            "https://ris.example/bi/do027.asp?DOLFDNR=5002&options=64&typ=130",
        ),
        ("Lageplan Fährstraße", f"{tmp}/01/Lageplan_Faehrstrasse.pdf"),
        ("Verkehrszählung 2026", f"{tmp}/02/Zaehlung_2026.pdf"),  # size suffix dropped
    )


def test_without_url_addresses_stay_as_printed():
    page = parse_classic_paper_page((CLASSIC / "vo020_folgedrucksache.html").read_bytes())
    assert page.files[0] == ("Drucksache", "do027.asp?DOLFDNR=5001&options=64")
    assert page.beratungsfolge[0].meeting_url == "to010.asp?SILFDNR=801"


def test_page_embedded_in_a_portal_without_menu_or_generator():
    html = (CLASSIC / "vo020_portal.html").read_text(encoding="utf-8")
    page = parse_classic_paper_page(html, "https://www.musterstadt.example/allris/vo020.asp")
    v = page.vorlage
    assert (v.reference, v.parent_reference) == ("2026/117/1", "2026/117")
    assert v.subject == "Neue Sitzbänke im Stadtpark (Ergänzung zu 2026/117)"
    assert v.paper_type == "Beschlussvorlage"  # "Vorlage-Art:"
    assert v.lead_department == "67 Grünflächenamt"
    assert v.responsible == "Beispiel, Erika"  # "Bearbeiter/-in:" before "Verfasser:"
    rows = page.beratungsfolge
    assert [(r.committee, r.role, r.date, r.decision) for r in rows] == [
        ("Ortsrat Nordviertel", "Anhörung", dt.date(2026, 2, 3), "empfohlen"),
        ("Rat der Stadt", "Entscheidung", dt.date(2026, 3, 2), "geändert beschlossen"),
    ]
    assert rows[1].agenda_item_url == "https://www.musterstadt.example/allris/to020.asp?TOLFDNR=655"
    # no menu: titles from the sections' own label lines; the empty last anchor gives nothing
    assert [s.title for s in page.sections] == ["Sachverhalt", "Beschlussvorschlag"]
    assert page.sections[0].text == (
        "Der Ortsrat hat am 03.02.2026 zwölf neue Bänke angeregt.\nDie Kosten betragen 6.000 Euro."
    )
    # the portal's own PDF link is not one of the paper's documents
    assert page.files == (
        ("Vorlage", "https://www.musterstadt.example/allris/do027.asp?DOLFDNR=7001&options=64"),
    )


def test_missing_betreff_names_url_and_field():
    url = "https://ris.example/bi/vo020.asp?VOLFDNR=999"
    with pytest.raises(PageParseError) as e:
        parse_classic_paper_page((CLASSIC / "vo020_ohne_betreff.html").read_bytes(), url)
    assert e.value.url == url
    assert url in str(e.value) and "Betreff" in str(e.value)


@pytest.mark.parametrize("name", ["allris4_vertagt.html", "no_grunddaten.html"])
def test_pages_that_are_not_classic_are_refused(name):
    with pytest.raises(PageParseError) as e:
        parse_classic_paper_page((FIXTURES / name).read_bytes(), "http://x/vo020?VOLFDNR=1")
    assert "http://x/vo020?VOLFDNR=1" in str(e.value)
    assert "not a classic ALLRIS paper page" in str(e.value)


def test_an_agenda_item_is_not_a_paper():
    with pytest.raises(PageParseError) as e:
        parse_classic_paper_page((CLASSIC / "to020_beschluss.html").read_bytes(), "u")
    assert "paper reference" in str(e.value)
    with pytest.raises(PageParseError, match="'TOP'"):
        parse_classic_agenda_item((CLASSIC / "vo020_folgedrucksache.html").read_bytes(), "u")


def test_agenda_item_with_paper_decision_and_vote():
    item = parse_classic_agenda_item(
        (CLASSIC / "to020_beschluss.html").read_bytes(),
        "https://ris.example/bi/to020.asp?TOLFDNR=9102",
    )
    assert item == ClassicAgendaItem(
        number="Ö 4.2",
        subject="Tempo 30 vor der Grundschule Fährstraße Stellungnahme",
        meeting="Sitzung des Ausschusses für Umwelt und Verkehr",
        meeting_url="https://ris.example/bi/to010.asp?SILFDNR=802",
        committee="Ausschuss für Umwelt und Verkehr",
        date=dt.date(2026, 4, 16),  # "Do, 16.04.2026"
        decision="ungeändert beschlossen",
        paper_reference="23-0815.1",
        paper_url="https://ris.example/bi/vo020.asp?VOLFDNR=4711",
        resolution_text="Der Ausschuss befürwortet die Tempo-30-Strecke.",
        voting_result="einstimmig bei einer Enthaltung",
        sections=item.sections,
    )
    assert [(s.title, s.text) for s in item.sections] == [
        ("Protokoll", "Herr A. erläutert die Vorlage."),
        ("Beschluss", "Der Ausschuss befürwortet die Tempo-30-Strecke."),
        ("Abstimmungsergebnis", "einstimmig bei einer Enthaltung"),
    ]


# --- real pages: Hamburg's seven Bezirksversammlungen and Hildesheim ------------------------------

# Facts read in each page's HTML: reference, subject, paper type, lead department; number of
# Beratungsfolge rows and one row (index, committee, state, date, decision, meeting link); section
# titles; a document (title, end of its address) and the number of documents.
PAPERS = {
    "altona": dict(
        reference="22-2362",
        subject="Umleitung der Metrobuslinie 1 Beschlussempfehlung des Mobilitätsausschusses",
        paper_type="Beschlussempfehlung öffentlich",
        lead="Geschäftsstelle der Bezirksversammlung",
        rows=1,
        row=(
            0,
            "Hauptausschuss",
            "Geplant",
            dt.date(2026, 7, 9),
            None,
            "to010.asp?SILFDNR=1004364",
        ),
        sections=["Sachverhalt", "Beschlussvorschlag", "Anlage/n"],
        file=("Drucksache", "do027.asp?DOLFDNR=1543908&options=64"),
        files=2,
    ),
    "bergedorf": dict(
        reference="22-0916",
        subject=None,  # long; checked below
        paper_type="Auskunftsersuchen nach § 27 BezVG",
        lead="Dezernat Steuerung und Service",
        rows=1,
        row=(0, "Bezirksversammlung Bergedorf", "Bereit", None, None, None),
        sections=["Sachverhalt", "Beschlussvorschlag", "Anlage/n"],
        file=("Drucksache", "do027.asp?DOLFDNR=1293611&options=64"),
        files=1,
    ),
    "eimsbuettel": dict(
        reference="22-2368",
        subject="Aufwertung für den Voßbarg in Niendorf-Nord Drs. 22-0558, Beschluss der BV vom "
        "30.01.2025",
        paper_type="Mitteilungsvorlage der Verwaltung",
        lead="D1 - Dezernat Steuerung und Service",
        rows=3,
        row=(
            1,
            "Regionalausschuss Lokstedt/Niendorf/Schnelsen",
            "Geplant",
            dt.date(2026, 8, 31),
            None,
            None,  # the planned meeting is printed without a link
        ),
        sections=["Sachverhalt", "Beschlussvorschlag", "Anlage/n"],
        file=("Drucksache", "do027.asp?DOLFDNR=1399238&options=64"),
        files=1,
    ),
    "hamburg_mitte": dict(
        reference="23-1862",
        subject="Rattenplage im Wilhelmsburger Bahnhofsviertel beenden (Antrag der SPD- und "
        "GRÜNE-Fraktion)",
        paper_type="Antrag öffentlich",
        lead="Fachamt Interner Service",
        rows=1,
        row=(
            0,
            "Hauptausschuss",
            "Geplant",
            dt.date(2026, 7, 7),
            None,
            "to010.asp?SILFDNR=1003292",
        ),
        sections=["Sachverhalt", "Beschlussvorschlag"],
        file=("Drucksache-Sammeldokument", "do027.asp?DOLFDNR=1452481&options=64&typ=130"),
        files=2,
    ),
    "hamburg_nord": dict(
        reference="22-2402",
        subject="Bezirkliche Sondermittel Antrag der GRÜNE-Fraktion",
        paper_type="Antrag",
        lead="Interner Service",
        rows=1,
        row=(
            0,
            "Hauptausschuss",
            "Geplant",
            dt.date(2026, 7, 7),
            None,
            "to010.asp?SILFDNR=1003441",
        ),
        sections=["Beschlussvorschlag", "Anlage/n"],  # the Sachverhalt holds only its label
        file=("Drucksache", "do027.asp?DOLFDNR=1401263&options=64"),
        files=1,
    ),
    "harburg": dict(
        reference="22-1940.01",
        subject="Antwort auf Anfrage CDU betr. Rahmenbedingungen zum Beachclubstandort Treidelweg",
        paper_type="Antwort / Stellungnahme des Bezirksamtes",
        lead="D 4 - Dezernat Wirtschaft, Bauen und Umwelt",
        rows=1,
        row=(0, "Hauptausschuss", "Bereit", None, None, None),
        sections=["Sachverhalt", "Beschlussvorschlag"],
        file=("Drucksache", "do027.asp?DOLFDNR=1360701&options=64"),
        files=1,
    ),
    "wandsbek": dict(
        reference="22-3995",
        subject="Vermietungen an Fremd-Veranstalter von Parties und Feiern im Brakula Eingabe",
        paper_type="Eingabe",
        lead="Interner Service",
        rows=1,
        row=(0, "Hauptausschuss", "Bereit", None, None, None),
        sections=["Sachverhalt", "Anlage/n"],
        file=("Drucksache", "do027.asp?DOLFDNR=1727018&options=64"),
        files=1,
    ),
}


def _real_paper(bezirk: str):
    raw = corpus_file(f"{HAMBURG}/{bezirk}/vo020.html").read_bytes()
    return parse_classic_paper_page(raw, "https://ris.example/bi/vo020.asp?VOLFDNR=1")


@pytest.mark.parametrize("bezirk", sorted(PAPERS))
def test_real_hamburg_paper_pages(bezirk):
    facts = PAPERS[bezirk]
    page = _real_paper(bezirk)
    v = page.vorlage
    assert v.reference == facts["reference"]
    if facts["subject"] is not None:
        assert v.subject == facts["subject"]
    assert v.paper_type == facts["paper_type"]
    assert v.status == "öffentlich"
    assert v.lead_department == facts["lead"]
    assert len(page.beratungsfolge) == facts["rows"]
    index, committee, state, date, decision, meeting_link = facts["row"]
    row = page.beratungsfolge[index]
    assert (row.committee, row.state, row.date, row.decision) == (committee, state, date, decision)
    if meeting_link is None:
        assert row.meeting_url is None
    else:
        assert row.meeting_url == f"https://ris.example/bi/{meeting_link}"
        assert row.meeting == "Sitzung des Hauptausschusses"
    assert [s.title for s in page.sections] == facts["sections"]
    assert all(s.text for s in page.sections)
    title, address = facts["file"]
    assert (title, f"https://ris.example/bi/{address}") in page.files
    assert len(page.files) == facts["files"]


def test_real_altona_attachment_and_anlage_text():
    page = _real_paper("altona")
    title, address = page.files[1]
    assert title.startswith("22-M2076.1 Metrobuslinie 1")
    assert not title.endswith("KB)")  # the right-hand list's title, without the size
    assert address.startswith("https://ris.example/bi/___tmp/tmp/") and address.endswith(".pdf")
    assert page.sections[2].text.startswith("Mitteilungsdrucksache 22-2076.1")


def test_real_bergedorf_authors_and_numbered_questions():
    page = _real_paper("bergedorf")
    v = page.vorlage
    assert v.subject is not None
    assert v.subject.startswith("Unterstützungs-, Schutz- und Distanzierungsangebote für Menschen")
    assert v.subject.endswith("im Bezirk Bergedorf")
    assert v.responsible == "Fraktion GRÜNE Bergedorf; Fraktion DIE LINKE; SPD-Fraktion"
    assert page.beratungsfolge[0].meeting_position == 0
    lines = page.sections[0].text.splitlines()
    assert lines[0] == "Auskunftsersuchen"  # the "Sachverhalt:" label is gone
    # <ol type="I"> and <ol start="6"> numbered as printed in the browser
    starts = [line.split(" ", 1)[0] for line in lines]
    assert [s for s in starts if s in ("I.", "II.", "III.")] == ["I.", "II.", "III."]
    assert {f"{n}." for n in range(1, 12)} <= set(starts)


def test_real_eimsbuettel_consultations_and_subject_reference():
    page = _real_paper("eimsbuettel")
    assert page.vorlage.related_references == ("22-0558",)
    assert [(r.position, r.committee, r.role, r.state) for r in page.beratungsfolge] == [
        (1, "Hauptausschuss", "Kenntnisnahme", "Geplant"),
        (2, "Regionalausschuss Lokstedt/Niendorf/Schnelsen", "Kenntnisnahme", "Geplant"),
        (3, "Bezirksversammlung", "Kenntnisnahme", "Bereit"),
    ]
    assert page.beratungsfolge[0].date == dt.date(2026, 7, 23)
    assert page.beratungsfolge[2].date is None


def test_real_hamburg_nord_authors_and_table_rows():
    page = _real_paper("hamburg_nord")
    assert page.vorlage.responsible == "Thorsten Schmidt; Daniela Clément"
    rows = [line for line in page.sections[0].text.splitlines() if " | " in line]
    assert rows[0] == "Nr. | Antragsteller*in | Verwendungszweck | Antrags-summe"
    assert rows[1].startswith("165 | Olmo e.V. | ") and rows[1].endswith(" | 1.200,00")


def test_real_harburg_answer_names_its_parent():
    page = _real_paper("harburg")
    assert page.vorlage.parent_reference == "22-1940"  # "Bezüglich:" and the Stammbaum
    assert page.vorlage.related_references == ()
    answer = page.sections[1].text.splitlines()
    assert "1. Wie wird das neue Interessenbekundungsverfahren ausgestaltet sein?" in answer


def test_real_hildesheim_paper_page():
    raw = corpus_file(f"{HILDESHEIM}/hildesheim_vo020.html").read_bytes()
    page = parse_classic_paper_page(raw, "https://ratsinfo.example/allris/vo020.asp?VOLFDNR=8000")
    v = page.vorlage
    assert v.reference == "23/224"
    assert v.subject is not None
    assert v.subject.startswith("Bundesprogramm zur Anpassung urbaner Räume an den Klimawandel:")
    assert v.paper_type == "Mitteilungsvorlage"
    assert v.lead_department == "61.1 Stadterneuerung"
    assert v.parent_reference is None
    rows = page.beratungsfolge
    assert len(rows) == 2
    first = rows[0]
    assert first.committee == "Ausschuss für Stadtentwicklung, Umwelt und Mobilität"
    assert (first.role, first.state) == ("Information", "Erledigt")
    assert (first.date, first.decision) == (dt.date(2023, 6, 14), "zur Kenntnis genommen")
    assert first.meeting_url == "https://ratsinfo.example/allris/to010.asp?SILFDNR=3358"
    assert first.agenda_item_url == "https://ratsinfo.example/allris/to020.asp?TOLFDNR=68461"
    assert (rows[1].committee, rows[1].date) == (
        "Ortsrat Stadtmitte/Neustadt",
        dt.date(2023, 6, 21),
    )
    assert [s.title for s in page.sections] == ["Sachverhalt", "Anlagen"]
    assert len(page.files) == 6  # two document forms, four attachments
    assert page.files[1] == (
        "Vorlage mit Anlagen",
        "https://ratsinfo.example/allris/do027.asp?DOLFDNR=373824&options=64&typ=130",
    )
    title, address = page.files[-1]
    assert title == "Folgekostenabschätzung" and address.endswith("/68-Anlagen/04/23_224.pdf")


# --- real agenda items (to020.asp) ----------------------------------------------------------------


def test_real_altona_agenda_item():
    raw = corpus_file(f"{HAMBURG}/altona/to020.html").read_bytes()
    item = parse_classic_agenda_item(raw, "https://ris.example/bi/to020.asp?TOLFDNR=1049839")
    assert item.number == "Ö 2.1"
    assert item.subject == "Geparkte Kfz auf dem Marktplatz Blankenese Eingabe vom 19.01.2025"
    assert item.meeting == "Sitzung des Mobilitätsausschusses"
    assert item.meeting_url == "https://ris.example/bi/to010.asp?SILFDNR=1004078"
    assert item.committee == "Mobilitätsausschuss"
    assert item.date == dt.date(2025, 3, 3)
    assert item.decision == "zur Kenntnis genommen"
    assert item.paper_reference == "22-0621"
    assert item.paper_url == "https://ris.example/bi/vo020.asp?VOLFDNR=1016196"
    assert item.resolution_text is None  # the Beschluss anchor has no text
    assert item.voting_result == "Der Ausschuss nimmt die Drucksache zur Kenntnis."
    assert [s.title for s in item.sections] == ["Protokoll", "Abstimmungsergebnis"]


def test_real_harburg_agenda_item_without_paper():
    raw = corpus_file(f"{HAMBURG}/harburg/to020.html").read_bytes()
    item = parse_classic_agenda_item(raw)
    assert (item.number, item.subject) == ("Ö 1", "Feststellung der Tagesordnung")
    assert (item.committee, item.date) == ("Stadtentwicklungsausschuss", dt.date(2025, 3, 3))
    assert item.meeting == "Sitzung des Stadtentwicklungsausschusses"
    assert item.meeting_url == "to010.asp?SILFDNR=1002903"  # relative without a page url
    assert item.decision == "(offen)"
    assert (item.paper_reference, item.paper_url) == (None, None)
    assert (item.resolution_text, item.voting_result) == (None, None)
    assert [s.title for s in item.sections] == ["Protokoll"]


def test_real_hildesheim_agenda_item():
    raw = corpus_file(f"{HILDESHEIM}/hildesheim_to020.html").read_bytes()
    item = parse_classic_agenda_item(raw, "https://ratsinfo.example/allris/to020.asp?TOLFDNR=76127")
    assert (item.number, item.subject) == ("Ö 9", "Annahme von Zuwendungen durch den Rat")
    assert item.meeting == "Sitzung des Rates der Stadt Hildesheim"
    assert item.committee == "Rat der Stadt Hildesheim"
    assert item.date == dt.date(2025, 3, 31)  # "Mo, " and a calendar link around the date
    assert item.decision == "ungeändert beschlossen"
    assert item.paper_reference == "25/085"
    assert item.paper_url == "https://ratsinfo.example/allris/vo020.asp?VOLFDNR=8931"
    assert item.resolution_text == "Der Annahme der Zuwendungen wird zugestimmt."
    assert item.voting_result == "einstimmig mit zwei Enthaltungen"
    assert [s.title for s in item.sections] == ["Wortprotokoll", "Beschluss", "Abstimmungsergebnis"]


# --- the detector ---------------------------------------------------------------------------------

BEZIRKE = [
    "altona",
    "bergedorf",
    "eimsbuettel",
    "hamburg_mitte",
    "hamburg_nord",
    "harburg",
    "wandsbek",
]
REAL_CLASSIC = [
    *(f"{HAMBURG}/{b}/{page}.html" for b in BEZIRKE for page in ("vo020", "to010")),
    f"{HAMBURG}/altona/to020.html",
    f"{HAMBURG}/harburg/to020.html",
    f"{HILDESHEIM}/hildesheim_vo020.html",
    f"{HILDESHEIM}/hildesheim_to020.html",
]
REAL_OTHER = [
    f"{HILDESHEIM}/wolfsburg_vo020.html",  # ALLRIS 4
    "realdocs/mandariOSS__mandari/ingestor/tests/fixtures/scrapers/sessionnet/luedenscheid/"
    "vo0050.html",  # SessionNet: *.asp too
]


@pytest.mark.parametrize("relative", REAL_CLASSIC)
def test_detector_knows_real_classic_pages(relative):
    raw = corpus_file(relative).read_bytes()
    assert is_classic_allris_page(raw)
    assert is_classic_allris_page(raw.decode("cp1252", errors="replace"))


@pytest.mark.parametrize("relative", REAL_OTHER)
def test_detector_refuses_real_other_pages(relative):
    assert not is_classic_allris_page(corpus_file(relative).read_bytes())


@pytest.mark.parametrize(
    ("path", "classic"),
    [
        (CLASSIC / "vo020_folgedrucksache.html", True),
        (CLASSIC / "vo020_portal.html", True),  # no generator meta: the shape decides
        (CLASSIC / "vo020_ohne_betreff.html", True),
        (CLASSIC / "to020_beschluss.html", True),
        (FIXTURES / "allris4_vertagt.html", False),
        (FIXTURES / "allris4_kenntnisgabe.html", False),
        (FIXTURES / "no_grunddaten.html", False),
    ],
    ids=lambda p: getattr(p, "name", str(p)),
)
def test_detector_on_own_fixtures(path, classic):
    assert is_classic_allris_page(path.read_bytes()) is classic
