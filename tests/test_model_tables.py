"""The OParl model tables: precedence between OParl and a vendor's paper page, field by field
(ratsinfo/queries/build_model.sql states it), deletions, back-off, and old warehouses."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from ratsinfo.load import note_failures
from ratsinfo.model_tables import build_model
from ratsinfo.warehouse import connect, replace_rows
from tests.helpers import load_objects

BASE = "https://ris.example.org/oparl"


def paper(n: int, **fields) -> dict:
    return {
        "id": f"{BASE}/papers/{n}",
        "type": "https://schema.oparl.org/1.1/Paper",
        "body": f"{BASE}/bodies/1",
        "reference": f"26-{n:05d}",
        "name": f"Betreff {n}",
        "paperType": "Beschlussvorlage",
        "date": "2026-03-01",
        "web": f"https://ris.example.org/public/vo020?VOLFDNR={n}",
        "consultation": [
            {"id": f"{BASE}/consultations/{n}1", "organization": [f"{BASE}/organizations/gr/1"],
             "role": "Vorberatung", "authoritative": False},
            {"id": f"{BASE}/consultations/{n}2", "organization": [f"{BASE}/organizations/gr/2"],
             "role": "Entscheidung", "authoritative": True},
        ],
    } | fields  # fmt: skip


ORGS = [
    ("Organization", {"id": f"{BASE}/organizations/gr/1", "name": "Bauausschuss"}),
    ("Organization", {"id": f"{BASE}/organizations/gr/2", "name": "Rat"}),
]


def page_rows(n: int, **fields) -> dict:
    return {
        "paper_id": f"t:/oparl/papers/{n}",
        "source": "t",
        "volfdnr": n,
        "reference": f"26-{n:05d}",
        "subject": f"Betreff {n}",
        "paper_type": "Beschlussvorlage",
        "status": "öffentlich",
        "lead_department": "Fachbereich 61",
        "participating_departments": [],
        "related_references": [],
        "page_sha256": f"sha{n}",
    } | fields


def folge(n: int, position: int, committee: str, **fields) -> dict:
    return {
        "paper_id": f"t:/oparl/papers/{n}",
        "reference": f"26-{n:05d}",
        "position": position,
        "meeting_position": 1,
        "committee": committee,
        "role": "Vorberatung",
        "state": "Erledigt",
        "date": dt.date(2026, 3, 10),
        "decision": "empfohlen",
    } | fields


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def test_without_a_page_everything_comes_from_oparl(con):
    load_objects(con, "t", [*ORGS, ("Paper", paper(1))])
    [(ref, subject, ptype, lead, sha)] = con.execute(
        "SELECT reference, subject, paper_type, lead_department, page_sha256 FROM vorlagen"
    ).fetchall()
    assert (ref, subject, ptype, lead, sha) == (
        "26-00001",
        "Betreff 1",
        "Beschlussvorlage",
        None,
        None,
    )
    rows = con.execute(
        "SELECT position, meeting_position, committee, role, authoritative FROM beratungsfolge "
        "ORDER BY position"
    ).fetchall()
    assert rows == [
        (1, 0, "Bauausschuss", "Vorberatung", False),
        (2, 0, "Rat", "Entscheidung", True),
    ]


def test_oparl_wins_for_reference_subject_and_type_and_the_page_value_is_kept(con):
    replace_rows(
        con, "page_vorlagen",
        [page_rows(1, subject="Betreff 1 (Seite)", paper_type="Vorlage", reference="26-00001")],
    )  # fmt: skip
    load_objects(con, "t", [*ORGS, ("Paper", paper(1))])
    [(subject, ptype, status, lead)] = con.execute(
        "SELECT subject, paper_type, status, lead_department FROM vorlagen"
    ).fetchall()
    assert (subject, ptype) == ("Betreff 1", "Beschlussvorlage")  # OParl
    assert (status, lead) == ("öffentlich", "Fachbereich 61")  # only the page has these
    assert con.execute(
        "SELECT field, oparl_value, page_value FROM source_disagreements ORDER BY field"
    ).fetchall() == [
        ("paper_type", "Beschlussvorlage", "Vorlage"),
        ("subject", "Betreff 1", "Betreff 1 (Seite)"),
    ]


def test_the_page_beratungsfolge_is_used_and_matched_to_oparl_consultations(con):
    replace_rows(con, "page_vorlagen", [page_rows(1)])
    replace_rows(
        con,
        "page_beratungsfolge",
        [
            folge(1, 1, "Bauausschuss"),
            folge(1, 2, "Rat", role="Entscheidung", decision="beschlossen"),
        ],
    )
    load_objects(con, "t", [*ORGS, ("Paper", paper(1))])
    rows = con.execute(
        "SELECT position, committee, state, decision, consultation_id, authoritative "
        "FROM beratungsfolge ORDER BY position"
    ).fetchall()
    assert rows == [
        (1, "Bauausschuss", "Erledigt", "empfohlen", "t:/oparl/consultations/11", False),
        (2, "Rat", "Erledigt", "beschlossen", "t:/oparl/consultations/12", True),
    ]
    assert con.execute("SELECT count(*) FROM source_disagreements").fetchall() == [(0,)]


def test_a_page_whose_consultations_differ_is_recorded(con):
    replace_rows(con, "page_vorlagen", [page_rows(1)])
    replace_rows(con, "page_beratungsfolge", [folge(1, 1, "Schulausschuss")])
    load_objects(con, "t", [*ORGS, ("Paper", paper(1))])
    [(oparl, page)] = con.execute(
        "SELECT oparl_value, page_value FROM source_disagreements WHERE field = 'consultations'"
    ).fetchall()
    assert oparl == "Bauausschuss; Rat" and page == "Schulausschuss"
    # the page's rows stay (they carry the meetings and decisions)
    assert con.execute("SELECT committee FROM beratungsfolge").fetchall() == [("Schulausschuss",)]


def test_a_tombstone_keeps_what_was_known_and_marks_the_paper_deleted(con):
    load_objects(con, "t", [*ORGS, ("Paper", paper(1))])
    gone = {"id": f"{BASE}/papers/1", "type": "https://schema.oparl.org/1.1/Paper", "deleted": True}
    load_objects(con, "t", [("Paper", gone)])
    [(ref, deleted_at)] = con.execute("SELECT reference, deleted_at FROM vorlagen").fetchall()
    assert ref == "26-00001" and deleted_at is not None
    # a tombstone of a paper never seen is listed, not loaded as an empty paper
    load_objects(con, "t", [("Paper", gone | {"id": f"{BASE}/papers/9"})])
    assert con.execute("SELECT count(*) FROM vorlagen").fetchall() == [(1,)]


def test_keys_are_unique_across_bodies_and_references_are_not(con):
    other = "https://ris.example.org/oparl/b2"
    second = paper(1) | {"id": f"{other}/papers/1", "body": f"{other}/bodies/2", "consultation": []}
    load_objects(con, "t", [*ORGS, ("Paper", paper(1)), ("Paper", second)])
    rows = con.execute("SELECT paper_id, body_key, reference FROM vorlagen ORDER BY 1").fetchall()
    assert [r[2] for r in rows] == ["26-00001", "26-00001"]
    assert len({r[0] for r in rows}) == 2 and len({r[1] for r in rows}) == 2


def test_failed_pages_back_off(con):
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    failed = [{"paper_id": "t:/p/1", "url": "https://x/1", "error": "HTTP 500"}]
    waits = []
    for day in range(7):
        note_failures(con, failed, now + dt.timedelta(days=day))
        [(failures, last, nxt)] = con.execute(
            "SELECT failures, last_failed_at, next_attempt_at FROM page_retries"
        ).fetchall()
        waits.append((nxt - last).days)
    assert failures == 7 and waits == [1, 2, 4, 8, 16, 32, 32]


def test_an_old_warehouse_keeps_its_page_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE vorlagen (paper_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, "
        "volfdnr BIGINT, reference VARCHAR NOT NULL, subject VARCHAR NOT NULL, paper_type VARCHAR, "
        "status VARCHAR, lead_department VARCHAR, participating_departments VARCHAR[] NOT NULL, "
        "responsible VARCHAR, parent_reference VARCHAR, related_references VARCHAR[] NOT NULL, "
        "date DATE, web_url VARCHAR, introduction VARCHAR, page_sha256 VARCHAR NOT NULL, "
        "deleted_at TIMESTAMPTZ)"
    )
    old.execute(
        "INSERT INTO vorlagen VALUES ('t:/oparl/papers/1', 't', 1, '26-00001', 'Betreff 1', NULL, "
        "'öffentlich', NULL, [], NULL, NULL, [], NULL, NULL, NULL, 'sha1', NULL)"
    )
    old.close()
    con = connect(path)
    try:
        assert con.execute("SELECT status FROM page_vorlagen").fetchall() == [("öffentlich",)]
        build_model(con)
        assert con.execute("SELECT count(*) FROM vorlagen").fetchall() == [(0,)]  # no OParl yet
        load_objects(con, "t", [("Paper", paper(1))])
        assert con.execute("SELECT status FROM vorlagen").fetchall() == [("öffentlich",)]
    finally:
        con.close()


def test_question_texts_are_taken_from_the_same_body(con):
    """Two bodies both have an Anfrage 25-25641 and its answer 25-25641-01: each answer gets the
    questions of its own body's Anfrage."""
    from ratsinfo.state import extract_texts
    from ratsinfo.transform import ParsedBatch
    from sample_ris.seed import _ANSWER_TEXT, _QUESTION_TEXT

    vorlagen, sections = [], []
    for body, word in (("t:/b/1", "Welcome Center"), ("t:/b/2", "Begrüßungszentrum")):
        questions = "\n".join(_QUESTION_TEXT).replace("Welcome Center", word)
        for ref, text in (("25-25641", questions), ("25-25641-01", "\n".join(_ANSWER_TEXT))):
            pid = f"{body}/{ref}"
            parent = "25-25641" if ref.endswith("-01") else None
            vorlagen.append(
                page_rows(0, paper_id=pid, reference=ref, body_key=body, parent_reference=parent)
            )
            sections.append({"paper_id": pid, "reference": ref, "position": 1,
                             "title": "Sachverhalt", "text": text})  # fmt: skip
    extracted = extract_texts(con, ParsedBatch(vorlagen=vorlagen, sections=sections))
    answers = extracted.answers
    first = {a["paper_id"]: a["question_text"] for a in answers if a["question_label"] == "1"}
    assert "Welcome Center" in first["t:/b/1/25-25641-01"]
    assert "Begrüßungszentrum" in first["t:/b/2/25-25641-01"]


def test_a_paper_whose_page_was_staged_twice_is_one_vorlage(con):
    """page_vorlagen has no key index (a load replaces it by paper): should a load ever hold a
    paper's page twice, the model still makes one row of it."""
    con.execute(
        "INSERT INTO page_vorlagen BY NAME SELECT * FROM (VALUES ('t:/oparl/papers/1'), "
        "('t:/oparl/papers/1')) v(paper_id), (SELECT * EXCLUDE (paper_id) FROM "
        "(SELECT 't' AS source, 1 AS volfdnr, '26-00001' AS reference, 'Betreff 1' AS subject, "
        "[]::VARCHAR[] AS participating_departments, []::VARCHAR[] AS related_references, "
        "'sha1' AS page_sha256, NULL AS paper_id))"
    )
    load_objects(con, "t", [*ORGS, ("Paper", paper(1))])
    assert con.execute("SELECT paper_id, page_sha256 FROM vorlagen").fetchall() == [
        ("t:/oparl/papers/1", "sha1")
    ]


def _model(con) -> dict[str, list]:
    tables = ("vorlagen", "beratungsfolge", "source_disagreements")
    got = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    got["versions"] = con.execute(
        "SELECT paper_id, content_sha256, vorlage, beratungsfolge FROM vorlagen_versions "
        "WHERE valid_to IS NULL ORDER BY ALL"
    ).fetchall()
    return got


def test_statements_per_bucket_of_papers_build_what_one_bucket_builds(con, monkeypatch):
    from ratsinfo import model_tables

    replace_rows(con, "page_vorlagen", [page_rows(n) for n in (1, 2, 3)])
    replace_rows(
        con,
        "page_beratungsfolge",
        [folge(1, 1, "Bauausschuss"), folge(1, 2, "Rat"), folge(2, 1, "Schulausschuss")],
    )
    load_objects(con, "t", [*ORGS, *(("Paper", paper(n)) for n in range(1, 6))])
    assert model_tables.buckets(con) == 1
    one = _model(con)
    assert len(one["versions"]) == 5 and one["source_disagreements"]  # paper 2's committees

    monkeypatch.setattr(model_tables, "PAPERS_PER_BUCKET", 2)
    assert model_tables.buckets(con) == 3
    con.execute("DELETE FROM vorlagen_versions")
    build_model(con)
    assert _model(con) == one
    # the intermediate tables are gone: only what schema.sql creates is left
    left = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '_')"
    ).fetchall()
    assert left == []
