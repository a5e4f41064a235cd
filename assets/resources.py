"""Resources shared by the assets: run settings and the DuckDB warehouse."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from ratsinfo.portal import PortalConfig
from ratsinfo.portal.metadata import both_languages, parse_comment
from ratsinfo.settings import Settings
from ratsinfo.warehouse import (
    MAX_MEMORY_MB,
    RUN_DUCKDB_CONFIG,
    apply_schema,
    first_line,
    memory_limit_mb,
    out_of_memory,
    while_locked,
)

DEFAULT = Settings()

# One partition per council (its key, as in the tables' `source` column): every asset of the
# pipeline is partitioned by council. Added by `ratsinfo councils add`, `ratsinfo run` and the
# council_registry sensor (pipelines/jobs.py) from the registry of councils.
COUNCIL_PARTITIONS = dg.DynamicPartitionsDefinition(name="councils")

# Every step that writes a warehouse file runs in this pool. dagster.yaml limits pools to one step
# at a time, so the embedded warehouse (one DuckDB file, one writing process) never sees two
# writers; in the lake layout every council has its own file, written only by its own run (the
# run queue admits one run per council), and a deployment raises the pool's limit to its number
# of concurrent runs (deploy/, docs/deploy.md).
WAREHOUSE_POOL = "duckdb_writer"
# The documents step (PDF text in worker processes: CPU) has its own pool: its limit is the CPU a
# deployment gives to text extraction. It writes its council's warehouse file too; where that file
# is shared (embedded layout), warehouse_connection waits for DuckDB's file lock.
DOCUMENTS_POOL = "pdf_text"


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
    councils_file: str = str(DEFAULT.councils_file)
    lake: str | None = None
    lake_data: str | None = None
    executor: str = DEFAULT.executor
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
        values["councils_file"] = Path(self.councils_file)
        portal = dict(self.portal)
        if "keywords" in portal:
            portal["keywords"] = tuple(portal["keywords"])
        values["portal"] = PortalConfig(**portal)
        return Settings(**values).checked()

    def for_run(self, context: dg.AssetExecutionContext | dg.OpExecutionContext) -> Settings:
        """The settings of the run's council: the partition's (Settings.for_council: in the lake
        layout its own warehouse file and publish directory)."""
        settings = self.settings()
        key = context.partition_key if context.has_partition_key else None
        if key is None:
            if settings.source is None:
                raise dg.Failure(
                    "no council configured: set RATSINFO_SOURCE where the code location runs, or "
                    "run a partition of the councils (a council of the registry)"
                )
            key = settings.council_key or settings.source
        return settings.for_council(key)


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


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file `path` (its folder created when missing), waiting while
    another process holds the file (ratsinfo.warehouse.while_locked)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return while_locked(lambda: duckdb.connect(str(path), config=dict(RUN_DUCKDB_CONFIG)), path)


# A step whose DuckDB statement runs out of memory (DuckDB spills most work to disk, not all of
# it: ordered aggregates, a Parquet writer's row group, an index) runs again with twice the limit,
# up to warehouse.MAX_MEMORY_MB (256 → 512 → 1024 → 2048 → 4096 MB): a big council costs memory
# instead of failing. Every step can run again: one transaction (rolled back by the failure), or
# work that replaces what an earlier attempt wrote (the stage, the published files, the index).
MEMORY_RETRIES = 4


@contextlib.contextmanager
def warehouse_connection(
    settings: Settings,
    context: dg.AssetExecutionContext | dg.OpExecutionContext | None = None,
    memory_mb: int | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the run's warehouse file with the schema applied, closed at the end of the
    step, also when it fails. `memory_mb`: a step that needs little of DuckDB (the crawl's
    archiving) starts with this limit rather than the configured one, if lower. With the step's
    `context`: should DuckDB run out of memory, the step is retried with twice the limit
    (MEMORY_RETRIES, said in the step's log)."""
    con = open_warehouse(settings.warehouse)
    attempt = context.retry_number if context is not None else 0
    limit = MAX_MEMORY_MB
    try:
        configured = memory_limit_mb(con)
        limit = min(configured, memory_mb or configured) * 2**attempt
        if limit != configured:
            limit = min(limit, max(MAX_MEMORY_MB, configured))
            con.execute(f"SET memory_limit = '{limit}MiB'")
        apply_schema(con)
        yield con
    except Exception as e:
        oom = out_of_memory(e)
        if context is None or oom is None or limit >= MAX_MEMORY_MB:
            raise
        held = "".join(f"; {note}" for note in getattr(oom, "__notes__", ()))
        context.log.warning(
            f"DuckDB ran out of memory in {limit} MiB ({first_line(oom)}{held}): "
            f"the step runs again with {min(2 * limit, MAX_MEMORY_MB)} MiB"
        )
        raise dg.RetryRequested(max_retries=MEMORY_RETRIES, seconds_to_wait=0) from e
    finally:
        con.close()


def count_rows(con: Any, sql: str) -> int:
    """The number a `SELECT count(*) ...` gives (0 when it gives no row)."""
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
