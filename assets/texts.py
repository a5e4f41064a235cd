"""Stage 3b: the administration's prose → answers and funding rows."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo import progress
from ratsinfo.transform import (
    ExtractedBatch,
    ParsedBatch,
    as_rows,
    extract_rows,
    question_references,
)

from .papers import parsed_papers
from .raw import raw_responses
from .resources import WAREHOUSE_POOL, warehouse_connection

# Question papers named by the re-read papers: their text sections, by reference.
QUESTION_TEXTS_SQL = """
SELECT v.reference, string_agg(s.text, chr(10) || chr(10) ORDER BY s.position)
FROM vorlagen v JOIN sections s USING (paper_id)
WHERE v.reference IN (SELECT unnest(?::VARCHAR[]))
GROUP BY v.reference
"""

# OParl links of the re-read papers (superordinated and related papers), as references.
LINKED_SQL = """
SELECT p.paper_id, list(o.reference ORDER BY o.reference)
FROM oparl_papers p, unnest(list_concat(p.superordinated_papers, p.related_papers)) AS l(linked)
JOIN oparl_papers o ON o.paper_id = l.linked
WHERE p.paper_id IN (SELECT unnest(?::VARCHAR[])) AND o.reference IS NOT NULL
GROUP BY p.paper_id
"""


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
    texts = parsed_papers.text_by_paper()
    vorlagen = as_rows(parsed_papers.vorlagen)
    ids = [v["paper_id"] for v in vorlagen]
    # question papers read in this run, then those loaded by earlier runs
    question_texts = {v["reference"]: texts.get(v["paper_id"], "") for v in vorlagen}
    with warehouse_connection(duckdb) as con:
        linked = dict(con.execute(LINKED_SQL, [ids]).fetchall())
        wanted = sorted(
            {r for v in vorlagen for r in question_references(v, linked.get(v["paper_id"], []))}
            - question_texts.keys()
        )
        question_texts.update(con.execute(QUESTION_TEXTS_SQL, [wanted]).fetchall())
    return extract_rows(
        ((v, texts.get(v["paper_id"], ""), linked.get(v["paper_id"], [])) for v in vorlagen),
        question_texts,
    ).compact()
