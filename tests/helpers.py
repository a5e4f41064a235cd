"""Plain helpers the tests import (fixtures live in conftest.py). Nothing here reaches the
internet: pages come from files or loopback servers."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_file(relative: str) -> Path:
    """A file of ../shared/corpus, or skip the test cleanly when the corpus is not there."""
    path = CORPUS / relative
    if not path.is_file():
        pytest.skip(f"shared corpus file not available: {path}")
    return path


def published_files(out: Path) -> dict[str, bytes]:
    """Every file under a publish directory (feeds/ included), by relative path, with its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def materialize_pipeline(
    root: Path, source: str = "sample", instance: object = None, **settings: object
) -> object:
    """The whole asset graph once, in-process, into root/w.duckdb and root/publish; sample
    sources on any free port, no wait between requests (loopback) unless a test asks."""
    import dagster as dg

    from pipelines.jobs import ALL_ASSETS, build_definitions
    from ratsinfo.settings import Settings

    options: dict[str, object] = {"sample_papers": 40, "sample_port": 0, "min_interval": 0.0}
    options.update(settings)
    settings = Settings(
        source=source, warehouse=root / "w.duckdb", publish_dir=root / "publish", **options
    ).checked()  # type: ignore[arg-type]
    definitions = build_definitions(settings)
    instance = instance or dg.DagsterInstance.ephemeral()
    key = settings.council_key or source
    add_council_partition(instance, key)
    return dg.materialize(
        ALL_ASSETS,
        resources=definitions.resources,
        instance=instance,
        raise_on_error=False,
        partition_key=key,
    )


def add_council_partition(instance, key: str) -> None:
    """The council's partition in `instance` (every asset is partitioned by council)."""
    if not instance.has_dynamic_partition("councils", key):
        instance.add_dynamic_partitions("councils", [key])


def run_command(source: str, root: Path, *extra: str, min_interval: float = 0) -> list[str]:
    """`ratsinfo run` as a subprocess command: `source` into root/w.duckdb and root/publish."""
    import sys

    return [
        sys.executable, "-m", "ratsinfo.cli", "run", "--source", source,
        "--warehouse", str(root / "w.duckdb"), "--out", str(root / "publish"),
        "--min-interval", str(min_interval), *extra,
    ]  # fmt: skip


def insert_rows(con, table: str, rows: list[dict]) -> None:
    """Rows straight into a table, for tests of what reads it: also the model tables, which
    loads never write row by row (they are built, ratsinfo.model_tables)."""
    from ratsinfo.warehouse import table_columns, to_arrow

    con.register("_rows", to_arrow(rows, table_columns(con, table)))
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def load_objects(con, source: str, objects: list[tuple[str, dict]], url: str = "test://") -> None:
    """OParl objects (type, object as sent) into a warehouse the way a crawl archives them,
    then the model tables built: for tests on captured objects without a server."""
    import datetime as dt

    from ratsinfo.ingest import paper_row
    from ratsinfo.model_tables import build_model
    from ratsinfo.oparl.objects import flatten
    from ratsinfo.oparl.validate import validate_paper
    from ratsinfo.state import write_objects, write_papers
    from ratsinfo.vendors import detect

    now = dt.datetime.now(dt.UTC)
    rows, papers = [], []
    for kind, obj in objects:
        rows += flatten(obj, source, url, kind).rows
        if kind == "Paper":
            paper, _ = validate_paper(obj, url)
            if paper is not None:
                papers.append(paper_row(paper, source, obj, None, detect(None, paper.web)))
    write_objects(con, rows, now)
    if papers:
        write_papers(con, papers, now)
    build_model(con, now)
