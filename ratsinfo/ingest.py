"""Crawling a council system: OParl paper lists, then each paper's ALLRIS page.

Plain functions (no Dagster): `crawl()` returns the OParl paper rows and every raw response, for
the warehouse's `oparl_papers` and `raw_responses` tables. Errors on single pages are recorded
(with the URL) and the crawl goes on; an unusable entry point (System, Body) raises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from ratsinfo.parse.dates import parse_date
from ratsinfo.sources.http import FetchError, HttpClient, Response
from ratsinfo.sources.oparl import ListPage, OParlClient, OParlError, has_placeholder_stamps

SOURCES: dict[str, str] = {
    "braunschweig": "https://www.ratsinfo.braunschweig.sitzung-online.de/oparl/system",
}

_VOLFDNR = re.compile(r"[?&]volfdnr=(\d+)", re.IGNORECASE)

Log = Callable[[str], None]


def volfdnr_of(url: str | None) -> int | None:
    """The ALLRIS paper number in a page URL (`VOLFDNR`, any case)."""
    m = _VOLFDNR.search(url or "")
    return int(m.group(1)) if m else None


def raw_row(
    response: Response | None,
    kind: str,
    url: str,
    paper_id: str | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    """A `raw_responses` row for a response, or for a fetch that got none (`error`)."""
    now = dt.datetime.now(dt.UTC)
    if response is None:
        return {
            "url": url,
            "sha256": "",
            "kind": kind,
            "paper_id": paper_id,
            "status": None,
            "error": error,
            "first_fetched_at": now,
            "last_fetched_at": now,
            "body": None,
        }
    return {
        "url": response.url,
        "sha256": response.sha256,
        "kind": kind,
        "paper_id": paper_id,
        "status": response.status,
        "content_type": response.headers.get("content-type"),
        "etag": response.headers.get("etag"),
        "last_modified": response.headers.get("last-modified"),
        "error": error,
        "first_fetched_at": response.fetched_at,
        "last_fetched_at": response.fetched_at,
        "body": response.body,
    }


def paper_key(source: str, oparl_id: str) -> str:
    """The warehouse key of a paper: its OParl id without scheme and host, scoped by the source
    ("braunschweig:/oparl/papers/2002747"). Stable when a source moves host or port (the bundled
    sample RIS is served on a loopback port), unique within a source as OParl ids are."""
    parts = urlsplit(oparl_id)
    local = parts.path + (f"?{parts.query}" if parts.query else "") if parts.netloc else oparl_id
    return f"{source}:{local}"


def _links(value: Any, source: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        ids = [v if isinstance(v, str) else v.get("id") for v in value if v]
        return [paper_key(source, i) for i in ids if isinstance(i, str)]
    return []


def paper_row(obj: dict[str, Any], source: str) -> dict[str, Any]:
    """An `oparl_papers` row from an OParl Paper object."""
    web = obj.get("web")
    return {
        "paper_id": paper_key(source, str(obj["id"])),
        "oparl_id": str(obj["id"]),
        "source": source,
        "body_id": obj.get("body"),
        "reference": obj.get("reference"),
        "name": obj.get("name"),
        "paper_type": obj.get("paperType"),
        "date": parse_date(obj.get("date")),
        "web_url": web,
        "volfdnr": volfdnr_of(web),
        "deleted": bool(obj.get("deleted", False)),
        "superordinated_papers": _links(obj.get("superordinatedPaper"), source),
        "subordinated_papers": _links(obj.get("subordinatedPaper"), source),
        "related_papers": _links(obj.get("relatedPaper"), source),
        "json": json.dumps(obj, ensure_ascii=False, sort_keys=True),
    }


@dataclass(frozen=True)
class Validators:
    """What the archive knows about a page URL, for a conditional request."""

    sha256: str
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        h = {}
        if self.etag:
            h["If-None-Match"] = self.etag
        if self.last_modified:
            h["If-Modified-Since"] = self.last_modified
        return h


@dataclass
class KnownState:
    """What earlier runs loaded, as the incremental crawl needs it."""

    known_ids: set[str] = field(default_factory=set)  # papers whose page was fetched
    validators: dict[str, Validators] = field(default_factory=dict)  # page URL → validators
    recheck: list[dict[str, Any]] = field(default_factory=list)  # oparl_papers rows to re-fetch
    last_run_started: dt.datetime | None = None


@dataclass
class CrawlResult:
    source: str
    mode: str = "full"
    papers: list[dict[str, Any]] = field(default_factory=list)  # oparl_papers rows listed
    responses: list[dict[str, Any]] = field(default_factory=list)  # raw rows not yet archived
    not_modified: list[dict[str, Any]] = field(default_factory=list)  # (url, sha256, fetched_at)
    gone: list[str] = field(default_factory=list)  # paper_ids whose page answered 404/410
    errors: list[str] = field(default_factory=list)
    oparl_responses: int = 0
    pages_requested: int = 0
    pages_changed: int = 0

    def drain(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Hand over the responses and 304s collected since the last drain."""
        responses, self.responses = self.responses, []
        touched, self.not_modified = self.not_modified, []
        return responses, touched


Archive = Callable[[CrawlResult], None]


def crawl(
    system_url: str,
    http: HttpClient,
    source: str,
    max_papers: int | None = None,
    log: Log = lambda _msg: None,
    state: KnownState | None = None,
    mode: str = "full",
    archive: Archive | None = None,
    flush_every: int = 200,
    overlap: dt.timedelta = dt.timedelta(hours=24),
) -> CrawlResult:
    """Walk System → Bodies → papers, then fetch pages.

    mode "full": every listed paper's page (conditional requests where the archive has
    validators). mode "incremental": only new papers and `state.recheck`. New papers are found by
    walking the list from its newest page back until a page holds only known papers (ALLRIS 4,
    whose `modified` stamps are placeholders), or, where a server's stamps are real, by listing
    with `modified_since` = last run start minus `overlap`. `archive(result)` is called every
    `flush_every` responses so that a killed run keeps what it fetched.
    """
    state = state or KnownState()
    result = CrawlResult(source=source, mode=mode)

    def keep(response: Response, kind: str) -> None:
        result.responses.append(raw_row(response, kind, response.url))
        result.oparl_responses += 1

    oparl = OParlClient(http, on_response=keep)
    bodies = oparl.bodies(system_url)
    if not bodies:
        raise OParlError(system_url, "the System lists no Body")
    listed: dict[str, dict[str, Any]] = {}
    for body in bodies:
        papers_url = body.get("paper")
        if not isinstance(papers_url, str):
            result.errors.append(f"{body.get('id')}: Body has no 'paper' list URL")
            continue
        try:
            _list_papers(oparl, papers_url, source, state, mode, max_papers, listed, overlap, log)
        except OParlError as e:  # keep what was listed so far; the next run goes further
            result.errors.append(str(e))
            log(f"paper list interrupted: {e}")
        if max_papers is not None and len(listed) >= max_papers:
            break
    result.papers = list(listed.values())

    to_fetch = list(listed.values())
    if mode == "incremental":
        to_fetch = [p for p in to_fetch if p["paper_id"] not in state.known_ids or p["deleted"]]
        seen = {p["paper_id"] for p in to_fetch}
        to_fetch += [p for p in state.recheck if p["paper_id"] not in seen]
    log(f"{len(result.papers)} papers listed ({mode}); fetching {len(to_fetch)} pages")
    if archive is not None:
        archive(result)

    for i, paper in enumerate(to_fetch, 1):
        _fetch_page(http, paper, state, result)
        if archive is not None and i % flush_every == 0:
            archive(result)
        if i % 500 == 0:
            log(f"{i}/{len(to_fetch)} pages fetched")
    if archive is not None:
        archive(result)
    return result


def _list_papers(
    oparl: OParlClient,
    papers_url: str,
    source: str,
    state: KnownState,
    mode: str,
    max_papers: int | None,
    listed: dict[str, dict[str, Any]],
    overlap: dt.timedelta,
    log: Log,
) -> None:
    def take(obj: dict[str, Any]) -> bool:
        """Record a listed paper; False when max_papers is reached."""
        if "id" not in obj:
            return True
        row = paper_row(obj, source)
        listed.setdefault(row["paper_id"], row)
        return max_papers is None or len(listed) < max_papers

    pages = oparl.iter_pages_newest_first(papers_url)
    first = next(pages, None)
    if first is None:
        return
    real_stamps = bool(first.data) and not any(has_placeholder_stamps(o) for o in first.data)
    if mode == "incremental" and real_stamps and state.last_run_started is not None:
        since = (state.last_run_started - overlap).isoformat(timespec="seconds")
        sep = "&" if "?" in papers_url else "?"
        log(f"server has real 'modified' stamps: listing modified_since={since}")
        query = urlencode({"modified_since": since})
        for obj in oparl.iter_list(f"{papers_url}{sep}{query}"):
            if not take(obj):
                return
        return
    for page in _chain(first, pages):
        ids = set()
        for obj in reversed(page.data):
            if "id" in obj:
                ids.add(paper_key(source, str(obj["id"])))
            if not take(obj):
                return
        if mode == "incremental" and ids and ids <= state.known_ids:
            return  # a whole page of known papers: everything older is known too


def _chain(first: ListPage, rest: Iterator[ListPage]) -> Iterator[ListPage]:
    yield first
    yield from rest


def _fetch_page(
    http: HttpClient, paper: dict[str, Any], state: KnownState, result: CrawlResult
) -> None:
    url = paper.get("web_url")
    pid = paper["paper_id"]
    if not url:
        return
    if paper.get("deleted"):
        result.gone.append(pid)
        return
    known = state.validators.get(url)
    headers = {"Accept": "text/html", **(known.headers() if known else {})}
    result.pages_requested += 1
    try:
        response = http.get(url, headers=headers)
    except FetchError as e:
        result.errors.append(str(e))
        result.responses.append(raw_row(None, "page", url, pid, str(e)))
        return
    if response.status == 304 and known is not None:
        result.not_modified.append(
            {"url": url, "sha256": known.sha256, "last_fetched_at": response.fetched_at}
        )
        return
    if response.status in (404, 410):
        result.gone.append(pid)
    error = None if response.ok else f"{url}: HTTP {response.status}"
    if error:
        result.errors.append(error)
    elif known is None or known.sha256 != response.sha256:
        result.pages_changed += 1
    result.responses.append(raw_row(response, "page", url, pid, error))
