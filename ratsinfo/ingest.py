"""Crawling a council system: OParl paper lists, then each paper's ALLRIS page.

Plain functions (no Dagster): `crawl()` returns the OParl paper rows and every raw response, for
the warehouse's `oparl_papers` and `raw_responses` tables. Errors on single pages are recorded
(with the URL) and the crawl goes on; an unusable entry point (System, Body) raises.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from ratsinfo.fetch.http import FetchError, HostUnavailable, HttpClient, Response
from ratsinfo.oparl.client import ListPage, OParlClient, OParlError, has_placeholder_stamps
from ratsinfo.oparl.objects import flatten, object_key
from ratsinfo.oparl.validate import Problem, ValidPaper, validate_paper
from ratsinfo.parse.references import parent_reference, related_references
from ratsinfo.vendors import Vendor, detect

_VOLFDNR = re.compile(r"[?&]volfdnr=(\d+)", re.IGNORECASE)

Log = Callable[[str], None]


def volfdnr_of(url: str | None) -> int | None:
    """The ALLRIS paper number in a page URL (`VOLFDNR`, any case)."""
    m = _VOLFDNR.search(url or "")
    return int(m.group(1)) if m else None


_ORIGIN = re.compile(r'https?://[^/"]+')
# An agenda item's place on its meeting's agenda, and the time of its last edit: a paper's page
# shows neither (ALLRIS 4's Beratungsfolge: status, date, committee, decision), and an item put on
# an agenda renumbers every item after it, so a digest with them re-checked the papers of every
# later item as changed. known_agenda.sql applies the same pattern (RE2 reads it alike).
AGENDA_UNSHOWN = r'"(number|order|modified)"\s*:\s*("([^"\\]|\\.)*"|[-+0-9.eE]+|null)'
_UNSHOWN = re.compile(AGENDA_UNSHOWN)


def agenda_hash(json_text: str) -> str:
    """A digest of an agenda item as received, of what a paper's page shows of it: blind to its
    number, order and modification time (`AGENDA_UNSHOWN`), and to the server's scheme and host
    (a server that moves, or the sample on a new port, changes no agenda). Equals
    known_agenda.sql's."""
    return hashlib.md5(_ORIGIN.sub("", _UNSHOWN.sub("", json_text)).encode("utf-8")).hexdigest()


def _consultation_key(source: str, json_text: str) -> str | None:
    obj = json.loads(json_text)
    link = obj.get("consultation")
    if isinstance(link, list):
        link = link[0] if link else None
    return object_key(source, link) if isinstance(link, str) and link else None


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
    return object_key(source, oparl_id)


def paper_row(
    paper: ValidPaper,
    source: str,
    obj: dict[str, Any],
    body_id: str | None = None,
    vendor: Vendor | None = None,
) -> dict[str, Any]:
    """An `oparl_papers` row from a validated OParl Paper (`obj`: the object as sent; `body_id`:
    the Body whose list it came in, where the paper names none)."""
    body = paper.body or body_id
    return {
        "paper_id": paper_key(source, paper.id),
        "oparl_id": paper.id,
        "source": source,
        "body_id": body,
        "body_key": object_key(source, body) if body else None,
        "parent_reference": parent_reference(paper.reference),
        "related_references": list(related_references(paper.name, paper.reference)),
        "reads_page": vendor.reads_page(paper.web) if vendor is not None else bool(paper.web),
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
    # the validators of the given page URLs (URL → Validators), asked of the warehouse a batch of
    # pages at a time while fetching: a dict of every page held one entry per paper
    validators: Callable[[list[str]], dict[str, Validators]] | None = None
    recheck: list[dict[str, Any]] = field(default_factory=list)  # oparl_papers rows to re-fetch
    last_run_started: dt.datetime | None = None  # start of the last run whose listing completed
    real_stamps: bool = False  # the source's `modified` stamps were real on the last run
    # agenda items loaded before: id → (hash of the object, its consultation's key, its meeting)
    agenda: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    # the papers of the given consultations (consultation → paper), asked of the warehouse when
    # the meetings name changed consultations: a dict of every consultation held ~100 MiB at
    # 300,000 papers
    consultation_papers: Callable[[list[str]], dict[str, str]] | None = None
    papers_by_id: Callable[[list[str]], list[dict[str, Any]]] | None = None  # oparl_papers rows
    today: dt.date = field(default_factory=dt.date.today)
    resume: dict[str, str] = field(default_factory=dict)  # paper list URL → page where it broke


@dataclass(slots=True)
class Listed:
    """What the fetching needs of a listed paper (a few hundred bytes, not the whole row: a
    council lists a few hundred thousand papers)."""

    paper_id: str
    web_url: str | None
    deleted: bool
    reads_page: bool

    @classmethod
    def of(cls, row: dict[str, Any]) -> Listed:
        """From an `oparl_papers` row."""
        return cls(
            row["paper_id"],
            row.get("web_url"),
            bool(row.get("deleted")),
            bool(row.get("reads_page")),
        )

    @property
    def has_page(self) -> bool:
        """Whether its page is to be fetched: deleted (to see it gone), or a page the warehouse
        reads (ratsinfo.vendors; the others' papers are complete from OParl)."""
        return self.deleted or bool(self.web_url and self.reads_page)


class ListedPapers:
    """The papers a crawl listed, in the order listed, without holding them all: a 16-byte
    digest of each id in memory (to tell a paper listed twice), what the fetching needs of each
    (`Listed`) in a spool file, read back once the listing is done. At 300,000 papers, Listed
    objects in a dict held 105 MiB, a set of their ids 54, the digests 34."""

    def __init__(self) -> None:
        self._seen: set[bytes] = set()
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (read and written until close())

    @staticmethod
    def _digest(paper_id: str) -> bytes:
        return hashlib.blake2b(paper_id.encode("utf-8"), digest_size=16).digest()

    def add(self, paper: Listed) -> bool:
        """Keep `paper` unless one with its id was listed before; whether it is new."""
        digest = self._digest(paper.paper_id)
        if digest in self._seen:
            return False
        self._seen.add(digest)
        marshal.dump((paper.paper_id, paper.web_url, paper.deleted, paper.reads_page), self._spool)
        return True

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, paper_id: object) -> bool:
        return isinstance(paper_id, str) and self._digest(paper_id) in self._seen

    def papers(self) -> Iterator[Listed]:
        """The papers in the order listed (read from the spool; while reading, add nothing)."""
        self._spool.flush()
        self._spool.seek(0)
        try:
            while True:
                try:
                    yield Listed(*marshal.load(self._spool))
                except EOFError:
                    return
        finally:
            self._spool.seek(0, 2)

    def close(self) -> None:
        self._spool.close()


@dataclass
class CrawlResult:
    source: str
    mode: str = "full"
    vendor: Vendor | None = None
    system: dict[str, Any] | None = None  # the System object as sent
    papers: list[dict[str, Any]] = field(default_factory=list)  # oparl_papers rows not archived
    papers_listed: int = 0
    objects: list[dict[str, Any]] = field(default_factory=list)  # oparl_objects rows not archived
    objects_listed: int = 0
    meetings_touched: int = 0  # meetings read whose agenda changed
    changed_consultations: set[str] = field(default_factory=set)  # from agenda items that changed
    meeting_driven: bool = False  # the meetings said which papers to re-check
    # agenda items known before (id → (hash, consultation, meeting): KnownState.agenda itself, not
    # a copy), set when meetings drive the run, and each meeting's items
    agenda_known: dict[str, tuple[str, str | None, str | None]] | None = None
    agenda_of: dict[str, list[str]] = field(default_factory=dict)
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

    def _note_agenda(self, rows: list[dict[str, Any]]) -> None:
        """Consultations whose agenda item at this meeting is new or changed, or left it."""
        assert self.agenda_known is not None
        changed = False
        seen = set()
        meeting = rows[0]["object_id"] if rows else None
        for row in rows:
            if row["type"] != "AgendaItem":
                continue
            seen.add(row["object_id"])
            consultation = _consultation_key(self.source, row["json"])
            before = self.agenda_known.get(row["object_id"])
            if before is None or before[0] != agenda_hash(row["json"]):
                changed = True
                if consultation:
                    self.changed_consultations.add(consultation)
        for item in self.agenda_of.get(meeting or "", ()):
            if item not in seen:  # taken off this meeting's agenda (moved, adjourned)
                changed = True
                consultation = self.agenda_known[item][1]
                if consultation:
                    self.changed_consultations.add(consultation)
        self.meetings_touched += changed

    def drain_objects(self) -> list[dict[str, Any]]:
        objects, self.objects = self.objects, []
        return objects

    def drain_papers(self) -> list[dict[str, Any]]:
        papers, self.papers = self.papers, []
        return papers

    def pending(self) -> int:
        """Rows held for the archive: a listing hands them over as it goes."""
        return len(self.papers) + len(self.objects) + len(self.responses)

    def take_objects(self, obj: Any, url: str, expected: str, body_id: str | None) -> None:
        """Flatten one listed object (and what it embeds) into `objects`."""
        flat = flatten(obj, self.source, url, expected, body_id)
        if self.agenda_known is not None and expected == "Meeting":
            self._note_agenda(flat.rows)
        self.objects.extend(flat.rows)
        self.objects_listed += len(flat.rows)
        if expected != "Paper":  # papers are validated (and their problems kept) by the lister
            self.problems.extend(flat.problems)


Archive = Callable[[CrawlResult], None]
Progress = Callable[[str, int, int | None, str], None]  # (phase, done, total, detail)

FLUSH_BYTES = 16 * 1024 * 1024  # archive at least this often, whatever the number of responses
FLUSH_ROWS_PER_PAGE = 10  # a listing archives every flush_every × this many rows (objects, papers)


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
    system, bodies = oparl.system_and_bodies(system_url)
    if not bodies:
        raise OParlError(system_url, "the System lists no Body")
    result.system = system
    result.vendor = detect(system)
    log(f"vendor: {result.vendor.name}")
    if mode == "incremental" and result.vendor.meetings_drive_nightly and state.agenda:
        result.meeting_driven = True
        result.agenda_known = state.agenda
        for item, (_, _, meeting) in state.agenda.items():
            result.agenda_of.setdefault(meeting or "", []).append(item)
    # an unlinked temporary file: nothing is left on disk when the crawl fails; closed at its end
    listed = ListedPapers()

    def flush() -> None:  # during the listing: what it holds goes to the archive now and then
        if archive is not None and result.pending() >= flush_every * FLUSH_ROWS_PER_PAGE:
            archive(result)

    lister = _Lister(
        oparl, source, state, mode, max_papers, listed, overlap, log, result, progress, flush
    )
    for body in bodies:
        body_id = body.get("id") if isinstance(body.get("id"), str) else None
        result.take_objects(body, system_url, "Body", body_id)
        _list_others(oparl, body, body_id, state, mode, overlap, result, log, progress, flush)
        papers_url = body.get("paper")
        if not isinstance(papers_url, str):
            result.errors.append(f"{body.get('id')}: Body has no 'paper' list URL")
            result.listing_complete = False
            continue
        lister.body_id = body_id
        lister.run(papers_url)
        if archive is not None:
            archive(result)
        if lister.full:
            break
    if progress is not None:  # the listing's last word: what was listed, and why it ended there
        ended = "up to known papers" if mode == "incremental" and state.known_ids else "complete"
        if not result.listing_complete:
            ended = "broke off"
        progress("listing papers", len(listed), len(listed), ended)

    papers: Callable[[], Iterator[Listed]] = listed.papers  # full: every paper listed
    if mode == "incremental":
        chosen = [p for p in listed.papers() if p.paper_id not in state.known_ids or p.deleted]
        seen = {p.paper_id for p in chosen}
        recheck = state.recheck
        if result.meeting_driven:  # the meetings say which papers changed; and those never loaded
            recheck = [p for p in recheck if p.get("never_loaded")]
            changed = list(result.changed_consultations)
            found = state.consultation_papers(changed) if state.consultation_papers else {}
            wanted = sorted(set(found.values()) - seen)
            if wanted and state.papers_by_id is not None:
                recheck = [*state.papers_by_id(wanted), *recheck]
            log(
                f"{result.meetings_touched} meetings with a changed agenda: "
                f"{len(wanted)} papers to re-check"
            )
        for row in recheck:
            if row["paper_id"] not in seen:
                seen.add(row["paper_id"])
                chosen.append(Listed.of(row))
        papers = chosen.__iter__
    fetched = 0  # the pages to fetch, and of those the papers not deleted
    for paper in papers():
        if paper.has_page:
            fetched += 1
            result.to_fetch += not paper.deleted
    log(f"{result.papers_listed} papers listed ({mode}); fetching {result.to_fetch} pages")
    if archive is not None:
        archive(result)

    pending_bytes = pending = i = 0
    for batch in _batches((p for p in papers() if p.has_page), VALIDATOR_BATCH):
        urls = [p.web_url for p in batch if p.web_url and not p.deleted]
        known = state.validators(urls) if state.validators and urls else {}
        for paper in batch:
            i += 1
            pending_bytes += _fetch_page(http, paper, known, result)
            pending += 1
            if archive is not None and (pending >= flush_every or pending_bytes >= flush_bytes):
                archive(result)
                pending_bytes = pending = 0
            if progress is not None:
                progress("fetching pages", i, fetched, _fetch_detail(result))
    if archive is not None:
        archive(result)
    listed.close()
    return result


VALIDATOR_BATCH = 500  # pages whose validators are asked of the warehouse at once


def _batches(items: Iterator[Listed], size: int) -> Iterator[list[Listed]]:
    batch: list[Listed] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
        listed: ListedPapers,
        overlap: dt.timedelta,
        log: Log,
        result: CrawlResult,
        progress: Progress | None,
        flush: Callable[[], None] = lambda: None,
    ) -> None:
        self.oparl, self.source, self.state, self.mode = oparl, source, state, mode
        self.max_papers, self.listed, self.overlap, self.log = max_papers, listed, overlap, log
        self.result, self.progress, self.flush = result, progress, flush
        self.total: int | None = None  # the server's count of papers, where it says
        self.body_id: str | None = None  # the Body whose list is read

    @property
    def full(self) -> bool:
        return self.max_papers is not None and len(self.listed) >= self.max_papers

    def take(self, obj: dict[str, Any], url: str) -> bool:
        """Record a listed paper (validated first); False when max_papers is reached."""
        paper, problems = validate_paper(obj, url)
        self.result.problems.extend(problems)
        if paper is not None:
            if self.result.vendor is None or (self.result.vendor.key == "oparl" and paper.web):
                self.result.vendor = detect(self.result.system, paper.web)
            row = paper_row(paper, self.source, obj, self.body_id, self.result.vendor)
            if self.listed.add(Listed.of(row)):
                self.result.papers.append(row)
                self.result.papers_listed += 1
                self.result.papers_new += row["paper_id"] not in self.state.known_ids
                self.result.take_objects(obj, url, "Paper", self.body_id)
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
        self.flush()
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
        incremental = self.mode == "incremental" and state.last_run_started is not None
        first: ListPage | None = None
        pages: Iterator[ListPage] = iter(())
        real_stamps = state.real_stamps  # seen on the objects loaded before
        if not (incremental and real_stamps):  # else look at the newest page's stamps
            pages = self.oparl.iter_pages_newest_first(papers_url, enough=self.max_papers)
            first = next(pages, None)
            if first is None:
                return
            real_stamps = bool(first.data) and not any(
                has_placeholder_stamps(o) for o in first.data
            )
        if incremental and real_stamps:
            assert state.last_run_started is not None
            since = (state.last_run_started - self.overlap).isoformat(timespec="seconds")
            sep = "&" if "?" in papers_url else "?"
            self.log(f"server has real 'modified' stamps: listing modified_since={since}")
            query = urlencode({"modified_since": since})
            url = f"{papers_url}{sep}{query}"
            for obj in self.oparl.iter_list(url):
                if not self.take(obj, url):
                    return
            return
        assert first is not None
        self._walk(_chain(first, pages))

    def _walk(self, pages: Iterator[ListPage]) -> None:
        for page in pages:
            ids, go_on = self.take_page(page)
            if not go_on:
                return
            if self.mode == "incremental" and ids and ids <= self.state.known_ids:
                return  # a whole page of known papers: everything older is known too


# The Body's other lists, read whole every run (where stamps are real, incremental runs ask only
# for what changed): (Body field, OParl type, what the progress line calls it)
OTHER_LISTS = (
    ("organization", "Organization", "organizations"),
    ("person", "Person", "persons"),
    ("meeting", "Meeting", "meetings"),
    ("legislativeTermList", "LegislativeTerm", "legislative terms"),
)


def _list_others(
    oparl: OParlClient,
    body: dict[str, Any],
    body_id: str | None,
    state: KnownState,
    mode: str,
    overlap: dt.timedelta,
    result: CrawlResult,
    log: Log,
    progress: Progress | None,
    flush: Callable[[], None] = lambda: None,
) -> None:
    """Organizations, persons, meetings (and legislative terms, where the Body does not embed
    them) of one Body into `result.objects`. A list that fails is recorded, and the listing
    counts as incomplete; what was read of it is kept."""
    for field_name, kind, label in OTHER_LISTS:
        url = body.get(field_name)
        if not isinstance(url, str) or not url:
            continue
        if field_name == "legislativeTermList" and body.get("legislativeTerm"):
            continue  # embedded in the Body
        if result.stopped_hosts and urlsplit(url).netloc.lower() in result.stopped_hosts:
            result.listing_complete = False
            continue
        list_url = url
        if mode == "incremental" and state.last_run_started is not None and state.real_stamps:
            since = (state.last_run_started - overlap).isoformat(timespec="seconds")
            list_url += ("&" if "?" in url else "?") + urlencode({"modified_since": since})
        count = 0
        last: str | None = None  # the list's last page, to read back from when it breaks off
        seen: set[str] = set()
        pages = oparl.iter_pages(list_url)
        if kind == "Meeting" and result.meeting_driven:
            pages = _recent_meeting_pages(oparl, url, state.today - MEETING_WINDOW)
        try:
            for page in pages:
                last = last or page.last
                seen.add(page.url)
                for obj in page.data:
                    result.take_objects(obj, page.url, kind, body_id)
                    count += 1
                flush()
                if progress is not None:
                    progress(f"listing {label}", count, page.total_elements, "")
        except (OParlError, FetchError) as e:
            result.errors.append(f"{label} list: {e}")
            result.listing_complete = False
            log(f"{label} list interrupted: {e}")
            if isinstance(e, FetchError):
                result.note_host_stop(e)
            elif last and last not in seen:  # read what is left from the other end
                try:
                    for page in oparl.iter_pages_back_from(last):
                        if page.url in seen:
                            break
                        seen.add(page.url)
                        for obj in page.data:
                            result.take_objects(obj, page.url, kind, body_id)
                except (OParlError, FetchError):
                    pass  # the gap in the middle is already recorded


# Meetings whose agenda the nightly run reads (sources whose meetings drive it): the upcoming ones
# and those held in the last MEETING_WINDOW, where minutes and decisions are still entered.
MEETING_WINDOW = dt.timedelta(days=42)


def _recent_meeting_pages(oparl: OParlClient, url: str, since: dt.date) -> Iterator[ListPage]:
    """Pages of an oldest→newest meeting list, newest first, up to and including the first page
    whose meetings all started before `since`."""
    for page in oparl.iter_pages_newest_first(url):
        yield page
        starts = [str(m.get("start") or "")[:10] for m in page.data]
        if starts and all(s and s < since.isoformat() for s in starts):
            return


def _chain(first: ListPage, rest: Iterator[ListPage]) -> Iterator[ListPage]:
    yield first
    yield from rest


def _fetch_page(
    http: HttpClient, paper: Listed, validators: dict[str, Validators], result: CrawlResult
) -> int:
    """Fetch one paper page into `result` (conditionally, with its `validators` from the last
    fetch); returns the bytes of body it added."""
    url = paper.web_url
    pid = paper.paper_id
    if paper.deleted:
        result.gone.append(pid)
        return 0
    if not url:
        return 0
    if urlsplit(url).netloc.lower() in result.stopped_hosts:
        result.pages_failed += 1  # the host said stop: not asked again in this run (one error)
        return 0
    known = validators.get(url)
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
