"""A wall-clock deadline for one HTTP attempt: the read timeout applies to each socket read, so a
server dripping a byte every few seconds never trips it; a timer shuts the socket down instead.
Used by ratsinfo.fetch.http through its connection classes and adapter."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool


class Retryable(Exception):
    """A failed attempt worth another try; `kind` names the failure in the final message."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        super().__init__(detail)


# -- the watchdog ---------------------------------------------------------------------------------

_current = threading.local()  # the watchdog of the attempt running on this thread


class Watchdog:
    """Ends one attempt at a wall-clock time. The read timeout applies per socket read, so a server
    dripping bytes never trips it; at the deadline a timer shuts the attempt's socket down, which
    makes the blocked read return at once. The socket is learnt from the connection classes below,
    which report to the watchdog of their thread."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._done = False
        self._conn: Any = None
        self._lock = threading.Lock()

    def __enter__(self) -> Watchdog:
        _current.watchdog = self
        _DEADLINES.add(time.monotonic() + self.seconds, self)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:  # after this the timer can no longer touch a (pooled, reused) connection
            self._done = True
        _current.watchdog = None

    @property
    def done(self) -> bool:
        return self._done

    def watch(self, conn: Any) -> None:
        if conn is None:
            return
        with self._lock:
            if self._done:
                return
            self._conn = conn
            if self.fired:  # connected only after the deadline: cut it now
                _shut_down(conn)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            if self._conn is not None:
                _shut_down(self._conn)

    def timeout(self) -> Retryable:
        return Retryable(
            "timed out", f"attempt stopped after {self.seconds:.3g} s of wall-clock time"
        )


class _Deadlines:
    """One daemon thread that fires every watchdog whose deadline passed. (A `threading.Timer` per
    attempt started a thread per request: 7 % of a crawl's CPU time at loopback speed.) Entries
    of attempts that ended stay in the heap until they come to its top, and are dropped then."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Watchdog]] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, deadline: float, watchdog: Watchdog) -> None:
        with self._cond:
            earliest = not self._heap or deadline < self._heap[0][0]
            heapq.heappush(self._heap, (deadline, next(self._seq), watchdog))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)
                self._thread.start()
            elif earliest:
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                deadline, _, watchdog = self._heap[0]
                if not watchdog.done and deadline > time.monotonic():
                    self._cond.wait(deadline - time.monotonic())
                    continue
                heapq.heappop(self._heap)
            if not watchdog.done:
                watchdog._fire()  # outside the heap's lock: it takes the watchdog's own


_DEADLINES = _Deadlines()


def _shut_down(conn: Any) -> None:
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        # socket.socket.shutdown, not SSLSocket.shutdown: the latter also drops the SSL object,
        # which the reading thread is still using. OSError: already closed.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _report_to_watchdog(conn: Any) -> None:
    watchdog: Watchdog | None = getattr(_current, "watchdog", None)
    if watchdog is not None:
        watchdog.watch(conn)


class _WatchedHTTPConnection(HTTPConnection):
    """urllib3's connection, reporting itself to the running attempt's watchdog on every request
    (also on reused connections) and once connected (plain HTTP connects lazily)."""

    def connect(self) -> None:
        super().connect()
        _report_to_watchdog(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _report_to_watchdog(self)
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    """As _WatchedHTTPConnection, for HTTPS (here connect() runs before request())."""

    def connect(self) -> None:
        super().connect()
        _report_to_watchdog(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _report_to_watchdog(self)
        super().request(*args, **kwargs)


_WATCHED: dict[Any, Any] = {
    HTTPConnection: _WatchedHTTPConnection,
    HTTPSConnection: _WatchedHTTPSConnection,
}


class WatchedAdapter(HTTPAdapter):
    """Makes every connection pool (direct or through an HTTP proxy) use the watched connection
    classes; pools are patched when first handed out, before they open any connection."""

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: Mapping[str, str] | None = None,
        cert: tuple[str, str] | str | None = None,
    ) -> ConnectionPool:
        pool = super().get_connection_with_tls_context(request, verify, proxies=proxies, cert=cert)
        if isinstance(pool, HTTPConnectionPool):
            watched = _WATCHED.get(pool.ConnectionCls)
            if watched is not None:
                pool.ConnectionCls = watched
        return pool
