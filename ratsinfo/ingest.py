"""Crawling a council system: OParl paper lists, then each paper's ALLRIS page.

Plain functions (no Dagster): `crawl()` returns the OParl paper rows and every raw response, for
the warehouse's `oparl_papers` and `raw_responses` tables. Errors on single pages are recorded
(with the URL) and the crawl goes on; an unusable entry point (System, Body) raises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ratsinfo.parse.dates import parse_date
from ratsinfo.sources.http import FetchError, HttpClient, Response
from ratsinfo.sources.oparl import OParlClient, OParlError

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


@dataclass
class CrawlResult:
    source: str
    papers: list[dict[str, Any]] = field(default_factory=list)  # oparl_papers rows
    responses: list[dict[str, Any]] = field(default_factory=list)  # raw_responses rows
    errors: list[str] = field(default_factory=list)

    @property
    def pages_fetched(self) -> int:
        return sum(1 for r in self.responses if r["kind"] == "page" and r["status"] == 200)


def crawl(
    system_url: str,
    http: HttpClient,
    source: str,
    max_papers: int | None = None,
    log: Log = lambda _msg: None,
) -> CrawlResult:
    """Walk System → Bodies → papers (newest first), then fetch each paper's page."""
    result = CrawlResult(source=source)

    def archive(response: Response, kind: str) -> None:
        result.responses.append(raw_row(response, kind, response.url))

    oparl = OParlClient(http, on_response=archive)
    bodies = oparl.bodies(system_url)
    if not bodies:
        raise OParlError(system_url, "the System lists no Body")
    for body in bodies:
        papers_url = body.get("paper")
        if not isinstance(papers_url, str):
            result.errors.append(f"{body.get('id')}: Body has no 'paper' list URL")
            continue
        try:
            for obj in oparl.iter_list_newest_first(papers_url):
                if "id" not in obj:
                    result.errors.append(f"{papers_url}: paper without 'id' skipped")
                    continue
                result.papers.append(paper_row(obj, source))
                if max_papers is not None and len(result.papers) >= max_papers:
                    break
        except OParlError as e:  # keep what was listed so far; the next run goes further
            result.errors.append(str(e))
            log(f"paper list interrupted: {e}")
        if max_papers is not None and len(result.papers) >= max_papers:
            break
    log(f"{len(result.papers)} papers listed; fetching their pages")

    for i, paper in enumerate(result.papers, 1):
        url = paper["web_url"]
        if not url or paper["deleted"]:
            continue
        try:
            response = http.get(url, headers={"Accept": "text/html"})
        except FetchError as e:
            result.errors.append(str(e))
            result.responses.append(raw_row(None, "page", url, paper["paper_id"], str(e)))
            continue
        error = None if response.ok else f"{url}: HTTP {response.status}"
        if error:
            result.errors.append(error)
        result.responses.append(raw_row(response, "page", url, paper["paper_id"], error))
        if i % 500 == 0:
            log(f"{i}/{len(result.papers)} pages fetched")
    return result
