"""One settings object, resolved once per entry point and honoured everywhere (issue 10)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.jobs import build_definitions
from ratsinfo.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_code_location_writes_the_warehouse_the_environment_names(tmp_path):
    """`dagster job execute` loads the code location module as `dg dev` and the schedules do:
    RATSINFO_WAREHOUSE outside the repository is where the run writes (before, the Definitions
    ignored it)."""
    dagster_cli = shutil.which("dagster", path=str(REPO / ".venv" / "bin"))
    if dagster_cli is None:
        pytest.skip("the dagster CLI is not installed in .venv")
    outside = tmp_path / "elsewhere" / "council.duckdb"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "RATSINFO_SOURCE": "sample",
        "RATSINFO_SAMPLE_PAPERS": "8",
        "RATSINFO_WAREHOUSE": str(outside),
        "RATSINFO_PUBLISH_DIR": str(tmp_path / "publish"),
    }
    (tmp_path / "home").mkdir()
    # steps in one process: the code location is loaded the same way, without a process per step
    config = tmp_path / "in_process.yaml"
    config.write_text("execution:\n  config:\n    in_process: {}\n")
    shutil.copy(REPO / "dagster.yaml", tmp_path / "home" / "dagster.yaml")
    # every asset is partitioned by council: `ratsinfo councils add` adds the partition
    env["RATSINFO_COUNCILS"] = str(tmp_path / "councils.json")
    added = subprocess.run(
        [sys.executable, "-m", "ratsinfo.cli", "councils", "add", "sample"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "partition sample added to the Dagster instance" in added.stdout
    done = subprocess.run(
        [dagster_cli, "job", "execute", "-m", "pipelines.definitions", "-j", "nightly_ingestion",
         "-c", str(config), "--tags", '{"dagster/partition": "sample"}'],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    con = duckdb.connect(str(outside), read_only=True)
    assert con.execute("SELECT count(*) FROM vorlagen").fetchone() == (10,)
    con.close()
    assert (tmp_path / "publish" / "vorlagen.csv").is_file()


def test_without_a_council_the_schedules_stay_stopped_and_say_why():
    defs = build_definitions(Settings())
    for schedule in (defs.resolve_all_job_defs() and defs.schedules) or []:
        assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
        assert "no council configured" in schedule.description
    configured = build_definitions(Settings(source="braunschweig"))
    assert all(
        s.default_status == dg.DefaultScheduleStatus.RUNNING for s in configured.schedules or []
    )


def test_a_run_without_a_council_fails_clearly(tmp_path):
    defs = build_definitions(Settings(warehouse=tmp_path / "w.duckdb"))
    result = defs.resolve_job_def("nightly_ingestion").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "no council configured: set RATSINFO_SOURCE" in str(failure.step_failure_data.error)


def test_a_council_that_is_no_partition_is_refused_before_anything_runs(tmp_path):
    """Every asset is partitioned by council; a council the instance does not know as a partition
    (not registered) is refused, and no file is written."""
    defs = build_definitions(Settings(warehouse=tmp_path / "w.duckdb"))
    job = defs.resolve_job_def("nightly_ingestion")
    with pytest.raises(dg.DagsterUnknownPartitionError, match="nowhere"):
        job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), partition_key="nowhere")
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [("RATSINFO_MAX_PAPERS", "abc", "RATSINFO_MAX_PAPERS='abc' is not a whole number"),
     ("RATSINFO_MIN_INTERVAL", "-1", "RATSINFO_MIN_INTERVAL='-1' must be at least 0"),
     ("RATSINFO_SAMPLE_PAPERS", "0", "RATSINFO_SAMPLE_PAPERS='0' must be at least 1")],
)  # fmt: skip
def test_bad_values_name_the_variable(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        Settings.from_env()


def test_the_resource_round_trips_the_settings(tmp_path):
    from assets.resources import RatsinfoSettings
    from ratsinfo.portal import PortalConfig

    portal = PortalConfig(publisher="Stadt Beispiel", base_url="https://example.org/rat/")
    settings = Settings(
        source="sample", warehouse=tmp_path / "w.duckdb", max_papers=3, portal=portal
    )
    assert RatsinfoSettings.from_settings(settings).settings() == settings


def test_portal_settings_are_part_of_the_one_object(monkeypatch):
    monkeypatch.setenv("RATSINFO_PORTAL_PUBLISHER", "Stadt Beispiel")
    assert Settings.from_env(source="sample").portal.publisher == "Stadt Beispiel"
