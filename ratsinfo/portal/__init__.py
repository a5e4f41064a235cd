"""Make the publish directory an open-data portal delivery: Data Package, DCAT-AP.de metadata,
Atom feeds, a README for downloaders and SHA256SUMS, all generated from the warehouse. Temporary
files that killed writers left in the publish directory and feeds/ are removed on the way."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ratsinfo.files import remove_stale_temp_files
from ratsinfo.portal.feeds import FEEDS_DIR, write_feeds
from ratsinfo.portal.metadata import (
    PortalConfig,
    PortalFacts,
    parse_comment,
    portal_facts,
    write_datapackage,
    write_dcat,
    write_downloads_readme,
    write_sha256sums,
)


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Temporary files (`.<name>.tmp-<pid>`) of writers killed before their rename, in the
    publish directory and its feeds/ folder; a file of a process still running stays (see
    ratsinfo.files.remove_stale_temp_files). Returns the paths removed."""
    return remove_stale_temp_files([out_dir, out_dir / FEEDS_DIR])


def publish_portal(
    con: duckdb.DuckDBPyConnection, out_dir: Path, config: PortalConfig | None = None
) -> list[Path]:
    """Every portal file, SHA256SUMS last (it covers the others), after removing leftover
    temporary files. Returns the paths written."""
    remove_leftovers(out_dir)
    facts = portal_facts(con, out_dir, config)
    paths = [write_datapackage(facts, out_dir, config), *write_dcat(facts, out_dir, config)]
    paths += write_feeds(con, out_dir, facts, config)
    paths.append(write_downloads_readme(facts, out_dir))
    paths.append(write_sha256sums(out_dir))
    return paths


__all__ = [
    "PortalConfig",
    "PortalFacts",
    "parse_comment",
    "portal_facts",
    "publish_portal",
    "remove_leftovers",
    "write_datapackage",
    "write_dcat",
    "write_downloads_readme",
    "write_feeds",
    "write_sha256sums",
]
