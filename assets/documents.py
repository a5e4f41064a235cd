"""Stage 4b, documents: the PDFs the files name, fetched politely and read in capped workers."""

import dataclasses
from collections.abc import Iterator
from typing import Any

import dagster as dg

from ratsinfo import progress
from ratsinfo.councils import open_council
from ratsinfo.document_facts import FACT_TABLES, read_document_facts
from ratsinfo.document_texts import extract_documents, link_documents
from ratsinfo.fetch.documents import documents_to_fetch, fetch_documents, served_at
from ratsinfo.fetch.http import HttpClient

from .resources import (
    COUNCIL_PARTITIONS,
    DOCUMENTS_POOL,
    WAREHOUSE_POOL,
    RatsinfoSettings,
    count_rows,
    table_metadata,
    warehouse_connection,
)


@dg.asset(
    group_name="documents",
    kinds={"python", "duckdb", "pdf"},
    pool=DOCUMENTS_POOL,
    partitions_def=COUNCIL_PARTITIONS,
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
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    settings = ratsinfo.for_run(context)
    if settings.source is None or settings.max_documents == 0:
        return dg.MaterializeResult(metadata={"fetched": 0, "skipped": "max_documents is 0"})
    with warehouse_connection(settings, context) as con:
        council = open_council(
            settings.source,
            settings.min_interval,
            registry=settings.councils_file,
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


_DESCRIPTIONS = {
    "answers": (
        "The administration's answers to council questions: one row per answered question, "
        "with the question text, who asked and when; from the paper's page, else from the "
        "paper's document with the most answers (`source`, `document_id`). Key: "
        "(paper_id, position)."
    ),
    "funding": (
        "Amounts of money in each paper's text, its documents' text and its documents' budget "
        "tables: amount in full units, currency, period, role, funder, recipient, start; a "
        "table's amount with the row's label and the column's year (`source` 'page', "
        "'document' or 'table', `document_id`). Key: (paper_id, position)."
    ),
}

# (asset, check, description, SQL counting the offending rows): blocking, like the load's
FACT_CHECKS = [
    ("answers", "paper_exists", "every row's paper is in vorlagen",
     "SELECT count(*) FROM answers ANTI JOIN vorlagen USING (paper_id)"),
    ("answers", "answer_text_present", "no answer text is empty",
     "SELECT count(*) FROM answers WHERE trim(coalesce(answer_text, '')) = ''"),
    ("answers", "one_set_per_paper", "a paper's answers come from one source",
     "SELECT count(*) FROM (SELECT paper_id FROM answers GROUP BY paper_id "
     "HAVING count(DISTINCT coalesce(document_id, '')) > 1)"),
    ("funding", "paper_exists", "every row's paper is in vorlagen",
     "SELECT count(*) FROM funding ANTI JOIN vorlagen USING (paper_id)"),
    ("funding", "amount_positive",
     "amounts named in prose are positive and ranges ordered (a budget table's may be negative)",
     "SELECT count(*) FROM funding "
     "WHERE (source IS DISTINCT FROM 'table' AND amount <= 0) OR amount_max < amount"),
]  # fmt: skip


@dg.multi_asset(
    name="document_facts",
    group_name="documents",
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    specs=[
        dg.AssetSpec(
            table,
            description=_DESCRIPTIONS[table],
            deps=[dg.AssetKey("vorlagen"), dg.AssetKey("documents")],
            kinds={"duckdb", "table"},
        )
        for table in FACT_TABLES
    ],
    check_specs=[
        dg.AssetCheckSpec(name=name, asset=asset, description=description, blocking=True)
        for asset, name, description, _ in FACT_CHECKS
    ],
)
def document_facts(context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings) -> Iterator[Any]:
    """Answers and money from documents: the answer and funding extractors run on the documents'
    text as on the pages' (question texts from the question paper, its page or its documents,
    or from the paper's own other documents), the budget tables' amounts with their year and
    label; then the published answers and funding rebuilt from the pages' and the documents'
    rows (ratsinfo.document_facts)."""
    progress.stage("reading answers and money in documents")
    with warehouse_connection(ratsinfo.for_run(context), context) as con:
        facts = read_document_facts(con, progress=progress.update)
        totals = {t: count_rows(con, f"SELECT count(*) FROM {t}") for t in FACT_TABLES}
        catalogue = {t: table_metadata(con, t) for t in FACT_TABLES}
        offending = {(a, n): count_rows(con, sql) for a, n, _, sql in FACT_CHECKS}
    counts = dataclasses.asdict(facts)
    for table in FACT_TABLES:
        yield dg.MaterializeResult(
            asset_key=table,
            metadata={"rows_total": totals[table], **catalogue[table], **counts},
        )
    for (asset, name), bad in offending.items():
        yield dg.AssetCheckResult(
            asset_key=asset, check_name=name, passed=bad == 0, metadata={"offending_rows": bad}
        )
