"""OParl 1.0/1.1 client: System → Body → lists of papers, with the vendors' quirks handled.

Quirks (each has a test in tests/test_oparl.py):
- ALLRIS 4 fixes the page size at 10 whatever `limit` says, and lists run oldest → newest, so the
  newest papers are on `links.last`; we walk backwards from there.
- ALLRIS 4 stamps `created`/`modified` with the placeholder 2000-01-01 on every object: such stamps
  say nothing about change (see `has_placeholder_stamps`).
- Bonn's ALLRIS 4 emits offsets such as "+01::00" (repaired by `parse_oparl_datetime`).
- Braunschweig's older endpoint put unescaped control characters inside JSON strings: we decode
  with `strict=False`, which accepts them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ratsinfo.fetch.http import FetchError, HttpClient, Response
from ratsinfo.oparl.validate import is_http_url

PLACEHOLDER_STAMP = "2000-01-01"


class OParlError(Exception):
    """An OParl response that cannot be used; names the URL and what was wrong."""

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


MAX_LIST_PAGES = 100_000  # pages of one list: Munich's ~300,000 papers at 10 a page, with room


def decode_text(body: bytes) -> str:
    """JSON text of a body. OParl is UTF-8; one invalid byte in it becomes U+FFFD and leaves the
    rest of the page as it is. Only a body with no valid multi-byte UTF-8 sequence at all and
    bytes >= 0x80 is taken for what it then is, windows-1252 (old Latin-1 servers)."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="surrogateescape")
    valid_multibyte = any(ord(c) >= 0x80 and not 0xDC80 <= ord(c) <= 0xDCFF for c in text)
    if valid_multibyte:
        return body.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return body.decode("cp1252", errors="replace")


def decode_json(response: Response) -> Any:
    """The JSON body of `response`, tolerant of raw control characters inside strings."""
    if not response.ok:
        raise OParlError(response.url, f"HTTP {response.status}")
    text = decode_text(response.body)
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as e:
        raise OParlError(
            response.url, f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}"
        ) from None
    except RecursionError:
        raise OParlError(response.url, "JSON nested too deeply to read") from None


def has_placeholder_stamps(obj: dict[str, Any]) -> bool:
    """True when `modified` is ALLRIS 4's placeholder rather than a real change time."""
    return str(obj.get("modified", "")).startswith(PLACEHOLDER_STAMP)


@dataclass(frozen=True, slots=True)
class ListPage:
    url: str
    data: list[dict[str, Any]]
    next: str | None
    prev: str | None
    first: str | None
    last: str | None
    response: Response
    total_pages: int | None = None  # the server's own `pagination.totalPages`
    total_elements: int | None = None  # ... and `pagination.totalElements`

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(str(o["id"]) for o in self.data if isinstance(o.get("id"), str))


ProblemHook = Callable[[str, str, str], None]  # (url, field, what was wrong)


class OParlClient:
    """Reads an OParl API through the polite HTTP client; every response is handed to `on_response`
    so the raw archive keeps it, and what is malformed in a list page (but not fatal to it) to
    `on_problem`.

    Lists end: at the last page; at a URL seen before; at a page whose objects were all listed
    before (a server repeating itself under new URLs); after the server's own `totalPages`; and
    after `max_pages` pages in all.
    """

    def __init__(
        self,
        http: HttpClient,
        on_response: Any = None,
        on_problem: ProblemHook | None = None,
        max_pages: int = MAX_LIST_PAGES,
    ) -> None:
        self.http = http
        self.on_response = on_response
        self.on_problem = on_problem
        self.max_pages = max_pages

    def _problem(self, url: str, field: str, problem: str) -> None:
        if self.on_problem is not None:
            self.on_problem(url, field, problem)

    def get(self, url: str) -> tuple[Any, Response]:
        try:
            response = self.http.get(url, headers={"Accept": "application/json"})
        except FetchError as e:
            raise OParlError(e.url, e.reason) from e
        if self.on_response is not None:
            self.on_response(response, "oparl")
        return decode_json(response), response

    def get_object(self, url: str) -> dict[str, Any]:
        obj, _ = self.get(url)
        if not isinstance(obj, dict):
            raise OParlError(url, f"expected a JSON object, got {type(obj).__name__}")
        return obj

    def _link(self, url: str, links: dict[str, Any], name: str) -> str | None:
        value = links.get(name)
        if value is None or is_http_url(value):
            return value
        self._problem(url, f"links.{name}", f"is not a URL: {str(value)[:80]!r}; ignored")
        return None

    def list_page(self, url: str) -> ListPage:
        obj, response = self.get(url)
        if not isinstance(obj, dict) or not isinstance(obj.get("data"), list):
            raise OParlError(url, "not an OParl list: no 'data' array")
        links = obj.get("links")
        if links is None:
            links = {}
        elif not isinstance(links, dict):
            self._problem(url, "links", f"is a {type(links).__name__}, not an object; ignored")
            links = {}
        data = []
        for item in obj["data"]:
            if isinstance(item, dict):
                data.append(item)
            else:
                self._problem(url, "data[]", f"holds {str(item)[:80]!r}, not an object; skipped")
        pagination = obj.get("pagination")
        pagination = pagination if isinstance(pagination, dict) else {}
        total_pages, total_elements = (
            value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
            for value in (pagination.get("totalPages"), pagination.get("totalElements"))
        )
        return ListPage(
            url=url,
            data=data,
            next=self._link(url, links, "next"),
            prev=self._link(url, links, "prev"),
            first=self._link(url, links, "first"),
            last=self._link(url, links, "last"),
            response=response,
            total_pages=total_pages,
            total_elements=total_elements,
        )

    def bodies(self, system_url: str) -> list[dict[str, Any]]:
        return self.system_and_bodies(system_url)[1]

    def system_and_bodies(self, system_url: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The System object and its Bodies."""
        system = self.get_object(system_url)
        body_list = system.get("body")
        if not isinstance(body_list, str):
            raise OParlError(system_url, "System has no 'body' list URL")
        return system, list(self.iter_list(body_list))

    def iter_list(self, url: str) -> Iterator[dict[str, Any]]:
        """Objects of a list, first page to last."""
        for page in self.iter_pages(url):
            yield from page.data

    def iter_pages(self, url: str) -> Iterator[ListPage]:
        """Pages of a list, first to last."""
        yield from self._walk(self.list_page(url), "next")

    def _walk(
        self, page: ListPage, direction: str, known: ListPage | None = None
    ) -> Iterator[ListPage]:
        """`page` and the pages after it along `links.<direction>`, within the bounds above
        (`known`: a page already read, not fetched again)."""
        seen_urls: set[str] = set()
        seen_ids: set[str] = set()
        total = page.total_pages
        count = 0
        while True:
            seen_urls.add(page.url)
            count += 1
            ids = page.ids
            if count > 1 and ids and ids <= seen_ids:
                self._problem(page.url, "links", "repeats objects listed before; list ends here")
                return
            seen_ids |= ids
            yield page
            following: str | None = getattr(page, direction)
            if not following or following in seen_urls:
                return
            if total is not None and count >= total:
                return  # the server's own count of pages is reached
            if count >= self.max_pages:
                self._problem(page.url, "links", f"more than {self.max_pages} pages; list cut")
                return
            page = known if known and known.url == following else self.list_page(following)

    def iter_list_newest_first(self, url: str) -> Iterator[dict[str, Any]]:
        """Objects of an oldest→newest list (ALLRIS 4), newest first."""
        for page in self.iter_pages_newest_first(url):
            yield from reversed(page.data)

    def iter_pages_newest_first(self, url: str, enough: int | None = None) -> Iterator[ListPage]:
        """Pages of an oldest→newest list, newest page first: from `links.last` back along
        `links.prev`. Lists without `last`/`prev` links are read forward, then reversed; reading
        forward stops once `enough` objects are read (the caller wants no more)."""
        first = self.list_page(url)
        if first.next and not first.last:
            pages: list[ListPage] = []
            error: OParlError | None = None
            try:
                for page in self._walk(first, "next"):
                    pages.append(page)
                    if enough is not None and sum(len(p.data) for p in pages) >= enough:
                        break
            except OParlError as e:  # what was read before the failure still counts
                error = e
            yield from reversed(pages)
            if error is not None:
                raise error
            return
        if not first.last or first.last == url:
            yield from self._walk(first, "prev")
        else:
            yield from self._walk(self.list_page(first.last), "prev", known=first)

    def iter_pages_back_from(self, url: str) -> Iterator[ListPage]:
        """The page at `url` and the older pages before it (resuming an interrupted listing)."""
        yield from self._walk(self.list_page(url), "prev")
