"""`ratsinfo run` says what it did and exits by the rule in ratsinfo/report.py (issues 9.6, 9.7):
a run that loaded nothing, or less than it could, does not exit 0; failures say why in a line or
three; Dagster's debug log only with --verbose; the run shows up as the named job."""

import os
import subprocess
import sys
import time

import dagster as dg
import pytest

from ratsinfo.report import RunReport, verdict
from sample_ris import fault_response, generate, serve
from sample_ris.render_oparl import web_url
from tests.helpers import run_command

pytestmark = pytest.mark.slow


def _run(tmp_path, source, *extra, env=None):
    cmd = run_command(source, tmp_path, *extra)
    environ = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), **(env or {})}
    started = time.monotonic()
    done = subprocess.run(cmd, env=environ, capture_output=True, text=True, timeout=300)
    return done, time.monotonic() - started


def test_a_healthy_run_is_a_short_summary_and_the_named_job(tmp_path):
    with serve(generate(20, seed=8)) as base:
        done, _ = _run(tmp_path, f"{base}/oparl/system")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "succeeded" in done.stdout and "22 listed (22 new)" in done.stdout
    assert "DEBUG" not in done.stdout + done.stderr
    assert len(done.stdout.splitlines()) <= 10
    assert "fetching pages: 22 of 22" in done.stderr  # the progress view
    home = tmp_path / "home"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        [run] = instance.get_runs()
    assert run.job_name == "nightly_ingestion"


def test_robots_forbidding_the_pages_is_no_success(tmp_path):
    with serve(generate(20, seed=8)) as base:
        base.faults["/robots.txt"] = fault_response(200, "User-agent: *\nDisallow: /public/\n")
        done, _ = _run(tmp_path, f"{base}/oparl/system")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "INCOMPLETE" in done.stdout
    assert "disallowed by robots.txt 22" in done.stdout
    assert "22 of 22 pages could not be fetched or parsed" in done.stdout


def test_half_the_pages_failing_is_no_success(tmp_path):
    ris = generate(28, seed=9)  # 30 papers
    with serve(ris) as base:
        for paper in list(ris.papers)[::2]:
            path = web_url(base, paper.volfdnr).removeprefix(base)
            base.faults[path] = fault_response(302, "", {"Location": "http://elsewhere.invalid/"})
        done, _ = _run(tmp_path, f"{base}/oparl/system")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "15 of 30 pages could not be fetched or parsed" in done.stdout
    assert "redirect refused 15" in done.stdout


def test_a_broken_paper_list_is_no_success_and_says_where_it_goes_on(tmp_path):
    with serve(generate(28, seed=9)) as base:
        base.faults["/oparl/papers?body=1&page=2"] = fault_response(500, "down")
        done, _ = _run(tmp_path, f"{base}/oparl/system")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "a paper list broke off; the next run continues at" in done.stdout
    assert "page=2" in done.stdout


def test_a_closed_port_fails_with_one_line_naming_the_url(tmp_path):
    done, _ = _run(tmp_path, "http://127.0.0.1:9/oparl/system")
    assert done.returncode == 1
    [why] = [line for line in done.stdout.splitlines() if line.strip().startswith("why")]
    assert "http://127.0.0.1:9/" in why and "Connection refused" in why
    assert len(why) < 400 and "Traceback" not in done.stdout + done.stderr
    assert done.stderr.count("retrying") == 3  # retries are shown as they happen


def test_an_unwritable_warehouse_fails_at_once(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cmd = [sys.executable, "-m", "ratsinfo.cli", "run", "--source", "sample",
           "--warehouse", str(blocker / "w.duckdb")]  # fmt: skip
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"ratsinfo run: cannot write the warehouse {blocker}/w.duckdb")
    assert len(done.stderr.splitlines()) == 1
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [("RATSINFO_MAX_PAPERS", "abc", "RATSINFO_MAX_PAPERS='abc' is not a whole number"),
     ("RATSINFO_MAX_PAPERS", "-3", "RATSINFO_MAX_PAPERS='-3' must be at least 1"),
     ("RATSINFO_MODE", "sometimes", "must be 'incremental' or 'full'")],
)  # fmt: skip
def test_a_bad_setting_is_one_line_naming_it(tmp_path, variable, value, message):
    done, _ = _run(tmp_path, "sample", env={variable: value})
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.splitlines()) == 1


def test_bad_settings_and_paths_are_told_before_dagster_is_imported(tmp_path):
    """Dagster takes seconds to import: a typo is reported without it."""
    check = (
        "import sys; from ratsinfo.cli import main; code = main(sys.argv[1:]); "
        "print('dagster imported' if 'dagster' in sys.modules else 'no dagster'); sys.exit(code)"
    )
    blocked = tmp_path / "file"
    blocked.write_text("")
    for args, env in (
        (["run", "--source", "sample"], {"RATSINFO_MAX_PAPERS": "abc"}),
        (["run", "--source", "sample", "--warehouse", str(blocked / "w.duckdb")], {}),
        (["publish-all", "--warehouse", str(tmp_path / "none.duckdb")], {}),
    ):
        environ = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), **env}
        done = subprocess.run(
            [sys.executable, "-c", check, *args], env=environ, capture_output=True, text=True
        )
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout.strip() == "no dagster", (args, done.stderr)


def test_the_rule():
    report = RunReport(source="s", pages_to_fetch=100, pages_failed=5)
    assert verdict(report) == (0, [])
    report.pages_failed = 6
    assert verdict(report)[0] == 3
    report = RunReport(source="s", pages_to_fetch=0, listing_complete=False)
    assert verdict(report)[0] == 3
    assert verdict(RunReport(source="s", stopped_hosts=["h"]))[0] == 3
    assert verdict(RunReport(source="s", succeeded=False, failure="x"))[0] == 1


def test_a_retry_after_of_hours_ends_the_hosts_crawl_with_a_clear_message(tmp_path):
    ris = generate(20, seed=10)
    with serve(ris) as base:
        first = list(ris.papers)[-1]  # the newest paper is fetched first
        path = web_url(base, first.volfdnr).removeprefix(base)
        base.faults[path] = fault_response(503, "later", {"Retry-After": "21600"})
        done, seconds = _run(tmp_path, f"{base}/oparl/system")
        pages_asked = [r for r in base.requests if "/public/" in r.path.lower()]
    assert done.returncode == 3, done.stdout + done.stderr
    assert "asked us to wait longer than we do (Retry-After): stopped there" in done.stdout
    assert len(pages_asked) == 1  # nothing more was asked of that host
    assert seconds < 120


def test_pages_that_all_answer_404_are_no_success(tmp_path):
    """A council whose OParl `web` links all lead nowhere (seen replaying a real SD.NET crawl):
    every paper listed, none loaded; before, the run counted them deleted and exited 0."""
    with serve(generate(20, seed=11)) as base:
        base.faults["/public/vo020"] = fault_response(404, "not here")
        base.faults["/public/VO020"] = fault_response(404, "not here")
        done, _ = _run(tmp_path, f"{base}/oparl/system")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "22 of 22 pages answered 404/410" in done.stdout


def test_a_run_that_lists_papers_and_loads_none_fails_and_says_why(tmp_path):
    import datetime as dt

    from ratsinfo.warehouse import connect, replace_rows
    from tests.helpers import load_objects

    con = connect(tmp_path / "w.duckdb")
    now = dt.datetime.now(dt.UTC)
    # papers with neither reference nor name: listed, but nothing to load
    bare = [("Paper", {"id": f"https://x.de/oparl/papers/{i}", "date": "2026-01-01"})
            for i in range(3)]  # fmt: skip
    load_objects(con, "s", bare)
    replace_rows(con, "crawl_runs", [{
        "source": "s", "started_at": now, "finished_at": now, "mode": "full",
        "papers_listed": 3, "pages_requested": 0, "pages_changed": 0, "requests": 5,
        "errors": 0, "run_id": "r1", "listing_complete": True,
    }])  # fmt: skip
    report = RunReport(source="s")
    report.read_crawl(con, "r1")
    code, reasons = verdict(report)
    assert code == 1 and reasons == [
        "3 papers listed, none loaded: the listed papers carry neither reference nor name "
        "(see oparl_papers)"
    ]
    # a rejected object is named with its URL
    replace_rows(con, "rejected_objects", [{
        "source": "s", "url": "https://x.de/oparl/papers?page=1", "object_id": "",
        "field": "id", "problem": "is not an object URL: None", "action": "skipped",
        "seen_at": now,
    }])  # fmt: skip
    report.read_crawl(con, "r1")
    assert verdict(report)[1] == [
        "3 papers listed, none loaded: 1 objects rejected, e.g. "
        "https://x.de/oparl/papers?page=1: an object: id is not an object URL: None"
    ]
    # one paper loaded: no longer the case
    load_objects(
        con, "s", [("Paper", {"id": "https://x.de/oparl/papers/9", "reference": "1/2026"})]
    )
    report = RunReport(source="s")
    report.read_crawl(con, "r1")
    assert verdict(report) == (0, [])
    con.close()


def test_steps_short_of_duckdb_memory_run_again_with_more(tmp_path):
    """With DuckDB held to 16 MB, steps run out of memory: each runs again with twice the limit,
    the run completes with everything loaded, and its summary names the steps."""
    with serve(generate(20, seed=8)) as base:
        done, _ = _run(tmp_path, f"{base}/oparl/system", env={"RATSINFO_DUCKDB_MEMORY": "16MB"})
    assert done.returncode == 0, done.stdout + done.stderr
    [memory] = [line for line in done.stdout.splitlines() if line.startswith("  memory")]
    assert "DuckDB ran out of memory in" in memory  # which steps: up to DuckDB's allocations
    assert "vorlagen 22," in done.stdout
