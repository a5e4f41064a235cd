"""Stage 5, publish: One Parquet (zstd) and one CSV per table, plus a manifest; the documents'
texts as JSON Lines (gzip) too, and documents.csv without them (ratsinfo.warehouse.EXTRACTS).

A table whose content has not changed since its files were written is not written again (issue
14: a nightly run that changed nothing rewrote every file): each `<table>_files` materialization
records the table's content digest (content_digest) and its files' size and modification time;
the next run compares. The files stay byte for byte what writing them again would give. The
weekly reconciliation (mode full) writes every file whatever the digests say.

Only for a council whose licence allows publishing (see assets/portal.py, licence honesty): for
one whose OParl Body or System states no open licence, and no RATSINFO_PORTAL_LICENSE is set,
each step writes nothing, withdraws its files of an earlier run and says why (log, metadata)."""

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from ratsinfo import progress, warehouse
from ratsinfo.portal import MANIFEST_FILES, withdraw
from ratsinfo.portal import table_files as table_files_of
from ratsinfo.warehouse import (
    PUBLISHED_TABLES,
    extract_of,
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
        "not written again while the table's content is unchanged (metadata `rewritten`, "
        "`content_digest`; the weekly reconciliation writes every file); nothing (and an earlier "
        "run's files withdrawn) when the council's licence allows no publishing."
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
    """Every table's files in one step (one Dagster step per table cost a quarter second each);
    a table unchanged since its files were written keeps them (content_digest)."""
    settings = ratsinfo.for_run(context)
    out_dir = settings.publish_dir
    full = context.run.tags.get("ratsinfo/mode", settings.mode) == "full"
    written, kept = [], []
    with warehouse_connection(settings, context) as con:
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
            digest, rows = content_digest(con, table)
            names = list(published_files(table).values())
            earlier = None if full else _earlier_export(context, key)
            if earlier and earlier[0] == digest and earlier[1] == file_stats(out_dir, names):
                kept.append(table)
            else:
                progress.stage("publishing", ", ".join(names))
                publish_table(con, table, out_dir)
                written.append(table)
            yield dg.MaterializeResult(
                asset_key=key,
                metadata={
                    "dagster/row_count": rows,
                    "rows": rows,
                    "files": sorted(names),
                    "rewritten": table in written,
                    "content_digest": digest,
                    "file_stats": dg.MetadataValue.json(file_stats(out_dir, names)),
                },
            )
    if written or kept:
        context.log.info(
            f"published {out_dir}: {len(written)} tables written"
            + (f" ({', '.join(written)})" if written else "")
            + f", {len(kept)} unchanged since their files were written"
        )


@functools.cache
def _export_code() -> str:
    """What decides the bytes of a table's files besides its columns and rows: the code that
    writes them (ratsinfo.warehouse: the formats and columns of each extract, the SELECTs, CSV
    quoting, COPY options) and DuckDB's version. Any change to either writes every file anew."""
    source = Path(warehouse.__file__).read_bytes()
    return hashlib.sha256(source + duckdb.__version__.encode()).hexdigest()


def content_digest(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, int]:
    """The sha256 of what `table`'s files are made of, and its row count: the published columns
    with their types, an order-independent sum of the rows' hashes (rows are unique by the
    primary key) and the export code (_export_code). Equal digests give equal files."""
    extract = extract_of(table)
    columns = [
        (name, dtype)
        for name, dtype in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' "
            "AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        if extract.publishes(name)
    ]
    values = ", ".join(f'"{name}"' for name, _ in columns)
    row = con.execute(
        f"SELECT count(*), coalesce(sum(hash({values})), 0)::VARCHAR FROM {table}"
    ).fetchone()
    rows, hashes = (int(row[0]), str(row[1])) if row else (0, "0")
    text = json.dumps([_export_code(), table, columns, rows, hashes])
    return hashlib.sha256(text.encode()).hexdigest(), rows


def file_stats(out_dir: Path, names: list[str]) -> dict[str, list[int] | None]:
    """Size and modification time (ns) of each published file (None: missing): a file written
    since (by a run killed before it recorded its digest, by hand) no longer matches."""
    stats: dict[str, list[int] | None] = {}
    for name in names:
        try:
            st = (out_dir / name).stat()
        except FileNotFoundError:
            stats[name] = None
        else:
            stats[name] = [st.st_size, st.st_mtime_ns]
    return stats


def _earlier_export(
    context: dg.AssetExecutionContext, key: str
) -> tuple[str, Mapping[str, Any]] | None:
    """The content digest and file stats the partition's last materialization of `key` recorded
    (None: none, or one from before digests)."""
    partitions = [context.partition_key] if context.has_partition_key else None
    result = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(key), asset_partitions=partitions), limit=1
    )
    if not result.records:
        return None
    materialization = result.records[0].asset_materialization
    metadata = materialization.metadata if materialization else {}
    digest, stats = metadata.get("content_digest"), metadata.get("file_stats")
    if digest is None or stats is None:
        return None
    return str(digest.value), stats.value  # type: ignore[return-value]


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
    with warehouse_connection(settings, context) as con:
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
