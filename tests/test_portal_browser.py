"""The portal page (publish_dir/index.html) in a real headless Chromium.

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
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.test_portal_page import FIGURES

pytestmark = pytest.mark.slow  # whole pipeline runs: left out of make test-fast

OUTPUT = Path(__file__).parent / "output"


@pytest.fixture(scope="module")
def published(sample_pipeline):
    return sample_pipeline


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
