"""Malformed OParl input is checked at the boundary (issue 9.2), interrupted listings are resumed
(9.4), and pagination ends on hostile servers (9.5). Servers are loopback; papers generated."""

import json
import time

import duckdb
import pytest

from ratsinfo.fetch.http import HttpClient
from ratsinfo.ingest import crawl
from ratsinfo.oparl.client import OParlClient, OParlError, decode_text
from ratsinfo.parse.allris import PageParseError, parse_paper_page
from sample_ris import fault_response, generate, render_list, render_paper_json, serve
from tests.helpers import FIXTURES, materialize_pipeline
from tests.loopback import Script, scripted_server

LIST = "/oparl/papers?body=1&page={}"


def _list_page(base, ris, page, mutate=None, raw=None):
    """A fault handler answering one paper-list page, its papers changed by `mutate`."""
    doc = render_list(
        ris.papers, page, f"{base}/oparl/papers?body=1", lambda p: render_paper_json(p, base)
    )
    if mutate:
        mutate(doc)
    body = raw(doc) if raw else json.dumps(doc).encode()
    return fault_response(200, body, {"Content-Type": "application/json"})


def _query(root, sql):
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_malformed_papers_are_recorded_and_everything_else_loads(tmp_path):
    ris = generate(40, seed=3)
    pages = len(ris.papers) // 10  # a full page (the newest page may be short)

    def mangle(doc):
        d = doc["data"]
        d[0]["name"] = ["a", "list"]
        d[1]["web"] = 12345
        d[2]["date"] = {"year": 2026}
        d[3]["relatedPaper"] = [3, d[4]["id"]]
        d[4]["body"] = [d[4]["body"], d[4]["body"]]
        d[5]["id"] = None
        d[6]["deleted"] = "false"
        doc["mangled"] = [d[i]["id"] for i in range(7)]

    seen = {}

    def keep_ids(doc):
        mangle(doc)
        seen.update(ids=doc.pop("mangled"))

    with serve(ris) as base:
        base.faults[LIST.format(pages)] = _list_page(base, ris, pages, keep_ids)
        result = materialize_pipeline(tmp_path, source=f"{base}/oparl/system")
    assert result.success
    ids = seen["ids"]
    loaded = {r[0] for r in _query(tmp_path, "SELECT oparl_id FROM oparl_papers")}
    # the paper without id is skipped; every other one is listed
    assert len(loaded) == len(ris.papers) - 1 and not any(i.endswith("None") for i in loaded)
    vorlagen = dict(_query(tmp_path, "SELECT p.oparl_id, v.deleted_at FROM vorlagen v "
                                     "JOIN oparl_papers p USING (paper_id)"))  # fmt: skip
    # every listed paper is loaded; only the one whose `web` was a number has no page to add
    assert set(vorlagen) == loaded
    without_page = _query(tmp_path, "SELECT oparl_id FROM vorlagen WHERE page_sha256 IS NULL")
    assert without_page == [(ids[1],)]
    assert vorlagen[ids[6]] is None, "deleted: 'false' must not delete a live paper"
    rejected = _query(tmp_path, "SELECT url, object_id, field, action FROM rejected_objects")
    fields = {(obj, field, action) for _, obj, field, action in rejected}
    assert {(ids[0], "name", "dropped"), (ids[1], "web", "dropped"), (ids[2], "date", "dropped"),
            (ids[3], "relatedPaper[]", "dropped"), (ids[4], "body", "dropped"),
            ("", "id", "skipped"), (ids[6], "deleted", "dropped")} <= fields  # fmt: skip
    assert {url for url, *_ in rejected} == {f"{base}{LIST.format(pages)}"}
    related = _query(
        tmp_path, f"SELECT related_papers FROM oparl_papers WHERE oparl_id = '{ids[3]}'"
    )
    assert related[0][0] and len(related[0][0]) == 1  # the valid link kept, the `3` dropped


def _crawl(base, **kw):
    with HttpClient(min_interval=0, respect_robots=False, attempts=1) as http:
        return crawl(f"{base}/oparl/system", http, "t", **kw)


def test_a_list_page_whose_links_are_an_array_still_gives_its_papers():
    ris = generate(30, seed=4)  # 32 papers: pages of 10, 10, 10 and 2
    with serve(ris) as base:
        base.faults[LIST.format(3)] = _list_page(
            base, ris, 3, lambda d: d.update(links=[d["links"]["prev"]])
        )
        result = _crawl(base)
    # page 3's links are unusable: recorded with its URL, its papers taken, the walk ends there
    [problem] = [p for p in result.problems if p.field == "links"]
    assert problem.url == f"{base}{LIST.format(3)}" and "list" in problem.problem
    assert len(result.papers) == 12


def test_deeply_nested_json_names_the_url_and_the_rest_is_kept():
    ris = generate(30, seed=4)
    with serve(ris) as base:
        nested = b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        base.faults[LIST.format(2)] = fault_response(
            200, nested, {"Content-Type": "application/json"}
        )
        result = _crawl(base)
    assert len(result.papers) == 12  # pages 4 and 3, newest first
    assert not result.listing_complete
    assert any(LIST.format(2) in e and "nested too deeply" in e for e in result.errors)
    assert result.resume[f"{base}/oparl/papers?body=1"] == f"{base}{LIST.format(2)}"


def test_one_invalid_byte_does_not_turn_the_page_into_mojibake():
    text = decode_text('{"name": "Müller – Straße \xff"}'.encode().replace(b"\xc3\xbf", b"\xff"))
    assert "Müller – Straße" in text and "Ã" not in text
    assert decode_text("Müller".encode("cp1252")) == "Müller"  # a real windows-1252 body


def test_garbage_title_never_becomes_a_reference():
    html = (FIXTURES / "allris4_vertagt.html").read_text(encoding="utf-8")
    start, end = html.index("<h1"), html.index("</h1>")
    garbage = '<h1 class="title">Vorlage - ' + "x" * 1000
    with pytest.raises(PageParseError, match="reference"):
        parse_paper_page(html[:start] + garbage + html[end:], "http://x/vo020")


# -- resuming an interrupted listing (9.4) -------------------------------------------------------


@pytest.mark.slow
def test_an_interrupted_paper_list_is_continued_by_the_next_run(tmp_path):
    ris = generate(28, seed=5)  # 30 papers, 3 pages
    with serve(ris) as base:
        base.faults[LIST.format(2)] = fault_response(500, "down")
        first = materialize_pipeline(tmp_path, source=f"{base}/oparl/system")
        assert _query(tmp_path, "SELECT count(*) FROM vorlagen") == [(10,)]
        del base.faults[LIST.format(2)]
        second = materialize_pipeline(tmp_path, source=f"{base}/oparl/system")
    assert first.success and second.success
    assert _query(tmp_path, "SELECT count(*) FROM vorlagen") == [(30,)]
    assert _query(tmp_path, "SELECT count(*) FROM list_progress") == [(0,)]
    runs = _query(tmp_path, "SELECT listing_complete FROM crawl_runs ORDER BY started_at")
    assert runs == [(False,), (True,)]


# -- pagination that never ends (9.5) ------------------------------------------------------------


def _endless(script, base, distinct, total_pages=None):
    """A list whose `next` always leads to a new URL, with or without new objects."""

    def page(n):
        data = [{"id": f"{base}/p/{n * 10 + i if distinct else i}"} for i in range(10)]
        doc = {"data": data, "links": {"next": f"{base}/papers?page={n + 1}"}}
        if total_pages:
            doc["pagination"] = {"totalPages": total_pages}
        return (200, {"Content-Type": "application/json"}, json.dumps(doc).encode())

    for n in range(1, 3000):
        script.add(f"/papers?page={n}", page(n))


@pytest.mark.parametrize(
    ("distinct", "total_pages", "max_objects", "most_requests"),
    [(False, None, None, 3), (True, 7, None, 7), (True, None, 5, 1)],
    ids=["repeated pages", "server's totalPages", "max-papers"],
)
def test_endless_next_links_end(distinct, total_pages, max_objects, most_requests):
    script = Script()
    with scripted_server(script) as base:
        _endless(script, base, distinct, total_pages)
        with HttpClient(min_interval=0, respect_robots=False) as http:
            started = time.monotonic()
            pages = list(OParlClient(http).iter_pages_newest_first(
                f"{base}/papers?page=1", enough=max_objects))  # fmt: skip
    assert time.monotonic() - started < 10
    assert 1 <= len(script.log) <= most_requests
    assert pages


def test_endless_list_stops_at_max_papers_in_a_crawl():
    script = Script()
    with scripted_server(script) as base:
        script.add("/oparl/system", (200, {}, json.dumps({"body": f"{base}/bodies"}).encode()))
        bodies = {"data": [{"id": f"{base}/b", "paper": f"{base}/papers?page=1"}], "links": {}}
        script.add("/bodies", (200, {}, json.dumps(bodies).encode()))
        _endless(script, base, distinct=True)
        with HttpClient(min_interval=0, respect_robots=False) as http:
            result = crawl(f"{base}/oparl/system", http, "t", max_papers=5)
    assert len(result.papers) == 5
    assert len(script.log) <= 4


def test_a_system_answering_deep_json_is_a_clear_error():
    script = Script()
    nested = b"[" * 100_000 + b"]" * 100_000
    script.add("/system", (200, {}, nested))
    with (
        scripted_server(script) as base,
        HttpClient(min_interval=0, respect_robots=False) as http,
        pytest.raises(OParlError, match=r"/system: JSON nested too deeply"),
    ):
        OParlClient(http).get_object(f"{base}/system")
