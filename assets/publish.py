"""Stage 5, publish: One Parquet (zstd) and one CSV per table, plus a manifest; the documents'
texts as JSON Lines (gzip) too, and documents.csv without them (ratsinfo.warehouse.EXTRACTS).

Only for a council whose licence allows publishing (see assets/portal.py, licence honesty): for
one whose OParl Body or System states no open licence, and no RATSINFO_PORTAL_LICENSE is set,
each step writes nothing, withdraws its files of an earlier run and says why (log, metadata)."""

from collections.abc import Iterator

import dagster as dg

from ratsinfo import progress
from ratsinfo.portal import MANIFEST_FILES, withdraw
from ratsinfo.portal import table_files as table_files_of
from ratsinfo.warehouse import (
    PUBLISHED_TABLES,
    manifest_entries,
    publish_table,
    published_files,
    write_manifest,
)

from .portal import open_data_license, withheld_metadata
from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection

OPEN_DATA_CHECK = "open_data_published"
KINDS = {"parquet": "parquet", "csv": "csv", "jsonl": "json"}


def _description(table: str) -> str:
    files = published_files(table)
    text = (
        f"`{table}` published as {files['parquet']} (zstd) and {files['csv']} (UTF-8, header, "
        "RFC 4180 quoting)"
    )
    if "jsonl" in files:
        text += (
            f", its texts in {files['parquet']} and {files['jsonl']} (JSON Lines, gzip) only: "
            f"{files['csv']} has no `text` column (a spreadsheet cell holds 32,767 characters)"
        )
    return text + (
        ", rows ordered by the primary key, written to a temporary name and renamed into place; "
        "nothing (and an earlier run's files withdrawn) when the council's licence allows no "
        "publishing."
    )


@dg.multi_asset(
    name="table_files",
    group_name="publish",
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    specs=[
        dg.AssetSpec(
            f"{table}_files",
            # every table after the documents step: files.document_id names its documents
            deps=list(
                dict.fromkeys(
                    [dg.AssetKey(table), dg.AssetKey("documents"), dg.AssetKey("document_facts")]
                )
            ),
            kinds={KINDS[fmt] for fmt in published_files(table)},
            description=_description(table),
        )
        for table in PUBLISHED_TABLES
    ],
)
def table_files(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> Iterator[dg.MaterializeResult]:  # type: ignore[type-arg]
    """Every table's files in one step (one Dagster step per table cost a quarter second each)."""
    settings = ratsinfo.for_run(context)
    out_dir = settings.publish_dir
    with warehouse_connection(settings) as con:
        licence = open_data_license(con, settings)
        for table in PUBLISHED_TABLES:
            key = f"{table}_files"
            if not licence.publishable:  # the council's licence allows no publishing
                withdrawn = withdraw(out_dir, table_files_of(table))
                yield dg.MaterializeResult(
                    asset_key=key,
                    metadata=withheld_metadata(context, licence.withheld or "", withdrawn),
                )
                continue
            progress.stage("publishing", ", ".join(published_files(table).values()))
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
    partitions_def=COUNCIL_PARTITIONS,
    deps=[dg.AssetKey(f"{t}_files") for t in PUBLISHED_TABLES],
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
def manifest(context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.for_run(context)
    out_dir = settings.publish_dir
    with warehouse_connection(settings) as con:
        licence = open_data_license(con, settings)
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
