"""The benchmark's charts, its bare selectolax reference and its per-step memory, each on small
made-up input (quick: no subprocess, no timing asserted)."""

import pytest

from benchmarks.plots import MEMORY, THROUGHPUT, TIME, write_plots
from benchmarks.run import _footnotes, _pages, bare_selectolax, dagster_seconds, step_peaks

PNG = b"\x89PNG\r\n\x1a\n"


def _result(papers, inprocess=None, steps=True):
    """A result of `benchmarks.run.measure` as far as the charts read it."""
    k = papers / 1000
    result = {
        "papers": papers,
        "inprocess_pages": inprocess or papers,
        "parse_extract_pages_per_s": 1000 + k,
        "bare_selectolax_pages_per_s": 2500 + k,
        "parse_load_pages_per_s": 2200 - k,
        "baseline_pages_per_s": 70 - k / 10,
        "load_rows_per_s": 100_000 + k,
        "duckdb_insert_rows_per_s": 200_000 + k,
        "e2e_runs": 3,
        "e2e_seconds": 5 + papers / 250,
        "nightly_seconds": 5 + papers / 5000,
        "fixed_seconds": 5 + papers / 50_000,
        "peak_rss_mib": 300 + papers / 30,
    }
    if steps:
        result["step_peak_rss_mib"] = {f"step_{i}": 200 + papers / (40 + 10 * i) for i in range(6)}
    return result


def test_matplotlib_is_installed():
    """The charts need matplotlib (a dev dependency): without it `make bench` writes none."""
    import matplotlib

    assert matplotlib.__version__


def test_write_plots_makes_three_pngs_and_the_same_ones_again(tmp_path):
    results = [_result(1002), _result(5002), _result(50_002), _result(300_002, 50_000)]
    paths = write_plots(results, tmp_path, date="2026-12-02", machine="x86_64, 2 cores")
    assert [p.name for p in paths] == [TIME, MEMORY, THROUGHPUT]
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000, path.name
        assert b"Matplotlib" not in data  # no software version: same numbers, same file
    first = [p.read_bytes() for p in paths]
    again = write_plots(results, tmp_path / "again", date="2026-12-02", machine="x86_64, 2 cores")
    assert [p.read_bytes() for p in again] == first


def test_write_plots_without_end_to_end_or_step_data(tmp_path):
    """`--no-e2e`: only the throughput chart; one size without step data: still a memory chart."""
    in_process = [
        {k: v for k, v in _result(1002).items() if k.startswith(("papers", "inprocess", "parse",
                                                                  "bare", "baseline", "load",
                                                                  "duckdb"))}
    ]  # fmt: skip
    assert [p.name for p in write_plots(in_process, tmp_path / "a")] == [THROUGHPUT]
    paths = write_plots([_result(1002, steps=False)], tmp_path / "b")
    assert [p.name for p in paths] == [TIME, MEMORY, THROUGHPUT]
    assert all(p.read_bytes().startswith(PNG) for p in paths)


def test_bare_selectolax_runs_on_generated_pages():
    papers, pages = _pages(20)
    assert papers == len(pages) == 22  # the sample adds its seed pair
    assert bare_selectolax(pages) > 0


def test_pages_limit_renders_the_first_ones_only():
    papers, pages = _pages(20, limit=5)
    assert (papers, len(pages)) == (22, 5)
    assert pages == _pages(20)[1][:5]


def test_step_peaks_attribute_samples_to_the_step_running():
    samples = [(0.1, 100.0), (0.3, 150.0), (0.5, 400.0), (0.7, 380.0), (0.9, 200.0), (1.1, 90.0)]
    events = [
        (0.2, "start", "raw_responses"),
        (0.6, "finish", "raw_responses"),
        (0.6, "start", "parsed_papers"),  # the same instant: the order read counts
        (0.95, "finish", "parsed_papers"),
        (0.96, "start", "manifest"),  # shorter than the interval: the next sample
        (0.98, "finish", "manifest"),
        (1.2, "start", "sha256sums"),  # after the last sample: none
        (1.21, "finish", "sha256sums"),
    ]
    assert step_peaks(samples, events) == {
        "raw_responses": 400.0,
        "parsed_papers": 380.0,
        "manifest": 90.0,
    }


def test_step_peaks_overlapping_and_unfinished_steps():
    samples = [(1.0, 10.0), (2.0, 30.0), (3.0, 20.0), (4.0, 50.0)]
    events = [(0.5, "start", "a"), (1.5, "start", "b"), (2.5, "finish", "a")]  # b never ends
    assert step_peaks(samples, events) == {"a": 30.0, "b": 50.0}
    assert step_peaks([], events) == {}
    assert step_peaks(samples, []) == {}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("0.83ms", 0.00083), ("533ms", 0.533), ("2.1s", 2.1), ("4m52s", 292.0), ("1h4m", 3840.0),
     ("", None), ("soon", None)],
)  # fmt: skip
def test_dagster_seconds(text, seconds):
    """Dagster's step durations as its log prints them (dagster_shared.utils.timing); a step
    over a minute reads "4m52s", which the old pattern missed."""
    expected = pytest.approx(seconds) if seconds is not None else None
    assert dagster_seconds(text) == expected


def test_footnotes_name_the_large_size():
    notes = _footnotes([_result(1002), {**_result(300_002, 50_000), "e2e_runs": 1}])
    assert len(notes) == 2
    assert "300002 papers" in notes[0] and "50,000 pages" in notes[0]
    assert notes[1].startswith("runs:")
    assert _footnotes([_result(1002), _result(5002)]) == []


def test_large_appends_300k_and_quick_leaves_it_out():
    import argparse

    from benchmarks.run import pipeline_sizes, quick

    def args(**kw):
        base = dict(
            quick=False, large=False, sizes="1000,5000", repeats=3, documents_generated=8,
            search_papers=50_000, search_queries=200, council_count=6, council_papers=60,
            council_concurrent="1,2,3", benchmarks_md="BENCHMARKS.md", out="bench-out",
        )  # fmt: skip
        return argparse.Namespace(**{**base, **kw})

    assert pipeline_sizes(args()) == [1000, 5000]
    assert pipeline_sizes(args(large=True)) == [1000, 5000, 300_000]
    assert pipeline_sizes(args(sizes="none")) == []
    assert pipeline_sizes(args(sizes="none", large=True)) == [300_000]  # the large size alone
    assert pipeline_sizes(quick(args(quick=True, large=True))) == [1000]


def test_write_report_puts_the_charts_beside_benchmarks_md(tmp_path):
    """The results block of BENCHMARKS.md links the charts by name; they are written into the
    output directory and copied next to BENCHMARKS.md (wherever that is)."""
    from benchmarks.run import write_report

    md = tmp_path / "docs" / "BENCHMARKS.md"
    md.parent.mkdir()
    md.write_text("# Benchmarks\n\n<!-- results: written by `make bench` -->\nold\n"
                  "<!-- /results -->\n\nnotes after\n")  # fmt: skip
    results = [_result(1002), {**_result(300_002, 50_000), "e2e_runs": 1}]
    write_report(results, tmp_path / "out", "python -m benchmarks.run --large", md)
    text = md.read_text()
    block = text.split("<!-- results: written by `make bench` -->")[1].split("<!-- /results -->")[0]
    for name in (TIME, MEMORY, THROUGHPUT):
        assert f"]({name})" in block
        assert (md.parent / name).read_bytes() == (tmp_path / "out" / name).read_bytes()
    assert "| bare selectolax pages/s | parse+extract ÷ bare |" in block
    assert "| 300002 | 1 |" in block and "first 50,000 pages" in block
    assert "notes after" in text and "old" not in text
    assert (tmp_path / "out" / "table.md").read_text() == block.lstrip("\n")
