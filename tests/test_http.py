import datetime as dt
import email.utils
import gzip
import itertools
import time

import pytest

from ratsinfo.fetch.http import FetchError, HostUnavailable, HttpClient
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
    assert len(gaps) == 3 and min(gaps) >= 0.19, gaps


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


# -- bounded time per URL -----------------------------------------------------------------------


def drip(data, every, *, status_line=True):
    """A reply that sends `data` one byte at a time, `every` seconds apart: each socket read gets
    a byte well within the read timeout, so only a wall-clock deadline stops it. With
    `status_line`, headers (Content-Length) go out at once and the body drips; otherwise `data`
    is the whole raw response, status line included."""

    def reply(handler):
        try:
            if status_line:
                handler.send_response(200)
                handler.send_header("Content-Length", str(len(data)))
                handler.end_headers()
            for byte in data:
                handler.wfile.write(bytes([byte]))
                time.sleep(every)
        except OSError:
            pass  # the client hung up, as it should
        handler.close_connection = True

    return reply


def test_dripping_body_is_stopped_at_the_url_deadline():
    script = Script()
    script.add("/drip", drip(b"x" * 60, 0.1))  # 6 s in all, a byte every 0.1 s
    with scripted_server(script) as base, client(base, url_deadline=1.5) as c:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"/drip: deadline of 1\.5 s exceeded"):
            c.get(base + "/drip")
        assert time.monotonic() - start < 3


def test_dripping_headers_are_stopped_at_the_url_deadline():
    raw = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: " + b"p" * 30 + b"\r\n\r\nok"
    script = Script()
    script.add("/drip", drip(raw, 0.1, status_line=False))  # about 6 s in all
    with scripted_server(script) as base, client(base, url_deadline=1.5) as c:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"/drip: deadline of 1\.5 s exceeded"):
            c.get(base + "/drip")
        assert time.monotonic() - start < 3


def test_a_slow_attempt_is_cut_and_retried_within_the_url_deadline():
    script = Script()
    script.add("/a", drip(b"x" * 60, 0.1), OK)
    with scripted_server(script) as base, client(base, attempt_deadline=0.5, url_deadline=4) as c:
        start = time.monotonic()
        assert c.get(base + "/a").body == b"hallo"
        assert time.monotonic() - start < 1.5
    assert len(script.hits("/a")) == 2


def test_retries_and_backoff_stop_at_the_url_deadline():
    script = Script()
    script.add("/a", (503, {}, b"down"))
    with (
        scripted_server(script) as base,
        client(base, attempts=10, backoff_factor=0.4, url_deadline=1.5) as c,
    ):
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"/a: deadline of 1\.5 s exceeded.*HTTP 503"):
            c.get(base + "/a")
        assert time.monotonic() - start < 2.5  # the wait that cannot end in time is not slept
    assert 2 <= len(script.hits("/a")) <= 4


# -- Retry-After cap ----------------------------------------------------------------------------


def test_retry_after_over_the_cap_gives_up_on_the_host():
    script = Script()
    script.add("/a", (503, {"Retry-After": "21600"}, b""))
    script.add("/b", OK)
    with scripted_server(script) as base, client(base) as c:
        host = base.removeprefix("http://")
        start = time.monotonic()
        with pytest.raises(HostUnavailable) as info:
            c.get(base + "/a")
        assert time.monotonic() - start < 1
        e = info.value
        assert isinstance(e, FetchError) and e.url == base + "/a" and e.host == host
        assert str(e) == (
            f"{base}/a: server asked to wait 21600 s (Retry-After), more than the cap of 60 s; "
            f"giving up on host {host} for this run"
        )
        with pytest.raises(HostUnavailable, match=f"/b: giving up on host {host}"):
            c.get(base + "/b")
        assert time.monotonic() - start < 1
    assert len(script.hits("/a")) == 1 and script.hits("/b") == []


def test_retry_after_as_http_date_over_the_cap_gives_up_on_the_host():
    later = email.utils.format_datetime(
        dt.datetime.now(dt.UTC) + dt.timedelta(hours=2), usegmt=True
    )
    script = Script()
    script.add("/a", (429, {"Retry-After": later}, b""))
    with scripted_server(script) as base, client(base, max_retry_after=5) as c:
        start = time.monotonic()
        with pytest.raises(HostUnavailable, match=r"more than the cap of 5 s"):
            c.get(base + "/a")
        assert time.monotonic() - start < 1


def test_retry_after_within_the_cap_but_past_the_url_deadline_fails_only_the_url():
    script = Script()
    script.add("/a", (503, {"Retry-After": "1"}, b""), (503, {"Retry-After": "1"}, b""), OK)
    script.add("/b", OK)
    with scripted_server(script) as base, client(base, url_deadline=1.5) as c:
        start = time.monotonic()
        with pytest.raises(FetchError, match=r"deadline of 1\.5 s exceeded") as info:
            c.get(base + "/a")
        assert not isinstance(info.value, HostUnavailable)
        assert time.monotonic() - start < 1.4  # the second wait, past the deadline, is skipped
        assert c.get(base + "/b").status == 200  # the host is still crawled ...
    a1, a2 = script.hits("/a")
    (b,) = script.hits("/b")
    assert a2 - a1 >= 0.9 and b - a2 >= 0.9  # ... and its last Retry-After still holds


def test_retry_after_over_the_cap_on_robots_txt_gives_up_on_the_host():
    script = Script()
    script.add("/robots.txt", (503, {"Retry-After": "3600"}, b""))
    script.add("/a", OK)
    with scripted_server(script) as base, client(base, respect_robots=True) as c:
        with pytest.raises(HostUnavailable, match=r"/a: robots\.txt: server asked to wait 3600"):
            c.get(base + "/a")
        with pytest.raises(HostUnavailable):
            c.get(base + "/a")
    assert len(script.hits("/robots.txt")) == 1 and script.hits("/a") == []


# -- politeness ---------------------------------------------------------------------------------


def test_interval_holds_between_all_requests_retries_included():
    script = Script()
    script.add("/a", (503, {}, b""), OK)
    script.add("/b", OK)
    with scripted_server(script) as base, client(base, min_interval=0.3) as c:
        assert c.get(base + "/a").status == 200
        assert c.get(base + "/b").status == 200
    times = [t for t, _, _ in script.log]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 2 and min(gaps) >= 0.25, gaps  # (without the fix: ~0.002 s)


def test_requests_made_counts_every_request_sent():
    script = Script()
    script.add("/a", (503, {}, b""), (503, {}, b""), OK)
    with scripted_server(script) as base, client(base) as c:
        assert c.get(base + "/a").status == 200
        assert c.requests_made == 3 == len(script.log)
    script = Script()
    script.add("/robots.txt", (200, {}, b"User-agent: *\nDisallow: /private\n"))
    script.add("/a", (503, {}, b""), (503, {}, b""), OK)
    with scripted_server(script) as base, client(base, respect_robots=True) as c:
        assert c.get(base + "/a").status == 200
        assert c.requests_made == 4  # robots.txt, then /a three times
        assert c.get(base + "/a").status == 200
        assert c.requests_made == 5 == len(script.log)  # robots.txt is read once


def test_robots_txt_5xx_or_429_disallows_everything():
    for status in (503, 500, 429):
        script = Script()
        script.add("/robots.txt", (status, {}, b""))
        script.add("/a", OK)
        with scripted_server(script) as base, client(base, respect_robots=True, attempts=2) as c:
            for path in ("/a", "/b"):
                with pytest.raises(
                    FetchError, match=rf"{path}: disallowed by robots\.txt.*{status}"
                ):
                    c.get(base + path)
        assert len(script.hits("/robots.txt")) == 2 and script.hits("/a") == []  # 2 attempts


def test_robots_txt_unreachable_disallows_everything():
    with scripted_server(Script()) as base:
        pass  # closed: connections are refused
    with client(base, respect_robots=True, attempts=2) as c:
        with pytest.raises(FetchError, match=r"/a: disallowed by robots\.txt.*unreachable"):
            c.get(base + "/a")
        assert c.requests_made == 2  # only the robots.txt attempts

    def slow(handler):
        time.sleep(1.0)

    script = Script()
    script.add("/robots.txt", slow)
    script.add("/a", OK)
    with (
        scripted_server(script) as base,
        client(base, respect_robots=True, attempts=1, read_timeout=0.2) as c,
        pytest.raises(FetchError, match=r"/a: disallowed by robots\.txt.*timed out"),
    ):
        c.get(base + "/a")
    assert script.hits("/a") == []


def test_robots_txt_redirecting_off_host_is_not_followed_and_disallows():
    script, other = Script(), Script()
    other.add("/robots.txt", (200, {}, b"User-agent: *\nDisallow:\n"))
    with scripted_server(other) as other_base, scripted_server(script) as base:
        script.add("/robots.txt", (301, {"Location": other_base + "/robots.txt"}, b""))
        script.add("/a", OK)
        # both hosts are the source's: the redirect would be allowed for a page, not for robots
        with (
            HttpClient.for_hosts([base, other_base], min_interval=0) as c,
            pytest.raises(FetchError, match=r"/a: disallowed by robots\.txt.*another host"),
        ):
            c.get(base + "/a")
    assert other.log == [] and script.hits("/a") == []
    script = Script()
    script.add("/robots.txt", (302, {"Location": "http://example.org/robots.txt"}, b""))
    script.add("/a", OK)
    with (
        scripted_server(script) as base,
        client(base, respect_robots=True) as c,
        pytest.raises(FetchError, match=r"/a: disallowed by robots\.txt"),
    ):
        c.get(base + "/a")
    assert script.hits("/a") == []


def test_robots_txt_redirect_on_host_is_followed_and_4xx_allows_everything():
    script = Script()
    script.add("/robots.txt", (301, {"Location": "/robots-real.txt"}, b""))
    script.add("/robots-real.txt", (200, {}, b"User-agent: *\nDisallow: /private\n"))
    script.add("/public", OK)
    with scripted_server(script) as base, client(base, respect_robots=True) as c:
        assert c.get(base + "/public").status == 200
        with pytest.raises(FetchError, match=r"robots\.txt"):
            c.get(base + "/private/x")
    for status in (404, 403, 410):
        script = Script()
        script.add("/robots.txt", (status, {}, b""))
        script.add("/a", OK)
        with scripted_server(script) as base, client(base, respect_robots=True) as c:
            assert c.get(base + "/a").status == 200


def test_crawl_delay_longer_than_the_interval_is_honoured():
    script = Script()
    script.add("/robots.txt", (200, {}, b"User-agent: *\nCrawl-delay: 1\n"))
    script.add("/a", OK)
    with scripted_server(script) as base, client(base, respect_robots=True, min_interval=0.05) as c:
        c.get(base + "/a")
        c.get(base + "/a")
    times = [t for t, _, _ in script.log]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 2 and min(gaps) >= 0.9, gaps


def test_crawl_delay_for_our_agent_is_capped_and_fractions_count():
    robots = b"User-agent: ratsinfo\nCrawl-delay: 3600\n\nUser-agent: *\nCrawl-delay: 0\n"
    script = Script()
    script.add("/robots.txt", (200, {}, robots))
    script.add("/a", OK)
    with (
        scripted_server(script) as base,
        client(base, respect_robots=True, min_interval=0.05, max_crawl_delay=0.5) as c,
    ):
        c.get(base + "/a")
        c.get(base + "/a")
    gaps = [b - a for a, b in itertools.pairwise(t for t, _, _ in script.log)]
    assert len(gaps) == 2 and all(0.4 <= g < 1.0 for g in gaps), gaps
    script = Script()
    script.add("/robots.txt", (200, {}, b"User-agent: *\nCrawl-delay: 0.6\n"))
    script.add("/a", OK)
    with scripted_server(script) as base, client(base, respect_robots=True, min_interval=0.05) as c:
        c.get(base + "/a")
    (robots_at,), (a_at,) = script.hits("/robots.txt"), script.hits("/a")
    assert a_at - robots_at >= 0.5
