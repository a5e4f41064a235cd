"""Replay a recorded OParl crawl on a loopback port, for tests and benchmarks on real data.

A recording is a directory of JSON responses named after the URL path below the API's base, with
the query appended: `system.json`, `body.json`, `body/1/paper.json` (page 1 of a list),
`body/1/paper?page=44.json` (the layout of konstin/oparl-validator-rs's crawl caches). A `Mount`
serves one recording under a path on the server, with the recording's base URL rewritten to the
server's, and optional further text replacements (to serve the same crawl as a second System or
Body with ids of its own). A URL with no recorded response answers 404, as a server would.

    with serve_recordings([Mount("/rim4220/webservice/oparl/v1.0/", corpus, ORIGINAL)]) as base:
        system_url = base + "/rim4220/webservice/oparl/v1.0/system"
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Mount:
    path: str  # where the recording is served, e.g. "/rim4220/webservice/oparl/v1.0/"
    directory: Path  # the recording
    original: str  # the base URL the recording was made at (rewritten to the server's)
    replace: tuple[tuple[str, str], ...] = ()  # further (old, new) text replacements
    extra: dict[str, bytes] = field(default_factory=dict)  # path below `path` → body (overrides)

    def file_for(self, rest: str) -> Path | None:
        """The recorded response for the URL part below the mount (path and query). Filters a
        recording cannot answer (`modified_since`, `created_since`) are ignored, as some servers
        do: the whole list is served."""
        path, _, query = rest.partition("?")
        query = "&".join(
            q for q in query.split("&") if q and not q.startswith(("modified_", "created_"))
        )
        rest = f"{path}?{query}" if query else path
        candidates = [rest]
        if query in ("page=1", ""):
            candidates.append(path)
        for candidate in candidates:
            file = self.directory / (unquote(candidate).strip("/") + ".json")
            if file.is_file() and self.directory in file.resolve().parents:
                return file
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _ReplayServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # the stdlib names it
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        for mount in self.server.mounts:
            if not target.startswith(mount.path):
                continue
            rest = target[len(mount.path) :]
            if rest in mount.extra:
                self._send(200, self._rewrite(mount, mount.extra[rest]), "application/json")
                return
            file = mount.file_for(rest)
            if file is not None:
                self._send(200, self._rewrite(mount, file.read_bytes()), "application/json")
                return
        self._send(404, b'{"error": "not recorded"}', "application/json")

    def _rewrite(self, mount: Mount, body: bytes) -> bytes:
        text = body.decode("utf-8")
        for old, new in mount.replace:
            text = text.replace(old, new)
        base = f"http://127.0.0.1:{self.server.server_address[1]}{mount.path.rstrip('/')}"
        return text.replace(mount.original.rstrip("/"), base).encode("utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _ReplayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mounts: Sequence[Mount]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mounts = list(mounts)
        self.requests: list[str] = []  # every request path, in order


@contextlib.contextmanager
def serve_recordings(mounts: Sequence[Mount]) -> Iterator[_ReplayServer]:
    """A loopback server replaying `mounts`; yields it (`.requests`, `.base`)."""
    server = _ReplayServer(mounts)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server: _ReplayServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"
