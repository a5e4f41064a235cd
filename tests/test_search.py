"""Full-text search (ratsinfo.search, `ratsinfo search`): German stemming, ranking, filters,
results per paper, snippets, deleted papers, rebuild only on change, the command line, and the
seed paper of the sample pipeline. The texts below are our own, in the shapes of the tables."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ratsinfo import search as search_module
from ratsinfo.cli import main
from ratsinfo.search import (
    Filters,
    SearchError,
    has_index,
    load_fts,
    make_snippet,
    search,
    update_search_index,
)
from ratsinfo.warehouse import connect
from tests.helpers import insert_rows

NORD, SUED = "nordheim:/oparl/body/1", "suedstadt:/oparl/body/1"
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)

# a long report: the words searched for come late, far from its start
REPORT = " ".join(
    [
        "Jahresbericht 2024.",
        *(
            f"Im Quartal {q} fanden Sprechstunden in den Stadtteilbüros statt, die Auslastung "
            "lag über dem Vorjahr, und die Terminvergabe erfolgte überwiegend telefonisch."
            for q in range(1, 9)
        ),
        "Das Welcome Center führte im Berichtsjahr 412 Beratungsgespräche mit zugewanderten",
        "Fachkräften; die häufigsten Fragen betrafen die Anerkennung von Berufsabschlüssen.",
        "Im Sommer ruhte die Beratung für zwei Wochen.",
        *("Die Zahlen für das Folgejahr werden im nächsten Bericht vorgelegt." for _ in range(6)),
    ]
)

PAPERS = [
    # paper_id, reference, subject, paper_type, date, body, committees, sections
    ("n:1", "24-001", "Sanierung der Grundschule am Lindenweg", "Beschlussvorlage",
     "2024-02-10", NORD, ["Schulausschuss", "Rat der Stadt Nordheim"],
     [("Sachverhalt", "Die Grundschule am Lindenweg wurde 1968 errichtet. Dach, Fenster und "
       "Heizung sind sanierungsbedürftig. Die Verwaltung schlägt vor, die Sanierung der "
       "Grundschule in zwei Bauabschnitten durchzuführen."),
      ("Beschlussvorschlag", "Der Rat beschließt die Sanierung der Grundschule am Lindenweg.")]),
    ("n:2", "24-002", "Anfrage zu Radwegen in den Ortsteilen", "Anfrage", "2024-06-03", NORD,
     ["Ausschuss für Mobilität und Verkehr"],
     [("Anfrage", "Wie viele Kilometer Radweg wurden in den Städten der Region im Jahr 2023 "
       "gebaut? Welche Radwege in Nordheim sind in schlechtem Zustand?")]),
    ("n:3", "24-003", "Städtepartnerschaft mit Kórnik", "Mitteilung", "2024-09-12", NORD,
     ["Ausschuss für Kultur"],
     [("Sachverhalt", "Die Stadt Nordheim pflegt seit 1992 Partnerschaften mit Kórnik in Polen. "
       "Im Sommer besuchte eine Delegation des Rates die Partnerstadt.")]),
    ("n:4", "24-004", "Welcome Center und Kita-Plätze (zurückgezogen)", "Antrag", "2024-10-01",
     NORD, ["Rat der Stadt Nordheim"],
     [("Begründung", "Das Welcome Center soll Familien bei der Suche nach Kita-Plätzen helfen.")]),
    ("n:6", "24-002-01", "Stellungnahme zur Anfrage zu Radwegen", "Stellungnahme", "2024-07-01",
     NORD, ["Ausschuss für Mobilität und Verkehr"],
     [("Sachverhalt", "Zu Frage 1: Die Verwaltung verweist auf die Übersicht in der Anlage.")]),
    ("n:7", "24-007", "Haushaltsplan 2025", "Beschlussvorlage", "2024-11-20", NORD,
     ["Finanzausschuss", "Rat der Stadt Nordheim"],
     [("Sachverhalt", "Der Entwurf des Haushaltsplans 2025 sieht Investitionen in Höhe von 38 "
       "Millionen Euro vor. Schwerpunkte sind der Neubau der Feuerwache Nord, die Erweiterung "
       "des Bauhofs, neue Busse für den Stadtverkehr, die Digitalisierung der Verwaltung, "
       "Zuschüsse an Sportvereine, die Pflege der Grünanlagen, die Erneuerung der "
       "Straßenbeleuchtung und die Sanierung der Grundschule am Lindenweg. Die Kreditaufnahme "
       "steigt gegenüber dem Vorjahr um vier Millionen Euro.")]),
    ("s:1", "2025/017", "Betrieb des Welcome Centers für Fachkräfte", "Beschlussvorlage",
     "2025-03-20", SUED, ["Ausschuss für Wirtschaft und Digitales"],
     [("Sachverhalt", "Das Welcome Center berät zugewanderte Fachkräfte und ihre Familien zu "
       "Anerkennung, Wohnung und Kita-Platz. Die Stadt beteiligt sich mit jährlich 25.000 Euro.")]),
    ("s:2", "2025/018", "Jahresbericht der Beratungsstelle", "Mitteilung außerhalb von Sitzungen",
     "2025-05-02", SUED, ["Ausschuss für Soziales"], []),
]  # fmt: skip

DOCUMENTS = [
    # document_id, text, [(file_id, paper_id, name)]
    ("d-rad", "Anlage: Übersicht der Radverkehrsanlagen. Im Jahr 2023 wurden 3,4 Kilometer "
     "Radfahrstreifen markiert. Der Radschnellweg nach Südstadt ist in Planung.",
     [("f1", "n:2", "Anlage 1 Übersicht Radverkehr"), ("f2", "n:6", "Anlage Radverkehr")]),
    ("d-report", REPORT, [("f3", "s:2", "Jahresbericht 2024")]),
    ("d-scan", "", [("f4", "n:3", "Anlage Scan")]),
    ("d-deleted", "Das Welcome Center im Entwurf des zurückgezogenen Antrags.",
     [("f5", "n:4", "Entwurf")]),
]  # fmt: skip


def fill(con: duckdb.DuckDBPyConnection) -> None:
    insert_rows(
        con,
        "bodies",
        [
            {"body_key": NORD, "source": "nordheim", "oparl_id": "x", "name": "Stadt Nordheim",
             "short_name": "Nordheim"},
            {"body_key": SUED, "source": "suedstadt", "oparl_id": "y", "name": "Stadt Südstadt",
             "short_name": "Südstadt"},
        ],
    )  # fmt: skip
    vorlagen, beratung, sections = [], [], []
    for pid, ref, subject, kind, date, body, committees, texts in PAPERS:
        vorlagen.append(
            {"paper_id": pid, "source": body.split(":")[0], "reference": ref, "subject": subject,
             "paper_type": kind, "date": dt.date.fromisoformat(date), "body_key": body,
             "participating_departments": [], "related_references": [],
             "deleted_at": NOW if pid == "n:4" else None}
        )  # fmt: skip
        for i, committee in enumerate(committees, 1):
            beratung.append(
                {"paper_id": pid, "reference": ref, "position": i, "meeting_position": 0,
                 "committee": committee, "body_key": body}
            )  # fmt: skip
        for i, (title, text) in enumerate(texts, 1):
            sections.append(
                {"paper_id": pid, "reference": ref, "position": i, "title": title, "text": text,
                 "body_key": body}
            )  # fmt: skip
    insert_rows(con, "vorlagen", vorlagen)
    insert_rows(con, "beratungsfolge", beratung)
    insert_rows(con, "sections", sections)
    documents, files = [], []
    for document_id, text, named in DOCUMENTS:
        documents.append(
            {"document_id": document_id, "bytes": 1000, "method": "text layer" if text else "none",
             "chars": len(text), "text": text or None, "extracted_at": NOW}
        )  # fmt: skip
        for file_id, pid, name in named:
            files.append(
                {"file_id": file_id, "source": "t", "paper_id": pid, "name": name,
                 "document_id": document_id}
            )  # fmt: skip
    insert_rows(con, "documents", documents)
    insert_rows(con, "files", files)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the texts above and its search index (read it, never write it)."""
    path = tmp_path_factory.mktemp("search") / "w.duckdb"
    con = connect(path)
    fill(con)
    update_search_index(con)
    con.close()
    return path


@pytest.fixture
def con(warehouse):
    c = connect(warehouse, read_only=True)
    load_fts(c)
    yield c
    c.close()


@pytest.fixture
def writable(warehouse, tmp_path):
    """A copy of the warehouse to change."""
    path = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, path)
    c = connect(path)
    yield c
    c.close()


def refs(hits):
    return [h.reference for h in hits]


# -- stemming, ranking, results per paper ----------------------------------------------------------


def test_german_stemming_finds_inflected_forms(con):
    # "Städten" (n:2), "Stadt" (n:3, s:1); "Stadtverkehr" (n:7) and "Städtepartnerschaft" are
    # words of their own (no splitting of compounds): n:3 is found by "Stadt" in its text
    assert set(refs(search(con, "Städte"))) == {"24-002", "24-003", "2025/017"}
    assert "24-002" in refs(search(con, "Radweg"))  # Radwegen, Radwege
    assert refs(search(con, "Partnerschaft")) == ["24-003"]  # Partnerschaften
    assert refs(search(con, "straßenbeleuchtung")) == ["24-007"]  # ß kept in the word
    assert refs(search(con, "Kornik")) == ["24-003"]  # accents stripped: Kórnik


def test_every_word_must_occur_in_the_paper_not_in_one_text(con):
    # "Fachkräfte" is in the subject, "Anerkennung" only in the section
    assert refs(search(con, "Fachkräfte Anerkennung"))[0] == "2025/017"
    assert refs(search(con, "Grundschule Feuerwache")) == refs(search(con, "Feuerwache"))
    assert search(con, "Grundschule Xylophon") == []


def test_stop_words_are_not_searched(con):
    assert refs(search(con, "die Sanierung der Grundschule")) == refs(
        search(con, "Sanierung Grundschule")
    )
    assert search(con, "und die der") == []


def test_ranking_puts_the_paper_about_it_first(con):
    hits = search(con, "Sanierung Grundschule")
    assert refs(hits) == ["24-001", "24-007"]  # the budget names it once among much else
    assert hits[0].score > hits[1].score
    assert [h.rank for h in hits] == [1, 2]


def test_the_scores_are_match_bm25s(con):
    """The macro computes BM25 for all texts at once; each text scores what the fts extension's
    own match_bm25 gives it, and a paper what its best text scores."""
    for query in ("Sanierung der Grundschule", "Welcome Center", "Städte"):
        hits = search(con, query, snippets=False)
        assert hits
        for hit in hits:
            [(best,)] = con.execute(
                "SELECT max(fts_main_search_texts.match_bm25(text_id, ?)) "
                "FROM fts_main_search_texts.doc_papers WHERE paper_id = ?",
                [query, hit.paper_id],
            ).fetchall()
            assert hit.score == pytest.approx(best)


def test_a_paper_appears_once_with_where_it_hit(con):
    hits = search(con, "Welcome Center")
    assert refs(hits) == sorted(refs(hits), key=refs(hits).index)
    assert len(refs(hits)) == len(set(refs(hits)))
    by_ref = {h.reference: h for h in hits}
    assert set(by_ref) == {"2025/017", "2025/018"}
    assert by_ref["2025/017"].texts_hit == 2  # its subject and its page
    assert by_ref["2025/018"].hit_kind == "document"
    assert by_ref["2025/018"].where == "document: Jahresbericht 2024"


def test_a_document_shared_by_two_papers_yields_both(con):
    hits = search(con, "Radschnellweg")
    assert sorted(refs(hits)) == ["24-002", "24-002-01"]
    assert {h.text_id for h in hits} == {"document:d-rad"}
    assert {h.hit_title for h in hits} == {"Anlage 1 Übersicht Radverkehr | Anlage Radverkehr"}


def test_deleted_papers_and_their_documents_are_absent(con):
    assert "24-004" not in refs(search(con, "Welcome Center"))
    assert search(con, "zurückgezogen") == []  # its subject and its only document
    texts = con.execute("SELECT text_id, paper_id FROM fts_main_search_texts.doc_papers").fetchall()
    assert len(texts) == 17  # 7 subjects, 7 sections, 2 documents (one for two papers)
    assert not [t for t in texts if "n:4" in t or "d-deleted" in t[0] or "d-scan" in t[0]]


# -- filters ---------------------------------------------------------------------------------------


def test_filter_by_body_key_source_or_name(con):
    everywhere = set(refs(search(con, "Stadt")))
    assert {"24-003", "2025/017"} <= everywhere
    for body in ("suedstadt", SUED, "Südstadt", "stadt südstadt"):
        assert set(refs(search(con, "Stadt", Filters(body=body)))) == {"2025/017"}, body
    assert "2025/017" not in refs(search(con, "Stadt", Filters(body="Nordheim")))


def test_filter_by_date(con):
    hits = search(con, "Welcome Center", Filters(date_from=dt.date(2025, 4, 1)))
    assert refs(hits) == ["2025/018"]
    hits = search(con, "Radweg", Filters(date_to=dt.date(2024, 6, 30)))
    assert refs(hits) == ["24-002"]
    window = Filters(date_from=dt.date(2024, 6, 3), date_to=dt.date(2024, 6, 3))
    assert refs(search(con, "Radschnellweg", window)) == ["24-002"]


def test_filter_by_paper_type(con):
    assert refs(search(con, "Radschnellweg", Filters(paper_type="stellungnahme"))) == ["24-002-01"]
    # from the start of the type: "Mitteilung" takes "Mitteilung außerhalb von Sitzungen" too
    assert set(refs(search(con, "Sommer"))) == {"24-003", "2025/018"}
    assert set(refs(search(con, "Sommer", Filters(paper_type="Mitteilung")))) == {
        "24-003",
        "2025/018",
    }
    assert refs(search(con, "Sommer", Filters(paper_type="Mitteilung außerhalb"))) == ["2025/018"]
    assert search(con, "Sommer", Filters(paper_type="Antrag")) == []


def test_filter_by_committee(con):
    assert refs(search(con, "Welcome Center", Filters(committee="wirtschaft"))) == ["2025/017"]
    hits = search(con, "Radschnellweg", Filters(committee="Mobilität und Verkehr"))
    assert sorted(refs(hits)) == ["24-002", "24-002-01"]
    assert search(con, "Welcome Center", Filters(committee="Schulausschuss")) == []


def test_the_sql_macro(con):
    rows = con.execute(
        "SELECT reference, hit_kind FROM search('Welcome Center', body := 'suedstadt', "
        "date_from := '2025-04-01') ORDER BY rank"
    ).fetchall()
    assert rows == [("2025/018", "document")]
    [(count,)] = con.execute("SELECT count(*) FROM search('Städte')").fetchall()
    assert count == 3


# -- snippets --------------------------------------------------------------------------------------


def test_snippets_mark_the_matching_words(con):
    [hit] = search(con, "Welcome Center", Filters(body="suedstadt", paper_type="Mitteilung"))
    assert "«Welcome» «Center»" in hit.snippet
    assert hit.snippet.startswith("… ")  # the report's start is far away
    assert len(hit.snippet.split()) <= 32
    [hit] = search(con, "Partnerschaft")
    assert "«Partnerschaften»" in hit.snippet
    hits = search(con, "Städte", Filters(body="Nordheim", paper_type="Anfrage"))
    assert "«Städten»" in hits[0].snippet


def test_snippet_window_prefers_all_terms():
    words = [*"abc", "alpha", *"defghijklmno", "beta", *"pqrst", "alpha", "beta", *"uvw"]
    stems = {"alpha": {"alpha"}, "beta": {"beta"}}
    snippet = make_snippet(words, stems, {"alpha", "beta"}, width=6)
    assert "«alpha» «beta»" in snippet and snippet.startswith("… ")
    assert make_snippet(["x", "y"], {}, {"z"}) == "x y"
    assert make_snippet(list("abcdefgh"), {}, {"z"}, width=3) == "a b c …"


def test_punctuation_stays_outside_the_marks():
    assert make_snippet(["(Welcome-Center),"], {"(Welcome-Center),": {"welcom"}}, {"welcom"}) == (
        "(«Welcome-Center»),"
    )


# -- keeping the index current ---------------------------------------------------------------------


def test_updated_when_texts_change_else_skipped(writable):
    again = update_search_index(writable)
    assert not again.changed and "unchanged" in again.summary
    insert_rows(
        writable,
        "sections",
        [{"paper_id": "n:3", "reference": "24-003", "position": 2, "title": "Nachtrag",
          "text": "Der Besuch der Bürgermeisterin aus Kórnik ist für Mai geplant.",
          "body_key": NORD}],
    )  # fmt: skip
    update = update_search_index(writable)  # one text of many: updated in place
    assert update.how == "updated" and (update.added, update.removed) == (1, 0)
    assert "updated" in update.summary and "1 texts in, 0 out" in update.summary
    assert update.state.texts == again.state.texts + 1
    assert refs(search(writable, "Bürgermeisterin")) == ["24-003"]
    assert not update_search_index(writable).changed


def test_a_paper_deleted_later_leaves_the_index(writable):
    assert "24-003" in refs(search(writable, "Partnerschaft"))
    writable.execute("UPDATE vorlagen SET deleted_at = now() WHERE paper_id = 'n:3'")
    assert update_search_index(writable).changed
    assert search(writable, "Partnerschaft") == []


def test_a_document_read_again_is_indexed_again(writable):
    writable.execute(
        "UPDATE documents SET text = 'Der Radschnellweg ist gebaut.', chars = 29, "
        "extracted_at = extracted_at + INTERVAL 1 DAY WHERE document_id = 'd-rad'"
    )
    assert update_search_index(writable).changed
    [hit, _] = search(writable, "gebaut Radschnellweg")
    assert "«gebaut.»" not in hit.snippet and "«gebaut»." in hit.snippet


def index_content(con) -> dict:
    """What the index says, without its numbering of texts and words (which BM25 ignores)."""
    x = "fts_main_search_texts"
    return {
        "docs": sorted(con.execute(f"SELECT name, len FROM {x}.docs").fetchall()),
        "dict": sorted(con.execute(f"SELECT term, df FROM {x}.dict").fetchall()),
        "stats": con.execute(f"SELECT num_docs, avgdl FROM {x}.stats").fetchall(),
        "terms": sorted(con.execute(
            f"SELECT d.name, t.fieldid, w.term, count(*) FROM {x}.terms t "
            f"JOIN {x}.docs d USING (docid) JOIN {x}.dict w USING (termid) GROUP BY ALL"
        ).fetchall()),
        "postings": sorted(con.execute(
            f"SELECT d.name, w.term, p.tf, p.len FROM {x}.term_postings p "
            f"JOIN {x}.docs d USING (docid) JOIN {x}.dict w USING (termid)"
        ).fetchall()),
        "papers": sorted(con.execute(
            f"SELECT d.name, p.paper_id, p.kind, p.title, p.position, p.document_id "
            f"FROM {x}.doc_papers p JOIN {x}.docs d USING (docid)"
        ).fetchall(), key=repr),
        "hashes": sorted(con.execute(
            f"SELECT d.name, h.text_id, h.h FROM {x}.doc_hashes h JOIN {x}.docs d USING (docid)"
        ).fetchall()),
    }  # fmt: skip


def test_an_update_in_place_equals_a_rebuild(writable, monkeypatch):
    """Texts added, changed, and gone (a deleted paper, a document read again) in one update:
    the index updated in place says what a rebuild of the same texts says, word for word, and
    the search ranks and scores alike."""
    monkeypatch.setattr(search_module, "UPDATE_SHARE", 1.0)  # a third of this small index
    insert_rows(
        writable,
        "sections",
        [{"paper_id": "n:7", "reference": "24-007", "position": 2, "title": "Nachtrag",
          "text": "Die Feuerwache Nord wird später gebaut; der Radschnellweg früher.",
          "body_key": NORD}],
    )  # fmt: skip
    writable.execute("UPDATE vorlagen SET deleted_at = now() WHERE paper_id = 'n:1'")
    writable.execute(
        "UPDATE sections SET text = text || ' Die Delegation kam mit dem Radschnellweg.' "
        "WHERE paper_id = 'n:3'"
    )
    writable.execute(
        "UPDATE documents SET text = 'Der Radschnellweg ist gebaut.', chars = 29, "
        "extracted_at = extracted_at + INTERVAL 1 DAY WHERE document_id = 'd-rad'"
    )
    queries = ["Radschnellweg", "Feuerwache gebaut", "Welcome Center", "Grundschule", "Städte"]
    update = update_search_index(writable)
    assert update.how == "updated" and update.added >= 3 and update.removed >= 3
    updated = index_content(writable)
    found = {q: [(h.paper_id, round(h.score, 9)) for h in search(writable, q)] for q in queries}
    assert any(found.values())
    rebuild = update_search_index(writable, force=True)
    assert rebuild.rebuilt and rebuild.state.texts == update.state.texts
    assert index_content(writable) == updated
    assert {q: [(h.paper_id, round(h.score, 9)) for h in search(writable, q)] for q in queries} == (
        found
    )


def test_many_texts_changed_rebuild_the_index(writable, monkeypatch):
    """Beyond UPDATE_SHARE of the texts changed, the index is rebuilt whole."""
    monkeypatch.setattr(search_module, "UPDATE_SHARE", 0.0)
    writable.execute("UPDATE vorlagen SET deleted_at = now() WHERE paper_id = 'n:1'")
    update = update_search_index(writable)
    assert update.rebuilt and "rebuilt" in update.summary and update.added == 0


def test_force_rebuilds_and_state_is_recorded(writable):
    update = update_search_index(writable, force=True)
    assert update.rebuilt
    [(texts, papers, seconds)] = writable.execute(
        "SELECT texts, papers, seconds FROM search_index_state"
    ).fetchall()
    assert (texts, papers) == (update.state.texts, 7)
    assert seconds >= 0 and update.state.terms > 50 and update.state.postings > update.state.terms


def test_a_failed_rebuild_leaves_the_previous_index(writable, monkeypatch):
    before = refs(search(writable, "Radschnellweg"))
    query = search_module._query
    monkeypatch.setattr(
        search_module,
        "_query",
        lambda name: "SELECT broken(" if name == "search_macro" else query(name),
    )
    with pytest.raises(duckdb.Error):
        update_search_index(writable, force=True)
    monkeypatch.undo()
    assert refs(search(writable, "Radschnellweg")) == before
    assert not update_search_index(writable).changed  # the state is the previous build's


def test_a_warehouse_without_index(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    try:
        assert not has_index(c)
        with pytest.raises(SearchError, match="no search index"):
            search(c, "Stadt")
        update = update_search_index(c)  # nothing to index: an empty index, no error
        assert update.rebuilt and update.state.texts == 0
        assert search(c, "Stadt") == []
    finally:
        c.close()


def test_the_extension_missing_names_both_attempts(tmp_path, monkeypatch):
    broken = tmp_path / "fts.duckdb_extension"
    broken.write_bytes(b"not an extension")
    from ratsinfo import extensions

    monkeypatch.setattr(extensions, "binary", lambda name: broken)
    c = duckdb.connect()
    try:  # no extension installed, and none fetched from the internet
        c.execute(f"SET extension_directory = '{tmp_path / 'none'}'")
        c.execute("SET autoinstall_known_extensions = false")
        with pytest.raises(SearchError) as e:
            load_fts(c)
    finally:
        c.close()
    assert str(broken) in str(e.value) and "LOAD fts" in str(e.value)
    assert "duckdb-extension-fts" in str(e.value)


# -- the command line ------------------------------------------------------------------------------


def cli(capsys, *argv):
    code = main(["search", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_prints_readable_hits(warehouse, capsys):
    code, out, _ = cli(capsys, "Welcome", "Center", "--warehouse", str(warehouse))
    assert code == 0
    assert " 1.  2025/01" in out and "Südstadt" in out and "«Welcome» «Center»" in out
    assert "[document: Jahresbericht 2024]" in out or "[subject" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_cli_filters_and_limit(warehouse, capsys):
    argv = ["Radschnellweg", "--warehouse", str(warehouse), "--json"]
    code, out, _ = cli(capsys, *argv, "--type", "Anfrage", "--from", "2024-01-01")
    assert code == 0 and [json.loads(x)["reference"] for x in out.splitlines()] == ["24-002"]
    code, out, _ = cli(capsys, *argv, "--committee", "verkehr", "--limit", "1")
    assert code == 0 and len(out.splitlines()) == 1
    code, out, _ = cli(capsys, *argv, "--body", "suedstadt", "--to", "2025-12-31")
    assert code == 0 and out == ""


def test_cli_json_lines(warehouse, capsys):
    code, out, _ = cli(capsys, "Städte", "--json", "--warehouse", str(warehouse))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["rank"] for r in records] == [1, 2, 3]
    assert records[0].keys() >= {
        "paper_id", "reference", "date", "body", "paper_type", "subject", "score", "hit", "snippet",
    }  # fmt: skip
    assert all("«" in r["snippet"] for r in records)


def test_cli_no_hits_is_no_error(warehouse, capsys):
    code, out, _ = cli(capsys, "Xylophonorchester", "--warehouse", str(warehouse))
    assert (code, out) == (0, 'No paper matches "Xylophonorchester".\n')


def test_cli_without_index_says_how_to_build_it(tmp_path, capsys):
    connect(tmp_path / "w.duckdb").close()
    code, out, err = cli(capsys, "Stadt", "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 1 and out == ""
    assert "no search index" in err and "ratsinfo search --reindex" in err
    code, out, err = cli(capsys, "Stadt", "--warehouse", str(tmp_path / "w.duckdb"), "--reindex")
    assert code == 0 and "rebuilt" in err and "No paper matches" in out


def test_cli_bad_input(tmp_path, capsys):
    assert cli(capsys, "Stadt", "--warehouse", str(tmp_path / "none.duckdb"))[0] == 1
    code, _, err = cli(capsys, "Stadt", "--from", "1.1.2024")
    assert code == 2 and "1.1.2024" in err
    assert cli(capsys, "--warehouse", str(tmp_path / "none.duckdb"))[0] == 2


def test_cli_while_another_process_writes(warehouse, tmp_path, capsys):
    path = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb, sys; c = duckdb.connect({str(path)!r}); print('open', flush=True); "
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        code, _, err = cli(capsys, "Stadt", "--warehouse", str(path))
    finally:
        holder.communicate("")
    assert code == 1 and "search when it has finished" in err


# -- the sample pipeline ---------------------------------------------------------------------------


def test_the_seed_papers_are_found_after_a_run(sample_pipeline, capsys):
    root, result = sample_pipeline
    [event] = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key and e.asset_key.to_user_string() == "search_index"
    ]
    meta = event.materialization.metadata
    assert meta["rebuilt"].value is True and meta["texts"].value > 100
    code, out, _ = cli(capsys, "Welcome Center", "--json", "--warehouse", str(root / "w.duckdb"))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert {"25-25641-01", "25-25641"} <= {r["reference"] for r in records[:3]}
    kinds = {r["hit"]["kind"] for r in records if r["reference"] == "25-25641-01"}
    assert kinds and all("«Welcome" in r["snippet"] for r in records[:2])


# -- the documentation -----------------------------------------------------------------------------


def test_the_sql_examples_of_the_docs_run(con):
    docs = Path(__file__).resolve().parents[1] / "docs" / "search.md"
    blocks = re.findall(r"```sql\n(.*?)```", docs.read_text(encoding="utf-8"), re.S)
    statements = [s for b in blocks for s in b.split(";") if s.strip()]
    assert len(statements) >= 6
    for statement in statements:
        con.execute(statement).fetchall()
    rows = con.execute(statements[2]).fetchall()  # papers per year for "Welcome Center"
    assert rows == [(2025, 2)]
