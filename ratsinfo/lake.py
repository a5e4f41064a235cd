"""The lake layout: many councils' runs writing at once, into one warehouse of published tables.

A DuckDB file takes one writing process. In the lake layout (setting `lake`, RATSINFO_LAKE) each
council's run works in its own DuckDB file (Settings.for_council: the raw responses, state and
parse tables, documents; its run is its only writer) and ends by replacing the council's rows of
every published table in a DuckLake (https://ducklake.select): one catalog — a SQLite file for one
machine, PostgreSQL for many — and the data as Parquet files partitioned by council (`council`),
with snapshots and time travel. Each council's replacement is one DuckLake transaction; runs of
other councils commit at the same time, and a commit that meets a conflicting one is retried.
The lake holds the same tables as the embedded warehouse, every one with a first column `council`
(the council key, the partition; a table's own `source` keeps its meaning: the council in most,
where a fact was read in answers and funding), and the same analytics views and macros
(warehouse/views.sql).

The DuckLake catalog is given as "sqlite:PATH", "postgres:CONNINFO" (libpq key=value words, e.g.
"dbname=ratsinfo host=db user=ratsinfo") or "duckdb:PATH" (a DuckDB file: one process at a time,
for trying it out). The extensions come from the signed PyPI wheels (ratsinfo.extensions).
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ratsinfo import extensions
from ratsinfo.paths import sql_file
from ratsinfo.warehouse import (
    DUCKDB_CONFIG,
    PUBLISHED_TABLES,
    RUN_DUCKDB_CONFIG,
    first_line,
    sql_literal,
    while_locked,
)

ALIAS = "lake"
COMMIT_ATTEMPTS = 12  # tries of one council's replacement against concurrent commits
_STATE_TABLE = "ratsinfo_lake_state"  # which views.sql the lake's views were made from


class LakeError(RuntimeError):
    """The lake cannot be opened or written; names the catalog (without its password)."""


@dataclass(frozen=True)
class Lake:
    catalog: str  # "sqlite:PATH" | "postgres:CONNINFO" | "duckdb:PATH"
    data_path: str  # directory (or s3:// URL) of the Parquet files

    @property
    def kind(self) -> str:
        return self.catalog.split(":", 1)[0]

    @property
    def target(self) -> str:
        return self.catalog.split(":", 1)[1]

    def shown(self) -> str:
        """The catalog as it may be printed: a PostgreSQL password masked."""
        return masked(self.catalog)

    def attach_sql(self, read_only: bool = False) -> str:
        if self.kind == "duckdb":
            uri = f"ducklake:{self.target}"
        else:
            uri = f"ducklake:{self.kind}:{self.target}"
        if read_only:  # a reader takes the data path the catalog stores
            return f"ATTACH {sql_literal(uri)} AS {ALIAS} (READ_ONLY)"
        data = self.data_path if "://" in self.data_path else self.data_path.rstrip("/") + "/"
        return f"ATTACH {sql_literal(uri)} AS {ALIAS} (DATA_PATH {sql_literal(data)})"


def masked(text: str) -> str:
    """`text` with every `password=…` of a libpq connection string masked."""
    return re.sub(r"(password\s*=\s*)[^\s\"']+", r"\1***", text)


def attach(con: duckdb.DuckDBPyConnection, lake: Lake, read_only: bool = False) -> None:
    """Attach the lake to `con` as `lake` (creating catalog and data folder when writable)."""
    extensions.load(con, "ducklake")
    if lake.kind == "sqlite":
        extensions.load(con, "sqlite_scanner")
    elif lake.kind == "postgres":
        extensions.load(con, "postgres_scanner")
    if lake.kind in ("sqlite", "duckdb") and not read_only:
        Path(lake.target).parent.mkdir(parents=True, exist_ok=True)
    if "://" not in lake.data_path and not read_only:
        Path(lake.data_path).mkdir(parents=True, exist_ok=True)
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            con.execute(lake.attach_sql(read_only))
            return
        except duckdb.Error as e:
            # two first runs creating the catalog at once: one wins, the other attaches after
            racing = any(w in str(e) for w in ("duplicate key", "already exists", "locked"))
            if not racing or attempt == COMMIT_ATTEMPTS:
                why = masked(first_line(e))
                raise LakeError(f"cannot open the lake {lake.shown()}: {why}") from None
            time.sleep(0.1 * attempt * (0.5 + random.random()))


@contextlib.contextmanager
def connect(lake: Lake, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with the lake attached and in use (`USE lake`): its tables and views
    by their plain names."""
    con = duckdb.connect(config=dict(DUCKDB_CONFIG))
    try:
        attach(con, lake, read_only)
        con.execute(f"USE {ALIAS}")
        yield con
    finally:
        con.close()


# What a commit meeting another's says: DuckLake's conflict check, SQLite's lock, PostgreSQL's
# serialization failure, or a catalog row another run inserted first (the same table or view made
# by two first runs at once: the retry finds it there).
_RETRYABLE = (
    "conflict",
    "database is locked",
    "busy",
    "could not serialize",
    "duplicate key",
    "already exists",
)


def _retryable(e: duckdb.Error) -> bool:
    text = str(e).lower()
    return any(w in text for w in _RETRYABLE)


def _with_retries(con: duckdb.DuckDBPyConnection, what: str, work: object) -> int:
    """Run `work(con)` in a transaction, retried with a growing, jittered pause while it meets
    concurrent commits; returns the attempts it took."""
    assert callable(work)
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            work(con)
            con.execute("COMMIT")
            return attempt
        except duckdb.Error as e:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            if not _retryable(e) or attempt == COMMIT_ATTEMPTS:
                raise LakeError(f"{what}: {masked(first_line(e))} (attempt {attempt})") from None
            time.sleep(min(5.0, 0.05 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def _lake_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = 'main' ORDER BY table_name, column_index",
        [ALIAS],
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _column_types(
    con: duckdb.DuckDBPyConnection, database: str, table: str
) -> list[tuple[str, str]]:
    return [
        (str(n), str(t))
        for n, t in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = ? "
            "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            [database, table],
        ).fetchall()
    ]


def ensure_tables(
    con: duckdb.DuckDBPyConnection, database: str, tables: Sequence[str] = PUBLISHED_TABLES
) -> None:
    """Create the lake's tables that are missing (shaped like `database`'s, with a first column
    `council`), partitioned by `council`; add columns a newer schema has."""

    def work(c: duckdb.DuckDBPyConnection) -> None:
        have = _lake_tables(c)
        for table in tables:
            columns = [("council", "VARCHAR"), *_column_types(c, database, table)]
            if table not in have:
                spec = ", ".join(f'"{n}" {t}' for n, t in columns)
                c.execute(f'CREATE TABLE {ALIAS}."{table}" ({spec})')
                c.execute(f'ALTER TABLE {ALIAS}."{table}" SET PARTITIONED BY (council)')
                continue
            for name, dtype in columns:
                if name not in have[table]:
                    c.execute(f'ALTER TABLE {ALIAS}."{table}" ADD COLUMN "{name}" {dtype}')

    have = _lake_tables(con)
    wanted = {t: ["council", *(n for n, _ in _column_types(con, database, t))] for t in tables}
    if all(t in have and set(cols) <= set(have[t]) for t, cols in wanted.items()):
        return
    _with_retries(con, "creating the lake's tables", work)


def ensure_views(con: duckdb.DuckDBPyConnection) -> bool:
    """The analytics views and macros of warehouse/views.sql in the lake, made again only when
    that file changed since; returns whether they were (re)made."""
    sql = sql_file("views.sql").read_text("utf-8")
    digest = hashlib.sha256(sql.encode()).hexdigest()
    create = f"CREATE TABLE IF NOT EXISTS {ALIAS}.{_STATE_TABLE} (name VARCHAR, value VARCHAR)"
    _with_retries(con, "creating the lake's state table", lambda c: c.execute(create))
    made = False

    def work(c: duckdb.DuckDBPyConnection) -> None:
        nonlocal made
        row = c.execute(
            f"SELECT value FROM {ALIAS}.{_STATE_TABLE} WHERE name = 'views_sha256'"
        ).fetchone()
        if row and row[0] == digest:  # made already (by another run, maybe while we waited)
            made = False
            return
        c.execute(f"USE {ALIAS}")
        c.execute(sql)
        c.execute(f"DELETE FROM {ALIAS}.{_STATE_TABLE} WHERE name = 'views_sha256'")
        c.execute(f"INSERT INTO {ALIAS}.{_STATE_TABLE} VALUES ('views_sha256', ?)", [digest])
        made = True

    _with_retries(con, "creating the lake's views", work)
    return made


@dataclass
class Pushed:
    """What one council's replacement in the lake did."""

    council: str
    rows: dict[str, int] = field(default_factory=dict)
    snapshot: int | None = None
    attempts: int = 0
    seconds: float = 0.0


# One row per council in the lake: what the combined publication lists (ratsinfo.combined).
COUNCILS_TABLE = "councils"
COUNCIL_COLUMNS = {
    "council": "VARCHAR", "name": "VARCHAR", "vendor": "VARCHAR", "municipality_key": "VARCHAR",
    "website": "VARCHAR", "system_url": "VARCHAR", "papers": "BIGINT", "first_date": "DATE",
    "last_date": "DATE", "fetched_at": "TIMESTAMPTZ", "publishable": "BOOLEAN",
    "license": "VARCHAR", "withheld": "VARCHAR", "page": "VARCHAR", "pushed_at": "TIMESTAMPTZ",
}  # fmt: skip


def push_council(
    warehouse: Path, council: str, lake: Lake, listing: dict[str, object] | None = None
) -> Pushed:
    """Replace council `council`'s rows of every published table in the lake by those of its
    working file `warehouse`, and its row of the lake's `councils` table by `listing` (columns of
    COUNCIL_COLUMNS), in one DuckLake transaction (all or none), retried against concurrent
    commits of other councils' runs. The file is only read."""
    started = time.monotonic()
    pushed = Pushed(council)
    con = duckdb.connect(config=dict(RUN_DUCKDB_CONFIG))
    try:
        attach(con, lake)
        work_file = f"ATTACH {sql_literal(warehouse)} AS work (READ_ONLY)"
        while_locked(lambda: con.execute(work_file), warehouse)  # a step of the run may hold it
        ensure_tables(con, "work")
        lake_columns = _lake_tables(con)
        if COUNCILS_TABLE not in lake_columns:
            spec = ", ".join(f"{n} {t}" for n, t in COUNCIL_COLUMNS.items())
            _with_retries(
                con,
                "creating the lake's councils table",
                lambda c: c.execute(
                    f"CREATE TABLE IF NOT EXISTS {ALIAS}.{COUNCILS_TABLE} ({spec})"
                ),
            )
        row_values = {**(listing or {}), "council": council}
        names = [n for n in COUNCIL_COLUMNS if n in row_values]

        def work(c: duckdb.DuckDBPyConnection) -> None:
            c.execute(f"DELETE FROM {ALIAS}.{COUNCILS_TABLE} WHERE council = ?", [council])
            c.execute(
                f"INSERT INTO {ALIAS}.{COUNCILS_TABLE} ({', '.join(names)}, pushed_at) "
                f"VALUES ({', '.join('?' for _ in names)}, now())",
                [row_values[n] for n in names],
            )
            for table in PUBLISHED_TABLES:
                columns = [n for n, _ in _column_types(c, "work", table)]
                select = ", ".join(f'"{n}"' for n in columns if n in lake_columns[table])
                c.execute(
                    f'DELETE FROM {ALIAS}."{table}" WHERE council = $council', {"council": council}
                )
                row = c.execute(
                    f'INSERT INTO {ALIAS}."{table}" BY NAME '
                    f'SELECT $council AS council, {select} FROM work."{table}"',
                    {"council": council},
                ).fetchone()  # DuckDB answers an INSERT with the rows it inserted
                pushed.rows[table] = int(row[0]) if row else 0

        pushed.attempts = _with_retries(con, f"replacing council {council!r} in the lake", work)
        ensure_views(con)
        row = con.execute(f"SELECT max(snapshot_id) FROM ducklake_snapshots('{ALIAS}')").fetchone()
        pushed.snapshot = int(row[0]) if row and row[0] is not None else None
    finally:
        # a rolled-back attempt leaves the working file registered with DuckDB in this process
        # unless detached: every later open of it (the next step) would fail ("already attached")
        with contextlib.suppress(duckdb.Error):
            con.execute("DETACH work")
        con.close()
    pushed.seconds = time.monotonic() - started
    return pushed


@dataclass
class Maintained:
    flushed: int = 0  # tables whose inlined rows went to Parquet files
    merged: int = 0  # files merged
    expired: int = 0  # snapshots expired
    removed: int = 0  # files no snapshot needs any more, deleted


def maintain(lake: Lake, keep_days: int = 30) -> Maintained:
    """The lake's upkeep, once a day (the combined publication does it): rows DuckLake kept in
    its catalog (small commits are inlined there) written to Parquet files, small adjacent files
    merged, snapshots older than `keep_days` expired (time travel reaches that far back) and the
    files only they used deleted a week later. Each call is its own transaction, retried like a
    council's replacement."""
    done = Maintained()
    calls = [
        ("flushed", f"CALL ducklake_flush_inlined_data('{ALIAS}')"),
        ("merged", f"CALL ducklake_merge_adjacent_files('{ALIAS}')"),
        (
            "expired",
            f"CALL ducklake_expire_snapshots('{ALIAS}', "
            f"older_than => now() - INTERVAL {int(keep_days)} DAY)",
        ),
        (
            "removed",
            f"CALL ducklake_cleanup_old_files('{ALIAS}', older_than => now() - INTERVAL 7 DAY)",
        ),
    ]
    with connect(lake) as con:
        for name, sql in calls:

            def work(c: duckdb.DuckDBPyConnection, sql: str = sql, name: str = name) -> None:
                setattr(done, name, len(c.execute(sql).fetchall()))

            _with_retries(con, f"lake upkeep ({name})", work)
    return done
