"""Stage 3, extract: the administration's prose → answers and amounts of money."""

import dagster as dg

from ratsinfo import progress, stage
from ratsinfo.state import extract_staged

from .fetch import raw_responses
from .parse import parsed_papers
from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


@dg.asset(
    group_name="extract",
    kinds={"python"},
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    deps=[raw_responses],
    ins={"parsed_papers": dg.AssetIn(key=parsed_papers.key)},
    description=(
        "Answers and amounts of money read from each re-read paper's text sections, a chunk of "
        "the run's stage at a time. Question texts come from the linked question paper (OParl "
        "superordinated/related paper, the reference's parent, references in the subject) "
        "joined by label."
    ),
)
def extracted_texts(
    context: dg.AssetExecutionContext, parsed_papers: stage.Staged, ratsinfo: RatsinfoSettings
) -> stage.Staged:
    progress.stage("reading answers and amounts of money")
    with (
        warehouse_connection(ratsinfo.for_run(context), context) as con,
        stage.attached(con, parsed_papers.path),
    ):
        found = extract_staged(con, parsed_papers)
    context.add_output_metadata(found)
    return parsed_papers
