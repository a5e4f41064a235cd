"""The bundled sample RIS: generator, seed papers, rendering and the loopback server."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import html as htmllib
import json
import re
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from ratsinfo.model import Beratung, Section
from ratsinfo.parse import parse_paper_page
from sample_ris import (
    PAGE_SIZE,
    PAPER_TYPES,
    RECENT_DAYS,
    SHAPES,
    BaseURL,
    EvolveReport,
    SamplePaper,
    SampleRIS,
    evolve,
    fault_response,
    generate,
    http_date,
    render_paper_json,
    render_paper_page,
    serve,
)
from sample_ris.render_html import format_date

BASE = "https://ratsinfo.example.org"
REFERENCE = re.compile(r"^\d{2}-\d{5}(-\d{2})?$")


@pytest.fixture(scope="module")
def ris() -> SampleRIS:
    return generate(300, seed=0)


@pytest.fixture(scope="module")
def server(ris: SampleRIS) -> Iterator[BaseURL]:
    with serve(ris) as base:
        yield base


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def get_json(url: str | None) -> Any:
    assert url is not None
    status, headers, body = get(url)
    assert status == 200, url
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body)


def seed_answer(ris: SampleRIS) -> SamplePaper:
    paper = ris.by_reference("25-25641-01")
    assert paper is not None
    return paper


# --------------------------------------------------------------------------------------------
# Generator


def test_same_seed_same_data() -> None:
    a, b = generate(120, seed=7), generate(120, seed=7)
    assert a.papers == b.papers
    assert [p.sections for p in a.papers] == [p.sections for p in b.papers]
    assert a.meetings == b.meetings
    assert generate(120, seed=8).papers != a.papers


def test_n_papers_plus_two_seeds_oldest_first(ris: SampleRIS) -> None:
    assert len(ris.papers) == 302
    assert len(generate(0).papers) == 2
    dates = [p.date for p in ris.papers]
    assert dates == sorted(dates)
    assert dates[0].year == 2021 and dates[-1].year == 2026
    assert len({p.volfdnr for p in ris.papers}) == 302
    assert len({p.reference for p in ris.papers}) == 302
    assert all(REFERENCE.match(p.reference) for p in ris.papers)
    for p in ris.papers:  # "YY-" is the year the paper (or the one it follows up) was created
        if not p.vorlage.parent_reference:
            assert p.reference[:2] == f"{p.date.year % 100:02d}", p.reference


def test_all_paper_types_and_shapes_appear(ris: SampleRIS) -> None:
    types = {(p.vorlage.paper_type or "").removesuffix(" (öffentlich)") for p in ris.papers}
    assert set(PAPER_TYPES) <= types
    assert {p.shape for p in ris.papers} == set(SHAPES)


def test_beratungsfolge_shapes(ris: SampleRIS) -> None:
    rows = [b for p in ris.papers for b in p.beratungsfolge]
    assert {b.role for b in rows} >= {
        "Anhörung",
        "Vorberatung",
        "Entscheidung",
        "Kenntnisnahme",
        "zur Kenntnis",
    }
    assert {b.state for b in rows} >= {"Geplant", "Erledigt", "Gestoppt"}
    assert {b.decision for b in rows} >= {
        "zur Kenntnis genommen",
        "beschlossen",
        "ungeändert beschlossen",
        "abgelehnt",
        "geändert beschlossen",
        "vertagt",
    }
    by_shape: dict[str, list[SamplePaper]] = {}
    for p in ris.papers:
        by_shape.setdefault(p.shape, []).append(p)
    assert all(p.beratungsfolge == () for p in by_shape["none"])
    planned = [p.beratungsfolge for p in by_shape["planned"]]
    assert all(b.state == "Geplant" and b.meeting_position == 0 for bf in planned for b in bf)
    assert any(
        len(bf) == 1 and bf[0].state == "Geplant" and bf[0].date is None and bf[0].meeting is None
        for bf in planned
    )
    adjourned = [p.beratungsfolge for p in by_shape["adjourned"]]
    assert any(
        [b.decision for b in bf][-2] == "vertagt"
        and bf[-1].meeting_position == 2
        and bf[-1].position == bf[-2].position
        for bf in adjourned
        if len(bf) >= 2
    )
    sequences = [p.beratungsfolge for p in by_shape["sequence"]]
    assert any(
        [b.committee for b in bf][-2:] == ["Verwaltungsausschuss", "Rat der Stadt Braunschweig"]
        and [b.position for b in bf] == list(range(1, len(bf) + 1))
        and bf[-1].role == "Entscheidung"
        for bf in sequences
        if len(bf) >= 3
    )
    assert any(bf[0].role == "Anhörung" for bf in sequences)
    for bf in sequences:  # committees decide in order: nothing is done after an open one
        states = [b.state for b in bf]
        if "Geplant" in states:
            assert set(states[states.index("Geplant") :]) == {"Geplant"}
    for p in ris.papers:
        for b in p.beratungsfolge:
            assert 1 <= b.position <= len(p.committee_ids)
            if b.meeting_position:  # a meeting row: date, link to meeting and agenda item
                assert b.date is not None
            else:
                assert (b.date, b.meeting, b.decision, b.meeting_url) == (None, None, None, None)
            if b.meeting_url:
                assert re.fullmatch(r"/public/to010\?SILFDNR=\d+&TOLFDNR=\d+", b.meeting_url)
                tolfdnr = b.meeting_url.split("TOLFDNR=")[1]
                assert b.agenda_item_url == f"/public/to020?TOLFDNR={tolfdnr}"


def test_follow_ups_and_related_references(ris: SampleRIS) -> None:
    follow_ups = [p for p in ris.papers if p.vorlage.parent_reference]
    kinds = {p.vorlage.paper_type for p in follow_ups}
    assert {"Stellungnahme", "Ergänzungsvorlage", "Änderungsantrag"} <= kinds
    for p in follow_ups:
        parent = ris.by_reference(p.vorlage.parent_reference or "")
        assert parent is not None and parent.date <= p.date
        assert p.reference.startswith(parent.reference + "-")
        assert p.superordinated == (parent.volfdnr,)
        assert p.volfdnr in parent.subordinated
    related = [p for p in ris.papers if p.vorlage.related_references]
    assert related
    for p in related:
        for ref in p.vorlage.related_references:
            assert ref in (p.vorlage.subject or "")
    assert any("Bezugsdrucksache" in (p.vorlage.subject or "") for p in related)
    assert any(p.related for p in related)


def test_texts(ris: SampleRIS) -> None:
    anfragen = [p for p in ris.papers if (p.vorlage.paper_type or "").startswith("Anfrage")]
    assert all(re.search(r"^1\. .+\?$", p.text, re.M) for p in anfragen if p.sections)
    answers = [p.text for p in ris.papers if p.vorlage.paper_type == "Stellungnahme"]
    assert any("Zu Frage 1:" in t for t in answers)
    assert any("\nZu 1.\n" in t for t in answers)
    assert any("Zu den Fragen:\n1. " in t for t in answers)
    every = "\n".join(p.text for p in ris.papers)
    assert re.search(r"\d{1,3}\.000 EUR", every)
    assert re.search(r"\d,\d Mio\. Euro", every)
    assert "jährlich" in every and "§ 36 Absatz 3" in every and "3.665 Ladepunkte" in every
    for marker in ("&", "<", "„", "“"):
        assert marker in every
        assert any(marker in (p.vorlage.subject or "") for p in ris.papers), marker
    words = [
        len(para.split())
        for p in ris.papers
        if p.vorlage.paper_type == "Beschlussvorlage"
        for s in p.sections
        if s.title == "Sachverhalt"
        for para in s.text.split("\n")
    ]
    assert 30 <= sum(words) / len(words) <= 130
    assert Counter(p.english_dates for p in ris.papers)[True] > 0
    assert 0.1 < sum(p.long_labels for p in ris.papers) / len(ris.papers) < 0.3


@pytest.mark.slow
def test_generate_50000() -> None:
    big = generate(50_000, seed=1)
    assert len(big.papers) == 50_002
    assert big.papers[-1].date.year == 2026
    assert big.by_reference("25-25641-01") is not None
    assert not any(
        p.is_open for p in big.papers if (big.today - p.date).days >= RECENT_DAYS and not is_seed(p)
    )
    later, report = evolve(big, 0.01)
    assert len(report.touched) == 500 and len(later.papers) == 50_002 + len(report.new)


# --------------------------------------------------------------------------------------------
# Seed papers


def test_seed_stellungnahme_facts(ris: SampleRIS) -> None:
    p = seed_answer(ris)
    v = p.vorlage
    assert v.subject == 'Anfrage zum "Welcome Center" für Fachkräfte'
    assert v.paper_type == "Stellungnahme"
    assert v.status == "öffentlich (Vorlage freigegeben)"
    assert v.lead_department == "0800 Stabsstelle Wirtschaftsdezernat"
    assert v.participating_departments == (
        "DEZERNAT V - Sozial-, Schul-, Gesundheits- und Jugenddezernat",
        "0500 Sozialreferat",
    )
    assert v.responsible == "Leppa"
    assert v.parent_reference == "25-25641"
    assert p.beratungsfolge == (
        Beratung(
            position=1,
            committee="Ausschuss für Vielfalt und Integration",
            role="zur Kenntnis",
            state="Erledigt",
            date=dt.date(2025, 5, 7),
            meeting_position=1,
        ),
    )
    (section,) = p.sections
    assert section.title == "Sachverhalt"
    lines = section.text.split("\n")
    assert lines[0] == "Sachverhalt:"
    assert lines[1].startswith(
        "Die o. g. Anfrage des Bürgermitglieds Andreas Paruszewski vom 21.04.2025"
    )
    assert [line for line in lines if line.startswith("Zu Frage")] == [
        "Zu Frage 1:",
        "Zu Frage 2:",
        "Zu Frage 3:",
    ]
    assert "jährlich 20.000 EUR" in section.text
    assert lines[-1].endswith("Jedes Modul umfasste einen Workshoptag.")
    assert len(lines) == 10


def test_seed_anfrage_and_links(ris: SampleRIS) -> None:
    anfrage = ris.by_reference("25-25641")
    answer = seed_answer(ris)
    assert anfrage is not None
    assert anfrage.date == dt.date(2025, 4, 21) < answer.date
    assert anfrage.vorlage.subject == answer.vorlage.subject
    assert anfrage.vorlage.paper_type in ("Anfrage", "Anfrage (öffentlich)")
    questions = re.findall(r"^(\d)\. (.+\?)$", anfrage.text, re.M)
    assert [n for n, _ in questions] == ["1", "2", "3"]
    assert "finanziell" in questions[0][1]
    assert "Zielgruppe" in questions[1][1]
    assert "IQ-Netzwerk" in questions[2][1]
    assert anfrage.beratungsfolge[0].committee == "Ausschuss für Vielfalt und Integration"
    assert answer.superordinated == (anfrage.volfdnr,)
    assert anfrage.subordinated == (answer.volfdnr,)
    answer_json = render_paper_json(answer, BASE)
    assert answer_json["superordinatedPaper"] == [f"{BASE}/oparl/papers/{anfrage.volfdnr}"]
    assert render_paper_json(anfrage, BASE)["subordinatedPaper"] == [answer_json["id"]]


# --------------------------------------------------------------------------------------------
# Rendering, checked with an independent reading of the page


def _text(node: Tag | None) -> str | None:
    if node is None:
        return None
    s = " ".join(node.get_text(" ").replace("\xa0", " ").split())
    return s or None


def _href(cell: Tag) -> str | None:
    a = cell.find("a")
    return str(a["href"]) if isinstance(a, Tag) else None


def read_page(html: str) -> dict[str, Any]:
    """What the page shows, read with BeautifulSoup (independent of ratsinfo.parse)."""
    soup = BeautifulSoup(html, "html.parser")
    fields = {_text(dl.dt): _text(dl.dd) for dl in soup.select("div.row > dl")}
    rows: list[Beratung] = []
    current = Beratung(0, "", None, None)  # the committee row in effect
    for tr in soup.select("table.bfTable > tbody > tr"):
        tds = tr.find_all("td", recursive=False)
        state = _text(tds[0].select_one(".wfcolorDesc"))
        if state:
            position = len({b.position for b in rows}) + 1
            current = Beratung(position, _text(tds[2]) or "", _text(tds[3]), state)
            rows.append(current)
            continue
        if rows and rows[-1] is current:  # the committee has meetings: they replace its row
            rows.pop()
        n = sum(1 for b in rows if b.position == current.position) + 1
        rows.append(
            dataclasses.replace(
                current,
                date=_parse_date(_text(tds[1])),
                meeting=_text(tds[2]),
                decision=_text(tds[3]),
                meeting_url=_href(tds[2]),
                agenda_item_url=_href(tds[4]),
                meeting_position=n,
            )
        )
    sections = []
    for h2 in soup.select("h2.expandedTitle"):
        part = h2.parent.select_one("div.docPart") if h2.parent else None
        if part is None:
            continue
        paras = [_text(p) for p in part.find_all("p")]
        sections.append(Section(_text(h2) or "", "\n".join(p for p in paras if p)))
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag)
    return {
        "title": _text(soup.select_one("h1.title")),
        "fields": fields,
        "rows": tuple(rows),
        "sections": tuple(sections),
        "pdfs": [a["href"] for a in soup.select("#dokumenteHeaderPanel a.doclink.pdf")],
        "description": description["content"],
    }


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    if m := re.fullmatch(r"(\d\d)\.(\d\d)\.(\d{4})", text):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    return dt.datetime.strptime(text, "%b %d, %Y").date()


def test_page_round_trip(ris: SampleRIS) -> None:
    for paper in ris.papers:
        html = render_paper_page(paper, BASE)
        page = read_page(html)
        v = paper.vorlage
        assert page["title"] == f"{v.paper_type} - {v.reference}"
        f = page["fields"]
        assert f["Betreff:"] == " ".join((v.subject or "").split())
        assert f["Status:"] == v.status
        assert f["Vorlageart:"] == v.paper_type
        lead = f.get("Federführend:") or f.get("Federführende Organisationseinheit:")
        assert lead == v.lead_department
        both = f.get("Beteiligt:") or f.get("Beteiligte Organisationseinheit:")
        assert both == ("; ".join(v.participating_departments) or None)
        assert f.get("Verantwortlich:") == v.responsible
        assert page["rows"] == paper.expected_beratungsfolge(BASE), v.reference
        assert page["sections"] == paper.sections, v.reference
        assert len(page["pdfs"]) == 2
        assert page["description"].startswith("ALLRIS net Version 4.1.7")


def test_page_markup(ris: SampleRIS) -> None:
    paper = seed_answer(ris)
    html = render_paper_page(paper, BASE)
    for label in ("Betreff:", "Status:", "Vorlageart:", "Federführend:", "Beteiligt:"):
        assert f">{label}</a>" in html
    assert (
        '<span class="text4" id="vostatus">öffentlich</span> <span class="text4" id="vostat">'
        in html
    )
    assert "<a> (Vorlage freigegeben)</a>" in html
    assert '<h1 class="title">Stellungnahme - 25-25641-01</h1>' in html
    assert '<h2 class="expandedTitle">Beratungsfolge</h2>' in html
    assert '<span class="wfcolorDesc">Erledigt</span>' in html
    assert '<td class="date">\n<div>07.05.2025</div>' in html
    assert 'class="docPart readOnly"' in html
    no_bf = next(p for p in ris.papers if not p.beratungsfolge)
    assert "Beratungsfolge" not in render_paper_page(no_bf, BASE)
    no_responsible = next(p for p in ris.papers if p.vorlage.responsible is None)
    assert "Verantwortlich:" not in render_paper_page(no_responsible, BASE)
    sizes = [len(render_paper_page(p, BASE).encode()) for p in ris.papers[:100]]
    assert 10_000 < sum(sizes) / len(sizes) < 30_000


def test_page_escapes_special_characters(ris: SampleRIS) -> None:
    amp = next(p for p in ris.papers if "&" in (p.vorlage.subject or ""))
    lt = next(p for p in ris.papers if "<" in (p.vorlage.subject or ""))
    for paper, _raw, escaped in ((amp, "&", "&amp;"), (lt, "<", "&lt;")):
        html = render_paper_page(paper, BASE)
        subject = paper.vorlage.subject or ""
        assert escaped in htmllib.escape(subject, quote=False)
        assert f'id="vobetreff"><p>{htmllib.escape(subject, quote=False)}</p>' in html
        assert f"<p>{subject}</p>" not in html  # never unescaped


def test_english_dates(ris: SampleRIS) -> None:
    paper = seed_answer(ris)
    assert format_date(dt.date(2025, 5, 7), english=True) == "May 7, 2025"
    assert format_date(dt.date(2026, 1, 29), english=True) == "Jan 29, 2026"
    assert "<div>May 7, 2025</div>" in render_paper_page(paper, BASE, english=True)
    english = next(
        p for p in ris.papers if p.english_dates and any(b.date for b in p.beratungsfolge)
    )
    rows = read_page(render_paper_page(english, BASE))["rows"]
    assert rows == english.expected_beratungsfolge(BASE)


def test_paper_json_shape(ris: SampleRIS) -> None:
    paper = next(
        p
        for p in ris.papers
        if len(p.committee_ids) >= 3 and p.vorlage.paper_type == "Beschlussvorlage"
    )
    obj = render_paper_json(paper, BASE)
    assert list(obj)[:8] == [
        "id",
        "type",
        "body",
        "name",
        "reference",
        "date",
        "paperType",
        "mainFile",
    ]
    assert obj["id"] == f"{BASE}/oparl/papers/{paper.volfdnr}"
    assert obj["type"] == "https://schema.oparl.org/1.1/Paper"
    assert obj["created"] == obj["modified"] == "2000-01-01T00:00:00+01:00"
    assert obj["mainFile"]["accessUrl"].startswith(f"{BASE}/public/doc?DOCTYP=130&DOLFDNR=")
    assert obj["underDirectionOf"][0].startswith(f"{BASE}/oparl/organizations/at/")
    roles = [c["role"] for c in obj["consultation"]]
    assert roles[-1] == "Entscheidung" and obj["consultation"][-1]["authoritative"] is True
    gremien = [c["organization"][0] for c in obj["consultation"]]
    assert all(g.startswith(f"{BASE}/oparl/organizations/gr/") for g in gremien)
    webs = {render_paper_json(p, BASE)["web"].split("?")[0] for p in ris.papers}
    assert webs == {f"{BASE}/public/vo020", f"{BASE}/public/VO020"}
    assert obj["deleted"] is False


# --------------------------------------------------------------------------------------------
# Server


def test_server_walks_system_body_papers(ris: SampleRIS, server: BaseURL) -> None:
    system = get_json(f"{server}/oparl/system")
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = get_json(system["body"])
    (body_ref,) = bodies["data"]
    body = get_json(body_ref["id"])
    assert body["name"] == ris.body_name
    assert all("+01::00" in t["startDate"] for t in body["legislativeTerm"])
    url: str | None = body["paper"]
    first = get_json(url)
    total_pages = first["pagination"]["totalPages"]
    assert first["pagination"]["totalElements"] == 302
    assert first["pagination"]["elementsPerPage"] == PAGE_SIZE == 10
    assert total_pages == 31
    assert "prev" not in first["links"]
    seen: list[str] = []
    page_no = 0
    while url:
        page = get_json(url)
        page_no += 1
        assert page["pagination"]["currentPage"] == page_no
        assert page["links"]["self"].endswith(f"page={page_no}")
        assert page["links"]["first"] == first["links"]["first"]
        assert page["links"]["last"] == first["links"]["last"]
        if page_no > 1:
            assert page["links"]["prev"].endswith(f"page={page_no - 1}")
        assert len(page["data"]) <= 10
        seen += [p["reference"] for p in page["data"]]
        url = page["links"].get("next")
    assert page_no == total_pages
    assert seen == [p.reference for p in ris.papers]
    last = get_json(first["links"]["last"])
    assert len(last["data"]) == 2
    assert last["data"][-1]["reference"] == ris.papers[-1].reference
    assert max(p["date"] for p in last["data"]) == max(p.date for p in ris.papers).isoformat()
    limited = get_json(f"{server}/oparl/papers?body=1&page=2&limit=100")
    assert len(limited["data"]) == 10  # ALLRIS 4 ignores `limit`


def test_server_objects(ris: SampleRIS, server: BaseURL) -> None:
    paper = seed_answer(ris)
    obj = get_json(f"{server}/oparl/papers/{paper.volfdnr}")
    assert obj == render_paper_json(paper, server)
    orgs = get_json(f"{server}/oparl/organizations?body=1&page=1")
    assert orgs["pagination"]["totalElements"] == len(ris.organizations)
    org = get_json(orgs["data"][0]["id"])
    assert org["name"] == ris.organizations[0].name
    meetings = get_json(f"{server}/oparl/meetings?body=1&page=1")
    meeting = get_json(meetings["data"][0]["id"])
    assert meeting["start"].startswith(ris.meetings[0].date.isoformat())
    status, _headers, body = get(f"{server}/robots.txt")
    assert status == 200 and b"Allow: /" in body


def test_server_pages(ris: SampleRIS, server: BaseURL) -> None:
    paper = seed_answer(ris)
    for path in ("vo020", "VO020", "Vo020"):
        status, headers, body = get(f"{server}/public/{path}?VOLFDNR={paper.volfdnr}")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
    html = body.decode("utf-8")
    assert f'href="{server}/public/doc?DOCTYP=130&amp;DOLFDNR={paper.file_id}&amp;OTYP=41"' in html
    assert read_page(html)["rows"] == paper.expected_beratungsfolge(server)
    status, headers, pdf = get(f"{server}/public/doc?DOCTYP=130&DOLFDNR={paper.file_id}&OTYP=41")
    assert (
        status == 200 and pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"
    )


def test_server_404(server: BaseURL) -> None:
    assert get(f"{server}/oparl/papers/1")[0] == 404
    assert get(f"{server}/oparl/papers/abc")[0] == 404
    assert get(f"{server}/public/vo020?VOLFDNR=1")[0] == 404
    assert get(f"{server}/public/vo020")[0] == 404
    assert get(f"{server}/oparl/bodies/2")[0] == 404
    assert get(f"{server}/oparl/organizations/gr/999999")[0] == 404
    assert get(f"{server}/nothing/here")[0] == 404


def test_server_accept_language(ris: SampleRIS, server: BaseURL) -> None:
    paper = seed_answer(ris)
    url = f"{server}/public/vo020?VOLFDNR={paper.volfdnr}"
    english = get(url, {"Accept-Language": "en-US,en;q=0.9"})[2].decode()
    german = get(url, {"Accept-Language": "de-DE,de;q=0.9"})[2].decode()
    default = get(url)[2].decode()
    assert "<div>May 7, 2025</div>" in english and "07.05.2025" not in english
    assert "<div>07.05.2025</div>" in german and "<div>07.05.2025</div>" in default
    own = next(p for p in ris.papers if p.english_dates and any(b.date for b in p.beratungsfolge))
    date = next(b.date for b in own.beratungsfolge if b.date)
    page = get(f"{server}/public/vo020?VOLFDNR={own.volfdnr}", {"Accept-Language": "de"})
    assert f"<div>{format_date(date, english=True)}</div>" in page[2].decode()


def test_server_request_log(ris: SampleRIS, server: BaseURL) -> None:
    server.clear_requests()
    get(f"{server}/oparl/system", {"User-Agent": "ratsinfo-test", "Accept-Language": "de"})
    (record,) = server.requests
    assert record.method == "GET"
    assert record.path == "/oparl/system"
    assert record.headers["User-Agent"] == "ratsinfo-test"
    assert record.headers["Accept-Language"] == "de"
    assert record.time > 0


def test_server_fault_hook(server: BaseURL) -> None:
    path = "/oparl/papers?body=1&page=3"
    server.faults[path] = fault_response(503, "busy", {"Retry-After": "2"}, times=1)
    try:
        status, headers, body = get(f"{server}{path}")
        assert (status, headers["Retry-After"], body) == (503, "2", b"busy")
        assert get(f"{server}{path}")[0] == 200  # only the first time
        assert get(f"{server}/oparl/papers?body=1&page=4")[0] == 200
    finally:
        server.faults.clear()


# --------------------------------------------------------------------------------------------
# Realistic states: only recent papers are open


def is_seed(p: SamplePaper) -> bool:
    return bool(p.fixed_sections)  # the real page shows a meeting row without decision


def paper_of(ris: SampleRIS, volfdnr: int) -> SamplePaper:
    paper = ris.paper(volfdnr)
    assert paper is not None, volfdnr
    return paper


@pytest.mark.parametrize(("n", "seed"), [(300, 0), (3000, 4)])
def test_old_papers_are_finished_recent_ones_may_be_open(n: int, seed: int) -> None:
    ris = generate(n, seed=seed)
    assert ris.end == dt.date(2026, 12, 18)
    recent = [p for p in ris.papers if (ris.today - p.date).days < RECENT_DAYS]
    old = [p for p in ris.papers if p not in recent and not is_seed(p)]
    assert recent and old
    for p in old:
        assert not p.is_open, p.reference
        assert all(b.state in ("Erledigt", "Gestoppt") for b in p.beratungsfolge), p.reference
        assert all(b.decision for b in p.beratungsfolge if b.meeting_position), p.reference
        assert p.shape != "planned"
    assert sum(p.is_open for p in recent) >= 3
    assert {p.shape for p in recent} >= {"planned", "single"}
    assert any(b.state == "Geplant" and b.date is None for p in recent for b in p.beratungsfolge)
    assert any(  # scheduled at a meeting after `end`, no decision yet
        b.state == "Geplant" and b.date and b.date > ris.today and b.decision is None
        for p in recent
        for b in p.beratungsfolge
    )


# --------------------------------------------------------------------------------------------
# Evolution: the RIS one night later


@pytest.fixture(scope="module")
def before() -> SampleRIS:
    return generate(1000, seed=2)


@pytest.fixture(scope="module")
def night(before: SampleRIS) -> tuple[SampleRIS, EvolveReport]:
    return evolve(before, 0.01, seed=0, deleted=2)


def test_evolve_counts(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    assert len(before.papers) == 1002
    assert len(report.touched) == round(0.01 * 1002) == 10
    assert (len(report.new), len(report.changed), len(report.deleted)) == (5, 5, 2)
    assert len(set(report.new) | set(report.changed) | set(report.deleted)) == 12
    assert len(after.papers) == len(before.papers) + 5
    assert report.end == after.end == after.today == before.today + dt.timedelta(days=1)
    assert all(paper_of(before, v).is_open for v in report.changed)
    assert evolve(before, 0.0)[1].touched == ()
    big, big_report = evolve(before, 0.2, seed=1)
    assert len(big_report.touched) == 200 and len(big_report.new) == 100
    assert len(big.papers) == 1102
    # too few open papers: the newest finished ones get a "Beschluss" or "Nachtrag" section
    amended = [paper_of(big, v) for v in big_report.changed if not paper_of(before, v).is_open]
    assert amended and all(p.extra_sections and p.modified == big.today for p in amended)
    assert {p.extra_sections[-1].title for p in amended} >= {"Beschluss"}
    for p in amended[:5]:
        assert render_paper_page(p, BASE) != render_paper_page(paper_of(before, p.volfdnr), BASE)
    assert len(evolve(before, 0.015)[1].touched) == round(0.015 * 1002)


def test_evolve_is_deterministic(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    again, report2 = evolve(before, 0.01, seed=0, deleted=2)
    assert report2 == report
    assert again.papers == after.papers and again.meetings == after.meetings
    other = evolve(before, 0.01, seed=1, deleted=2)[1]
    assert (other.changed, other.deleted) != (report.changed, report.deleted)


def test_evolve_leaves_the_original_untouched(before: SampleRIS) -> None:
    papers, meetings, end = tuple(before.papers), before.meetings, before.end
    last = before.papers[-1]
    after, report = evolve(before, 0.05, seed=3, deleted=3)
    assert tuple(before.papers) == papers and all(
        a is b for a, b in zip(before.papers, papers, strict=True)
    )
    assert before.meetings is meetings and before.end == end
    for v in report.new:
        assert before.paper(v) is None and after.paper(v) is not None
    assert before.paper(last.volfdnr) is last
    for v in report.changed + report.deleted:
        old, new = before.paper(v), after.paper(v)
        assert old is not None and new is not None and old is not new
        assert not old.deleted and old.modified is None
        assert before.by_reference(old.reference) is old
        assert after.by_reference(old.reference) is new


def test_evolve_unchanged_papers_are_the_same(
    before: SampleRIS, night: tuple[SampleRIS, EvolveReport]
) -> None:
    after, report = night
    touched = set(report.touched) | set(report.deleted)
    unchanged = [p for p in before.papers if p.volfdnr not in touched]
    assert len(unchanged) == 1002 - 7
    for p in unchanged:
        assert after.paper(p.volfdnr) is p
    for p in unchanged[::25]:
        q = after.paper(p.volfdnr)
        assert q is not None
        assert render_paper_page(q, BASE) == render_paper_page(p, BASE)
        assert render_paper_json(q, BASE) == render_paper_json(p, BASE)


def test_evolve_changed_papers_progress(
    before: SampleRIS, night: tuple[SampleRIS, EvolveReport]
) -> None:
    after, report = night
    for v in report.changed:
        old, new = before.paper(v), after.paper(v)
        assert old is not None and new is not None
        assert new.modified == new.last_modified == report.end
        assert render_paper_page(new, BASE) != render_paper_page(old, BASE)
        assert new.vorlage == old.vorlage and new.date == old.date
        # one consultation further: more decided rows, or a meeting row where there was none
        decided = [sum(1 for b in p.beratungsfolge if b.decision) for p in (old, new)]
        meetings = [sum(1 for b in p.beratungsfolge if b.meeting_position) for p in (old, new)]
        assert decided[1] > decided[0] or meetings[1] > meetings[0], new.reference
        for b in new.beratungsfolge:
            if b.decision and b.decision != "vertagt":
                assert b.date is not None and b.date <= report.end
                assert b.state == "Erledigt"
        page = parse_paper_page(render_paper_page(new, BASE), f"{BASE}/vo020")
        assert page.beratungsfolge == new.expected_beratungsfolge(BASE)
        assert page.sections == new.sections
    meeting_ids = {m.id for m in after.meetings}
    for p in after.papers:
        for b in p.beratungsfolge:
            if b.meeting_url:
                assert int(b.meeting_url.split("SILFDNR=")[1].split("&")[0]) in meeting_ids
    agenda_items = [b.agenda_item_url for p in after.papers for b in p.beratungsfolge]
    agenda_items = [a for a in agenda_items if a]
    assert len(agenda_items) == len(set(agenda_items))  # every agenda item is one paper's


def test_evolve_new_papers(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    new = [paper_of(after, v) for v in report.new]
    assert [p.volfdnr for p in after.papers[-5:]] == list(report.new)
    last_number = max(int(p.reference[3:8]) for p in before.papers)
    numbers = [int(p.reference[3:8]) for p in new]
    assert numbers == list(range(last_number + 1, last_number + 6))
    assert min(report.new) > max(p.volfdnr for p in before.papers)
    assert min(p.file_id for p in new) > max(p.file_id for p in before.papers)
    for p in new:
        assert p.date == report.end and p.reference.startswith("26-")
        assert after.by_reference(p.reference) is p and before.by_reference(p.reference) is None
        assert p.is_open or not p.beratungsfolge
        page = parse_paper_page(render_paper_page(p, BASE), f"{BASE}/vo020")
        assert page.vorlage == p.vorlage and page.sections == p.sections
    dates = [(p.date, p.volfdnr) for p in after.papers]
    assert dates == sorted(dates)
    three_days = evolve(before, 0.02, days=3)[0]
    assert {p.date for p in three_days.papers[-10:]} <= {
        before.today + dt.timedelta(days=k) for k in (1, 2, 3)
    }


def test_evolve_deleted_papers(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    for v in report.deleted:
        p = after.paper(v)
        assert p is not None and p.deleted and p.last_modified == report.end
        assert p in after.papers
        obj = render_paper_json(p, BASE)
        assert obj["deleted"] is True and obj["id"] == f"{BASE}/oparl/papers/{v}"
        assert "reference" not in obj


def test_evolve_nights_in_a_row(before: SampleRIS) -> None:
    ris = before
    for night_no in range(5):
        size = len(ris.papers)
        ris, report = evolve(ris, 0.01, seed=night_no)
        assert len(report.touched) == round(0.01 * size)
        assert len(ris.papers) == size + len(report.new)
    assert ris.today == before.today + dt.timedelta(days=5)
    assert len({p.reference for p in ris.papers}) == len(ris.papers)
    assert len({p.volfdnr for p in ris.papers}) == len(ris.papers)


# --------------------------------------------------------------------------------------------
# Conditional requests and a changing RIS on the server


ETAG = re.compile(r'^"[0-9a-f]{32}"$')


def test_etag_and_last_modified(ris: SampleRIS, server: BaseURL) -> None:
    paper = seed_answer(ris)
    urls = [
        f"{server}/public/vo020?VOLFDNR={paper.volfdnr}",
        f"{server}/oparl/papers/{paper.volfdnr}",
        f"{server}/oparl/papers?body=1&page=2",
        f"{server}/oparl/meetings?body=1&page=1",
        f"{server}/oparl/system",
    ]
    for url in urls:
        status, headers, body = get(url)
        assert status == 200
        assert ETAG.match(headers["ETag"]), url
        assert headers["ETag"] == '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        assert email.utils.parsedate_to_datetime(headers["Last-Modified"])
        assert get(url)[1]["ETag"] == headers["ETag"]  # stable
    page_headers = get(urls[0])[1]
    assert page_headers["Last-Modified"] == http_date(paper.last_modified)
    assert http_date(dt.date(2026, 12, 18)) == "Fri, 18 Dec 2026 00:00:00 GMT"
    assert get(urls[2])[1]["Last-Modified"] == http_date(ris.today)
    assert "ETag" not in get(f"{server}/oparl/papers/1")[1]  # 404s carry no validators


def test_if_none_match_and_if_modified_since(ris: SampleRIS, server: BaseURL) -> None:
    paper = seed_answer(ris)
    for url in (
        f"{server}/public/vo020?VOLFDNR={paper.volfdnr}",
        f"{server}/oparl/papers/{paper.volfdnr}",
        f"{server}/oparl/papers?body=1&page=1",
    ):
        _, headers, _ = get(url)
        tag, modified = headers["ETag"], headers["Last-Modified"]
        status, h304, body = get(url, {"If-None-Match": tag})
        assert (status, body) == (304, b"") and h304["ETag"] == tag
        assert get(url, {"If-None-Match": f'"other", W/{tag}'})[0] == 304
        assert get(url, {"If-None-Match": '"0123"'})[0] == 200
        assert get(url, {"If-Modified-Since": modified})[0] == 304
        later = email.utils.format_datetime(
            email.utils.parsedate_to_datetime(modified) + dt.timedelta(days=3), usegmt=True
        )
        earlier = email.utils.format_datetime(
            email.utils.parsedate_to_datetime(modified) - dt.timedelta(seconds=1), usegmt=True
        )
        assert get(url, {"If-Modified-Since": later})[0] == 304
        assert get(url, {"If-Modified-Since": earlier})[0] == 200
        assert get(url, {"If-Modified-Since": "not a date"})[0] == 200
        # If-None-Match wins over If-Modified-Since
        assert get(url, {"If-None-Match": '"0123"', "If-Modified-Since": later})[0] == 200


def test_swapping_the_ris_while_serving(
    before: SampleRIS, night: tuple[SampleRIS, EvolveReport]
) -> None:
    after, report = night
    changed, deleted = report.changed[0], report.deleted[0]
    unchanged = next(p for p in before.papers if p.volfdnr not in report.touched + report.deleted)
    with serve(before) as base:
        urls = {
            v: f"{base}/public/vo020?VOLFDNR={v}" for v in (changed, deleted, unchanged.volfdnr)
        }
        tags = {v: get(url)[1]["ETag"] for v, url in urls.items()}
        modified = {v: get(url)[1]["Last-Modified"] for v, url in urls.items()}
        old_pdf = get(f"{base}/public/doc?DOLFDNR={before.papers[-1].file_id}")
        assert old_pdf[0] == 200
        first_list = get_json(f"{base}/oparl/papers?body=1")
        new_paper = after.paper(report.new[-1])
        assert new_paper is not None
        assert get(f"{base}/public/vo020?VOLFDNR={new_paper.volfdnr}")[0] == 404
        assert get(f"{base}/public/doc?DOLFDNR={new_paper.file_id}")[0] == 404

        base.server.ris = after  # the next night
        assert base.server.ris is after
        assert get(urls[unchanged.volfdnr], {"If-None-Match": tags[unchanged.volfdnr]})[0] == 304
        assert (
            get(urls[unchanged.volfdnr], {"If-Modified-Since": modified[unchanged.volfdnr]})[0]
            == 304
        )
        status, headers, _ = get(urls[changed], {"If-None-Match": tags[changed]})
        assert status == 200 and headers["ETag"] != tags[changed]
        assert headers["Last-Modified"] == http_date(report.end)
        assert get(urls[changed], {"If-Modified-Since": modified[changed]})[0] == 200
        assert get(urls[deleted])[0] == 404
        assert get_json(f"{base}/oparl/papers/{deleted}")["deleted"] is True
        assert get(f"{base}/public/vo020?VOLFDNR={new_paper.volfdnr}")[0] == 200
        assert get(f"{base}/public/doc?DOLFDNR={new_paper.file_id}")[0] == 200  # cache renewed

        # the list: more elements, the new papers at the end of the last page
        first = get_json(f"{base}/oparl/papers?body=1")
        assert first_list["pagination"]["totalElements"] == 1002
        assert first["pagination"]["totalElements"] == len(after.papers) == 1007
        last = get_json(first["links"]["last"])
        assert len(last["data"]) == 7
        assert last["pagination"]["currentPage"] == last["pagination"]["totalPages"] == 101
        assert "next" not in last["links"] and last["links"]["self"] == first["links"]["last"]
        refs = [p["reference"] for p in last["data"]]
        assert refs[-5:] == [paper_of(after, v).reference for v in report.new]
        for obj in last["data"][-5:]:
            assert get_json(obj["id"]) == obj
            assert get(obj["web"])[0] == 200
        prev = get_json(last["links"]["prev"])
        assert prev["links"]["next"] == first["links"]["last"]
        walked = [obj["id"] for obj in prev["data"] + last["data"]]
        assert walked == [f"{base}/oparl/papers/{p.volfdnr}" for p in after.papers[-len(walked) :]]
        deleted_in_list = [
            obj
            for n in range(1, 102)
            for obj in get_json(f"{base}/oparl/papers?body=1&page={n}")["data"]
            if obj["deleted"]
        ]
        assert sorted(int(o["id"].rsplit("/", 1)[1]) for o in deleted_in_list) == sorted(
            report.deleted
        )
