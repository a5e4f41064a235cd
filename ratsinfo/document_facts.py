"""Answers and money from documents: the extractors that read the pages' text, run on the text of
the documents (`documents`), each row linked to the paper and the document it came from.

- Amounts of money in a document's prose are read once per content (`document_funding`), page by
  page; the amounts of its budget tables were read with its text, in the PDF worker
  (`document_amounts`).
- Answers are read per (paper, document): the question texts come from the paper's question
  paper (25-25641-01 → 25-25641, OParl-linked papers, references in the subject) — its page
  text, then its documents — or, where the answer is a second file of the Anfrage paper itself,
  from the paper's own page and other documents (`document_answers`, `document_reads`).
- The published `answers` and `funding` are then rebuilt from the page's and the documents' rows
  (queries/build_facts.sql states the precedence).

A server's own text (OParl `File.text`) is a document too: one `documents` row per text (its
sha256), method 'server text', and its file is not fetched.

Every batch is one transaction: a killed run keeps what it read. A (paper, document) pair or a
document is read again when `VERSION` changes (a better extractor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from ratsinfo.document_texts import text_fields
from ratsinfo.model_tables import build_facts
from ratsinfo.state import query
from ratsinfo.transform import find_questions, funding_fields
from ratsinfo.warehouse import dict_rows, replace_rows, transaction

# The published tables built from the pages' and the documents' rows (queries/build_facts.sql).
FACT_TABLES = ("answers", "funding")
# What the extractors find in a document; bump it when they change, to read every document again.
VERSION = "1"
BATCH = 50  # documents (funding) or (paper, document) pairs (answers) per transaction
# Answers are looked for in documents up to this size: an answer is a few pages, a 900-page
# budget plan is none (its numbered lists would cost seconds and give nothing).
MAX_ANSWER_CHARS = 300_000
QUESTION_CHARS = 200_000  # the same bound for a text read for questions (question_texts.sql)

Progress = Callable[[str, int, int | None, str], None]


@dataclass
class DocumentFacts:
    server_texts: int = 0  # documents made of OParl File.text
    documents_read: int = 0  # documents whose prose was read for amounts
    amounts: int = 0  # amounts in their prose
    pairs_read: int = 0  # (paper, document) pairs read for answers
    answers: int = 0  # answers found in them
    answered_papers: int = 0  # papers whose published answers come from a document
    table_amounts: int = 0  # published funding rows from budget tables
    document_amounts: int = 0  # published funding rows from documents' prose


def read_document_facts(
    con: duckdb.DuckDBPyConnection, progress: Progress | None = None
) -> DocumentFacts:
    """Read what is new, then rebuild the published answers and funding."""
    out = DocumentFacts()
    out.server_texts = add_server_texts(con)
    _read_funding(con, out, progress)
    _read_answers(con, out, progress)
    with transaction(con):
        build_facts(con)
    row = con.execute(
        "SELECT count(DISTINCT paper_id) FILTER (WHERE source = 'document') FROM answers"
    ).fetchone()
    out.answered_papers = int(row[0]) if row else 0
    for source, count in con.execute(
        "SELECT source, count(*) FROM funding WHERE source <> 'page' GROUP BY source"
    ).fetchall():
        if source == "table":
            out.table_amounts = count
        else:
            out.document_amounts = count
    return out


# -- server text ---------------------------------------------------------------------------------


def add_server_texts(con: duckdb.DuckDBPyConnection) -> int:
    """A `documents` row for each File.text not seen before, and the files linked to it."""
    from ratsinfo.documents import DocumentText

    rows = con.execute(
        "SELECT DISTINCT sha256(text) AS document_id, text FROM files "
        "WHERE trim(coalesce(text, '')) <> '' "
        "AND sha256(text) NOT IN (SELECT document_id FROM documents)"
    ).fetchall()
    now = dt.datetime.now(dt.UTC)
    out = []
    for document_id, text in rows:
        doc = DocumentText.from_server_text(text, extractor="OParl File.text")
        row = {"document_id": document_id, "bytes": len(text.encode("utf-8")), "extracted_at": now}
        out.append(row | text_fields(doc))
    with transaction(con):
        if out:
            replace_rows(con, "documents", out, own_transaction=False)
        con.execute(query("link_documents"))
    return len(out)


# -- amounts in prose ----------------------------------------------------------------------------


def funding_rows(document_id: str, text: str) -> list[dict[str, Any]]:
    """`document_funding` rows: the funding extractor page by page (pages split at form feeds),
    positions counted through the document."""
    from ratsinfo.extract import extract_funding

    rows: list[dict[str, Any]] = []
    for page, page_text in enumerate(text.split("\f"), 1):
        for f in extract_funding(page_text) if page_text.strip() else ():
            fields = funding_fields(f) | {"position": len(rows) + 1}
            rows.append({"document_id": document_id, **fields, "page": page})
    return rows


def _read_funding(
    con: duckdb.DuckDBPyConnection, out: DocumentFacts, progress: Progress | None
) -> None:
    ids = [
        r[0]
        for r in con.execute(
            "SELECT document_id FROM documents WHERE chars > 0 "
            "AND funding_version IS DISTINCT FROM ? ORDER BY document_id",
            [VERSION],
        ).fetchall()
    ]
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        rows: list[dict[str, Any]] = []
        for document_id, text in _texts(con, batch):
            rows.extend(funding_rows(document_id, text))
        with transaction(con):
            replace_rows(con, "document_funding", rows, batch, own_transaction=False)
            con.execute(
                "UPDATE documents SET funding_version = ? "
                "WHERE document_id IN (SELECT unnest(?::VARCHAR[]))",
                [VERSION, batch],
            )
        out.documents_read += len(batch)
        out.amounts += len(rows)
        if progress is not None:
            progress("reading money in documents", out.documents_read, len(ids), "")


def _texts(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    yield from con.execute(
        "SELECT document_id, text FROM documents WHERE document_id IN (SELECT unnest(?::VARCHAR[]))"
        " ORDER BY document_id",
        [list(ids)],
    ).fetchall()


# -- answers -------------------------------------------------------------------------------------


def _read_answers(
    con: duckdb.DuckDBPyConnection, out: DocumentFacts, progress: Progress | None
) -> None:
    pairs = con.execute(
        query("document_pairs_to_read"), {"version": VERSION, "max_chars": MAX_ANSWER_CHARS}
    ).fetchall()
    for start in range(0, len(pairs), BATCH):
        batch = pairs[start : start + BATCH]
        rows, reads = answer_rows(con, [(p, d) for p, d in batch])
        keys = pa.table({"paper_id": [p for p, _ in batch], "document_id": [d for _, d in batch]})
        with transaction(con):
            con.register("_pairs", keys)
            con.execute(
                "DELETE FROM document_answers WHERE (paper_id, document_id) IN "
                "(SELECT (paper_id, document_id) FROM _pairs)"
            )
            con.unregister("_pairs")
            replace_rows(con, "document_answers", rows, own_transaction=False)
            replace_rows(con, "document_reads", reads, own_transaction=False)
        out.pairs_read += len(batch)
        out.answers += len(rows)
        if progress is not None:
            progress("reading answers in documents", out.pairs_read, len(pairs), "")


def answer_rows(
    con: duckdb.DuckDBPyConnection, pairs: Sequence[tuple[str, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`document_answers` and `document_reads` rows of (paper_id, document_id) pairs."""
    from ratsinfo.extract import extract_answers
    from ratsinfo.transform import question_references

    papers = sorted({p for p, _ in pairs})
    cursor = con.execute(
        "SELECT paper_id, reference, parent_reference, related_references, body_key "
        "FROM vorlagen WHERE paper_id IN (SELECT unnest(?::VARCHAR[]))",
        [papers],
    )
    vorlagen = {r["paper_id"]: r for r in dict_rows(cursor)}
    linked = dict(con.execute(query("linked_references"), [papers]).fetchall())
    wanted = sorted(
        {
            r
            for v in vorlagen.values()
            for r in question_references(v, linked.get(v["paper_id"], []))
        }
    )
    question_texts: dict[str | None, dict[str, list[str]]] = {}  # body → reference → texts
    for body, reference, text in con.execute(query("question_texts"), [wanted]).fetchall():
        question_texts.setdefault(body, {}).setdefault(reference, []).append(text)
    own = _own_texts(con, papers)
    texts = dict(_texts(con, sorted({d for _, d in pairs})))
    cache: dict[str, list[tuple[str, str]]] = {}
    now = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = []
    reads: list[dict[str, Any]] = []
    for paper_id, document_id in pairs:
        vorlage = vorlagen.get(paper_id)
        text = texts.get(document_id) or ""
        found = 0
        if vorlage is not None and text:
            in_body = question_texts.get(vorlage["body_key"], {})
            others = [t for d, t in own.get(paper_id, []) if d != document_id]
            questions, question_ref = find_questions(
                vorlage, linked.get(paper_id, []), in_body, cache, own=others
            )
            extraction = extract_answers(text, questions or None)
            candidates = question_references(vorlage, linked.get(paper_id, []))
            fallback = question_ref or (candidates[0] if candidates else None)
            for a in extraction.answers:
                rows.append(
                    {
                        "paper_id": paper_id,
                        "document_id": document_id,
                        "position": a.position,
                        "question_reference": fallback,
                        "question_label": a.question_label,
                        "question_text": a.question_text,
                        "answer_text": a.answer_text,
                        "asked_by": a.asked_by,
                        "asked_on": a.asked_on,
                        "refers_to": a.refers_to,
                    }
                )
            found = len(extraction.answers)
        reads.append(
            {
                "paper_id": paper_id,
                "document_id": document_id,
                "version": VERSION,
                "answers": found,
                "read_at": now,
            }
        )
    return rows, reads


def _own_texts(
    con: duckdb.DuckDBPyConnection, papers: Sequence[str]
) -> dict[str, list[tuple[str | None, str]]]:
    """Each paper's own texts that may hold its questions: the page's sections joined (document
    None), then its documents' texts (main file first), each at most QUESTION_CHARS long."""
    out: dict[str, list[tuple[str | None, str]]] = {}
    for paper_id, document_id, text in con.execute(
        query("own_texts"), {"papers": list(papers), "max_chars": QUESTION_CHARS}
    ).fetchall():
        out.setdefault(paper_id, []).append((document_id, text))
    return out
