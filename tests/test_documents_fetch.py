"""Fetching the documents that files name: politely, once per URL, stored once per content,
failures retried with a back-off (ratsinfo/fetch/documents.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from ratsinfo.bodies import BodyStore
from ratsinfo.fetch.documents import documents_to_fetch, fetch_documents, served_at
from ratsinfo.fetch.http import HttpClient
from ratsinfo.warehouse import connect
from tests.helpers import load_objects
from tests.loopback import Script, scripted_server

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def paper(base: str, n: int, files: list[tuple[str, str]]) -> tuple[str, dict]:
    return (
        "Paper",
        {
            "id": f"{base}/oparl/papers/{n}",
            "reference": f"26-{n:05d}",
            "name": f"Vorlage {n}",
            "date": f"2026-11-{n:02d}",
            "auxiliaryFile": [
                {"id": f"{base}/oparl/files/{n}{i}", "name": name, "mimeType": "application/pdf",
                 "accessUrl": f"{base}{path}"}
                for i, (name, path) in enumerate(files)
            ],
        },
    )  # fmt: skip


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def test_documents_are_fetched_once_and_stored_once_per_content(con):
    script = Script()
    script.add("/doc/a.pdf", (200, {"Content-Type": "application/pdf"}, PDF))
    script.add("/doc/b.pdf", (200, {"Content-Type": "application/pdf"}, PDF))  # same bytes
    script.add("/doc/broken.pdf", (404, {}, b"gone"))
    with scripted_server(script) as base:
        load_objects(
            con,
            "t",
            [
                paper(base, 1, [("Anlage", "/doc/a.pdf"), ("Kaputt", "/doc/broken.pdf")]),
                paper(base, 2, [("Anlage", "/doc/b.pdf"), ("Dieselbe", "/doc/a.pdf")]),
            ],
        )
        todo = documents_to_fetch(con, "t", limit=10)
        # one row per URL: a.pdf is named by two papers; newest paper first
        assert [t["url"].removeprefix(base) for t in todo] == [
            "/doc/a.pdf", "/doc/b.pdf", "/doc/broken.pdf"
        ]  # fmt: skip
        with HttpClient.for_hosts([base], user_agent="t", min_interval=0) as http:
            done = fetch_documents(con, http, todo)
        assert (done.fetched, done.failed) == (2, 1)
        assert any("/doc/broken.pdf: HTTP 404" in e for e in done.errors)
        # stored once per content
        store = BodyStore.beside(con)
        [(sha,)] = con.execute(
            "SELECT DISTINCT sha256 FROM document_responses WHERE status = 200"
        ).fetchall()
        assert store.get(sha) == PDF
        # nothing fetched again; the failure waits for its back-off
        assert documents_to_fetch(con, "t", limit=10) == []
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
        again = documents_to_fetch(con, "t", limit=10, now=later)
        assert [t["url"].removeprefix(base) for t in again] == ["/doc/broken.pdf"]
        [(failures, error)] = con.execute("SELECT failures, last_error FROM url_retries").fetchall()
        assert failures == 1 and "HTTP 404" in error


def test_a_council_served_per_run_is_fetched_where_it_is_now(con):
    todo = [{"url": "http://127.0.0.1:4000/public/doc?DOLFDNR=1", "paper_id": "p"}]
    moved = served_at(todo, "http://127.0.0.1:5000/oparl/system")
    assert moved[0]["url"] == todo[0]["url"]  # the archive's key stays
    assert moved[0]["fetch_url"] == "http://127.0.0.1:5000/public/doc?DOLFDNR=1"
