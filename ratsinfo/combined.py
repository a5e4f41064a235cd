"""The combined extracts: every published table over all councils, in `<publish dir>/all/`.

- `<table>/council=<council key>/data_0.parquet`: Parquet (zstd) partitioned by council,
  Hive-style (the key URL-encoded, as DuckDB writes and reads it:
  `read_parquet('all/vorlagen/*/*.parquet', hive_partitioning = true)` gives the `council` column
  back), rows ordered by council and key;
- `<table>.csv`: one CSV over all councils, only while the table stays within COMBINED_CSV_MAX_ROWS
  rows (a spreadsheet opens a million rows at most; beyond that the Parquet files are the way);
  documents.csv without the texts, as per council;
- `manifest.json`: every file with its table, format, council (for a partition), rows, bytes and
  sha256.

Read from the lake in the lake layout, from the one warehouse file in the embedded layout (where
every table is given its `council`, see council_rows_sql). Each table's folder is written beside
the old one and swapped into place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import duckdb

from ratsinfo.councils import Council, council_slug, registered
from ratsinfo.document_facts import FACT_TABLES
from ratsinfo.files import temp_path, write_atomic
from ratsinfo.warehouse import (
    _COPY_OPTIONS,
    PUBLISHED_TABLES,
    TABLES,
    _csv_select,
    file_entry,
    published_columns,
    sql_literal,
    table_columns,
)

COMBINED_DIR = "all"
COMBINED_CSV_MAX_ROWS = 1_000_000


def council_rows_sql(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """SELECT of `table`'s rows with a first column `council` (the council key): the lake's own;
    in the embedded warehouse the table's `source` where that names the council, the paper's
    council (answers, funding, whose `source` says where a fact was read; beratungsfolge,
    sections), or for documents once per council whose files name them."""
    columns = table_columns(con, table)
    if "council" in columns:
        return f'SELECT * FROM "{table}"'
    if "source" in columns and table not in FACT_TABLES:
        return f'SELECT source AS council, * FROM "{table}"'
    if "paper_id" in columns:
        return (
            f'SELECT v.council, t.* FROM "{table}" t '
            "JOIN (SELECT paper_id, source AS council FROM vorlagen) v ON v.paper_id = t.paper_id"
        )
    if table == "documents":
        return (
            "SELECT f.council, d.* FROM documents d JOIN (SELECT DISTINCT document_id, "
            "source AS council FROM files WHERE document_id IS NOT NULL) f "
            "ON f.document_id = d.document_id"
        )
    raise ValueError(f"{table} has no council column and no way to one")


@dataclass(frozen=True)
class CouncilListing:
    """One council of the combined publication, for its catalogue and page
    (ratsinfo.portal.catalog)."""

    key: str  # the council key, the `source` column
    name: str
    slug: str  # its folder name (ratsinfo.councils.council_slug)
    vendor: str | None = None
    municipality_key: str | None = None  # AGS
    website: str | None = None
    system_url: str | None = None
    papers: int = 0
    first_date: dt.date | None = None  # its papers' date range
    last_date: dt.date | None = None
    fetched_at: dt.datetime | None = None  # its last run's fetch, UTC
    publishable: bool = True
    license: str | None = None  # licence IRI of its data
    withheld: str | None = None  # why not published, when not publishable
    # its own portal page and metadata, relative to the combined folder (lake layout:
    # "../councils/<slug>/index.html"); None where it has none of its own
    page: str | None = None


@dataclass
class Combined:
    out_dir: Path
    councils: list[str] = field(default_factory=list)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    csv_left_out: dict[str, int] = field(default_factory=dict)  # table → rows


def _swap_in(tmp: Path, final: Path) -> None:
    """Put the folder `tmp` where `final` is: the old one renamed away first, then removed."""
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)


def publish_combined(
    con: duckdb.DuckDBPyConnection,
    publish_dir: Path,
    councils: Sequence[str] | None = None,
    tables: tuple[str, ...] = PUBLISHED_TABLES,
) -> Combined:
    """Write the combined extracts of every table `con` holds (the lake in use, or the embedded
    warehouse) into `publish_dir/all/`, of the councils `councils` only (None: all); returns what
    was written."""
    out = publish_dir / COMBINED_DIR
    out.mkdir(parents=True, exist_ok=True)
    done = Combined(out)
    sources: set[str] = set()
    keep = ""
    if councils is not None:
        keep = " WHERE council IN (" + ", ".join(sql_literal(c) for c in councils) + ")"
        if not councils:
            keep = " WHERE false"
    for table in tables:
        rows_sql = f"SELECT * FROM ({council_rows_sql(con, table)}){keep}"
        order = ", ".join(["council", *(f'"{k}"' for k in TABLES[table].key)])
        published = [c for c in published_columns(con, table, "parquet") if c != "council"]
        columns = ", ".join(f'"{c}"' for c in ["council", *published])
        folder = out / table
        tmp = temp_path(folder)
        shutil.rmtree(tmp, ignore_errors=True)
        con.execute(
            f"COPY (SELECT {columns} FROM ({rows_sql}) ORDER BY {order}) "
            f"TO {sql_literal(tmp)} "
            f"({_COPY_OPTIONS['parquet']}, PARTITION_BY (council), PER_THREAD_OUTPUT false)"
        )
        if not tmp.exists():
            tmp.mkdir()  # no rows: an empty folder, the table has no council yet
        _swap_in(tmp, folder)
        # the rows of each council's partition, in one statement
        per_council = dict(
            con.execute(f"SELECT council, count(*) FROM ({rows_sql}) GROUP BY council").fetchall()
        )
        for part in sorted(folder.glob("council=*/*.parquet")):
            council = unquote(part.parent.name.split("=", 1)[1])
            sources.add(council)
            name = part.relative_to(out).as_posix()
            rows = int(per_council.get(council, 0))
            done.entries[name] = file_entry(part, table, "parquet", rows, council=council)
        total = int(sum(per_council.values()))
        csv = out / f"{table}.csv"
        if total > COMBINED_CSV_MAX_ROWS:
            csv.unlink(missing_ok=True)
            done.csv_left_out[table] = total
            continue
        select = _csv_select(con, table)
        if '"council"' not in select:
            select = '"council", ' + select
        tmp_csv = temp_path(csv)
        con.execute(
            f"COPY (SELECT {select} FROM ({rows_sql}) ORDER BY {order}) "
            f"TO {sql_literal(tmp_csv)} "
            f"({_COPY_OPTIONS['csv']})"
        )
        os.replace(tmp_csv, csv)
        done.entries[csv.name] = file_entry(csv, table, "csv", total)
    done.councils = sorted(sources)
    text = json.dumps({"files": dict(sorted(done.entries.items()))}, indent=2) + "\n"
    write_atomic(out / "manifest.json", text)
    return done


def _stats(con: duckdb.DuckDBPyConnection, council: str) -> dict[str, Any]:
    """Papers, their date range and the last fetch of `council` in a warehouse."""
    row = con.execute(
        "SELECT count(*), min(date), max(date) FROM vorlagen "
        "WHERE source = ? AND deleted_at IS NULL",
        [council],
    ).fetchone()
    fetched = con.execute(
        "SELECT max(finished_at) FROM crawl_runs WHERE source = ?", [council]
    ).fetchone()
    papers, first, last = row if row else (0, None, None)
    return {
        "papers": int(papers or 0),
        "first_date": first,
        "last_date": last,
        "fetched_at": fetched[0] if fetched else None,
    }


def council_listing(
    con: duckdb.DuckDBPyConnection, council: Council, licence: Any, warehouse: Path
) -> dict[str, Any]:
    """The `councils` row of the lake for a council's run (ratsinfo.lake.COUNCIL_COLUMNS): its
    record, its papers and dates from its working file, and its licence decision."""
    return {
        "name": council.name,
        "vendor": council.vendor,
        "municipality_key": council.municipality_key,
        "website": council.website,
        "system_url": council.system_url,
        **_stats(con, council.key),
        "publishable": bool(licence.publishable),
        "license": licence.license.iri,
        "withheld": licence.withheld,
    }


def listings_from_lake(con: duckdb.DuckDBPyConnection, settings: Any) -> list[CouncilListing]:
    """The councils of the lake's `councils` table, by key."""
    from ratsinfo.lake import COUNCILS_TABLE

    present = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'lake' AND table_name = ?",
        [COUNCILS_TABLE],
    ).fetchone()
    if not present or not present[0]:
        return []
    columns = [f.name for f in dataclasses.fields(CouncilListing) if f.name not in ("key", "slug")]
    rows = con.execute(
        f"SELECT council, {', '.join(columns)} FROM lake.{COUNCILS_TABLE} ORDER BY council"
    ).fetchall()
    return [
        CouncilListing(key=r[0], slug=council_slug(r[0]), **dict(zip(columns, r[1:], strict=True)))
        for r in rows
    ]


def listings_from_warehouse(con: duckdb.DuckDBPyConnection, settings: Any) -> list[CouncilListing]:
    """The councils of the embedded warehouse (every `source` of vorlagen), with their records
    from the registry and their licence decision."""
    from ratsinfo.portal.facts import publication_license

    out = []
    for (key,) in con.execute("SELECT DISTINCT source FROM vorlagen ORDER BY 1").fetchall():
        council = registered(key, settings.councils_file) or Council(
            key=key, name=key, system_url=None, vendor="OParl"
        )
        licence = publication_license(con, settings.portal, council=council)
        row = council_listing(con, council, licence, settings.warehouse)
        out.append(CouncilListing(key=key, slug=council_slug(key), page="../index.html", **row))
    return out
