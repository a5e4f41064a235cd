"""Stage 4, load: every paper table in one transaction, with blocking data checks."""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from ratsinfo import progress
from ratsinfo.document_facts import FACT_TABLES
from ratsinfo.load import load_staged
from ratsinfo.stage import Staged
from ratsinfo.warehouse import PUBLISHED

from .resources import (
    COUNCIL_PARTITIONS,
    WAREHOUSE_POOL,
    RatsinfoSettings,
    count_rows,
    table_metadata,
    warehouse_connection,
)

# The published tables this step materialises; answers and funding are the documents step's
# (assets/documents.py: built from the pages' and the documents' rows once documents are read).
LOADED = tuple(t for t in PUBLISHED if t not in FACT_TABLES)

_DESCRIPTIONS = {
    "vorlagen": "Papers (Vorlagen): one row per paper with its Grunddaten. Key: paper_id.",
    "beratungsfolge": (
        "Beratungsfolge: one row per meeting of a committee's consultation of a paper, plus one "
        "row for a consultation with no meeting yet. Key: (paper_id, position, meeting_position)."
    ),
    "sections": "Inline text sections of each paper page (Sachverhalt, Begründung, ...).",
    "files": (
        "Documents of papers, meetings and agenda items (OParl File metadata, text where the "
        "server gives it), and documents a paper page links that OParl does not list."
    ),
    "bodies": "The OParl Bodies (councils) of the source, with licence and detected vendor.",
    "organizations": "Committees, factions and departments (OParl Organization).",
    "persons": "Council members and other persons (OParl Person).",
    "memberships": "Who sits in which committee or faction, in which role (OParl Membership).",
    "legislative_terms": "Legislative terms (OParl LegislativeTerm).",
    "meetings": "Meetings of the committees, with date, committee and place (OParl Meeting).",
    "agenda_items": "Agenda items of the meetings, with result and paper (OParl AgendaItem).",
    "locations": "Meeting places and addresses (OParl Location).",
}


def _check(asset: str, name: str, description: str) -> dg.AssetCheckSpec:
    """A blocking check: when it fails with ERROR severity, nothing downstream is published."""
    return dg.AssetCheckSpec(name=name, asset=asset, description=description, blocking=True)


# (asset, check, description, SQL counting the offending rows)
CHECKS = [
    ("vorlagen", "unique_paper_id", "paper_id is unique",
     "SELECT count(*) FROM (SELECT 1 FROM vorlagen GROUP BY paper_id HAVING count(*) > 1)"),
    ("vorlagen", "required_fields", "reference and subject are present on every row",
     "SELECT count(*) FROM vorlagen WHERE coalesce(reference, '') = '' "
     "OR coalesce(subject, '') = ''"),
    ("vorlagen", "listed_papers_loaded",
     "a source that listed live papers has papers in vorlagen (loading none is no success)",
     "SELECT count(*) FROM (SELECT source FROM oparl_papers WHERE NOT deleted GROUP BY source) s "
     "WHERE NOT EXISTS (SELECT 1 FROM vorlagen v WHERE v.source = s.source)"),
    ("beratungsfolge", "unique_key", "(paper_id, position, meeting_position) is unique",
     "SELECT count(*) FROM (SELECT 1 FROM beratungsfolge "
     "GROUP BY paper_id, position, meeting_position HAVING count(*) > 1)"),
    ("beratungsfolge", "paper_exists", "every row's paper is in vorlagen",
     "SELECT count(*) FROM beratungsfolge ANTI JOIN vorlagen USING (paper_id)"),
]  # fmt: skip


@dg.multi_asset(
    group_name="load",
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    specs=[
        dg.AssetSpec(
            t,
            description=_DESCRIPTIONS[t],
            deps=["parsed_papers", "extracted_texts"],
            kinds={"duckdb", "table"},
        )
        for t in LOADED
    ],
    check_specs=[
        *(_check(asset, name, description) for asset, name, description, _ in CHECKS),
        _check(
            "vorlagen",
            "parse_failures",
            "share of the source's pages that do not parse stays below the configured limit",
        ),
    ],
    ins={
        "parsed_papers": dg.AssetIn(),
        "extracted_texts": dg.AssetIn(),
    },
)
def paper_tables(
    context: dg.AssetExecutionContext,
    parsed_papers: Staged,
    extracted_texts: Staged,
    ratsinfo: RatsinfoSettings,
) -> Iterator[Any]:
    """Every table loaded in ONE transaction: what the pages said, the texts read from them, and
    the OParl model tables rebuilt from the objects; a killed run leaves all as before."""
    settings = ratsinfo.for_run(context)
    limit = settings.max_failure_rate
    progress.stage("loading the warehouse", "one transaction")
    with warehouse_connection(settings, context) as con:
        loaded = load_staged(con, extracted_texts)
        totals = {t: count_rows(con, f"SELECT count(*) FROM {t}") for t in LOADED}
        catalogue = {t: table_metadata(con, t) for t in LOADED}
        offending = {(a, n): count_rows(con, sql) for a, n, _, sql in CHECKS}
        failing = count_rows(con, "SELECT count(*) FROM parse_failures")
    for table in LOADED:
        yield dg.MaterializeResult(
            asset_key=table,
            metadata={
                "rows_loaded": loaded.get(f"{table}_built", loaded.get(table, totals[table])),
                "rows_total": totals[table],
                **catalogue[table],
            },
        )
    for (asset, name), bad in offending.items():
        yield dg.AssetCheckResult(
            asset_key=asset, check_name=name, passed=bad == 0, metadata={"offending_rows": bad}
        )
    # health of the warehouse, not of one (possibly tiny) nightly batch: pages whose latest
    # version does not parse, against all pages that are loaded or failing
    rate = failing / (failing + totals["vorlagen"]) if failing else 0.0
    yield dg.AssetCheckResult(
        asset_key="vorlagen",
        check_name="parse_failures",
        passed=rate <= limit,
        severity=dg.AssetCheckSeverity.ERROR if rate > limit else dg.AssetCheckSeverity.WARN,
        metadata={
            "pages_parsed_this_run": parsed_papers.pages,
            "failed_this_run": parsed_papers.failed,
            "failing_in_warehouse": failing,
            "failure_rate": rate,
            "limit": limit,
            "failed_urls": [f["url"] for f in parsed_papers.failures[:20]],
        },
    )
    context.log.info(f"loaded {loaded}")
