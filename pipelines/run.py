"""`ratsinfo run` on the orchestration side: materialise the pipeline once, in-process, as the
named job, with a progress view, a closing summary and the exit status of ratsinfo.report. The
command line itself (argument parsing, `ratsinfo parse`) stays in the core (ratsinfo.cli)."""

from __future__ import annotations

import argparse
import gc
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from ratsinfo.files import pid_alive

# Dagster and the code location (.instance, .jobs, assets) are imported where a run starts, after
# the settings and paths were checked: a typo in a setting is reported in a second, not after the
# two and a half seconds Dagster takes to import.


PARTITIONS = "councils"  # assets.resources.COUNCIL_PARTITIONS
_RUNNER_TAG = "ratsinfo/runner"
_PID_TAG = "ratsinfo/pid"
_HOST_TAG = "ratsinfo/host"


def recover_dead_runs(instance: Any) -> list[str]:
    """Runs of `ratsinfo run` whose process died (killed, machine crash) still hold their slot in
    the `duckdb_writer` concurrency pool, which would block every later run: mark them failed and
    free their slots. Returns the run ids recovered."""
    import dagster as dg

    recovered = []
    runs = instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={_RUNNER_TAG: "cli"},
        )
    )
    for run in runs:
        pid = int(run.tags.get(_PID_TAG, "0") or 0)
        if run.tags.get(_HOST_TAG) == socket.gethostname() and pid_alive(pid):
            continue  # still running
        instance.report_run_failed(run, "the `ratsinfo run` process died (killed or crashed)")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def _preflight(warehouse: Path, publish_dir: Path) -> str | None:
    """Why the run cannot write its files, in one line; None when it can. Checked before anything
    is fetched, so a typo in a path fails at once instead of after the crawl."""
    import duckdb

    from ratsinfo.paths import sql_file
    from ratsinfo.warehouse import SCHEMA_FILES

    try:
        for name in SCHEMA_FILES:
            sql_file(name)
    except FileNotFoundError as e:
        return str(e)
    try:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        duckdb.connect(str(warehouse)).close()
    except (OSError, duckdb.Error) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return f"cannot write the warehouse {warehouse}: {first}"
    try:
        publish_dir.mkdir(parents=True, exist_ok=True)
        probe = publish_dir / f".ratsinfo-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        return f"cannot write the publish directory {publish_dir}: {e.strerror or e}"
    return None


def freeze_heap() -> None:
    """Move every object alive now out of the garbage collector's reach (gc.freeze): a command
    loads ~300,000 objects (Dagster, the definitions, the storage) that live until the process
    ends. Frozen once they are loaded, the collections during the run pass them over; frozen
    again at the end, so does the interpreter's collection at exit, which took 0.8 s of every
    `ratsinfo run`. For a command whose process ends after it (objects frozen are never
    collected)."""
    gc.freeze()


def _step_failure(result: Any) -> str | None:
    """The first failed step and its innermost error, in one line."""
    for event in result.all_events:
        if not event.is_step_failure:
            continue
        error = event.step_failure_data.error
        while error is not None and error.cause is not None:
            error = error.cause
        message = (error.message if error else "").strip().splitlines()
        text = message[0] if message else "unknown error"
        cls = f"{error.cls_name}: " if error and error.cls_name else ""
        if error and error.cls_name and error.cls_name in text.split(":", 1)[0]:
            cls = ""  # the message names its class already
            text = text.split(":", 1)[1].strip()
        if len(text) > 300:
            text = text[:300] + "…"
        return f"step {event.step_key} failed: {cls}{text}"
    return None


def run(args: argparse.Namespace) -> int:
    """`ratsinfo run`: the whole pipeline once, in-process, as the named job; a progress view, a
    closing summary and the exit status of ratsinfo.report. pandas stays out of the process
    (`ratsinfo.warehouse.pandas_kept_out`)."""
    from ratsinfo.warehouse import pandas_kept_out

    with pandas_kept_out():
        return _run_job(args)


def _run_job(args: argparse.Namespace) -> int:
    import duckdb

    from ratsinfo import progress
    from ratsinfo.lake import masked
    from ratsinfo.report import RunReport, format_summary, verdict
    from ratsinfo.settings import Settings, SettingsError
    from ratsinfo.warehouse import PAPER_COUNT_TABLES, connect

    try:
        settings = Settings.from_env(
            source=args.source,
            warehouse=Path(args.warehouse) if args.warehouse else None,
            publish_dir=Path(args.out) if args.out else None,
            max_papers=args.max_papers,
            sample_papers=args.sample_papers,
            min_interval=args.min_interval,
            mode="full" if args.full else None,
            reparse=args.reparse or None,
        )
    except SettingsError as e:
        print(f"ratsinfo run: {e}", file=sys.stderr)
        return 2
    if settings.source is None:
        print(
            "ratsinfo run: no council given: --source braunschweig | sample | an OParl System URL "
            "(or RATSINFO_SOURCE)",
            file=sys.stderr,
        )
        return 2
    try:
        key = settings.council_key or settings.source
    except (ValueError, OSError) as e:  # an unknown council, a broken registry file
        print(f"ratsinfo run: {e}", file=sys.stderr)
        return 2
    council_settings = settings.for_council(key)
    if problem := _preflight(council_settings.warehouse, council_settings.publish_dir):
        print(f"ratsinfo run: {problem}", file=sys.stderr)
        return 2
    import dagster as dg

    from .instance import dagster_home, instance_lock, open_instance
    from .jobs import build_definitions, council_tags
    from .location import assets_package

    remove_run_outputs = assets_package("io").remove_run_outputs
    dagster_home()
    defs = build_definitions(settings)
    job = defs.resolve_job_def(
        "weekly_reconciliation" if settings.mode == "full" else "nightly_ingestion"
    )
    level = "DEBUG" if args.verbose else "CRITICAL"  # Dagster's own log only when asked
    console = progress.Console()
    stop_listening = progress.listen(console)
    print(
        f"ratsinfo run: {settings.source} ({settings.mode}) into {council_settings.warehouse}"
        + (f", then the lake {masked(settings.lake)}" if settings.lake else ""),
        file=sys.stderr,
    )
    started = time.monotonic()
    try:
        with instance_lock():
            # two runs starting at once on a fresh DAGSTER_HOME would both create its SQLite
            # tables ("table runs already exists"): the storage is opened one process at a time
            instance = open_instance()
            for run_id in recover_dead_runs(instance):
                print(f"ratsinfo run: run {run_id} had died; marked failed, its pool slot freed")
            if not instance.has_dynamic_partition(PARTITIONS, key):
                instance.add_dynamic_partitions(PARTITIONS, [key])
        freeze_heap()
        with instance:
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                partition_key=key,
                run_config={"loggers": {"console": {"config": {"log_level": level}}}},
                tags={
                    **council_tags(settings, key),
                    _RUNNER_TAG: "cli",
                    _PID_TAG: str(os.getpid()),
                    _HOST_TAG: socket.gethostname(),
                },
            )
            if result.success:
                remove_run_outputs(instance, result.run_id)
    finally:
        stop_listening()
        console.close()

    report = RunReport(
        source=settings.source,
        mode=settings.mode,
        seconds=time.monotonic() - started,
        warehouse=str(council_settings.warehouse),
        publish_dir=str(council_settings.publish_dir),
    )
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    errors = [e for e in failed_checks if e.severity == dg.AssetCheckSeverity.ERROR]
    report.succeeded = result.success and not errors
    report.failure = _step_failure(result)
    retried = (e.step_key for e in result.all_events if e.is_step_up_for_retry and e.step_key)
    report.retried = list(dict.fromkeys(retried))  # in the order they ran
    report.failed_checks = [
        f"{e.asset_key.to_user_string()} {e.check_name} "
        f"{ {k: v.value for k, v in e.metadata.items()} }"
        for e in errors
    ]
    for event in result.get_asset_materialization_events():
        key = event.asset_key.to_user_string() if event.asset_key else ""
        meta = {k: v.value for k, v in event.materialization.metadata.items()}
        if key in PAPER_COUNT_TABLES and "rows_loaded" in meta:
            report.loaded[key] = int(meta["rows_loaded"])  # type: ignore[arg-type]
        report.read_materialization(meta)  # a publishing step that wrote nothing says why
        if key == "documents":
            report.documents = {k: int(v) for k, v in meta.items() if isinstance(v, int)}
        if key == "lake_tables":
            report.lake = (
                f"{meta.get('rows')} rows of the council replaced in {meta.get('catalog')}, "
                f"snapshot {meta.get('snapshot')} ({meta.get('attempts')} attempt(s), "
                f"{meta.get('seconds')} s)"
            )
        if key == "search_index" and isinstance(meta.get("summary"), str):
            report.search = str(meta["summary"])
        if key == "answers" and "answered_papers" in meta:  # the documents' answers and money
            report.document_facts = {k: int(v) for k, v in meta.items() if isinstance(v, int)}
        if key == "parsed_papers":
            report.pages_parsed = int(meta.get("pages", 0))  # type: ignore[arg-type]
            report.parse_failed = int(meta.get("failed", 0))  # type: ignore[arg-type]
    if council_settings.warehouse.exists():
        con = connect(council_settings.warehouse, read_only=True)
        try:
            report.read_crawl(con, result.run_id)
            for table in PAPER_COUNT_TABLES:
                row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
                report.totals[table] = int(row[0]) if row else 0
        except duckdb.CatalogException:  # the run failed before the schema was there
            pass
        finally:
            con.close()
    code, reasons = verdict(report, settings.max_failure_rate)
    print(format_summary(report, code, reasons))
    if code and not args.verbose:
        print("  more      run again with --verbose for Dagster's log", file=sys.stderr)
    freeze_heap()
    return code


def add_partitions(keys: list[str]) -> bool:
    """Add the councils' partitions to the Dagster instance of DAGSTER_HOME; whether any was new."""
    from .instance import dagster_home, instance_lock, open_instance

    dagster_home()
    with instance_lock():
        instance = open_instance()
    with instance:
        new = [k for k in keys if not instance.has_dynamic_partition(PARTITIONS, k)]
        if new:
            instance.add_dynamic_partitions(PARTITIONS, new)
    return bool(new)


def publish_all(args: argparse.Namespace) -> int:
    """`ratsinfo publish-all`: the combined publication over all councils, in-process, as the job
    combined_publication; prints where it went and exits 1 when it failed."""
    from ratsinfo.settings import Settings, SettingsError

    try:
        settings = Settings.from_env(
            warehouse=Path(args.warehouse) if args.warehouse else None,
            publish_dir=Path(args.out) if args.out else None,
        )
    except SettingsError as e:
        print(f"ratsinfo publish-all: {e}", file=sys.stderr)
        return 2
    if settings.lake is None and not settings.warehouse.exists():
        print(
            f"ratsinfo publish-all: no warehouse at {settings.warehouse} (run `ratsinfo run` "
            "first, or set RATSINFO_LAKE for the lake of many councils)",
            file=sys.stderr,
        )
        return 2
    from .instance import dagster_home, instance_lock, open_instance
    from .jobs import build_definitions

    dagster_home()
    job = build_definitions(settings).resolve_job_def("combined_publication")
    with instance_lock():
        instance = open_instance()
    with instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )
    if not result.success:
        print(f"ratsinfo publish-all: FAILED: {_step_failure(result)}", file=sys.stderr)
        return 1
    for event in result.get_asset_materialization_events():
        meta = {k: v.value for k, v in event.materialization.metadata.items()}
        print(
            f"ratsinfo publish-all: {meta.get('published_councils')} of {meta.get('councils')} "
            f"councils, {meta.get('files')} files in {meta.get('path')}"
        )
    return 0
