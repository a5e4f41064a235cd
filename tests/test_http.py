import gzip
import itertools
import time

import pytest

from ratsinfo.sources.http import FetchError, HttpClient
from tests.loopback import Script, scripted_server

OK = (200, {"Content-Type": "text/plain"}, b"hallo")


def client(base, **kw):
    kw.setdefault("min_interval", 0.0)
    kw.setdefault("backoff_factor", 0.01)
    kw.setdefault("respect_robots", False)
    return HttpClient.for_hosts([base], **kw)


def test_identifies_itself_and_asks_for_german():
    script = Script()
    script.add("/a", OK)
    with scripted_server(script) as base, client(base, user_agent="ratsinfo-test (x@y.z)") as c:
        r = c.get(base + "/a")
    assert r.status == 200 and r.body == b"hallo"
    headers = script.log[0][2]
    assert headers["User-Agent"] == "ratsinfo-test (x@y.z)"
    assert headers["Accept-Language"] == "de"


def test_requests_to_one_host_keep_the_interval():
    script = Script()
    script.add("/a", OK)
    with scripted_server(script) as base, client(base, min_interval=0.2) as c:
        for _ in range(4):
            c.get(base + "/a")
    times = script.hits("/a")
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3 and min(gaps) >= 0.19


def test_5xx_is_retried_then_succeeds():
    script = Script()
    script.add("/a", (500, {}, b"boom"), (502, {}, b""), OK)
    with scripted_server(script) as base, client(base) as c:
        r = c.get(base + "/a")
    assert r.status == 200 and len(script.hits("/a")) == 3


def test_retry_after_is_honoured_on_429():
    script = Script()
    script.add("/a", (429, {"Retry-After": "1"}, b""), OK)
    with scripted_server(script) as base, client(base) as c:
        assert c.get(base + "/a").status == 200
    first, second = script.hits("/a")
    assert second - first >= 0.95


def test_persistent_errors_come_back_with_their_status():
    script = Script()
    script.add("/a", (503, {}, b"down"))
    with scripted_server(script) as base, client(base, attempts=3) as c:
        r = c.get(base + "/a")
    assert r.status == 503 and len(script.hits("/a")) == 3


def test_truncated_body_is_retried_and_never_returned():
    def truncated(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b"only a little")
        handler.close_connection = True

    script = Script()
    script.add("/a", truncated, truncated, OK)
    with scripted_server(script) as base, client(base) as c:
        assert c.get(base + "/a").body == b"hallo"
    script = Script()
    script.add("/b", truncated)
    with (
        scripted_server(script) as base,
        client(base, attempts=2) as c,
        pytest.raises(FetchError, match="/b: body incomplete"),
    ):
        c.get(base + "/b")


def test_oversize_and_gzip_bomb_stop_at_the_cap():
    bomb = gzip.compress(b"\0" * (5 * 1024 * 1024))
    script = Script()
    script.add("/big", (200, {}, b"x" * 200_000))
    script.add("/bomb", (200, {"Content-Encoding": "gzip"}, bomb))
    with scripted_server(script) as base, client(base, max_bytes=100_000) as c:
        with pytest.raises(FetchError, match="cap"):
            c.get(base + "/big")
        assert len(bomb) < 100_000
        with pytest.raises(FetchError, match="cap"):
            c.get(base + "/bomb")


def test_redirect_to_a_foreign_host_is_refused():
    script = Script()
    script.add("/away", (302, {"Location": "http://example.org/x"}, b""))
    script.add("/here", (301, {"Location": "/a"}, b""))
    script.add("/a", OK)
    with scripted_server(script) as base, client(base) as c:
        assert c.get(base + "/here").body == b"hallo"
        with pytest.raises(FetchError, match="redirect refused"):
            c.get(base + "/away")
        with pytest.raises(FetchError, match="not a host of the configured source"):
            c.get("http://example.org/")


def test_connection_refused_names_the_url():
    with scripted_server(Script()) as base:
        pass
    with client(base, attempts=2) as c, pytest.raises(FetchError, match=base):
        c.get(base + "/gone")


def test_robots_txt_is_respected():
    script = Script()
    script.add("/robots.txt", (200, {}, b"User-agent: *\nDisallow: /private\n"))
    script.add("/public", OK)
    with scripted_server(script) as base, client(base, respect_robots=True) as c:
        assert c.get(base + "/public").status == 200
        with pytest.raises(FetchError, match=r"robots\.txt"):
            c.get(base + "/private/x")
    assert len(script.hits("/robots.txt")) == 1


def test_read_timeout_is_retried_then_names_the_url():
    def slow(handler):
        time.sleep(1.0)
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")

    script = Script()
    script.add("/slow", slow)
    with (
        scripted_server(script) as base,
        client(base, read_timeout=0.2, attempts=2) as c,
        pytest.raises(FetchError, match=r"/slow: timed out"),
    ):
        c.get(base + "/slow")
    assert len(script.hits("/slow")) == 2
