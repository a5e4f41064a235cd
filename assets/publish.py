"""Stage 5, publish: One Parquet (zstd) and one CSV per table, plus a manifest."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo import progress
from ratsinfo.warehouse import PUBLISHED, manifest_entries, publish_table, write_manifest

from .resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


def _extract_asset(table: str) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"{table}_files",
        group_name="publish",
        kinds={"parquet", "csv"},
        pool=WAREHOUSE_POOL,
        deps=[dg.AssetKey(table)],
        description=(
            f"`{table}` published as {table}.parquet (zstd) and {table}.csv (UTF-8, header, "
            "RFC 4180 quoting), rows ordered by the primary key, written to a temporary name and "
            "renamed into place."
        ),
    )
    def _asset(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
    ) -> dg.MaterializeResult:  # type: ignore[type-arg]
        out_dir = ratsinfo.settings().publish_dir
        progress.stage("publishing", f"{table}.parquet, {table}.csv")
        with warehouse_connection(duckdb) as con:
            entries = publish_table(con, table, out_dir)
        for name, entry in entries.items():
            context.log.info(f"published {out_dir / name}: {entry['rows']} rows")
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": next(iter(entries.values()))["rows"],
                "rows": next(iter(entries.values()))["rows"],
                "files": sorted(entries),
            }
        )

    return _asset


EXTRACTS = [_extract_asset(t) for t in PUBLISHED]


@dg.asset(
    group_name="publish",
    kinds={"json"},
    pool=WAREHOUSE_POOL,
    deps=[dg.AssetKey(f"{t}_files") for t in PUBLISHED],
    description="manifest.json: every published file with its table, format, rows, bytes, sha256.",
)
def manifest(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir = ratsinfo.settings().publish_dir
    with warehouse_connection(duckdb) as con:
        entries = manifest_entries(con, out_dir)
    path = write_manifest(out_dir, entries)
    return dg.MaterializeResult(metadata={"path": str(path), "files": len(entries)})
