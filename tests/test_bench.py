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
                "e2e_seconds", "peak_rss_mib", "nightly_requests"):  # fmt: skip
        assert result[key] > 0, key
    text = md.read_text()
    assert "notes before" in text and "notes after" in text and "old" not in text
    assert "| 42 |" in text
    assert "Full-text search on the generated sample: 42 papers" in text  # the sections' tables
    assert json.loads((out / "search.json").read_text())["queries"] == 5
    assert (out / "documents.json").is_file()
