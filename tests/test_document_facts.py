"""Answers and money from documents (issue 12): the extractors on the documents' text, each row
linked to its paper and document; question texts from the question paper, its documents, or the
paper's own other file; budget tables' amounts with year and label; the precedence of page and
documents in the published answers and funding."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ratsinfo import document_facts
from ratsinfo.bodies import BodyStore
from ratsinfo.document_facts import read_document_facts
from ratsinfo.document_texts import extract_documents, link_documents
from ratsinfo.warehouse import connect, replace_rows
from tests.helpers import corpus_file, insert_rows, load_objects

BASE = "https://ris.example.org/oparl/v1"
STUTTGART = "realdocs/akramer-zibra__einblick-stuttgart/doc/examples"
ROEDERMARK = "realdocs/Paratron__roedermark-haushalt/frontend/static/pdfs"

ANFRAGE = """Anfrage der Fraktion Grüne Liste vom 03.02.2026

Radverkehr an der Mühlenstraße

Wir fragen die Verwaltung:

1. Wie viele Unfälle mit Radfahrenden gab es 2025 an der Mühlenstraße?
2. Wann wird der geplante Schutzstreifen markiert?
3. Welche Kosten entstehen der Stadt dafür?
"""

ANTWORT = """Stellungnahme der Verwaltung

Zu der Anfrage nimmt die Verwaltung wie folgt Stellung:

Zu 1.:
Im Jahr 2025 wurden an der Mühlenstraße vier Unfälle mit Radfahrenden polizeilich erfasst.

Zu 2.:
Die Markierung ist für das Frühjahr 2027 vorgesehen.

Zu 3.:
Für die Markierung sind Kosten in Höhe von 18.500 EUR veranschlagt.
"""


def _file(n: int, i: int, name: str, **more: object) -> dict:
    return {"id": f"{BASE}/files/{n}-{i}", "name": name, "mimeType": "application/pdf", **more}


def _paper(n: int, reference: str, kind: str, files: list[dict], **more: object):
    main, *aux = files
    obj = {
        "id": f"{BASE}/papers/{n}",
        "reference": reference,
        "name": f"{kind} {reference}",
        "paperType": kind,
        "date": "2026-02-03",
        "mainFile": main,
        **({"auxiliaryFile": aux} if aux else {}),
        **more,
    }
    return ("Paper", obj)


def _store_document(con: duckdb.DuckDBPyConnection, url: str, data: bytes) -> str:
    """A fetched document, as the documents fetch archives it (body in the store)."""
    sha = hashlib.sha256(data).hexdigest()
    BodyStore.beside(con).put(sha, data)
    now = dt.datetime.now(dt.UTC)
    replace_rows(
        con,
        "document_responses",
        [
            {"url": url, "sha256": sha, "kind": "document", "status": 200,
             "content_type": "application/pdf", "first_fetched_at": now, "last_fetched_at": now,
             "body_size": len(data)}
        ],
    )  # fmt: skip
    return sha


@pytest.fixture
def con(tmp_path: Path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def _answers(con, where: str = "true") -> list[tuple]:
    return con.execute(
        "SELECT reference, question_label, question_text, answer_text, source, document_id, "
        f"question_reference FROM answers WHERE {where} ORDER BY paper_id, position"
    ).fetchall()


def test_answer_document_of_a_follow_up_paper_takes_the_questions_of_the_anfrage(con) -> None:
    """25-0101-01 answers 25-0101 in a document only; the Anfrage's questions are in its own
    document (the server sends the text of both: OParl File.text, used instead of fetching)."""
    load_objects(
        con,
        "t",
        [
            _paper(1, "25-0101", "Anfrage", [_file(1, 0, "Anfrage", text=ANFRAGE)]),
            _paper(2, "25-0101-01", "Stellungnahme", [_file(2, 0, "Antwort", text=ANTWORT)]),
        ],
    )
    facts = read_document_facts(con)
    assert facts.server_texts == 2 and facts.answered_papers == 1
    rows = _answers(con)
    assert [(r[0], r[1], r[4], r[6]) for r in rows] == [
        ("25-0101-01", "1", "document", "25-0101"),
        ("25-0101-01", "2", "document", "25-0101"),
        ("25-0101-01", "3", "document", "25-0101"),
    ]
    assert rows[0][2] == "Wie viele Unfälle mit Radfahrenden gab es 2025 an der Mühlenstraße?"
    assert rows[1][3] == "Die Markierung ist für das Frühjahr 2027 vorgesehen."
    assert rows[0][5] == hashlib.sha256(ANTWORT.encode()).hexdigest()
    [(method, extractor)] = con.execute(
        "SELECT method, extractor FROM documents WHERE document_id = ?", [rows[0][5]]
    ).fetchall()
    assert (method, extractor) == ("server text", "OParl File.text")
    # the money in the answer: from the document, linked to it
    [(amount, source, document_id, page)] = con.execute(
        "SELECT amount, source, document_id, page FROM funding WHERE reference = '25-0101-01'"
    ).fetchall()
    assert (amount, source, document_id, page) == (Decimal("18500.00"), "document", rows[0][5], 1)
    # files with server text are not fetched
    from ratsinfo.fetch.documents import documents_to_fetch

    assert documents_to_fetch(con, "t", limit=10) == []


def test_antwort_attached_to_the_anfrage_paper_itself(con) -> None:
    """Other councils attach the answer as a second file of the Anfrage paper: the questions
    come from the paper's other document, under the same reference."""
    load_objects(
        con,
        "t",
        [
            _paper(
                1,
                "0815/2026",
                "Anfrage",
                [_file(1, 0, "Anfrage", text=ANFRAGE), _file(1, 1, "Antwort", text=ANTWORT)],
            )
        ],
    )
    read_document_facts(con)
    rows = _answers(con)
    assert [(r[0], r[1], r[6]) for r in rows] == [
        ("0815/2026", "1", "0815/2026"),
        ("0815/2026", "2", "0815/2026"),
        ("0815/2026", "3", "0815/2026"),
    ]
    assert rows[2][2] == "Welche Kosten entstehen der Stadt dafür?"
    # the Anfrage document gives no answers of its own
    assert {r[5] for r in rows} == {hashlib.sha256(ANTWORT.encode()).hexdigest()}


def test_page_answers_win_and_documents_are_not_added_up(con) -> None:
    """A paper whose page gave answers keeps them; a paper with two answering documents (the
    Stellungnahme and a Sammeldokument holding it) publishes the set of one, the larger."""
    short = ANTWORT.split("Zu 3.:")[0]
    load_objects(
        con,
        "t",
        [
            _paper(1, "25-0101", "Anfrage", [_file(1, 0, "Anfrage", text=ANFRAGE)]),
            _paper(
                2,
                "25-0101-01",
                "Stellungnahme",
                [_file(2, 0, "Stellungnahme", text=short), _file(2, 1, "Sammel", text=ANTWORT)],
            ),
            _paper(3, "25-0102-01", "Stellungnahme", [_file(3, 0, "Antwort", text=ANTWORT)]),
        ],
    )
    paper3 = f"{BASE}/papers/3"
    [(pid3,)] = con.execute(
        "SELECT paper_id FROM vorlagen WHERE reference = '25-0102-01'"
    ).fetchall()
    assert pid3.endswith(paper3.rsplit("/", 1)[1])
    insert_rows(
        con,
        "page_answers",
        [
            {"paper_id": pid3, "reference": "25-0102-01", "position": 1, "question_label": "1",
             "answer_text": "Die Antwort der Seite."}
        ],
    )  # fmt: skip
    read_document_facts(con)
    by_paper = {}
    for r in _answers(con):
        by_paper.setdefault(r[0], []).append(r)
    assert [r[1] for r in by_paper["25-0101-01"]] == ["1", "2", "3"]
    assert {r[5] for r in by_paper["25-0101-01"]} == {hashlib.sha256(ANTWORT.encode()).hexdigest()}
    assert [(r[1], r[3], r[4]) for r in by_paper["25-0102-01"]] == [
        ("1", "Die Antwort der Seite.", "page")
    ]


def test_reading_again_reads_only_what_is_new(con, monkeypatch) -> None:
    load_objects(
        con,
        "t",
        [
            _paper(1, "25-0101", "Anfrage", [_file(1, 0, "Anfrage", text=ANFRAGE)]),
            _paper(2, "25-0101-01", "Stellungnahme", [_file(2, 0, "Antwort", text=ANTWORT)]),
        ],
    )
    first = read_document_facts(con)
    assert first.pairs_read == 2 and first.documents_read == 2
    before = _answers(con)
    again = read_document_facts(con)
    assert (again.pairs_read, again.documents_read, again.server_texts) == (0, 0, 0)
    assert _answers(con) == before
    monkeypatch.setattr(document_facts, "VERSION", "test-next")  # a better extractor
    third = read_document_facts(con)
    assert third.pairs_read == 2 and third.documents_read == 2
    assert _answers(con) == before


def test_an_old_warehouse_keeps_its_answers_and_funding(tmp_path: Path) -> None:
    """Warehouses made before documents were read held the page's rows in answers and funding:
    they become page_answers and page_funding, and the published tables are built from them."""
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE answers (paper_id VARCHAR NOT NULL, reference VARCHAR NOT NULL, "
        "question_reference VARCHAR, position INTEGER NOT NULL, question_label VARCHAR NOT NULL, "
        "question_text VARCHAR, answer_text VARCHAR NOT NULL, asked_by VARCHAR, asked_on DATE, "
        "body_key VARCHAR, refers_to VARCHAR, PRIMARY KEY (paper_id, position))"
    )
    old.execute("INSERT INTO answers VALUES ('p1', 'R-1', NULL, 1, '1', 'F?', 'A.', NULL, NULL, "
                "NULL, NULL)")  # fmt: skip
    old.close()
    con = connect(path)
    try:
        assert con.execute("SELECT paper_id, answer_text FROM page_answers").fetchall() == [
            ("p1", "A.")
        ]
        assert "source" in [r[0] for r in con.execute("DESCRIBE answers").fetchall()]
    finally:
        con.close()


# --- real documents -------------------------------------------------------------------------


def test_stuttgart_answer_pdf_gets_the_questions_of_its_anfrage_through_the_warehouse(
    con,
) -> None:
    """The real pair: the Antwort PDF (fetched, read in a worker) of a paper linked to the
    Anfrage paper, whose text the server sends; the answers come with the Anfrage's questions."""
    from tests.test_answers import anfrage_text

    pdf = corpus_file(f"{STUTTGART}/Antwort-08EDD857F1F6754EC125825900381101.pdf")
    anfrage = anfrage_text(
        corpus_file(f"{STUTTGART}/Anfrage-9b61731cf7c22047c1258228002c020a.html")
    )
    url = "https://ris.example.org/docs/antwort-23-2018.pdf"
    load_objects(
        con,
        "t",
        [
            _paper(1, "23/2018", "Anfrage", [_file(1, 0, "Anfrage", text=anfrage)]),
            _paper(
                2,
                "23/2018 Beantwortung",
                "Beantwortung",
                [_file(2, 0, "Antwort", accessUrl=url)],
                relatedPaper=[f"{BASE}/papers/1"],
            ),
        ],
    )
    sha = _store_document(con, url, pdf.read_bytes())
    read = extract_documents(con)
    link_documents(con)
    assert read.with_text == 1
    read_document_facts(con)
    rows = _answers(con, "source = 'document'")
    assert [(r[1], r[5], r[6]) for r in rows] == [
        ("1 bis 3", sha, "23/2018"),
        ("4", sha, "23/2018"),
    ]
    assert rows[0][2].startswith("In welchem Umfang werden die Behinderungen für Fußgänger")
    assert rows[1][2].startswith("Bis zu welchem Zeitpunkt wird der Umbau der S-Bahnhaltestelle")
    assert rows[1][3].startswith("Der Umbau der Stadtbahnhaltestelle Staatsgalerie")


def test_roedermark_budget_pdf_gives_its_amounts_with_year_and_label(con) -> None:
    """The Gesamtabschluss's tables, read in the PDF worker, published in funding: one row per
    (row, year), with the row's label, the column's year and basis, the page."""
    pdf = corpus_file(f"{ROEDERMARK}/gesamtabschluss_2022.pdf")
    url = "https://ris.example.org/docs/gesamtabschluss-2022.pdf"
    load_objects(
        con, "t", [_paper(1, "HH/2022/1", "Mitteilung", [_file(1, 0, "Abschluss", accessUrl=url)])]
    )
    sha = _store_document(con, url, pdf.read_bytes())
    read = extract_documents(con)
    link_documents(con)
    assert read.table_amounts == 1025
    facts = read_document_facts(con)
    rows = con.execute(
        "SELECT amount, year, label, basis, page, document_id, text FROM funding "
        "WHERE source = 'table' AND label = 'Summe ordentliche Erträge' AND page = 6 "
        "ORDER BY year"
    ).fetchall()
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows] == [
        (Decimal("-74366536.40"), 2021, "actual", 6, sha),
        (Decimal("-80332545.87"), 2022, "actual", 6, sha),
    ]
    assert rows[1][6] == (
        "1.2 Gesamtergebnisrechnung | 100 Summe ordentliche Erträge | ERGEBNIS 2022: -80.332.545,87"
    )
    # no zero cells, and the tables' figures are not read again as prose amounts
    assert con.execute("SELECT count(*) FROM funding WHERE amount = 0").fetchone() == (0,)
    tabled = {r[0] for r in con.execute("SELECT amount FROM document_amounts").fetchall()}
    prose = {r[0] for r in con.execute(
        "SELECT amount FROM funding WHERE source = 'document'").fetchall()}  # fmt: skip
    assert not prose & tabled
    assert (
        facts.table_amounts
        == con.execute("SELECT count(*) FROM funding WHERE source = 'table'").fetchone()[0]
    )


def test_an_answer_read_before_its_anfrage_came_is_read_again(con) -> None:
    """The nightly run loads the Stellungnahme first; its Anfrage comes a night later: the
    answers get their question texts then, and nothing else is read again."""
    answer = _paper(2, "25-0101-01", "Stellungnahme", [_file(2, 0, "Antwort", text=ANTWORT)])
    load_objects(con, "t", [answer])
    read_document_facts(con)
    assert [(r[1], r[2], r[6]) for r in _answers(con)] == [
        ("1", None, "25-0101"), ("2", None, "25-0101"), ("3", None, "25-0101")
    ]  # fmt: skip
    assert read_document_facts(con).pairs_read == 0
    load_objects(
        con, "t", [_paper(1, "25-0101", "Anfrage", [_file(1, 0, "Anfrage", text=ANFRAGE)]), answer]
    )
    again = read_document_facts(con)
    assert again.pairs_read == 2  # the Anfrage's own document, and the answer once more
    assert [r[2] for r in _answers(con)][1] == "Wann wird der geplante Schutzstreifen markiert?"
    assert read_document_facts(con).pairs_read == 0
