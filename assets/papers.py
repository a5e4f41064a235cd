"""Stage 2 and 3: parse the archived pages, then load the paper tables."""

from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.raw import raw_responses
from assets.resources import WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection
from ratsinfo.transform import ExtractedBatch, ParsedBatch, parse_pages
from ratsinfo.warehouse import replace_rows

LATEST_PAGES_SQL = """
SELECT p.paper_id, p.source, p.volfdnr, p.date, p.web_url,
       r.url, r.status, r.error, r.sha256, r.content_type, r.body
FROM oparl_papers p
JOIN (
    SELECT * FROM raw_responses WHERE kind = 'page'
    QUALIFY row_number() OVER (PARTITION BY paper_id ORDER BY last_fetched_at DESC) = 1
) r USING (paper_id)
WHERE NOT p.deleted
ORDER BY p.paper_id
"""


@dg.asset(
    group_name="parse",
    pool=WAREHOUSE_POOL,
    deps=[raw_responses],
    description=(
        "Each paper's latest archived ALLRIS page parsed into Grunddaten, Beratungsfolge, text "
        "sections and linked files. Pages that do not parse are listed with their URL and error."
    ),
)
def parsed_papers(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> ParsedBatch:
    with warehouse_connection(duckdb) as con:
        cursor = con.execute(LATEST_PAGES_SQL)
        names = [d[0] for d in cursor.description or []]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    papers = [{k: r[k] for k in ("paper_id", "source", "volfdnr", "date", "web_url")} for r in rows]
    pages = {r["paper_id"]: r for r in rows}
    batch = parse_pages(papers, pages)
    for failure in batch.failures[:50]:
        context.log.warning(failure["error"])
    context.add_output_metadata(
        {
            "pages": len(batch.parsed_urls),
            "parsed": len(batch.vorlagen),
            "failed": len(batch.failures),
        }
    )
    return batch


def _check(name: str, asset: str, description: str) -> dg.AssetCheckSpec:
    """A blocking check: when it fails with ERROR severity, nothing downstream is published."""
    return dg.AssetCheckSpec(name=name, asset=asset, description=description, blocking=True)


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


@dg.asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    description="Papers (Vorlagen): one row per paper with its Grunddaten. Key: paper_id.",
    check_specs=[
        _check("unique_paper_id", "vorlagen", "paper_id is unique"),
        _check("required_fields", "vorlagen", "reference and subject are present on every row"),
        _check("parse_failures", "vorlagen", "share of pages that failed to parse is below limit"),
    ],
)
def vorlagen(
    context: dg.AssetExecutionContext,
    parsed_papers: ParsedBatch,
    extracted_texts: ExtractedBatch,
    duckdb: DuckDBResource,
    ratsinfo: RatsinfoSettings,
) -> Any:
    limit = ratsinfo.settings().max_failure_rate
    intro = extracted_texts.introductions
    rows = [v | {"introduction": intro.get(v["paper_id"])} for v in parsed_papers.vorlagen]
    with warehouse_connection(duckdb) as con:
        loaded = replace_rows(con, "vorlagen", rows, parsed_papers.parsed_ids)
        replace_rows(con, "parse_failures", parsed_papers.failures, parsed_papers.parsed_urls)
        total = _count(con, "SELECT count(*) FROM vorlagen")
        dupes = _count(
            con, "SELECT count(*) FROM (SELECT paper_id FROM vorlagen GROUP BY 1 HAVING count(*)>1)"
        )
        missing = _count(
            con,
            "SELECT count(*) FROM vorlagen WHERE reference IS NULL OR reference = '' "
            "OR subject IS NULL OR subject = ''",
        )
    pages = len(parsed_papers.parsed_urls)
    failed = len(parsed_papers.failures)
    rate = failed / pages if pages else 0.0
    yield dg.Output(None, metadata={"rows_loaded": loaded, "rows_total": total})
    yield dg.AssetCheckResult(
        check_name="unique_paper_id", passed=dupes == 0, metadata={"duplicates": dupes}
    )
    yield dg.AssetCheckResult(
        check_name="required_fields", passed=missing == 0, metadata={"rows_missing_fields": missing}
    )
    yield dg.AssetCheckResult(
        check_name="parse_failures",
        passed=rate <= limit,
        severity=dg.AssetCheckSeverity.ERROR if rate > limit else dg.AssetCheckSeverity.WARN,
        metadata={
            "pages": pages,
            "failed": failed,
            "failure_rate": rate,
            "limit": limit,
            "failed_urls": [f["url"] for f in parsed_papers.failures[:20]],
        },
    )


@dg.asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    deps=[vorlagen],
    description=(
        "Beratungsfolge: one row per meeting of a committee's consultation of a paper, plus one "
        "row for a consultation with no meeting yet. Key: (paper_id, position, meeting_position)."
    ),
    check_specs=[
        _check("unique_key", "beratungsfolge", "(paper_id, position, meeting_position) is unique"),
        _check("paper_exists", "beratungsfolge", "every row's paper is in vorlagen"),
    ],
)
def beratungsfolge(parsed_papers: ParsedBatch, duckdb: DuckDBResource) -> Any:
    with warehouse_connection(duckdb) as con:
        loaded = replace_rows(
            con, "beratungsfolge", parsed_papers.beratungsfolge, parsed_papers.parsed_ids
        )
        dupes = _count(
            con,
            "SELECT count(*) FROM (SELECT 1 FROM beratungsfolge "
            "GROUP BY paper_id, position, meeting_position HAVING count(*) > 1)",
        )
        orphans = _count(
            con,
            "SELECT count(*) FROM beratungsfolge b ANTI JOIN vorlagen v USING (paper_id)",
        )
    yield dg.Output(None, metadata={"rows_loaded": loaded})
    yield dg.AssetCheckResult(
        check_name="unique_key", passed=dupes == 0, metadata={"duplicates": dupes}
    )
    yield dg.AssetCheckResult(
        check_name="paper_exists", passed=orphans == 0, metadata={"orphans": orphans}
    )


@dg.asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    deps=[vorlagen],
    description="Inline text sections of each paper page (Sachverhalt, Begründung, ...).",
)
def sections(parsed_papers: ParsedBatch, duckdb: DuckDBResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    with warehouse_connection(duckdb) as con:
        loaded = replace_rows(con, "sections", parsed_papers.sections, parsed_papers.parsed_ids)
    return dg.MaterializeResult(metadata={"rows_loaded": loaded})


@dg.asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    deps=[vorlagen],
    description="Documents linked from each paper page (Vorlage, Sammeldokument, Anlagen).",
)
def files(parsed_papers: ParsedBatch, duckdb: DuckDBResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    with warehouse_connection(duckdb) as con:
        loaded = replace_rows(con, "files", parsed_papers.files, parsed_papers.parsed_ids)
    return dg.MaterializeResult(metadata={"rows_loaded": loaded})
