"""Search latency on the generated sample (`python -m benchmarks.search [--papers N]`).

A warehouse with the texts the pipeline would hold for a sample RIS of `n_papers` papers — the
subjects, the text sections of the pages, and the text of every paper's documents (its Vorlage,
its Sammeldokument, its Anlagen) — inserted directly: the documents' text is what
sample_ris/render_pdf.py writes into the PDFs, taken before rendering, so no PDF is rendered,
fetched or read (the extracted text of a real run wraps lines where the PDF does; the words are
the same). Then the search index is built (`update_search_index`, timed, with its size; then once
more, unchanged: the fingerprint only), and a mix of queries runs through
`ratsinfo.search.search` on a read-only connection, as `ratsinfo search` does: one word, two
words, three-word phrases from subjects, with and without filters (body, date range, paper type,
committee). Reported: build seconds, index size, and latency p50/p95/max in ms, with snippets
(the command line's path) and of the SQL macro alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import pyarrow as pa

from ratsinfo.search import (
    STOPWORDS,
    Filters,
    load_fts,
    search,
    update_search_index,
)
from ratsinfo.warehouse import connect, table_columns
from sample_ris import PAPER_TYPES, SamplePaper, generate
from sample_ris.model import SCAN, TABLE, Attachment
from sample_ris.render_pdf import _write_attachment, _write_vorlage

SOURCE = "bench"
BODY_KEY = "bench:/oparl/bodies/1"


class TextDocument:
    """Stands in for sample_ris.pdf.Document: keeps the text the PDF would show, draws nothing."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def paragraph(self, text: str, *args: Any, **kwargs: Any) -> None:
        self.parts.append(text)

    def heading(self, text: str, *args: Any, **kwargs: Any) -> None:
        self.parts.append(text)

    def lines(self, lines: Sequence[str], *args: Any, **kwargs: Any) -> None:
        self.parts.extend(lines)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], **kwargs: Any) -> None:
        self.parts.extend(" ".join(row) for row in (header, *rows))

    def page_break(self) -> None:
        self.parts.append("\f")

    def scan(self, *args: Any, **kwargs: Any) -> None:
        pass  # an image: no text layer

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def vorlage_text(paper: SamplePaper) -> str:
    doc = TextDocument()
    _write_vorlage(cast(Any, doc), paper)
    return doc.text


def attachment_text(att: Attachment) -> str:
    doc = TextDocument()
    _write_attachment(cast(Any, doc), att)
    return doc.text


def _paper_id(paper: SamplePaper) -> str:
    return f"{SOURCE}:/oparl/papers/{paper.volfdnr}"


def sample_rows(n_papers: int, seed: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The rows of vorlagen, beratungsfolge, sections, files and documents for the sample."""
    ris = generate(n_papers, seed=seed)
    rows: dict[str, list[dict[str, Any]]] = {
        t: [] for t in ("vorlagen", "beratungsfolge", "sections", "files", "documents")
    }
    documents: dict[str, str] = {}
    now = dt.datetime.now(dt.UTC)

    def document(paper: SamplePaper, file_id: int, name: str, text: str) -> None:
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        documents.setdefault(sha, text)
        rows["files"].append(
            {"file_id": f"{SOURCE}:/oparl/files/{file_id}", "source": SOURCE,
             "body_key": BODY_KEY, "paper_id": _paper_id(paper), "role": "auxiliaryFile",
             "name": name, "document_id": sha}
        )  # fmt: skip

    for p in ris.papers:
        pid, v = _paper_id(p), p.vorlage
        rows["vorlagen"].append(
            {"paper_id": pid, "source": SOURCE, "volfdnr": p.volfdnr, "reference": v.reference,
             "subject": v.subject, "paper_type": v.paper_type, "status": v.status,
             "participating_departments": list(v.participating_departments),
             "related_references": list(v.related_references), "date": p.date,
             "body_key": BODY_KEY, "deleted_at": now if p.deleted else None}
        )  # fmt: skip
        for b in p.beratungsfolge:
            rows["beratungsfolge"].append(
                {"paper_id": pid, "reference": v.reference, "position": b.position,
                 "meeting_position": b.meeting_position, "committee": b.committee,
                 "role": b.role, "state": b.state, "date": b.date, "body_key": BODY_KEY}
            )  # fmt: skip
        for i, s in enumerate(p.sections, 1):
            rows["sections"].append(
                {"paper_id": pid, "reference": v.reference, "position": i, "title": s.title,
                 "text": s.text, "body_key": BODY_KEY}
            )  # fmt: skip
        vorlage = vorlage_text(p)
        document(p, p.file_id, "Vorlage", vorlage)
        anlagen = [attachment_text(a) for a in p.attachments if a.kind in (TABLE, SCAN)]
        document(p, p.file_id + 1, "Sammeldokument öffentlich", "\f".join([vorlage, *anlagen]))
        for a in p.attachments:
            if a.kind == TABLE:  # a SCAN has no text; a BROKEN one does not open
                document(p, a.file_id, a.name, attachment_text(a))
    for sha, text in documents.items():
        rows["documents"].append(
            {"document_id": sha, "bytes": len(text), "method": "text layer", "chars": len(text),
             "text": text, "language": "de", "extracted_at": now}
        )  # fmt: skip
    return rows


def build_warehouse(path: Path, n_papers: int, seed: int = 0) -> dict[str, int]:
    """The sample's texts into a new warehouse at `path`; rows per table."""
    rows = sample_rows(n_papers, seed)
    con = connect(path)
    try:
        for table, data in rows.items():
            columns = table_columns(con, table)
            arrow = pa.Table.from_pylist(data)
            con.register("_rows", arrow)
            names = [c for c in columns if c in arrow.column_names]
            col_list = ", ".join(f'"{c}"' for c in names)
            con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM _rows")
            con.unregister("_rows")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {t: len(r) for t, r in rows.items()}


def query_mix(path: Path, count: int, seed: int = 0) -> Iterator[tuple[str, Filters]]:
    """A mix of queries drawn from the sample's own subjects and committees: a third one word,
    a third two words, a third a three-word phrase; every other one with a filter."""
    rng = random.Random(seed)
    con = connect(path, read_only=True)
    try:
        subjects = [r[0] for r in con.execute("SELECT subject FROM vorlagen").fetchall()]
        committees = [
            r[0] for r in con.execute("SELECT DISTINCT committee FROM beratungsfolge").fetchall()
        ]
        years = [r[0] for r in con.execute("SELECT DISTINCT year(date) FROM vorlagen").fetchall()]
    finally:
        con.close()
    stop = set(STOPWORDS)
    fixed = ["Welcome Center", "Kita", "Haushalt", "Radverkehr", "Sanierung Schule"]
    for i in range(count):
        if i < len(fixed):
            yield fixed[i], Filters()
            continue
        words = [
            w.strip('.,:;"()–')
            for w in rng.choice(subjects).split()
            if len(w.strip('.,:;"()–')) > 3 and w.lower() not in stop
        ] or ["Stadt"]
        k = min(len(words), 1 + i % 3)
        at = rng.randrange(len(words) - k + 1)
        query = " ".join(words[at : at + k])
        kind = (i // 3) % 6
        filters = Filters()
        if kind == 1:
            filters = Filters(body=SOURCE)
        elif kind == 3:
            year = rng.choice(years)
            filters = Filters(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))
        elif kind == 5:
            if rng.random() < 0.5:
                filters = Filters(paper_type=rng.choice(PAPER_TYPES))
            else:
                filters = Filters(committee=rng.choice(committees).split()[-1])
        yield query, filters


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def search_latency(n_papers: int, queries: int = 200) -> dict[str, Any]:
    """Build the sample's warehouse and search index, run `queries` searches; the numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.duckdb"
        started = time.perf_counter()
        rows = build_warehouse(path, n_papers)
        load_seconds = time.perf_counter() - started
        size_before = path.stat().st_size
        con = connect(path)
        try:
            update = update_search_index(con)
            again = update_search_index(con)  # unchanged: the fingerprint only
        finally:
            con.close()
        size_after = path.stat().st_size
        mix = list(query_mix(path, queries))
        con = connect(path, read_only=True)
        try:
            load_fts(con)
            search(con, "Stadt")  # warm-up: the first query reads the index from disk
            with_snippets, sql_only, found = [], [], []
            for query, filters in mix:
                started = time.perf_counter()
                search(con, query, filters, limit=20, snippets=False)
                sql_only.append(time.perf_counter() - started)
                started = time.perf_counter()
                hits = search(con, query, filters, limit=20)
                with_snippets.append(time.perf_counter() - started)
                found.append(len(hits))
        finally:
            con.close()
    state = update.state
    return {
        "papers": n_papers + 2,  # the sample's two seed papers
        "rows": rows,
        "texts_note": "document texts inserted directly (as render_pdf writes them), not "
        "fetched or extracted from PDFs",
        "load_seconds": round(load_seconds, 1),
        "index": {
            "build_seconds": round(state.seconds, 1),
            "unchanged_check_seconds": round(again.check_seconds, 2),
            "texts": state.texts,
            "terms": state.terms,
            "postings": state.postings,
            "index_mib": round((state.bytes or 0) / 2**20, 1),  # the tables of the fts schema
            # the file grows by more: blocks the rebuild wrote and freed (the texts gathered
            # for the extension, dropped before the commit) stay in it for the next rebuild
            "file_mib_before": round(size_before / 2**20, 1),
            "file_mib_after": round(size_after / 2**20, 1),
        },
        "queries": len(found),
        "queries_with_hits": sum(1 for n in found if n),
        "latency_with_snippets": _ms(with_snippets),
        "latency_sql_only": _ms(sql_only),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--papers", type=int, default=50_000, help="generated papers (50,000)")
    parser.add_argument("--queries", type=int, default=200, help="queries to run (200)")
    args = parser.parse_args(argv)
    print(json.dumps(search_latency(args.papers, args.queries), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
