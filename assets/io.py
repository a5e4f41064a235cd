"""Hand-over of intermediate results between steps, scoped to the run that made them.

Dagster's default IO manager keeps an asset's output at `storage/<asset key>`, one file shared by
every run of the instance: a nightly run and a manual run going at once loaded each other's parsed
papers (issue 9.1). Here each output lives at `storage/ratsinfo-runs/<run id>/<step>/<output>`,
and an input is read from the run that produced it (the parent run of a re-execution, when the
producing step is not re-run), never from whichever run wrote last.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

import dagster as dg

from ratsinfo.files import temp_path

RUNS_DIR = "ratsinfo-runs"
KEEP_SECONDS = 7 * 24 * 3600  # outputs of older runs are removed (a re-execution needs them)


class RunScopedIOManager(dg.ConfigurableIOManager):
    """Pickles each output under the run's own folder of the instance storage."""

    base_dir: str | None = None  # default: the Dagster instance's storage directory

    def _root(self, instance: dg.DagsterInstance) -> Path:
        return Path(self.base_dir or instance.storage_directory()) / RUNS_DIR

    def _path(self, root: Path, identifier: list[str]) -> Path:
        run_id, *rest = identifier
        return root.joinpath(run_id, *rest).with_suffix(".pickle")

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        if obj is None:  # assets that write the warehouse and hand nothing on
            return
        root = self._root(context.step_context.instance)
        path = self._path(root, list(context.get_identifier()))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_path(path)
        with tmp.open("wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune_runs(root, keep=context.run_id)

    def load_input(self, context: dg.InputContext) -> Any:
        root = self._root(context.instance)
        upstream = context.upstream_output
        try:
            identifier = list(context.get_identifier())
        except dg.DagsterInvariantViolationError:
            identifier = []
        path = self._path(root, identifier) if identifier else None
        if path is None or not path.exists():
            name = upstream.asset_key.to_user_string() if upstream and upstream.asset_key else "?"
            raise dg.Failure(
                f"the input {name!r} was not produced in this run (intermediate results are "
                "scoped to their run): materialise it together with the assets that read it"
            )
        with path.open("rb") as f:
            return pickle.load(f)


def run_dir(instance: dg.DagsterInstance, run_id: str, base_dir: str | None = None) -> Path:
    return Path(base_dir or instance.storage_directory()) / RUNS_DIR / run_id


def remove_run_outputs(instance: dg.DagsterInstance, run_id: str) -> None:
    """Drop a finished run's hand-over files (`ratsinfo run` does after a successful run)."""
    shutil.rmtree(run_dir(instance, run_id), ignore_errors=True)


def prune_runs(root: Path, keep: str, max_age: float = KEEP_SECONDS) -> None:
    """Remove the folders of runs older than `max_age` seconds."""
    cutoff = time.time() - max_age
    for path in root.iterdir() if root.is_dir() else ():
        if path.name != keep and path.is_dir() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)
