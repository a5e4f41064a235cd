"""Loading a parsed batch: every paper table in one transaction, with version history.

A run killed in the middle of a load leaves every table as before it; a run that completes
leaves them all at the new state. `vorlagen.page_sha256` is the watermark: a page whose sha256
equals it is not parsed again.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from ratsinfo.transform import ExtractedBatch, ParsedBatch
from ratsinfo.warehouse import replace_rows, transaction

PAPER_TABLES = ("vorlagen", "beratungsfolge", "sections", "files", "answers", "funding")

# The content a version tracks: Grunddaten and Beratungsfolge, as JSON built in DuckDB (vectorised)
# from the rows just loaded; a new version starts when its hash differs from the open one.
_VERSIONS_SQL = """
CREATE OR REPLACE TEMP TABLE _versions AS
WITH folge AS (
    SELECT paper_id,
           to_json(list(struct_pack(position, meeting_position, committee, role, state, date,
                                    meeting, decision)
                        ORDER BY position, meeting_position)) AS beratungsfolge
    FROM beratungsfolge WHERE paper_id IN (SELECT v FROM _scope) GROUP BY paper_id
), content AS (
    SELECT v.paper_id, v.page_sha256,
           to_json(struct_pack(v.reference, v.subject, v.paper_type, v.status, v.lead_department,
                               v.participating_departments, v.responsible, v.parent_reference,
                               v.related_references, v.date)) AS vorlage,
           coalesce(f.beratungsfolge, '[]'::JSON) AS beratungsfolge
    FROM vorlagen v LEFT JOIN folge f USING (paper_id)
    WHERE v.paper_id IN (SELECT v FROM _scope)
)
SELECT *, sha256(vorlage::VARCHAR || beratungsfolge::VARCHAR) AS content_sha256 FROM content
"""


def load_papers(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedBatch,
    extracted: ExtractedBatch,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Load everything a batch holds, in one transaction. Returns rows loaded per table."""
    now = now or dt.datetime.now(dt.UTC)
    ids = parsed.parsed_ids
    intro = [extracted.introductions.get(pid) for pid in ids]
    vorlagen = parsed.vorlagen
    if isinstance(vorlagen, pa.Table):  # re-read papers are live again: deleted_at stays NULL
        if vorlagen.num_rows:
            vorlagen = vorlagen.drop_columns(["introduction"]).append_column(
                "introduction", pa.array(intro, pa.string())
            )
    else:
        vorlagen = [
            v | {"introduction": text, "deleted_at": None}
            for v, text in zip(vorlagen, intro, strict=True)
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
        if ids:
            con.register("_scope", pa.table({"v": pa.array(ids, pa.string())}))
            con.execute(_VERSIONS_SQL)
            con.unregister("_scope")
            con.execute(
                "UPDATE vorlagen_versions SET valid_to = ? FROM _versions n "
                "WHERE vorlagen_versions.paper_id = n.paper_id AND vorlagen_versions.valid_to "
                "IS NULL AND vorlagen_versions.content_sha256 <> n.content_sha256",
                [now],
            )
            con.execute(
                "INSERT INTO vorlagen_versions (paper_id, valid_from, page_sha256, "
                "content_sha256, vorlage, beratungsfolge) "
                "SELECT paper_id, ?, page_sha256, content_sha256, vorlage, beratungsfolge "
                "FROM _versions n WHERE NOT EXISTS (SELECT 1 FROM vorlagen_versions o "
                "WHERE o.paper_id = n.paper_id AND o.valid_to IS NULL)",
                [now],
            )
            con.execute("DROP TABLE _versions")
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
