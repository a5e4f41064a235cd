"""A loopback HTTP server that answers like Braunschweig's ALLRIS 4 (OParl 1.1 + paper pages).

    with serve(generate(300)) as base:          # base is the URL, e.g. "http://127.0.0.1:41234"
        requests.get(f"{base}/oparl/system")
        base.requests                           # what the server was asked, in order
        base.faults["/oparl/papers?body=1&page=2"] = fault_response(503, times=1)

Routes (everything is rendered on request, with the server's real base URL):
    /robots.txt                               allow all
    /oparl/system                             System
    /oparl/bodies                             list of the one Body
    /oparl/bodies/1                           Body
    /oparl/papers?body=1&page=N               Paper list, oldest → newest, 10 per page always
    /oparl/papers/{id}                        Paper
    /oparl/organizations?body=1&page=N        Organization list
    /oparl/organizations/{gr|at}/{id}         Organization (committee / department)
    /oparl/meetings?body=1&page=N             Meeting list (agenda items embedded)
    /oparl/persons?body=1                     Person list (empty: the sample has no persons)
    /oparl/meetings/{id}                      Meeting
    /public/vo020?VOLFDNR=N                   paper page (path case-insensitive: VO020 too)
    /public/vo020?P--anlagenHeaderPanel-attachmentsList-I-attachment-link&VOLFDNR=N
                                              the page's I-th Anlage (a Wicket listener link)
    /public/doc?DOLFDNR=N                     a PDF (render_pdf.py): the Vorlage (`file_id`),
                                              the Sammeldokument (`file_id + 1`, OParl mainFile)
                                              or an Anlage (OParl auxiliaryFile)
Unknown paths and ids answer 404. `Accept-Language: en…` makes paper pages print Beratungsfolge
dates in English ("Jan 29, 2026"); otherwise German unless the paper has `english_dates`.

Conditional requests: every 200 answer carries `ETag` (a strong validator: the first 32 hex
digits of the body's sha256, quoted) and `Last-Modified` (paper page, paper object and PDF: the
paper's `last_modified` day; everything else: the sample's `today`). A matching `If-None-Match`,
or without one an `If-Modified-Since` not older than `Last-Modified`, gets `304 Not Modified`
without a body. A deleted paper's page (and PDF) answers 404; OParl shows it `"deleted": true`.

`SampleServer.ris` may be replaced while serving (the RIS a night later, see
`evolve.evolve`); requests then see the new data. `license` and `body_license` (also parameters
of `serve`): the licence text the System and the Body state; None (the default) states none.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import io
import json
import re
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ratsinfo.model import Beratung
from sample_ris.model import Attachment, SamplePaper, SampleRIS
from sample_ris.render_html import render_not_found, render_paper_page
from sample_ris.render_oparl import (
    agenda_index,
    render_body,
    render_list,
    render_meeting,
    render_organization,
    render_paper_json,
    render_system,
)
from sample_ris.render_pdf import attachment_pdf, main_file_pdf, vorlage_pdf

JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"

# A fault handler gets the request handler and may answer it itself (send_response, headers,
# body). Returning False means "not handled": the request is then served normally.
FaultHandler = Callable[[BaseHTTPRequestHandler], bool | None]


@dataclass(frozen=True)
class RequestRecord:
    """One request the server received."""

    method: str
    path: str  # path and query, as sent
    headers: Mapping[str, str]
    time: float  # time.time() scale: when the kernel received the request line (see _StampedReader)


def fault_response(
    status: int,
    body: bytes | str = b"",
    headers: Mapping[str, str] | None = None,
    times: int | None = None,
) -> FaultHandler:
    """A fault handler answering `status` with `body` and `headers`, the first `times` times
    (always when None); after that the request is served normally."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    remaining = [times]
    lock = threading.Lock()

    def handler(h: BaseHTTPRequestHandler) -> bool:
        with lock:
            if remaining[0] is not None:
                if remaining[0] <= 0:
                    return False
                remaining[0] -= 1
        h.send_response(status)
        sent = {k.lower() for k in (headers or {})}
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        if "content-type" not in sent:
            h.send_header("Content-Type", "text/plain; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(data)
        return True

    return handler


# Linux's SO_TIMESTAMPNS (the socket module does not name it); accepted sockets inherit it
_SO_TIMESTAMPNS = 35 if sys.platform == "linux" else None
_STAMP = struct.Struct("qq")  # struct timespec, as SCM_TIMESTAMPNS delivers it


class _StampedReader(io.RawIOBase):
    """A socket read with the kernel's receive time of the bytes (SO_TIMESTAMPNS), so that the
    request log says when a request reached this machine, not when a handler thread got round to
    it: on a busy machine the thread can wake tens of milliseconds late, and a politeness test
    would see two requests closer together than they were sent. Falls back to `time.time()` at
    the read where the kernel gives no stamp."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._cmsg = socket.CMSG_SPACE(_STAMP.size)
        self.stamp = 0.0  # receive time of the bytes of the latest read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n, ancillary, _, _ = self._sock.recvmsg_into([buffer], self._cmsg)
        stamp = None
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS and len(data) >= _STAMP.size:
                seconds, nanoseconds = _STAMP.unpack_from(data)
                stamp = seconds + nanoseconds / 1e9
        if n:
            self.stamp = stamp if stamp is not None else time.time()
        return n


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    app: SampleServer

    def server_bind(self) -> None:
        if _SO_TIMESTAMPNS is not None:
            self.socket.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
        super().server_bind()

    def handle_error(self, request: Any, client_address: Any) -> None:  # quiet
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK (40 ms per request on Linux loopback)
    disable_nagle_algorithm = True
    server_version = "Apache"
    sys_version = ""

    arrived = 0.0  # see _StampedReader

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the socket's own file: it would hold the socket open
        self._reader = _StampedReader(self.connection)
        self.rfile = io.BufferedReader(self._reader)

    def parse_request(self) -> bool:
        # the request line has just been read: its bytes' stamp is the request's arrival
        self.arrived = self._reader.stamp
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:  # no stderr spam
        pass

    def do_GET(self) -> None:
        self.server.app._handle(self)

    def do_HEAD(self) -> None:
        self.server.app._handle(self)


class SampleServer:
    """The sample RIS on a loopback port; see the module docstring for the routes."""

    def __init__(
        self,
        ris: SampleRIS,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        license: str | None = None,
        body_license: str | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._ris = ris
        self.license = license  # what the System states as its licence; None: nothing
        self.body_license = body_license  # what the Body states as its licence; None: nothing
        self.faults: dict[str, FaultHandler] = {}
        self._requests: list[RequestRecord] = []
        self._files: dict[int, _File] | None = None  # DOLFDNR -> document, for `_files_of`
        self._files_of: SampleRIS | None = None
        self._agenda_cache: tuple[SampleRIS, dict[int, list[tuple[SamplePaper, Beratung]]]] | None
        self._agenda_cache = None
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.app = self
        h, p = self._httpd.server_address[:2]
        self.url = f"http://{h!s}:{p}"
        self._thread: threading.Thread | None = None

    @property
    def ris(self) -> SampleRIS:
        """The data served; assign a new `SampleRIS` to change it while serving."""
        return self._ris

    @ris.setter
    def ris(self, ris: SampleRIS) -> None:
        with self._lock:
            self._ris = ris
            self._files = None
            self._files_of = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> SampleServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, args=(0.05,), name="sample-ris", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request log ------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    # -- handling ---------------------------------------------------------------------------

    def _handle(self, h: _Handler) -> None:
        with self._lock:
            self._requests.append(
                RequestRecord(h.command, h.path, dict(h.headers.items()), h.arrived)
            )
        split = urlsplit(h.path)
        fault = self.faults.get(h.path) or self.faults.get(split.path)
        if fault is not None and fault(h) is not False:
            return
        try:
            status, ctype, body, extra = self._route(split.path, parse_qs(split.query), h)
        except Exception as e:  # a bug in rendering: answer 500, don't kill the thread
            status, ctype, body, extra = 500, "text/plain; charset=utf-8", repr(e).encode(), {}
        if status == 200:
            extra["ETag"] = etag(body)
            if _not_modified(h, extra["ETag"], extra.get("Last-Modified")):
                h.send_response(304)
                for k in ("ETag", "Last-Modified", "Content-Language"):
                    if k in extra:
                        h.send_header(k, extra[k])
                h.end_headers()
                return
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            h.send_header(k, v)
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)

    def _route(
        self, path: str, query: dict[str, list[str]], h: _Handler
    ) -> tuple[int, str, bytes, dict[str, str]]:
        base = self.url
        ris = self.ris  # one RIS for the whole request, even if it is swapped meanwhile
        params = {k.lower(): v[-1] for k, v in query.items() if v}
        today = http_date(ris.today)

        def js(
            obj: object, status: int = 200, modified: str = today
        ) -> tuple[int, str, bytes, dict[str, str]]:
            body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
            return status, JSON_TYPE, body, {"Last-Modified": modified} if status == 200 else {}

        def not_found() -> tuple[int, str, bytes, dict[str, str]]:
            if path.startswith("/oparl"):
                return js({"error": "Not Found", "status": 404, "path": path}, 404)
            return 404, HTML_TYPE, render_not_found(base).encode("utf-8"), {}

        def page() -> int:
            try:
                return int(params.get("page", "1"))
            except ValueError:
                return 1

        parts = [p for p in path.split("/") if p]
        lower = [p.lower() for p in parts]
        if path == "/robots.txt":
            robots = b"User-agent: *\nAllow: /\n"
            return 200, "text/plain; charset=utf-8", robots, {"Last-Modified": today}
        if lower[:1] == ["public"] and len(parts) == 2:
            if lower[1] == "vo020":
                paper = self._paper(ris, params.get("volfdnr"))
                if paper is None or paper.deleted:
                    return not_found()
                listener = _ATTACHMENT_LINK.search(urlsplit(h.path).query)
                if listener is not None:  # the page's link to an Anlage
                    n = int(listener[1])
                    if n >= len(paper.attachments):
                        return not_found()
                    return _document(_File(paper, paper.attachments[n]))
                accept = h.headers.get("Accept-Language", "").strip().lower()
                english = True if accept.startswith("en") else None
                html = render_paper_page(paper, base, english=english)
                lang = "en" if english or (english is None and paper.english_dates) else "de"
                headers = {
                    "Content-Language": lang,
                    "Last-Modified": http_date(paper.last_modified),
                }
                return 200, HTML_TYPE, html.encode("utf-8"), headers
            if lower[1] == "doc":
                file = self._file(ris, params.get("dolfdnr"))
                if file is None or file.paper.deleted:
                    return not_found()
                return _document(file)
            return not_found()
        if parts[:1] != ["oparl"]:
            return not_found()
        rest = parts[1:]
        if rest == ["system"]:
            return js(render_system(ris, base, self.license))
        if rest == ["bodies"]:
            return js(
                render_list(
                    [ris],
                    page(),
                    f"{base}/oparl/bodies?body=1",
                    lambda r: render_body(r, base, self.body_license),
                )
            )
        if rest == ["bodies", "1"]:
            return js(render_body(ris, base, self.body_license))
        if rest == ["persons"]:  # the sample has no persons: an empty list, as a server sends it
            url = f"{base}/oparl/persons?body=1"
            return js(render_list([], page(), url, lambda p: p))
        if rest[:1] in (["papers"], ["organizations"], ["meetings"]) and len(rest) == 1:
            if params.get("body", "1") != "1":
                return not_found()
            url = f"{base}/oparl/{rest[0]}?body=1"
            if rest[0] == "papers":
                return js(
                    render_list(ris.papers, page(), url, lambda p: render_paper_json(p, base))
                )
            if rest[0] == "organizations":
                return js(
                    render_list(
                        ris.organizations, page(), url, lambda o: render_organization(o, base)
                    )
                )
            agenda = self._agenda(ris)
            return js(
                render_list(
                    ris.meetings,
                    page(),
                    url,
                    lambda m: render_meeting(m, base, agenda.get(m.id, ())),
                )
            )
        if len(rest) == 2 and rest[0] == "papers":
            paper = self._paper(ris, rest[1])
            if paper is None:
                return not_found()
            return js(render_paper_json(paper, base), modified=http_date(paper.last_modified))
        if len(rest) == 2 and rest[0] == "meetings" and rest[1].isdigit():
            meeting = ris.meeting(int(rest[1]))
            if meeting is None:
                return not_found()
            return js(render_meeting(meeting, base, self._agenda(ris).get(meeting.id, ())))
        if len(rest) == 3 and rest[0] == "organizations" and rest[2].isdigit():
            org = ris.organization(rest[1], int(rest[2]))
            return js(render_organization(org, base)) if org else not_found()
        return not_found()

    def _agenda(self, ris: SampleRIS) -> dict[int, list[tuple[SamplePaper, Beratung]]]:
        """The meetings' agendas of `ris`, computed once per state of the RIS."""
        cached = self._agenda_cache
        if cached is None or cached[0] is not ris:
            cached = self._agenda_cache = (ris, agenda_index(ris))
        return cached[1]

    def _paper(self, ris: SampleRIS, volfdnr: str | None) -> SamplePaper | None:
        if not volfdnr or not volfdnr.isdigit():
            return None
        return ris.paper(int(volfdnr))

    def _file(self, ris: SampleRIS, dolfdnr: str | None) -> _File | None:
        if not dolfdnr or not dolfdnr.isdigit():
            return None
        with self._lock:
            if self._files is None or self._files_of is not ris:
                files: dict[int, _File] = {}
                for p in ris.papers:
                    files[p.file_id] = _File(p, VORLAGE)
                    files[p.file_id + 1] = _File(p, SAMMELDOKUMENT)
                    for a in p.attachments:
                        files[a.file_id] = _File(p, a)
                self._files, self._files_of = files, ris
            return self._files.get(int(dolfdnr))


VORLAGE = "Vorlage"
SAMMELDOKUMENT = "Sammeldokument"
_ATTACHMENT_LINK = re.compile(
    r"(?:^|&)\d+--anlagenHeaderPanel-attachmentsList-(\d+)-attachment-link"
)


@dataclass(frozen=True)
class _File:
    """A document the server sends: a paper's Vorlage or Sammeldokument, or one of its Anlagen."""

    paper: SamplePaper
    what: str | Attachment  # VORLAGE, SAMMELDOKUMENT or the Anlage


def _document(file: _File) -> tuple[int, str, bytes, dict[str, str]]:
    """The answer with a document: its PDF (render_pdf.py), inline, named like the file."""
    paper, what = file.paper, file.what
    if isinstance(what, Attachment):
        body, name = attachment_pdf(what), f"{what.reference} {what.name}.pdf"
    elif what == VORLAGE:
        body, name = vorlage_pdf(paper), f"{paper.reference}.pdf"
    else:
        body, name = main_file_pdf(paper), f"{paper.reference} SAO.pdf"
    ascii_name = name.encode("ascii", "replace").decode("ascii")
    headers = {
        "Content-Disposition": f'inline; filename="{ascii_name}"',
        "Last-Modified": http_date(paper.last_modified),
    }
    return 200, "application/pdf", body, headers


def etag(body: bytes) -> str:
    """The strong validator of a response body: its sha256, first 32 hex digits, quoted."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(day: dt.date) -> str:
    """Midnight UTC of `day` as an HTTP date: "Fri, 18 Dec 2026 00:00:00 GMT"."""
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return email.utils.format_datetime(moment, usegmt=True)


def _not_modified(h: BaseHTTPRequestHandler, tag: str, last_modified: str | None) -> bool:
    """Whether the request's validators match (If-None-Match wins over If-Modified-Since)."""
    if_none_match = h.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == tag for t in tags)  # weak comparison
    since = h.headers.get("If-Modified-Since")
    if since is None or last_modified is None:
        return False
    try:
        client = email.utils.parsedate_to_datetime(since)
        ours = email.utils.parsedate_to_datetime(last_modified)
    except (TypeError, ValueError, IndexError):
        return False
    if client.tzinfo is None:
        client = client.replace(tzinfo=dt.UTC)
    return ours <= client


class BaseURL(str):
    """The server's base URL (a str), also giving access to its request log and faults."""

    server: SampleServer

    def __new__(cls, server: SampleServer) -> BaseURL:
        obj = super().__new__(cls, server.url)
        obj.server = server
        return obj

    @property
    def requests(self) -> list[RequestRecord]:
        return self.server.requests

    @property
    def faults(self) -> dict[str, FaultHandler]:
        return self.server.faults

    def clear_requests(self) -> None:
        self.server.clear_requests()


@contextmanager
def serve(
    ris: SampleRIS,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    license: str | None = None,
    body_license: str | None = None,
) -> Iterator[BaseURL]:
    """Serve `ris` on a loopback port in a daemon thread; yields the base URL. `license`,
    `body_license`: the licence text the System, the Body states (None: none)."""
    server = SampleServer(ris, host, port, license=license, body_license=body_license)
    server.start()
    try:
        yield BaseURL(server)
    finally:
        server.stop()
