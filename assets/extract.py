"""Stage 3, extract: the administration's prose → answers and amounts of money."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo import progress
from ratsinfo.state import extract_texts
from ratsinfo.transform import ExtractedBatch, ParsedBatch

from .fetch import raw_responses
from .parse import parsed_papers
from .resources import WAREHOUSE_POOL, warehouse_connection


@dg.asset(
    group_name="extract",
    kinds={"python"},
    pool=WAREHOUSE_POOL,
    deps=[raw_responses],
    ins={"parsed_papers": dg.AssetIn(key=parsed_papers.key)},
    description=(
        "Answers and amounts of money read from each re-read paper's text sections. Question "
        "texts come from the linked question paper (OParl superordinated/related paper, the "
        "reference's parent, references in the subject) joined by label."
    ),
)
def extracted_texts(parsed_papers: ParsedBatch, duckdb: DuckDBResource) -> ExtractedBatch:
    progress.stage("reading answers and amounts of money")
    with warehouse_connection(duckdb) as con:
        return extract_texts(con, parsed_papers)
