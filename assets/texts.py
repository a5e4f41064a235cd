"""Stage 3b: the administration's prose → answers and funding rows."""

from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.papers import parsed_papers, vorlagen
from assets.raw import raw_responses
from assets.resources import WAREHOUSE_POOL, warehouse_connection
from ratsinfo.transform import ExtractedBatch, ParsedBatch, extract_rows, question_references
from ratsinfo.warehouse import replace_rows

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
    texts: dict[str, list[str]] = {}
    for s in parsed_papers.sections:
        texts.setdefault(s["paper_id"], []).append(s["text"])
    ids = parsed_papers.parsed_ids
    # question papers read in this run, then those loaded by earlier runs
    question_texts = {
        v["reference"]: "\n\n".join(texts.get(v["paper_id"], [])) for v in parsed_papers.vorlagen
    }
    with warehouse_connection(duckdb) as con:
        linked = dict(con.execute(LINKED_SQL, [ids]).fetchall())
        wanted = sorted(
            {
                r
                for v in parsed_papers.vorlagen
                for r in question_references(v, linked.get(v["paper_id"], []))
            }
            - question_texts.keys()
        )
        question_texts.update(con.execute(QUESTION_TEXTS_SQL, [wanted]).fetchall())
    return extract_rows(
        (
            (v, "\n\n".join(texts.get(v["paper_id"], [])), linked.get(v["paper_id"], []))
            for v in parsed_papers.vorlagen
        ),
        question_texts,
    )


def _count(con: Any, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


@dg.asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    deps=[vorlagen],
    description=(
        "The administration's answers to council questions: one row per answered question, "
        "with the question text, who asked and when. Key: (paper_id, position)."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "paper_exists", asset="answers", description="every row's paper exists", blocking=True
        ),
        dg.AssetCheckSpec(
            "answer_text_present", asset="answers", description="no empty answer", blocking=True
        ),
    ],
)
def answers(
    extracted_texts: ExtractedBatch, parsed_papers: ParsedBatch, duckdb: DuckDBResource
) -> Any:
    with warehouse_connection(duckdb) as con:
        loaded = replace_rows(con, "answers", extracted_texts.answers, parsed_papers.parsed_ids)
        orphans = _count(con, "SELECT count(*) FROM answers ANTI JOIN vorlagen USING (paper_id)")
        empty = _count(
            con, "SELECT count(*) FROM answers WHERE answer_text IS NULL OR trim(answer_text) = ''"
        )
    yield dg.Output(None, metadata={"rows_loaded": loaded})
    yield dg.AssetCheckResult(
        check_name="paper_exists", passed=orphans == 0, metadata={"orphans": orphans}
    )
    yield dg.AssetCheckResult(
        check_name="answer_text_present", passed=empty == 0, metadata={"empty_answers": empty}
    )


@dg.asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    deps=[vorlagen],
    description=(
        "Amounts of money named in each paper's text: amount in full units, currency, period, "
        "role, funder, recipient, start. Key: (paper_id, position)."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            "paper_exists", asset="funding", description="every row's paper exists", blocking=True
        ),
        dg.AssetCheckSpec(
            "amount_positive", asset="funding", description="amounts are > 0", blocking=True
        ),
    ],
)
def funding(
    extracted_texts: ExtractedBatch, parsed_papers: ParsedBatch, duckdb: DuckDBResource
) -> Any:
    with warehouse_connection(duckdb) as con:
        loaded = replace_rows(con, "funding", extracted_texts.funding, parsed_papers.parsed_ids)
        orphans = _count(con, "SELECT count(*) FROM funding ANTI JOIN vorlagen USING (paper_id)")
        bad = _count(con, "SELECT count(*) FROM funding WHERE amount <= 0 OR amount_max < amount")
    yield dg.Output(None, metadata={"rows_loaded": loaded})
    yield dg.AssetCheckResult(
        check_name="paper_exists", passed=orphans == 0, metadata={"orphans": orphans}
    )
    yield dg.AssetCheckResult(
        check_name="amount_positive", passed=bad == 0, metadata={"non_positive_or_bad_range": bad}
    )
