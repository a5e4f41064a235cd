"""One polite HTTP client for every source.

- an identifying User-Agent with a contact address;
- a per-host minimum interval between requests (default 1 s), retries included;
- retries with exponential backoff and jitter for connection errors, timeouts and 5xx, and
  `Retry-After` honoured on 429/503 — urllib3's `Retry` does this; we only raise its backoff to the
  host interval so that a retry is never faster than a normal request;
- connect and read timeouts always set; the body is streamed and capped (decompressed size counts);
  a body shorter than its Content-Length is a failed fetch and is retried, never returned;
- only the source's hosts are fetched; a redirect to another host is refused;
- robots.txt is read once per host and respected.

Why requests + urllib3.Retry: both are maintained, already dependencies of Dagster, and Retry covers
backoff, jitter and Retry-After; a hand-written loop would re-implement them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
import urllib.robotparser
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ratsinfo import __version__


def user_agent_with_contact(contact: str) -> str:
    """The identifying User-Agent, with the operator's contact address (RATSINFO_CONTACT)."""
    return (
        f"ratsinfo/{__version__} (open-data warehouse for council information; "
        f"+https://github.com/ratsinfo/ratsinfo; contact: {contact})"
    )


DEFAULT_USER_AGENT = user_agent_with_contact("opendata@ratsinfo.invalid")
MiB = 1024 * 1024


class FetchError(Exception):
    """A fetch that failed for good (after retries); names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched response as the raw archive keeps it."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: dt.datetime
    sha256: str

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class _PoliteRetry(Retry):
    """urllib3 Retry whose backoff is never shorter than the host's request interval."""

    min_backoff: float = 0.0

    def new(self, **kw: Any) -> _PoliteRetry:
        retry = super().new(**kw)
        retry.min_backoff = self.min_backoff  # type: ignore[attr-defined]
        return retry  # type: ignore[return-value]

    def get_backoff_time(self) -> float:
        return max(float(super().get_backoff_time()), self.min_backoff)


@dataclass
class HttpClient:
    """A polite HTTP client; one instance per run, shared by every fetch."""

    user_agent: str = DEFAULT_USER_AGENT
    min_interval: float = 1.0  # seconds between requests to one host; 0 disables
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_bytes: int = 50 * MiB
    attempts: int = 4  # total tries per URL
    backoff_factor: float = 1.0
    accept_language: str = "de"
    allowed_hosts: frozenset[str] | None = None  # None: any host
    respect_robots: bool = True
    max_redirects: int = 5
    _session: requests.Session = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _next_slot: dict[str, float] = field(init=False, repr=False, default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(
        init=False, repr=False, default_factory=dict
    )
    requests_made: int = field(init=False, default=0)  # HTTP requests sent (retries excluded)

    def __post_init__(self) -> None:
        retry = _PoliteRetry(
            total=self.attempts - 1,
            connect=self.attempts - 1,
            read=self.attempts - 1,
            status=self.attempts - 1,
            backoff_factor=self.backoff_factor,
            backoff_jitter=0.5 * self.backoff_factor,
            backoff_max=120,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
            redirect=0,
        )
        retry.min_backoff = self.min_interval
        adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=1)
        self._session = requests.Session()
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update(
            {
                "User-Agent": self.user_agent,
                "Accept-Language": self.accept_language,
                "Accept-Encoding": "gzip, deflate",
            }
        )

    @classmethod
    def for_hosts(cls, urls: Iterable[str], **kw: Any) -> HttpClient:
        """A client limited to the hosts of `urls`."""
        return cls(allowed_hosts=frozenset(urlsplit(u).netloc.lower() for u in urls), **kw)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness ------------------------------------------------------------------------------

    def _wait_for_slot(self, host: str) -> None:
        if self.min_interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = slot + self.min_interval
        if slot > now:
            time.sleep(slot - now)

    def _check_host(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"refusing scheme {parts.scheme!r}")
        host = parts.netloc.lower()
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            raise FetchError(url, f"host {host!r} is not a host of the configured source")
        return host

    def _allowed_by_robots(self, url: str) -> bool:
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                r = self._request(root + "/robots.txt", {}, robots=False)
                if r.status == 200:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(r.body.decode("utf-8", errors="replace").splitlines())
            except FetchError:
                parser = None  # no readable robots.txt: nothing is disallowed
            self._robots[root] = parser
        robots = self._robots[root]
        return robots is None or robots.can_fetch(self.user_agent, url)

    # -- fetching --------------------------------------------------------------------------------

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET `url`. HTTP errors come back as a Response with their status; network failures,
        oversize or truncated bodies and refused hosts raise FetchError naming the URL."""
        if not self._allowed_by_robots(url):
            raise FetchError(url, "disallowed by robots.txt")
        return self._request(url, dict(headers or {}), robots=True)

    def _request(self, url: str, headers: dict[str, str], robots: bool) -> Response:
        for _ in range(self.max_redirects + 1):
            host = self._check_host(url)
            response = self._fetch_once(url, host, headers)
            if response.status in (301, 302, 303, 307, 308) and "location" in response.headers:
                target = urljoin(url, response.headers["location"])
                try:
                    self._check_host(target)
                except FetchError as e:
                    raise FetchError(url, f"redirect refused: {e.reason}") from None
                url = target
                continue
            return response
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def _fetch_once(self, url: str, host: str, headers: dict[str, str]) -> Response:
        last_error = "no attempt made"
        for _ in range(self.attempts):  # retries of truncated bodies; urllib3 retries the rest
            self._wait_for_slot(host)
            self.requests_made += 1
            try:
                with self._session.get(
                    url,
                    headers=headers,
                    timeout=(self.connect_timeout, self.read_timeout),
                    stream=True,
                    allow_redirects=False,
                ) as r:
                    body = self._read_capped(url, r)
                    fetched_at = dt.datetime.now(dt.UTC)
                    return Response(
                        url=url,
                        status=r.status_code,
                        headers={k.lower(): v for k, v in r.headers.items()},
                        body=body,
                        fetched_at=fetched_at,
                        sha256=hashlib.sha256(body).hexdigest(),
                    )
            except _Truncated as e:
                last_error = str(e)
                continue
            except requests.exceptions.RetryError as e:
                raise FetchError(url, f"gave up after {self.attempts} attempts: {e}") from None
            except requests.exceptions.Timeout as e:
                raise FetchError(url, f"timed out after {self.attempts} attempts: {e}") from None
            except requests.exceptions.ConnectionError as e:
                if "timed out" in str(e):  # urllib3 gave up retrying read timeouts
                    raise FetchError(
                        url, f"timed out after {self.attempts} attempts: {e}"
                    ) from None
                raise FetchError(
                    url, f"connection failed after {self.attempts} attempts: {e}"
                ) from None
            except requests.exceptions.RequestException as e:
                raise FetchError(url, f"request failed: {e}") from None
        raise FetchError(url, f"body incomplete after {self.attempts} attempts: {last_error}")

    def _read_capped(self, url: str, r: requests.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in r.raw.stream(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, f"body larger than the cap of {self.max_bytes} bytes")
                chunks.append(chunk)
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.IncompleteRead) as e:
            raise _Truncated(f"body shorter than announced: {e}") from None
        except urllib3.exceptions.ReadTimeoutError as e:
            raise _Truncated(f"read timed out in the body: {e}") from None
        except urllib3.exceptions.DecodeError as e:
            raise FetchError(url, f"undecodable content encoding: {e}") from None
        return b"".join(chunks)


class _Truncated(Exception):
    pass
