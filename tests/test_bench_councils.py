"""The councils benchmark (benchmarks/councils.py): its process-tree RSS, its checks, and the
section in a tiny configuration (2 councils × 6 papers, 2 at a time) through
`python -m benchmarks.run`. No timing is asserted: the numbers belong in BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import councils as bench
from benchmarks.councils import CouncilBenchError, Run, problems, tree_pids, tree_rss_kib
from benchmarks.run import main
from ratsinfo.councils import Registry

HOLD = "import time; b = bytearray({mib} * 2**20); b[::4096] = b'x' * len(b[::4096]); {rest}"


def _vm_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_tree_rss_counts_children_and_grandchildren():
    # The grandchild says "ready" once its 40 MiB are touched: the sums below compare settled
    # processes (waiting for the tree to pass 60 MiB raced with the grandchild still growing).
    grandchild = HOLD.format(mib=40, rest="print('ready', flush=True); time.sleep(30)")
    child = HOLD.format(
        mib=20,
        rest=f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])",
    )
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n", "the grandchild never showed up"
        pids = tree_pids(proc.pid)
        assert pids[0] == proc.pid and len(pids) == 2
        assert tree_rss_kib(proc.pid) >= 60 * 1024
        assert tree_rss_kib(proc.pid) >= _vm_rss_kib(proc.pid) + _vm_rss_kib(pids[1]) - 2048
        assert os.getpid() not in pids
    finally:
        for pid in reversed(tree_pids(proc.pid)):
            os.kill(pid, 9)
        proc.wait()
    assert tree_rss_kib(proc.pid) == 0  # gone: nothing, no error


def test_problems_name_failed_runs_and_missing_or_stray_papers():
    runs = [Run("bench-0", returncode=0), Run("bench-1", returncode=1)]
    expected = {"bench-0": 8, "bench-1": 8}
    assert problems(runs[:1], {"bench-0": 8}, {"bench-0": 8}) == []
    found = problems(runs, expected, {"bench-0": 7, "other": 3})
    assert found == [
        "`ratsinfo run --source bench-1` exited 1",
        "the lake holds 7 papers of bench-0, not 8",
        "the lake holds no papers of bench-1 (8 expected)",
        "the lake holds 3 papers of other, which was not run",
    ]


def test_a_failed_measurement_stops_the_section_with_what_was_measured(monkeypatch):
    def failing(councils, concurrent, registry, expected):
        row = {"councils": len(councils), "concurrent": concurrent, "papers_per_s": 1.0}
        row["problems"] = ["`ratsinfo run --source bench-1` exited 1"] if concurrent == 2 else []
        row["runs"] = [{"council": "bench-1", "returncode": 1, "log_tail": "Traceback: boom"}]
        return row

    monkeypatch.setattr(bench, "measure", failing)
    with pytest.raises(
        CouncilBenchError, match="2 at a time: `ratsinfo run --source bench-1`"
    ) as e:
        bench.council_bench(councils=2, papers=2, concurrent=(1, 2, 3))
    assert "Traceback: boom" in str(e.value)
    result = e.value.result
    assert result is not None and result["one_run"]["concurrent"] == 1
    assert [m["councils"] for m in result["alone"]] == [1, 1, 1]  # --repeats, one council each
    assert [r["concurrent"] for r in result["rows"]] == [1, 2]  # 3 was not measured


def test_registry_of_served_councils():
    with bench.served_councils(2, 3) as (registry, expected):
        councils = Registry(registry).councils()
        assert list(councils) == ["bench-0", "bench-1"] == list(expected)
        assert expected == {"bench-0": 5, "bench-1": 5}  # 3 papers and the seed pair
        urls = {c.system_url for c in councils.values()}
        assert len(urls) == 2 and all(u and u.endswith("/oparl/system") for u in urls)


@pytest.mark.slow  # three `ratsinfo run` processes, about a minute on two cores
def test_councils_section_tiny(tmp_path):
    md, out = tmp_path / "BENCHMARKS.md", tmp_path / "out"
    md.write_text("# Benchmarks\n\nnotes\n")
    argv = ["--sizes", "none", "--no-documents", "--no-search", "--repeats", "1",
            "--council-count", "2", "--council-papers", "6", "--council-concurrent", "2",
            "--out", str(out), "--benchmarks-md", str(md)]  # fmt: skip
    assert main(argv) == 0
    result = json.loads((out / "councils.json").read_text())
    assert result["papers_each_with_seed_pair"] == 8
    one, [row] = result["one_run"], result["rows"]
    assert result["alone"] == [one]
    assert one["councils"] == 1 and one["lake"] == {"bench-0": 8} and one["papers"] == 8
    assert row["councils"] == 2 and row["concurrent"] == 2
    assert row["lake"] == {"bench-0": 8, "bench-1": 8} and row["papers"] == 16
    assert row["problems"] == [] and one["problems"] == []
    for m in (one, row):
        assert all(r["returncode"] == 0 for r in m["runs"])
        assert 0 < m["wall_seconds"] < 600
        assert m["papers_per_s"] == pytest.approx(m["papers"] / m["wall_seconds"], rel=0.05)
        # a Python process with DuckDB and Dagster loaded, and its PDF text workers
        assert 100 < m["peak_rss_mib_median"] <= m["peak_rss_mib_max"] < 4096
        assert m["lake_commits_logged"] == m["councils"] and m["lake_retries"] >= 0
        assert all(r["steps"].get("lake_tables", 0) > 0 for r in m["runs"])
        assert m["cpu_seconds_runs"] > 0 and 0 < m["cpu_seconds_per_paper"] < 30
    assert row["pools"] == {"duckdb_writer": 2, "pdf_text": min(2, os.cpu_count() or 1)}
    assert row["speedup"] == pytest.approx(row["papers_per_s"] / one["papers_per_s"], rel=0.05)
    text = md.read_text()
    assert "## Many councils at once" in text and "<!-- results:councils:" in text
    assert "| 2 | 8 | 2 |" in text and "| 1 | 8 | 1 |" in text
    assert "--council-count 2" in text


def _row(councils, concurrent, papers_per_s, busy, others, speedup=None):
    row = {"councils": councils, "concurrent": concurrent, "wall_seconds": 10.0,
           "papers_per_s": papers_per_s, "peak_rss_mib_max": 420.4, "peak_rss_mib_median": 400.2,
           "lake_retries": 1, "cpu_busy": busy, "cpu_others": others,
           "cpu_seconds_per_paper": 0.25}  # fmt: skip
    return row if speedup is None else {**row, "speedup": speedup}


def test_markdown_table_and_what_it_says():
    one = _row(1, 1, 4.0, 0.45, 0.02)
    rows = [_row(6, 1, 4.2, 0.5, 0.0, 1.05), _row(6, 2, 7.0, 0.9, 0.05, 1.75)]
    result = {"councils": 6, "papers_each": 60, "papers_each_with_seed_pair": 62, "cores": 2,
              "max_documents": 500, "alone": [one, _row(1, 1, 3.5, 0.45, 0.0)], "one_run": one,
              "rows": rows}  # fmt: skip
    text = bench.markdown(result, "python -m benchmarks.run --sizes none")
    assert "| 1 | 62 | 1 | 10.0 | 4.0 | 1 (baseline) | 420 / 400 | 1 | 45% / 2% | 0.25 |" in text
    assert "| 6 | 62 | 2 | 10.0 | 7.0 | 1.75 | 420 / 400 | 1 | 90% / 5% | 0.25 |" in text
    assert "papers/s: 4.0, 3.5" in text and "`python -m benchmarks.run --sizes none`" in text
    assert "2 at a time crawl 1.75×" in text and "CPU-bound" in text
    assert "Other processes used" not in text and "Reasoning, not measured here" in text
    assert "0.25 CPU seconds per paper" in text and "cannot pass 8.0 papers/s" in text
    result["rows"][1] = _row(6, 2, 5.0, 0.4, 0.3, 1.25)
    text = bench.markdown(result, "c")
    assert "CPU-bound" not in text and "only 70% of the CPU is busy" in text
    assert "Other processes used up to 30%" in text
