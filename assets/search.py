"""Stage 4c, search: the full-text index over the papers' texts, current after every run."""

import dagster as dg

from ratsinfo import progress
from ratsinfo.search import update_search_index

from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


@dg.asset(
    group_name="search",
    kinds={"duckdb", "python"},
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    deps=[dg.AssetKey(k) for k in ("vorlagen", "sections", "files", "documents")],
    description=(
        "Full-text search over the live papers' subjects, page sections and document texts: "
        "table `search_texts` (one row per text) and DuckDB's fts index on it (schema "
        "fts_main_search_texts, German stemmer and stop words, BM25), read by the macro "
        "`search(query, ...)` and `ratsinfo search`. When what it is built from changed (a "
        "fingerprint of the texts): the changed texts taken out and put in again, or, when more "
        "than a quarter changed, rebuilt whole; in one transaction either way."
    ),
)
def search_index(
    context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    progress.stage("indexing texts for search")
    with warehouse_connection(ratsinfo.for_run(context), context) as con:
        update = update_search_index(con)
    context.log.info(update.summary)
    state = update.state
    return dg.MaterializeResult(
        metadata={
            "how": update.how,
            "rebuilt": update.rebuilt,
            "texts_added": update.added,
            "texts_removed": update.removed,
            "seconds": round(state.seconds if update.changed else 0.0, 2),
            "check_seconds": round(update.check_seconds, 2),
            "texts": state.texts,
            "papers": state.papers,
            "terms": state.terms,
            "postings": state.postings,
            "index_bytes": state.bytes or 0,
            "built_at": state.built_at.isoformat(),
            "summary": update.summary,
        }
    )
