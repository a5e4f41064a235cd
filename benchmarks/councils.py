"""Many councils at once: N sample councils × P papers, crawled by `ratsinfo run` processes with at
most M running at a time, in the lake layout (a working DuckDB file per council, the published
tables pushed into one DuckLake with a SQLite catalog).

N sample RIS (seeds 0 … N-1) are served on loopback ports in this process and registered as
`bench-0` … `bench-{N-1}` in a temporary council registry. For each measurement a fresh folder
holds the lake, the councils' working files and publish folders and one DAGSTER_HOME shared by
the measurement's runs; its pool limits are set as a deployment sets them (docs/deploy.md):
`duckdb_writer` = M (each run writes only its own council's file), `pdf_text` = min(M, cores),
and the lake's tables and views are made before the clock starts (as after a first night).
Every run is `ratsinfo run --source bench-i --min-interval 0` (rate limit off) in its own
process, with documents on (RATSINFO_MAX_DOCUMENTS at its default, more than the councils have).

- one council alone: papers/s of one run (the baseline);
- for each M: all N councils through a pool of at most M subprocesses: wall time, aggregate
  papers/s (papers in the lake ÷ wall time) and the speed-up over one run's papers/s;
- peak RSS per run: the VmRSS of the run's process and its descendants (the PDF text workers),
  summed, sampled every 0.1 s, its maximum per run; max and median over the runs;
- lake commits retried: the `lake_tables` step logs the attempts its DuckLake transaction took;
- CPU: the runs' CPU seconds (their processes and waited-for children) and the sample servers'
  (this process), set against wall time × cores.

Correctness is checked on the way: every run exits 0 and the lake holds every council with all of
its papers (`SELECT council, count(*) FROM vorlagen`); otherwise CouncilBenchError, naming what
failed and the end of the failed run's log.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sample_ris import generate, serve

COUNCILS = 6
PAPERS = 60
CONCURRENT = (1, 2, 3)
POLL_SECONDS = 0.1
WRITER_POOL, DOCUMENTS_POOL = "duckdb_writer", "pdf_text"  # assets.resources
_ATTEMPTS = re.compile(r"council (\S+) replaced in snapshot \d+ \((\d+) attempt\(s\)")
_STEP = re.compile(r'Finished execution of step "(\w+)" in ([\d.]+)(ms|s)\b')


class CouncilBenchError(RuntimeError):
    """A run failed or the lake does not hold what the runs should have written; `result`: what
    was measured up to the failure (its last row's "problems" say what failed)."""

    result: dict[str, Any] | None = None


# -- peak RSS of a process tree ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                out.extend(int(c) for c in (task / "children").read_text().split())
    return out


def tree_pids(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc/<pid>/task/*/children); gone processes left out."""
    seen, todo = [pid], [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in seen:
                seen.append(child)
                todo.append(child)
    return seen


def _rss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


def tree_rss_kib(pid: int) -> int:
    """VmRSS of `pid` and its descendants, summed (pages shared between them count per process:
    an upper bound of the tree's memory)."""
    return sum(_rss_kib(p) for p in tree_pids(pid))


# -- the runs ------------------------------------------------------------------------------------


@dataclass
class Run:
    council: str
    returncode: int | None = None
    seconds: float = 0.0
    peak_rss_mib: float = 0.0
    lake_attempts: int | None = None  # the lake_tables step's DuckLake transaction
    steps: dict[str, float] = field(default_factory=dict)
    log_tail: str = ""


@dataclass
class _Active:
    run: Run
    proc: subprocess.Popen[bytes]
    started: float
    log: Path
    peak_kib: int = 0


def run_env(root: Path, registry: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measurement's runs: the lake layout with a SQLite catalog under
    `root`, the bench registry, one DAGSTER_HOME; no other RATSINFO_* setting of the caller."""
    from ratsinfo.settings import Settings

    env = {k: v for k, v in (base or dict(os.environ)).items() if not k.startswith("RATSINFO_")}
    env.update(
        {
            "DAGSTER_HOME": str(root / "dagster_home"),
            "RATSINFO_LAKE": f"sqlite:{root / 'lake.sqlite'}",
            "RATSINFO_LAKE_DATA": str(root / "lake-data"),
            "RATSINFO_COUNCILS": str(registry),
            "RATSINFO_MAX_DOCUMENTS": str(Settings().max_documents),
        }
    )
    return env


def set_pools(env: dict[str, str], limits: dict[str, int]) -> None:
    """Create the DAGSTER_HOME of `env` (with the repository's dagster.yaml) and set its pools'
    limits, as `dagster instance concurrency set` does."""
    from ratsinfo.paths import DAGSTER_YAML

    home = Path(env["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if DAGSTER_YAML.exists():
        shutil.copyfile(DAGSTER_YAML, home / "dagster.yaml")
    code = (
        "import json, sys, dagster as dg\n"
        "with dg.DagsterInstance.get() as instance:\n"
        "    for pool, n in json.loads(sys.argv[1]).items():\n"
        "        instance.event_log_storage.set_concurrency_slots(pool, n)\n"
    )
    subprocess.run([sys.executable, "-c", code, json.dumps(limits)], env=env, check=True)


def _command(council: str, root: Path) -> list[str]:
    return [
        sys.executable, "-m", "ratsinfo.cli", "run", "--source", council,
        "--warehouse", str(root / "warehouse" / "ratsinfo.duckdb"),
        "--out", str(root / "publish"), "--min-interval", "0",
        "--verbose",  # Dagster's log: the step timings and the lake commit's attempts
    ]  # fmt: skip


def _finish(active: _Active, now: float) -> Run:
    run = active.run
    run.returncode = active.proc.returncode
    run.seconds = now - active.started
    run.peak_rss_mib = round(active.peak_kib / 1024, 1)
    text = active.log.read_text(errors="replace")
    for council, attempts in _ATTEMPTS.findall(text):
        if council == run.council:
            run.lake_attempts = int(attempts)
    for name, value, unit in _STEP.findall(text):
        run.steps[name] = round(float(value) / (1000 if unit == "ms" else 1), 3)
    if run.returncode != 0:
        run.log_tail = "\n".join(text.splitlines()[-40:])
    return run


def run_pool(
    councils: Sequence[str], concurrent: int, root: Path, env: dict[str, str]
) -> tuple[list[Run], float]:
    """`ratsinfo run` for every council, at most `concurrent` processes at a time, started in
    order as places free up; the runs (in the order given) and the wall time from the first
    start to the last end. Every process tree's RSS is sampled every POLL_SECONDS."""
    logs = root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    pending, active, done = deque(councils), list[_Active](), dict[str, Run]()
    started = time.perf_counter()
    try:
        while pending or active:
            while pending and len(active) < concurrent:
                council = pending.popleft()
                log = logs / f"{council}.log"
                with open(log, "wb") as out:
                    proc = subprocess.Popen(
                        _command(council, root), env=env, stdout=out, stderr=subprocess.STDOUT
                    )
                active.append(_Active(Run(council), proc, time.perf_counter(), log))
            for a in list(active):
                a.peak_kib = max(a.peak_kib, tree_rss_kib(a.proc.pid))
                if a.proc.poll() is not None:
                    done[a.run.council] = _finish(a, time.perf_counter())
                    active.remove(a)
            if active:
                time.sleep(POLL_SECONDS)
    finally:
        for a in active:  # interrupted: leave no run behind
            a.proc.kill()
            a.proc.wait()
    return [done[c] for c in councils], time.perf_counter() - started


def lake_spec(root: Path) -> Any:
    """The measurement's lake: a SQLite catalog and its Parquet folder under `root`."""
    from ratsinfo.lake import Lake

    return Lake(f"sqlite:{root / 'lake.sqlite'}", str(root / "lake-data"))


def prepare_lake(root: Path) -> None:
    """Make the lake's tables and views before the clock starts, as a deployment has them after
    its first night: the runs measured replace their councils' rows, none creates the tables
    (which the first run of a fresh lake does, a few seconds more than any later run)."""
    import duckdb

    from ratsinfo.lake import attach, ensure_tables, ensure_views
    from ratsinfo.warehouse import connect as connect_warehouse

    empty = root / "empty.duckdb"  # a working file with the schema and no rows
    connect_warehouse(empty).close()
    con = duckdb.connect()
    try:
        attach(con, lake_spec(root))
        con.execute(f"ATTACH '{empty}' AS work (READ_ONLY)")
        ensure_tables(con, "work")
        ensure_views(con)
        con.execute("DETACH work")
    finally:
        con.close()
    empty.unlink()


def lake_papers(root: Path) -> dict[str, int]:
    """Papers per council in the measurement's lake."""
    from ratsinfo.lake import connect

    if not (root / "lake.sqlite").exists():
        return {}
    with connect(lake_spec(root), read_only=True) as con:
        rows = con.execute("SELECT council, count(*) FROM vorlagen GROUP BY 1").fetchall()
    return {str(c): int(n) for c, n in rows}


def problems(runs: Sequence[Run], expected: dict[str, int], in_lake: dict[str, int]) -> list[str]:
    """What is wrong with a measurement: runs that did not exit 0, councils the lake lacks or
    holds with another number of papers, councils in the lake that were not run."""
    out = []
    for run in runs:
        if run.returncode != 0:
            out.append(f"`ratsinfo run --source {run.council}` exited {run.returncode}")
    for council, papers in expected.items():
        got = in_lake.get(council)
        if got != papers:
            out.append(
                f"the lake holds {got or 0} papers of {council}, not {papers}"
                if got is not None
                else f"the lake holds no papers of {council} ({papers} expected)"
            )
    for council in sorted(set(in_lake) - set(expected)):
        out.append(f"the lake holds {in_lake[council]} papers of {council}, which was not run")
    return out


@contextlib.contextmanager
def served_councils(n: int, papers: int) -> Iterator[tuple[Path, dict[str, int]]]:
    """N sample RIS on loopback ports, registered as bench-0 … bench-{n-1} in a temporary
    registry: its path and each council's papers."""
    from ratsinfo.councils import Registry

    with tempfile.TemporaryDirectory(prefix="ratsinfo-bench-councils-") as tmp:
        registry = Path(tmp) / "councils.json"
        expected: dict[str, int] = {}
        with contextlib.ExitStack() as stack:
            for i in range(n):
                ris = generate(papers, seed=i)
                base = stack.enter_context(serve(ris, port=0))
                key = f"bench-{i}"
                Registry(registry).add(
                    f"{base}/oparl/system", key=key, name=f"Beispielstadt {i} (Benchmark)"
                )
                expected[key] = len(ris.papers)
            yield registry, expected


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def machine_cpu_seconds() -> float:
    """CPU seconds the whole machine has been busy (every process, /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(f) for f in fields]
    busy = sum(ticks[:8]) - ticks[3] - ticks[4]  # user … steal, without idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def measure(
    councils: Sequence[str],
    concurrent: int,
    registry: Path,
    expected: dict[str, int],
) -> dict[str, Any]:
    """One measurement in a fresh folder: the councils' runs, at most `concurrent` at a time."""
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="ratsinfo-bench-lake-") as tmp:
        root = Path(tmp)
        env = run_env(root, registry)
        pools = {WRITER_POOL: concurrent, DOCUMENTS_POOL: min(concurrent, cores)}
        set_pools(env, pools)
        prepare_lake(root)
        cpu_self = _cpu_seconds(resource.RUSAGE_SELF)
        cpu_children = _cpu_seconds(resource.RUSAGE_CHILDREN)
        cpu_machine = machine_cpu_seconds()
        runs, wall = run_pool(councils, concurrent, root, env)
        cpu_machine = machine_cpu_seconds() - cpu_machine
        cpu_runs = _cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_children
        cpu_servers = _cpu_seconds(resource.RUSAGE_SELF) - cpu_self
        in_lake = lake_papers(root)
    wanted = {c: expected[c] for c in councils}
    papers = sum(in_lake.get(c, 0) for c in councils)
    rss = [r.peak_rss_mib for r in runs]
    attempts = [r.lake_attempts for r in runs if r.lake_attempts is not None]
    capacity = wall * cores
    return {
        "councils": len(councils),
        "concurrent": concurrent,
        "pools": pools,
        "wall_seconds": round(wall, 1),
        "papers": papers,
        "papers_per_s": round(papers / wall, 2),
        "run_seconds_median": round(statistics.median(r.seconds for r in runs), 1),
        "peak_rss_mib_max": max(rss),
        "peak_rss_mib_median": round(statistics.median(rss), 1),
        # attempts beyond the first, over the runs (None: no run logged its lake commit)
        "lake_retries": sum(a - 1 for a in attempts) if attempts else None,
        "lake_commits_logged": len(attempts),
        "cpu_seconds_runs": round(cpu_runs, 1),
        "cpu_seconds_servers": round(cpu_servers, 1),
        # shares of the machine's CPU (wall × cores): ours (runs and servers), everyone else's
        "cpu_busy": round((cpu_runs + cpu_servers) / capacity, 2),
        "cpu_others": round(max(0.0, cpu_machine - cpu_runs - cpu_servers) / capacity, 2),
        # our CPU per paper crawled: hardly moved by other processes' load, unlike the rates
        "cpu_seconds_per_paper": round((cpu_runs + cpu_servers) / papers, 3) if papers else None,
        "lake": in_lake,
        "problems": problems(runs, wanted, in_lake),
        "runs": [asdict(r) for r in runs],
    }


def max_documents() -> int:
    """RATSINFO_MAX_DOCUMENTS of the runs: the setting's default (more than a council here has)."""
    from ratsinfo.settings import Settings

    return Settings().max_documents


def _failed(what: str, row: dict[str, Any], result: dict[str, Any]) -> CouncilBenchError:
    tails = [
        f"--- {r['council']} (exit {r['returncode']}), the end of its log:\n{r['log_tail']}"
        for r in row["runs"]
        if r["returncode"] != 0
    ][:2]
    error = CouncilBenchError(
        f"councils benchmark, {what}: " + "; ".join(row["problems"]) + "\n" + "\n".join(tails)
    )
    error.result = result
    return error


def council_bench(
    councils: int = COUNCILS,
    papers: int = PAPERS,
    concurrent: Sequence[int] = CONCURRENT,
    repeats: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The section's measurements: one council alone `repeats` times (bench-0, bench-1, … each
    in a fresh folder; the median is the baseline), then all `councils` for each number of
    concurrent runs. Raises CouncilBenchError as soon as a measurement finds a failed run or a
    lake without what it should hold; the error's `result` holds what was measured."""
    say = progress or (lambda msg: None)
    if councils < 1 or papers < 1 or repeats < 1 or not concurrent or min(concurrent) < 1:
        raise ValueError("councils, papers, repeats and concurrent runs must be at least 1")
    keys = [f"bench-{i}" for i in range(councils)]
    result: dict[str, Any] = {
        "councils": councils,
        "papers_each": papers,
        "cores": os.cpu_count(),
        "max_documents": max_documents(),
        "alone": [],
        "rows": [],
    }
    with served_councils(councils, papers) as (registry, expected):
        result["papers_each_with_seed_pair"] = expected[keys[0]]
        for i in range(repeats):
            key = keys[i % councils]
            say(f"councils: one council alone ({key}, {expected[key]} papers), {i + 1}/{repeats}")
            row = measure([key], 1, registry, expected)
            result["alone"].append(row)
            if row["problems"]:
                raise _failed(f"{key} alone", row, result)
        ranked = sorted(result["alone"], key=lambda m: m["papers_per_s"])
        result["one_run"] = one = ranked[(len(ranked) - 1) // 2]  # the median (lower middle)
        for m in concurrent:
            say(f"councils: {councils} councils × {expected[keys[0]]} papers, {m} at a time")
            row = measure(keys, m, registry, expected)
            row["speedup"] = round(row["papers_per_s"] / one["papers_per_s"], 2)
            result["rows"].append(row)
            if row["problems"]:
                raise _failed(f"{m} at a time", row, result)
    return result


def markdown(result: dict[str, Any], command: str) -> str:
    one, cores, rows = result["one_run"], result["cores"], result["rows"]
    alone = ", ".join(str(m["papers_per_s"]) for m in result["alone"])
    cols = [
        "councils", "papers each", "concurrent runs", "wall s", "aggregate papers/s",
        "× one run", "peak RSS per run MiB (max / median)", "lake commits retried",
        "CPU busy: ours / other processes", "our CPU s per paper",
    ]  # fmt: skip

    def row(m: dict[str, Any], speedup: str) -> str:
        retried = "–" if m["lake_retries"] is None else str(m["lake_retries"])
        return (
            f"| {m['councils']} | {result['papers_each_with_seed_pair']} | {m['concurrent']} | "
            f"{m['wall_seconds']} | {m['papers_per_s']} | {speedup} | "
            f"{m['peak_rss_mib_max']:.0f} / {m['peak_rss_mib_median']:.0f} | {retried} | "
            f"{m['cpu_busy']:.0%} / {m['cpu_others']:.0%} | {m['cpu_seconds_per_paper']} |"
        )

    lines = [
        f"{result['councils']} generated sample councils × {result['papers_each']} papers (plus "
        f"the sample's seed pair: {result['papers_each_with_seed_pair']} each), each crawled by "
        f"its own `ratsinfo run` process on {cores} cores; rate limit off (`--min-interval 0`), "
        f"documents on (at most {result['max_documents']} per run: all of them); lake layout with "
        "a SQLite DuckLake catalog, its tables made before the clock starts; one DAGSTER_HOME per "
        "row, its pools set as a deployment sets them: `duckdb_writer` = concurrent runs, "
        "`pdf_text` = min(concurrent runs, cores). "
        f"Baseline: the median of {len(result['alone'])} runs of one council alone (papers/s: "
        f"{alone}); the other rows are one measurement each. Command: `{command}`.",
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
        row(one, "1 (baseline)"),
        *(row(m, f"{m['speedup']}") for m in rows),
        "",
        "Peak RSS: a run's process and its PDF text workers, VmRSS summed, sampled every 0.1 s. "
        "CPU busy: CPU seconds ÷ (wall time × cores); ours are the runs' processes and the sample "
        "servers (threads of the benchmark process), other processes' from /proc/stat.",
        "",
        "Every run exited 0 and the lake holds every council with all its papers. "
        + interpretation(result),
        "",
    ]
    return "\n".join(lines)


def interpretation(result: dict[str, Any]) -> str:
    """What the rows say, in a few sentences: how busy one run keeps the cores, the best speed-up
    and whether the CPU (ours and other processes') was the limit there; then the reasoning about
    real councils, which is not measured."""
    one, cores, rows = result["one_run"], result["cores"], result["rows"]
    best = max(rows, key=lambda m: m["papers_per_s"])
    most = max(rows, key=lambda m: m["concurrent"])
    text = [
        f"One run alone keeps {one['cpu_busy']:.0%} of the {cores} cores busy (its steps run one "
        "after another in one process; the PDF text workers run during the documents step); "
        f"{best['concurrent']} at a time crawl {best['speedup']}× its papers per second, with "
        f"{best['cpu_busy']:.0%} of the cores busy with our processes and "
        f"{best['cpu_others']:.0%} with other processes."
    ]
    if most["cpu_busy"] + most["cpu_others"] >= 0.85:
        text.append(
            f"At {most['concurrent']} at a time the CPU is taken "
            f"({most['cpu_busy'] + most['cpu_others']:.0%} of it): on {cores} cores the crawl "
            "is CPU-bound (parsing, the documents' text, DuckDB, Dagster), so runs beyond the "
            "cores only share them."
        )
    else:
        text.append(
            f"Even at {most['concurrent']} at a time only "
            f"{most['cpu_busy'] + most['cpu_others']:.0%} of the CPU is busy: the runs wait on "
            "something besides the CPU (files, the lake's commits, Dagster's step bookkeeping)."
        )
    per_paper = statistics.median(m["cpu_seconds_per_paper"] for m in (*result["alone"], *rows))
    text.append(
        f"Our processes need about {per_paper:.2f} CPU seconds per paper in every row, so on "
        f"{cores} idle cores the aggregate rate cannot pass {cores / per_paper:.1f} papers/s, "
        "however many runs go at once."
    )
    others = max(m["cpu_others"] for m in (*result["alone"], *rows))
    if others >= 0.1:
        text.append(
            f"Other processes used up to {others:.0%} of the machine's CPU during a measurement "
            "(a shared machine), more in some rows than in others: the rates are lower than on "
            "an idle machine and the speed-ups compare unequal conditions; rerun on an idle "
            "machine for numbers to quote."
        )
    text.append(
        "Reasoning, not measured here: on real councils each run waits on its host "
        "(politeness, 1 request/s per host), so runs of councils on different hosts spend most "
        "of their time waiting and concurrency across hosts scales further, until the CPU or "
        "the lake's commits are the limit."
    )
    return " ".join(text)
