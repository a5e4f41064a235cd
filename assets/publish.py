"""Stage 5, publish: One Parquet (zstd) and one CSV per table, plus a manifest.

Only for a council whose licence allows publishing (see assets/portal.py, licence honesty): for
one whose OParl Body or System states no open licence, and no RATSINFO_PORTAL_LICENSE is set,
each step writes nothing, withdraws its files of an earlier run and says why (log, metadata)."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo import progress
from ratsinfo.portal import MANIFEST_FILES, table_files, withdraw
from ratsinfo.warehouse import PUBLISHED, manifest_entries, publish_table, write_manifest

from .portal import open_data_license, withheld_metadata
from .resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection

OPEN_DATA_CHECK = "open_data_published"


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
            "renamed into place; nothing (and an earlier run's files withdrawn) when the "
            "council's licence allows no publishing."
        ),
    )
    def _asset(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
    ) -> dg.MaterializeResult:  # type: ignore[type-arg]
        out_dir = ratsinfo.settings().publish_dir
        with warehouse_connection(duckdb) as con:
            licence = open_data_license(con, ratsinfo)
            if not licence.publishable:  # the council's licence allows no publishing
                withdrawn = withdraw(out_dir, table_files(table))
                return dg.MaterializeResult(
                    metadata=withheld_metadata(context, licence.withheld or "", withdrawn)
                )
            progress.stage("publishing", f"{table}.parquet, {table}.csv")
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
    check_specs=[
        dg.AssetCheckSpec(
            OPEN_DATA_CHECK,
            asset="manifest",
            description=(
                "The council's licence allows publishing its files as open data (an open licence "
                "stated by its OParl Body or System, none stated, or RATSINFO_PORTAL_LICENSE set); "
                "fails (warning) with the reason when no open-data file was published."
            ),
        )
    ],
)
def manifest(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir = ratsinfo.settings().publish_dir
    with warehouse_connection(duckdb) as con:
        licence = open_data_license(con, ratsinfo)
        entries = manifest_entries(con, out_dir) if licence.publishable else {}
    said = {"license": licence.license.iri}
    if licence.withheld:
        said["withheld"] = licence.withheld
    check = dg.AssetCheckResult(
        check_name=OPEN_DATA_CHECK,
        passed=licence.publishable,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=said,
    )
    if not licence.publishable:
        withdrawn = withdraw(out_dir, MANIFEST_FILES)
        return dg.MaterializeResult(
            metadata=withheld_metadata(context, licence.withheld or "", withdrawn),
            check_results=[check],
        )
    path = write_manifest(out_dir, entries)
    return dg.MaterializeResult(
        metadata={"path": str(path), "files": len(entries)}, check_results=[check]
    )
