"""Benchmarks (`make bench`, i.e. `python -m benchmarks.run`): the pipeline on generated sample RIS
corpora over loopback.

For each corpus size (default 1,000 / 5,000 / 10,000 / 50,000 papers; `--large` adds 300,000),
each measured three times (`--repeats`; above 50,000 papers end to end once) and reported as
the median:

- parse+extract throughput on one core: ALLRIS 4 pages → records + answers + funding, in-process;
- the bare selectolax reference on the same pages: the HTML parse and the CSS selects of our
  ALLRIS 4 parser alone (`bare_selectolax`), and parse+extract's share of its rate (target
  ≥ 0.60: what our records and extraction cost on top of selectolax itself);
- the baseline: the same pages parsed the plain way (BeautifulSoup with html.parser) and loaded
  with one INSERT per row, and the ratio;
- DuckDB load rate: the parsed batch loaded by `load_papers` (one transaction, Arrow → DuckDB);
- end to end: `ratsinfo run --full` in its own process against the sample server in this process
  (rate limit off): wall time, papers/s, peak RSS (/usr/bin/time), publish time (the extract and
  manifest steps, from Dagster's step timings); besides, the run's memory sampled every 0.2 s
  (VmRSS of its process, and of its worker processes apart) and set against Dagster's step
  start and finish lines: each step's time and peak RSS, the start-up (process start to the
  first step) and the fixed cost (wall time less the steps' time);
- nightly: the sample evolves by one night (1 % of papers new or changed), then an incremental
  `ratsinfo run`: requests made and wall time.

Results go to BENCHMARKS.md (table, machine, date, command, and the charts of
`benchmarks.plots` below it: bench-time.png, bench-memory.png, bench-throughput.png, written
next to BENCHMARKS.md) and bench-out/ (results.json, table.md and the charts).

How long it takes: on the 2 cores of BENCHMARKS.md while shared (load ≈ 3, 2026-12-02) one
repeat (in process, then a full and a nightly run) took 1.6 min for 1,000 papers and 2.8 min
for 5,000; linear from there (≈ 75 s + 19 ms a paper a repeat), with the default 3 repeats:
1,000 papers ≈ 5 min, 5,000 ≈ 9 min, 10,000 ≈ 13 min, 50,000 ≈ 50 min; ≈ 75 min for the
default sizes (less on a quiet machine). Sizes above 50,000 papers take more than 15 minutes a
run: they run end to end once (the table's "runs" column) and measure in process on their
first 50,000 pages (`inprocess_pages`). `--large` adds 300,000 papers: ≈ 8 min in process,
then one full run (≈ 20 min from the 195 s of 50,000 papers on 2026-11-25; ≈ 60 min by the
line above, which has documents read and a loaded machine in it) and one nightly run (≈ 5 to
25 min). `--quick` (1,000 papers once) takes ≈ 1.5 min.

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
import bisect
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from benchmarks.councils import CONCURRENT, COUNCILS, PAPERS
from benchmarks.documents import GENERATED
from sample_ris import evolve, generate, render_paper_page, serve

REPO = Path(__file__).resolve().parent.parent
PUBLISH_STEPS = re.compile(r"^table_files$|^manifest$|^portal_metadata$|^portal_page$|^sha256sums$")
SIZES = "1000,5000,10000,50000"
LARGE = 300_000  # `--large`: a size whose full run takes ~20 minutes
# Above this many papers a size runs end to end once (a full run takes longer than 15 minutes),
# and its in-process measurements take its first this many pages: 300,000 rendered pages
# (~23 KB each) would not fit in memory beside the run.
ONCE_ABOVE = INPROCESS_PAGES = 50_000


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def _pages(n: int, seed: int = 0, limit: int | None = None) -> tuple[int, list[str]]:
    """The papers of a generated sample of `n` papers (it adds its seed pair), and the pages of
    its first `limit` papers (all when None)."""
    ris = generate(n, seed=seed)
    papers = ris.papers if limit is None else ris.papers[:limit]
    return len(ris.papers), [render_paper_page(p, "http://127.0.0.1:8741") for p in papers]


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
        batch.pages.append({"url": str(i), "paper_id": paper["paper_id"]})  # every page read
    return time.perf_counter() - started, (batch, extracted)


def bare_selectolax(pages: Sequence[str]) -> float:
    """Pages per second on one core of selectolax alone doing our ALLRIS 4 parser's DOM work:
    per page `LexborHTMLParser(html)` and the CSS selects `ratsinfo.parse.parse_paper_page`
    (ratsinfo/parse/allris.py) runs on such a page, taking the `.text()` of what they match
    (of links: the attributes it reads) and nothing else: no records, no regexes, no
    extraction. Set against parse+extract on the same pages it tells what our own code costs
    on top of the parser it cannot do without (issue 14: parse+extract ≥ 0.60 of this rate).

    The selects, in the parser's order, with the parser's fallbacks where it has them:

    - title: `h1.title` (`h1` when there is none);
    - Grunddaten: `div.row > dl`, in each `dt` and `dd`;
    - Beratungsfolge: `table.bfTable` (`#bfTable table` when there is none), in it `thead th`
      (the column names) and `tbody > tr`; in each row `td`, in its status cell `.wfcolorDesc`
      (a committee row: the texts of its date, committee and role cells); in a meeting row the
      texts of its date, meeting and decision cells and `a[href]` in the meeting cell and in
      the NA cell (else in the decision cell);
    - sections: `h2.expandedTitle`; for each but the Beratungsfolge's heading `div.docPart` in
      its parent, and in each part `p, li, h3, h4, h5, h6` (its whole text when none match);
    - documents: `main`, and `a[href]` (each link's attributes; the text of those marked
      `doclink` or `attlink`; the parser's walk up from other links naming a document, to
      tell whether they stand in the content, is left out).
    """
    from selectolax.lexbor import LexborHTMLParser, LexborNode

    def href(cell: LexborNode | None) -> str | None:
        a = cell.css_first("a[href]") if cell is not None else None
        return a.attributes.get("href") if a is not None else None

    # the texts and addresses are read and dropped: reading them is the cost measured
    started = time.perf_counter()
    for html in pages:
        tree = LexborHTMLParser(html)
        title = tree.css_first("h1.title") or tree.css_first("h1")
        if title is not None:
            title.text()
        for dl in tree.css("div.row > dl"):
            dt_node, dd_node = dl.css_first("dt"), dl.css_first("dd")
            if dt_node is not None and dd_node is not None:
                dt_node.text(), dd_node.text()
        table = tree.css_first("table.bfTable") or tree.css_first("#bfTable table")
        if table is not None:
            columns = {th.text(strip=True).lower(): i for i, th in enumerate(table.css("thead th"))}
            status, datum, gremium, beschluss, na = (
                columns.get(name, i)
                for i, name in enumerate(("status", "datum", "gremium", "beschluss", "na"))
            )
            for tr in table.css("tbody > tr"):
                cells = tr.css("td")
                if len(cells) <= max(status, datum, gremium, beschluss):
                    continue
                state = cells[status].css_first(".wfcolorDesc")
                (state or cells[status]).text()
                cells[datum].text(), cells[gremium].text(), cells[beschluss].text()
                if state is None:  # a meeting row: its links
                    href(cells[gremium])
                    href(cells[na] if na < len(cells) else None) or href(cells[beschluss])
        for h2 in tree.css("h2.expandedTitle"):
            if h2.text().strip().lower() == "beratungsfolge" or h2.parent is None:
                continue
            for part in h2.parent.css("div.docPart"):
                paragraphs = part.css("p, li, h3, h4, h5, h6")
                for node in paragraphs or [part]:
                    node.text()
        tree.css_first("main")
        for a in tree.css("a[href]"):
            if {"doclink", "attlink"} & set((a.attributes.get("class") or "").split()):
                a.text()
    return len(pages) / (time.perf_counter() - started)


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


# Dagster's step lines (`--verbose`): 'Started execution of step "X".' and 'Finished execution
# of step "X" in 2.1s.', the duration as Dagster formats it ("0.83ms", "533ms", "2.1s",
# "4m52s", "1h4m")
_STEP_EVENT = re.compile(r'(Started|Finished) execution of step "([^"]+)"(?: in (\S+?))?\.?\s*$')
_DURATION = re.compile(r"([\d.]+)ms|(?:(\d+)h)?(?:(\d+)m)?(?:([\d.]+)s)?")
_RSS_KIB = re.compile(r"RSS_KIB=(\d+)")  # /usr/bin/time -f RSS_KIB=%M
SAMPLE_INTERVAL = 0.2  # seconds between two readings of the run's memory

# (seconds since the run started, value): a reading of the run's memory in MiB
Sample = tuple[float, float]
# (seconds since the run started, "start" | "finish", step)
StepEvent = tuple[float, str, str]


def dagster_seconds(text: str) -> float | None:
    """Seconds of a duration as Dagster's log prints it ("533ms", "2.1s", "4m52s", "1h4m"); None
    for anything else."""
    m = _DURATION.fullmatch(text)
    if not text or m is None:
        return None
    ms, hours, minutes, seconds = m.groups()
    if ms is not None:
        return float(ms) / 1000
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)


def step_peaks(samples: Sequence[Sample], events: Sequence[StepEvent]) -> dict[str, float]:
    """The highest sample while each step ran: {step: peak}.

    `events` are the steps' starts and finishes in the order they were read; a sample belongs to
    every step running at its time (the in-process executor's steps follow each other; others'
    may overlap), a step without a finish runs to the end. A step shorter than the sampling
    interval, with no sample inside it, gets the first sample after its start (the nearest
    reading), and none when there is no later sample."""
    spans: dict[str, list[float]] = {}
    for seconds, kind, step in sorted(events, key=lambda e: e[0]):  # stable: ties keep order
        if kind == "start":
            spans[step] = [seconds, math.inf]
        elif step in spans:
            spans[step][1] = seconds
    ordered = sorted(samples)
    times = [seconds for seconds, _ in ordered]
    peaks: dict[str, float] = {}
    for step, (start, end) in spans.items():
        first, last = bisect.bisect_left(times, start), bisect.bisect_right(times, end)
        inside = [value for _, value in ordered[first:last]] or [v for _, v in ordered[first:][:1]]
        if inside:
            peaks[step] = max(inside)
    return peaks


def _parent_pids() -> dict[int, int]:
    """{pid: parent pid} of every process (from /proc/PID/stat; this kernel has no
    /proc/PID/task/TID/children)."""
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:  # gone meanwhile
                continue
            parents[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
    return parents


def _rss_mib(pid: int) -> float | None:
    """VmRSS of a process in MiB; None when it is gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class RssSampler:
    """Reads, every `interval` seconds in a thread, the memory of a run: the VmRSS of its Python
    process (`main`: under /usr/bin/time, the child of the process started) and, summed, that of
    the Python process's descendants (the document workers) apart: `main` and `children`,
    samples by seconds since `started` (a perf_counter value)."""

    def __init__(
        self, pid: int, started: float, wrapped: bool, interval: float = SAMPLE_INTERVAL
    ) -> None:
        self.pid, self.started, self.interval = pid, started, interval
        self.main: list[Sample] = []
        self.children: list[Sample] = []
        self._python: int | None = None if wrapped else pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return

    def sample(self) -> None:
        parents = _parent_pids()
        if self._python is None:  # /usr/bin/time's child, once it has started
            self._python = next((pid for pid, ppid in parents.items() if ppid == self.pid), None)
            if self._python is None:
                return
        main = _rss_mib(self._python)
        if main is None:
            return
        below, descendants = [self._python], []
        while below:
            pid = below.pop()
            kids = [child for child, ppid in parents.items() if ppid == pid]
            descendants += kids
            below += kids
        seconds = time.perf_counter() - self.started
        self.main.append((seconds, main))
        self.children.append((seconds, sum(_rss_mib(pid) or 0.0 for pid in descendants)))


def _run(base: Any, root: Path, *extra: str) -> dict[str, Any]:
    """One `ratsinfo run` against the served sample, in its own process: its output read line by
    line while it runs (Dagster's step lines timed as they come), its memory sampled
    (`RssSampler`)."""
    base.clear_requests()
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(root / "dagster_home"),
        "PYTHONUNBUFFERED": "1",
        # the papers' pipeline alone: a run fetches at most 500 documents (the rest on later
        # runs), which would turn every nightly into a documents backlog run; documents have
        # their own section (benchmarks.documents)
        "RATSINFO_MAX_DOCUMENTS": "0",
    }
    cmd = [
        sys.executable, "-m", "ratsinfo.cli", "run", "--source", f"{base}/oparl/system",
        "--warehouse", str(root / "w.duckdb"), "--out", str(root / "publish"),
        "--min-interval", "0", "--verbose", *extra,  # --verbose: Dagster's step lines
    ]  # fmt: skip
    timer = Path("/usr/bin/time")
    if timer.exists():
        cmd = [str(timer), "-f", "RSS_KIB=%M", *cmd]
    events: list[StepEvent] = []
    begun: dict[str, float] = {}  # step → seconds at its start line
    steps: dict[str, float] = {}  # step → its seconds: Dagster's, else between its two lines
    tail: deque[str] = deque(maxlen=80)  # for the message when the run fails
    rss_kib = None
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        encoding="utf-8", errors="replace", bufsize=1,
    )  # fmt: skip
    with proc, RssSampler(proc.pid, started, wrapped=timer.exists()) as sampler:
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.perf_counter() - started
            tail.append(line)
            if event := _STEP_EVENT.search(line):
                kind, step, duration = event.groups()
                if kind == "Started":
                    events.append((now, "start", step))
                    begun[step] = now
                else:
                    events.append((now, "finish", step))
                    took = dagster_seconds(duration or "")
                    steps[step] = took if took is not None else now - begun.get(step, now)
            elif rss := _RSS_KIB.search(line):
                rss_kib = int(rss.group(1))
        returncode = proc.wait()
        seconds = time.perf_counter() - started
    if returncode != 0:
        raise RuntimeError(f"ratsinfo run failed ({returncode}):\n{''.join(tail)}")
    requests = base.requests
    main = max((mib for _, mib in sampler.main), default=None)
    first_step = min((s for s, kind, _ in events if kind == "start"), default=None)
    return {
        "seconds": seconds,
        "requests": len(requests),
        "page_requests": sum(1 for r in requests if "vo020" in r.path.lower()),
        # OParl responses: System, Body, list pages (papers, meetings, organizations, persons)
        "oparl_requests": sum(1 for r in requests if r.path.startswith("/oparl/")),
        # /usr/bin/time's maximum RSS (of the run's largest process); else the sampled peak
        "peak_rss_mib": rss_kib / 1024 if rss_kib is not None else main,
        "peak_rss_main_mib": main,  # sampled: the run's Python process
        "peak_rss_children_mib": max((mib for _, mib in sampler.children), default=None),
        "publish_seconds": sum(v for k, v in steps.items() if PUBLISH_STEPS.search(k)),
        "step_seconds": steps,
        # the run's Python process while each step ran (the workers' memory not counted)
        "step_peak_rss_mib": {k: round(v, 1) for k, v in step_peaks(sampler.main, events).items()},
        "startup_seconds": round(first_step, 3) if first_step is not None else None,
        # Python and Dagster start-up, between the steps, and the end: wall less the steps
        "fixed_seconds": round(seconds - sum(steps.values()), 3),
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


def _step_medians(runs: Sequence[dict[str, float]]) -> dict[str, float]:
    """{step: median over the runs that have it}, in the first run's order."""
    names = dict.fromkeys(name for run in runs for name in run)
    return {n: round(_median([run[n] for run in runs if n in run]), 1) for n in names}


def measure(size: int, repeats: int, changed: float, e2e: bool = True) -> dict[str, Any]:
    """One corpus size: the in-process measurements `repeats` times on its pages (the first
    `INPROCESS_PAGES` of them above that), then `repeats` end-to-end runs (one above
    `ONCE_ABOVE` papers); medians."""
    started = time.perf_counter()
    papers, pages = _pages(size, limit=INPROCESS_PAGES if size > INPROCESS_PAGES else None)
    parse_runs, bare_runs, parse_only_runs, base_runs = [], [], [], []
    load_runs, load_seconds, insert_runs = [], [], []
    batch = None
    for _ in range(repeats):  # parse+extract and its bare reference by turns: the same load
        seconds, batch = parse_extract(pages)
        parse_runs.append(len(pages) / seconds)
        bare_runs.append(bare_selectolax(pages))
        parse_only_runs.append(parse_only(pages))
    sample = pages[: min(len(pages), 1000)]  # the baseline is slow: 1,000 pages tell its rate
    for _ in range(repeats):
        base_runs.append(len(sample) / baseline(sample))
    assert batch is not None
    for _ in range(repeats):
        seconds, rows = load_rate(*batch)
        load_runs.append(rows / seconds)
        load_seconds.append(seconds)
        seconds, rows = insert_rate(batch[0])
        insert_runs.append(rows / seconds)
    measured, page_kib = len(pages), round(sum(map(len, pages)) / len(pages) / 1024, 1)
    del pages, sample, batch  # out of the way of the runs' memory
    # our parse+load step, to set against the baseline's (which extracts nothing)
    parse_load = measured / (_median(parse_only_runs) + _median(load_seconds))
    result: dict[str, Any] = {
        "papers": papers,
        "inprocess_pages": measured,  # the pages measured in process: the first ones
        "page_kib": page_kib,
        "parse_extract_pages_per_s": round(_median(parse_runs)),
        "bare_selectolax_pages_per_s": round(_median(bare_runs)),
        "parse_extract_share_of_bare": round(_median(parse_runs) / _median(bare_runs), 2),
        "parse_load_pages_per_s": round(parse_load),
        "baseline_pages_per_s": round(_median(base_runs), 1),
        "speedup_vs_baseline": round(parse_load / _median(base_runs), 1),
        "load_rows_per_s": round(_median(load_runs)),
        "duckdb_insert_rows_per_s": round(_median(insert_runs)),
    }
    if e2e:
        e2e_runs = 1 if size > ONCE_ABOVE else repeats
        runs = [end_to_end(size, changed, seed=i) for i in range(e2e_runs)]
        full_s = _median([r["full"]["seconds"] for r in runs])
        nightly_s = _median([r["nightly"]["seconds"] for r in runs])
        result.update(
            {
                "e2e_runs": e2e_runs,
                "e2e_seconds": round(full_s, 1),
                "e2e_papers_per_s": round(papers / full_s, 1),
                "peak_rss_mib": round(_median([r["full"]["peak_rss_mib"] or 0 for r in runs])),
                "peak_rss_children_mib": round(
                    _median([r["full"]["peak_rss_children_mib"] or 0 for r in runs])
                ),
                "step_peak_rss_mib": _step_medians([r["full"]["step_peak_rss_mib"] for r in runs]),
                "startup_seconds": round(
                    _median([r["full"]["startup_seconds"] or 0 for r in runs]), 2
                ),
                "fixed_seconds": round(_median([r["full"]["fixed_seconds"] for r in runs]), 2),
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
                "nightly_fixed_seconds": round(
                    _median([r["nightly"]["fixed_seconds"] for r in runs]), 2
                ),
                "nightly_share_of_full": round(nightly_s / full_s, 3),
                "runs": runs,
            }
        )
    result["bench_seconds"] = round(time.perf_counter() - started)  # this size, all of it
    return result


COLUMNS: list[tuple[str, str]] = [  # (heading, key of a result)
    ("papers", "papers"),
    ("runs", "e2e_runs"),
    ("parse+extract pages/s (1 core)", "parse_extract_pages_per_s"),
    ("bare selectolax pages/s", "bare_selectolax_pages_per_s"),
    ("parse+extract ÷ bare", "parse_extract_share_of_bare"),
    ("parse+load pages/s", "parse_load_pages_per_s"),
    ("baseline parse+load pages/s", "baseline_pages_per_s"),
    ("× baseline", "speedup_vs_baseline"),
    ("load rows/s (records → tables, 1 transaction)", "load_rows_per_s"),
    ("DuckDB rows/s (Arrow → table)", "duckdb_insert_rows_per_s"),
    ("full run s", "e2e_seconds"),
    ("fixed s", "fixed_seconds"),
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


def _footnotes(results: Sequence[dict[str, Any]]) -> list[str]:
    """What a row measured differently from the others: in process on its first pages only, end
    to end fewer times."""
    notes = []
    for r in results:
        if r.get("inprocess_pages", r["papers"]) < r["papers"]:
            notes.append(
                f"{r['papers']} papers: the in-process columns (parse+extract to DuckDB rows/s) "
                f"on its first {r['inprocess_pages']:,} pages"
            )
    if any(r.get("e2e_runs") == 1 and r["papers"] > ONCE_ABOVE for r in results):
        notes.append(
            "runs: the end-to-end runs (a full and a nightly one each) the medians are of; sizes "
            f"above {ONCE_ABOVE:,} papers run once (a full run takes more than 15 minutes)"
        )
    return notes


def write_report(
    results: list[dict[str, Any]], out: Path, command: str, benchmarks_md: Path | None = None
) -> None:
    """results.json, table.md and the charts (`benchmarks.plots`) into `out`; with
    `benchmarks_md`, the table and the charts' links into its results block, the charts next to
    it."""
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}",
        "command": command,
    }
    (out / "results.json").write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")
    lines = [
        "| " + " | ".join(c for c, _ in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *("| " + " | ".join(str(r.get(k, "–")) for _, k in COLUMNS) + " |" for r in results),
    ]
    notes = _footnotes(results)
    text = (
        f"Measured {meta['date']} on {meta['machine']} with `{command}` (medians of the "
        "repeats; loopback sample RIS, rate limit off).\n\n"
        + "\n".join(lines)
        + "\n"
        + ("\n" + "\n".join(f"- {n}" for n in notes) + "\n" if notes else "")
    )
    charts = _plots(results, out, meta)
    if charts:
        text += "\n" + "\n".join(f"![{title}]({path.name})" for path, title in charts) + "\n"
    (out / "table.md").write_text(text)
    print(text)
    if benchmarks_md is not None:
        for path, _ in charts:  # the block's image links are relative: beside BENCHMARKS.md
            if path.parent.resolve() != benchmarks_md.parent.resolve():
                shutil.copyfile(path, benchmarks_md.parent / path.name)
        _update_benchmarks_md(benchmarks_md, text)


def _plots(
    results: list[dict[str, Any]], out: Path, meta: dict[str, str]
) -> list[tuple[Path, str]]:
    """The charts of `benchmarks.plots` written into `out`, with their titles; none (saying so)
    where matplotlib is not installed (it comes with the dev dependencies)."""
    try:
        from benchmarks.plots import TITLES, write_plots
    except ImportError as e:
        _progress(f"benchmark: no charts ({e}; `uv sync` installs matplotlib)")
        return []
    paths = write_plots(results, out, date=meta["date"], machine=meta["machine"])
    return [(path, TITLES.get(path.name, path.stem)) for path in paths]


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
    """`--quick`: the options of the edit loop (1,000 papers once, no `--large`, every section
    small), results and charts in bench-out/quick/ only: numbers that small must not replace
    BENCHMARKS.md's."""
    if not args.quick:
        return args
    args.sizes, args.repeats, args.large = "1000", 1, False
    args.documents_generated = min(args.documents_generated, 2)
    args.search_papers, args.search_queries = 2_000, 20
    args.council_count, args.council_papers, args.council_concurrent = 2, 10, "2"
    args.benchmarks_md = ""
    args.out = str(Path(args.out) / "quick")
    return args


def pipeline_sizes(args: argparse.Namespace) -> list[int]:
    """The corpus sizes to measure: `--sizes` (none for 'none'), then `--large`'s (so that
    `--sizes none --large` measures the large size alone)."""
    sizes = [] if args.sizes.strip().lower() in ("", "none") else args.sizes.split(",")
    return [int(s) for s in sizes if s.strip()] + ([LARGE] if args.large else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=SIZES,
        help=f"corpus sizes in papers, comma-separated ({SIZES}; the sample adds its seed pair "
        "to each); 'none': none of these (with --large: that size alone; else the sections only)",
    )
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"also {LARGE:,} papers (after the sizes; not with 'none'): its full run takes "
        f"~20 minutes, so it runs end to end once and measures in process on its first "
        f"{INPROCESS_PAGES:,} pages; ≈ 35 to 95 minutes in all (see above)",
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
    sizes = pipeline_sizes(args)
    if sizes:
        results = []
        for size in sizes:
            how = f"×{args.repeats}"
            if size > ONCE_ABOVE:
                how += f" in process on its first {INPROCESS_PAGES:,} pages, end to end once"
            _progress(f"benchmark: {size} papers {how}")
            results.append(measure(size, args.repeats, args.changed, e2e=not args.no_e2e))
        write_report(results, Path(args.out), command, md)
    for section in SECTIONS:
        if getattr(args, section.name):
            _progress(f"benchmark: {section.name}")
            write_section(section, section.run(args, command), Path(args.out), md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
