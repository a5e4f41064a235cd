"""Stage 1, fetch: OParl paper lists and paper pages → raw_responses, oparl_papers."""

import datetime as dt

import dagster as dg

from ratsinfo import progress
from ratsinfo.councils import open_council
from ratsinfo.fetch.http import HttpClient
from ratsinfo.ingest import crawl
from ratsinfo.state import CrawlArchiver, known_state, record_crawl

from .resources import (
    COUNCIL_PARTITIONS,
    WAREHOUSE_POOL,
    RatsinfoSettings,
    table_metadata,
    warehouse_connection,
)


def _retrying(context: dg.AssetExecutionContext, url: str, why: str, attempt: int) -> None:
    context.log.warning(f"retrying {url} ({why}; attempt {attempt})")
    progress.stage("retrying", f"{url}: {why}; attempt {attempt}")


@dg.asset(
    group_name="fetch",
    kinds={"python", "duckdb"},
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    description=(
        "Every response fetched from the source: the OParl System, its Bodies and their lists "
        "(organizations, persons, meetings with agenda items, papers with consultations and "
        "files), and the paper pages of vendors whose pages are read (ALLRIS 4, classic ALLRIS), "
        "archived with URL, fetch time, HTTP status, ETag, Last-Modified, sha256 and body, "
        "written in batches as the crawl goes; every OParl object into `oparl_objects`, papers "
        "into `oparl_papers`. Incremental runs list the newest papers until known ones; where "
        "stamps are real, every list with modified_since; on ALLRIS 4 the recent and upcoming "
        "meetings whose agenda changed say which papers to re-check. Full runs (weekly "
        "reconciliation) re-check everything."
    ),
)
def raw_responses(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.for_run(context)
    assert settings.source is not None
    started = dt.datetime.now(dt.UTC)
    council = open_council(
        settings.source,
        settings.min_interval,
        registry=settings.councils_file,
        papers=settings.sample_papers,
        seed=settings.sample_seed,
        port=settings.sample_port,
    )
    # archiving what the crawl fetched needs little of DuckDB: 64 MB (256 by default) keep the
    # step's memory flat at a few hundred thousand papers (BENCHMARKS.md); more if it runs out
    with council as source, warehouse_connection(settings, context, memory_mb=64) as con:
        state = known_state(
            con,
            source.council.key,
            settings.recheck_window_days,
            with_agenda=settings.mode == "incremental",
        )
        with HttpClient.for_hosts(
            [source.system_url],
            user_agent=settings.user_agent,
            min_interval=source.min_interval,
            on_retry=lambda url, why, n: _retrying(context, url, why, n),
        ) as http:
            result = crawl(
                source.system_url,
                http,
                source.council.key,
                max_papers=settings.max_papers,
                log=context.log.info,
                state=state,
                mode=context.run.tags.get("ratsinfo/mode", settings.mode),
                archive=CrawlArchiver(con),
                progress=progress.update,
            )
            record_crawl(con, result, started, http.requests_made, context.run.run_id)
        catalogue = table_metadata(con, "raw_responses")
    for error in result.errors[:50]:
        context.log.warning(error)
    return dg.MaterializeResult(
        metadata={
            **catalogue,
            "source": source.council.key,
            "vendor": result.vendor.name if result.vendor else "OParl",
            "mode": result.mode,
            "objects_listed": result.objects_listed,
            "meetings_with_changed_agenda": result.meetings_touched,
            "papers_listed": result.papers_listed,
            "pages_requested": result.pages_requested,
            "pages_changed": result.pages_changed,
            "requests": http.requests_made,
            "fetch_errors": len(result.errors),
        }
    )
