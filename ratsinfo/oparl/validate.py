"""Validation of OParl objects at the boundary: what a server sends is checked field by field
before it becomes a row, so one malformed object can never stop the ingest.

An object without a usable `id` is skipped; a field of the wrong type (a `name` that is a list, a
`web` that is a number, a `date` that is an object, `deleted: "false"`) is dropped, so the paper
still loads with what is valid. Every finding is a `Problem` naming the URL of the list page, the
object id, the field and what was wrong; the crawl records them in the table `rejected_objects`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from ratsinfo.parse.dates import parse_date

MAX_ID = 2000  # characters of an OParl id (a URL)
MAX_SHORT = 200  # characters of a reference or paper type
MAX_TEXT = 10_000  # characters of a paper's name


@dataclass(frozen=True, slots=True)
class Problem:
    url: str  # the response the object came in (a list page, or the object's own URL)
    object_id: str | None
    field: str
    problem: str
    action: str  # "skipped" (the object) or "dropped" (the field)

    def row(self, seen_at: dt.datetime) -> dict[str, Any]:
        return asdict(self) | {"object_id": self.object_id or "", "seen_at": seen_at}

    def __str__(self) -> str:
        what = f"object {self.object_id}" if self.object_id else "an object"
        return f"{self.url}: {what}: {self.field!r} {self.problem} ({self.action})"


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'…' if len(text) > 60 else ''}"


def is_http_url(value: Any, max_len: int = MAX_ID) -> bool:
    if not isinstance(value, str) or not value or len(value) > max_len:
        return False
    if any(c.isspace() or ord(c) < 32 for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Checker:
    def __init__(self, obj: dict[str, Any], url: str, object_id: str | None) -> None:
        self.obj, self.url, self.object_id = obj, url, object_id
        self.problems: list[Problem] = []

    def drop(self, field: str, problem: str) -> None:
        self.problems.append(Problem(self.url, self.object_id, field, problem, "dropped"))

    def text(self, field: str, max_len: int) -> str | None:
        value = self.obj.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            self.drop(field, f"is not a string but {_describe(value)}")
            return None
        value = value.strip()
        if len(value) > max_len:
            self.drop(field, f"is {len(value)} characters long (more than {max_len})")
            return None
        return value or None

    def url_field(self, field: str) -> str | None:
        value = self.obj.get(field)
        if value is None:
            return None
        if not is_http_url(value):
            self.drop(field, f"is not an http(s) URL but {_describe(value)}")
            return None
        return str(value)

    def date(self, field: str) -> dt.date | None:
        value = self.obj.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            self.drop(field, f"is not a date string but {_describe(value)}")
            return None
        parsed = parse_date(value)
        if parsed is None and value.strip():
            self.drop(field, f"is not a date: {_describe(value)}")
        return parsed

    def flag(self, field: str) -> bool:
        value = self.obj.get(field, False)
        if isinstance(value, bool):
            return value
        self.drop(field, f"is not a boolean but {_describe(value)}; taken as false")
        return False

    def links(self, field: str) -> list[str]:
        """A list of object ids (strings, or embedded objects with an `id`)."""
        value = self.obj.get(field)
        if value is None:
            return []
        if isinstance(value, str | dict):
            value = [value]
        if not isinstance(value, list):
            self.drop(field, f"is not a list but {_describe(value)}")
            return []
        ids = []
        for item in value:
            linked = item.get("id") if isinstance(item, dict) else item
            if is_http_url(linked):
                ids.append(str(linked))
            else:
                self.drop(f"{field}[]", f"holds {_describe(item)}, not an object id")
        return ids


@dataclass(frozen=True, slots=True)
class ValidPaper:
    """An OParl Paper with every field checked: what the warehouse takes from it."""

    id: str
    body: str | None
    reference: str | None
    name: str | None
    paper_type: str | None
    date: dt.date | None
    web: str | None
    deleted: bool
    superordinated: list[str]
    subordinated: list[str]
    related: list[str]


def validate_paper(obj: Any, url: str) -> tuple[ValidPaper | None, list[Problem]]:
    """Check one OParl Paper as it came in the response at `url`: the valid paper (None when the
    object cannot be used at all) and what was wrong with it."""
    if not isinstance(obj, dict):
        return None, [Problem(url, None, "(object)", f"is {_describe(obj)}", "skipped")]
    raw_id = obj.get("id")
    if not is_http_url(raw_id):
        object_id = raw_id[:MAX_SHORT] if isinstance(raw_id, str) else None
        what = f"is not an object URL: {_describe(raw_id)}"
        return None, [Problem(url, object_id, "id", what, "skipped")]
    check = _Checker(obj, url, str(raw_id))
    body = obj.get("body")
    if isinstance(body, list) and len(body) == 1 and is_http_url(body[0]):
        body = body[0]  # some servers wrap the one body in a list
    if body is not None and not is_http_url(body):
        check.drop("body", f"is not a Body URL but {_describe(body)}")
        body = None
    paper = ValidPaper(
        id=str(raw_id),
        body=body,
        reference=check.text("reference", MAX_SHORT),
        name=check.text("name", MAX_TEXT),
        paper_type=check.text("paperType", MAX_SHORT),
        date=check.date("date"),
        web=check.url_field("web"),
        deleted=check.flag("deleted"),
        superordinated=check.links("superordinatedPaper"),
        subordinated=check.links("subordinatedPaper"),
        related=check.links("relatedPaper"),
    )
    return paper, check.problems
