"""Stage 1: fetch. OParl paper lists and every paper page → raw_responses, oparl_papers."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection
from ratsinfo.ingest import crawl
from ratsinfo.settings import open_source
from ratsinfo.sources.http import HttpClient
from ratsinfo.warehouse import replace_rows


@dg.asset(
    group_name="fetch",
    pool=WAREHOUSE_POOL,
    description=(
        "Every response fetched from the source: the OParl System, Body and paper lists (newest "
        "first) and each paper's ALLRIS page, archived with URL, fetch time, HTTP status, sha256 "
        "and body. Also loads `oparl_papers`, the listed Paper objects. Fetch errors are kept as "
        "rows naming the URL; the run goes on."
    ),
)
def raw_responses(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.settings()
    with (
        open_source(settings) as source,
        HttpClient.for_hosts(
            [source.system_url], user_agent=settings.user_agent, min_interval=source.min_interval
        ) as http,
    ):
        result = crawl(
            source.system_url,
            http,
            source.name,
            max_papers=settings.max_papers,
            log=context.log.info,
        )
    for error in result.errors[:50]:
        context.log.warning(error)
    with warehouse_connection(duckdb) as con:
        replace_rows(con, "raw_responses", result.responses)
        replace_rows(con, "oparl_papers", result.papers)
    return dg.MaterializeResult(
        metadata={
            "source": source.name,
            "papers_listed": len(result.papers),
            "pages_fetched": result.pages_fetched,
            "responses": len(result.responses),
            "fetch_errors": len(result.errors),
        }
    )
