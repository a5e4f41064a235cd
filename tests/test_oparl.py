import json

import pytest

from ratsinfo.fetch.http import HttpClient
from ratsinfo.oparl.client import OParlClient, OParlError, has_placeholder_stamps
from tests.helpers import corpus_file
from tests.loopback import Script, scripted_server


def _json(obj, raw=None):
    return (200, {"Content-Type": "application/json"}, raw or json.dumps(obj).encode())


def _paged(base, n_pages, per_page=10):
    """An ALLRIS 4 style list: oldest → newest, `links.last` holds the newest."""
    script = Script()
    for page in range(1, n_pages + 1):
        data = [{"id": f"{base}/p/{(page - 1) * per_page + i}"} for i in range(per_page)]
        links = {"first": f"{base}/papers?page=1", "last": f"{base}/papers?page={n_pages}"}
        if page > 1:
            links["prev"] = f"{base}/papers?page={page - 1}"
        if page < n_pages:
            links["next"] = f"{base}/papers?page={page + 1}"
        script.add(f"/papers?page={page}", _json({"data": data, "links": links}))
    return script


def test_newest_first_walks_back_from_the_last_page():
    script = Script()
    with scripted_server(script) as base:
        script.routes.update(_paged(base, 3).routes)
        with HttpClient(min_interval=0, respect_robots=False) as http:
            ids = [
                o["id"] for o in OParlClient(http).iter_list_newest_first(f"{base}/papers?page=1")
            ]
    assert ids == [f"{base}/p/{i}" for i in range(29, -1, -1)]
    # page 1 is read once, then last, then back: no page twice
    assert [p for _, p, _ in script.log] == ["/papers?page=1", "/papers?page=3", "/papers?page=2"]


def test_forward_walk_follows_next_and_stops_on_loops():
    script = Script()
    with scripted_server(script) as base:
        script.routes.update(_paged(base, 2).routes)
        with HttpClient(min_interval=0, respect_robots=False) as http:
            ids = list(OParlClient(http).iter_list(f"{base}/papers?page=1"))
    assert len(ids) == 20


def test_control_characters_inside_strings_are_accepted():
    raw = b'{"data": [{"id": "x", "name": "Zeile 1\nZeile\t2\x01"}], "links": {}}'
    script = Script()
    script.add("/list", _json(None, raw))
    with scripted_server(script) as base, HttpClient(min_interval=0, respect_robots=False) as http:
        page = OParlClient(http).list_page(base + "/list")
    assert page.data[0]["name"] == "Zeile 1\nZeile\t2\x01"


def test_malformed_json_names_url_and_position():
    script = Script()
    script.add("/bad", _json(None, b'{"data": [1, 2,,]}'))
    script.add("/err", (500, {}, b"nope"))
    with (
        scripted_server(script) as base,
        HttpClient(min_interval=0, respect_robots=False, attempts=1) as http,
    ):
        with pytest.raises(OParlError, match=r"/bad: malformed JSON at line 1, column"):
            OParlClient(http).list_page(base + "/bad")
        with pytest.raises(OParlError, match=r"/err: HTTP 500"):
            OParlClient(http).list_page(base + "/err")


def test_braunschweig_papers_carry_placeholder_stamps():
    papers = json.loads(
        corpus_file("ratslotse/tests/fixtures/cities/braunschweig_papers.json").read_text()
    )
    assert papers and all(has_placeholder_stamps(p) for p in papers)


def test_bonn_body_broken_offsets_parse():
    from ratsinfo.parse import parse_oparl_datetime

    body = json.loads(
        corpus_file(
            "meine-stadt-transparent/importer/testdata/cc-egov-colon-before.json"
        ).read_text()
    )
    stamps = [t["startDate"] for t in body["legislativeTerm"]]
    assert stamps and all(parse_oparl_datetime(s) is not None for s in stamps)


def test_incremental_listing_uses_modified_since_where_stamps_are_real():
    import datetime as dt

    from ratsinfo.ingest import KnownState, crawl

    script = Script()
    with scripted_server(script) as base:
        paper = {"id": f"{base}/p/1", "modified": "2026-11-20T10:00:00+01:00", "web": None}
        script.add("/system", _json({"body": f"{base}/bodies"}))
        script.add(
            "/bodies", _json({"data": [{"id": "b", "paper": f"{base}/papers"}], "links": {}})
        )
        script.add("/papers", _json({"data": [paper], "links": {}}))
        since = "/papers?modified_since=2026-11-24T00%3A00%3A00%2B00%3A00"  # run start - 24 h
        script.add(since, _json({"data": [paper], "links": {}}))
        state = KnownState(last_run_started=dt.datetime(2026, 11, 25, tzinfo=dt.UTC))
        with HttpClient(min_interval=0, respect_robots=False) as http:
            result = crawl(f"{base}/system", http, "t", state=state, mode="incremental")
    assert since in [p for _, p, _ in script.log]
    assert [p["paper_id"] for p in result.papers] == ["t:/p/1"]


def test_listed_papers_are_kept_in_order_once_each_outside_memory():
    """The crawl's list of papers to fetch: a paper listed twice counts once, read back in the
    order listed (also after more were added), with what the fetching needs of each."""
    from ratsinfo.ingest import Listed, ListedPapers

    listed = ListedPapers()
    assert listed.add(Listed("s:/p/2", "http://x/vo?2", False, True))
    assert listed.add(Listed("s:/p/1", None, True, False))
    assert not listed.add(Listed("s:/p/2", "http://x/vo?other", False, True))
    assert len(listed) == 2 and "s:/p/1" in listed and "s:/p/3" not in listed
    first = list(listed.papers())
    assert [(p.paper_id, p.web_url, p.deleted, p.has_page) for p in first] == [
        ("s:/p/2", "http://x/vo?2", False, True),
        ("s:/p/1", None, True, True),  # deleted: fetched to see it gone
    ]
    assert listed.add(Listed("s:/p/3", "http://x/vo?3", False, False))
    assert [p.paper_id for p in listed.papers()] == ["s:/p/2", "s:/p/1", "s:/p/3"]
    assert not Listed("s:/p/3", "http://x/vo?3", False, False).has_page  # OParl is enough
    listed.close()
