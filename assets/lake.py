"""Stage 6, many councils: the council's tables into the lake, and the publication over all.

`lake_tables` (lake layout only, partitioned by council): the council's published tables replace
its rows in the DuckLake (ratsinfo.lake), one transaction, beside other councils' runs.
`combined_extracts` (not partitioned: one over all councils): the combined extracts, the DCAT
catalogue with one dataset per council and the page listing the councils, in `<publish dir>/all/`
(ratsinfo.combined), read from the lake, or from the embedded warehouse file."""

import dataclasses

import dagster as dg

from ratsinfo import progress
from ratsinfo.combined import (
    council_listing,
    listings_from_lake,
    listings_from_warehouse,
    publish_combined,
)
from ratsinfo.councils import council_slug
from ratsinfo.lake import Lake, push_council
from ratsinfo.warehouse import PUBLISHED_TABLES

from .portal import open_data_license, run_council
from .resources import COUNCIL_PARTITIONS, RatsinfoSettings, warehouse_connection

LAKE_TABLES = dg.AssetKey("lake_tables")


@dg.asset(
    name="lake_tables",
    group_name="lake",
    kinds={"ducklake", "parquet"},
    partitions_def=COUNCIL_PARTITIONS,
    # every published table, complete: after the documents' answers and money
    deps=[dg.AssetKey(t) for t in PUBLISHED_TABLES],
    description=(
        "The council's published tables in the lake (lake layout, RATSINFO_LAKE): its rows of "
        "every table replaced by its working file's, and its row of the lake's `councils` table "
        "(name, papers, dates, licence), in one DuckLake transaction (all or none, a new "
        "snapshot), retried while other councils' runs commit. Data as Parquet partitioned by "
        "council; the analytics views and macros of warehouse/views.sql on top."
    ),
)
def lake_tables(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.for_run(context)
    assert settings.lake is not None, "lake_tables is defined only in the lake layout"
    council = run_council(settings)
    with warehouse_connection(settings, context) as con:
        licence = open_data_license(con, settings)
        listing = council_listing(con, council, licence, settings.warehouse)
    lake = Lake(settings.lake, settings.lake_data_path)
    progress.stage("writing the lake", lake.shown())
    listing["page"] = f"../councils/{council_slug(council.key)}/index.html"
    pushed = push_council(settings.warehouse, council.key, lake, listing)
    context.log.info(
        f"lake {lake.shown()}: council {council.key} replaced in snapshot {pushed.snapshot} "
        f"({pushed.attempts} attempt(s), {pushed.seconds:.1f} s)"
    )
    return dg.MaterializeResult(
        metadata={
            "catalog": lake.shown(),
            "data_path": lake.data_path,
            "snapshot": pushed.snapshot or 0,
            "attempts": pushed.attempts,
            "seconds": round(pushed.seconds, 2),
            "rows": sum(pushed.rows.values()),
            **{f"rows_{t}": n for t, n in pushed.rows.items()},
        }
    )


def combined_asset(lake: bool) -> dg.AssetsDefinition:
    """The combined publication, after every council's lake tables (lake layout) or published
    files (embedded layout)."""
    deps = [LAKE_TABLES] if lake else [dg.AssetKey("manifest")]

    @dg.asset(
        name="combined_extracts",
        group_name="publish_all",
        kinds={"parquet", "csv", "rdf", "html"},
        deps=deps,
        description=(
            "Lake layout: first the lake's daily upkeep (inlined rows flushed to Parquet, small "
            "files merged, snapshots older than 30 days expired). Then every published table "
            "over all councils in <publish dir>/all/: Parquet (zstd) "
            "partitioned by council (`<table>/source=<council>/`), one CSV per table while it "
            "stays under a million rows, manifest.json; catalog.ttl / catalog.jsonld (DCAT-AP.de, "
            "one dataset per council) and index.html listing the councils. Councils whose "
            "licence allows no publishing are left out, and said so on the page."
        ),
    )
    def combined_extracts(
        context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
    ) -> dg.MaterializeResult:  # type: ignore[type-arg]
        from ratsinfo import lake as lake_module
        from ratsinfo.portal.catalog import write_catalog  # rdflib: loaded when needed

        settings = ratsinfo.settings()
        progress.stage("publishing all councils", str(settings.publish_dir / "all"))
        upkeep: dict[str, int] = {}
        if settings.lake is not None:
            spec = Lake(settings.lake, settings.lake_data_path)
            upkeep = dataclasses.asdict(lake_module.maintain(spec))
            context.log.info(f"lake upkeep: {upkeep}")
            with lake_module.connect(spec, read_only=True) as con:
                listings = listings_from_lake(con, settings)
                keep = [c.key for c in listings if c.publishable]
                combined = publish_combined(con, settings.publish_dir, councils=keep)
        else:
            with warehouse_connection(settings, context) as con:
                listings = listings_from_warehouse(con, settings)
                keep = [c.key for c in listings if c.publishable]
                combined = publish_combined(con, settings.publish_dir, councils=keep)
        manifest = {"files": combined.entries}
        written = write_catalog(combined.out_dir, listings, manifest, settings.portal)
        for listing in listings:
            if not listing.publishable:
                context.log.warning(f"{listing.key}: not published ({listing.withheld})")
        return dg.MaterializeResult(
            metadata={
                "path": str(combined.out_dir),
                "councils": len(listings),
                "published_councils": len(keep),
                "files": len(combined.entries),
                "csv_left_out": dict(combined.csv_left_out),
                "catalogue": [p.name for p in written],
                **{f"lake_{k}": v for k, v in upkeep.items()},
            }
        )

    return combined_extracts
