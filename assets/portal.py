"""Stage 5: the publish directory as an open-data portal delivery (after the manifest).

Data Package, DCAT-AP.de metadata (Turtle and JSON-LD), Atom feeds and a README for downloaders,
then SHA256SUMS over all of them. The core is ratsinfo.portal; settings of the metadata (base URL,
licence, contributor ID, contact) come from RATSINFO_PORTAL_* environment variables. What the
source states is checked first: a URL that is no safe http(s) URL is repaired or dropped, and the
dcat_metadata asset logs each such warning (and lists them in its metadata) instead of failing.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo.portal import (
    PortalConfig,
    portal_facts,
    remove_leftovers,
    write_datapackage,
    write_dcat,
    write_downloads_readme,
    write_feeds,
    write_sha256sums,
)

from .resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection

MANIFEST = dg.AssetKey("manifest")
PORTAL_PAGE = dg.AssetKey("portal_page")  # index.html (assets/portal_page.py)


@dg.asset(
    group_name="portal",
    kinds={"json"},
    pool=WAREHOUSE_POOL,
    deps=[MANIFEST],
    description=(
        "datapackage.json: a Frictionless Data Package with one resource per published file; "
        "the CSV files with a Table Schema (types, bilingual descriptions from the warehouse "
        "comments, primary and foreign keys)."
    ),
)
def datapackage(duckdb: DuckDBResource, ratsinfo: RatsinfoSettings) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir, config = ratsinfo.settings().publish_dir, PortalConfig.from_env()
    with warehouse_connection(duckdb) as con:
        path = write_datapackage(portal_facts(con, out_dir, config), out_dir, config)
    return dg.MaterializeResult(metadata={"path": str(path)})


@dg.asset(
    group_name="portal",
    kinds={"rdf", "json"},
    pool=WAREHOUSE_POOL,
    deps=[MANIFEST],
    description=(
        "dcat.ttl and dcat.jsonld: DCAT-AP.de metadata of the published files (one dataset, one "
        "distribution per file with size and sha256; licence from the source or the configured "
        "one, with attribution)."
    ),
)
def dcat_metadata(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir, config = ratsinfo.settings().publish_dir, PortalConfig.from_env()
    with warehouse_connection(duckdb) as con:
        facts = portal_facts(con, out_dir, config)
    for warning in facts.warnings:  # what the source or the settings said that was repaired
        context.log.warning(warning)
    ttl, jsonld = write_dcat(facts, out_dir, config)
    return dg.MaterializeResult(
        metadata={
            "files": [ttl.name, jsonld.name],
            "license": facts.license.iri,
            "warnings": list(facts.warnings),
        }
    )


@dg.asset(
    group_name="portal",
    kinds={"xml"},
    pool=WAREHOUSE_POOL,
    deps=[MANIFEST],
    description=(
        "feeds/all.atom and feeds/<committee>.atom: Atom feeds of the newest 100 papers, for "
        "the whole body and per committee named in a Beratungsfolge."
    ),
)
def feeds(duckdb: DuckDBResource, ratsinfo: RatsinfoSettings) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir, config = ratsinfo.settings().publish_dir, PortalConfig.from_env()
    with warehouse_connection(duckdb) as con:
        paths = write_feeds(con, out_dir, portal_facts(con, out_dir, config), config)
    return dg.MaterializeResult(metadata={"feeds": len(paths)})


@dg.asset(
    group_name="portal",
    kinds={"markdown"},
    pool=WAREHOUSE_POOL,
    deps=[MANIFEST],
    description=(
        "README.md for downloaders (German, with an English paragraph): the files, their "
        "columns with descriptions, row counts, licence and attribution, checksum verification."
    ),
)
def downloads_readme(duckdb: DuckDBResource, ratsinfo: RatsinfoSettings) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir, config = ratsinfo.settings().publish_dir, PortalConfig.from_env()
    with warehouse_connection(duckdb) as con:
        path = write_downloads_readme(portal_facts(con, out_dir, config), out_dir)
    return dg.MaterializeResult(metadata={"path": str(path)})


@dg.asset(
    group_name="portal",
    kinds={"text"},
    pool=WAREHOUSE_POOL,
    # last: it covers every other file, the portal page's index.html included
    deps=[MANIFEST, datapackage, dcat_metadata, feeds, downloads_readme, PORTAL_PAGE],
    description=(
        "SHA256SUMS (coreutils format) over every published file except itself; first removes "
        "temporary files that writers killed before their rename left in the publish directory "
        "and feeds/ (never one of a process still running)."
    ),
)
def sha256sums(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir = ratsinfo.settings().publish_dir
    removed = remove_leftovers(out_dir)
    for path in removed:
        context.log.info(f"removed leftover temporary file {path}")
    path = write_sha256sums(out_dir)
    lines = path.read_text(encoding="utf-8").count("\n")
    return dg.MaterializeResult(
        metadata={"path": str(path), "files": lines, "leftovers_removed": len(removed)}
    )
