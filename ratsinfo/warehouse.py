"""The DuckDB warehouse: schema, bulk upserts and published extracts.

Writes are bulk (one Arrow table, one INSERT statement) and idempotent: a load replaces exactly
the rows of the papers it re-read and leaves every other row as it was, inside one transaction, so
a failed load leaves the earlier state intact.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.abc
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb
import pyarrow as pa

from ratsinfo.files import file_sha256, temp_path, write_atomic
from ratsinfo.paths import DEFAULT_DATABASE, DEFAULT_PUBLISH_DIR, sql_file

if TYPE_CHECKING:  # pandas is imported by `dataframe` alone: a run never needs it
    import importlib.machinery

    import pandas as pd

T = TypeVar("T")

__all__ = ["DEFAULT_DATABASE", "DEFAULT_PUBLISH_DIR"]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """How loads treat a table.

    scope: a load replaces every row whose `scope` column value it re-read (child tables).
    Without scope, rows are upserted by key: `keep` columns keep their stored value, all other
    non-key columns take the new one (`update=False`: existing rows are left alone).
    """

    name: str
    key: tuple[str, ...]
    scope: str | None = None
    publish: bool = True
    keep: tuple[str, ...] = ()
    update: bool = True
    built: bool = False  # rebuilt as a whole from other tables, never loaded row by row


# The published tables of the OParl model, with their keys, in the order they are published.
MODEL_TABLES: dict[str, tuple[str, ...]] = {
    "vorlagen": ("paper_id",),
    "beratungsfolge": ("paper_id", "position", "meeting_position"),
    "files": ("file_id",),
    "bodies": ("body_key",),
    "organizations": ("organization_id",),
    "persons": ("person_id",),
    "memberships": ("membership_id",),
    "legislative_terms": ("term_id",),
    "meetings": ("meeting_id",),
    "agenda_items": ("agenda_item_id",),
    "locations": ("location_id",),
}


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        # built from the OParl objects and the page tables (ratsinfo.model_tables)
        *(TableSpec(name, key, built=True) for name, key in MODEL_TABLES.items()),
        # what the pages of vendors with a page parser said
        TableSpec("page_vorlagen", ("paper_id",), "paper_id", publish=False),
        TableSpec(
            "page_beratungsfolge",
            ("paper_id", "position", "meeting_position"),
            "paper_id",
            publish=False,
        ),
        TableSpec("page_files", ("paper_id", "position"), "paper_id", publish=False),
        TableSpec("sections", ("paper_id", "position"), "paper_id"),
        # built from the page's and the documents' rows (queries/build_facts.sql)
        TableSpec("answers", ("paper_id", "position"), "paper_id", built=True),
        TableSpec("funding", ("paper_id", "position"), "paper_id", built=True),
        TableSpec("page_answers", ("paper_id", "position"), "paper_id", publish=False),
        TableSpec("page_funding", ("paper_id", "position"), "paper_id", publish=False),
        TableSpec(
            "document_answers",
            ("paper_id", "document_id", "position"),
            "paper_id",
            publish=False,
        ),
        TableSpec("document_funding", ("document_id", "position"), "document_id", publish=False),
        TableSpec("document_amounts", ("document_id", "position"), "document_id", publish=False),
        TableSpec("document_reads", ("paper_id", "document_id"), publish=False),
        TableSpec("oparl_objects", ("object_id",), publish=False, keep=("first_seen_at",)),
        TableSpec("systems", ("source",), publish=False),
        TableSpec("page_retries", ("paper_id",), publish=False),
        # the text of every document fetched, one row per content (its extract: EXTRACTS)
        TableSpec("documents", ("document_id",)),
        TableSpec("url_retries", ("url",), publish=False),
        TableSpec(
            "document_responses",
            ("url", "sha256"),
            publish=False,
            keep=("first_fetched_at", "kind", "paper_id", "body", "content_type"),
        ),
        TableSpec("oparl_papers", ("paper_id",), publish=False, keep=("first_seen_at",)),
        TableSpec("parse_failures", ("url",), "url", publish=False),
        TableSpec(
            "raw_responses",
            ("url", "sha256"),
            publish=False,
            keep=("first_fetched_at", "kind", "paper_id", "body", "content_type"),
        ),
        TableSpec("crawl_runs", ("source", "started_at"), publish=False, update=False),
        TableSpec("list_progress", ("source", "list_url"), publish=False),
        TableSpec("rejected_objects", ("source", "url", "object_id", "field"), publish=False),
    )
}
# Every published table, in the order published: its files (publish_table), manifest.json, the
# portal files and their withdrawal know them all.
PUBLISHED_TABLES = tuple(t.name for t in TABLES.values() if t.publish)
# The published tables the load step materialises, one Dagster asset each (assets/load.py);
# `documents` is the documents step's own asset (assets/documents.py).
DOCUMENT_TABLES = ("documents",)
PUBLISHED = tuple(t for t in PUBLISHED_TABLES if t not in DOCUMENT_TABLES)

# The references between published tables that hold by construction (the Data Package declares
# them, and `frictionless validate` checks them): (table, column) → the table it refers to by
# the same key. A paper's consultations, texts, answers and amounts exist only with the paper;
# every table of the council's model names its body; a file names the document fetched from
# it, whose text is read in the same step (assets/documents.py). (Links such as a membership's
# organization are not declared: a server may name an organization it does not list.)
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    **{(t, "paper_id"): ("vorlagen", "paper_id")
       for t in ("beratungsfolge", "sections", "answers", "funding")},
    **{(t, "body_key"): ("bodies", "body_key")
       for t in PUBLISHED if t != "bodies"},
    **{(t, "document_id"): ("documents", "document_id")
       for t in ("files", "answers", "funding")},
}  # fmt: skip
# The tables a run summary counts.
PAPER_COUNT_TABLES = ("vorlagen", "beratungsfolge", "answers", "funding", "parse_failures")


# DuckDB would take 80 % of the machine's memory for its buffers, and fills what it is given with
# cached blocks (at 10,000 papers the load's RSS rose by the whole limit). A run's budget is about
# 512 MiB in all (BENCHMARKS.md), some 330 of which are Python, Dagster and the libraries: DuckDB
# gets 128 MB and spills to disk beyond (RATSINFO_DUCKDB_MEMORY sets another, e.g. "1GB" on a
# machine with room to spare); a step that still runs out is run again with twice the limit
# (assets/resources.warehouse_connection). 128 MB fits a 50,000-paper run without a retry since
# the model rebuild dropped its window over every paper and its ordered aggregate (256 MB before).
DUCKDB_CONFIG = {
    "memory_limit": os.environ.get("RATSINFO_DUCKDB_MEMORY", "128MB"),
    "preserve_insertion_order": "false",
    # memory DuckDB freed goes back to the system soon, not when 128 MB of it piled up
    "allocator_flush_threshold": "16MB",
    "allocator_bulk_deallocation_flush_threshold": "64MB",
}
# The pipeline's own connections (its steps' and the lake's writes) also run DuckDB on one thread
# (RATSINFO_DUCKDB_THREADS sets another count): each thread holds sort runs, hash-table partitions
# and allocator caches of its own beyond the memory limit; on one thread a 50,000-paper run peaked
# at 483 MiB instead of 526 (BENCHMARKS.md, round 2, fourth session), the sorted copies of the
# publishing took half the memory in no more time (6.4 s against 6.6), the model rebuild as long
# (14.2 s against 14.0) and the search index a fifth longer (38.7 s against 32.0). Queries
# (`ratsinfo search`, `warehouse.connect`) keep DuckDB's default of every core.
RUN_DUCKDB_CONFIG = {**DUCKDB_CONFIG, "threads": os.environ.get("RATSINFO_DUCKDB_THREADS", "1")}


def connect(path: str | os.PathLike[str], read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, creating the schema when writable."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only, config=dict(DUCKDB_CONFIG))
    if not read_only:
        apply_schema(con)
    return con


def dataframe(
    sql: str,
    params: Sequence[Any] | dict[str, Any] | None = None,
    warehouse: str | os.PathLike[str] = DEFAULT_DATABASE,
) -> pd.DataFrame:
    """A query result as a pandas DataFrame, for analysis in Python or a notebook: the warehouse
    is opened read-only (a running pipeline may go on writing) and closed again."""
    con = connect(warehouse, read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


class _PandasKeptOut(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(
                f"No module named {name!r}: pandas is kept out of a pipeline run's process "
                "(ratsinfo.warehouse.pandas_kept_out); ratsinfo.warehouse.dataframe works outside",
                name=name,
            )
        return None


@contextlib.contextmanager
def pandas_kept_out() -> Iterator[None]:
    """pandas stays unimported while inside: DuckDB imports it on a connection's first query with
    parameters or first Arrow table, and pyarrow on its first array from Python objects, only to
    ask whether a value is a DataFrame; a run never hands them one, and pandas costs every run
    52 MiB of memory and ~0.5 s in the first step that queries. Both take the failed import for
    "not installed". Nothing is changed when pandas is already imported."""
    if "pandas" in sys.modules:
        yield
        return
    finder = _PandasKeptOut()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)


# Applied in this order: tables, then column comments (descriptions), then analytics views.
SCHEMA_FILES = ("schema.sql", "comments.sql", "views.sql")


@functools.cache
def schema_digest() -> str:
    """The sha256 of the warehouse SQL and the renames: what `schema_state` records."""
    h = hashlib.sha256(repr(_RENAMED).encode())
    for name in SCHEMA_FILES:
        h.update(sql_file(name).read_bytes())
    return h.hexdigest()


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create tables, comments and views (every statement is idempotent); skipped when the file
    was brought up to this schema already (`schema_state`), as every step opens the file."""
    digest = schema_digest()
    try:
        row = con.execute("SELECT sha256 FROM schema_state").fetchone()
    except duckdb.CatalogException:
        row = None
    if row and row[0] == digest:
        return
    with transaction(con):
        _migrate(con)
        keyed = _set_keyed_aside(con)
        for name in SCHEMA_FILES:
            con.execute(sql_file(name).read_text(encoding="utf-8"))
        for table in keyed:  # their rows into the table as schema.sql makes it now
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {table}{_KEYED}")
            con.execute(f"DROP TABLE {table}{_KEYED}")
        con.execute("DELETE FROM schema_state")
        con.execute("INSERT INTO schema_state VALUES (?, now())", [digest])


# Tables whose rows a load replaces as a whole (by paper, document or URL: TableSpec.scope) or
# that are rebuilt whole (TableSpec.built) carry no PRIMARY KEY: DuckDB keeps such an index (ART)
# in memory, where it grew with the council (a million and more keys at 300,000 papers), and
# maintained it on every insert. Their keys (TableSpec.key) hold by construction; the load's
# blocking checks (assets/load.py) count duplicates. Older warehouses keep their rows.
_UNINDEXED = (
    *(n for n, t in TABLES.items() if t.scope is not None or t.built),
    "source_disagreements",
)
_KEYED = "__keyed"


def _set_keyed_aside(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Rename the tables of `_UNINDEXED` that still have a PRIMARY KEY (older warehouses) out of
    the way, so that schema.sql makes them anew; their names."""
    keyed = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database() "
            "AND table_name IN (SELECT unnest(?::VARCHAR[]))",
            [list(_UNINDEXED)],
        ).fetchall()
    ]
    for table in keyed:
        con.execute(f"ALTER TABLE {table} RENAME TO {table}{_KEYED}")
    return keyed


# Warehouses made before the OParl model held what the pages said in vorlagen, beratungsfolge and
# files; those rows are the page tables now, and the published tables are built anew.
_RENAMED = (
    ("vorlagen", "page_vorlagen", "body_key"),
    ("beratungsfolge", "page_beratungsfolge", "body_key"),
    ("files", "page_files", "file_id"),
    # and before documents were read, what the pages said in answers and funding
    ("answers", "page_answers", "source"),
    ("funding", "page_funding", "source"),
)


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    for old, new, new_column in _RENAMED:
        columns = table_columns(con, old)
        if columns and new_column not in columns and not table_columns(con, new):
            con.execute(f"ALTER TABLE {old} RENAME TO {new}")


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of a table (or view) of the connection's own database, in order; [] when
    there is none. (An unqualified name is looked up there first, not in a database attached
    to it; a `LIMIT 0` query answers in a tenth of the time information_schema takes.)"""
    try:
        cursor = con.execute(f'SELECT * FROM "{table}" LIMIT 0')
    except duckdb.CatalogException:
        return []
    return [d[0] for d in cursor.description or []]


def dict_rows(cursor: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """A query's rows as dicts (column → value), fetched a thousand at a time."""
    names = [d[0] for d in cursor.description or []]
    while rows := cursor.fetchmany(1000):
        yield from (dict(zip(names, r, strict=True)) for r in rows)


def to_arrow(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pa.Table:
    """Rows (dicts) → an Arrow table with exactly `columns`; types are cast by DuckDB on insert."""
    return pa.Table.from_pydict({c: [r.get(c) for r in rows] for c in columns})


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction: everything inside commits together or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as e:
        if (oom := out_of_memory(e)) is not None:  # what held it, before the rollback frees it
            oom.add_note(memory_held(con))
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def memory_held(con: duckdb.DuckDBPyConnection) -> str:
    """What DuckDB's memory holds now, by DuckDB's tags (`duckdb_memory()`), largest first: for
    the log of a statement that ran out of it. Read on a cursor of its own, since the
    connection's transaction may be aborted."""
    try:
        rows = (
            con.cursor()
            .execute(
                "SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory() "
                "WHERE memory_usage_bytes + temporary_storage_bytes > 0 "
                "ORDER BY memory_usage_bytes DESC"
            )
            .fetchall()
        )
    except duckdb.Error as e:
        return f"DuckDB's memory could not be read: {first_line(e)}"
    mib = 1024 * 1024
    held = ", ".join(
        f"{tag} {used / mib:.0f} MiB" + (f" (+{spilled / mib:.0f} MiB on disk)" if spilled else "")
        for tag, used, spilled in rows
    )
    return f"DuckDB's memory held: {held or 'nothing'}"


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Sequence[dict[str, Any]] | pa.Table,
    scope_values: Iterable[Any] | None = None,
    own_transaction: bool = True,
) -> int:
    """Load `rows` into `table` with one INSERT (see TableSpec for the semantics): for scoped
    tables, the rows whose scope column is in `scope_values` (default: the values present in
    `rows`) are replaced. In its own transaction unless `own_transaction` is False (the caller's
    transaction then covers it). Returns the rows loaded."""
    if own_transaction:
        with transaction(con):
            return replace_rows(con, table, rows, scope_values, own_transaction=False)
    columns = table_columns(con, table)
    data = rows if isinstance(rows, pa.Table) else to_arrow(rows, columns)
    if not data.num_columns:  # nothing to insert; keep the columns so the scope still applies
        spec = TABLES[table]
        data = pa.table({c: pa.array([], pa.string()) for c in (spec.scope or spec.key[0],)})
    con.register("_incoming", data)
    try:
        scope = None
        if scope_values is not None:
            values = pa.array(list(dict.fromkeys(scope_values)), pa.string())
            con.register("_scope", pa.table({"v": values}))
            scope = "SELECT v FROM _scope"
        replace_from(con, table, "_incoming", scope, columns, data.column_names)
        return int(data.num_rows)
    finally:  # in an aborted transaction this fails too; the statement's own error matters
        for name in ("_incoming", "_scope"):
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)


def replace_from(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: str,
    scope: str | None = None,
    columns: Sequence[str] | None = None,
    source_columns: Iterable[str] | None = None,
) -> int:
    """`replace_rows` from a relation in SQL (`source`: a table or view name, such as a staged
    table), in the caller's transaction: for scoped tables, the rows whose scope column is in
    `scope` (a query of one column; default: the values `source` has) are replaced; other tables
    are upserted by key. `columns`, `source_columns`: those of `table` and `source`, when the
    caller knows them (else looked up). Returns the rows loaded."""
    spec = TABLES[table]
    if spec.built:
        raise ValueError(f"{table} is built from other tables (ratsinfo.model_tables), not loaded")
    columns = columns if columns is not None else table_columns(con, table)
    if source_columns is None:  # `source` may be qualified (stage.vorlagen): not quoted
        source_columns = [d[0] for d in con.execute(f"SELECT * FROM {source} LIMIT 0").description]
    present = set(source_columns)
    data_columns = [c for c in columns if c in present]
    col_list = ", ".join(f'"{c}"' for c in data_columns)
    insert = f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {source}"
    if spec.scope is not None:
        if scope is None:
            scope = (
                f'SELECT "{spec.scope}" FROM {source}'
                if spec.scope in present
                else "SELECT NULL::VARCHAR WHERE false"
            )
        con.execute(f'DELETE FROM {table} WHERE "{spec.scope}" IN ({scope})')
    else:
        key = ", ".join(spec.key)
        updates = [c for c in data_columns if c not in spec.key and c not in spec.keep]
        action = (
            "DO UPDATE SET " + ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in updates)
            if spec.update and updates
            else "DO NOTHING"
        )
        insert += f" ON CONFLICT ({key}) {action}"
    if not data_columns:
        return 0
    row = con.execute(insert).fetchone()
    return int(row[0]) if row else 0


# -- publication -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Extract:
    """How a published table is written to files.

    formats: the files, by format (FILE_SUFFIXES names them). columns: the columns published
    (None: all; else these, in the table's order, and a missing one is an error), so that what
    the pipeline keeps for itself (times of processing, versions of its readers) stays out of
    the files. csv_omit: columns left out of the CSV only: a spreadsheet cell holds at most
    32,767 characters (Excel), so a long text goes to the formats that hold it (Parquet, JSON
    Lines)."""

    formats: tuple[str, ...] = ("parquet", "csv")
    columns: tuple[str, ...] | None = None
    csv_omit: tuple[str, ...] = ()

    def publishes(self, column: str) -> bool:
        """Whether `column` is in any of the table's files."""
        return self.columns is None or column in self.columns


PUBLISH_FORMATS = Extract().formats  # the files of a table without an entry in EXTRACTS
# Tables published otherwise than as Parquet and CSV of all their columns.
EXTRACTS: dict[str, Extract] = {
    # documents.csv holds what a document is (size, pages, how its text was read, language, scan,
    # error), the text is in documents.parquet and documents.jsonl.gz. Not published: when the
    # text was read (`extracted_at`, different in every run over the same documents: `extractor`
    # says how) and the readers' bookkeeping (which ones ran, in which version).
    "documents": Extract(
        ("parquet", "csv", "jsonl"),
        columns=(
            "document_id", "bytes", "pages", "pages_read", "truncated", "method", "extractor",
            "language", "image_only", "chars", "text", "error", "error_kind",
        ),
        csv_omit=("text",),
    ),
}  # fmt: skip
# The file name of each format after the table's name. JSON Lines is gzip-compressed (its header
# without time or name, so the bytes are the same for the same rows): it holds the full texts,
# and the programs it is for read .jsonl.gz as they are (DuckDB, pandas, polars, `zcat | jq`).
FILE_SUFFIXES = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl.gz"}


def extract_of(table: str) -> Extract:
    """How `table` is published (see Extract)."""
    return EXTRACTS.get(table, Extract())


def published_file(table: str, fmt: str) -> str:
    """The name of `table`'s file in format `fmt`, e.g. documents.jsonl.gz."""
    return f"{table}{FILE_SUFFIXES[fmt]}"


def published_files(table: str) -> dict[str, str]:
    """The names of `table`'s files by format, in the order written."""
    return {fmt: published_file(table, fmt) for fmt in extract_of(table).formats}


def published_columns(
    con: duckdb.DuckDBPyConnection, table: str, fmt: str | None = None
) -> list[str]:
    """The columns of `table` published in format `fmt` (None: in any of its files), in order."""
    extract = extract_of(table)
    columns = table_columns(con, table)
    missing = sorted(set(extract.columns or ()) - set(columns))
    if missing:
        raise ValueError(f"{table} has no column {', '.join(missing)} to publish")
    left_out = set(extract.csv_omit) if fmt == "csv" else set()
    return [c for c in columns if extract.publishes(c) and c not in left_out]


def sql_literal(value: str | os.PathLike[str]) -> str:
    """`value` (a path, a name) as an SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def first_line(error: BaseException) -> str:
    """The first line of an error's message (its class's name when it has none)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


MAX_MEMORY_MB = 4096  # how far a step that ran out of memory raises DuckDB's limit


def out_of_memory(error: BaseException) -> duckdb.OutOfMemoryException | None:
    """DuckDB's out-of-memory error: `error` itself or what it was raised from; else None."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, duckdb.OutOfMemoryException):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def memory_limit_mb(con: duckdb.DuckDBPyConnection) -> int:
    """DuckDB's memory limit in MiB (it reports "122.0 MiB" for a limit of 128MB)."""
    row = con.execute("SELECT current_setting('memory_limit')").fetchone()
    number, _, unit = str(row[0] if row else "128 MiB").partition(" ")
    factor = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "TiB": 1024 * 1024}.get(unit, 1)
    return max(1, int(float(number) * factor))


LOCK_WAIT_SECONDS = 3600.0  # how long to wait for another process's hold on a DuckDB file


def while_locked(action: Callable[[], T], what: Path, wait: float = LOCK_WAIT_SECONDS) -> T:
    """`action()` (opening or attaching the DuckDB file `what`), tried again while another process
    holds the file (DuckDB: one writing process), up to `wait` seconds; then DuckDB's error, which
    names the file and the process holding it."""
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        try:
            return action()
        except duckdb.IOException as e:
            if "lock" not in str(e).lower() or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(2.0, pause * 2)


def _csv_select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """SELECT for the CSV extract: list columns joined with '; ' (CSV has no lists; an empty list
    is an empty cell, like NULL), and text cells that a spreadsheet would run as a formula
    (starting with =, +, -, @, tab or CR) prefixed with an apostrophe. Parquet keeps raw values."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    published = set(published_columns(con, table, "csv"))
    cols = []
    for name, dtype in rows:
        if name not in published:
            continue
        value = f'"{name}"'
        if dtype.endswith("[]"):
            value = f"NULLIF(array_to_string({value}, '; '), '')"
        if dtype.startswith("VARCHAR") or dtype == "JSON":
            value = (
                f"CASE WHEN regexp_matches({value}, '^[=+\\-@\\t\\r]') "
                f"THEN chr(39) || {value} ELSE {value} END"
            )
        cols.append(f'{value} AS "{name}"')
    return ", ".join(cols)


# COPY options per format. JSON Lines: one object per row with every published column (null
# where empty), UTF-8; gzip named explicitly, as the temporary file's name has no .gz suffix.
# Parquet: row groups of 20,000 rows or 4 MB of data, whichever is reached first (DuckDB's default,
# 122,880 rows, held a row group of the sections' texts in memory at once: ~1 GB at 300,000
# papers; 20,000 rows of them still ran out of 128 MB beside the sort at 50,000 papers).
_COPY_OPTIONS = {
    "parquet": "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 20000, ROW_GROUP_SIZE_BYTES '4MB'",
    "csv": "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"'",
    "jsonl": "FORMAT json, COMPRESSION gzip",
}


def publish_table(con: duckdb.DuckDBPyConnection, table: str, out_dir: Path) -> dict[str, Any]:
    """Write `table` in its formats (extract_of: Parquet (zstd) and CSV (UTF-8, header, RFC 4180
    quoting), and for documents JSON Lines (gzip) as well), rows ordered by the primary key, each
    to a temporary name renamed into place. Returns the manifest entries."""
    spec = TABLES[table]
    out_dir.mkdir(parents=True, exist_ok=True)
    order = ", ".join(f'"{k}"' for k in spec.key)
    count_row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    count = int(count_row[0]) if count_row else 0
    names = published_files(table)
    for fmt, name in names.items():
        if fmt == "csv":
            select = _csv_select(con, table)
        else:
            select = ", ".join(f'"{c}"' for c in published_columns(con, table, fmt))
        final = out_dir / name
        tmp = temp_path(final)
        con.execute(
            f"COPY (SELECT {select} FROM {table} ORDER BY {order}) TO {sql_literal(tmp)} "
            f"({_COPY_OPTIONS[fmt]})"
        )
        os.replace(tmp, final)
    return {name: file_entry(out_dir / name, table, fmt, count) for fmt, name in names.items()}


def file_entry(path: Path, table: str, fmt: str, rows: int, **more: str) -> dict[str, Any]:
    """A published file's manifest entry: its table, format, rows (and `more`, e.g. its council),
    bytes and sha256."""
    return {
        "table": table,
        "format": fmt,
        "rows": rows,
        **more,
        "bytes": path.stat().st_size,
        "sha256": file_sha256(path),
    }


def manifest_entries(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Any]:
    """Entries for every published file present in `out_dir`."""
    entries: dict[str, Any] = {}
    for table in PUBLISHED_TABLES:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        for fmt, name in published_files(table).items():
            path = out_dir / name
            if path.exists():
                entries[name] = file_entry(path, table, fmt, int(row[0]) if row else 0)
    return entries


def write_manifest(out_dir: Path, entries: dict[str, Any]) -> Path:
    """manifest.json listing every published file with rows, bytes and sha256 (atomic)."""
    text = json.dumps({"files": dict(sorted(entries.items()))}, indent=2) + "\n"
    return write_atomic(out_dir / "manifest.json", text)
