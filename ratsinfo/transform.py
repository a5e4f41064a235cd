"""Raw pages → table rows. Pure functions: rows in, rows out (no Dagster, no database)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ratsinfo.model import Funding, ParsedPage
from ratsinfo.parse.allris import PageParseError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)


def decode_page(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page: the header's charset, else the page's meta charset, else UTF-8; bytes
    that are not valid UTF-8 are read as windows-1252 (what ISO-8859-1 pages really are)."""
    charset = None
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        charset = m.group(1)
    elif m2 := _META_CHARSET.search(body[:4096]):
        charset = m2.group(1).decode("ascii", errors="ignore")
    candidates = [c for c in (charset, "utf-8") if c]
    for enc in candidates:
        if enc.lower() in ("iso-8859-1", "latin-1", "latin1"):
            enc = "cp1252"
        try:
            return repair_mojibake(body.decode(enc))
        except (UnicodeDecodeError, LookupError):
            continue
    return body.decode("cp1252", errors="replace")


# UTF-8 read as windows-1252 turns "ä" into "Ã¤", "ß" into "ÃŸ", "–" into "â€“".
def _mojibake_of(chars: str) -> list[str]:
    forms = []
    for c in chars:
        try:
            forms.append(c.encode("utf-8").decode("cp1252"))
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined: such text cannot occur
            continue
    return forms


_MOJIBAKE = re.compile("|".join(map(re.escape, _mojibake_of("äöüßÄÖÜéèáà–—„“”‚‘’€§°"))))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as windows-1252 somewhere upstream ("FÃ¼r" → "Für"),
    when it plainly is such text; anything else is returned unchanged."""
    if len(_MOJIBAKE.findall(text)) < 2:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


CHUNK_PAGES = 1000  # pages parsed into one chunk: what a step holds in memory at a time
CHUNK_BYTES = 8 * 1024 * 1024  # ... or fewer, once their text reaches this size (big pages)


@dataclass
class ParsedBatch:
    """Rows for the vorlagen, beratungsfolge, sections, files and parse_failures tables of some
    pages (a chunk of a run's pages: `ratsinfo.stage` holds them all)."""

    vorlagen: list[dict[str, Any]] = field(default_factory=list)
    beratungsfolge: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)  # every page read: url, paper_id
    gone: list[str] = field(default_factory=list)  # papers the source says are deleted

    TABLES = ("vorlagen", "beratungsfolge", "sections", "files")

    @property
    def parsed_ids(self) -> list[str]:
        return [v["paper_id"] for v in self.vorlagen]

    def text_by_paper(self) -> dict[str, str]:
        """Each paper's text sections joined, for the extractors."""
        texts: dict[str, list[str]] = {}
        for s in sorted(self.sections, key=lambda s: (s["paper_id"], s["position"])):
            texts.setdefault(s["paper_id"], []).append(s["text"])
        return {pid: "\n\n".join(parts) for pid, parts in texts.items()}

    def staged(self) -> dict[str, list[dict[str, Any]]]:
        """The rows as `ratsinfo.stage.append` takes them."""
        return {
            **{t: getattr(self, t) for t in self.TABLES},
            "parse_failures": self.failures,
            "pages": self.pages,
        }


def page_rows(paper: dict[str, Any], page: ParsedPage, sha256: str) -> dict[str, list[Any]]:
    """The rows one parsed page contributes to each table."""
    v = page.vorlage
    pid = paper["paper_id"]
    vorlage = {
        "paper_id": pid,
        "source": paper["source"],
        "body_key": paper.get("body_key"),  # not stored in page_vorlagen: for body-scoped lookups
        "volfdnr": paper.get("volfdnr"),
        "reference": v.reference,
        "subject": v.subject,
        "paper_type": v.paper_type,
        "status": v.status,
        "lead_department": v.lead_department,
        "participating_departments": list(v.participating_departments),
        "responsible": v.responsible,
        "parent_reference": v.parent_reference,
        "related_references": list(v.related_references),
        "date": paper.get("date"),
        "web_url": paper.get("web_url"),
        "introduction": None,
        "page_sha256": sha256,
    }
    beratungen = [
        {
            "paper_id": pid,
            "reference": v.reference,
            "position": b.position,
            "meeting_position": b.meeting_position,
            "committee": b.committee,
            "role": b.role,
            "state": b.state,
            "date": b.date,
            "meeting": b.meeting,
            "decision": b.decision,
            "meeting_url": b.meeting_url,
            "agenda_item_url": b.agenda_item_url,
        }
        for b in page.beratungsfolge
    ]
    sections = [
        {"paper_id": pid, "reference": v.reference, "position": i, "title": s.title, "text": s.text}
        for i, s in enumerate(page.sections, 1)
    ]
    files = [
        {"paper_id": pid, "position": i, "title": title, "url": url}
        for i, (title, url) in enumerate(page.files, 1)
    ]
    return {
        "vorlagen": [vorlage],
        "beratungsfolge": beratungen,
        "sections": sections,
        "files": files,
    }


def parse_chunks(
    pages: Iterable[dict[str, Any]],
    now: dt.datetime | None = None,
    chunk_pages: int = CHUNK_PAGES,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[ParsedBatch]:
    """Parse pages, a chunk of at most `chunk_pages` pages (or `chunk_bytes` of text) at a time:
    each page a paper's oparl_papers fields (paper_id, source, volfdnr, date, web_url) with its
    raw_responses fields (url, status, error, sha256, content_type, body). A page that does not
    parse becomes a `failures` row naming its URL."""
    from ratsinfo.vendors import page_parser_for

    now = now or dt.datetime.now(dt.UTC)
    batch, size = ParsedBatch(), 0
    for raw in pages:
        if len(batch.pages) >= chunk_pages or size >= chunk_bytes:
            yield batch
            batch, size = ParsedBatch(), 0
        url = raw["url"]
        batch.pages.append({"url": url, "paper_id": raw["paper_id"]})
        try:
            if raw.get("status") != 200 or raw.get("body") is None:
                raise PageParseError(url, raw.get("error") or f"HTTP {raw.get('status')}")
            html = decode_page(raw["body"], raw.get("content_type"))
            page = page_parser_for(url)(html, url)
        except Exception as e:  # any page that does not parse is recorded, never fatal
            error = str(e) if isinstance(e, PageParseError) else f"{url}: {type(e).__name__}: {e}"
            batch.failures.append(
                {
                    "url": url,
                    "sha256": raw.get("sha256"),
                    "paper_id": raw["paper_id"],
                    "error": error,
                    "seen_at": now,
                }
            )
            continue
        for table, rows in page_rows(raw, page, raw["sha256"]).items():
            getattr(batch, table).extend(rows)
        size += sum(len(s.text) for s in page.sections)
    if batch.pages:
        yield batch


def parse_pages(pages: Iterable[dict[str, Any]], now: dt.datetime | None = None) -> ParsedBatch:
    """Parse pages into one batch (tests and small inputs; runs stage chunks: ratsinfo.stage)."""
    whole = ParsedBatch()
    for chunk in parse_chunks(pages, now):
        for name in (*ParsedBatch.TABLES, "failures", "pages"):
            getattr(whole, name).extend(getattr(chunk, name))
    return whole


# -- answers and funding -------------------------------------------------------------------------


@dataclass
class ExtractedBatch:
    """Rows for the answers and funding tables, and each answering paper's introduction."""

    answers: list[dict[str, Any]] = field(default_factory=list)
    funding: list[dict[str, Any]] = field(default_factory=list)
    introductions: dict[str, str] = field(default_factory=dict)  # paper_id → preamble

    def staged(self) -> dict[str, list[dict[str, Any]]]:
        """The rows as `ratsinfo.stage.append` takes them."""
        return {
            "answers": self.answers,
            "funding": self.funding,
            "introductions": [
                {"paper_id": k, "introduction": v} for k, v in self.introductions.items()
            ],
        }


def question_references(vorlage: dict[str, Any], linked: Iterable[str] = ()) -> list[str]:
    """Candidate question papers of an answering paper, best first: OParl-linked papers
    (superordinated/related), the reference's parent (25-25641-01 → 25-25641), references named
    in the subject."""
    refs = [*linked, vorlage.get("parent_reference"), *(vorlage.get("related_references") or [])]
    return [r for r in dict.fromkeys(refs) if r and r != vorlage["reference"]]


def find_questions(
    vorlage: dict[str, Any],
    linked: Iterable[str],
    question_texts: Mapping[str, str | Sequence[str]],
    cache: dict[str, list[tuple[str, str]]],
    own: Sequence[str] = (),
) -> tuple[list[tuple[str, str]], str | None]:
    """The numbered questions an answering paper answers, and the reference they came from: the
    first candidate question paper (see `question_references`) one of whose texts (`question_texts`:
    reference → its page text and its documents' texts, in that order) has numbered questions;
    else the first of `own` texts (the paper's own other texts: an Antwort attached to the
    Anfrage paper itself) that has them. `cache` keeps what was read, by text."""
    from ratsinfo.extract import extract_questions

    def questions_in(text: str) -> list[tuple[str, str]]:
        if text not in cache:
            cache[text] = extract_questions(text) if text else []
        return cache[text]

    for candidate in question_references(vorlage, linked):
        texts = question_texts.get(candidate, ())
        for text in [texts] if isinstance(texts, str) else texts:
            if found := questions_in(text):
                return found, candidate
    for text in own:
        if found := questions_in(text):
            return found, vorlage["reference"]
    return [], None


def extract_rows(
    papers: Iterable[tuple[dict[str, Any], str, list[str]]],
    question_texts: Mapping[str, str | Sequence[str]],
) -> ExtractedBatch:
    """Answers and funding for each (vorlage row, text, linked question references). Question
    texts are taken from the first linked paper in `question_texts` (reference → its texts) that
    has numbered questions."""
    from ratsinfo.extract import extract_answers, extract_funding

    out = ExtractedBatch()
    question_cache: dict[str, list[tuple[str, str]]] = {}
    for vorlage, text, linked in papers:
        if not text:
            continue
        pid, ref = vorlage["paper_id"], vorlage["reference"]
        questions, question_ref = find_questions(vorlage, linked, question_texts, question_cache)
        extraction = extract_answers(text, questions or None)
        if extraction.answers:
            if extraction.intro:
                out.introductions[pid] = extraction.intro
            candidates = question_references(vorlage, linked)
            fallback_ref = question_ref or (candidates[0] if candidates else None)
            out.answers.extend(
                {
                    "paper_id": pid,
                    "reference": ref,
                    "question_reference": fallback_ref,
                    "position": a.position,
                    "question_label": a.question_label,
                    "question_text": a.question_text,
                    "answer_text": a.answer_text,
                    "asked_by": a.asked_by,
                    "asked_on": a.asked_on,
                    "refers_to": a.refers_to,
                }
                for a in extraction.answers
            )
        out.funding.extend(
            {"paper_id": pid, "reference": ref, **funding_fields(f)} for f in extract_funding(text)
        )
    return out


def funding_fields(f: Funding) -> dict[str, Any]:
    """An amount's columns, as the funding tables have them (page_funding, document_funding)."""
    return {
        "position": f.position,
        "amount": f.amount,
        "amount_max": f.amount_max,
        "currency": f.currency,
        "period": f.period,
        "role": f.role,
        "funder": f.funder,
        "recipient": f.recipient,
        "applies_from": f.applies_from,
        "text": f.text,
    }
