"""Stage 5: the portal page. A static, self-contained index.html in the publish directory."""

import dagster as dg

from ratsinfo.portal import PAGE_FILES, PortalFacts, build_portal_page, withdraw

from .portal import withheld_metadata
from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


@dg.asset(
    group_name="publish",
    kinds={"html"},
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    # the portal facts as the metadata step read them (council, licence, attribution): the
    # value of dcat_metadata, handed over within the run
    ins={"facts": dg.AssetIn(key="dcat_metadata")},
    # after the metadata files, so the page links all of them on the first run already
    deps=[dg.AssetKey(k) for k in ("manifest", "datapackage", "feeds", "downloads_readme")],
    description=(
        "index.html in the publish directory: the council, the day the data were fetched, the "
        "papers' date range, the licence with its attribution, the downloads of manifest.json "
        "(format, size, rows, sha256) and the metadata files present, with charts of council "
        "activity (papers per month by type, time to answer questions by department, money per "
        "recipient) drawn as inline SVG from the analytics views, each with its data as a table. "
        "Self-contained (no external scripts, styles or fonts), German, usable on a phone, "
        "deterministic; written to a temporary name and renamed into place. Not written (and "
        "withdrawn) when the council's licence allows no publishing."
    ),
)
def portal_page(
    context: dg.AssetExecutionContext,
    ratsinfo: RatsinfoSettings,
    facts: PortalFacts,
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.for_run(context)
    out_dir = settings.publish_dir
    if not facts.publishable:
        withdrawn = withdraw(out_dir, PAGE_FILES)
        return dg.MaterializeResult(
            metadata=withheld_metadata(context, facts.withheld or "", withdrawn)
        )
    with warehouse_connection(settings, context) as con:
        path = build_portal_page(con, out_dir, facts, expected=("SHA256SUMS",))
    context.log.info(f"wrote {path}")
    return dg.MaterializeResult(metadata={"path": str(path), "bytes": path.stat().st_size})
