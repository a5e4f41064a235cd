"""The benchmark's smallest size once, as a smoke test (no timing is asserted)."""

import json

import pytest

from benchmarks.run import main

pytestmark = pytest.mark.slow  # whole pipeline runs: left out of make test-fast


def test_bench_smoke(tmp_path):
    md = tmp_path / "BENCHMARKS.md"
    md.write_text("# Benchmarks\n\nnotes before\n\n<!-- results: written by `make bench` -->\nold\n"
                  "<!-- /results -->\n\nnotes after\n")  # fmt: skip
    out = tmp_path / "out"
    assert (
        main(
            [
                "--sizes",
                "40",
                "--repeats",
                "1",
                "--out",
                str(out),
                "--benchmarks-md",
                str(md),
                "--documents-generated",
                "2",
                "--search-papers",
                "40",
                "--search-queries",
                "5",
                "--no-councils",  # tests/test_bench_councils.py runs it, tiny
            ]
        )
        == 0
    )
    [result] = json.loads((out / "results.json").read_text())["results"]
    assert result["papers"] == 42
    for key in ("parse_extract_pages_per_s", "baseline_pages_per_s", "duckdb_insert_rows_per_s",
                "e2e_seconds", "peak_rss_mib", "nightly_requests", "bare_selectolax_pages_per_s",
                "parse_extract_share_of_bare", "fixed_seconds", "startup_seconds"):  # fmt: skip
        assert result[key] > 0, key
    assert result["inprocess_pages"] == 42 and result["e2e_runs"] == 1
    # the run's memory by step, from the samples and Dagster's step lines
    full = result["runs"][0]["full"]
    assert full["step_seconds"]["raw_responses"] > 0
    assert full["step_peak_rss_mib"]["raw_responses"] > 0
    assert set(result["step_peak_rss_mib"]) <= set(full["step_seconds"])
    assert full["fixed_seconds"] < full["seconds"]
    text = md.read_text()
    assert "notes before" in text and "notes after" in text and "old" not in text
    assert "| 42 | 1 |" in text
    for chart in ("bench-time.png", "bench-memory.png", "bench-throughput.png"):
        assert f"]({chart})" in text and (md.parent / chart).is_file() and (out / chart).is_file()
    assert "Full-text search on the generated sample: 42 papers" in text  # the sections' tables
    assert json.loads((out / "search.json").read_text())["queries"] == 5
    assert (out / "documents.json").is_file()


def test_quick_is_small_and_leaves_benchmarks_md_alone(tmp_path):
    """`--quick` (the edit loop): 1,000 papers once, every section small, results only in
    bench-out/quick/: BENCHMARKS.md keeps the real measurements."""
    import argparse

    from benchmarks.run import quick

    def args(**kw):
        base = dict(
            quick=True, sizes="1000,5000,10000,50000", repeats=3, documents_generated=8,
            search_papers=50_000, search_queries=200, council_count=6, council_papers=60,
            council_concurrent="1,2,3", benchmarks_md="BENCHMARKS.md", out=str(tmp_path),
        )  # fmt: skip
        return argparse.Namespace(**{**base, **kw})

    q = quick(args())
    assert (q.sizes, q.repeats, q.benchmarks_md) == ("1000", 1, "")
    assert q.out == str(tmp_path / "quick")
    assert q.search_papers <= 2_000 and q.council_count * q.council_papers <= 20
    assert quick(args(quick=False)).benchmarks_md == "BENCHMARKS.md"  # untouched without it
