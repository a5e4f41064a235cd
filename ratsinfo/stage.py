"""A run's intermediate tables, on disk: what the parse and extract steps hand on to the load.

A full run of a big council parses every page it has (Cologne and Munich hold a few hundred
thousand papers). Held in memory, as one batch handed from step to step, those rows made a run's
memory grow with the council (2 GiB at 50,000 papers). Instead the parse step writes them chunk
by chunk into a DuckDB file of the run's own (`stage.duckdb` in the run's folder of the Dagster
storage: intermediate results are scoped to their run), the extract step reads it back chunk by
chunk and writes the answers and amounts it finds beside them, and the load inserts everything
into the warehouse in one transaction, with SQL (DuckDB spills what does not fit its memory
limit). What a step holds in memory is one chunk, whatever the size of the council.

The stage is ATTACHed to the warehouse connection as `stage`; its tables have the columns of the
warehouse tables they are loaded into (created from them, so types are cast on the way in), plus
`chunk`. In-memory batches (tests, benchmarks) go through the same path on a `:memory:` stage.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ratsinfo.warehouse import dict_rows, sql_literal

ALIAS = "stage"

# staged table → (the warehouse table whose columns it has, or None; (column, type) of its own)
TABLES: dict[str, tuple[str | None, tuple[tuple[str, str], ...]]] = {
    "vorlagen": ("page_vorlagen", (("body_key", "VARCHAR"),)),
    "beratungsfolge": ("page_beratungsfolge", ()),
    "sections": ("sections", ()),
    "files": ("page_files", ()),
    "parse_failures": ("parse_failures", ()),
    "answers": ("page_answers", ()),
    "funding": ("page_funding", ()),
    "introductions": (None, (("paper_id", "VARCHAR"), ("introduction", "VARCHAR"))),
    "pages": (None, (("url", "VARCHAR"), ("paper_id", "VARCHAR"))),  # every page read
}


@dataclass
class Staged:
    """What the parse step staged (a small, picklable handle: the rows are in `path`)."""

    path: str  # the stage's DuckDB file
    chunks: int = 0
    pages: int = 0  # pages read, parsed or not
    parsed: int = 0  # papers parsed
    failed: int = 0  # pages that did not parse
    gone: list[str] = field(default_factory=list)  # papers the source says are deleted
    failures: list[dict[str, Any]] = field(default_factory=list)  # the first few, for the log

    KEEP_FAILURES = 50


@contextlib.contextmanager
def attached(
    con: duckdb.DuckDBPyConnection, path: str | os.PathLike[str], create: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The stage at `path` (a file, or ":memory:") attached to `con` as `stage` for the block;
    `create`: a new, empty stage (a file left from an earlier attempt is replaced)."""
    target = str(path)
    if create and target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        for leftover in (Path(target), Path(target + ".wal")):
            leftover.unlink(missing_ok=True)
    con.execute(f"ATTACH {sql_literal(target)} AS {ALIAS}")
    try:
        if create:
            for name, (like, own) in TABLES.items():
                if like is not None:
                    more = "".join(f", NULL::{kind} AS {column}" for column, kind in own)
                    con.execute(
                        f"CREATE TABLE {ALIAS}.{name} AS "
                        f"SELECT *{more}, NULL::INTEGER AS chunk FROM {like} LIMIT 0"
                    )
                else:
                    columns = "".join(f"{column} {kind}, " for column, kind in own)
                    con.execute(f"CREATE TABLE {ALIAS}.{name} ({columns}chunk INTEGER)")
        yield con
    finally:
        with contextlib.suppress(duckdb.Error):  # after a failed statement: the error matters
            con.execute(f"DETACH {ALIAS}")


def append(
    con: duckdb.DuckDBPyConnection,
    chunk: int,
    tables: Mapping[str, Sequence[dict[str, Any]] | pa.Table],
) -> None:
    """Append one chunk's rows to staged tables (by column name; missing columns stay NULL)."""
    for name, rows in tables.items():
        if name not in TABLES:
            raise KeyError(f"no staged table {name!r}")
        data = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(list(rows))
        if not data.num_rows:
            continue
        con.register("_chunk", data)
        try:
            con.execute(
                f"INSERT INTO {ALIAS}.{name} BY NAME SELECT *, $chunk AS chunk FROM _chunk",
                {"chunk": chunk},
            )
        finally:
            con.unregister("_chunk")


def rows(
    con: duckdb.DuckDBPyConnection, name: str, chunk: int | None = None
) -> list[dict[str, Any]]:
    """A staged table's rows (of one chunk), as dicts, without the `chunk` column."""
    where = "" if chunk is None else " WHERE chunk = $chunk"
    cursor = con.execute(
        f"SELECT * EXCLUDE (chunk) FROM {ALIAS}.{name}{where}",
        {"chunk": chunk} if chunk is not None else {},
    )
    return list(dict_rows(cursor))
