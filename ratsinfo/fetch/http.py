"""One polite HTTP client for every source.

Guarantees (all per client, i.e. per run):

- an identifying User-Agent with a contact address;
- **bounded time per URL**: one `get()` holds the run at most `url_deadline` seconds (default
  120 s) in all — robots.txt (read on the first visit of a host), every attempt, redirect, backoff,
  wait for the host's slot and the body read included. A single attempt is further limited to
  `attempt_deadline` seconds of wall-clock time (default 60 s; a slower attempt counts as a timeout
  and is retried while the URL deadline lasts). Socket timeouts alone cannot do this: the read
  timeout applies to each socket read, so a server dripping a byte every few seconds would never
  trip it. A watchdog timer therefore shuts the attempt's socket down at its wall-clock deadline,
  which ends a blocked read at once (headers or body). A URL over its deadline raises FetchError
  ("... deadline of N s exceeded ..."). Known limits: a TLS handshake is bounded only per socket
  read (by the connect timeout), as its socket cannot be reached until the handshake is done; behind
  a SOCKS proxy only the body is watched;
- **retries**: connection errors, timeouts, truncated bodies and HTTP 429/500/502/503/504 are tried
  up to `attempts` times in all, with exponential backoff and jitter
  (`backoff_factor * 2**(n-1)` plus up to half a factor). A status that stays an error comes back
  as a Response with that status;
- **Retry-After** (seconds or HTTP-date, on 429/503) is honoured when it is at most
  `max_retry_after` (default 60 s) and at most `url_deadline`; it then delays every request to the
  host, not only the retry. A longer Retry-After ends the host's crawl for this run: HostUnavailable
  is raised, and every later `get()` to that host raises HostUnavailable at once without a request.
  A Retry-After that is within the cap but does not fit in what is left of the URL deadline fails
  that URL (deadline exceeded) without waiting;
- **interval between all requests**: at least `min_interval` seconds (default 1 s, or the host's
  robots.txt Crawl-delay when longer) between the starts of any two requests sent to one host —
  retries, redirects and robots.txt fetches included, since every attempt takes a slot;
- `requests_made` counts every attempt (retries and robots.txt fetches included; an attempt whose
  connection failed counts too);
- connect and read timeouts always set; the body is streamed and capped (decompressed size counts);
  a body shorter than its Content-Length is a failed attempt and is retried, never returned;
- only the source's hosts are fetched; a redirect to another host is refused;
- **robots.txt** (RFC 9309) is read once per host and respected: 2xx is parsed; 4xx means no rules
  (everything allowed), except 429, which like 5xx says the server is struggling; 429, 5xx, an
  unreachable robots.txt (connection refused, timeouts, deadline) and a robots.txt redirecting to
  another host (not followed) all mean "everything disallowed" for this run. Redirects within the
  host are followed up to `max_redirects` (5) hops. `Crawl-delay` (or `Request-rate`) for our user
  agent or `*` sets the host's interval when longer than `min_interval`, capped at
  `max_crawl_delay` (default 60 s) so that one host cannot stall a run; fractional delays are
  rounded up to whole seconds (the standard library parser reads whole seconds only).

Why a retry loop of our own rather than urllib3's `Retry`: retries inside urllib3 are invisible to
this client, so they neither waited for the host's slot nor were counted, and `Retry` obeys any
Retry-After (up to hours) and knows no overall deadline. The loop below is small and makes every
attempt take a slot, be counted and be bounded. requests/urllib3 still do connection pooling, TLS,
timeouts, content decoding and header parsing; urllib3 is told to make exactly one try.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import random
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from ratsinfo import __version__
from ratsinfo.fetch.robots import Robots, crawl_delay, whole_second_delays
from ratsinfo.fetch.watchdog import Retryable, Watchdog, WatchedAdapter


def user_agent_with_contact(contact: str) -> str:
    """The identifying User-Agent, with the operator's contact address (RATSINFO_CONTACT)."""
    return (
        f"ratsinfo/{__version__} (open-data warehouse for council information; "
        f"+https://github.com/ratsinfo/ratsinfo; contact: {contact})"
    )


DEFAULT_USER_AGENT = user_agent_with_contact("opendata@ratsinfo.invalid")
MiB = 1024 * 1024

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})  # the statuses RFC 9110 gives Retry-After a meaning on
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A fetch that failed for good (after retries); names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class HostUnavailable(FetchError):
    """The host asked us to stay away longer than we wait (Retry-After over the cap): nothing more
    is requested from it in this run."""

    def __init__(self, url: str, host: str, reason: str) -> None:
        self.host = host
        super().__init__(url, reason)


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


@dataclass
class HttpClient:
    """A polite HTTP client; one instance per run, shared by every fetch."""

    user_agent: str = DEFAULT_USER_AGENT
    min_interval: float = 1.0  # seconds between requests to one host; 0 disables
    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # per socket read; the deadlines below bound the whole
    max_bytes: int = 50 * MiB
    attempts: int = 4  # total tries per URL
    backoff_factor: float = 1.0
    accept_language: str = "de"
    allowed_hosts: frozenset[str] | None = None  # None: any host
    respect_robots: bool = True
    max_redirects: int = 5
    url_deadline: float = 120.0  # seconds one get() may take in all, retries and waits included
    attempt_deadline: float = 60.0  # wall-clock seconds for one attempt (headers and body)
    max_retry_after: float = 60.0  # a longer Retry-After gives up on the host for this run
    max_crawl_delay: float = 60.0  # cap on a robots.txt Crawl-delay
    # told of every retry (url, why, attempt), so a person sees a struggling server at once
    on_retry: Callable[[str, str, int], None] | None = field(default=None, repr=False)
    _session: requests.Session = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    # Per host (netloc): start of the last request sent, earliest start of the next one (Retry-After
    # and backoff), the interval from robots.txt, and why the host was given up.
    _last_sent: dict[str, float] = field(init=False, repr=False, default_factory=dict)
    _not_before: dict[str, float] = field(init=False, repr=False, default_factory=dict)
    _interval: dict[str, float] = field(init=False, repr=False, default_factory=dict)
    _unavailable: dict[str, HostUnavailable] = field(init=False, repr=False, default_factory=dict)
    _robots: dict[str, Robots] = field(init=False, repr=False, default_factory=dict)
    requests_made: int = field(init=False, default=0)  # attempts sent, retries and robots included

    def __post_init__(self) -> None:
        # max_retries=0: urllib3 makes exactly one try; _fetch_with_retries does the retrying.
        adapter = WatchedAdapter(max_retries=0, pool_connections=4, pool_maxsize=1)
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

    def _take_slot(self, host: str, deadline: float) -> bool:
        """Wait until the host's next request may start and count it; False, without waiting,
        when that moment would come after `deadline`."""
        while True:
            with self._lock:
                now = time.monotonic()
                slot = max(now, self._not_before.get(host, 0.0))
                last = self._last_sent.get(host)
                if last is not None:
                    slot = max(slot, last + self._interval.get(host, self.min_interval))
                if slot >= deadline:
                    return False
                if slot <= now:
                    self._last_sent[host] = now
                    self.requests_made += 1
                    return True
            # not reserved while asleep: after waking, another thread may have gone first
            time.sleep(slot - now)

    def _mark_sent(self, host: str) -> None:
        """The request to `host` goes out now: later ones keep the interval from this moment, so
        that work between taking the slot and sending cannot shorten the next gap."""
        with self._lock:
            self._last_sent[host] = max(self._last_sent.get(host, 0.0), time.monotonic())

    def _defer_host(self, host: str, seconds: float) -> None:
        """No request to `host` before `seconds` from now (Retry-After, backoff)."""
        with self._lock:
            until = time.monotonic() + seconds
            self._not_before[host] = max(self._not_before.get(host, 0.0), until)

    def _check_host(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, f"refusing scheme {parts.scheme!r}")
        host = parts.netloc.lower()
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            raise FetchError(url, f"host {host!r} is not a host of the configured source")
        return host

    def _raise_if_unavailable(self, url: str, host: str) -> None:
        first = self._unavailable.get(host)
        if first is not None:
            raise HostUnavailable(
                url, host, f"giving up on host {host} for this run (earlier: {first})"
            )

    def _robots_for(self, url: str, host: str, deadline: float) -> Robots:
        root = f"{urlsplit(url).scheme}://{host}"
        rules = self._robots.get(root)
        if rules is None:
            try:
                rules = self._read_robots(root, host, deadline)
            except HostUnavailable as e:
                self._robots[root] = Robots(blocked=f"robots.txt: {e.reason}")
                raise HostUnavailable(url, host, f"robots.txt: {e.reason}") from None
            self._robots[root] = rules
        return rules

    def _read_robots(self, root: str, host: str, deadline: float) -> Robots:
        """The host's robots.txt rules under RFC 9309 (see the module docstring)."""
        try:
            r = self._request(root + "/robots.txt", {}, deadline, same_host=True)
        except HostUnavailable:
            raise
        except FetchError as e:
            return Robots(blocked=f"robots.txt unreachable ({e.reason})")
        if r.status == 429 or r.status >= 500:
            return Robots(blocked=f"robots.txt answered HTTP {r.status}")
        if 400 <= r.status < 500:
            return Robots()  # no robots.txt: no rules
        if not r.ok:
            return Robots(blocked=f"robots.txt answered HTTP {r.status}")
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(whole_second_delays(r.body.decode("utf-8", errors="replace").splitlines()))
        asked = crawl_delay(parser, self.user_agent)
        if asked > self.min_interval:
            with self._lock:
                self._interval[host] = max(self.min_interval, min(asked, self.max_crawl_delay))
        return Robots(parser=parser)

    # -- fetching --------------------------------------------------------------------------------

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET `url`. HTTP errors come back as a Response with their status; network failures,
        an exceeded deadline, oversize or truncated bodies, robots.txt refusals and refused hosts
        raise FetchError naming the URL, and a host that asked for a wait over the cap raises
        HostUnavailable (for this and every later URL of the host)."""
        deadline = time.monotonic() + self.url_deadline
        host = self._check_host(url)
        self._raise_if_unavailable(url, host)
        if self.respect_robots:
            rules = self._robots_for(url, host, deadline)
            if not rules.allows(self.user_agent, url):
                why = f" ({rules.blocked}: everything disallowed for this run)"
                raise FetchError(url, f"disallowed by robots.txt{why if rules.blocked else ''}")
        return self._request(url, dict(headers or {}), deadline)

    def _request(
        self, url: str, headers: dict[str, str], deadline: float, same_host: bool = False
    ) -> Response:
        """Fetch `url`, following redirects within the allowed hosts (within `url`'s own host only
        when `same_host`)."""
        for _ in range(self.max_redirects + 1):
            host = self._check_host(url)
            self._raise_if_unavailable(url, host)
            response = self._fetch_with_retries(url, host, headers, deadline)
            if response.status in REDIRECT_STATUSES and "location" in response.headers:
                target = urljoin(url, response.headers["location"])
                try:
                    target_host = self._check_host(target)
                except FetchError as e:
                    raise FetchError(url, f"redirect refused: {e.reason}") from None
                if same_host and target_host != host:
                    raise FetchError(url, f"redirect refused: to another host ({target_host!r})")
                url = target
                continue
            return response
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def _fetch_with_retries(
        self, url: str, host: str, headers: dict[str, str], deadline: float
    ) -> Response:
        attempts = max(1, self.attempts)
        last: Retryable | None = None
        last_status: str | None = None
        for attempt in range(1, attempts + 1):
            self._raise_if_unavailable(url, host)  # another thread may have given up on the host
            if not self._take_slot(host, deadline):
                raise self._deadline_error(url, attempt - 1, last_status or last)
            try:
                response = self._attempt(url, host, headers, deadline)
            except Retryable as e:
                last, last_status = e, None
                if time.monotonic() >= deadline:
                    raise self._deadline_error(url, attempt, e) from None
                if attempt < attempts:
                    self._defer_host(host, self._backoff(attempt))
                    self._tell_retry(url, f"{e.kind}: {e}", attempt)
                continue
            if response.status not in RETRY_STATUSES:
                return response
            wait = self._retry_after(url, host, response)  # may give up on the host
            if attempt == attempts:
                return response  # a persistent error comes back with its status
            last_status = f"HTTP {response.status}"
            if wait is None:
                self._defer_host(host, self._backoff(attempt))
            else:
                last_status += f", Retry-After {wait:.3g} s"
            self._tell_retry(url, last_status, attempt)
        assert last is not None  # the loop returns unless the last attempt raised Retryable
        raise FetchError(url, f"{last.kind} after {attempts} attempts: {last}")

    def _tell_retry(self, url: str, why: str, attempt: int) -> None:
        if self.on_retry is not None:
            self.on_retry(url, why, attempt)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter after failed attempt number `attempt` (1-based)."""
        base = self.backoff_factor * 2.0 ** (attempt - 1)
        return base + random.uniform(0, 0.5 * self.backoff_factor)

    def _retry_after(self, url: str, host: str, response: Response) -> float | None:
        """Honour the response's Retry-After: delay the host by it, or give up on the host when
        it is longer than we wait. None when there is no (usable) Retry-After."""
        if response.status not in RETRY_AFTER_STATUSES:
            return None
        wait = _retry_after_seconds(response.headers.get("retry-after"))
        if wait is None:
            return None
        cap = min(self.max_retry_after, self.url_deadline)
        if wait > cap:
            reason = (
                f"server asked to wait {wait:.0f} s (Retry-After), more than the cap of {cap:g} s; "
                f"giving up on host {host} for this run"
            )
            error = HostUnavailable(url, host, reason)
            with self._lock:
                self._unavailable.setdefault(host, error)
            raise error
        self._defer_host(host, wait)
        return wait

    def _deadline_error(self, url: str, attempts: int, last: object) -> FetchError:
        tail = f"; last: {last}" if last else ""
        tries = f"{attempts} attempt{'' if attempts == 1 else 's'}"
        return FetchError(url, f"deadline of {self.url_deadline:g} s exceeded after {tries}{tail}")

    def _attempt(self, url: str, host: str, headers: dict[str, str], deadline: float) -> Response:
        """One request, bounded in wall-clock time by a watchdog; raises Retryable for failures
        worth another try."""
        budget = min(self.attempt_deadline, deadline - time.monotonic())
        if budget <= 0:
            raise Retryable("timed out", "no time left for the attempt")
        with Watchdog(budget) as watchdog:
            self._mark_sent(host)
            try:
                with self._session.get(
                    url,
                    headers=headers,
                    timeout=(min(self.connect_timeout, budget), min(self.read_timeout, budget)),
                    stream=True,
                    allow_redirects=False,
                ) as r:
                    # Normally already watched from the connection; this covers connection
                    # classes we did not replace (SOCKS proxies) for the body at least.
                    watchdog.watch(getattr(r.raw, "connection", None))
                    body = self._read_capped(url, r)
                    response = Response(
                        url=url,
                        status=r.status_code,
                        headers={k.lower(): v for k, v in r.headers.items()},
                        body=body,
                        fetched_at=dt.datetime.now(dt.UTC),
                        sha256=hashlib.sha256(body).hexdigest(),
                    )
            except Exception as e:
                if watchdog.fired:  # whatever broke, it broke because we cut the socket
                    raise watchdog.timeout() from None
                raise _classify(url, e) from None
        if watchdog.fired:  # a body without Content-Length that was cut off looks complete
            raise watchdog.timeout()
        return response

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
            raise Retryable("body incomplete", f"body shorter than announced: {e}") from None
        except urllib3.exceptions.ReadTimeoutError as e:
            raise Retryable("timed out", f"read timed out in the body: {e}") from None
        except urllib3.exceptions.DecodeError as e:
            raise FetchError(url, f"undecodable content encoding: {e}") from None
        return b"".join(chunks)


def _classify(url: str, e: Exception) -> Exception:
    """The exception an attempt's failure becomes: Retryable or a final FetchError."""
    if isinstance(e, Retryable | FetchError):
        return e
    if isinstance(e, requests.exceptions.Timeout):
        return Retryable("timed out", _reason(e))
    if isinstance(e, requests.exceptions.ConnectionError):
        # urllib3 reports some read timeouts as connection errors
        kind = "timed out" if "timed out" in str(e) else "connection failed"
        return Retryable(kind, _reason(e))
    if isinstance(e, requests.exceptions.RequestException):
        return FetchError(url, f"request failed: {_reason(e)}")
    return e


# "[Errno 111] Connection refused", "Name or service not known", "Read timed out."
_OS_REASON = re.compile(r"(\[Errno -?\d+\] [^'\"()]+|Name or service not known|"
                        r"Temporary failure in name resolution|Read timed out|"
                        r"Connection (?:refused|reset by peer|aborted))")  # fmt: skip


def _reason(e: Exception) -> str:
    """What went wrong, without urllib3's wrapping ("HTTPConnectionPool(host=…): Max retries
    exceeded with url: … (Caused by NewConnectionError(…))"): the operating system's words."""
    text = str(e)
    found = _OS_REASON.findall(text)
    if found:
        return str(found[-1]).strip().rstrip(".")
    return text if len(text) <= 200 else text[:200] + "…"


def _retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header in seconds from now (delay-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
