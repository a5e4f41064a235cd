"""Runs are isolated: two councils at once into two warehouses, one Dagster instance (issue 9.1).

Intermediate results (parsed papers, extracted texts) used to live in Dagster's default storage at
`storage/<asset>`, shared by every run: a run could load the papers another run had parsed.
"""

import os
import subprocess
import time

import dagster as dg
import duckdb
import pytest

from sample_ris import generate, serve
from tests.helpers import materialize_pipeline, run_command

pytestmark = pytest.mark.slow


def _paper_ids(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        vorlagen = {r[0] for r in con.execute("SELECT paper_id FROM vorlagen").fetchall()}
        listed = {r[0] for r in con.execute("SELECT paper_id FROM oparl_papers").fetchall()}
        sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM vorlagen").fetchall()}
    finally:
        con.close()
    return vorlagen, listed, sources


def _start(base, root, home, min_interval):
    root.mkdir()
    cmd = run_command(f"{base}/oparl/system", root, min_interval=min_interval)
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    return subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_two_councils_at_once_keep_their_own_papers(tmp_path):
    """A bigger, slower council A and, while A is fetching, a small council B: each warehouse holds
    exactly its own papers (before: A loaded B's parsed papers and published them)."""
    home = tmp_path / "dagster_home"
    big, small = generate(40, seed=1), generate(12, seed=2)
    with serve(big) as base_a, serve(small) as base_b:
        a = _start(base_a, tmp_path / "a", home, 0.08)
        time.sleep(1.5)
        b = _start(base_b, tmp_path / "b", home, 0.0)
        out_b, _ = b.communicate(timeout=300)
        out_a, _ = a.communicate(timeout=300)
    assert b.returncode == 0, out_b[-3000:]
    assert a.returncode == 0, out_a[-3000:]
    for root, ris in ((tmp_path / "a", big), (tmp_path / "b", small)):
        vorlagen, listed, sources = _paper_ids(root / "w.duckdb")
        assert vorlagen <= listed, f"{root.name} loaded papers it never listed"
        assert len(vorlagen) == len(ris.papers)
        assert len(sources) == 1
        csv_rows = (root / "publish" / "vorlagen.csv").read_text().count("\n") - 1
        assert csv_rows >= len(ris.papers)


def test_a_step_never_reads_another_runs_output(tmp_path):
    """Loading the paper tables alone, in a run that did not parse, fails clearly instead of
    loading whatever the last run of the instance parsed."""
    instance = dg.DagsterInstance.ephemeral()
    first = materialize_pipeline(tmp_path / "one", sample_papers=12, instance=instance)
    assert first.success
    from assets.load import paper_tables
    from pipelines.jobs import ALL_ASSETS, build_definitions
    from ratsinfo.settings import Settings

    defs = build_definitions(
        Settings(source="sample", sample_papers=4, sample_port=0, min_interval=0.0,
                 warehouse=tmp_path / "two" / "w.duckdb",
                 publish_dir=tmp_path / "two" / "publish"),
    )  # fmt: skip
    result = dg.materialize(
        ALL_ASSETS,
        resources=defs.resources,
        instance=instance,
        raise_on_error=False,
        selection=dg.AssetSelection.assets(paper_tables),
        partition_key="sample",
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "not produced in this run" in str(failure.step_failure_data.error)
    db = tmp_path / "two" / "w.duckdb"
    assert not db.exists() or _paper_ids(db)[0] == set()
