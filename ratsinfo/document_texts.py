"""The text of fetched documents, into the `documents` table (one row per content).

Each document's body is read from the store and handed to worker processes
(ratsinfo.documents) that are capped in size, pages, time and memory; what comes back — the text
and how it was obtained, or why none came out — is written in batches, each one transaction, so
a killed run keeps what it read. A document is read once per content, however many files name
it; one that cannot be read is recorded (`error`, `error_kind`) with the URL it came from and is
not read again until a better extractor comes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from ratsinfo.bodies import BodyStore, read_bodies
from ratsinfo.state import query
from ratsinfo.warehouse import dict_rows, replace_rows, transaction

if TYPE_CHECKING:
    from ratsinfo.documents import DocumentText
    from ratsinfo.extract.tables import TableAmount

BATCH = 20  # documents per worker hand-over and per transaction
MAX_DOCUMENTS = 5000  # per run

Progress = Callable[[str, int, int | None, str], None]


@dataclass
class DocumentRead:
    read: int = 0
    with_text: int = 0
    image_only: int = 0
    failed: int = 0
    table_amounts: int = 0
    errors: list[str] = field(default_factory=list)


def documents_to_extract(
    con: duckdb.DuckDBPyConnection, limit: int = MAX_DOCUMENTS
) -> list[dict[str, Any]]:
    cursor = con.execute(query("documents_to_extract"), {"limit": limit})
    return list(dict_rows(cursor))


def extract_documents(
    con: duckdb.DuckDBPyConnection,
    progress: Progress | None = None,
    limit: int = MAX_DOCUMENTS,
    workers: int = 2,
) -> DocumentRead:
    """Read every fetched document that has no `documents` row yet."""
    from ratsinfo.documents import DocumentError, DocumentWorkers

    todo = documents_to_extract(con, limit)
    result = DocumentRead()
    if not todo:
        return result
    store = BodyStore.beside(con)
    with DocumentWorkers(workers) as pool:
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            keys = [(d["url"], d["sha256"]) for d in batch]
            bodies = read_bodies(con, keys, store, table="document_responses")
            datas = [bodies.get((d["url"], d["sha256"])) or b"" for d in batch]
            rows = []
            amounts: list[dict[str, Any]] = []
            now = dt.datetime.now(dt.UTC)
            for item, data, outcome in zip(batch, datas, pool.extract_many(datas), strict=True):
                row: dict[str, Any] = {
                    "document_id": item["sha256"],
                    "bytes": len(data),
                    "extracted_at": now,
                }
                if isinstance(outcome, DocumentError):
                    row |= {
                        "method": "none",
                        "error": f"{item['url']}: {outcome}",
                        "error_kind": outcome.reason,
                    }
                    result.failed += 1
                    result.errors.append(row["error"])
                else:
                    row |= text_fields(outcome)
                    amounts.extend(amount_rows(item["sha256"], outcome.tables or ()))
                    result.table_amounts += len(outcome.tables or ())
                    result.with_text += bool(outcome.chars)
                    result.image_only += bool(outcome.image_only)
                result.read += 1
                rows.append(row)
            with transaction(con):
                replace_rows(con, "documents", rows, own_transaction=False)
                replace_rows(
                    con,
                    "document_amounts",
                    amounts,
                    [r["document_id"] for r in rows],
                    own_transaction=False,
                )
            if progress is not None:
                progress("reading documents", result.read, len(todo), f"{result.failed} unreadable")
    return result


def text_fields(doc: DocumentText) -> dict[str, Any]:
    """A `documents` row's columns for a text read (from a PDF, or sent by the server)."""
    return {
        "pages": doc.pages,
        "pages_read": doc.pages_read,
        "truncated": doc.truncated,
        "method": doc.method,
        "extractor": doc.extractor,
        "language": doc.language,
        "image_only": doc.image_only,
        "chars": doc.chars,
        "text": doc.text,
        "tables_read": doc.tables is not None,
    }


def amount_rows(document_id: str, amounts: Iterable[TableAmount]) -> list[dict[str, Any]]:
    """`document_amounts` rows of a document's table amounts."""
    return [
        {
            "document_id": document_id,
            "position": a.position,
            "amount": a.amount,
            "currency": a.currency,
            "year": a.year,
            "kind": a.kind,
            "basis": a.basis,
            "label": a.label,
            "code": a.code,
            "column_header": a.column,
            "cell": a.cell,
            "unit": a.unit,
            "caption": a.caption,
            "page": a.page,
            "table_no": a.table,
            "row_no": a.row,
            "col_no": a.col,
        }
        for a in amounts
    ]


def link_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Each file's `document_id`: the content last fetched from its URL (link_documents.sql;
    build_model runs it too, after rebuilding `files`)."""
    con.execute(query("link_documents"))
