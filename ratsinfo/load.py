"""Loading a parsed batch: every paper table in one transaction, with version history.

A run killed in the middle of a load leaves every table as before it; a run that completes
leaves them all at the new state. `vorlagen.page_sha256` is the watermark: a page whose sha256
equals it is not parsed again.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from ratsinfo import stage
from ratsinfo.model_tables import build_model
from ratsinfo.transform import ExtractedBatch, ParsedBatch
from ratsinfo.warehouse import replace_from, transaction

# What a batch loads: the page tables (what the pages said) and the texts read from them.
PAPER_TABLES = ("vorlagen", "beratungsfolge", "sections", "files", "answers", "funding")
_TARGET = {
    "vorlagen": "page_vorlagen",
    "beratungsfolge": "page_beratungsfolge",
    "files": "page_files",
    "answers": "page_answers",
    "funding": "page_funding",
}


def load_staged(
    con: duckdb.DuckDBPyConnection,
    staged: stage.Staged,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Load what a run staged (`ratsinfo.stage`: its parsed pages, answers and amounts) in one
    transaction, with SQL: memory does not grow with the number of pages. Returns rows loaded
    per table."""
    moment = now or dt.datetime.now(dt.UTC)
    with stage.attached(con, staged.path):
        return _load(con, staged.gone, moment)


def load_papers(
    con: duckdb.DuckDBPyConnection,
    parsed: ParsedBatch,
    extracted: ExtractedBatch,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Load a batch held in memory (tests, benchmarks) the way a run loads its stage."""
    with stage.attached(con, ":memory:", create=True):
        stage.append(con, 0, {**parsed.staged(), **extracted.staged()})
        return _load(con, parsed.gone, now or dt.datetime.now(dt.UTC))


# The staged papers (their paper ids scope every paper table) and the Grunddaten with the
# answering papers' introductions.
_IDS = f"SELECT paper_id FROM {stage.ALIAS}.vorlagen"
_VORLAGEN = f"""
CREATE OR REPLACE TEMP VIEW _staged_vorlagen AS
SELECT v.* EXCLUDE (introduction), i.introduction
FROM {stage.ALIAS}.vorlagen v LEFT JOIN {stage.ALIAS}.introductions i USING (paper_id)
"""


def _load(con: duckdb.DuckDBPyConnection, gone: list[str], now: dt.datetime) -> dict[str, int]:
    con.execute(_VORLAGEN)
    loaded: dict[str, int] = {}
    try:
        with transaction(con):
            for table in PAPER_TABLES:
                source = "_staged_vorlagen" if table == "vorlagen" else f"{stage.ALIAS}.{table}"
                loaded[table] = replace_from(con, _TARGET.get(table, table), source, _IDS)
            replace_from(
                con,
                "parse_failures",
                f"{stage.ALIAS}.parse_failures",
                f"SELECT url FROM {stage.ALIAS}.pages",
            )
            if gone:
                for table in ("page_vorlagen", "oparl_papers"):
                    con.execute(
                        f"UPDATE {table} SET deleted_at = ? WHERE deleted_at IS NULL "
                        "AND paper_id IN (SELECT unnest(?::VARCHAR[]))",
                        [now, gone],
                    )
            record_page_outcomes(con, now)
            build_model(con, now)
            for table in ("vorlagen", "beratungsfolge", "files"):
                loaded[f"{table}_built"] = _count(con, table)
    finally:
        con.execute("DROP VIEW IF EXISTS _staged_vorlagen")
    loaded["gone"] = len(gone)
    return loaded


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


MAX_BACKOFF_DAYS = 32


def record_page_outcomes(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> None:
    """Staged pages that parsed leave `page_retries`; pages that did not parse count a failure
    there, so that they are retried with a back-off instead of every night."""
    con.execute(f"DELETE FROM page_retries WHERE paper_id IN ({_IDS})")
    failed = con.execute(
        f"SELECT paper_id, url, error FROM {stage.ALIAS}.parse_failures WHERE paper_id IS NOT NULL"
    ).to_arrow_table()
    if failed.num_rows:
        note_failures(con, failed, now)


def note_failures(
    con: duckdb.DuckDBPyConnection,
    failed: list[dict[str, str]] | pa.Table,
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
    table_of_failed = failed if isinstance(failed, pa.Table) else pa.Table.from_pylist(failed)
    con.register("_failed", table_of_failed)
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
