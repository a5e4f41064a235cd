"""Kill a run at several points, run again, and compare with an uninterrupted run.

Kill points: (a) while fetching, after a number of page requests seen by the server; (b) when a
step starts (parse, the one-transaction load of the paper tables, the first extract, the
manifest), optionally after a short delay so the kill lands inside the step. The process group
gets SIGKILL: no cleanup code runs, as when a machine dies.
"""

import os
import signal
import subprocess
import threading
import time

import duckdb
import pytest

from ratsinfo.warehouse import PUBLISHED_TABLES
from sample_ris import generate, serve
from tests.helpers import published_files, run_command

pytestmark = pytest.mark.slow

# Columns that hold the time of a fetch or load: they differ between any two runs.
TIME_COLUMNS = {"first_fetched_at", "last_fetched_at", "first_seen_at", "seen_at", "valid_from",
                "valid_to", "started_at", "finished_at", "extracted_at"}  # fmt: skip


def _command(base, root):
    # --verbose: Dagster's step log holds the kill markers
    return run_command(f"{base}/oparl/system", root, "--verbose")


def _env(root):
    return {**os.environ, "DAGSTER_HOME": str(root / "dagster_home")}


def run_to_end(base, root):
    root.mkdir(exist_ok=True)
    done = subprocess.run(
        _command(base, root), env=_env(root), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def run_and_kill(base, server, root, marker=None, delay=0.0, after_pages=None):
    """Start a run; SIGKILL its process group at the marker line or after N page requests.
    Returns True when the kill happened before the run ended."""
    root.mkdir(exist_ok=True)
    proc = subprocess.Popen(
        _command(base, root),
        env=_env(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    killed = threading.Event()

    def kill():
        if not killed.is_set():
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)

    if after_pages is not None:
        start = len([r for r in server.requests if "vo020" in r.path.lower()])

        def watch():
            while proc.poll() is None and not killed.is_set():
                pages = len([r for r in server.requests if "vo020" in r.path.lower()])
                if pages - start >= after_pages:
                    kill()
                time.sleep(0.005)

        threading.Thread(target=watch, daemon=True).start()
    assert proc.stdout is not None
    for line in proc.stdout:
        if marker and marker in line:
            if delay:
                threading.Timer(delay, kill).start()
            else:
                kill()
    proc.wait(timeout=300)
    return killed.is_set()


def snapshot(root):
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    try:
        tables = {}
        for table in (
            *PUBLISHED_TABLES,
            "oparl_papers",
            "parse_failures",
            "vorlagen_versions",
            "document_amounts",
            "document_answers",
            "document_funding",
        ):
            cols = [
                c
                for (c,) in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if c not in TIME_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            tables[table] = con.execute(f"SELECT {select} FROM {table} ORDER BY ALL").fetchall()
        return tables
    finally:
        con.close()


def published(root):
    return published_files(root / "publish")


def step(name):
    return f'Started execution of step "{name}"'


# one point in each step that writes (fetching pages, parsing, the load's transaction, the
# documents, answers and money from them, the search index, the published files)
KILL_POINTS = [
    ("fetch-40-pages", {"after_pages": 40}),
    ("parse", {"marker": step("parsed_papers"), "delay": 0.05}),
    ("load", {"marker": step("paper_tables"), "delay": 0.02}),
    ("documents", {"marker": step("documents"), "delay": 0.3}),
    ("document-facts", {"marker": step("document_facts"), "delay": 0.1}),
    ("search-index", {"marker": step("search_index"), "delay": 0.1}),
    ("publish", {"marker": step("table_files"), "delay": 0.2}),
]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The sample served for the module, and what an uninterrupted run makes of it."""
    with serve(generate(60, seed=21)) as base:
        root = tmp_path_factory.mktemp("reference")
        run_to_end(base, root)
        tables, files = snapshot(root), published(root)
        assert tables["vorlagen"] and tables["answers"] and tables["funding"]
        assert any(row for row in tables["documents"])  # the documents' path is exercised
        yield base, tables, files


@pytest.mark.parametrize(("name", "how"), KILL_POINTS, ids=[k for k, _ in KILL_POINTS])
def test_killed_runs_rerun_to_the_same_tables_and_files(reference, tmp_path, name, how):
    base, expected_tables, expected_files = reference
    root = tmp_path / name
    killed = run_and_kill(base, base, root, **how)
    run_to_end(base, root)
    assert snapshot(root) == expected_tables, name
    assert published(root) == expected_files, name
    if not killed:  # the tables are right, but the kill did not interrupt anything
        pytest.skip(f"the run ended before the kill at {name} landed")


def test_two_runs_publish_byte_identical_files(tmp_path):
    with serve(generate(30, seed=4)) as base:
        run_to_end(base, tmp_path / "a")
        first = published(tmp_path / "a")
        run_to_end(base, tmp_path / "a")
        assert published(tmp_path / "a") == first
