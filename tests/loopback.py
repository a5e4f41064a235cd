"""A tiny scripted loopback HTTP server for client tests: each path answers from a list of
responses (status, headers, body, or a callable for raw socket tricks), in order."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Script:
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    log: list[tuple[float, str, dict[str, str]]] = field(default_factory=list)

    def add(self, path: str, *replies: Reply) -> None:
        self.routes.setdefault(path, []).extend(replies)

    def hits(self, path: str) -> list[float]:
        return [t for t, p, _ in self.log if p == path]


@contextlib.contextmanager
def scripted_server(script: Script) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            script.log.append((time.monotonic(), self.path, dict(self.headers)))
            replies = script.routes.get(self.path)
            if not replies:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
            if callable(reply):
                reply(self)
                return
            status, headers, body = reply
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    # a short poll interval: shutdown() waits up to one interval, and tests start many servers
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
