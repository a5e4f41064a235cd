"""Fetching the documents that files name (OParl File download/access URLs, page links).

Plain functions over the warehouse (no Dagster). Documents are fetched with the same polite
client as everything else (per-host interval, robots.txt, deadlines, the 50 MiB body cap that
counts decompressed bytes), archived like pages (in `document_responses`, the shape of
`raw_responses`; the body in the content-addressed store: one PDF attached to several papers is
stored once), written in batches so that a killed run keeps what it fetched. A URL that fails
is recorded in `url_retries` and tried again after 1, 2, 4 … 32 days, not every night
(ratsinfo.load.note_failures, the back-off pages that never loaded get too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import duckdb

from ratsinfo.bodies import BodyStore
from ratsinfo.fetch.http import FetchError, HostUnavailable, HttpClient
from ratsinfo.ingest import raw_row
from ratsinfo.load import note_failures
from ratsinfo.state import query
from ratsinfo.warehouse import dict_rows, replace_rows, transaction

FLUSH_EVERY = 25  # documents per archive transaction

Progress = Callable[[str, int, int | None, str], None]


@dataclass
class DocumentFetch:
    """What a document fetch did."""

    wanted: int = 0  # URLs it set out to fetch
    fetched: int = 0  # answered 200
    failed: int = 0  # no usable answer (recorded in url_retries)
    bytes: int = 0
    errors: list[str] = field(default_factory=list)
    stopped_hosts: list[str] = field(default_factory=list)


def documents_to_fetch(
    con: duckdb.DuckDBPyConnection, source: str, limit: int, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The document URLs to fetch this run, newest papers first (at most `limit`)."""
    cursor = con.execute(
        query("documents_to_fetch"),
        {"source": source, "now": now or dt.datetime.now(dt.UTC), "limit": limit},
    )
    return list(dict_rows(cursor))


def served_at(todo: list[dict[str, Any]], system_url: str) -> list[dict[str, Any]]:
    """`todo` to be fetched from where a council served per run (the sample RIS, on a new
    loopback port each run) is now: each item keeps its URL as the files name it (the archive's
    key) and gets `fetch_url` on the current scheme and host."""
    now = urlsplit(system_url)
    out = []
    for item in todo:
        parts = urlsplit(item["url"])
        out.append(
            item | {"fetch_url": parts._replace(scheme=now.scheme, netloc=now.netloc).geturl()}
        )
    return out


def fetch_documents(
    con: duckdb.DuckDBPyConnection,
    http: HttpClient,
    todo: list[dict[str, Any]],
    progress: Progress | None = None,
    flush_every: int = FLUSH_EVERY,
    stopped_hosts: list[str] | None = None,
) -> DocumentFetch:
    """Fetch `todo` (rows of `documents_to_fetch`, optionally with `fetch_url`, see `served_at`)
    into the archive, under each item's `url`. `stopped_hosts`: hosts that told this run to stay
    away (Retry-After over the cap) while crawling: nothing more is asked of them."""
    result = DocumentFetch(wanted=len(todo), stopped_hosts=list(stopped_hosts or []))
    store = BodyStore.beside(con)
    rows: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for i, item in enumerate(todo, 1):
        url, paper_id = item["url"], item.get("paper_id")
        fetch_url = item.get("fetch_url") or url
        host = urlsplit(fetch_url).netloc.lower()
        if host in result.stopped_hosts:
            result.failed += 1  # not asked: no back-off either, the next run tries again
            continue
        try:
            response = http.get(fetch_url, headers={"Accept": "application/pdf, */*;q=0.5"})
        except FetchError as e:
            result.failed += 1
            result.errors.append(str(e))
            if isinstance(e, HostUnavailable) and e.host not in result.stopped_hosts:
                result.stopped_hosts.append(e.host)
            failed.append({"url": url, "error": str(e)})
            rows.append(raw_row(None, "document", url, paper_id, str(e)))
        else:
            error = None if response.ok else f"{url}: HTTP {response.status}"
            if error:
                result.failed += 1
                result.errors.append(error)
                failed.append({"url": url, "error": error})
            else:
                result.fetched += 1
                result.bytes += len(response.body)
            rows.append(raw_row(response, "document", url, paper_id, error) | {"url": url})
        if progress is not None:
            progress("fetching documents", i, len(todo), f"{result.fetched} fetched")
        if len(rows) >= flush_every:
            _archive(con, store, rows, failed)
            rows, failed = [], []
    _archive(con, store, rows, failed)
    return result


def _archive(
    con: duckdb.DuckDBPyConnection,
    store: BodyStore,
    rows: list[dict[str, Any]],
    failed: list[dict[str, Any]],
) -> None:
    """One transaction: the responses (bodies stored first), the failures' back-off, and the
    URLs that answered leave `url_retries`."""
    if not rows:
        return
    for row in rows:
        body = row.pop("body", None)
        if body is not None:
            store.put(row["sha256"], body)
            row["body_size"] = len(body)
    ok = [r["url"] for r in rows if r.get("status") == 200]
    now = dt.datetime.now(dt.UTC)
    with transaction(con):
        replace_rows(con, "document_responses", rows, own_transaction=False)
        if ok:
            con.execute("DELETE FROM url_retries WHERE url IN (SELECT unnest(?::VARCHAR[]))", [ok])
        if failed:
            note_failures(con, failed, now, table="url_retries", key="url")
