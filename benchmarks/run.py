"""Benchmarks (`make bench`, i.e. `python -m benchmarks.run`): the pipeline on generated sample RIS
corpora over loopback.

For each corpus size (default 1,000 / 5,000 / 10,000 / 50,000 papers), each measured at least
three times and reported as the median:

- parse+extract throughput on one core: ALLRIS 4 pages → records + answers + funding, in-process;
- the baseline: the same pages parsed the plain way (BeautifulSoup with html.parser) and loaded
  with one INSERT per row, and the ratio;
- DuckDB load rate: the parsed batch loaded by `load_papers` (one transaction, Arrow → DuckDB);
- end to end: `ratsinfo run --full` in its own process against the sample server in this process
  (rate limit off): wall time, papers/s, peak RSS (/usr/bin/time), publish time (the extract and
  manifest steps, from Dagster's step timings);
- nightly: the sample evolves by one night (1 % of papers new or changed), then an incremental
  `ratsinfo run`: requests made and wall time.

Results go to BENCHMARKS.md (table, machine, date, command) and bench-out/results.json.

Then the sections of `SECTIONS`, each with its own table in BENCHMARKS.md (between
`<!-- results:NAME ... -->` markers) and its own bench-out/NAME.json and NAME.md; each can be
left out with `--no-NAME`:

- documents (`benchmarks.documents`, issue 12): our PDF text extractor (pdfium in worker
  processes) next to poppler's pdftotext on the same files, real council PDFs of
  ../shared/corpus/realdocs and generated ones with a reference text: pages per second per core,
  text quality, reading order, hyphenation.
- search (`benchmarks.search`, issue 12): full-text index build and query latency.
- councils (`benchmarks.councils`): N generated councils × P papers crawled by `ratsinfo run`
  processes, at most M at a time, in the lake layout (SQLite catalog): aggregate papers/s and the
  speed-up over one run (the median of `--repeats` runs alone), peak RSS per run, lake commits
  retried; fails when a run fails or the lake misses papers. `--council-count`,
  `--council-papers`, `--council-concurrent`.

`--sizes none` leaves out the pipeline measurements (and their table) and runs the sections
only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.councils import CONCURRENT, COUNCILS, PAPERS
from benchmarks.documents import GENERATED
from sample_ris import evolve, generate, render_paper_page, serve

REPO = Path(__file__).resolve().parent.parent
_STEP = re.compile(r'Finished execution of step "(\w+)" in ([\d.]+)(ms|s)\b')
PUBLISH_STEPS = re.compile(r"^table_files$|^manifest$|^portal_metadata$|^portal_page$|^sha256sums$")


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _pages(n: int, seed: int = 0) -> list[str]:
    ris = generate(n, seed=seed)
    return [render_paper_page(p, "http://127.0.0.1:8741") for p in ris.papers]


# -- in-process measurements ---------------------------------------------------------------------


def parse_only(pages: Sequence[str]) -> float:
    """Seconds to parse every page into records on one core (the baseline's job, less loading)."""
    from ratsinfo.parse import parse_paper_page

    started = time.perf_counter()
    for html in pages:
        parse_paper_page(html)
    return time.perf_counter() - started


def parse_extract(pages: Sequence[str]) -> tuple[float, Any]:
    """Seconds to parse and extract every page on one core, and the parsed batch."""
    from ratsinfo.extract import extract_answers, extract_funding
    from ratsinfo.parse import parse_paper_page
    from ratsinfo.transform import ExtractedBatch, ParsedBatch, page_rows

    started = time.perf_counter()
    batch, extracted = ParsedBatch(), ExtractedBatch()
    for i, html in enumerate(pages):
        page = parse_paper_page(html)
        paper = {"paper_id": f"bench:{i}", "source": "bench", "volfdnr": i}
        for table, rows in page_rows(paper, page, f"{i:064x}").items():
            getattr(batch, table).extend(rows)
        text = page.text
        extract_answers(text)
        extract_funding(text)
        batch.parsed_urls.append(str(i))
    return time.perf_counter() - started, (batch, extracted)


def load_rate(batch: Any, extracted: Any) -> tuple[float, int]:
    """Seconds to load a parsed batch into an empty warehouse, and rows loaded."""
    import pandas  # noqa: F401  (pyarrow imports it on first use: keep that out of the timing)

    from ratsinfo.load import load_papers
    from ratsinfo.warehouse import connect

    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "w.duckdb")
        started = time.perf_counter()
        loaded = load_papers(con, batch, extracted)
        seconds = time.perf_counter() - started
        con.close()
    return seconds, sum(v for k, v in loaded.items() if k != "gone" and not k.endswith("_built"))


def insert_rate(batch: Any) -> tuple[float, int]:
    """Seconds DuckDB takes to load the batch's tables from Arrow (one statement per table; the
    Python → Arrow conversion is done before the clock starts), and rows loaded."""
    from ratsinfo.warehouse import connect, replace_rows, table_columns, to_arrow

    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "w.duckdb")
        tables = {  # the tables a parsed batch is loaded into
            f"page_{t}" if t != "sections" else t: to_arrow(
                getattr(batch, t), table_columns(con, f"page_{t}" if t != "sections" else t)
            )
            for t in ("vorlagen", "beratungsfolge", "sections", "files")
        }
        started = time.perf_counter()
        for name, table in tables.items():
            replace_rows(con, name, table)
        seconds = time.perf_counter() - started
        con.close()
    return seconds, sum(t.num_rows for t in tables.values())


def baseline(pages: Sequence[str]) -> float:
    """Seconds for the plain way: BeautifulSoup(html.parser) and one INSERT per row."""
    import duckdb
    from bs4 import BeautifulSoup

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE v (i INTEGER, reference VARCHAR, subject VARCHAR, paper_type VARCHAR, "
        "status VARCHAR, lead VARCHAR)"
    )
    con.execute(
        "CREATE TABLE b (i INTEGER, committee VARCHAR, role VARCHAR, state VARCHAR, "
        "date VARCHAR, meeting VARCHAR, decision VARCHAR)"
    )
    con.execute("CREATE TABLE s (i INTEGER, title VARCHAR, text VARCHAR)")
    started = time.perf_counter()
    for i, html in enumerate(pages):
        soup = BeautifulSoup(html, "html.parser")
        h1 = soup.find("h1")
        title = h1.get_text(" ", strip=True) if h1 else ""
        fields = {}
        for dl in soup.select("div.row > dl"):
            dt_, dd = dl.find("dt"), dl.find("dd")
            if dt_ and dd:
                fields[dt_.get_text(strip=True)] = " ".join(dd.get_text(" ").split())
        con.execute(
            "INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
            [i, title.rsplit(" - ", 1)[-1], fields.get("Betreff:"), fields.get("Vorlageart:"),
             fields.get("Status:"), fields.get("Federführend:")],
        )  # fmt: skip
        committee: list[str | None] = [None, None, None]
        for tr in soup.select("table.bfTable tbody tr"):
            cells = [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")]
            state = tr.select_one(".wfcolorDesc")
            if state:
                committee = [cells[2], cells[3], state.get_text(strip=True)]
            else:
                con.execute(
                    "INSERT INTO b VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [i, *committee, cells[1], cells[2], cells[3]],
                )
        for h2 in soup.select("h2.expandedTitle"):
            part = h2.find_next("div", class_="docPart")
            if part is not None:
                text = "\n".join(p.get_text(" ", strip=True) for p in part.find_all("p"))
                con.execute("INSERT INTO s VALUES (?, ?, ?)", [i, h2.get_text(strip=True), text])
    seconds = time.perf_counter() - started
    con.close()
    return seconds


# -- end to end ----------------------------------------------------------------------------------


def _run(base: Any, root: Path, *extra: str) -> dict[str, Any]:
    """One `ratsinfo run` against the served sample, in its own process."""
    base.clear_requests()
    root.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DAGSTER_HOME": str(root / "dagster_home")}
    cmd = [
        sys.executable, "-m", "ratsinfo.cli", "run", "--source", f"{base}/oparl/system",
        "--warehouse", str(root / "w.duckdb"), "--out", str(root / "publish"),
        "--min-interval", "0", "--verbose", *extra,  # --verbose: Dagster's step timings
    ]  # fmt: skip
    timer = Path("/usr/bin/time")
    if timer.exists():
        cmd = [str(timer), "-f", "RSS_KIB=%M", *cmd]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"ratsinfo run failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    output = done.stdout + done.stderr
    steps: dict[str, float] = {}
    for name, value, unit in _STEP.findall(output):
        steps[name] = float(value) / (1000 if unit == "ms" else 1)
    rss = re.search(r"RSS_KIB=(\d+)", output)
    requests = base.requests
    return {
        "seconds": seconds,
        "requests": len(requests),
        "page_requests": sum(1 for r in requests if "vo020" in r.path.lower()),
        # OParl responses: System, Body, list pages (papers, meetings, organizations, persons)
        "oparl_requests": sum(1 for r in requests if r.path.startswith("/oparl/")),
        "peak_rss_mib": int(rss.group(1)) / 1024 if rss else None,
        "publish_seconds": sum(v for k, v in steps.items() if PUBLISH_STEPS.search(k)),
        "steps": steps,
    }


def end_to_end(n: int, changed: float, seed: int) -> dict[str, Any]:
    ris = generate(n, seed=seed)
    with tempfile.TemporaryDirectory(prefix="ratsinfo-bench-") as tmp, serve(ris) as base:
        root = Path(tmp)
        full = _run(base, root, "--full")
        evolved, report = evolve(ris, changed, seed=seed + 1)
        base.server.ris = evolved
        nightly = _run(base, root)
    return {"papers": len(ris.papers), "changed": len(report.touched), "full": full,
            "nightly": nightly}  # fmt: skip


# -- the whole benchmark -------------------------------------------------------------------------


def measure(size: int, repeats: int, changed: float, e2e: bool = True) -> dict[str, Any]:
    pages = _pages(size)
    parse_runs, parse_only_runs, base_runs, load_runs, load_seconds = [], [], [], [], []
    batch = None
    for _ in range(repeats):
        seconds, batch = parse_extract(pages)
        parse_runs.append(len(pages) / seconds)
        parse_only_runs.append(parse_only(pages))
    sample = pages[: min(len(pages), 1000)]  # the baseline is slow: 1,000 pages tell its rate
    for _ in range(repeats):
        base_runs.append(len(sample) / baseline(sample))
    assert batch is not None
    insert_runs = []
    for _ in range(repeats):
        seconds, rows = load_rate(*batch)
        load_runs.append(rows / seconds)
        load_seconds.append(seconds)
        seconds, rows = insert_rate(batch[0])
        insert_runs.append(rows / seconds)
    # our parse+load step, to set against the baseline's (which extracts nothing)
    parse_load = len(pages) / (_median(parse_only_runs) + _median(load_seconds))
    result: dict[str, Any] = {
        "papers": len(pages),
        "page_kib": round(sum(map(len, pages)) / len(pages) / 1024, 1),
        "parse_extract_pages_per_s": round(_median(parse_runs)),
        "parse_load_pages_per_s": round(parse_load),
        "baseline_pages_per_s": round(_median(base_runs), 1),
        "speedup_vs_baseline": round(parse_load / _median(base_runs), 1),
        "load_rows_per_s": round(_median(load_runs)),
        "duckdb_insert_rows_per_s": round(_median(insert_runs)),
    }
    if e2e:
        runs = [end_to_end(size, changed, seed=i) for i in range(repeats)]
        full_s = _median([r["full"]["seconds"] for r in runs])
        nightly_s = _median([r["nightly"]["seconds"] for r in runs])
        result.update(
            {
                "e2e_seconds": round(full_s, 1),
                "e2e_papers_per_s": round(len(pages) / full_s, 1),
                "peak_rss_mib": round(_median([r["full"]["peak_rss_mib"] or 0 for r in runs])),
                "publish_seconds": round(_median([r["full"]["publish_seconds"] for r in runs]), 2),
                "nightly_changed_papers": runs[0]["changed"],
                "nightly_requests": round(_median([r["nightly"]["requests"] for r in runs])),
                "nightly_oparl_requests": round(
                    _median([r["nightly"]["oparl_requests"] for r in runs])
                ),
                # requests ÷ (changed papers + OParl list and meeting pages read): the issue-11
                # target is ≤ 1.2
                "nightly_request_ratio": round(
                    _median(
                        [
                            r["nightly"]["requests"]
                            / (r["changed"] + r["nightly"]["oparl_requests"])
                            for r in runs
                        ]
                    ),
                    2,
                ),
                "nightly_seconds": round(nightly_s, 1),
                "nightly_share_of_full": round(nightly_s / full_s, 3),
                "runs": runs,
            }
        )
    return result


def write_report(
    results: list[dict[str, Any]], out: Path, command: str, benchmarks_md: Path | None = None
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}",
        "command": command,
    }
    (out / "results.json").write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")
    cols: list[tuple[str, str]] = [
        ("papers", "papers"),
        ("parse+extract pages/s (1 core)", "parse_extract_pages_per_s"),
        ("parse+load pages/s", "parse_load_pages_per_s"),
        ("baseline parse+load pages/s", "baseline_pages_per_s"),
        ("× baseline", "speedup_vs_baseline"),
        ("load rows/s (records → tables, 1 transaction)", "load_rows_per_s"),
        ("DuckDB rows/s (Arrow → table)", "duckdb_insert_rows_per_s"),
        ("full run s", "e2e_seconds"),
        ("papers/s", "e2e_papers_per_s"),
        ("peak RSS MiB", "peak_rss_mib"),
        ("publish s", "publish_seconds"),
        ("nightly: changed", "nightly_changed_papers"),
        ("nightly requests", "nightly_requests"),
        ("nightly OParl pages", "nightly_oparl_requests"),
        ("requests ÷ (changed + OParl pages)", "nightly_request_ratio"),
        ("nightly s", "nightly_seconds"),
        ("nightly / full", "nightly_share_of_full"),
    ]
    lines = [
        "| " + " | ".join(c for c, _ in cols) + " |",
        "|" + "---|" * len(cols),
        *("| " + " | ".join(str(r.get(k, "–")) for _, k in cols) + " |" for r in results),
    ]
    text = (
        f"Measured {meta['date']} on {meta['machine']} with `{command}` (medians of the "
        "repeats; loopback sample RIS, rate limit off).\n\n" + "\n".join(lines) + "\n"
    )
    (out / "table.md").write_text(text)
    print(text)
    if benchmarks_md is not None:
        _update_benchmarks_md(benchmarks_md, text)


_START, _END = "<!-- results: written by `make bench` -->", "<!-- /results -->"


def _markers(section: str | None) -> tuple[str, str]:
    """The markers around a results block: the pipeline's, or a section's."""
    if section is None:
        return _START, _END
    return f"<!-- results:{section}: written by `make bench` -->", f"<!-- /results:{section} -->"


def _update_benchmarks_md(
    path: Path, table: str, section: str | None = None, title: str | None = None
) -> None:
    """Replace a results block of BENCHMARKS.md (the pipeline's, or `section`'s), keeping the
    hand-written notes around it. A section's block that is not there yet is added at the end,
    under `title`."""
    start, end = _markers(section)
    block = f"{start}\n{table}{end}"
    old = path.read_text() if path.exists() else ""
    if start in old and end in old:
        head, rest = old.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    elif section is not None:
        heading = f"## {title or section}\n\n"
        text = (old.rstrip("\n") + "\n\n" if old else "# Benchmarks\n\n") + heading + block + "\n"
    else:
        text = f"# Benchmarks\n\n{block}\n"
    path.write_text(text)


# -- sections beside the pipeline's measurements ---------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A benchmark of its own: `run(args, command)` measures and returns a JSON-able dict with
    its markdown under "table"; the table goes into BENCHMARKS.md between the section's
    markers (added at the end under `title` the first time), the dict into bench-out/NAME.json.
    `python -m benchmarks.run --no-NAME` leaves it out."""

    name: str
    title: str
    run: Callable[[argparse.Namespace, str], dict[str, Any]]


def _documents(args: argparse.Namespace, command: str) -> dict[str, Any]:
    from benchmarks.documents import document_bench, markdown

    result = document_bench(
        rounds=args.repeats, generated=args.documents_generated, progress=_progress
    )
    result["table"] = markdown(result, command)
    return result


def _search(args: argparse.Namespace, command: str) -> dict[str, Any]:
    from benchmarks.search import search_latency

    result = search_latency(args.search_papers, queries=args.search_queries)
    index, snip, sql = result["index"], result["latency_with_snippets"], result["latency_sql_only"]
    result["table"] = "\n".join(
        [
            f"Full-text search on the generated sample: {result['papers']:,} papers with their "
            f"documents ({result['texts_note']}); {result['queries']} queries, "
            f"{result['queries_with_hits']} with hits. Command: `{command}`.",
            "",
            "| | value |",
            "|---|---|",
            f"| texts indexed | {index['texts']:,} ({index['terms']:,} terms) |",
            f"| index build | {index['build_seconds']} s |",
            f"| check when unchanged | {index['unchanged_check_seconds']} s |",
            f"| index size | {index['index_mib']} MiB |",
            f"| search, SQL only | p50 {sql['p50_ms']} ms, p95 {sql['p95_ms']} ms, "
            f"max {sql['max_ms']} ms |",
            f"| search with snippets (the CLI) | p50 {snip['p50_ms']} ms, p95 {snip['p95_ms']} ms, "
            f"max {snip['max_ms']} ms |",
            "",
        ]
    )
    return result


def _councils(args: argparse.Namespace, command: str) -> dict[str, Any]:
    from benchmarks.councils import CouncilBenchError, council_bench, markdown

    concurrent = [int(m) for m in args.council_concurrent.split(",") if m.strip()]
    try:
        result = council_bench(
            args.council_count, args.council_papers, concurrent, args.repeats, _progress
        )
    except CouncilBenchError as e:  # what was measured, and what failed, for a look; then fail
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        failed = {**(e.result or {}), "failed": str(e)}
        (out / "councils.json").write_text(json.dumps(failed, indent=2, ensure_ascii=False) + "\n")
        raise
    result["table"] = markdown(result, command)
    return result


SECTIONS: list[Section] = [
    Section("documents", "Documents → text: pdfium next to pdftotext (issue 12)", _documents),
    Section("search", "Full-text search: index build and latency (issue 12)", _search),
    Section("councils", "Many councils at once: concurrent runs into the lake", _councils),
]


def write_section(
    section: Section, result: dict[str, Any], out: Path, benchmarks_md: Path | None = None
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{section.name}.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    )
    (out / f"{section.name}.md").write_text(result["table"])
    print(result["table"])
    if benchmarks_md is not None:
        _update_benchmarks_md(benchmarks_md, result["table"], section.name, section.title)


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def quick(args: argparse.Namespace) -> argparse.Namespace:
    """`--quick`: the options of the edit loop (1,000 papers once, every section small), results
    in bench-out/quick/ only: numbers that small must not replace BENCHMARKS.md's."""
    if not args.quick:
        return args
    args.sizes, args.repeats = "1000", 1
    args.documents_generated = min(args.documents_generated, 2)
    args.search_papers, args.search_queries = 2_000, 20
    args.council_count, args.council_papers, args.council_concurrent = 2, 10, "2"
    args.benchmarks_md = ""
    args.out = str(Path(args.out) / "quick")
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", default="1000,5000,10000,50000", help="'none': no pipeline measurements"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--changed", type=float, default=0.01)
    parser.add_argument("--no-e2e", action="store_true", help="in-process measurements only")
    parser.add_argument("--out", default=str(REPO / "bench-out"))
    parser.add_argument(
        "--benchmarks-md", default=str(REPO / "BENCHMARKS.md"), help="'' to leave it alone"
    )
    for section in SECTIONS:
        parser.add_argument(
            f"--{section.name}",
            action=argparse.BooleanOptionalAction,
            default=True,
            help=f"{section.title} (default: on)",
        )
    parser.add_argument(
        "--documents-generated",
        type=int,
        default=GENERATED,
        help=f"generated PDFs with a reference text in the documents section (default {GENERATED})",
    )
    parser.add_argument(
        "--search-papers", type=int, default=50_000, help="papers of the search section (50,000)"
    )
    parser.add_argument("--search-queries", type=int, default=200, help="its queries (200)")
    parser.add_argument(
        "--council-count",
        type=int,
        default=COUNCILS,
        help=f"councils of the councils section ({COUNCILS})",
    )
    parser.add_argument(
        "--council-papers",
        type=int,
        default=PAPERS,
        help=f"generated papers per council ({PAPERS}; the sample adds its seed pair)",
    )
    parser.add_argument(
        "--council-concurrent",
        default=",".join(map(str, CONCURRENT)),
        help=f"concurrent `ratsinfo run` processes, a row each ({','.join(map(str, CONCURRENT))})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the edit loop: 1,000 papers once and every section small; writes bench-out/quick/ "
        "and leaves BENCHMARKS.md alone",
    )
    args = quick(parser.parse_args(argv))
    command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    command = command.strip()
    md = Path(args.benchmarks_md) if args.benchmarks_md else None
    sizes = [] if args.sizes.strip().lower() in ("", "none") else args.sizes.split(",")
    if sizes:
        results = []
        for size in (int(s) for s in sizes):
            _progress(f"benchmark: {size} papers ×{args.repeats}")
            results.append(measure(size, args.repeats, args.changed, e2e=not args.no_e2e))
        write_report(results, Path(args.out), command, md)
    for section in SECTIONS:
        if getattr(args, section.name):
            _progress(f"benchmark: {section.name}")
            write_section(section, section.run(args, command), Path(args.out), md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
