import datetime as dt
from decimal import Decimal

import duckdb
import pytest

from ratsinfo.warehouse import (
    PUBLISHED,
    connect,
    manifest_entries,
    publish_table,
    replace_rows,
    transaction,
    write_manifest,
)
from tests.helpers import insert_rows


def vorlage(pid, ref, subject="Betreff", parts=("A", "B")):
    return {
        "paper_id": pid,
        "source": "test",
        "volfdnr": 1,
        "reference": ref,
        "subject": subject,
        "participating_departments": list(parts),
        "related_references": [],
        "date": dt.date(2025, 5, 7),
        "page_sha256": "x",
    }


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_replace_is_idempotent_and_scoped(con):
    replace_rows(con, "page_vorlagen", [vorlage("p1", "1"), vorlage("p2", "2")])
    replace_rows(con, "page_vorlagen", [vorlage("p1", "1"), vorlage("p2", "2")])
    assert rows(con, "SELECT paper_id FROM page_vorlagen ORDER BY 1") == [("p1",), ("p2",)]
    # re-reading p1 replaces p1 only
    replace_rows(con, "page_vorlagen", [vorlage("p1", "1", subject="neu")])
    assert rows(con, "SELECT paper_id, subject FROM page_vorlagen ORDER BY 1") == [
        ("p1", "neu"),
        ("p2", "Betreff"),
    ]


def test_child_rows_of_a_re_read_paper_are_replaced_even_when_none_remain(con):
    b = {"paper_id": "p1", "reference": "1", "committee": "Rat", "meeting_position": 0}
    replace_rows(con, "page_beratungsfolge", [b | {"position": 1}, b | {"position": 2}])
    replace_rows(con, "page_beratungsfolge", [], scope_values=["p1"])
    assert rows(con, "SELECT count(*) FROM page_beratungsfolge") == [(0,)]


def test_failed_load_leaves_earlier_rows(con):
    replace_rows(con, "page_vorlagen", [vorlage("p1", "1")])
    with pytest.raises(duckdb.Error):
        replace_rows(con, "page_vorlagen", [vorlage("p1", "1", subject=None)])  # NOT NULL
    assert rows(con, "SELECT subject FROM page_vorlagen") == [("Betreff",)]


def test_a_transaction_out_of_memory_says_what_duckdb_held_and_rolls_back(tmp_path):
    con = duckdb.connect(str(tmp_path / "small.duckdb"))
    con.execute("SET memory_limit = '20MB'")
    con.execute("CREATE TABLE t (i BIGINT, s VARCHAR)")
    with pytest.raises(duckdb.OutOfMemoryException) as caught, transaction(con):
        con.execute("INSERT INTO t SELECT range, 'x' || range FROM range(3000000)")
        con.execute("SELECT s, count(*) FROM t GROUP BY s ORDER BY 2 DESC").fetchall()
    [note] = caught.value.__notes__
    assert note.startswith("DuckDB's memory held: ") and " MiB" in note
    assert rows(con, "SELECT count(*) FROM t") == [(0,)]


def test_older_warehouses_lose_the_keys_of_replaced_tables_and_keep_their_rows(tmp_path):
    """A warehouse made when `sections` had a PRIMARY KEY (an in-memory index that grew with
    the council) gets it made anew without one, rows and comments kept; the tables upserted by
    key keep theirs."""
    path = tmp_path / "w.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE sections (paper_id VARCHAR NOT NULL, reference VARCHAR NOT NULL, "
        "position INTEGER NOT NULL, title VARCHAR NOT NULL, text VARCHAR NOT NULL, "
        "PRIMARY KEY (paper_id, position))"
    )
    old.execute("INSERT INTO sections VALUES ('p1', '1', 1, 'Sachverhalt', 'Text')")
    old.close()
    con = connect(path)
    try:
        sql = "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        keyed = {r[0] for r in rows(con, sql)}
        assert "sections" not in keyed and "vorlagen" not in keyed
        assert {"oparl_objects", "raw_responses", "page_retries"} <= keyed
        assert rows(con, "SELECT paper_id, text, body_key FROM sections") == [("p1", "Text", None)]
        comment = rows(con, "SELECT comment FROM duckdb_tables() WHERE table_name = 'sections'")
        assert comment and comment[0][0]
        assert not rows(con, "SELECT 1 FROM duckdb_tables() WHERE table_name LIKE '%keyed'")
    finally:
        con.close()


def test_built_tables_are_never_loaded_row_by_row(con):
    with pytest.raises(ValueError, match="built from"):
        replace_rows(con, "vorlagen", [vorlage("p1", "1")])


def test_raw_archive_keeps_one_row_per_distinct_body(con):
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    t1 = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    raw = {"url": "u", "sha256": "s", "kind": "page", "status": 200, "body": b"x"}
    replace_rows(con, "raw_responses", [raw | {"first_fetched_at": t0, "last_fetched_at": t0}])
    replace_rows(con, "raw_responses", [raw | {"first_fetched_at": t1, "last_fetched_at": t1}])
    assert rows(con, "SELECT first_fetched_at, last_fetched_at FROM raw_responses") == [(t0, t1)]


def test_published_files_read_back_equal_to_tables(con, tmp_path):
    insert_rows(
        con,
        "vorlagen",
        [
            vorlage("p2", "25-1", subject='Anfrage zum "Welcome Center", für\nFachkräfte'),
            vorlage("p1", "=1+1", subject="Kita; Plätze", parts=()),
        ],
    )
    insert_rows(  # funding is built (ratsinfo/queries/build_facts.sql): its rows written as is
        con,
        "funding",
        [
            {
                "paper_id": "p1", "reference": "25-1", "position": 1,
                "amount": Decimal("20000.00"), "currency": "EUR", "period": "annual",
                "text": "mit jährlich 20.000 EUR",
            }
        ],
    )  # fmt: skip
    out = tmp_path / "out"
    entries = {}
    for table in PUBLISHED:
        entries.update(publish_table(con, table, out))
    write_manifest(out, entries)
    assert manifest_entries(con, out) == entries
    for table in PUBLISHED:
        expected = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        parquet = con.execute(
            f"SELECT * FROM read_parquet('{out / (table + '.parquet')}') ORDER BY ALL"
        ).fetchall()
        assert parquet == expected, table
        csv = con.execute(
            f"SELECT * FROM read_csv('{out / (table + '.csv')}', header=true, "
            "all_varchar=true) ORDER BY ALL"
        ).fetchall()
        as_text = con.execute(
            f"SELECT * FROM (SELECT {_csv_cols(con, table)} FROM {table}) ORDER BY ALL"
        ).fetchall()
        assert sorted(tuple(_defuse(v) for v in row) for row in as_text) == sorted(csv), table
    # rows come out in key order, and quoting survives commas, quotes and newlines
    text = (out / "vorlagen.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("paper_id,source,volfdnr,reference,subject")
    assert text.index("p1,") < text.index("p2,")
    assert '"Anfrage zum ""Welcome Center"", für\nFachkräfte"' in text
    assert not list(out.glob(".*tmp*"))
    # formula injection is neutralised in CSV; Parquet keeps the raw value
    assert '"\'=1+1"' in text or "'=1+1," in text
    assert con.execute(
        f"SELECT count(*) FROM read_parquet('{out / 'vorlagen.parquet'}') WHERE reference = '=1+1'"
    ).fetchone() == (1,)


def _defuse(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_cols(con, table):
    cols = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return ", ".join(
        f"NULLIF(array_to_string({n}, '; '), '')" if t.endswith("[]") else f"CAST({n} AS VARCHAR)"
        for n, t in cols
    )


def test_republishing_is_byte_identical(con, tmp_path):
    insert_rows(con, "vorlagen", [vorlage("p1", "1"), vorlage("p2", "2")])
    a = publish_table(con, "vorlagen", tmp_path / "a")
    b = publish_table(con, "vorlagen", tmp_path / "b")
    assert {k: v["sha256"] for k, v in a.items()} == {k: v["sha256"] for k, v in b.items()}


def test_pandas_is_kept_out_of_a_run_and_comes_back_after():
    """DuckDB (a query with parameters, an Arrow table) and pyarrow (an array from a list) import
    pandas only to ask whether a value is a DataFrame: inside `pandas_kept_out` they work
    without it; after it, pandas imports again. In a fresh interpreter: pytest's has it."""
    import subprocess
    import sys

    script = """
import sys
import duckdb, pyarrow as pa
from ratsinfo.warehouse import pandas_kept_out
with pandas_kept_out():
    con = duckdb.connect()
    assert con.execute("SELECT ?::DATE", ["2025-05-07"]).fetchone()[0].day == 7
    con.register("t", pa.table({"a": pa.array([1, 2])}))
    assert con.execute("SELECT sum(a) FROM t").fetchone() == (3,)
    assert "pandas" not in sys.modules
    try:
        import pandas
    except ModuleNotFoundError as e:
        assert "kept out" in str(e)
    else:
        raise AssertionError("pandas imported")
import pandas
assert list(con.execute("SELECT 1 AS a").df()["a"]) == [1]
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
