"""`ratsinfo parse | run | eval`: the command line."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import shutil
import socket
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from ratsinfo.model import Answer, Funding, ParsedPage


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def parse_document(path: Path) -> dict[str, Any]:
    """The data contract of `ratsinfo parse` (README, "Data contract")."""
    from ratsinfo.extract import extract_answers, extract_funding
    from ratsinfo.parse.allris import parse_paper_page
    from ratsinfo.transform import decode_page

    raw = path.read_bytes()
    page: ParsedPage | None = None
    if path.suffix.lower() in (".html", ".htm") or raw.lstrip()[:1] == b"<":
        page = parse_paper_page(decode_page(raw), str(path))
        text = page.text
    else:
        text = raw.decode("utf-8", errors="replace")
    extraction = extract_answers(text)
    answers: list[Answer] = list(extraction.answers)
    funding: list[Funding] = extract_funding(text)
    return {
        "vorlage": _record(page.vorlage) if page else None,
        "beratungsfolge": [_record(b) for b in page.beratungsfolge] if page else [],
        "answers": [_record(a) for a in answers],
        "funding": [_record(f) for f in funding],
        "introduction": extraction.intro,
        "sections": [_record(s) for s in page.sections] if page else [],
    }


def _cmd_parse(args: argparse.Namespace) -> int:
    from ratsinfo.parse.allris import PageParseError

    path = Path(args.path)
    if not path.is_file():
        print(f"ratsinfo parse: {path}: no such file", file=sys.stderr)
        return 2
    try:
        result = parse_document(path)
    except PageParseError as e:
        print(f"ratsinfo parse: {e}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _dagster_home() -> Path:
    """DAGSTER_HOME, defaulting to the ignored .dagster_home (of the checkout, else of the current
    directory) with our dagster.yaml."""
    from ratsinfo.paths import DAGSTER_YAML, DEFAULT_DAGSTER_HOME

    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME)
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and DAGSTER_YAML.exists():
        shutil.copyfile(DAGSTER_YAML, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _code_location() -> Any:
    """The Dagster code location: `pipelines` in the repository, `ratsinfo_dagster.pipelines` in
    an installed wheel (which keeps generic names out of site-packages)."""
    import importlib
    import importlib.util

    root = "ratsinfo_dagster." if importlib.util.find_spec("ratsinfo_dagster") else ""
    return importlib.import_module(f"{root}pipelines.run")


_RUNNER_TAG = "ratsinfo/runner"
_PID_TAG = "ratsinfo/pid"
_HOST_TAG = "ratsinfo/host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
        if run.tags.get(_HOST_TAG) == socket.gethostname() and pid and _alive(pid):
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


def _cmd_run(args: argparse.Namespace) -> int:
    import dagster as dg
    import duckdb

    from ratsinfo import progress
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
    if problem := _preflight(settings.warehouse, settings.publish_dir):
        print(f"ratsinfo run: {problem}", file=sys.stderr)
        return 2
    _dagster_home()
    location = _code_location()
    RatsinfoSettings = location.RatsinfoSettings
    resource = RatsinfoSettings(
        source=settings.source,
        publish_dir=str(settings.publish_dir),
        max_papers=settings.max_papers,
        sample_papers=settings.sample_papers,
        min_interval=settings.min_interval,
        mode=settings.mode,
        reparse=settings.reparse,
    )
    defs = location.build_definitions(settings.warehouse, resource)
    job = defs.resolve_job_def(
        "weekly_reconciliation" if settings.mode == "full" else "nightly_ingestion"
    )
    level = "DEBUG" if args.verbose else "CRITICAL"  # Dagster's own log only when asked
    console = progress.Console()
    stop_listening = progress.listen(console)
    print(
        f"ratsinfo run: {settings.source} ({settings.mode}) into {settings.warehouse}",
        file=sys.stderr,
    )
    started = time.monotonic()
    try:
        with dg.DagsterInstance.get() as instance:
            for run_id in recover_dead_runs(instance):
                print(f"ratsinfo run: run {run_id} had died; marked failed, its pool slot freed")
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config={"loggers": {"console": {"config": {"log_level": level}}}},
                tags={
                    _RUNNER_TAG: "cli",
                    _PID_TAG: str(os.getpid()),
                    _HOST_TAG: socket.gethostname(),
                },
            )
            if result.success:
                location.remove_run_outputs(instance, result.run_id)
    finally:
        stop_listening()
        console.close()

    report = RunReport(
        source=settings.source,
        mode=settings.mode,
        seconds=time.monotonic() - started,
        warehouse=str(settings.warehouse),
        publish_dir=str(settings.publish_dir),
    )
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    errors = [e for e in failed_checks if e.severity == dg.AssetCheckSeverity.ERROR]
    report.succeeded = result.success and not errors
    report.failure = _step_failure(result)
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
        if key == "parsed_papers":
            report.pages_parsed = int(meta.get("pages", 0))  # type: ignore[arg-type]
            report.parse_failed = int(meta.get("failed", 0))  # type: ignore[arg-type]
    if settings.warehouse.exists():
        con = connect(settings.warehouse, read_only=True)
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
    return code


def _cmd_eval(args: argparse.Namespace) -> int:
    from ratsinfo.extract.evaluate import evaluate, format_report

    report = evaluate(Path(args.evalset) if args.evalset else None)
    print(format_report(report))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ratsinfo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one saved ALLRIS page (.html) or text (.txt) to JSON")
    p.add_argument("path")
    p.set_defaults(func=_cmd_parse)

    r = sub.add_parser("run", help="materialise the whole pipeline once, in-process")
    r.add_argument("--source", help="sample (default), braunschweig, or an OParl System URL")
    r.add_argument("--warehouse", help="DuckDB file (default warehouse/ratsinfo.duckdb)")
    r.add_argument("--out", help="publish directory (default publish/)")
    r.add_argument("--max-papers", type=int, help="only the newest N papers")
    r.add_argument("--sample-papers", type=int, help="generated papers in the sample RIS")
    r.add_argument("--min-interval", type=float, help="seconds between requests to one host")
    r.add_argument(
        "--full",
        action="store_true",
        help="re-check every paper (default: incremental, new papers and open/young ones)",
    )
    r.add_argument("--reparse", action="store_true", help="parse every archived page again")
    r.add_argument("-v", "--verbose", action="store_true", help="also print Dagster's debug log")
    r.set_defaults(func=_cmd_run)

    e = sub.add_parser("eval", help="precision and recall of answers/funding on the labelled set")
    e.add_argument("--evalset", help="directory of labelled documents (default: the bundled set)")
    e.set_defaults(func=_cmd_eval)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
