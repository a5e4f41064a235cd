"""The portal delivery in one go: every file from one reading of the facts.

`write_metadata_files` writes what depends on the facts (datapackage.json, dcat.ttl/dcat.jsonld,
the Atom feeds, README.md); the Dagster assets (assets/portal.py) call it once per run and hand
the facts on to the portal page. `publish_portal` is the whole delivery without Dagster: leftover
temporary files removed, the metadata files, the portal page, SHA256SUMS last (it covers the
others) — the order of the assets."""

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
from ratsinfo.portal.readme import write_downloads_readme


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
    the paths written."""
    remove_leftovers(out_dir)
    facts = portal_facts(con, out_dir, config, council=council)
    paths = write_metadata_files(con, out_dir, facts, config).paths()
    paths.append(build_portal_page(con, out_dir, facts, expected=("SHA256SUMS",)))
    paths.append(write_sha256sums(out_dir))
    return paths
