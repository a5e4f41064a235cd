"""The portal delivery in one go: every file from one reading of the facts.

`write_metadata_files` writes what depends on the facts (datapackage.json, dcat.ttl/dcat.jsonld,
the Atom feeds, README.md); the Dagster assets (assets/portal.py) call it once per run and hand
the facts on to the portal page. `publish_portal` is the whole delivery without Dagster: leftover
temporary files removed, the metadata files, the portal page, SHA256SUMS last (it covers the
others) — the order of the assets.

A council whose licence allows no publishing (`PortalFacts.publishable` False, see
ratsinfo.portal.facts) gets no open-data file: each publishing step writes nothing and withdraws
the files of its own it finds from an earlier run (`withdraw`), so no file stays that states an
open licence the source does not grant. Only the delivery's own names are removed (the tables'
CSV and Parquet files and documents.jsonl.gz, manifest.json, the metadata files, feeds/*.atom,
index.html, SHA256SUMS);
the data stay in the warehouse, and the files come back with the first run that may publish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from ratsinfo.councils import Council
from ratsinfo.files import remove_stale_temp_files
from ratsinfo.portal.checksums import write_sha256sums
from ratsinfo.portal.datapackage import write_datapackage
from ratsinfo.portal.dcat import write_dcat
from ratsinfo.portal.facts import PortalConfig, PortalFacts, portal_facts
from ratsinfo.portal.feeds import FEEDS_DIR, write_feeds
from ratsinfo.portal.page import build_portal_page
from ratsinfo.portal.page.layout import PAGE_NAME
from ratsinfo.portal.readme import write_downloads_readme
from ratsinfo.warehouse import PUBLISHED_TABLES, published_files

# The files of the delivery, per publishing step (paths relative to the publish directory; a
# pattern may hold '*'), in the order of the steps: what `withdraw` removes.
MANIFEST_FILES = ("manifest.json",)
METADATA_FILES = ("datapackage.json", "dcat.ttl", "dcat.jsonld", "README.md", f"{FEEDS_DIR}/*.atom")
PAGE_FILES = (PAGE_NAME,)
SUMS_FILES = ("SHA256SUMS",)


def table_files(table: str) -> tuple[str, ...]:
    """The files `table` is published as (documents: also documents.jsonl.gz)."""
    return tuple(published_files(table).values())


def delivery_files() -> tuple[str, ...]:
    """Every file (pattern) of the open-data delivery."""
    tables = tuple(name for t in PUBLISHED_TABLES for name in table_files(t))
    return tables + MANIFEST_FILES + METADATA_FILES + PAGE_FILES + SUMS_FILES


def withdraw(out_dir: Path, names: tuple[str, ...]) -> list[Path]:
    """Remove the published files `names` (relative paths or patterns, see delivery_files) from
    `out_dir` where present; nothing else. Returns the paths removed."""
    removed = []
    for name in names:
        for path in sorted(out_dir.glob(name)) if "*" in name else [out_dir / name]:
            if path.is_file() or path.is_symlink():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Temporary files (`.<name>.tmp-<pid>`) of writers killed before their rename, in the
    publish directory and its feeds/ folder; a file of a process still running stays (see
    ratsinfo.files.remove_stale_temp_files). Returns the paths removed."""
    return remove_stale_temp_files([out_dir, out_dir / FEEDS_DIR])


@dataclass(frozen=True)
class MetadataFiles:
    """The paths `write_metadata_files` wrote, one field per asset of assets/portal.py."""

    datapackage: Path
    dcat: tuple[Path, Path]  # dcat.ttl, dcat.jsonld
    feeds: list[Path]  # feeds/all.atom first
    readme: Path

    def paths(self) -> list[Path]:
        return [self.datapackage, *self.dcat, *self.feeds, self.readme]


def write_metadata_files(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    facts: PortalFacts,
    config: PortalConfig | None = None,
) -> MetadataFiles:
    """datapackage.json, dcat.ttl and dcat.jsonld, the Atom feeds and README.md from `facts`
    (read with `portal_facts(con, out_dir, config, ...)` after the published files)."""
    return MetadataFiles(
        datapackage=write_datapackage(facts, out_dir, config),
        dcat=write_dcat(facts, out_dir, config),
        feeds=write_feeds(con, out_dir, facts, config),
        readme=write_downloads_readme(facts, out_dir),
    )


def publish_portal(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    config: PortalConfig | None = None,
    *,
    council: Council | str,
) -> list[Path]:
    """Every portal file of `council` (see portal_facts), in the order of the Dagster assets:
    leftover temporary files removed, the metadata files, index.html, SHA256SUMS last. Returns
    the paths written: none when the council's licence allows no publishing (`portal_facts`
    says why); then every file of the delivery is withdrawn, the tables and manifest.json
    included."""
    remove_leftovers(out_dir)
    facts = portal_facts(con, out_dir, config, council=council)
    if not facts.publishable:
        withdraw(out_dir, delivery_files())
        return []
    paths = write_metadata_files(con, out_dir, facts, config).paths()
    paths.append(build_portal_page(con, out_dir, facts, expected=("SHA256SUMS",)))
    paths.append(write_sha256sums(out_dir))
    return paths
