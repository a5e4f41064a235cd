"""Stage 5: the publish directory as an open-data portal delivery (after the manifest).

Data Package, DCAT-AP.de metadata (Turtle and JSON-LD), Atom feeds and a README for downloaders,
written in one step (`portal_metadata`) from one reading of the portal facts, which it hands on to
the portal page (assets/portal_page.py); then SHA256SUMS over all of them. The core is
ratsinfo.portal; the council is the run's (the `source` setting), settings of the metadata (base
URL, licence, contributor ID, contact) come from RATSINFO_PORTAL_* environment variables. What
the source states is checked first: a URL that is no safe http(s) URL is repaired or dropped, and
the dcat_metadata asset logs each such warning (and lists them in its metadata) instead of
failing.

Licence honesty: a council whose OParl Body or System states a licence that is no open one
("Nutzung nur nach Genehmigung.", "Stadt Wuppertal") is not published as open data unless the
operator set RATSINFO_PORTAL_LICENSE (ratsinfo.portal.facts.license_decision). Every publishing
step then succeeds without writing a file: it withdraws its own files of an earlier run
(ratsinfo.portal.withdraw), logs why as a warning and puts the sentence in its materialization
metadata (`published` False, `withheld`); the manifest's `open_data_published` check fails (WARN),
and `ratsinfo run` says "no open-data files published: <why>" and exits 3 (ratsinfo.report).
"""

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from ratsinfo.councils import Council, council_for
from ratsinfo.portal import (
    METADATA_FILES,
    SUMS_FILES,
    LicenseDecision,
    PortalFacts,
    portal_facts,
    publication_license,
    remove_leftovers,
    withdraw,
    write_metadata_files,
    write_sha256sums,
)
from ratsinfo.settings import Settings

from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection

MANIFEST = dg.AssetKey("manifest")
PORTAL_PAGE = dg.AssetKey("portal_page")  # index.html (assets/portal_page.py)
DATAPACKAGE = dg.AssetKey("datapackage")
DCAT_METADATA = dg.AssetKey("dcat_metadata")  # its value: the PortalFacts, for the portal page
FEEDS = dg.AssetKey("feeds")
DOWNLOADS_README = dg.AssetKey("downloads_readme")
METADATA_KEYS = (DATAPACKAGE, DCAT_METADATA, FEEDS, DOWNLOADS_README)


def run_council(settings: Settings) -> Council:
    """The council of the run (its partition), whose data the portal describes."""
    if settings.source is None:
        raise dg.Failure("no council: the run has no partition and no RATSINFO_SOURCE")
    try:
        return council_for(settings.source, settings.councils_file)
    except ValueError as e:
        raise dg.Failure(str(e)) from None


def open_data_license(con: duckdb.DuckDBPyConnection, settings: Settings) -> LicenseDecision:
    """Whether the run's council may be published as open data, and under which licence (from its
    archived OParl Body and System and the portal settings)."""
    return publication_license(con, settings.portal, council=run_council(settings))


def withheld_metadata(
    context: dg.AssetExecutionContext, withheld: str, withdrawn: Sequence[Path]
) -> dict[str, Any]:
    """Say in the log why a publishing step wrote nothing, and what it withdrew; returns the
    materialization metadata that says the same (`ratsinfo run` reads `withheld`)."""
    context.log.warning(f"no open-data files published: {withheld}")
    for path in withdrawn:
        context.log.warning(f"withdrew {path}, published by an earlier run")
    return {
        "published": False,
        "withheld": withheld,
        "withdrawn": [str(path) for path in withdrawn],
    }


@dg.multi_asset(
    name="portal_metadata",
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
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
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> Iterator[dg.Output[object]]:
    """The four metadata files in one step: the portal facts (council, licence, dates, tables,
    the published files with their sha256) are read once and handed on to the portal page as
    the value of dcat_metadata."""
    settings = ratsinfo.for_run(context)
    council = run_council(settings)
    out_dir, config = settings.publish_dir, settings.portal
    with warehouse_connection(settings, context) as con:
        facts = portal_facts(con, out_dir, config, council=council)
        written = write_metadata_files(con, out_dir, facts, config) if facts.publishable else None
    for warning in facts.warnings:  # what the source or the settings said that was repaired
        context.log.warning(warning)
    if written is None:  # the council's licence allows no publishing: nothing written
        meta = withheld_metadata(context, facts.withheld or "", withdraw(out_dir, METADATA_FILES))
        meta["license"] = facts.license.iri
        meta["warnings"] = list(facts.warnings)
        for key in METADATA_KEYS:
            value = facts if key == DCAT_METADATA else None
            yield dg.Output(value, output_name=key.to_python_identifier(), metadata=meta)
        return
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
    partitions_def=COUNCIL_PARTITIONS,
    # last: it covers every other file, the portal page's index.html included
    deps=[MANIFEST, DATAPACKAGE, FEEDS, DOWNLOADS_README, PORTAL_PAGE],
    # the portal facts of the metadata step: whether the council may be published at all
    ins={"facts": dg.AssetIn(key=DCAT_METADATA)},
    description=(
        "SHA256SUMS (coreutils format) over every published file except itself; first removes "
        "temporary files that writers killed before their rename left in the publish directory "
        "and feeds/ (never one of a process still running). Not written (and withdrawn) when "
        "the council's licence allows no publishing."
    ),
)
def sha256sums(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings, facts: PortalFacts
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    out_dir = ratsinfo.for_run(context).publish_dir
    removed = remove_leftovers(out_dir)
    for path in removed:
        context.log.info(f"removed leftover temporary file {path}")
    if not facts.publishable:
        meta = withheld_metadata(context, facts.withheld or "", withdraw(out_dir, SUMS_FILES))
        return dg.MaterializeResult(metadata={**meta, "leftovers_removed": len(removed)})
    path = write_sha256sums(out_dir)
    lines = path.read_text(encoding="utf-8").count("\n")
    return dg.MaterializeResult(
        metadata={"path": str(path), "files": lines, "leftovers_removed": len(removed)}
    )
