"""What a run costs beyond its work (issue 14): the command line reaches Dagster's SQLite storage
through one engine per database file (pipelines/instance.py), the runs and events landing where
the UI reads them; a table unchanged since its files were written is not written again
(assets/publish.py), unless the files changed or the run is the weekly reconciliation."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from pipelines.instance import (
    PooledSqliteEventLogStorage,
    dagster_home,
    instance_lock,
    open_instance,
)
from ratsinfo.warehouse import PUBLISHED_TABLES, connect, published_files
from tests.helpers import add_council_partition
from tests.test_portal_metadata import build_warehouse

COUNCIL = "braunschweig"


@dg.asset
def answer() -> int:
    return 42


def test_the_cli_instance_pools_the_sqlite_event_log_and_the_ui_sees_its_runs(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    home = dagster_home()
    assert (home / "dagster.yaml").is_file()  # ours, with the pools
    with instance_lock():
        instance = open_instance()
    with instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        add_council_partition(instance, COUNCIL)
        for _ in range(2):  # the second run on engines the first one opened
            assert dg.materialize([answer], instance=instance).success
    with dg.DagsterInstance.from_config(str(home)) as ui:  # as the UI and the daemon open it
        assert type(ui.event_log_storage) is SqliteEventLogStorage
        assert ui.has_dynamic_partition("councils", COUNCIL)
        runs = ui.get_runs()
        assert len(runs) == 2 and all(r.is_success for r in runs)
        [record] = ui.fetch_materializations(dg.AssetKey("answer"), limit=1).records
        assert record.run_id == runs[0].run_id


def test_wiping_the_pooled_instance_closes_its_connections_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    dagster_home()
    with open_instance() as instance:
        assert dg.materialize([answer], instance=instance).success
        instance.wipe()
        assert not instance.get_runs()
        assert dg.materialize([answer], instance=instance).success
        assert len(instance.get_runs()) == 1


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("built")).parent


def test_unchanged_tables_keep_their_files(built, tmp_path):
    from assets.publish import table_files
    from assets.resources import RatsinfoSettings

    shutil.copy(built / "w.duckdb", tmp_path / "w.duckdb")
    out = tmp_path / "publish"
    instance = dg.DagsterInstance.ephemeral()
    add_council_partition(instance, COUNCIL)
    settings = RatsinfoSettings(
        source=COUNCIL, warehouse=str(tmp_path / "w.duckdb"), publish_dir=str(out)
    )

    def run(**tags: str) -> dict[str, bool]:
        result = dg.materialize(
            [table_files],
            resources={"ratsinfo": settings},
            instance=instance,
            partition_key=COUNCIL,
            tags=tags,
        )
        assert result.success
        return {
            e.asset_key.to_user_string().removesuffix("_files"): bool(
                e.materialization.metadata["rewritten"].value
            )
            for e in result.get_asset_materialization_events()
        }

    def files() -> dict[str, tuple[bytes, int]]:
        return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}

    assert set(run()) == set(PUBLISHED_TABLES)
    first = files()
    assert not any(run().values())  # nothing changed: nothing written
    assert files() == first

    con = connect(tmp_path / "w.duckdb")
    try:
        con.execute(
            "UPDATE vorlagen SET subject = subject || ' (neu)' WHERE paper_id = "
            "(SELECT min(paper_id) FROM vorlagen)"
        )
    finally:
        con.close()
    (out / "sections.csv").unlink()  # a file gone: the table's files are written again
    rewritten = run()
    assert {t for t, again in rewritten.items() if again} == {"vorlagen", "sections"}
    now = files()
    changed = {name for name in first if now[name] != first[name]}
    assert changed == {*published_files("vorlagen").values(), *published_files("sections").values()}
    assert now["sections.csv"][0] == first["sections.csv"][0]  # the same bytes again

    assert all(run(**{"ratsinfo/mode": "full"}).values())  # the weekly run writes every file
    assert {name: data for name, (data, _) in files().items()} == {
        name: data for name, (data, _) in now.items()
    }
