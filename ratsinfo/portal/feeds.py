"""Atom 1.0 feeds of new papers: `feeds/all.atom` for the whole body and
`feeds/<committee-slug>.atom` per committee named in a Beratungsfolge.

Each feed holds the newest `FEED_SIZE` papers (by the paper's date, then reference), built with
xml.etree (proper escaping), written to a temporary name and renamed into place. Entry ids are
tag URIs derived from `paper_id` (`tag:ratsinfo,2026:<paper_id>`), so they stay the same from
build to build; the output depends only on the warehouse (no wall-clock time). Papers without a
date and deleted papers are left out. Feeds of committees that no longer appear are removed.
Texts lose the characters XML 1.0 forbids (a control character in a subject would make the feed
unreadable), and only http(s) URLs become links (ratsinfo.portal.sanitize).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import duckdb

from ratsinfo.files import write_atomic
from ratsinfo.portal.facts import PortalConfig, PortalFacts, checked_config
from ratsinfo.portal.sanitize import safe_http_url, xml_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100
TAG_PREFIX = "tag:ratsinfo,2026:"
FEEDS_DIR = "feeds"


@dataclass(frozen=True)
class Paper:
    paper_id: str
    reference: str
    subject: str
    paper_type: str | None
    status: str | None
    date: dt.date
    web_url: str | None


def tag_uri(paper_id: str) -> str:
    """The stable Atom id of a paper: a tag URI (RFC 4151) with the paper_id, percent-encoded
    where the URI syntax needs it."""
    return TAG_PREFIX + quote(paper_id, safe=":/?@!$&'()*+,;=-._~")


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def slugify(name: str) -> str:
    """'Ausschuss für Mobilität, Tiefbau' → 'ausschuss-fuer-mobilitaet-tiefbau'."""
    text = unicodedata.normalize("NFKD", name.translate(_UMLAUTS))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "gremium"


def committee_slugs(committees: list[str]) -> dict[str, str]:
    """A unique slug per committee ('-2', '-3' … on collisions, in name order); 'all' is taken."""
    slugs: dict[str, str] = {}
    used = {"all"}
    for name in sorted(committees):
        base = slugify(name)
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        slugs[name] = slug
    return slugs


_PAPER_COLUMNS = "v.paper_id, v.reference, v.subject, v.paper_type, v.status, v.date, v.web_url"
_ORDER = "ORDER BY v.date DESC, v.reference DESC, v.paper_id DESC"
_LIVE = "v.date IS NOT NULL AND v.deleted_at IS NULL"


def _papers(rows: list[tuple[object, ...]]) -> list[Paper]:
    return [Paper(*row) for row in rows]  # type: ignore[arg-type]


def newest_papers(con: duckdb.DuckDBPyConnection, limit: int = FEED_SIZE) -> list[Paper]:
    rows = con.execute(
        f"SELECT {_PAPER_COLUMNS} FROM vorlagen v WHERE {_LIVE} {_ORDER} LIMIT ?", [limit]
    ).fetchall()
    return _papers(rows)


def newest_papers_by_committee(
    con: duckdb.DuckDBPyConnection, limit: int = FEED_SIZE
) -> dict[str, list[Paper]]:
    rows = con.execute(
        f"""
        SELECT committee, {_PAPER_COLUMNS} FROM (
            SELECT DISTINCT b.committee, v.*
            FROM beratungsfolge b JOIN vorlagen v USING (paper_id)
            WHERE {_LIVE}
        ) v
        QUALIFY row_number() OVER (
            PARTITION BY committee ORDER BY date DESC, reference DESC, paper_id DESC
        ) <= ?
        ORDER BY committee, v.date DESC, v.reference DESC, v.paper_id DESC
        """,
        [limit],
    ).fetchall()
    by_committee: dict[str, list[Paper]] = {}
    for committee, *paper in rows:
        by_committee.setdefault(str(committee), []).append(Paper(*paper))  # type: ignore[arg-type]
    committees = con.execute(
        "SELECT DISTINCT committee FROM beratungsfolge ORDER BY committee"
    ).fetchall()
    return {str(c): by_committee.get(str(c), []) for (c,) in committees}


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    """A child element; text and attribute values without what XML 1.0 forbids."""
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrib.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def atom_feed(
    papers: list[Paper],
    *,
    feed_id: str,
    title: str,
    author: str,
    self_href: str,
    alternate: str | None = None,
    fallback_updated: dt.date | None = None,
) -> bytes:
    """An Atom 1.0 feed document (UTF-8 bytes) of `papers`, in the given order."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "de"})
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    newest = max((p.date for p in papers), default=fallback_updated or dt.date(1970, 1, 1))
    _sub(feed, "updated", _stamp(newest))
    _sub(_sub(feed, "author"), "name", author)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    alternate = safe_http_url(alternate).url
    if alternate:
        _sub(feed, "link", rel="alternate", type="text/html", href=alternate)
    _sub(feed, "generator", "ratsinfo")
    for p in papers:
        entry = _sub(feed, "entry")
        _sub(entry, "id", tag_uri(p.paper_id))
        _sub(entry, "title", f"{p.reference}: {p.subject}")
        _sub(entry, "updated", _stamp(p.date))
        _sub(entry, "published", _stamp(p.date))
        summary = " – ".join(
            part
            for part in (
                f"Vorlagenart: {p.paper_type}" if p.paper_type else None,
                f"Status: {p.status}" if p.status else None,
                f"Datum: {p.date.isoformat()}",
            )
            if part
        )
        web_url = safe_http_url(p.web_url).url
        if web_url:
            _sub(entry, "link", rel="alternate", type="text/html", href=web_url)
        else:  # an entry without an alternate link needs content
            _sub(entry, "content", summary, type="text")
        _sub(entry, "summary", summary, type="text")
        if p.paper_type:
            _sub(entry, "category", term=p.paper_type, label=p.paper_type)
    ET.indent(feed, space="  ")
    xml = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{xml}\n'.encode()


def write_feeds(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    facts: PortalFacts,
    config: PortalConfig | None = None,
) -> list[Path]:
    """feeds/all.atom and feeds/<committee-slug>.atom; removes feeds of vanished committees.
    Returns the paths written, all.atom first."""
    config, _ = checked_config(config or PortalConfig())
    feeds_dir = out_dir / FEEDS_DIR
    feeds_dir.mkdir(parents=True, exist_ok=True)
    base = config.base_url
    id_base = f"{TAG_PREFIX}{quote(facts.source, safe='')}/feeds/"

    def href(slug: str) -> str:
        return f"{base}{FEEDS_DIR}/{slug}.atom" if base else f"{slug}.atom"

    written = [
        write_atomic(
            feeds_dir / "all.atom",
            atom_feed(
                newest_papers(con),
                feed_id=id_base + "all",
                title=f"{facts.body_name}: neue Vorlagen",
                author=facts.body_name,
                self_href=href("all"),
                alternate=facts.body_website,
                fallback_updated=facts.last_date,
            ),
        )
    ]
    by_committee = newest_papers_by_committee(con)
    slugs = committee_slugs(list(by_committee))
    for committee, papers in sorted(by_committee.items(), key=lambda kv: slugs[kv[0]]):
        slug = slugs[committee]
        written.append(
            write_atomic(
                feeds_dir / f"{slug}.atom",
                atom_feed(
                    papers,
                    feed_id=id_base + slug,
                    title=f"{facts.body_name} – {committee}: neue Vorlagen",
                    author=facts.body_name,
                    self_href=href(slug),
                    alternate=facts.body_website,
                    fallback_updated=facts.last_date,
                ),
            )
        )
    keep = {p.name for p in written}
    for stale in feeds_dir.glob("*.atom"):
        if stale.name not in keep:
            stale.unlink()
    return written
