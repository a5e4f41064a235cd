"""The portal page (publish_dir/index.html): its HTML, and the page in a real headless Chromium.

The Chromium test installs Debian's chromium when it is missing (apt-get, as root) or skips with the
reason. Chromium runs with background networking off and every host but 127.0.0.1 unresolvable, so
nothing reaches the internet; the page is served by a loopback HTTP server that records every
request. The screenshot is saved as tests/output/portal.png.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import re
import select
import shutil
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from assets.portal_page import portal_page
from assets.resources import WAREHOUSE_POOL
from ratsinfo.councils import Council
from ratsinfo.portal import build_portal_page, portal_facts, render_page
from ratsinfo.warehouse import connect
from tests.conftest import materialize_pipeline

OUTPUT = Path(__file__).parent / "output"
FIGURES = ("fig-vorlagen", "fig-antwortzeit", "fig-gremien", "fig-foerderung")
S = Council(key="s", name="s", system_url=None, vendor="OParl")  # the small warehouses' source


def page_of(con, publish: Path, council: Council | str = "sample", expected=()) -> str:
    """The page of `council` over the warehouse of `con` (the sample run's by default)."""
    return render_page(con, publish, portal_facts(con, None, council=council), expected)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    result = materialize_pipeline(tmp, sample_papers=60)
    assert result.success
    return tmp, result


@pytest.fixture(scope="module")
def page(published) -> str:
    tmp, _ = published
    return (tmp / "publish" / "index.html").read_text(encoding="utf-8")


class Tree(HTMLParser):
    """Records every start tag (with its attributes and the open figure) and the text."""

    VOID: ClassVar[set[str]] = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str | None]] = []
        self.stack: list[str] = []
        self.figure: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "figure":
            self.figure = a.get("id")
        self.tags.append((tag, a, self.figure))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), self.figure))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if tag == "figure":
            self.figure = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [], tree.stack
    return tree


def test_asset_is_registered_with_its_dependency_and_pool(published):
    _, result = published
    assert portal_page.key == dg.AssetKey("portal_page")
    assert portal_page.op.pool == WAREHOUSE_POOL
    assert dg.AssetKey("manifest") in portal_page.dependency_keys
    [mat] = [m for m in result.get_asset_materialization_events() if m.asset_key == portal_page.key]
    assert mat.materialization.metadata["path"].value.endswith("index.html")


# The only links to other sites: the licence text and the council's website (from the Body or the
# source profile). Following a link loads nothing by itself; the page fetches nothing from them.
OUTSIDE_LINKS = {"https://www.govdata.de/dl-de/by-2-0", "https://www.braunschweig.de/"}


def test_page_parses_is_german_and_self_contained(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="de">')
    tree = parse(page)
    assert ("meta", {"charset": "utf-8"}, None) in tree.tags
    outside = set()
    for tag, attrs, _ in tree.tags:
        assert tag not in ("script", "iframe", "object", "embed", "img", "base"), tag
        if tag == "link":
            assert attrs.get("rel") == "icon" and attrs.get("href") == "data:,"  # no favicon fetch
        for name in ("src", "href", "srcset", "action", "xlink:href", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            if tag == "a" and name == "href" and value in OUTSIDE_LINKS:
                assert attrs.get("rel") == "noopener noreferrer", attrs
                outside.add(value)
                continue
            assert not re.match(r"^(https?:)?//", value), (tag, name, value)
    assert outside == OUTSIDE_LINKS
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    assert len(styles) == 1 and "@import" not in styles[0] and "url(" not in styles[0]
    rest = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for url in OUTSIDE_LINKS:
        rest = rest.replace(f'<a href="{url}" rel="noopener noreferrer">', "")
    assert "http://" not in rest and "https://" not in rest
    text = " ".join(tree.text)
    for word in ("Downloads", "Daten abgerufen am", "Vorlagen pro Monat", "Daten als Tabelle"):
        assert word in text


def test_every_manifest_file_is_listed_with_its_facts(published, page):
    tmp, _ = published
    publish = tmp / "publish"
    files = json.loads((publish / "manifest.json").read_text())["files"]
    assert files
    hrefs = [unquote(a["href"] or "") for t, a, _ in parse(page).tags if t == "a"]
    for name, entry in files.items():
        assert name in hrefs and (publish / name).is_file(), name
        assert entry["sha256"] in page
        assert f">{entry['rows']:,}<".replace(",", ".") in page
    assert "manifest.json" in hrefs
    for name in ("datapackage.json", "dcat.ttl", "SHA256SUMS"):  # linked exactly when present
        assert (name in hrefs) == (publish / name).is_file()
    for href in hrefs:  # every other link resolves to a file in the publish directory
        assert href in OUTSIDE_LINKS or (publish / href).is_file(), href


def test_metadata_files_and_feeds_are_linked_when_present(published, tmp_path):
    tmp, _ = published
    publish = tmp_path / "publish"
    shutil.copytree(tmp / "publish", publish)
    for name in ("datapackage.json", "dcat.ttl", "dcat.jsonld", "README.md", "feeds/all.atom",
                 "feeds/rat-der-stadt.atom"):  # fmt: skip
        (publish / name).parent.mkdir(exist_ok=True)
        (publish / name).write_text("x")
    (publish / "SHA256SUMS").unlink(missing_ok=True)
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        hrefs = {a["href"] for t, a, _ in parse(page_of(con, publish)).tags if t == "a"}
        later = {
            a["href"]
            for t, a, _ in parse(page_of(con, publish, expected=["SHA256SUMS"])).tags
            if t == "a"
        }
    finally:
        con.close()
    assert {"manifest.json", "datapackage.json", "dcat.ttl", "dcat.jsonld", "README.md",
            "feeds/all.atom", "feeds/rat-der-stadt.atom"} <= hrefs  # fmt: skip
    assert "SHA256SUMS" not in hrefs and later == hrefs | {"SHA256SUMS"}


def dd(page: str, term: str) -> str:
    """The HTML of the header fact `term` (<dt>term</dt><dd>…</dd>)."""
    match = re.search(rf"<dt>{re.escape(term)}</dt><dd>(.*?)</dd></div>", page, flags=re.S)
    assert match, term
    return match.group(1)


def test_header_names_council_licence_fetch_day_and_paper_range(published, page):
    tmp, _ = published
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        [(finished,)] = con.execute("SELECT max(finished_at) FROM crawl_runs").fetchall()
        [(oldest, newest)] = con.execute(
            "SELECT min(date), max(date) FROM vorlagen WHERE deleted_at IS NULL"
        ).fetchall()
    finally:
        con.close()
    body = "Stadt Braunschweig (Beispieldaten)"  # the sample's OParl Body
    assert f'<h1><span class="kicker">{body}</span>' in page
    assert dd(page, "Kommune").startswith(body)
    fetched = finished.astimezone(ZoneInfo("Europe/Berlin")).date()
    assert dd(page, "Daten abgerufen am") == f'<time datetime="{fetched}">{fetched:%d.%m.%Y}</time>'
    span = dd(page, "Zeitraum der Vorlagen")
    assert span.startswith(
        f'<time datetime="{oldest}">{oldest:%d.%m.%Y}</time> bis '
        f'<time datetime="{newest}">{newest:%d.%m.%Y}</time>'
    )
    # the newest paper's date is the end of the range, never the update time
    assert "aktualisiert" not in page and page.count(f'datetime="{newest}"') == 1
    licence = (
        '<a href="https://www.govdata.de/dl-de/by-2-0" rel="noopener noreferrer">'
        "Datenlizenz Deutschland – Namensnennung – Version 2.0</a>"
    )
    assert dd(page, "Lizenz") == licence
    attribution = f"{body}, Ratsinformationssystem, {newest.year}"
    box = re.search(r'<div class="licence" id="lizenz">(.*?)</div>', page, flags=re.S)
    assert box and licence in box.group(1)
    assert f'<q class="attribution">{attribution}</q>' in box.group(1)
    footer = re.search(r"<footer.*?</footer>", page, flags=re.S)
    assert footer and licence in footer.group(0) and attribution in footer.group(0)
    assert body in footer.group(0)


def test_future_papers_are_a_range_not_the_update_time(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        for i, day in enumerate(("2025-11-03", "2026-02-10", "2026-06-30")):
            con.execute(
                "INSERT INTO vorlagen (paper_id, source, reference, subject, paper_type, "
                "lead_department, participating_departments, related_references, date, "
                f"page_sha256) VALUES ('s:/{i}', 's', '26-{i}', 'x', 'Antrag', 'FB', [], [], "
                f"DATE '{day}', 'h')"
            )
        con.execute(
            "INSERT INTO crawl_runs (source, started_at, finished_at, mode, papers_listed, "
            "pages_requested, pages_changed, requests, errors) VALUES ('s', "
            "TIMESTAMPTZ '2026-02-11 22:40:00+00', TIMESTAMPTZ '2026-02-11 23:10:00+00', 'full', "
            "3, 3, 3, 4, 0)"
        )
        html = page_of(con, tmp_path, S)
    finally:
        con.close()
    parse(html)
    # 23:10 UTC is the next day in Germany
    assert dd(html, "Daten abgerufen am") == '<time datetime="2026-02-12">12.02.2026</time>'
    span = dd(html, "Zeitraum der Vorlagen")
    assert span.startswith(
        '<time datetime="2025-11-03">03.11.2025</time> bis '
        '<time datetime="2026-06-30">30.06.2026</time>'
    )
    assert "1 Vorlage trägt ein Datum nach dem Abruf" in span
    assert "Abruf: " not in html and html.count('datetime="2026-06-30"') == 1
    # no Body archived: the source's name, and the configured licence with attribution
    assert dd(html, "Kommune") == "s"
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in dd(html, "Lizenz")
    assert '<q class="attribution">s, Ratsinformationssystem, 2026</q>' in html


def test_every_figure_has_an_accessible_chart_and_its_table(page):
    tree = parse(page)
    figures = [a["id"] for t, a, _ in tree.tags if t == "figure"]
    assert figures == list(FIGURES)
    for fig in figures:
        inside = [(t, a) for t, a, f in tree.tags if f == fig]
        names = [t for t, _ in inside]
        [svg] = [a for t, a in inside if t == "svg"]
        assert svg["role"] == "img" and svg["aria-label"], fig
        assert {"figcaption", "title", "details", "summary", "table", "caption", "th", "td"} <= set(
            names
        ), fig
        assert names.count("rect") > 0, fig
        assert names.index("details") < names.index("table")
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):  # each SVG is well-formed XML
        root = ET.fromstring(svg)
        assert root.find("{http://www.w3.org/2000/svg}title") is not None


def test_chart_values_come_from_the_views(page):
    assert "Welcome Center" in page and "20.000 €" in page and "20.000,00 €" in page
    assert "0800 Stabsstelle Wirtschaftsdezernat" in page and "14 Tage (n = 1)" in page
    assert "Ausschuss für Vielfalt und Integration" in page


def test_page_is_deterministic_and_written_atomically(published, page):
    tmp, _ = published
    publish = tmp / "publish"
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        assert page_of(con, publish) == page
        path = build_portal_page(con, publish, portal_facts(con, None, council="sample"))
    finally:
        con.close()
    assert path == publish / "index.html" and path.read_text(encoding="utf-8") == page
    assert not [p.name for p in publish.iterdir() if ".tmp-" in p.name]


def test_text_is_escaped(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        evil = '<script>alert("x")</script>'
        con.execute(
            "INSERT INTO vorlagen (paper_id, source, reference, subject, paper_type, "
            "lead_department, participating_departments, related_references, date, page_sha256) "
            "VALUES ('s:/1', 's', '26-1', 'x', ?, ?, [], [], DATE '2026-03-02', 'h')",
            [evil, evil],
        )
        con.execute(
            "INSERT INTO funding (paper_id, reference, position, amount, currency, recipient, "
            "text) VALUES ('s:/1', '26-1', 1, 5, 'EUR', ?, 'x')",
            [evil],
        )
        (tmp_path / "pub").mkdir()
        (tmp_path / "pub" / "manifest.json").write_text(
            json.dumps({"files": {'a"b<c>.csv': {"format": "csv", "rows": 1, "bytes": 3}}})
        )
        html = page_of(con, tmp_path / "pub", S)
    finally:
        con.close()
    assert "<script" not in html and evil not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "a&quot;b&lt;c&gt;.csv" in html
    parse(html)


def test_empty_warehouse_renders_a_page(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        html = page_of(con, tmp_path, S)
    finally:
        con.close()
    assert "Keine Daten vorhanden." in html
    assert dd(html, "Daten abgerufen am") == "unbekannt"
    assert dd(html, "Zeitraum der Vorlagen") == "keine datierten Vorlagen"
    parse(html)


# -- the page in a real browser --------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    # Chromium's own services (time, updates, accounts) must not reach the internet either:
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--enable-logging=stderr",
    "--v=0",
)
DESKTOP, PHONE = (1280, 2000), (390, 900)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.skip("chromium is not installed and cannot be installed here (needs root apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
            if done.returncode != 0:
                pytest.skip(f"could not install chromium: {' '.join(cmd)}: {done.stderr[-500:]}")
    except subprocess.TimeoutExpired as exc:
        pytest.skip(f"installing chromium timed out: {exc}")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("apt-get installed chromium but no chromium binary is on PATH")
    return found


class RecordingHandler(http.server.SimpleHTTPRequestHandler):
    requests: list[tuple[str, str, int, str]]

    def log_request(self, code: object = "-", size: object = "-") -> None:
        status = int(code) if isinstance(code, int) or str(code).isdigit() else 0
        self.requests.append((self.command, self.path, status, self.headers.get("Host", "")))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(published):
    tmp, _ = published
    requests: list[tuple[str, str, int, str]] = []
    handler = type("Handler", (RecordingHandler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(tmp / "publish"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def run_chromium(
    binary: str, workdir: Path, url: str, *extra: str, size: tuple[int, int] = DESKTOP
) -> subprocess.CompletedProcess:
    workdir.mkdir(parents=True, exist_ok=True)
    window = f"--window-size={size[0]},{size[1]}"
    cmd = [binary, *CHROMIUM_FLAGS, window, f"--user-data-dir={workdir / 'profile'}", *extra, url]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"chromium did not finish within 180 s: {exc}")


def page_requests(net_log: Path) -> list[str]:
    """URLs the page (top frame 127.0.0.1) requested, from Chromium's NetLog; Chromium's own
    background requests (no page site) are left out: the resolver rules make those fail."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == start and "url" in params:
            key = str(params.get("network_isolation_key", ""))
            if "127.0.0.1" in key or "127.0.0.1" in str(params.get("initiator", "")):
                urls.append(str(params["url"]))
    return urls


def console_errors(stderr: str) -> list[str]:
    """Console messages in Chromium's log; the page has no script, so any message is an error."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_page_renders_in_headless_chromium(chromium, served, tmp_path):
    base, requests = served
    url = f"{base}/index.html"
    requests.clear()
    net_log = tmp_path / "netlog.json"
    dom_run = run_chromium(
        chromium, tmp_path / "dom", url, "--dump-dom", f"--log-net-log={net_log}"
    )
    assert dom_run.returncode == 0, dom_run.stderr[-2000:]
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "portal.png"
    shot.unlink(missing_ok=True)
    shot_run = run_chromium(chromium, tmp_path / "shot", url, f"--screenshot={shot}")
    assert shot_run.returncode == 0, shot_run.stderr[-2000:]

    # every request reached the loopback server and succeeded; the page asked for nothing else
    host = urlsplit(base).netloc
    assert requests, "chromium made no request"
    assert {(m, p) for m, p, _, _ in requests} == {("GET", "/index.html")}, requests
    assert all(status == 200 and h == host for _, _, status, h in requests), requests
    urls = page_requests(net_log)
    assert url in urls and all(urlsplit(u).netloc == host for u in urls), urls

    # no console errors
    for run in (dom_run, shot_run):
        assert console_errors(run.stderr) == [], console_errors(run.stderr)

    # the charts rendered: every figure in the live DOM holds an SVG with bars
    dom = dom_run.stdout
    assert '<html lang="de">' in dom
    for fig in FIGURES:
        match = re.search(rf'<figure id="{fig}".*?</figure>', dom, flags=re.S)
        assert match, fig
        assert "<svg" in match.group(0) and match.group(0).count("<rect") > 0, fig

    # the screenshot exists and is a PNG of the window size
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a rendered page, not a blank one


def test_console_error_detection_works():
    """The scan above sees a page's console errors (Chromium's log format, checked by hand with a
    page calling console.error and an undefined function)."""
    stderr = (
        '[1:1:1125/145432.667522:INFO:CONSOLE:1] "Uncaught ReferenceError: f is not defined", '
        "source: http://127.0.0.1:1/x.html (1)\n"
        "[1:1:1125/145432.1:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n"
    )
    assert len(console_errors(stderr)) == 1


# -- the page on a phone and on a desktop ----------------------------------------------------------

# Measures the laid-out page in the browser (evaluated over the DevTools protocol: the page itself
# has no script). Everything is measured with the <details> closed, then with all of them open.
PROBE = """(function () {
  function measure() {
    var out = {inner: window.innerWidth, scroll: document.documentElement.scrollWidth};
    var fonts = [];
    document.querySelectorAll("figure svg text").forEach(function (t) {
      var px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      fonts.push([px, t.textContent.slice(0, 40)]);
    });
    fonts.sort(function (a, b) { return a[0] - b[0]; });
    out.smallestChartText = fonts.slice(0, 3);
    out.textOutsideFigure = [];
    document.querySelectorAll("figure").forEach(function (f) {
      var fr = f.getBoundingClientRect();
      f.querySelectorAll("svg text").forEach(function (t) {
        var r = t.getBoundingClientRect();
        if (r.left < fr.left - 1 || r.right > fr.right + 1) {
          out.textOutsideFigure.push(t.textContent);
        }
      });
    });
    out.tooWide = [];  // elements reaching past the window, except inside a scrolling box
    document.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 0.5 && !(el.parentElement || el).closest(".scroll")) {
        out.tooWide.push(el.tagName + "." + el.className + " " + Math.round(r.right));
      }
    });
    out.hashCells = [];
    document.querySelectorAll("td.hash").forEach(function (td) {
      out.hashCells.push([Math.round(td.getBoundingClientRect().height), td.textContent.length]);
    });
    return out;
  }
  var closed = measure();
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  var opened = measure();
  return JSON.stringify({closed: closed, opened: opened});
})()"""


class DevTools:
    """Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: commands
    on fd 3, answers on fd 4, each a JSON message ended by NUL); standard library only."""

    def __init__(self, binary: str, workdir: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def on_fds_3_and_4() -> None:  # in the child, before exec
            os.dup2(cmd_r, 3)
            os.dup2(res_w, 4)

        self.stderr = (workdir / "stderr.log").open("w+")
        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={workdir / 'profile'}",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr,
            preexec_fn=on_fds_3_and_4, close_fds=False,
        )  # fmt: skip
        os.close(cmd_r)
        os.close(res_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._res_r], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._res_r, 1 << 16)
            if not chunk:
                raise ConnectionError("chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, session: str | None = None, timeout: float = 60, **params):
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._next_id:
                assert "error" not in answer, (method, answer["error"])
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._message(deadline))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close", timeout=10)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._res_r)
        self.stderr.close()


def open_page(tools: DevTools, url: str, size: tuple[int, int], mobile: bool) -> str:
    """Open `url` in a fresh tab emulating a screen of `size` CSS px; returns the session."""
    target = tools.send("Target.createTarget", url="about:blank")["targetId"]
    session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    tools.send(
        "Emulation.setDeviceMetricsOverride", session,
        width=size[0], height=size[1], deviceScaleFactor=2 if mobile else 1, mobile=mobile,
    )  # fmt: skip
    tools.send("Page.enable", session)
    tools.send("Page.navigate", session, url=url)
    tools.wait_for("Page.loadEventFired")
    return session


def measure_page(binary: str, url: str, workdir: Path, size: tuple[int, int]) -> dict:
    tools = DevTools(binary, workdir)
    try:
        session = open_page(tools, url, size, mobile=size == PHONE)
        answer = tools.send("Runtime.evaluate", session, expression=PROBE, returnByValue=True)
        assert "exceptionDetails" not in answer, answer
        return json.loads(answer["result"]["value"])
    finally:
        tools.close()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone-390", "desktop-1280"])
def test_page_fits_phone_and_desktop(chromium, served, tmp_path, size):
    base, _ = served
    result = measure_page(chromium, f"{base}/index.html", tmp_path, size)
    for state in ("closed", "opened"):
        m = result[state]
        assert m["inner"] == size[0], m  # the window really is that wide
        # no sideways scrolling of the document, also with every table opened
        assert m["scroll"] <= m["inner"], (state, m["scroll"], m["tooWide"][:10])
        assert m["tooWide"] == [], (state, m["tooWide"][:10])
        # chart text is readable: at least 10 px as rendered (no viewBox shrinking it)
        assert m["smallestChartText"] and m["smallestChartText"][0][0] >= 10, m
        assert m["textOutsideFigure"] == [], m["textOutsideFigure"]
    # a checksum cell is one line while closed (no tall strip), at most a few when opened
    closed, opened = result["closed"]["hashCells"], result["opened"]["hashCells"]
    assert closed and max(h for h, _ in closed) <= 40, closed
    assert max(h for h, _ in opened) <= 110, opened

    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / f"portal-{size[0]}.png"
    tools = DevTools(chromium, tmp_path / "shot")
    try:
        phone = size == PHONE
        session = open_page(tools, f"{base}/index.html", size, mobile=phone)
        data = tools.send(
            "Page.captureScreenshot",
            session,
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": size[0], "height": 2400, "scale": 0.5 if phone else 1},
        )["data"]
    finally:
        tools.close()
    shot.write_bytes(base64.b64decode(data))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
