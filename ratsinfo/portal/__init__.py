"""Make the publish directory an open-data portal delivery: Data Package, DCAT-AP.de metadata,
Atom feeds, a README for downloaders and SHA256SUMS, all generated from the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ratsinfo.portal.feeds import write_feeds
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


def publish_portal(
    con: duckdb.DuckDBPyConnection, out_dir: Path, config: PortalConfig | None = None
) -> list[Path]:
    """Every portal file, SHA256SUMS last (it covers the others). Returns the paths written."""
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
    "write_datapackage",
    "write_dcat",
    "write_downloads_readme",
    "write_feeds",
    "write_sha256sums",
]
