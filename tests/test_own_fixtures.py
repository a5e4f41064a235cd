"""The behaviours the shared-corpus tests check, on fixtures of our own (invented town Eichenfeld).

Each test mirrors one corpus-based test, so that a clean clone without ../shared/corpus still
covers it: the ALLRIS 4 vo020 page in the Wolfsburg shape (test_parse_allris, test_cli), ALLRIS 4
OParl papers with placeholder stamps in the Braunschweig shape and a Body with broken "+01::00"
offsets in the Bonn shape (test_oparl). The fixtures copy only the vendor's markup, labels and keys.
"""

import datetime as dt
import json

import pytest

from ratsinfo.cli import main
from ratsinfo.oparl.client import has_placeholder_stamps
from ratsinfo.parse import parse_oparl_datetime, parse_paper_page
from tests.helpers import FIXTURES

PAGE = FIXTURES / "allris4_kenntnisgabe.html"
PAPERS = FIXTURES / "oparl_papers_placeholder_stamps.json"
BODY = FIXTURES / "oparl_body_broken_offsets.json"

CONTRACT_VORLAGE = {
    "reference", "subject", "paper_type", "status", "lead_department",
    "participating_departments", "responsible", "parent_reference", "related_references",
}  # fmt: skip
CONTRACT_BERATUNG = {"committee", "role", "state", "date", "meeting", "decision"}

CET = dt.timezone(dt.timedelta(hours=1))
CEST = dt.timezone(dt.timedelta(hours=2))


# --- ALLRIS 4 vo020 page, Wolfsburg shape --------------------------------------------------


def test_kenntnisgabe_grunddaten_with_label_variants():
    v = parse_paper_page(PAGE.read_text(encoding="utf-8"), "fixture").vorlage
    assert v.reference == "K 2026/1187"  # "<h1 class="title">{type} - {reference}</h1>"
    assert v.subject == "Sanierung der Fußgängerbrücke am Mühlenteich"
    assert v.paper_type == "Kenntnisgabe"
    assert v.status == "öffentlich (Vorlage freigegeben)"  # two spans joined
    # "Federführende Organisationseinheit:" / "Beteiligte Organisationseinheit:"
    assert v.lead_department == "Fachbereich Grünflächen und Gewässer"
    assert v.participating_departments == (
        "Stabsstelle Klimaschutz",
        "Referat Bürgerbeteiligung",
        "Dezernat für Umwelt und Mobilität",
    )
    assert v.responsible is None
    assert v.parent_reference is None
    assert v.related_references == ()


def test_kenntnisgabe_beratungsfolge_with_an_english_date():
    [b] = parse_paper_page(PAGE.read_bytes()).beratungsfolge
    assert (b.position, b.meeting_position) == (1, 1)
    assert b.committee == "Ausschuss für Umwelt und Stadtgrün"
    assert b.role == "Kenntnisnahme"
    assert b.state == "Erledigt"
    assert b.date == dt.date(2026, 3, 12)  # printed "Mar 12, 2026"
    assert b.meeting == "7. Sitzung des Ausschusses für Umwelt und Stadtgrün"
    assert b.decision == "zur Kenntnis genommen"
    assert b.meeting_url == "https://ratsinfo.eichenfeld.example/to010?SILFDNR=5310&TOLFDNR=60712"
    assert b.agenda_item_url == "https://ratsinfo.eichenfeld.example/to020?TOLFDNR=60712"


def test_kenntnisgabe_sections_and_files():
    page = parse_paper_page(PAGE.read_text(encoding="utf-8"))
    # the "Beratungsfolge" heading is no section, the cookie dialog's h2 neither
    assert [s.title for s in page.sections] == ["Begründung"]
    assert page.sections[0].text == (
        "Die Holzbohlen der Fußgängerbrücke am Mühlenteich sind witterungsbedingt abgenutzt und"
        " werden im Frühjahr vollständig ersetzt.\n"
        "Während der Arbeiten wird der Uferweg über die Gartenstraße umgeleitet."
    )
    base = "https://ratsinfo.eichenfeld.example/wicket/resource/org.apache.wicket.Application"
    assert page.files == (  # the in-page anchor "#showHideLink_…" is no file
        ("Vorlage", f"{base}/doc90211.pdf"),
        ("Sammeldokument", f"{base}/doc90208.pdf"),
    )


def test_parse_kenntnisgabe_page_keeps_the_contract(capsys):
    assert main(["parse", str(PAGE)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"vorlage", "beratungsfolge", "answers", "funding"} <= out.keys()
    assert out["vorlage"].keys() >= CONTRACT_VORLAGE
    assert out["vorlage"]["reference"] == "K 2026/1187"
    assert out["vorlage"]["parent_reference"] is None
    assert out["vorlage"]["participating_departments"] == [
        "Stabsstelle Klimaschutz",
        "Referat Bürgerbeteiligung",
        "Dezernat für Umwelt und Mobilität",
    ]
    [row] = out["beratungsfolge"]
    assert row.keys() >= CONTRACT_BERATUNG
    assert {k: row[k] for k in CONTRACT_BERATUNG} == {
        "committee": "Ausschuss für Umwelt und Stadtgrün",
        "role": "Kenntnisnahme",
        "state": "Erledigt",
        "date": "2026-03-12",
        "meeting": "7. Sitzung des Ausschusses für Umwelt und Stadtgrün",
        "decision": "zur Kenntnis genommen",
    }
    assert out["answers"] == [] and out["funding"] == []
    assert [s["title"] for s in out["sections"]] == ["Begründung"]


# --- OParl papers with ALLRIS 4 placeholder stamps, Braunschweig shape ----------------------


def _papers() -> list[dict]:
    return json.loads(PAPERS.read_text(encoding="utf-8"))


def test_papers_carry_placeholder_stamps():
    papers = _papers()
    assert len(papers) == 4
    assert all(p["type"] == "https://schema.oparl.org/1.1/Paper" for p in papers)
    assert all(has_placeholder_stamps(p) for p in papers)
    # ALLRIS stamps the embedded objects the same way
    embedded = [p["mainFile"] for p in papers] + [c for p in papers for c in p["consultation"]]
    embedded += [f for p in papers for f in p.get("auxiliaryFile", [])]
    embedded += [loc for p in papers for loc in p.get("location", [])]
    assert len(embedded) == 12 and all(has_placeholder_stamps(o) for o in embedded)
    # the placeholder is a readable timestamp, just a meaningless one
    assert {parse_oparl_datetime(p["modified"]) for p in papers} == {
        dt.datetime(2000, 1, 1, tzinfo=CET)
    }


def test_papers_with_a_real_stamp_are_not_placeholders():
    paper = _papers()[0]
    assert has_placeholder_stamps(paper)
    assert not has_placeholder_stamps({**paper, "modified": "2026-05-19T08:12:40+02:00"})
    assert not has_placeholder_stamps({k: v for k, v in paper.items() if k != "modified"})


def test_papers_keep_the_allris_shape():
    papers = _papers()
    for p in papers:
        n = p["id"].rsplit("/", 1)[1]
        assert p["web"] == f"https://ris.eichenfeld.example/public/vo020?VOLFDNR={n}"
        assert p["mainFile"]["accessUrl"].startswith("https://ris.eichenfeld.example/public/doc?")
    follow_up = next(p for p in papers if p.get("relatedPaper"))
    assert follow_up["reference"] == "26-04410-01"
    assert follow_up["relatedPaper"] == [papers[0]["id"]]


# --- OParl Body with "+01::00" offsets, Bonn shape --------------------------------------------


def _terms() -> list[dict]:
    return json.loads(BODY.read_text(encoding="utf-8"))["legislativeTerm"]


def test_body_broken_offsets_parse():
    terms = _terms()
    stamps = [t["startDate"] for t in terms]
    assert stamps and all(parse_oparl_datetime(s) is not None for s in stamps)


def test_body_broken_offsets_parse_to_the_right_aware_datetimes():
    terms = _terms()
    assert [
        (parse_oparl_datetime(t["startDate"]), parse_oparl_datetime(t["endDate"])) for t in terms
    ] == [
        (dt.datetime(1996, 11, 1, tzinfo=CET), dt.datetime(2001, 10, 31, tzinfo=CET)),
        (dt.datetime(2001, 11, 1, tzinfo=CET), dt.datetime(2006, 10, 31, tzinfo=CET)),
        (dt.datetime(2006, 11, 1, tzinfo=CET), dt.datetime(2011, 10, 31, tzinfo=CET)),
        (dt.datetime(2011, 11, 1, tzinfo=CET), dt.datetime(2012, 6, 30, 23, 59, 59, tzinfo=CEST)),
    ]
    summer = parse_oparl_datetime(terms[-1]["endDate"])
    assert summer.utcoffset() == dt.timedelta(hours=2)
    assert summer.astimezone(dt.UTC) == dt.datetime(2012, 6, 30, 21, 59, 59, tzinfo=dt.UTC)
    # the stamps of the body itself and of every term are broken the same way, and parse too
    body = json.loads(BODY.read_text(encoding="utf-8"))
    others = [body["created"], body["modified"], body["location"]["modified"]]
    others += [t[k] for t in terms for k in ("created", "modified")]
    assert all("::" in s for s in others)
    assert all(parse_oparl_datetime(s).tzinfo is not None for s in others)


def test_body_offsets_really_are_broken():
    """Without the repair the fixture's stamps are not ISO 8601: the test above depends on it."""
    for t in _terms():
        for key in ("startDate", "endDate"):
            assert "::" in t[key]
            with pytest.raises(ValueError):
                dt.datetime.fromisoformat(t[key])
