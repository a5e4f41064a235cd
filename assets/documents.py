"""Stage 4b, documents: the PDFs the files name, fetched politely and read in capped workers."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo import progress
from ratsinfo.councils import open_council
from ratsinfo.document_texts import extract_documents, link_documents
from ratsinfo.fetch.documents import documents_to_fetch, fetch_documents, served_at
from ratsinfo.fetch.http import HttpClient

from .resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


@dg.asset(
    group_name="documents",
    kinds={"python", "duckdb", "pdf"},
    pool=WAREHOUSE_POOL,
    deps=[dg.AssetKey("files")],
    description=(
        "The documents (PDFs) that the files name — OParl File download/access URLs and the "
        "document links of parsed pages — fetched with the crawl's politeness (newest papers "
        "first, at most `max_documents` a run; failures retried with a back-off), archived once "
        "per content (sha256), and their text read in worker processes capped in size, pages, "
        "time and memory; a document that cannot be read is recorded with its URL and why. "
        "Table `documents`, one row per content; `files.document_id` links them."
    ),
)
def documents(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings, duckdb: DuckDBResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.settings()
    if settings.source is None or settings.max_documents == 0:
        return dg.MaterializeResult(metadata={"fetched": 0, "skipped": "max_documents is 0"})
    with warehouse_connection(duckdb) as con:
        council = open_council(
            settings.source,
            settings.min_interval,
            papers=settings.sample_papers,
            seed=settings.sample_seed,
            port=settings.sample_port,
        )
        with council as source:
            todo = documents_to_fetch(con, source.council.key, settings.max_documents)
            if source.council.served_by:  # served per run (the sample): a new port each run
                todo = served_at(todo, source.system_url)
            progress.stage("fetching documents", f"{len(todo)} to fetch")
            with HttpClient.for_hosts(
                [source.system_url],
                user_agent=settings.user_agent,
                min_interval=source.min_interval,
            ) as http:
                row = con.execute(
                    "SELECT stopped_hosts FROM crawl_runs WHERE run_id = ?", [context.run.run_id]
                ).fetchone()
                fetched = fetch_documents(
                    con,
                    http,
                    todo,
                    progress=progress.update,
                    stopped_hosts=list(row[0] or []) if row else [],
                )
        progress.stage("reading documents", "worker processes")
        read = extract_documents(con, progress=progress.update)
        link_documents(con)
    for error in [*fetched.errors, *read.errors][:50]:
        context.log.warning(error)
    return dg.MaterializeResult(
        metadata={
            "to_fetch": fetched.wanted,
            "fetched": fetched.fetched,
            "fetch_failed": fetched.failed,
            "bytes": fetched.bytes,
            "read": read.read,
            "with_text": read.with_text,
            "image_only": read.image_only,
            "unreadable": read.failed,
        }
    )
