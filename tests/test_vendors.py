"""Vendors: detected from their System objects, each quirk replayed on a real captured response
(../shared/corpus), and every vendor's objects loaded into the OParl model tables."""

from __future__ import annotations

import importlib
import json

import pytest

from ratsinfo.oparl.client import has_placeholder_stamps
from ratsinfo.vendors import allris4, allris_classic, detect, generic, sessionnet, sternberg
from ratsinfo.warehouse import connect
from tests.helpers import CORPUS, corpus_file, load_objects

MST = "meine-stadt-transparent/testdata"
VENDORS = (allris4, allris_classic, sternberg, sessionnet, generic)


def _json(path: str):
    return json.loads(corpus_file(path).read_text(encoding="utf-8"))


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def test_every_quirk_names_a_test_that_exists():
    for module in VENDORS:
        for quirk in module.VENDOR.quirks:
            file, _, name = quirk.test.partition("::")
            test_module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
            assert callable(getattr(test_module, name, None)), (module.VENDOR.key, quirk)


def test_the_29_real_systems_are_detected():
    systems = sorted((CORPUS / MST / "systems").glob("*.json"))
    if not systems:
        pytest.skip(f"corpus not found: {CORPUS / MST / 'systems'}")
    found = {f.stem: detect(json.loads(f.read_text(encoding="utf-8"))).key for f in systems}
    classic = {"Landkreis Märkisch-Oderland", "Stadt Erkelenz", "Stadt Leipzig"}
    assert {k for k, v in found.items() if v == "allris-classic"} == classic
    assert {k for k, v in found.items() if v != "allris-classic"} == set(found) - classic
    assert set(found.values()) == {"allris-classic", "sternberg"}
    assert len(found) == 29


def test_classic_allris_systems_are_detected():
    leipzig = _json(f"{MST}/systems/Stadt Leipzig.json")
    assert detect(leipzig) is allris_classic.VENDOR
    assert allris_classic.VENDOR.reads_page("https://ratsinfo.leipzig.de/bi/vo020.asp?VOLFDNR=1")
    assert not allris_classic.VENDOR.reads_page("https://x.de/public/vo020?VOLFDNR=1")


def test_sessionnet_system_is_detected():
    wuppertal = _json(f"{MST}/oparl-missing/system.json")
    vendor = detect(wuppertal)
    assert vendor is sessionnet.VENDOR and vendor.page_parser is None
    assert wuppertal["license"] == "Stadt Wuppertal"  # a name, not a licence


def test_sternberg_reads_no_pages():
    system = _json("oparl-validator-rs-huertgenwald/system.json")
    vendor = detect(system)
    assert vendor is sternberg.VENDOR
    paper = _json("oparl-validator-rs-huertgenwald/body/1/paper.json")["data"][0]
    assert paper["web"] and not vendor.reads_page(paper["web"])


def test_allris4_is_detected_from_the_system_or_a_paper_page():
    assert detect({"vendor": "https://www.cc-egov.de/", "id": "https://x.de/oparl/system"}).key == (
        "allris4"
    )
    peine = _json("ratslotse/tests/fixtures/cities/peine_papers.json")[0]
    assert detect(None, peine["web"]) is allris4.VENDOR  # the System says nothing
    assert detect({}) is generic.VENDOR


def test_braunschweig_papers_have_placeholder_stamps():
    papers = _json("ratslotse/tests/fixtures/cities/braunschweig_papers.json")
    assert all(has_placeholder_stamps(p) for p in papers)
    assert all(allris4.VENDOR.reads_page(p["web"]) for p in papers)


def test_braunschweig_consultations_name_no_meeting(con):
    papers = _json("ratslotse/tests/fixtures/cities/braunschweig_papers.json")
    assert all("meeting" not in c for p in papers for c in p.get("consultation", []))
    load_objects(con, "bs", [("Paper", p) for p in papers])
    rows = con.execute(
        "SELECT meeting_position, role, authoritative, organization_id, date FROM beratungsfolge"
    ).fetchall()
    expected = sum(len(p.get("consultation", [])) for p in papers)
    assert len(rows) == expected > 0
    assert all(mp == 0 and date is None and org for mp, _, _, org, date in rows)
    [(files,)] = con.execute("SELECT count(*) FROM files WHERE role = 'mainFile'").fetchall()
    assert files == sum(1 for p in papers if p.get("mainFile"))


def test_bonn_body_offsets_are_repaired(con):
    body = _json("meine-stadt-transparent/importer/testdata/cc-egov-colon-before.json")
    load_objects(con, "bonn", [("Body", body)])
    terms = con.execute(
        "SELECT name, start_date, end_date FROM legislative_terms ORDER BY start_date"
    ).fetchall()
    assert len(terms) == len(body["legislativeTerm"])
    assert str(terms[0][1]) == "1971-05-04" and str(terms[0][2]) == "1975-05-04"
    [(name, short)] = con.execute("SELECT name, short_name FROM bodies").fetchall()
    assert (name, short) == ("Bundesstadt Bonn", "Bonn")


def test_sessionnet_papers_load_from_oparl(con):
    papers = _json("ratslotse/tests/fixtures/cities/muenster_papers.json")
    assert all(not p.get("web") for p in papers)  # nothing to read but OParl
    load_objects(con, "ms", [("Paper", p) for p in papers])
    [(n, typed)] = con.execute(
        "SELECT count(*), count(paper_type) FROM vorlagen WHERE page_sha256 IS NULL"
    ).fetchall()
    assert n == len(papers) and typed == n
    first = papers[0]
    [(ref, subject)] = con.execute(
        "SELECT reference, subject FROM vorlagen WHERE oparl_id = ?", [first["id"]]
    ).fetchall()
    assert (ref, subject) == (first["reference"], first["name"])
    consultations = {c["id"] for p in papers for c in p.get("consultation", [])}
    [(loaded, with_meeting)] = con.execute(
        "SELECT count(DISTINCT consultation_id), count(meeting_id) FROM beratungsfolge"
    ).fetchall()
    assert loaded == len(consultations) and with_meeting > 0


def test_oparl_spec_examples_fill_every_model_table(con):
    examples = CORPUS / "oparl-spec" / "examples"
    if not examples.is_dir():
        pytest.skip(f"corpus not found: {examples}")
    objects = []
    for file in sorted(examples.glob("*-01.json")):
        kind = file.stem.split("-")[0]
        if kind != "System":
            objects.append((kind, json.loads(file.read_text(encoding="utf-8"))))
    load_objects(con, "spec", objects)
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("bodies", "organizations", "persons", "meetings", "agenda_items", "vorlagen",
                  "beratungsfolge", "files", "locations", "memberships", "legislative_terms")
    }  # fmt: skip
    assert all(counts.values()), counts
    paper = json.loads((examples / "Paper-01.json").read_text(encoding="utf-8"))
    [(ref, subject, ptype)] = con.execute(
        "SELECT reference, subject, paper_type FROM vorlagen"
    ).fetchall()
    assert (ref, subject, ptype) == (paper["reference"], paper["name"], paper["paperType"])
    [(committee,)] = con.execute(
        "SELECT committee FROM meetings WHERE committee IS NOT NULL LIMIT 1"
    ).fetchall() or [(None,)]
    assert committee is not None


def test_nordstemmen_sdnet_objects_load(con):
    root = CORPUS / "realdocs" / "levino__nordstemmen-ai" / "documents"
    if not root.is_dir():
        pytest.skip(f"corpus not found: {root}")
    papers = [json.loads(f.read_text("utf-8")) for f in sorted(root.glob("papers/*/metadata.json"))]
    meetings = [
        json.loads(f.read_text("utf-8")) for f in sorted(root.glob("meetings/*/metadata.json"))
    ]
    load_objects(
        con, "nordstemmen", [("Paper", p) for p in papers] + [("Meeting", m) for m in meetings]
    )
    [(n,)] = con.execute("SELECT count(*) FROM vorlagen").fetchall()
    assert n == len(papers) == 3
    files = {f["id"] for p in papers for f in [p.get("mainFile"), *p.get("auxiliaryFile", [])] if f}
    [(loaded,)] = con.execute("SELECT count(*) FROM files WHERE paper_id IS NOT NULL").fetchall()
    assert loaded == len(files)
    items = sum(len(m.get("agendaItem", [])) for m in meetings)
    [(agenda,)] = con.execute("SELECT count(*) FROM agenda_items").fetchall()
    assert agenda == items > 0
    [(location,)] = con.execute("SELECT locality FROM locations").fetchall()
    assert location == "Nordstemmen"
    # a paper's consultation on that meeting's agenda gets the meeting's date and name
    rows = con.execute(
        "SELECT b.date, b.meeting FROM beratungsfolge b WHERE b.meeting IS NOT NULL"
    ).fetchall()
    assert ("Rat (16. Sitzung)" in {m for _, m in rows}) or not rows
