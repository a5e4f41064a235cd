"""The bundled sample RIS: rendering (the paper page, checked with an independent reading, and
the OParl JSON) and the loopback server, with its conditional requests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import html as htmllib
import re
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from ratsinfo.model import Beratung, Section
from sample_ris import (
    PAGE_SIZE,
    BaseURL,
    SampleRIS,
    fault_response,
    generate,
    http_date,
    render_paper_json,
    render_paper_page,
    serve,
)
from sample_ris.render_html import format_date
from tests.sample_support import BASE, get, get_json, seed_answer


@pytest.fixture(scope="module")
def ris() -> SampleRIS:
    return generate(300, seed=0)


@pytest.fixture(scope="module")
def server(ris: SampleRIS) -> Iterator[BaseURL]:
    with serve(ris) as base:
        yield base


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
# Conditional requests


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


@pytest.mark.skipif(sys.platform != "linux", reason="SO_TIMESTAMPNS is Linux's")
def test_the_request_log_has_the_kernels_arrival_time_not_the_handlers(server):
    """A handler held up for 0.3 s (here: by the log's own lock) still logs when the request
    arrived, so timing tests do not see a late thread as requests sent close together."""
    server.clear_requests()
    with server.server._lock:
        sent = time.time()
        worker = threading.Thread(target=get, args=(f"{server}/oparl/system",))
        worker.start()
        time.sleep(0.3)
    worker.join(timeout=10)
    (record,) = server.requests
    assert sent - 0.01 <= record.time <= sent + 0.1
