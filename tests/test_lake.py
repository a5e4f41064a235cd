"""The lake layout (ratsinfo.lake): councils' working files replaced into one DuckLake, at once
from several processes, all tables of a council or none, with snapshots to travel back to; and
the combined extracts over all councils (ratsinfo.combined)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import duckdb
import pytest

from ratsinfo import lake
from ratsinfo.combined import publish_combined
from ratsinfo.councils import Registry, RegistryError, council_slug
from ratsinfo.settings import Settings, SettingsError
from ratsinfo.warehouse import PUBLISHED_TABLES, connect
from tests.helpers import insert_rows
from tests.postgres import postgres_server


def council_file(path: Path, council: str, papers: int, version: str = "v1") -> Path:
    """A council's working file with `papers` papers, a consultation and an answer each, and one
    document (named by a file) — enough of every kind of table to follow the rows."""
    con = connect(path)
    try:
        ids = [f"{council}:{n}" for n in range(papers)]
        insert_rows(con, "vorlagen", [
            {"paper_id": p, "source": council, "reference": f"{n}/2026",
             "subject": f"{version} {n}", "date": dt.date(2026, 1, 1 + n % 28),
             "paper_type": "Anfrage", "participating_departments": [], "related_references": []}
            for n, p in enumerate(ids)
        ])  # fmt: skip
        insert_rows(con, "beratungsfolge", [
            {"paper_id": p, "reference": f"{n}/2026", "position": 1, "meeting_position": 0,
             "committee": "Rat"}
            for n, p in enumerate(ids)
        ])  # fmt: skip
        insert_rows(con, "answers", [
            {"paper_id": p, "reference": f"{n}/2026", "position": 1, "question_label": "1",
             "answer_text": f"Antwort {version}", "source": "page"}
            for n, p in enumerate(ids)
        ])  # fmt: skip
        insert_rows(con, "documents", [
            {"document_id": f"sha-{council}", "bytes": 10, "extracted_at": dt.datetime.now(dt.UTC),
             "text": "Text"}
        ])  # fmt: skip
        insert_rows(con, "files", [
            {"file_id": f"{council}:f1", "source": council, "paper_id": ids[0],
             "document_id": f"sha-{council}"}
        ])  # fmt: skip
    finally:
        con.close()
    return path


def counts(spec: lake.Lake, table: str = "vorlagen") -> dict[str, int]:
    with lake.connect(spec, read_only=True) as con:
        rows = con.execute(f"SELECT council, count(*) FROM {table} GROUP BY 1").fetchall()
    return dict(rows)


def _push(args: tuple[str, str, str, str, int]) -> int:
    path, council, catalog, data, rounds = args
    attempts = 0
    for _ in range(rounds):
        attempts += lake.push_council(Path(path), council, lake.Lake(catalog, data)).attempts
        # the next step of the run opens the file: a retried commit must not keep it attached
        duckdb.connect(path).close()
    return attempts


@pytest.fixture
def two_councils(tmp_path):
    return {
        "a": council_file(tmp_path / "a.duckdb", "a", 5),
        "host.example/oparl:8080": council_file(
            tmp_path / "b.duckdb", "host.example/oparl:8080", 3
        ),
    }


def _concurrent_pushes(files: dict[str, Path], spec: lake.Lake, rounds: int) -> int:
    jobs = [(str(p), c, spec.catalog, spec.data_path, rounds) for c, p in files.items()]
    pool = multiprocessing.get_context("spawn").Pool(len(jobs))
    try:
        return sum(pool.map(_push, jobs))
    finally:  # the workers end on their own (terminate() needs them to heed SIGTERM)
        pool.close()
        pool.join()


def test_councils_write_one_sqlite_lake_at_once_from_several_processes(tmp_path, two_councils):
    spec = lake.Lake(f"sqlite:{tmp_path / 'lake.sqlite'}", str(tmp_path / "data"))
    attempts = _concurrent_pushes(two_councils, spec, rounds=2)
    assert attempts >= 4  # every push committed, some after a retry
    assert counts(spec) == {"a": 5, "host.example/oparl:8080": 3}
    assert counts(spec, "beratungsfolge") == {"a": 5, "host.example/oparl:8080": 3}
    with lake.connect(spec, read_only=True) as con:
        # a table's own `source` keeps its meaning: where an answer was read
        assert con.execute("SELECT DISTINCT source FROM answers").fetchall() == [("page",)]
        documents = con.execute("SELECT council, count(*) FROM documents GROUP BY 1 ORDER BY 1")
        assert documents.fetchall() == [("a", 1), ("host.example/oparl:8080", 1)]
        # the analytics views of warehouse/views.sql work on the lake
        asked = con.execute("SELECT count(*) FROM questions_answered").fetchone()
        assert asked == (8,)
    # the data are Parquet files partitioned by council, once the daily upkeep flushes the few
    # rows DuckLake keeps in its catalog (data inlining: small commits make no small files)
    upkeep = lake.maintain(spec)
    assert upkeep.flushed > 0
    assert counts(spec) == {"a": 5, "host.example/oparl:8080": 3}
    parts = {p.name for p in (tmp_path / "data" / "main" / "vorlagen").iterdir() if p.is_dir()}
    assert parts == {"council=a", "council=host.example%2Foparl%3A8080"}


def test_replacing_a_council_keeps_the_others_and_a_snapshot_to_travel_back_to(tmp_path):
    spec = lake.Lake(f"sqlite:{tmp_path / 'lake.sqlite'}", str(tmp_path / "data"))
    first = lake.push_council(council_file(tmp_path / "a1.duckdb", "a", 5), "a", spec)
    lake.push_council(council_file(tmp_path / "b.duckdb", "b", 2), "b", spec)
    second = lake.push_council(council_file(tmp_path / "a2.duckdb", "a", 3, "v2"), "a", spec)
    assert second.snapshot > first.snapshot
    assert counts(spec) == {"a": 3, "b": 2}
    with lake.connect(spec, read_only=True) as con:
        before = con.execute(
            f"SELECT count(*), min(subject) FROM vorlagen AT (VERSION => {first.snapshot}) "
            "WHERE council = 'a'"
        ).fetchone()
        listed = con.execute("SELECT council, papers FROM councils ORDER BY 1").fetchall()
    assert before == (5, "v1 0")
    assert listed == [("a", None), ("b", None)]  # no listing given: a row per council still


def test_a_failed_replacement_leaves_the_council_as_it_was(tmp_path, monkeypatch):
    spec = lake.Lake(f"sqlite:{tmp_path / 'lake.sqlite'}", str(tmp_path / "data"))
    lake.push_council(council_file(tmp_path / "a1.duckdb", "a", 4), "a", spec)
    broken = council_file(tmp_path / "a2.duckdb", "a", 2, "v2")
    con = duckdb.connect(str(broken))  # answers whose position is no number: the insert fails
    con.execute("CREATE TABLE bad AS SELECT * REPLACE ('first' AS position) FROM answers")
    con.execute("DROP TABLE answers")
    con.execute("ALTER TABLE bad RENAME TO answers")
    con.close()
    with pytest.raises(lake.LakeError, match="replacing council 'a' in the lake"):
        lake.push_council(broken, "a", spec)
    assert counts(spec) == {"a": 4}
    assert counts(spec, "answers") == {"a": 4}


def test_the_lake_needs_a_catalog_it_knows(tmp_path):
    with pytest.raises(SettingsError, match="RATSINFO_LAKE"):
        Settings(lake="mysql:x").checked()
    spec = lake.Lake("postgres:dbname=none host=127.0.0.1 port=1 password=secret", str(tmp_path))
    with pytest.raises(lake.LakeError) as e, lake.connect(spec):
        pass
    assert "cannot open the lake postgres:" in str(e.value) and "secret" not in str(e.value)


@pytest.mark.slow
def test_councils_write_one_postgres_lake_at_once(tmp_path, two_councils):
    with postgres_server() as pg:
        spec = lake.Lake(f"postgres:{pg.conninfo(pg.create_database('lake'))}", str(tmp_path / "d"))
        _concurrent_pushes(two_councils, spec, rounds=2)
        assert counts(spec) == {"a": 5, "host.example/oparl:8080": 3}
        assert counts(spec, "answers") == {"a": 5, "host.example/oparl:8080": 3}


# -- the combined extracts -------------------------------------------------------------------------


def test_combined_extracts_partition_every_table_by_council(tmp_path):
    w = tmp_path / "w.duckdb"
    council_file(w, "a", 3)
    con = connect(w)
    try:  # a second council in the same embedded warehouse
        insert_rows(con, "vorlagen", [
            {"paper_id": "b:1", "source": "b", "reference": "1/2026", "subject": "B",
             "participating_departments": [], "related_references": []}
        ])  # fmt: skip
        insert_rows(con, "answers", [
            {"paper_id": "b:1", "reference": "1/2026", "position": 1, "question_label": "1",
             "answer_text": "Ja", "source": "document"}
        ])  # fmt: skip
        done = publish_combined(con, tmp_path / "publish", councils=["a", "b"])
        again = publish_combined(con, tmp_path / "again", councils=["a", "b"])
        only_a = publish_combined(con, tmp_path / "only-a", councils=["a"])
    finally:
        con.close()
    out = tmp_path / "publish" / "all"
    assert done.councils == ["a", "b"]
    for table in PUBLISHED_TABLES:
        assert (out / table).is_dir() and (out / f"{table}.csv").is_file()
    answers = duckdb.sql(
        f"SELECT council, source, count(*) FROM read_parquet('{out}/answers/*/*.parquet', "
        "hive_partitioning = true) GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert answers == [("a", "page", 3), ("b", "document", 1)]  # the council is the paper's
    header = (out / "documents.csv").read_text().splitlines()[0]
    assert header.startswith("council,") and ",text" not in header  # no texts in the CSV
    assert done.entries == again.entries  # byte-identical on a re-run (sha256 in the entries)
    assert {e.get("council") for e in only_a.entries.values()} == {"a", None}
    assert "b:1" not in (tmp_path / "only-a" / "all" / "vorlagen.csv").read_text()


# -- the registry of councils ----------------------------------------------------------------------


def test_the_registry_adds_updates_and_removes_councils(tmp_path):
    registry = Registry(tmp_path / "councils.json")
    council, new = registry.add("braunschweig")
    assert new and council.system_url and council.municipality_key == "03101000"
    url = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/system"
    council, new = registry.add(url, name="Frechen")
    assert new and council.key == "sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"
    _, new = registry.add(url, name="Stadt Frechen")
    assert not new and registry.councils()[council.key].name == "Stadt Frechen"
    assert list(registry.councils()) == ["braunschweig", council.key]
    assert registry.remove("braunschweig") and not registry.remove("braunschweig")
    assert list(registry.councils()) == [council.key]
    # a file name for every key, distinct for keys that differ only in unsafe characters
    assert council_slug("braunschweig") == "braunschweig"
    assert council_slug("a.de/x") != council_slug("a.de:x")
    assert "/" not in council_slug(council.key)


@pytest.mark.parametrize(
    ("entry", "message"),
    [({"key": "nowhere"}, "entry 1: 'nowhere' is no built-in council and has no system_url"),
     ({"system_url": "ftp://x/system"}, "entry 1: system_url 'ftp://x/system' is no http(s) URL"),
     ({"key": "A B", "system_url": "https://x/system"}, "entry 1: key 'A B' must be"),
     ({"system_url": "https://x/system", "colour": "red"}, "entry 1: unknown field(s) colour")],
)  # fmt: skip
def test_a_bad_registry_entry_is_named(tmp_path, entry, message):
    import json

    path = tmp_path / "councils.json"
    path.write_text(json.dumps({"councils": [entry]}))
    with pytest.raises(RegistryError) as e:
        Registry(path).councils()
    assert str(e.value).startswith(f"council registry {path}, ")
    assert message in str(e.value)
