"""The portal page (publish_dir/index.html): its HTML, and the page in a real headless Chromium.

The Chromium test installs Debian's chromium when it is missing (apt-get, as root) or skips with the
reason. Chromium runs with background networking off and every host but 127.0.0.1 unresolvable, so
nothing reaches the internet; the page is served by a loopback HTTP server that records every
request. The screenshot is saved as tests/output/portal.png.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import dagster as dg
import duckdb
import pytest

from assets.portal_page import portal_page
from assets.resources import WAREHOUSE_POOL
from ratsinfo.portal.page import build_portal_page, render_page
from ratsinfo.warehouse import connect
from tests.conftest import materialize_pipeline

OUTPUT = Path(__file__).parent / "output"
FIGURES = ("fig-vorlagen", "fig-antwortzeit", "fig-gremien", "fig-foerderung")


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


def test_page_parses_is_german_and_self_contained(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="de">')
    tree = parse(page)
    assert ("meta", {"charset": "utf-8"}, None) in tree.tags
    for tag, attrs, _ in tree.tags:
        assert tag not in ("script", "iframe", "object", "embed", "img", "base"), tag
        if tag == "link":
            assert attrs.get("rel") == "icon" and attrs.get("href") == "data:,"  # no favicon fetch
        for name in ("src", "href", "srcset", "action", "xlink:href", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not re.match(r"^(https?:)?//", value), (tag, name, value)
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    assert len(styles) == 1 and "@import" not in styles[0] and "url(" not in styles[0]
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    text = " ".join(tree.text)
    for word in ("Downloads", "aktualisiert", "Vorlagen pro Monat", "Daten als Tabelle"):
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
    for href in hrefs:  # every link resolves to a file in the publish directory
        assert (publish / href).is_file(), href


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
        hrefs = {a["href"] for t, a, _ in parse(render_page(con, publish)).tags if t == "a"}
        later = {
            a["href"]
            for t, a, _ in parse(render_page(con, publish, expected=["SHA256SUMS"])).tags
            if t == "a"
        }
    finally:
        con.close()
    assert {"manifest.json", "datapackage.json", "dcat.ttl", "dcat.jsonld", "README.md",
            "feeds/all.atom", "feeds/rat-der-stadt.atom"} <= hrefs  # fmt: skip
    assert "SHA256SUMS" not in hrefs and later == hrefs | {"SHA256SUMS"}


def test_updated_is_the_newest_paper_date(published, page):
    tmp, _ = published
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        [(newest,)] = con.execute("SELECT max(date) FROM vorlagen").fetchall()
    finally:
        con.close()
    assert f'<time datetime="{newest.isoformat()}">{newest:%d.%m.%Y}</time>' in page


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
        assert render_page(con, publish) == page
        path = build_portal_page(con, publish)
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
        html = render_page(con, tmp_path / "pub")
    finally:
        con.close()
    assert "<script" not in html and evil not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "a&quot;b&lt;c&gt;.csv" in html
    parse(html)


def test_empty_warehouse_renders_a_page(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        html = render_page(con, tmp_path)
    finally:
        con.close()
    assert "Keine Daten vorhanden." in html and "unbekannt" in html
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
    "--window-size=1280,2000",
)


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


def run_chromium(binary: str, workdir: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    workdir.mkdir(parents=True, exist_ok=True)
    cmd = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={workdir / 'profile'}", *extra, url]
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
