"""Stage 2, parse: the pages whose content changed → Grunddaten, Beratungsfolge, sections, files.

The rows go into the run's stage (ratsinfo.stage), a chunk of pages at a time: what this step
hands on is a handle to it, and memory does not grow with the number of pages.
"""

import dagster as dg

from ratsinfo import progress, stage
from ratsinfo.state import stage_pages

from .fetch import raw_responses
from .io import run_dir
from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


@dg.asset(
    group_name="parse",
    kinds={"python"},
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    deps=[raw_responses],
    description=(
        "The pages whose content changed since the tables were loaded, parsed into Grunddaten, "
        "Beratungsfolge, text sections and linked files, staged chunk by chunk in a DuckDB file "
        "of the run's own; pages that do not parse are listed with their URL and error; papers "
        "the source deleted are listed as gone."
    ),
)
def parsed_papers(context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings) -> stage.Staged:
    settings = ratsinfo.for_run(context)
    progress.stage("parsing pages")
    path = run_dir(context.instance, context.run.run_id) / "stage.duckdb"
    with (
        warehouse_connection(settings, context) as con,
        stage.attached(con, path, create=True),
    ):
        staged = stage_pages(con, stage.Staged(str(path)), settings.reparse)
    for failure in staged.failures:
        context.log.warning(failure["error"])
    context.add_output_metadata(
        {
            "pages": staged.pages,
            "parsed": staged.parsed,
            "failed": staged.failed,
            "gone": len(staged.gone),
            "chunks": staged.chunks,
        }
    )
    return staged
