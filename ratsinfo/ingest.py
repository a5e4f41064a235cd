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

from ratsinfo.fetch.http import FetchError, HostUnavailable, HttpClient, Response
from ratsinfo.oparl.client import ListPage, OParlClient, OParlError, has_placeholder_stamps
from ratsinfo.oparl.validate import Problem, ValidPaper, validate_paper

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


def paper_row(paper: ValidPaper, source: str, obj: dict[str, Any]) -> dict[str, Any]:
    """An `oparl_papers` row from a validated OParl Paper (`obj`: the object as sent)."""
    return {
        "paper_id": paper_key(source, paper.id),
        "oparl_id": paper.id,
        "source": source,
        "body_id": paper.body,
        "reference": paper.reference,
        "name": paper.name,
        "paper_type": paper.paper_type,
        "date": paper.date,
        "web_url": paper.web,
        "volfdnr": volfdnr_of(paper.web),
        "deleted": paper.deleted,
        "superordinated_papers": [paper_key(source, i) for i in paper.superordinated],
        "subordinated_papers": [paper_key(source, i) for i in paper.subordinated],
        "related_papers": [paper_key(source, i) for i in paper.related],
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
    last_run_started: dt.datetime | None = None  # start of the last run whose listing completed
    resume: dict[str, str] = field(default_factory=dict)  # paper list URL → page where it broke


@dataclass
class CrawlResult:
    source: str
    mode: str = "full"
    papers: list[dict[str, Any]] = field(default_factory=list)  # oparl_papers rows listed
    responses: list[dict[str, Any]] = field(default_factory=list)  # raw rows not yet archived
    not_modified: list[dict[str, Any]] = field(default_factory=list)  # (url, sha256, fetched_at)
    gone: list[str] = field(default_factory=list)  # paper_ids whose page answered 404/410
    errors: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # malformed objects, skipped or mended
    resume: dict[str, str | None] = field(default_factory=dict)  # list URL → where to go on
    listing_complete: bool = True  # every paper list was read to its end (or to known papers)
    oparl_responses: int = 0
    pages_requested: int = 0
    pages_changed: int = 0
    pages_unchanged: int = 0  # 304, or the same sha256 as before
    pages_failed: int = 0
    pages_gone: int = 0  # answered 404/410 (taken as deleted by the council)
    papers_new: int = 0  # listed papers never fetched before
    to_fetch: int = 0  # pages this run set out to fetch
    stopped_hosts: list[str] = field(default_factory=list)  # hosts that told us to go away

    def note_host_stop(self, error: FetchError) -> None:
        """Remember a host that told us to stay away (nothing more is asked of it this run)."""
        if isinstance(error, HostUnavailable) and error.host not in self.stopped_hosts:
            self.stopped_hosts.append(error.host)

    def drain(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Hand over the responses and 304s collected since the last drain."""
        responses, self.responses = self.responses, []
        touched, self.not_modified = self.not_modified, []
        return responses, touched


Archive = Callable[[CrawlResult], None]
Progress = Callable[[str, int, int | None, str], None]  # (phase, done, total, detail)

FLUSH_BYTES = 16 * 1024 * 1024  # archive at least this often, whatever the number of responses


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
    progress: Progress | None = None,
    flush_bytes: int = FLUSH_BYTES,
) -> CrawlResult:
    """Walk System → Bodies → papers, then fetch pages.

    mode "full": every listed paper's page (conditional requests where the archive has
    validators). mode "incremental": only new papers and `state.recheck`. New papers are found by
    walking the list from its newest page back until a page holds only known papers (ALLRIS 4,
    whose `modified` stamps are placeholders), or, where a server's stamps are real, by listing
    with `modified_since` = last run start minus `overlap`. A listing that broke off in an earlier
    run is continued where it stopped (`state.resume`). `archive(result)` is called every
    `flush_every` responses or `flush_bytes` of bodies, so that a killed run keeps what it fetched
    and memory does not grow with page size. `progress(phase, done, total)` reports the listing
    ("listing", papers listed, the server's total when known) and fetching ("fetching", pages
    done, pages to fetch), each with a short detail.
    """
    state = state or KnownState()
    result = CrawlResult(source=source, mode=mode)

    def keep(response: Response, kind: str) -> None:
        result.responses.append(raw_row(response, kind, response.url))
        result.oparl_responses += 1

    def problem(url: str, field_name: str, what: str) -> None:
        result.problems.append(Problem(url, None, field_name, what, "ignored"))

    oparl = OParlClient(http, on_response=keep, on_problem=problem)
    bodies = oparl.bodies(system_url)
    if not bodies:
        raise OParlError(system_url, "the System lists no Body")
    listed: dict[str, dict[str, Any]] = {}
    lister = _Lister(oparl, source, state, mode, max_papers, listed, overlap, log, result, progress)
    for body in bodies:
        papers_url = body.get("paper")
        if not isinstance(papers_url, str):
            result.errors.append(f"{body.get('id')}: Body has no 'paper' list URL")
            result.listing_complete = False
            continue
        lister.run(papers_url)
        if lister.full:
            break
    result.papers = list(listed.values())
    if progress is not None:  # the listing's last word: what was listed, and why it ended there
        ended = "up to known papers" if mode == "incremental" and state.known_ids else "complete"
        if not result.listing_complete:
            ended = "broke off"
        progress("listing papers", len(listed), len(listed), ended)

    to_fetch = list(listed.values())
    if mode == "incremental":
        to_fetch = [p for p in to_fetch if p["paper_id"] not in state.known_ids or p["deleted"]]
        seen = {p["paper_id"] for p in to_fetch}
        to_fetch += [p for p in state.recheck if p["paper_id"] not in seen]
    result.papers_new = sum(p["paper_id"] not in state.known_ids for p in result.papers)
    to_fetch = [p for p in to_fetch if p.get("web_url") or p.get("deleted")]
    result.to_fetch = sum(1 for p in to_fetch if not p.get("deleted"))
    log(f"{len(result.papers)} papers listed ({mode}); fetching {result.to_fetch} pages")
    if archive is not None:
        archive(result)

    pending_bytes = pending = 0
    for i, paper in enumerate(to_fetch, 1):
        pending_bytes += _fetch_page(http, paper, state, result)
        pending += 1
        if archive is not None and (pending >= flush_every or pending_bytes >= flush_bytes):
            archive(result)
            pending_bytes = pending = 0
        if progress is not None:
            progress("fetching pages", i, len(to_fetch), _fetch_detail(result))
    if archive is not None:
        archive(result)
    return result


def _fetch_detail(result: CrawlResult) -> str:
    detail = f"{result.pages_changed} new or changed, {result.pages_unchanged} unchanged"
    if result.pages_failed:
        detail += f", {result.pages_failed} failed"
    return detail


class _Lister:
    """Lists the papers of one paper list after another into `listed` (shared across bodies)."""

    def __init__(
        self,
        oparl: OParlClient,
        source: str,
        state: KnownState,
        mode: str,
        max_papers: int | None,
        listed: dict[str, dict[str, Any]],
        overlap: dt.timedelta,
        log: Log,
        result: CrawlResult,
        progress: Progress | None,
    ) -> None:
        self.oparl, self.source, self.state, self.mode = oparl, source, state, mode
        self.max_papers, self.listed, self.overlap, self.log = max_papers, listed, overlap, log
        self.result, self.progress = result, progress
        self.total: int | None = None  # the server's count of papers, where it says

    @property
    def full(self) -> bool:
        return self.max_papers is not None and len(self.listed) >= self.max_papers

    def take(self, obj: dict[str, Any], url: str) -> bool:
        """Record a listed paper (validated first); False when max_papers is reached."""
        paper, problems = validate_paper(obj, url)
        self.result.problems.extend(problems)
        if paper is not None:
            row = paper_row(paper, self.source, obj)
            self.listed.setdefault(row["paper_id"], row)
        if self.progress is not None:
            self.progress("listing papers", len(self.listed), self.total, "")
        return not self.full

    def take_page(self, page: ListPage) -> tuple[set[str], bool]:
        """Take a page's papers, newest first: (their keys, whether to go on)."""
        if self.total is None and page.total_elements is not None:
            self.total = len(self.listed) + page.total_elements  # bodies before this list
        ids = set()
        for obj in reversed(page.data):
            if isinstance(obj.get("id"), str):
                ids.add(paper_key(self.source, obj["id"]))
            if not self.take(obj, page.url):
                return ids, False
        return ids, True

    def run(self, papers_url: str) -> None:
        resume_at = self.state.resume.get(papers_url)
        try:
            self._list(papers_url)
            if resume_at and not self.full:
                self.log(f"continuing the listing that broke off at {resume_at}")
                self._walk(self.oparl.iter_pages_back_from(resume_at))
            if not self.full or resume_at is None:
                self.result.resume[papers_url] = None  # read to its end: nothing to go on with
        except OParlError as e:  # keep what was listed; the next run goes on from the failed page
            self.result.errors.append(str(e))
            self.result.listing_complete = False
            self.result.resume[papers_url] = e.url
            self.log(f"paper list interrupted: {e}")
        except FetchError as e:
            self.result.errors.append(str(e))
            self.result.listing_complete = False
            self.result.note_host_stop(e)

    def _list(self, papers_url: str) -> None:
        state = self.state
        pages = self.oparl.iter_pages_newest_first(papers_url, enough=self.max_papers)
        first = next(pages, None)
        if first is None:
            return
        real_stamps = bool(first.data) and not any(has_placeholder_stamps(o) for o in first.data)
        if self.mode == "incremental" and real_stamps and state.last_run_started is not None:
            since = (state.last_run_started - self.overlap).isoformat(timespec="seconds")
            sep = "&" if "?" in papers_url else "?"
            self.log(f"server has real 'modified' stamps: listing modified_since={since}")
            query = urlencode({"modified_since": since})
            url = f"{papers_url}{sep}{query}"
            for obj in self.oparl.iter_list(url):
                if not self.take(obj, url):
                    return
            return
        self._walk(_chain(first, pages))

    def _walk(self, pages: Iterator[ListPage]) -> None:
        for page in pages:
            ids, go_on = self.take_page(page)
            if not go_on:
                return
            if self.mode == "incremental" and ids and ids <= self.state.known_ids:
                return  # a whole page of known papers: everything older is known too


def _chain(first: ListPage, rest: Iterator[ListPage]) -> Iterator[ListPage]:
    yield first
    yield from rest


def _fetch_page(
    http: HttpClient, paper: dict[str, Any], state: KnownState, result: CrawlResult
) -> int:
    """Fetch one paper page into `result`; returns the bytes of body it added."""
    url = paper.get("web_url")
    pid = paper["paper_id"]
    if paper.get("deleted"):
        result.gone.append(pid)
        return 0
    if not url:
        return 0
    if urlsplit(url).netloc.lower() in result.stopped_hosts:
        result.pages_failed += 1  # the host said stop: not asked again in this run (one error)
        return 0
    known = state.validators.get(url)
    headers = {"Accept": "text/html", **(known.headers() if known else {})}
    result.pages_requested += 1
    try:
        response = http.get(url, headers=headers)
    except FetchError as e:
        result.errors.append(str(e))
        result.pages_failed += 1
        result.note_host_stop(e)
        result.responses.append(raw_row(None, "page", url, pid, str(e)))
        return 0
    if response.status == 304 and known is not None:
        result.pages_unchanged += 1
        result.not_modified.append(
            {"url": url, "sha256": known.sha256, "last_fetched_at": response.fetched_at}
        )
        return 0
    if response.status in (404, 410):
        result.gone.append(pid)
        result.pages_gone += 1
    error = None if response.ok else f"{url}: HTTP {response.status}"
    if error:
        result.errors.append(error)
        if response.status not in (404, 410):
            result.pages_failed += 1
    elif known is None or known.sha256 != response.sha256:
        result.pages_changed += 1
    else:
        result.pages_unchanged += 1
    result.responses.append(raw_row(response, "page", url, pid, error))
    return len(response.body)
