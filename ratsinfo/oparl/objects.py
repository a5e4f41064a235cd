"""OParl objects → rows of `oparl_objects`, one per object, embedded objects taken out.

Servers embed objects in others to different depths: Sternberg SD.NET embeds a Meeting's agenda
items with their resolution files and a Paper's consultations and files; ALLRIS 4 embeds a Paper's
consultations and main file; SessionNet sends links. `flatten` turns each embedded object into a
row of its own and leaves its id in the parent's field, so that every row looks as if the server
had linked rather than embedded, and the tables of the OParl model (ratsinfo/queries/
build_model.sql) read one shape. An embedded object that leaves out its back link (a Consultation
inside its Paper has no `paper`, an AgendaItem inside its Meeting no `meeting`) gets it from its
parent, so nothing is fetched again.

Rows are keyed like papers (`object_key`): the OParl id without scheme and host, scoped by the
source, so keys are unique across bodies and systems and do not change when a server moves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ratsinfo.oparl.validate import MAX_SHORT, Problem, is_http_url

TYPES = (
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
)

# parent type → field → type of the object embedded there
EMBEDDED: dict[str, dict[str, str]] = {
    "Body": {"legislativeTerm": "LegislativeTerm", "location": "Location"},
    "Organization": {"membership": "Membership", "location": "Location"},
    "Person": {"membership": "Membership", "location": "Location"},
    "Meeting": {
        "location": "Location",
        "invitation": "File",
        "resultsProtocol": "File",
        "verbatimProtocol": "File",
        "auxiliaryFile": "File",
        "agendaItem": "AgendaItem",
    },
    "AgendaItem": {"resolutionFile": "File", "auxiliaryFile": "File"},
    "Paper": {
        "consultation": "Consultation",
        "mainFile": "File",
        "auxiliaryFile": "File",
        "location": "Location",
    },
    "File": {"derivativeFile": "File"},
}

# (parent type, field) → the back link an embedded object may leave out
BACK_LINKS = {
    ("Paper", "consultation"): "paper",
    ("Meeting", "agendaItem"): "meeting",
    ("Person", "membership"): "person",
    ("Organization", "membership"): "organization",
    ("Body", "legislativeTerm"): "body",
}

# Timestamps with ALLRIS 4's (Bonn's) broken offsets, "+01::00", are repaired where they come in.
_BROKEN_OFFSET = re.compile(r"([+-]\d{2})::(\d{2})$")
_TIME_FIELDS = ("created", "modified", "start", "end", "startDate", "endDate", "date")


def object_key(source: str, oparl_id: str) -> str:
    """The warehouse key of an OParl object: its id without scheme and host, scoped by the source
    ("braunschweig:/oparl/papers/2002747")."""
    parts = urlsplit(oparl_id)
    if not parts.netloc:
        return f"{source}:{oparl_id}"
    return f"{source}:{parts.path}" + (f"?{parts.query}" if parts.query else "")


def type_of(obj: dict[str, Any], default: str | None = None) -> str | None:
    """The OParl type of an object: the last segment of its `type` URL
    ("https://schema.oparl.org/1.0/Paper" → "Paper"), else `default` (where it was listed)."""
    stated = obj.get("type")
    if isinstance(stated, str):
        name = stated.rstrip("/").rsplit("/", 1)[-1]
        if name in TYPES:
            return name
    return default


def _repair_times(obj: dict[str, Any]) -> None:
    for name in _TIME_FIELDS:
        value = obj.get(name)
        if isinstance(value, str) and "::" in value:
            obj[name] = _BROKEN_OFFSET.sub(r"\1:\2", value)


@dataclass
class Flattened:
    rows: list[dict[str, Any]]
    problems: list[Problem]


def flatten(
    obj: Any,
    source: str,
    url: str,
    expected: str | None = None,
    body_id: str | None = None,
) -> Flattened:
    """`obj` (as listed at `url`, of type `expected` where its own `type` does not say) and every
    object embedded in it as `oparl_objects` rows. `body_id`: the Body the list belongs to, for
    objects that do not name theirs."""
    out = Flattened([], [])
    for row in _rows(obj, source, url, expected, body_id, None, None, 0, out.problems):
        out.rows.append(row)
    return out


def _rows(
    obj: Any,
    source: str,
    url: str,
    expected: str | None,
    body_id: str | None,
    parent: dict[str, Any] | None,
    parent_field: str | None,
    position: int,
    problems: list[Problem],
) -> Iterator[dict[str, Any]]:
    if not isinstance(obj, dict):
        what = f"is {type(obj).__name__} {str(obj)[:60]!r}, not an object"
        problems.append(Problem(url, None, parent_field or "(object)", what, "skipped"))
        return
    raw_id = obj.get("id")
    if not is_http_url(raw_id):
        object_id = raw_id[:MAX_SHORT] if isinstance(raw_id, str) else None
        field = f"{parent_field}.id" if parent_field else "id"
        what = f"is not an object URL: {str(raw_id)[:60]!r}"
        problems.append(Problem(url, object_id, field, what, "skipped"))
        return
    kind = type_of(obj, expected)
    if kind is None:
        problems.append(Problem(url, raw_id, "type", "names no OParl type", "skipped"))
        return
    obj = dict(obj)  # the caller's object stays as sent
    _repair_times(obj)
    if parent is not None and parent_field is not None:
        back = BACK_LINKS.get((parent["type"], parent_field))
        if back and not obj.get(back):
            obj[back] = parent["oparl_id"]
    own_body = obj.get("body")
    if isinstance(own_body, list) and len(own_body) == 1:
        own_body = own_body[0]
    if kind == "Body":
        own_body = raw_id
    body = str(own_body) if is_http_url(own_body) else body_id
    raw_id = str(raw_id)
    row = {
        "object_id": object_key(source, raw_id),
        "oparl_id": raw_id,
        "source": source,
        "body_key": object_key(source, body) if body else None,
        "type": kind,
        "parent_id": parent["object_id"] if parent else None,
        "parent_field": parent_field,
        "position": position,
        "modified": obj.get("modified") if isinstance(obj.get("modified"), str) else None,
        "deleted": obj.get("deleted") is True,
    }
    children: list[tuple[str, int, dict[str, Any], str]] = []
    for field, child_type in EMBEDDED.get(kind, {}).items():
        value = obj.get(field)
        if isinstance(value, dict):
            children.append((field, 1, value, child_type))
            obj[field] = value.get("id")
        elif isinstance(value, list):
            ids = []
            for i, item in enumerate(value, 1):
                if isinstance(item, dict):
                    children.append((field, i, item, child_type))
                    ids.append(item.get("id"))
                else:
                    ids.append(item)
            obj[field] = ids
    row["json"] = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    yield row
    me = {"type": kind, "oparl_id": raw_id, "object_id": row["object_id"]}
    for field, i, child, child_type in children:
        yield from _rows(child, source, url, child_type, body, me, field, i, problems)
