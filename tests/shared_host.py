"""One fake host serving several councils: a loopback HTTP server that serves each council's
sample RIS under its own path prefix (`/<prefix>/oparl/system`), as hosting providers serve many
councils' Systems on one host. Requests are passed on to each council's own sample server and
its URLs in the answers rewritten to the shared host's. Every request's arrival is recorded, to
check the gap the crawlers keep to the host."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_PASSED_ON = ("If-None-Match", "If-Modified-Since", "Accept-Language", "User-Agent")


class SharedHost:
    def __init__(self, upstreams: dict[str, str]) -> None:
        """`upstreams`: path prefix → base URL of the sample server that serves it."""
        self.upstreams = upstreams
        self.arrivals: list[tuple[float, str]] = []  # (time.monotonic(), path)
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                host._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def system_url(self, prefix: str) -> str:
        return f"{self.url}/{prefix}/oparl/system"

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.arrivals.append((time.monotonic(), h.path))
        if h.path == "/robots.txt":
            self._reply(h, 200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
            return
        prefix, _, rest = h.path.lstrip("/").partition("/")
        upstream = self.upstreams.get(prefix)
        if upstream is None:
            self._reply(h, 404, b"no such council", {"Content-Type": "text/plain"})
            return
        parts = urlsplit(upstream)
        con = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        try:
            headers = {k: v for k in _PASSED_ON if (v := h.headers.get(k))}
            con.request("GET", "/" + rest, headers=headers)
            answer = con.getresponse()
            body = answer.read()
            kept = {
                k: v
                for k, v in answer.getheaders()
                if k.lower() in ("content-type", "etag", "last-modified", "retry-after")
            }
            mine = f"{self.url}/{prefix}"
            ctype = answer.getheader("Content-Type", "")
            if ctype.startswith(("application/json", "text/")):  # never inside a PDF's bytes
                body = body.replace(upstream.encode(), mine.encode())
            if "Location" in dict(answer.getheaders()):
                kept["Location"] = answer.getheader("Location", "").replace(upstream, mine)
            self._reply(h, answer.status, body, kept)
        finally:
            con.close()

    @staticmethod
    def _reply(
        h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


@contextmanager
def shared_host(upstreams: dict[str, str]) -> Iterator[SharedHost]:
    host = SharedHost(upstreams)
    host._thread.start()
    try:
        yield host
    finally:
        host._server.shutdown()
        host._server.server_close()
