"""Loading a parsed batch: every paper table in one transaction, with version history.

A run killed in the middle of a load leaves every table as before it; a run that completes
leaves them all at the new state. `vorlagen.page_sha256` is the watermark: a page whose sha256
equals it is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import duckdb
import pyarrow as pa

from ratsinfo.transform import ExtractedBatch, ParsedBatch
from ratsinfo.warehouse import replace_rows, transaction

PAPER_TABLES = ("vorlagen", "beratungsfolge", "sections", "files", "answers", "funding")

_VERSIONED_VORLAGE = (
    "reference", "subject", "paper_type", "status", "lead_department",
    "participating_departments", "responsible", "parent_reference", "related_references", "date",
)  # fmt: skip
_VERSIONED_BERATUNG = (
    "position", "meeting_position", "committee", "role", "state", "date", "meeting", "decision",
)  # fmt: skip


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def version_rows(batch: ParsedBatch, now: dt.datetime) -> list[dict[str, Any]]:
    """One candidate version per parsed paper: its Grunddaten and Beratungsfolge as JSON."""
    beratungen: dict[str, list[dict[str, Any]]] = {}
    for b in batch.beratungsfolge:
        beratungen.setdefault(b["paper_id"], []).append({k: b[k] for k in _VERSIONED_BERATUNG})
    rows = []
    for v in batch.vorlagen:
        vorlage = _json({k: v[k] for k in _VERSIONED_VORLAGE})
        folge = _json(beratungen.get(v["paper_id"], []))
        rows.append(
            {
                "paper_id": v["paper_id"],
                "valid_from": now,
                "page_sha256": v["page_sha256"],
                "content_sha256": hashlib.sha256((vorlage + folge).encode()).hexdigest(),
                "vorlage": vorlage,
                "beratungsfolge": folge,
            }
        )
    return rows


def load_papers(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedBatch,
    extracted: ExtractedBatch,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Load everything a batch holds, in one transaction. Returns rows loaded per table."""
    now = now or dt.datetime.now(dt.UTC)
    ids = parsed.parsed_ids
    vorlagen = [
        v | {"introduction": extracted.introductions.get(v["paper_id"]), "deleted_at": None}
        for v in parsed.vorlagen
    ]
    rows = {
        "vorlagen": vorlagen,
        "beratungsfolge": parsed.beratungsfolge,
        "sections": parsed.sections,
        "files": parsed.files,
        "answers": extracted.answers,
        "funding": extracted.funding,
    }
    loaded: dict[str, int] = {}
    with transaction(con):
        for table in PAPER_TABLES:
            loaded[table] = replace_rows(con, table, rows[table], ids, own_transaction=False)
        replace_rows(con, "parse_failures", parsed.failures, parsed.parsed_urls, False)
        versions = version_rows(parsed, now)
        if versions:
            con.register("_versions", pa.Table.from_pylist(versions))
            con.execute(
                "UPDATE vorlagen_versions SET valid_to = ? FROM _versions n "
                "WHERE vorlagen_versions.paper_id = n.paper_id AND vorlagen_versions.valid_to "
                "IS NULL AND vorlagen_versions.content_sha256 <> n.content_sha256",
                [now],
            )
            con.execute(
                "INSERT INTO vorlagen_versions (paper_id, valid_from, page_sha256, "
                "content_sha256, vorlage, beratungsfolge) "
                "SELECT paper_id, valid_from, page_sha256, content_sha256, vorlage, beratungsfolge "
                "FROM _versions n WHERE NOT EXISTS (SELECT 1 FROM vorlagen_versions o "
                "WHERE o.paper_id = n.paper_id AND o.valid_to IS NULL)"
            )
            con.unregister("_versions")
        if parsed.gone:
            con.execute(
                "UPDATE vorlagen SET deleted_at = ? WHERE deleted_at IS NULL "
                "AND paper_id IN (SELECT unnest(?::VARCHAR[]))",
                [now, parsed.gone],
            )
            con.execute(
                "UPDATE vorlagen_versions SET valid_to = ? WHERE valid_to IS NULL "
                "AND paper_id IN (SELECT unnest(?::VARCHAR[]))",
                [now, parsed.gone],
            )
    loaded["gone"] = len(parsed.gone)
    return loaded
