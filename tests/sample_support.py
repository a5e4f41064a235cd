"""Plain helpers shared by the sample RIS tests (test_sample.py, test_sample_server.py,
test_sample_evolve.py): the base URL the pages are rendered for, a small HTTP client for the
loopback server, and the seed answer paper."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from sample_ris import SamplePaper, SampleRIS

BASE = "https://ratsinfo.example.org"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def get_json(url: str | None) -> Any:
    assert url is not None
    status, headers, body = get(url)
    assert status == 200, url
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body)


def seed_answer(ris: SampleRIS) -> SamplePaper:
    paper = ris.by_reference("25-25641-01")
    assert paper is not None
    return paper
