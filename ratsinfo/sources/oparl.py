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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ratsinfo.sources.http import FetchError, HttpClient, Response

PLACEHOLDER_STAMP = "2000-01-01"


class OParlError(Exception):
    """An OParl response that cannot be used; names the URL and what was wrong."""

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


def decode_json(response: Response) -> Any:
    """The JSON body of `response`, tolerant of raw control characters inside strings."""
    if not response.ok:
        raise OParlError(response.url, f"HTTP {response.status}")
    try:
        text = response.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = response.body.decode("cp1252", errors="replace")
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as e:
        raise OParlError(
            response.url, f"malformed JSON at line {e.lineno}, column {e.colno}: {e.msg}"
        ) from None


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


class OParlClient:
    """Reads an OParl API through the polite HTTP client; every response is handed to `on_response`
    so the raw archive keeps it."""

    def __init__(self, http: HttpClient, on_response: Any = None) -> None:
        self.http = http
        self.on_response = on_response

    def get(self, url: str) -> tuple[Any, Response]:
        try:
            response = self.http.get(url, headers={"Accept": "application/json"})
        except FetchError as e:
            raise OParlError(e.url, e.reason) from None
        if self.on_response is not None:
            self.on_response(response, "oparl")
        return decode_json(response), response

    def get_object(self, url: str) -> dict[str, Any]:
        obj, _ = self.get(url)
        if not isinstance(obj, dict):
            raise OParlError(url, f"expected a JSON object, got {type(obj).__name__}")
        return obj

    def list_page(self, url: str) -> ListPage:
        obj, response = self.get(url)
        if not isinstance(obj, dict) or not isinstance(obj.get("data"), list):
            raise OParlError(url, "not an OParl list: no 'data' array")
        links = obj.get("links") or {}
        return ListPage(
            url=url,
            data=[o for o in obj["data"] if isinstance(o, dict)],
            next=links.get("next"),
            prev=links.get("prev"),
            first=links.get("first"),
            last=links.get("last"),
            response=response,
        )

    def bodies(self, system_url: str) -> list[dict[str, Any]]:
        system = self.get_object(system_url)
        body_list = system.get("body")
        if not isinstance(body_list, str):
            raise OParlError(system_url, "System has no 'body' list URL")
        return list(self.iter_list(body_list))

    def iter_list(self, url: str) -> Iterator[dict[str, Any]]:
        """Objects of a list, first page to last."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url and next_url not in seen:
            seen.add(next_url)
            page = self.list_page(next_url)
            yield from page.data
            next_url = page.next

    def iter_list_newest_first(self, url: str) -> Iterator[dict[str, Any]]:
        """Objects of an oldest→newest list (ALLRIS 4), newest first."""
        for page in self.iter_pages_newest_first(url):
            yield from reversed(page.data)

    def iter_pages_newest_first(self, url: str) -> Iterator[ListPage]:
        """Pages of an oldest→newest list, newest page first: from `links.last` back along
        `links.prev`. Lists without `last`/`prev` links are read forward, then reversed."""
        first = self.list_page(url)
        if first.next and not first.last:
            pages = [first]
            seen_forward = {url}
            while pages[-1].next and pages[-1].next not in seen_forward:
                seen_forward.add(pages[-1].next)
                pages.append(self.list_page(pages[-1].next))
            yield from reversed(pages)
            return
        page = first if not first.last or first.last == url else self.list_page(first.last)
        seen: set[str] = set()
        while True:
            seen.add(page.url)
            yield page
            if not page.prev or page.prev in seen:
                return
            page = first if page.prev == url else self.list_page(page.prev)
