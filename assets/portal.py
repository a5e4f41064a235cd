"""Stage 5: the publish directory as an open-data portal delivery (after the manifest).

Data Package, DCAT-AP.de metadata (Turtle and JSON-LD), Atom feeds and a README for downloaders,
written in one step (`portal_metadata`) from one reading of the portal facts, which it hands on to
the portal page (assets/portal_page.py); then SHA256SUMS over all of them. The core is
ratsinfo.portal; the council is the run's (the `source` setting), settings of the metadata (base
URL, licence, contributor ID, contact) come from RATSINFO_PORTAL_* environment variables. What
the source states is checked first: a URL that is no safe http(s) URL is repaired or dropped, and
the dcat_metadata asset logs each such warning (and lists them in its metadata) instead of
failing.
"""

from collections.abc import Iterator

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo.councils import Council, council_for
from ratsinfo.portal import (
    portal_facts,
    remove_leftovers,
    write_metadata_files,
    write_sha256sums,
)

from .resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection

MANIFEST = dg.AssetKey("manifest")
PORTAL_PAGE = dg.AssetKey("portal_page")  # index.html (assets/portal_page.py)
DATAPACKAGE = dg.AssetKey("datapackage")
DCAT_METADATA = dg.AssetKey("dcat_metadata")  # its value: the PortalFacts, for the portal page
FEEDS = dg.AssetKey("feeds")
DOWNLOADS_README = dg.AssetKey("downloads_readme")
METADATA_FILES = (DATAPACKAGE, DCAT_METADATA, FEEDS, DOWNLOADS_README)


def run_council(ratsinfo: RatsinfoSettings) -> Council:
    """The council of the run (the `source` setting), whose data the portal describes."""
    source = ratsinfo.settings().source
    if source is None:
        raise dg.Failure(
            "no council configured: set RATSINFO_SOURCE (a council of the registry or an OParl "
            "System URL) where the code location runs"
        )
    try:
        return council_for(source)
    except ValueError as e:
        raise dg.Failure(str(e)) from None


@dg.multi_asset(
    name="portal_metadata",
    pool=WAREHOUSE_POOL,
    specs=[
        dg.AssetSpec(
            DATAPACKAGE,
            group_name="portal",
            kinds={"json"},
            deps=[MANIFEST],
            description=(
                "datapackage.json: a Frictionless Data Package with one resource per published "
                "file; the CSV files with a Table Schema (types, bilingual descriptions from the "
                "warehouse comments, primary and foreign keys)."
            ),
        ),
        dg.AssetSpec(
            DCAT_METADATA,
            group_name="portal",
            kinds={"rdf", "json"},
            deps=[MANIFEST],
            description=(
                "dcat.ttl and dcat.jsonld: DCAT-AP.de metadata of the published files (one "
                "dataset, one distribution per file with size and sha256; licence from the "
                "source or the configured one, with attribution)."
            ),
        ).with_io_manager_key("io_manager"),
        dg.AssetSpec(
            FEEDS,
            group_name="portal",
            kinds={"xml"},
            deps=[MANIFEST],
            description=(
                "feeds/all.atom and feeds/<committee>.atom: Atom feeds of the newest 100 papers, "
                "for the whole body and per committee named in a Beratungsfolge."
            ),
        ),
        dg.AssetSpec(
            DOWNLOADS_README,
            group_name="portal",
            kinds={"markdown"},
            deps=[MANIFEST],
            description=(
                "README.md for downloaders (German, with an English paragraph): the files, their "
                "columns with descriptions, row counts, licence and attribution, checksum "
                "verification."
            ),
        ),
    ],
)
def portal_metadata(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, ratsinfo: RatsinfoSettings
) -> Iterator[dg.Output[object]]:
    """The four metadata files in one step: the portal facts (council, licence, dates, tables,
    the published files with their sha256) are read once and handed on to the portal page as
    the value of dcat_metadata."""
    council = run_council(ratsinfo)
    settings = ratsinfo.settings()
    out_dir, config = settings.publish_dir, settings.portal
    with warehouse_connection(duckdb) as con:
        facts = portal_facts(con, out_dir, config, council=council)
        written = write_metadata_files(con, out_dir, facts, config)
    for warning in facts.warnings:  # what the source or the settings said that was repaired
        context.log.warning(warning)
    yield dg.Output(
        None,
        output_name=DATAPACKAGE.to_python_identifier(),
        metadata={"path": str(written.datapackage)},
    )
    yield dg.Output(
        facts,
        output_name=DCAT_METADATA.to_python_identifier(),
        metadata={
            "files": [path.name for path in written.dcat],
            "license": facts.license.iri,
            "warnings": list(facts.warnings),
        },
    )
    yield dg.Output(
        None, output_name=FEEDS.to_python_identifier(), metadata={"feeds": len(written.feeds)}
    )
    yield dg.Output(
        None,
        output_name=DOWNLOADS_README.to_python_identifier(),
        metadata={"path": str(written.readme)},
    )


@dg.asset(
    group_name="portal",
    kinds={"text"},
    pool=WAREHOUSE_POOL,
    # last: it covers every other file, the portal page's index.html included
    deps=[MANIFEST, *METADATA_FILES, PORTAL_PAGE],
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
