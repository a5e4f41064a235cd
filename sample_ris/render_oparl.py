"""Render the sample RIS as an ALLRIS 4 server would: OParl 1.1 JSON (System, Body, lists,
Paper, Meeting, Organization).

OParl objects follow Braunschweig's ALLRIS 4 OParl output, including the placeholder timestamps
"2000-01-01T00:00:00+01:00" and (in the Body's legislative terms) the broken "+01::00" offsets.
A Paper's files (mainFile, auxiliaryFile) state the size of the file the server sends
(render_pdf.py); the mainFile keeps ALLRIS's `"mimeType": "pdf"`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ratsinfo.model import Beratung
from sample_ris.model import GREMIUM, Attachment, Meeting, Organization, SamplePaper, SampleRIS
from sample_ris.render_pdf import attachment_pdf, main_file_size

OPARL = "https://schema.oparl.org/1.1/"
PLACEHOLDER_TIME = "2000-01-01T00:00:00+01:00"
PAGE_SIZE = 10  # ALLRIS 4 ignores `limit`: every list page holds 10 objects
T = TypeVar("T")


def _ascii(text: str) -> str:
    for a, b in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        text = text.replace(a, b)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in " -"))


def org_url(base: str, kind: str, id: int) -> str:
    return f"{base.rstrip('/')}/oparl/organizations/{kind}/{id}"


def paper_url(base: str, volfdnr: int) -> str:
    return f"{base.rstrip('/')}/oparl/papers/{volfdnr}"


def web_url(base: str, volfdnr: int) -> str:
    """The paper page as OParl `web` names it; the case of "VO020" varies like on real servers."""
    page = "VO020" if volfdnr % 2 else "vo020"
    return f"{base.rstrip('/')}/public/{page}?VOLFDNR={volfdnr}"


def doc_url(base: str, dolfdnr: int, doctyp: int = 130) -> str:
    """A document's address: DOCTYP 130 is ALLRIS's "Sammeldokument öffentlich"; the sample
    serves its Anlagen as DOCTYP 1 (the server does not look at it)."""
    return f"{base.rstrip('/')}/public/doc?DOCTYP={doctyp}&DOLFDNR={dolfdnr}&OTYP=41"


def render_attachment_json(att: Attachment, base_url: str) -> dict[str, Any]:
    """An Anlage as the File object of a Paper's `auxiliaryFile`."""
    base = base_url.rstrip("/")
    return {
        "id": f"{base}/oparl/files/{att.file_id}",
        "type": OPARL + "File",
        "name": att.name,
        "fileName": f"{att.reference} {_ascii(att.name)}.pdf",
        "mimeType": "application/pdf",
        "size": len(attachment_pdf(att)),
        "accessUrl": doc_url(base, att.file_id, 1),
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }


def render_paper_json(paper: SamplePaper, base_url: str) -> dict[str, Any]:
    """The OParl 1.1 Paper object, shaped like Braunschweig's ALLRIS 4 output.

    A deleted paper keeps only id, type, body, created, modified and `"deleted": true`.
    """
    base = base_url.rstrip("/")
    if paper.deleted:
        return {
            "id": paper_url(base, paper.volfdnr),
            "type": OPARL + "Paper",
            "body": f"{base}/oparl/bodies/1",
            "created": PLACEHOLDER_TIME,
            "modified": PLACEHOLDER_TIME,
            "deleted": True,
        }
    v = paper.vorlage
    created = paper.date - dt.timedelta(days=3 + paper.volfdnr % 20)
    obj: dict[str, Any] = {
        "id": paper_url(base, paper.volfdnr),
        "type": OPARL + "Paper",
        "body": f"{base}/oparl/bodies/1",
        "name": v.subject,
        "reference": v.reference,
        "date": paper.date.isoformat(),
        "paperType": v.paper_type,
        "mainFile": {
            "id": f"{base}/oparl/files/{paper.file_id + 1}",
            "type": OPARL + "File",
            "name": "Sammeldokument öffentlich",
            "fileName": f"{created.isoformat()} {v.reference} "
            f"{_ascii(v.subject or '')[:20].rstrip()} SAO.pdf",
            "mimeType": "pdf",
            "size": main_file_size(paper),
            "accessUrl": doc_url(base, paper.file_id + 1),
            "created": PLACEHOLDER_TIME,
            "modified": PLACEHOLDER_TIME,
            "deleted": False,
        },
    }
    if paper.attachments:
        obj["auxiliaryFile"] = [render_attachment_json(a, base) for a in paper.attachments]
    if paper.lead_organization is not None:
        obj["underDirectionOf"] = [org_url(base, *paper.lead_organization)]
    consultations = []
    seen: set[int] = set()
    for b in paper.beratungsfolge:
        if b.position in seen or b.position > len(paper.committee_ids):
            continue
        seen.add(b.position)
        consultations.append(
            {
                "id": f"{base}/oparl/consultations/{paper.volfdnr * 100 + b.position}",
                "type": OPARL + "Consultation",
                "organization": [org_url(base, GREMIUM, paper.committee_ids[b.position - 1])],
                "authoritative": b.role == "Entscheidung",
                "role": b.role,
                "created": PLACEHOLDER_TIME,
                "modified": PLACEHOLDER_TIME,
                "deleted": False,
            }
        )
    if consultations:
        obj["consultation"] = consultations
    for key, ids in (
        ("superordinatedPaper", paper.superordinated),
        ("subordinatedPaper", paper.subordinated),
        ("relatedPaper", paper.related),
    ):
        if ids:
            obj[key] = [paper_url(base, i) for i in ids]
    obj["created"] = PLACEHOLDER_TIME
    obj["modified"] = PLACEHOLDER_TIME
    obj["web"] = web_url(base, paper.volfdnr)
    obj["deleted"] = False
    return obj


def render_system(ris: SampleRIS, base_url: str, license: str | None = None) -> dict[str, Any]:
    """The System; `license`: the licence text it states (Braunschweig's states none; Erkelenz's
    says "Nutzung nur nach Genehmigung.")."""
    base = base_url.rstrip("/")
    system = {
        "id": f"{base}/oparl/system",
        "type": OPARL + "System",
        "oparlVersion": OPARL,
        "body": f"{base}/oparl/bodies",
        "name": f"ALLRIS net OParl-Schnittstelle - {ris.body_name}",
        "website": f"{base}/public/",
        "vendor": "https://www.cc-egov.de/",
        "product": "https://www.cc-egov.de/allris-4/",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }
    if license is not None:
        system["license"] = license
    return system


_TERMS = (
    ("2011-11-01", "2016-10-31"),
    ("2016-11-01", "2021-10-31"),
    ("2021-11-01", "2026-10-31"),
    ("2026-11-01", "2031-10-31"),
)
_BROKEN = "T00:00:00+01::00"  # Bonn's ALLRIS 4 writes offsets like this


def render_body(ris: SampleRIS, base_url: str, license: str | None = None) -> dict[str, Any]:
    """The Body, with the vendor's malformed "+01::00" offsets in its legislative terms;
    `license`: the licence text it states (none by default)."""
    base = base_url.rstrip("/")
    body = f"{base}/oparl/bodies/1"
    terms = [
        {
            "id": f"{base}/oparl/legislativeTerms/1_{i}",
            "type": OPARL + "LegislativeTerm",
            "body": body,
            "name": f"Wahlperiode {start[:4]} - {end[:4]}",
            "startDate": start + _BROKEN,
            "endDate": end + _BROKEN,
            "created": "2019-12-16T11:21:11+01::00",
            "modified": "2019-12-16T11:21:11+01::00",
            "deleted": False,
        }
        for i, (start, end) in enumerate(_TERMS, 1)
    ]
    obj: dict[str, Any] = {
        "id": body,
        "type": OPARL + "Body",
        "system": f"{base}/oparl/system",
        "shortName": ris.body_short_name,
        "name": ris.body_name,
        "website": ris.website,
        "organization": f"{base}/oparl/organizations?body=1",
        "person": f"{base}/oparl/persons?body=1",
        "meeting": f"{base}/oparl/meetings?body=1",
        "paper": f"{base}/oparl/papers?body=1",
        "legislativeTerm": terms,
        "agendaItem": f"{base}/oparl/agendaItems?body=1",
        "consultation": f"{base}/oparl/consultations?body=1",
        "file": f"{base}/oparl/files?body=1",
        "locationList": f"{base}/oparl/locations?body=1",
        "legislativeTermList": f"{base}/oparl/legislativeTerms?body=1",
        "membership": f"{base}/oparl/memberships?body=1",
        "web": f"{base}/public/",
        "created": "2019-12-15T05:01:23+01::00",
        "modified": "2019-12-15T05:01:23+01::00",
        "deleted": False,
    }
    if license is not None:
        obj["license"] = license
    return obj


def render_organization(org: Organization, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    page = "gr020?GRLFDNR" if org.kind == GREMIUM else "at020?ATLFDNR"
    obj: dict[str, Any] = {
        "id": org_url(base, org.kind, org.id),
        "type": OPARL + "Organization",
        "body": f"{base}/oparl/bodies/1",
        "name": org.name,
        "shortName": org.short_name,
        "organizationType": "Gremium" if org.kind == GREMIUM else "Organisationseinheit",
        "classification": org.classification,
        "web": f"{base}/public/{page}={org.id}",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }
    return obj


def _offset(d: dt.date) -> str:
    """+02:00 in German summer time (last Sunday of March to last Sunday of October)."""

    def last_sunday(month: int) -> dt.date:
        last = dt.date(d.year, month, 31)
        return last - dt.timedelta(days=(last.weekday() + 1) % 7)

    return "+02:00" if last_sunday(3) <= d < last_sunday(10) else "+01:00"


def agenda_index(ris: SampleRIS) -> dict[int, list[tuple[SamplePaper, Beratung]]]:
    """Each meeting's agenda: (paper, Beratungsfolge row) for every row held at it, in the order
    of their TOLFDNR."""
    index: dict[int, list[tuple[SamplePaper, Beratung]]] = {}
    for paper in ris.papers:
        if paper.deleted:
            continue
        for b in paper.beratungsfolge:
            if b.meeting_url and "SILFDNR=" in b.meeting_url:
                sid = int(b.meeting_url.split("SILFDNR=")[1].split("&")[0])
                index.setdefault(sid, []).append((paper, b))
    for items in index.values():
        items.sort(key=lambda pb: _tolfdnr(pb[1]))
    return index


def _tolfdnr(b: Beratung) -> int:
    url = b.agenda_item_url or b.meeting_url or ""
    return int(url.split("TOLFDNR=")[1].split("&")[0]) if "TOLFDNR=" in url else 0


def render_agenda_item(
    meeting: Meeting, n: int, paper: SamplePaper, b: Beratung, base_url: str
) -> dict[str, Any]:
    """An AgendaItem as ALLRIS 4 embeds it in its Meeting: with a link to the consultation."""
    base = base_url.rstrip("/")
    tid = _tolfdnr(b)
    item: dict[str, Any] = {
        "id": f"{base}/oparl/agendaItems/{tid}",
        "type": OPARL + "AgendaItem",
        "meeting": f"{base}/oparl/meetings/{meeting.id}",
        "number": f"Ö {n}",
        "order": n,
        "name": paper.vorlage.subject,
        "public": True,
        "consultation": f"{base}/oparl/consultations/{paper.volfdnr * 100 + b.position}",
        "web": f"{base}/public/to020?TOLFDNR={tid}",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }
    if b.decision:
        item["result"] = b.decision
    return item


def render_meeting(
    meeting: Meeting,
    base_url: str,
    agenda: Sequence[tuple[SamplePaper, Beratung]] = (),
) -> dict[str, Any]:
    """The Meeting, its agenda items embedded (`agenda`: from `agenda_index`)."""
    obj = _meeting(meeting, base_url)
    if agenda:
        obj["agendaItem"] = [
            render_agenda_item(meeting, n, paper, b, base_url)
            for n, (paper, b) in enumerate(agenda, 1)
        ]
    return obj


def _meeting(meeting: Meeting, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    off = _offset(meeting.date)
    day = meeting.date.isoformat()
    return {
        "id": f"{base}/oparl/meetings/{meeting.id}",
        "type": OPARL + "Meeting",
        "name": meeting.name,
        "start": f"{day}T{meeting.hour:02d}:00:00{off}",
        "end": f"{day}T{meeting.hour + 3:02d}:00:00{off}",
        "organization": [org_url(base, GREMIUM, meeting.organization_id)],
        "web": f"{base}/public/to010?SILFDNR={meeting.id}",
        "created": PLACEHOLDER_TIME,
        "modified": PLACEHOLDER_TIME,
        "deleted": False,
    }


def total_pages(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / size))


def render_list(
    items: Sequence[T],
    page: int,
    list_url: str,
    render: Callable[[T], dict[str, Any]],
    size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of an OParl list; `list_url` is e.g. "{base}/oparl/papers?body=1"."""
    pages = total_pages(len(items), size)
    chunk = items[(page - 1) * size : page * size] if page >= 1 else []
    links = {"first": f"{list_url}&page=1"}
    if 1 < page <= pages + 1:
        links["prev"] = f"{list_url}&page={page - 1}"
    links["self"] = f"{list_url}&page={page}"
    if 1 <= page < pages:
        links["next"] = f"{list_url}&page={page + 1}"
    links["last"] = f"{list_url}&page={pages}"
    return {
        "data": [render(item) for item in chunk],
        "pagination": {
            "totalElements": len(items),
            "elementsPerPage": size,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }
