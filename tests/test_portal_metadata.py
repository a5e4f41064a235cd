"""The publish directory as an open-data portal delivery: Data Package (Frictionless, offline),
table comments, SHA256SUMS (coreutils), README, byte-identical rebuilds, and the council and
facts the portal assets use. Small warehouses are filled with replace_rows and insert_rows
(build_warehouse, also used by test_portal_dcat.py, test_portal_hostile.py,
test_portal_leftovers.py and test_publish_documents.py), documents with their texts included.
DCAT-AP.de, licence and attribution, Atom feeds and the real pipeline on the bundled sample are
in test_portal_dcat.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import socket
import subprocess
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest

from ratsinfo.councils import Council
from ratsinfo.portal import PortalConfig, parse_comment, portal_facts, publish_portal
from ratsinfo.warehouse import (
    PUBLISHED_TABLES,
    TABLES,
    connect,
    extract_of,
    publish_table,
    published_files,
    replace_rows,
    write_manifest,
)
from tests.helpers import insert_rows

frictionless = pytest.importorskip("frictionless")

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BASE = "http://127.0.0.1:9/"
T0 = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)

# the council of the test warehouse (tables' `source` "test"), not in the registry
COUNCIL = Council(key="test", name="test", system_url=None, vendor="OParl")

COMMITTEES = ("Rat der Stadt Braunschweig", "Ausschuss für Mobilität, Tiefbau und Auftragsvergaben")


# -- a small warehouse -----------------------------------------------------------------------------


def _oparl_rows(
    body_license: str | None, system_license: str | None, body: dict | None = None
) -> list[dict]:
    overrides = body or {}
    system = {
        "id": f"{BASE}oparl/system",
        "type": "https://schema.oparl.org/1.1/System",
        "body": f"{BASE}oparl/bodies",
        "name": "ALLRIS net OParl-Schnittstelle",
    }
    if system_license:
        system["license"] = system_license
    body = {
        "id": f"{BASE}oparl/bodies/1",
        "type": "https://schema.oparl.org/1.1/Body",
        "name": "Stadt Testhausen",
        "website": "https://www.testhausen.example/",
        "ags": "03101000",
    }
    if body_license:
        body["license"] = body_license
    body.update(overrides)
    rows = []
    for url, obj in ((system["id"], system), (system["body"], {"data": [body], "links": {}})):
        raw = json.dumps(obj).encode()
        rows.append(
            {
                "url": url,
                "sha256": hashlib.sha256(raw).hexdigest(),
                "kind": "oparl",
                "status": 200,
                "first_fetched_at": T0,
                "last_fetched_at": T0,
                "body": raw,
            }
        )
    return rows


def _paper(i: int, day: dt.date | None, deleted: bool = False) -> dict:
    return {
        "paper_id": f"test:/oparl/papers/{1000 + i}",
        "source": "test",
        "volfdnr": 1000 + i,
        "reference": f"26-{20000 + i}",
        "subject": f'Vorlage {i} <über> & "Straßen"',
        "paper_type": "Antrag" if i % 2 else "Beschlussvorlage",
        "status": "öffentlich",
        "lead_department": "Fachbereich 66",
        "participating_departments": ["Fachbereich 20", "Referat 0500"] if i % 3 == 0 else [],
        "responsible": None,
        "parent_reference": None,
        "related_references": [],
        "date": day,
        "web_url": f"{BASE}public/vo020?VOLFDNR={1000 + i}",
        "introduction": None,
        "page_sha256": f"{i:064x}",
        "deleted_at": T0 if deleted else None,
    }


# The documents of the small warehouse: one per kind the page counts, and one whose text is longer
# than a spreadsheet cell holds (32,767 characters).
LONG_TEXT = "Haushaltsplan 2026, Teilergebnisplan; " * 1100 + "Ende."
DOCUMENT_TEXTS = {
    "text": 'Das „Welcome Center" für Fachkräfte\fSeite 2, mit "Anführungszeichen", Komma',
    "long": LONG_TEXT,
    "scan": "",
    "broken": None,
}


def document_id(kind: str) -> str:
    return hashlib.sha256(f"document {kind}".encode()).hexdigest()


def _documents(extracted_at: dt.datetime = T0) -> list[dict]:
    rows = []
    for kind, text in DOCUMENT_TEXTS.items():
        row: dict = {
            "document_id": document_id(kind),
            "bytes": 1000 + len(text or ""),
            "extracted_at": extracted_at,
        }
        if kind == "broken":
            row |= {
                "method": "none",
                "error": f"{BASE}files/broken.pdf: pdfium cannot open it: data format error",
                "error_kind": "broken",
            }
        else:
            row |= {
                "pages": 1 + text.count("\f") if text else 3,
                "pages_read": 1 + text.count("\f") if text else 3,
                "truncated": False,
                "method": "text layer" if text else "none",
                "extractor": "pypdfium2 5.15.2 / pdfium 159.0.8149.0",
                "language": "de" if text else None,
                "image_only": not text,
                "chars": sum(map(len, text.split())),
                "text": text,
            }
        rows.append(row)
    return rows


def build_warehouse(
    root: Path,
    papers: int = 6,
    body_license: str | None = None,
    system_license: str | None = None,
    body: dict | None = None,
    paper: dict | None = None,
) -> Path:
    """A warehouse of `papers` papers (plus an undated and a deleted one) with their child rows
    and the OParl System and Body; `body` and `paper` override fields of the Body and of every
    paper. Publishes it to root/publish."""
    con = connect(root / "w.duckdb")
    try:
        rows = [_paper(i, dt.date(2025, 1, 1) + dt.timedelta(days=7 * i)) for i in range(papers)]
        rows = [r | (paper or {}) for r in rows]
        rows.append(_paper(papers, None))  # no date: not in the feeds
        rows.append(_paper(papers + 1, dt.date(2026, 3, 1), deleted=True))  # deleted: neither
        insert_rows(con, "vorlagen", rows)
        consultations = [
            {
                "paper_id": r["paper_id"],
                "reference": r["reference"],
                "position": k + 1,
                "meeting_position": 1,
                "committee": committee,
                "role": "Entscheidung",
                "state": "Öffentlich",
                "date": r["date"],
                "meeting": f"Sitzung {k}",
                "decision": "=beschlossen" if k else "beschlossen",
            }
            for n, r in enumerate(rows)
            for k, committee in enumerate(COMMITTEES[: 1 + n % 2])
        ]
        insert_rows(con, "beratungsfolge", consultations)
        first = rows[0]
        replace_rows(
            con,
            "sections",
            [
                {
                    "paper_id": first["paper_id"],
                    "reference": first["reference"],
                    "position": 1,
                    "title": "Sachverhalt",
                    "text": 'Text mit "Anführungszeichen", Komma\nund Zeile',
                }
            ],
        )
        insert_rows(
            con,
            "files",
            [
                {
                    "file_id": f"{first['paper_id']}#page/{n}",
                    "source": "test",
                    "paper_id": first["paper_id"],
                    "role": "page",
                    "position": n,
                    "name": f"Anlage {n}",
                    "access_url": f"{BASE}files/{n}.pdf",
                    "document_id": document_id(kind),  # a file names the document fetched
                }
                for n, kind in enumerate(DOCUMENT_TEXTS, start=1)
            ],
        )
        replace_rows(con, "documents", _documents())
        insert_rows(
            con,
            "answers",
            [
                {
                    "paper_id": first["paper_id"],
                    "reference": first["reference"],
                    "question_reference": None,
                    "position": 1,
                    "question_label": "1",
                    "question_text": "Wie viele?",
                    "answer_text": "-12 weniger",
                    "asked_by": "Fraktion",
                    "asked_on": dt.date(2025, 1, 2),
                }
            ],
        )
        insert_rows(
            con,
            "funding",
            [
                {
                    "paper_id": first["paper_id"],
                    "reference": first["reference"],
                    "position": 1,
                    "amount": Decimal("1234.50"),
                    "amount_max": None,
                    "currency": "EUR",
                    "period": "annual",
                    "role": "grant",
                    "funder": "Stadt",
                    "recipient": "Verein",
                    "applies_from": None,
                    "text": "Die Stadt zahlt 1.234,50 Euro jährlich.",
                }
            ],
        )
        replace_rows(con, "raw_responses", _oparl_rows(body_license, system_license, body))
        publish(con, root / "publish")
    finally:
        con.close()
    return root / "publish"


def publish(
    con, out: Path, config: PortalConfig | None = None, council: Council | str = COUNCIL
) -> None:
    entries = {}
    for table in PUBLISHED_TABLES:
        entries.update(publish_table(con, table, out))
    write_manifest(out, entries)
    publish_portal(con, out, config, council=council)


def rebuild(
    root: Path, out: Path, config: PortalConfig | None = None, council: Council | str = COUNCIL
) -> Path:
    con = connect(root / "w.duckdb")
    try:
        publish(con, out, config, council)
    finally:
        con.close()
    return out


@pytest.fixture(scope="module")
def pub(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("portal"))


def files_of(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# -- comments --------------------------------------------------------------------------------------


def test_every_published_table_and_column_has_a_bilingual_comment(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    try:
        for table in PUBLISHED_TABLES:
            [(comment,)] = con.execute(
                "SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]
            ).fetchall()
            de, en = parse_comment(comment)
            assert comment.startswith("de: ") and de and en, table
            for name, comment in con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [table]
            ).fetchall():
                if not extract_of(table).publishes(name):
                    continue  # kept in the warehouse, in no published file
                de, en = parse_comment(comment)
                assert comment and comment.count(" | en: ") == 1 and de and en, (table, name)
    finally:
        con.close()


# -- datapackage.json ------------------------------------------------------------------------------


def test_datapackage_validates_offline(pub, no_network):
    report = frictionless.validate(str(pub / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_schema_comes_from_the_warehouse(pub):
    package = json.loads((pub / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert {r["path"] for r in resources.values()} == {
        name for t in PUBLISHED_TABLES for name in published_files(t).values()
    }
    for table in PUBLISHED_TABLES:
        csv, parquet = resources[table], resources[f"{table}-parquet"]
        assert csv["format"] == "csv" and parquet["format"] == "parquet"
        assert csv["schema"]["primaryKey"] == list(TABLES[table].key)
        assert csv["hash"].startswith("sha256:") and parquet["hash"].startswith("sha256:")
        for f in csv["schema"]["fields"]:
            assert " / " in f["description"], (table, f["name"])  # German / English
        keys = {
            k["fields"][0]: (k["reference"]["resource"], k["reference"]["fields"])
            for k in csv["schema"].get("foreignKeys", [])
        }
        if table in ("beratungsfolge", "sections", "answers", "funding"):
            assert keys.pop("paper_id") == ("vorlagen", ["paper_id"]), table
        if table not in ("bodies", "documents"):
            assert keys.pop("body_key") == ("bodies", ["body_key"]), table
        if table in ("files", "answers", "funding"):  # the document a row was read from
            assert keys.pop("document_id") == ("documents", ["document_id"])
        assert keys == {}, table
    types = {f["name"]: f["type"] for f in resources["vorlagen"]["schema"]["fields"]}
    assert types["paper_id"] == "string"
    assert types["volfdnr"] == "integer"
    assert types["date"] == "date"
    assert types["deleted_at"] == "datetime"
    assert types["participating_departments"] == "string"
    funding = {f["name"]: f["type"] for f in resources["funding"]["schema"]["fields"]}
    assert funding["amount"] == "number" and funding["position"] == "integer"
    assert package["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"


def test_datapackage_catches_a_changed_file(pub, tmp_path, no_network):
    copy = tmp_path / "copy"
    shutil.copytree(pub, copy)
    with (copy / "funding.csv").open("a", encoding="utf-8") as f:
        f.write("test:/oparl/papers/9999,x,1,1,,EUR,,,,,,text\n")
    assert not frictionless.validate(str(copy / "datapackage.json")).valid


# -- SHA256SUMS ------------------------------------------------------------------------------------


def test_sha256sums_verify_with_coreutils(pub):
    listed = [line.split("  ", 1)[1] for line in (pub / "SHA256SUMS").read_text().splitlines()]
    on_disk = sorted(k for k in files_of(pub) if k != "SHA256SUMS")
    assert listed == on_disk
    assert {
        "datapackage.json",
        "dcat.ttl",
        "dcat.jsonld",
        "README.md",
        "manifest.json",
        "feeds/all.atom",
    } <= set(listed)
    result = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=pub, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- README ----------------------------------------------------------------------------------------


def test_readme_lists_every_table_with_columns_and_rows(pub):
    readme = (pub / "README.md").read_text(encoding="utf-8")
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    for table in PUBLISHED_TABLES:
        assert f"### {table}" in readme
        for name in published_files(table).values():
            rows = manifest[name]["rows"]
            assert f"| `{name}` | {rows} |" in readme
            said = "1 Zeile" if rows == 1 else f"{rows:,} Zeilen".replace(",", ".")
            assert f" ({said}; Schlüssel: " in readme, table
    assert "| `reference` | string | Vorlagennummer (Aktenzeichen), wie gedruckt" in readme
    assert "## English" in readme and "sha256sum -c SHA256SUMS" in readme


# -- determinism -----------------------------------------------------------------------------------


def test_two_builds_are_byte_identical(pub, tmp_path):
    again = rebuild(pub.parent, tmp_path / "again")
    assert files_of(again) == files_of(pub)
    assert not [p for p in pub.rglob(".*")]  # no temporary files left


# -- the council is the run's, the facts are read once ---------------------------------------------


def test_the_council_comes_from_the_run_not_from_the_tables(pub, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(pub.parent, root)
    con = connect(root / "w.duckdb")
    try:
        facts = portal_facts(con, None, council="braunschweig")  # every paper says "test"
        assert (facts.source, facts.body_name) == ("braunschweig", "Stadt Testhausen")
        con.execute("DELETE FROM raw_responses")  # no Body: the registry's record
        facts = portal_facts(con, None, council="braunschweig")
        with pytest.raises(ValueError, match="unknown council"):
            portal_facts(con, None, council="nowhere")
    finally:
        con.close()
    assert (facts.body_name, facts.body_website, facts.municipality_key) == (
        "Stadt Braunschweig",
        "https://www.braunschweig.de/",
        "03101000",
    )


def test_portal_assets_read_the_facts_once_and_write_what_publish_portal_writes(
    pub, tmp_path, monkeypatch
):
    from assets import portal, portal_page
    from assets.io import RunScopedIOManager
    from assets.resources import RatsinfoSettings
    from tests.helpers import add_council_partition

    root = tmp_path / "run"
    shutil.copytree(pub.parent, root)
    out = root / "publish"
    tables = set(json.loads((out / "manifest.json").read_text())["files"])
    for path in sorted(out.rglob("*"), reverse=True):  # only the tables and manifest.json stay
        if path.is_dir():
            path.rmdir()
        elif path.name not in tables and path.name != "manifest.json":
            path.unlink()
    councils = []
    read = portal.portal_facts

    def counted(*args, **kwargs):
        councils.append(kwargs["council"].key)
        return read(*args, **kwargs)

    monkeypatch.setattr(portal, "portal_facts", counted)
    instance = dg.DagsterInstance.ephemeral()
    add_council_partition(instance, "braunschweig")
    result = dg.materialize(
        dg.load_assets_from_modules([portal, portal_page]),
        resources={
            "ratsinfo": RatsinfoSettings(
                source="braunschweig", warehouse=str(root / "w.duckdb"), publish_dir=str(out)
            ),
            "io_manager": RunScopedIOManager(base_dir=str(tmp_path / "storage")),
        },
        instance=instance,
        partition_key="braunschweig",
    )
    assert result.success
    assert councils == ["braunschweig"]  # one reading for the four files and the page
    steps = [e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"]
    assert steps == ["portal_metadata", "portal_page", "sha256sums"]
    assert {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()} == {
        "datapackage",
        "dcat_metadata",
        "feeds",
        "downloads_readme",
        "portal_page",
        "sha256sums",
    }
    library = rebuild(root, tmp_path / "library", council="braunschweig")
    assert files_of(out) == files_of(library)
    assert "index.html" in files_of(out)
