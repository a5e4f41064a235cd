"""Stage 2, parse: the pages whose content changed → Grunddaten, Beratungsfolge, sections, files."""

import dagster as dg

from ratsinfo import progress
from ratsinfo.state import gone_papers, pages_to_parse
from ratsinfo.transform import ParsedBatch, parse_pages

from .fetch import raw_responses
from .resources import COUNCIL_PARTITIONS, WAREHOUSE_POOL, RatsinfoSettings, warehouse_connection


@dg.asset(
    group_name="parse",
    kinds={"python"},
    pool=WAREHOUSE_POOL,
    partitions_def=COUNCIL_PARTITIONS,
    deps=[raw_responses],
    description=(
        "The pages whose content changed since the tables were loaded, parsed into Grunddaten, "
        "Beratungsfolge, text sections and linked files; pages that do not parse are listed "
        "with their URL and error; papers the source deleted are listed as gone."
    ),
)
def parsed_papers(context: dg.AssetExecutionContext, ratsinfo: RatsinfoSettings) -> ParsedBatch:
    settings = ratsinfo.for_run(context)
    reparse = settings.reparse
    progress.stage("parsing pages")
    with warehouse_connection(settings) as con:
        batch = parse_pages(pages_to_parse(con, reparse))
        batch.gone = gone_papers(con)
    for failure in batch.failures[:50]:
        context.log.warning(failure["error"])
    context.add_output_metadata(
        {
            "pages": len(batch.parsed_urls),
            "parsed": len(batch.vorlagen),
            "failed": len(batch.failures),
            "gone": len(batch.gone),
        }
    )
    return batch
