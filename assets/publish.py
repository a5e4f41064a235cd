"""Stage 5, publish: One Parquet (zstd) and one CSV per table, plus a manifest.

Only for a council whose licence allows publishing (see assets/portal.py, licence honesty): for
one whose OParl Body or System states no open licence, and no RATSINFO_PORTAL_LICENSE is set,
each step writes nothing, withdraws its files of an earlier run and says why (log, metadata)."""

from collections.abc import Iterator

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo import progress
from ratsinfo.portal import MANIFEST_FILES, withdraw
from ratsinfo.portal import table_files as table_files_of
from ratsinfo.warehouse import PUBLISHED, manifest_entries, publish_table, write_manifest

from .portal import open_data_license, withheld_metadata
from .resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection

OPEN_DATA_CHECK = "open_data_published"


@dg.multi_asset(
    name="table_files",
    group_name="publish",
    pool=WAREHOUSE_POOL,
    specs=[
        dg.AssetSpec(
            f"{table}_files",
            deps=[dg.AssetKey(table), dg.AssetKey("documents")],  # files.document_id
            kinds={"parquet", "csv"},
            description=(
                f"`{table}` published as {table}.parquet (zstd) and {table}.csv (UTF-8, header, "
                "RFC 4180 quoting), rows ordered by the primary key, written to a temporary name "
                "and renamed into place; nothing (and an earlier run's files withdrawn) when the "
                "council's licence allows no publishing."
            ),
        )
        for table in PUBLISHED
    ],
)
def table_files(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
) -> Iterator[dg.MaterializeResult]:  # type: ignore[type-arg]
    """Every table's files in one step (one Dagster step per table cost a quarter second each)."""
    out_dir = ratsinfo.settings().publish_dir
    with warehouse_connection(duckdb) as con:
        licence = open_data_license(con, ratsinfo)
        for table in PUBLISHED:
            key = f"{table}_files"
            if not licence.publishable:  # the council's licence allows no publishing
                withdrawn = withdraw(out_dir, table_files_of(table))
                yield dg.MaterializeResult(
                    asset_key=key,
                    metadata=withheld_metadata(context, licence.withheld or "", withdrawn),
                )
                continue
            progress.stage("publishing", f"{table}.parquet, {table}.csv")
            entries = publish_table(con, table, out_dir)
            for name, entry in entries.items():
                context.log.info(f"published {out_dir / name}: {entry['rows']} rows")
            rows = next(iter(entries.values()))["rows"]
            yield dg.MaterializeResult(
                asset_key=key,
                metadata={"dagster/row_count": rows, "rows": rows, "files": sorted(entries)},
            )


EXTRACTS = [table_files]


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
