"""Loading a parsed batch: every paper table in one transaction, with version history.

A run killed in the middle of a load leaves every table as before it; a run that completes
leaves them all at the new state. `vorlagen.page_sha256` is the watermark: a page whose sha256
equals it is not parsed again.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from ratsinfo.model_tables import build_model
from ratsinfo.transform import ExtractedBatch, ParsedBatch
from ratsinfo.warehouse import replace_rows, transaction

# What a batch loads: the page tables (what the pages said) and the texts read from them.
PAPER_TABLES = ("vorlagen", "beratungsfolge", "sections", "files", "answers", "funding")
_TARGET = {
    "vorlagen": "page_vorlagen",
    "beratungsfolge": "page_beratungsfolge",
    "files": "page_files",
    "answers": "page_answers",
    "funding": "page_funding",
}


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
            target = _TARGET.get(table, table)
            loaded[table] = replace_rows(con, target, rows[table], ids, own_transaction=False)
        replace_rows(con, "parse_failures", parsed.failures, parsed.parsed_urls, False)
        if parsed.gone:
            con.execute(
                "UPDATE page_vorlagen SET deleted_at = ? WHERE deleted_at IS NULL "
                "AND paper_id IN (SELECT unnest(?::VARCHAR[]))",
                [now, parsed.gone],
            )
            con.execute(
                "UPDATE oparl_papers SET deleted_at = ? WHERE deleted_at IS NULL "
                "AND paper_id IN (SELECT unnest(?::VARCHAR[]))",
                [now, parsed.gone],
            )
        record_page_outcomes(con, parsed, now)
        build_model(con, now)
        for table in ("vorlagen", "beratungsfolge", "files"):
            loaded[f"{table}_built"] = _count(con, table)
    loaded["gone"] = len(parsed.gone)
    return loaded


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


MAX_BACKOFF_DAYS = 32


def record_page_outcomes(
    con: duckdb.DuckDBPyConnection, parsed: ParsedBatch, now: dt.datetime
) -> None:
    """Pages that parsed leave `page_retries`; pages that did not parse count a failure there,
    so that they are retried with a back-off instead of every night."""
    if parsed.parsed_ids:
        con.execute(
            "DELETE FROM page_retries WHERE paper_id IN (SELECT unnest(?::VARCHAR[]))",
            [parsed.parsed_ids],
        )
    failed = [
        {"paper_id": f["paper_id"], "url": f["url"], "error": f["error"]}
        for f in parsed.failures
        if f.get("paper_id")
    ]
    if failed:
        note_failures(con, failed, now)


def note_failures(
    con: duckdb.DuckDBPyConnection,
    failed: list[dict[str, str]],
    now: dt.datetime,
    table: str = "page_retries",
    key: str = "paper_id",
) -> None:
    """Count one more failure for each row of `failed` (its `key`, `url`, `error`) in `table`
    (page_retries by paper, url_retries by URL); the next attempt waits 1, 2, 4 … up to
    MAX_BACKOFF_DAYS days."""
    extra = [] if key == "url" else ["url"]  # page_retries also keeps the page's URL
    select = "".join(f"any_value({c}), " for c in extra)
    update = "".join(f"{c} = EXCLUDED.{c}, " for c in extra)
    con.register("_failed", pa.Table.from_pylist(failed))
    try:
        con.execute(
            f"""
            INSERT INTO {table}
            SELECT {key}, {select}1, any_value(error), ?, ? + INTERVAL 1 DAY
            FROM _failed GROUP BY {key}
            ON CONFLICT ({key}) DO UPDATE SET
                failures = {table}.failures + 1,
                {update}
                last_error = EXCLUDED.last_error,
                last_failed_at = EXCLUDED.last_failed_at,
                next_attempt_at = EXCLUDED.last_failed_at + to_days(
                    least({MAX_BACKOFF_DAYS}, 2 ** {table}.failures)::INTEGER)
            """,
            [now, now],
        )
    finally:
        con.unregister("_failed")
