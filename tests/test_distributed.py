"""Many councils at once, as a deployment runs them: Dagster's storage on PostgreSQL, the daemon
with the queued run coordinator and the run limits of deploy/dagster.yaml (one run per council
server, `ris_host`; one per council), the lake's catalog in PostgreSQL; four fake councils — two
sample RIS on their own loopback ports, two more served by one shared host — added by the
council_registry sensor from the registry file and ingested by concurrent runs.

Checked: every council complete in the lake and nothing mixed; the two councils of the shared
host never crawled at the same time and the host's gap held; runs of different hosts did run at
the same time; a run killed (SIGKILL) mid-way leaves the lake as it was, and a backfill of its
council completes it."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from ratsinfo import lake
from sample_ris.generator import generate
from sample_ris.server import serve
from tests.postgres import postgres_server
from tests.shared_host import shared_host

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PAPERS = 8  # generated papers per council (plus the sample's two seed papers)
INTERVAL = 0.05  # seconds between requests to one host
# The shared host stamps each arrival in a thread of its own: on a loaded machine a stamp lags by
# up to tens of milliseconds (seen: 70 ms at a load of 6 on 2 cores), so one gap can look that
# much shorter than the crawler kept it. Checked instead: any WINDOW consecutive requests span at
# least WINDOW gaps less twice the worst lag; two crawls of the host at once would halve it.
WINDOW = 20
LAG = 0.05
COUNCILS = {"alpha": 11, "beta": 12, "gamma": 13, "delta": 14}  # key → seed
SHARED = ("gamma", "delta")  # served by one host


def instance_yaml(pg, home: Path) -> str:
    """deploy/dagster.yaml's run queue and limits, with local storage in this PostgreSQL and
    Dagster's default run launcher (runs as processes of the code server)."""
    deployed = yaml.safe_load((REPO / "deploy" / "dagster.yaml").read_text())
    concurrency = deployed["concurrency"]
    concurrency["runs"]["max_concurrent_runs"] = 3
    config = {
        "telemetry": {"enabled": False},
        "storage": {
            "postgres": {
                "postgres_db": {
                    "hostname": pg.host, "port": pg.port, "username": pg.user,
                    "password": "unused", "db_name": "dagster", "scheme": "postgresql+psycopg2",
                }
            }
        },
        "run_coordinator": {
            **deployed["run_coordinator"],
            "config": {**deployed["run_coordinator"]["config"], "dequeue_interval_seconds": 1},
        },
        "concurrency": concurrency,
    }  # fmt: skip
    return yaml.safe_dump(config)


def wait_for(what: str, check, timeout: float, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
    pytest.fail(f"timed out waiting for {what}; daemon log:\n{tail}")


def failure(instance, run) -> str:
    """Why a run failed: its council and its steps' errors, innermost cause first."""
    import dagster as dg

    said = [f"run of {run.tags.get('dagster/partition')} ({run.run_id}): {run.status}"]
    for record in instance.get_records_for_run(
        run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE
    ).records:
        error = record.event_log_entry.dagster_event.step_failure_data.error
        while error is not None and error.cause is not None:
            error = error.cause
        said.append(f"{record.event_log_entry.step_key}: {error.message if error else '?'}")
    return "\n".join(said)


def run_pid(instance, run_id: str) -> int:
    """The run worker's process, as the code server announced it ("Started process for run
    (pid: N)")."""
    import dagster as dg

    for record in instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ENGINE_EVENT
    ).records:
        found = re.search(r"Started process for run \(pid: (\d+)\)", record.event_log_entry.message)
        if found:
            return int(found.group(1))
    raise AssertionError(f"no process announced for run {run_id}")


def test_four_councils_on_three_hosts_through_the_daemon(tmp_path):
    import dagster as dg

    with contextlib.ExitStack() as stack:
        pg = stack.enter_context(postgres_server())
        pg.create_database("dagster")
        catalog = f"postgres:{pg.conninfo(pg.create_database('lake'))}"
        ris = {key: generate(PAPERS, seed=seed) for key, seed in COUNCILS.items()}
        urls = {k: stack.enter_context(serve(ris[k], port=0)) for k in ("alpha", "beta")}
        upstream = {k: stack.enter_context(serve(ris[k], port=0)) for k in SHARED}
        host = stack.enter_context(shared_host({k: str(u) for k, u in upstream.items()}))
        systems = {k: f"{u}/oparl/system" for k, u in urls.items()}
        systems.update({k: host.system_url(k) for k in SHARED})

        registry = tmp_path / "councils.json"
        entries = [{"key": k, "system_url": url, "name": f"Rat {k}"} for k, url in systems.items()]
        registry.write_text(json.dumps({"councils": entries}))
        home = tmp_path / "dagster_home"
        home.mkdir()
        (home / "dagster.yaml").write_text(instance_yaml(pg, home))
        workspace = tmp_path / "workspace.yaml"
        module = {"module_name": "pipelines.definitions", "working_directory": str(REPO)}
        workspace.write_text(yaml.safe_dump({"load_from": [{"python_module": module}]}))
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "RATSINFO_COUNCILS": str(registry),
            "RATSINFO_LAKE": catalog,
            "RATSINFO_LAKE_DATA": str(tmp_path / "lake"),
            "RATSINFO_WAREHOUSE": str(tmp_path / "warehouse" / "ratsinfo.duckdb"),
            "RATSINFO_PUBLISH_DIR": str(tmp_path / "publish"),
            "RATSINFO_MIN_INTERVAL": str(INTERVAL),
            "RATSINFO_EXECUTOR": "in_process",  # steps in the run's process: faster to start
            "RATSINFO_MAX_DOCUMENTS": "10",
        }
        env.pop("RATSINFO_SOURCE", None)
        instance = stack.enter_context(dg.DagsterInstance.from_config(str(home)))
        # what the deployment's init container does: every run writes only its own council's
        # working file, so the writers' pool admits as many steps as runs (deploy/compose.yaml)
        instance.event_log_storage.set_concurrency_slots("duckdb_writer", 3)
        instance.event_log_storage.set_concurrency_slots("pdf_text", 3)

        log = tmp_path / "daemon.log"
        daemon = subprocess.Popen(
            [str(REPO / ".venv" / "bin" / "dagster-daemon"), "run", "-w", str(workspace)],
            cwd=tmp_path, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        stack.callback(lambda: os.killpg(daemon.pid, signal.SIGKILL))

        def runs(**filters):
            return instance.get_runs(filters=dg.RunsFilter(job_name="nightly_ingestion", **filters))

        # the sensor adds the four partitions and starts a run for each; kill alpha's mid-way
        wait_for("the sensor's four runs", lambda: len(runs()) >= 4, 180, log)
        assert set(instance.get_dynamic_partitions("councils")) == set(COUNCILS)
        assert {r.tags["dagster/partition"]: r.tags["ris_host"] for r in runs()} == {
            k: url.split("/")[2] for k, url in systems.items()
        }
        [alpha] = [r for r in runs() if r.tags["dagster/partition"] == "alpha"]

        def alpha_loaded() -> bool:
            records = instance.get_records_for_run(
                alpha.run_id, of_type=dg.DagsterEventType.STEP_SUCCESS
            ).records
            return any(r.event_log_entry.step_key == "paper_tables" for r in records)

        wait_for("alpha's run to load its tables", alpha_loaded, 240, log)
        os.kill(run_pid(instance, alpha.run_id), signal.SIGKILL)
        # as an operator marks a run whose machine died (the default launcher cannot tell)
        instance.report_run_failed(instance.get_run_by_id(alpha.run_id), "killed by the test")
        instance.event_log_storage.free_concurrency_slots_for_run(alpha.run_id)

        others = [r.run_id for r in runs() if r.run_id != alpha.run_id]

        def finished(run_ids):
            got = [instance.get_run_by_id(i) for i in run_ids]
            return all(r.is_finished for r in got) and got

        for run in wait_for("the other councils' runs", lambda: finished(others), 300, log):
            assert run.status == dg.DagsterRunStatus.SUCCESS, failure(instance, run)
        spec = lake.Lake(catalog, str(tmp_path / "lake"))
        with lake.connect(spec, read_only=True) as con:
            before = dict(
                con.execute("SELECT council, count(*) FROM vorlagen GROUP BY 1").fetchall()
            )
        assert "alpha" not in before  # killed before its lake step: nothing of it in the lake

        # a backfill of the killed council's partition (tags from the job's partitioned config)
        subprocess.run(
            [str(REPO / ".venv" / "bin" / "dagster"), "job", "backfill", "-j", "nightly_ingestion",
             "--partitions", "alpha", "-w", str(workspace), "--noprompt"],
            cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        again = wait_for(
            "the backfill's run of alpha",
            lambda: [r for r in runs() if r.tags.get("dagster/partition") == "alpha"
                     and r.run_id != alpha.run_id and r.is_finished],
            300, log,
        )  # fmt: skip
        assert again[0].status == dg.DagsterRunStatus.SUCCESS, failure(instance, again[0])
        assert again[0].tags["ris_host"] == systems["alpha"].split("/")[2]

        with lake.connect(spec, read_only=True) as con:
            papers = dict(
                con.execute("SELECT council, count(*) FROM vorlagen GROUP BY 1").fetchall()
            )
            mixed = con.execute(
                "SELECT count(*) FROM vorlagen WHERE NOT starts_with(paper_id, council || ':')"
            ).fetchone()
            refs = {
                k: {r[0] for r in con.execute(
                    "SELECT reference FROM vorlagen WHERE council = ?", [k]).fetchall()}
                for k in COUNCILS
            }  # fmt: skip
        assert papers == {k: len(r.papers) for k, r in ris.items()}  # every council complete
        assert {k: before[k] for k in before} == {k: papers[k] for k in before}
        assert mixed == (0,)
        for key, served in ris.items():
            assert refs[key] == {p.reference for p in served.papers}, key

        # one crawl per server at a time: the shared host's runs never overlapped, its gap held
        records = {
            r.dagster_run.tags["dagster/partition"]: r
            for r in instance.get_run_records(dg.RunsFilter(job_name="nightly_ingestion"))
            if r.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        }
        spans = {k: (r.start_time, r.end_time) for k, r in records.items()}
        (a0, a1), (b0, b1) = spans["gamma"], spans["delta"]
        assert a1 <= b0 or b1 <= a0, spans
        times = sorted(t for t, _ in host.arrivals)
        spans_of_window = [b - a for a, b in zip(times, times[WINDOW:], strict=False)]
        assert len(times) > 5 * WINDOW
        assert min(spans_of_window) >= WINDOW * INTERVAL - 2 * LAG, min(spans_of_window)
        # ... while runs of different servers did run at the same time
        overlapping = [
            (x, y) for x in spans for y in spans
            if x < y and spans[x][0] < spans[y][1] and spans[y][0] < spans[x][1]
        ]  # fmt: skip
        assert overlapping, spans
