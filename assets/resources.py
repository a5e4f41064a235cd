"""Resources shared by the assets: run settings and the DuckDB warehouse."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from ratsinfo.portal import PortalConfig
from ratsinfo.portal.metadata import both_languages, parse_comment
from ratsinfo.settings import Settings
from ratsinfo.warehouse import apply_schema

DEFAULT = Settings()

# Every step that opens the warehouse runs in this pool; dagster.yaml limits pools to one step at
# a time, so DuckDB (one writing process per file) never sees two writers.
WAREHOUSE_POOL = "duckdb_writer"


class RatsinfoSettings(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The run's settings (ratsinfo.settings.Settings) as a Dagster resource: built once per
    entry point with `from_settings(Settings.from_env(...))`, so `ratsinfo run`, `dg dev`, the
    schedules and tests see the same values; the UI's launchpad can override any field."""

    source: str | None = None
    warehouse: str = str(DEFAULT.warehouse)
    publish_dir: str = str(DEFAULT.publish_dir)
    user_agent: str = DEFAULT.user_agent
    min_interval: float = DEFAULT.min_interval
    max_papers: int | None = None
    sample_papers: int = DEFAULT.sample_papers
    sample_seed: int = DEFAULT.sample_seed
    sample_port: int = DEFAULT.sample_port
    max_failure_rate: float = DEFAULT.max_failure_rate
    mode: str = DEFAULT.mode  # "incremental" (nightly) or "full" (weekly reconciliation)
    recheck_window_days: int = DEFAULT.recheck_window_days
    reparse: bool = DEFAULT.reparse
    max_documents: int = DEFAULT.max_documents
    # ratsinfo.portal.PortalConfig's fields that are set (pydantic copies the default per object)
    portal: dict[str, Any] = {}  # noqa: RUF012

    @classmethod
    def from_settings(cls, settings: Settings) -> RatsinfoSettings:
        values: dict[str, Any] = {
            f.name: str(v) if isinstance(v := getattr(settings, f.name), Path) else v
            for f in dataclasses.fields(Settings)
        }
        values["portal"] = {  # Dagster config holds no nulls: unset fields are left out
            k: list(v) if isinstance(v, tuple) else v
            for k, v in dataclasses.asdict(settings.portal).items()
            if v is not None
        }
        return cls(**values)

    def settings(self) -> Settings:
        """The settings as the core takes them (checked again: the launchpad may have set any)."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(Settings)}
        values["warehouse"], values["publish_dir"] = Path(self.warehouse), Path(self.publish_dir)
        portal = dict(self.portal)
        if "keywords" in portal:
            portal["keywords"] = tuple(portal["keywords"])
        values["portal"] = PortalConfig(**portal)
        return Settings(**values).checked()


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


def count_rows(con: Any, sql: str) -> int:
    """The number a `SELECT count(*) ...` gives (0 when it gives no row)."""
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
