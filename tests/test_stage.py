"""The run's stage (ratsinfo.stage): parsed pages, answers and amounts go to disk a chunk at a
time and are loaded from there in one transaction; what a chunk needs of another (the question
paper of an answer) is found across chunks."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ratsinfo import stage
from ratsinfo.load import load_papers, load_staged
from ratsinfo.state import extract_staged
from ratsinfo.transform import ExtractedBatch, ParsedBatch, parse_chunks
from ratsinfo.warehouse import connect
from sample_ris.seed import _ANSWER_TEXT, _QUESTION_TEXT


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def vorlage(pid: str, reference: str, **fields) -> dict:
    return {
        "paper_id": pid,
        "source": "t",
        "body_key": "t:/b/1",
        "volfdnr": 1,
        "reference": reference,
        "subject": f"Betreff {reference}",
        "participating_departments": [],
        "related_references": [],
        "date": "2026-03-01",  # a string: cast to DATE on the way into the stage
        "page_sha256": f"sha-{pid}",
    } | fields


def section(pid: str, reference: str, text: str) -> dict:
    return {"paper_id": pid, "reference": reference, "position": 1, "title": "Sachverhalt",
            "text": text}  # fmt: skip


def stage_chunks(con, path, chunks: list[ParsedBatch]) -> stage.Staged:
    staged = stage.Staged(str(path))
    with stage.attached(con, path, create=True):
        for chunk in chunks:
            stage.append(con, staged.chunks, chunk.staged())
            staged.chunks += 1
            staged.pages += len(chunk.pages)
            staged.parsed += len(chunk.vorlagen)
    return staged


def test_an_answer_finds_its_question_paper_in_another_chunk(con, tmp_path):
    """The Anfrage 25-25641 is staged in chunk 0, its answer 25-25641-01 in chunk 1: the answers
    get the Anfrage's question texts all the same, and everything loads in one go."""
    question = ParsedBatch(
        vorlagen=[vorlage("t:/p/1", "25-25641")],
        sections=[section("t:/p/1", "25-25641", "\n".join(_QUESTION_TEXT))],
        pages=[{"url": "http://x/1", "paper_id": "t:/p/1"}],
    )
    answer = ParsedBatch(
        vorlagen=[vorlage("t:/p/2", "25-25641-01", parent_reference="25-25641")],
        sections=[section("t:/p/2", "25-25641-01", "\n".join(_ANSWER_TEXT))],
        pages=[{"url": "http://x/2", "paper_id": "t:/p/2"}],
    )
    path = tmp_path / "run" / "stage.duckdb"
    staged = stage_chunks(con, path, [question, answer])
    with stage.attached(con, path):
        found = extract_staged(con, staged)
        answers = stage.rows(con, "answers")
        assert con.execute("SELECT DISTINCT chunk FROM stage.answers").fetchall() == [(1,)]
        # run again (as a retried step does): the same rows, not twice
        assert extract_staged(con, staged) == found
        assert stage.rows(con, "answers") == answers
    assert found["answers"] == len(answers) > 0
    assert all(a["question_reference"] == "25-25641" for a in answers)
    assert all(a["question_text"] for a in answers)  # from the Anfrage in chunk 0
    loaded = load_staged(con, staged)
    assert loaded["vorlagen"] == 2 and loaded["answers"] == len(answers)
    assert con.execute("SELECT count(*) FROM page_vorlagen").fetchone() == (2,)
    assert con.execute("SELECT DISTINCT date FROM page_vorlagen").fetchall() == [
        (dt.date(2026, 3, 1),)
    ]
    intro = con.execute(
        "SELECT introduction FROM page_vorlagen WHERE paper_id = 't:/p/2'"
    ).fetchone()
    assert intro is not None and intro[0]  # the answer's preamble, joined in from the stage


def test_staged_load_replaces_what_the_pages_said_before(con, tmp_path):
    """Loading a re-read paper again replaces its rows (scoped by paper), and a page that no
    longer parses is recorded once, with its earlier failure row replaced."""
    first = ParsedBatch(
        vorlagen=[vorlage("t:/p/1", "25-1")],
        sections=[
            section("t:/p/1", "25-1", "alt"),
            section("t:/p/1", "25-1", "x") | {"position": 2},
        ],
        pages=[{"url": "http://x/1", "paper_id": "t:/p/1"}],
    )
    load_papers(con, first, ExtractedBatch())
    again = ParsedBatch(
        vorlagen=[vorlage("t:/p/1", "25-1")],
        sections=[section("t:/p/1", "25-1", "neu")],
        failures=[
            {
                "url": "http://x/9",
                "sha256": "s",
                "paper_id": "t:/p/9",
                "error": "kaputt",
                "seen_at": dt.datetime.now(dt.UTC),
            }
        ],
        pages=[
            {"url": "http://x/1", "paper_id": "t:/p/1"},
            {"url": "http://x/9", "paper_id": "t:/p/9"},
        ],
    )
    staged = stage_chunks(con, tmp_path / "stage.duckdb", [again])
    load_staged(con, staged)
    assert con.execute("SELECT text FROM sections").fetchall() == [("neu",)]
    assert con.execute("SELECT url, error FROM parse_failures").fetchall() == [
        ("http://x/9", "kaputt")
    ]
    assert con.execute("SELECT failures FROM page_retries WHERE paper_id = 't:/p/9'").fetchone()


def test_a_failed_load_leaves_the_warehouse_as_it_was(con, tmp_path):
    """A staged row the warehouse refuses (a paper without reference) rolls the whole load
    back: nothing of the stage is half loaded."""
    load_papers(con, ParsedBatch(vorlagen=[vorlage("t:/p/1", "25-1")]), ExtractedBatch())
    bad = ParsedBatch(vorlagen=[vorlage("t:/p/1", "25-1", subject="neu"),
                                vorlage("t:/p/2", None)])  # fmt: skip
    staged = stage_chunks(con, tmp_path / "stage.duckdb", [bad])
    with pytest.raises(Exception, match="NOT NULL"):
        load_staged(con, staged)
    assert con.execute("SELECT paper_id, subject FROM page_vorlagen").fetchall() == [
        ("t:/p/1", "Betreff 25-1")
    ]


def test_pages_are_parsed_a_chunk_at_a_time():
    """parse_chunks never holds more than `chunk_pages` pages; a page that does not parse is a
    failure row naming its URL, in the chunk it came in."""
    pages = [
        {"url": f"http://x/{i}", "paper_id": f"t:/p/{i}", "status": 404, "body": None,
         "error": f"http://x/{i}: HTTP 404", "sha256": ""}
        for i in range(5)
    ]  # fmt: skip
    chunks = list(parse_chunks(pages, chunk_pages=2))
    assert [len(c.pages) for c in chunks] == [2, 2, 1]
    assert [f["url"] for c in chunks for f in c.failures] == [p["url"] for p in pages]


def test_a_step_that_runs_out_of_memory_runs_again_with_more(tmp_path):
    """DuckDB spills most work to disk, not all: a step whose statement runs out of memory is
    retried by Dagster with twice the limit (said in the step's log) until it fits; anything
    else fails the step at once."""
    import dagster as dg
    import duckdb

    from assets.resources import warehouse_connection
    from ratsinfo.settings import Settings
    from ratsinfo.warehouse import memory_limit_mb, transaction

    settings = Settings(warehouse=tmp_path / "w.duckdb")
    limits: list[int] = []

    @dg.asset
    def hungry(context):  # no annotation: the module's annotations are strings to Dagster
        with warehouse_connection(settings, context) as con, transaction(con):
            limits.append(memory_limit_mb(con))
            if len(limits) < 3:
                raise RuntimeError("build_model.sql") from duckdb.OutOfMemoryException("full")

    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([hungry], raise_on_error=False, instance=instance)
    assert result.success
    assert len(limits) == 3 and limits[1] >= 2 * limits[0] - 1 and limits[2] >= 2 * limits[1] - 1
    said = [
        e.user_message
        for e in instance.all_logs(result.run_id)
        if "ran out of memory" in e.user_message
    ]
    assert len(said) == 2 and f"{limits[0] * 2} MiB" in said[0].replace(".0", "")
    assert "DuckDB's memory held: " in said[0]  # what held it when the transaction failed

    @dg.asset
    def broken(context):
        with warehouse_connection(settings, context):
            limits.append(0)
            raise ValueError("not a memory problem")

    limits.clear()
    assert not dg.materialize([broken], raise_on_error=False).success
    assert limits == [0]  # not retried

    @dg.asset
    def frugal(context):
        with warehouse_connection(settings, context, memory_mb=64) as con:
            limits.append(memory_limit_mb(con))
            if len(limits) < 2:
                raise duckdb.OutOfMemoryException("full")

    limits.clear()
    assert dg.materialize([frugal], raise_on_error=False).success
    assert limits == [64, 128]  # a step asking for less starts there, and doubles from there


def test_the_runs_duckdb_works_on_one_thread_and_queries_on_every_core(tmp_path):
    """The steps' connections run DuckDB on one thread (each thread's sort runs and hash
    partitions cost memory beyond the limit: BENCHMARKS.md); RATSINFO_DUCKDB_THREADS sets
    another count; a query connection (`warehouse.connect`) keeps DuckDB's default."""
    import subprocess
    import sys

    import duckdb

    from assets.resources import warehouse_connection
    from ratsinfo.settings import Settings

    settings = Settings(warehouse=tmp_path / "w.duckdb")
    with warehouse_connection(settings) as con:
        assert con.execute("SELECT current_setting('threads')").fetchone() == (1,)
    with duckdb.connect() as plain:
        default = plain.execute("SELECT current_setting('threads')").fetchone()[0]
    with connect(tmp_path / "w.duckdb") as con:
        assert con.execute("SELECT current_setting('threads')").fetchone() == (default,)
    # the setting is read when the module is imported: a fresh interpreter
    code = (
        "from ratsinfo.warehouse import RUN_DUCKDB_CONFIG as c; import duckdb; "
        "print(duckdb.connect(config=dict(c)).execute(\"SELECT current_setting('threads')\")"
        ".fetchone()[0])"
    )
    env = {**os.environ, "RATSINFO_DUCKDB_THREADS": "2"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "2", out.stderr
