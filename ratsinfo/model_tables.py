"""The published tables of the OParl model, rebuilt from the objects and the page tables.

`build_model` runs ratsinfo/queries/build_model.sql (which states the precedence between OParl
and a vendor's paper page, field by field) and then records a new version of each paper whose
content changed (`vorlagen_versions`). It runs inside the load's transaction: a killed run
leaves every table as before.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

import duckdb

from ratsinfo.state import query

# Papers per bucket of a statement that names $bucket: such a statement runs once per bucket,
# each time over the papers whose hash(paper_id) % $buckets is that bucket, so its aggregate or
# hash table holds a bounded share of the council (at 300,000 papers the Beratungsfolge of every
# paper aggregated at once ran out of 128 MB of DuckDB; BENCHMARKS.md, round 2, sixth session).
PAPERS_PER_BUCKET = 50_000
_BUCKETED = re.compile(r"\$bucket\b")


@functools.cache
def _statements(name: str = "build_model") -> tuple[tuple[str, bool], ...]:
    """The statements of queries/<name>.sql without their comment lines, each with whether it
    runs per bucket."""
    found = []
    for part in query(name).split("\n;\n"):
        code = "\n".join(ln for ln in part.splitlines() if not ln.startswith("--")).strip()
        if code:
            found.append((code, bool(_BUCKETED.search(code))))
    return tuple(found)


def buckets(con: duckdb.DuckDBPyConnection) -> int:
    """How many buckets the council's papers make (at least one)."""
    row = con.execute("SELECT count(*) FROM vorlagen").fetchone()
    return max(1, math.ceil((row[0] if row else 0) / PAPERS_PER_BUCKET))


def _run(con: duckdb.DuckDBPyConnection, name: str) -> None:
    n = None
    for statement, bucketed in _statements(name):
        try:
            if bucketed:
                n = n or buckets(con)
                for bucket in range(n):
                    con.execute(statement, {"bucket": bucket, "buckets": n})
            else:
                con.execute(statement)
        except duckdb.Error as e:
            first = statement.splitlines()[0]
            raise RuntimeError(f"{name}.sql, statement {first!r}: {e}") from e


def build_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the published answers and funding from the page's and the documents' rows
    (build_facts.sql; in the caller's transaction)."""
    _run(con, "build_facts")


def build_model(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> None:
    """Rebuild the model tables and record changed versions (in the caller's transaction)."""
    now = now or dt.datetime.now(dt.UTC)
    _run(con, "build_model")
    con.execute(query("link_documents"))  # files rebuilt: their documents linked again
    build_facts(con)
    _run(con, "build_versions")
    con.execute(
        "UPDATE vorlagen_versions SET valid_to = ? FROM _versions n "
        "WHERE vorlagen_versions.paper_id = n.paper_id AND vorlagen_versions.valid_to "
        "IS NULL AND vorlagen_versions.content_sha256 <> n.content_sha256",
        [now],
    )
    con.execute(  # papers gone from the source (or no longer in vorlagen): their version closes
        "UPDATE vorlagen_versions SET valid_to = ? WHERE valid_to IS NULL "
        "AND paper_id NOT IN (SELECT paper_id FROM _versions)",
        [now],
    )
    con.execute(
        "INSERT INTO vorlagen_versions (paper_id, valid_from, page_sha256, "
        "content_sha256, vorlage, beratungsfolge) "
        "SELECT paper_id, ?, page_sha256, content_sha256, vorlage, beratungsfolge "
        "FROM _versions n WHERE NOT EXISTS (SELECT 1 FROM vorlagen_versions o "
        "WHERE o.paper_id = n.paper_id AND o.valid_to IS NULL)",
        [now],
    )
    con.execute("DROP TABLE _versions")
