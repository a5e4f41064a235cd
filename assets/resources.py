"""Resources shared by the assets: run settings and the DuckDB warehouse."""

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from ratsinfo.portal.metadata import both_languages, parse_comment
from ratsinfo.settings import Settings
from ratsinfo.warehouse import apply_schema

# Every step that opens the warehouse runs in this pool; dagster.yaml limits pools to one step at
# a time, so DuckDB (one writing process per file) never sees two writers.
WAREHOUSE_POOL = "duckdb_writer"


class RatsinfoSettings(dg.ConfigurableResource):  # type: ignore[type-arg]
    """Run settings; unset fields fall back to RATSINFO_* environment variables, then defaults."""

    source: str | None = None
    publish_dir: str | None = None
    user_agent: str | None = None
    min_interval: float | None = None
    max_papers: int | None = None
    sample_papers: int | None = None
    sample_port: int | None = None
    max_failure_rate: float | None = None
    mode: str | None = None  # "incremental" (nightly) or "full" (weekly reconciliation)
    reparse: bool | None = None

    def settings(self) -> Settings:
        return Settings.from_env(
            source=self.source,
            publish_dir=Path(self.publish_dir) if self.publish_dir else None,
            user_agent=self.user_agent,
            min_interval=self.min_interval,
            max_papers=self.max_papers,
            sample_papers=self.sample_papers,
            sample_port=self.sample_port,
            max_failure_rate=self.max_failure_rate,
            mode=self.mode,
            reparse=self.reparse,
        )


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    """Row count and column schema (types and the descriptions of warehouse/comments.sql) of a
    warehouse table, as the metadata Dagster's catalogue shows."""
    columns = [
        dg.TableColumn(name=name, type=dtype, description=both_languages(*parse_comment(comment)))
        for name, dtype, comment in con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() "
            "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index",
            [table],
        ).fetchall()
    ]
    row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return {
        "dagster/row_count": dg.MetadataValue.int(int(row[0]) if row else 0),
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "dagster/table_name": f"warehouse.main.{table}",
    }


@contextlib.contextmanager
def warehouse_connection(resource: DuckDBResource) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection from the DuckDBResource with the warehouse schema applied (the file's folder
    is created when missing)."""
    if resource.database != ":memory:":
        Path(resource.database).parent.mkdir(parents=True, exist_ok=True)
    with resource.get_connection() as con:
        try:
            apply_schema(con)
            yield con
        finally:  # DuckDBResource closes only on success; a failed step must not keep the file
            con.close()
