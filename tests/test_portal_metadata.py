"""The publish directory as an open-data portal delivery: Data Package (Frictionless, offline),
DCAT-AP.de (rdflib), licence and attribution, SHA256SUMS (coreutils), Atom feeds, README, and
byte-identical rebuilds. Small warehouses are filled with replace_rows; one test runs the real
pipeline on the bundled sample with the portal assets."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from ratsinfo.councils import Council
from ratsinfo.portal import PortalConfig, parse_comment, portal_facts, publish_portal
from ratsinfo.portal.feeds import FEED_SIZE, slugify, tag_uri
from ratsinfo.warehouse import (
    PUBLISHED,
    TABLES,
    connect,
    publish_table,
    replace_rows,
    write_manifest,
)

frictionless = pytest.importorskip("frictionless")

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ATOM = "{http://www.w3.org/2005/Atom}"
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
        replace_rows(con, "vorlagen", rows)
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
        replace_rows(con, "beratungsfolge", consultations)
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
        replace_rows(
            con,
            "files",
            [
                {
                    "paper_id": first["paper_id"],
                    "position": 1,
                    "title": "Vorlage",
                    "url": f"{BASE}files/1.pdf",
                }
            ],
        )
        replace_rows(
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
        replace_rows(
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
    for table in PUBLISHED:
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
        for table in PUBLISHED:
            [(comment,)] = con.execute(
                "SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]
            ).fetchall()
            de, en = parse_comment(comment)
            assert comment.startswith("de: ") and de and en, table
            for name, comment in con.execute(
                "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [table]
            ).fetchall():
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
        f"{t}.{fmt}" for t in PUBLISHED for fmt in ("csv", "parquet")
    }
    for table in PUBLISHED:
        csv, parquet = resources[table], resources[f"{table}-parquet"]
        assert csv["format"] == "csv" and parquet["format"] == "parquet"
        assert csv["schema"]["primaryKey"] == list(TABLES[table].key)
        assert csv["hash"].startswith("sha256:") and parquet["hash"].startswith("sha256:")
        for f in csv["schema"]["fields"]:
            assert " / " in f["description"], (table, f["name"])  # German / English
        if table != "vorlagen":
            assert csv["schema"]["foreignKeys"] == [
                {
                    "fields": ["paper_id"],
                    "reference": {"resource": "vorlagen", "fields": ["paper_id"]},
                }
            ]
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


# -- DCAT-AP.de ------------------------------------------------------------------------------------


def dcat_graphs(out: Path) -> tuple[Graph, Graph]:
    ttl = Graph().parse(out / "dcat.ttl", format="turtle")
    jsonld = Graph().parse(out / "dcat.jsonld", format="json-ld")
    return ttl, jsonld


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_dcat_turtle_and_jsonld_are_the_same_graph(pub):
    ttl, jsonld = dcat_graphs(pub)
    assert len(ttl) > 100
    assert isomorphic(ttl, jsonld)


def test_dcat_carries_the_dcat_ap_de_properties(pub):
    g, _ = dcat_graphs(pub)
    [catalog] = g.subjects(RDF.type, ns.DCAT.Catalog)
    [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
    assert (catalog, ns.DCAT.dataset, dataset) in g
    for s in (catalog, dataset):
        assert {o.language for o in g.objects(s, ns.DCTERMS.title)} == {"de", "en"}
        assert {o.language for o in g.objects(s, ns.DCTERMS.description)} == {"de", "en"}
        assert (one(g, s, ns.DCTERMS.publisher), RDF.type, FOAF.Organization) in g
    publisher = one(g, dataset, ns.DCTERMS.publisher)
    assert one(g, publisher, FOAF.name) == Literal("Stadt Testhausen")

    contact = one(g, dataset, ns.DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in g
    assert one(g, contact, VCARD.fn) == Literal("Stadt Testhausen")
    assert one(g, contact, VCARD.hasURL) == URIRef("https://www.testhausen.example/")

    contributor = one(g, dataset, DCATDE.contributorID)
    assert str(contributor).startswith("http://dcat-ap.de/def/contributors/")
    assert one(g, dataset, DCATDE.politicalGeocodingURI) == URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03101000"
    )
    assert one(g, dataset, DCATDE.politicalGeocodingLevelURI) == URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
    )
    period = one(g, dataset, ns.DCTERMS.temporal)
    assert (period, RDF.type, ns.DCTERMS.PeriodOfTime) in g
    assert one(g, period, ns.DCAT.startDate) == Literal(dt.date(2025, 1, 1), datatype=ns.XSD.date)
    assert one(g, period, ns.DCAT.endDate) == Literal(dt.date(2026, 3, 1), datatype=ns.XSD.date)
    assert one(g, dataset, ns.DCTERMS.modified) == Literal(
        dt.date(2026, 3, 1), datatype=ns.XSD.date
    )
    assert one(g, dataset, ns.DCTERMS.identifier)
    assert one(g, dataset, ns.DCAT.theme) == URIRef(
        "http://publications.europa.eu/resource/authority/data-theme/GOVE"
    )
    assert "Ratsinformationssystem" in {str(k) for k in g.objects(dataset, ns.DCAT.keyword)}
    assert one(g, dataset, ns.DCAT.landingPage) == URIRef("https://www.testhausen.example/")

    distributions = list(g.objects(dataset, ns.DCAT.distribution))
    assert len(distributions) == 2 * len(PUBLISHED)
    sums = dict(
        reversed(line.split("  ", 1)) for line in (pub / "SHA256SUMS").read_text().splitlines()
    )
    downloads = set()
    for d in distributions:
        assert (d, RDF.type, ns.DCAT.Distribution) in g
        assert one(g, d, ns.DCTERMS.title)
        assert {o.language for o in g.objects(d, ns.DCTERMS.description)} == {"de", "en"}
        fmt = str(one(g, d, ns.DCTERMS.format))
        assert fmt.startswith("http://publications.europa.eu/resource/authority/file-type/")
        assert str(one(g, d, ns.DCAT.mediaType)).startswith(
            "http://www.iana.org/assignments/media-types/"
        )
        assert str(one(g, d, ns.DCTERMS.license)).startswith("http://dcat-ap.de/def/licenses/")
        assert one(g, d, DCATDE.licenseAttributionByText)
        assert one(g, d, ns.DCTERMS.modified) == Literal(dt.date(2026, 3, 1), datatype=ns.XSD.date)
        access, download = one(g, d, ns.DCAT.accessURL), one(g, d, ns.DCAT.downloadURL)
        assert access == download
        name = Path(str(download)).name
        downloads.add(name)
        assert one(g, d, ns.DCAT.byteSize).toPython() == (pub / name).stat().st_size
        checksum = one(g, d, SPDX.checksum)
        assert one(g, checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(one(g, checksum, SPDX.checksumValue)) == sums[name]
    assert downloads == {f"{t}.{fmt}" for t in PUBLISHED for fmt in ("csv", "parquet")}


def test_dcat_urls_follow_the_configured_base_url(tmp_path, pub):
    root = pub.parent
    out = rebuild(root, tmp_path / "out", PortalConfig(base_url="https://daten.example.org/rat"))
    g, jsonld = dcat_graphs(out)
    assert isomorphic(g, jsonld)
    urls = {str(o) for o in g.objects(None, ns.DCAT.downloadURL)}
    assert "https://daten.example.org/rat/vorlagen.csv" in urls
    assert all(u.startswith("https://daten.example.org/rat/") for u in urls)
    feed = ET.parse(out / "feeds" / "all.atom").getroot()
    [self_link] = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "https://daten.example.org/rat/feeds/all.atom"


# -- licence ---------------------------------------------------------------------------------------


def licence_of(out: Path) -> tuple[str, str | None]:
    g, _ = dcat_graphs(out)
    [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
    attribution = list(g.objects(dataset, DCATDE.licenseAttributionByText))
    return str(one(g, dataset, ns.DCTERMS.license)), (str(attribution[0]) if attribution else None)


def test_default_licence_with_attribution(pub):
    licence, attribution = licence_of(pub)
    assert licence == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert attribution == "Stadt Testhausen, Ratsinformationssystem, 2026"
    readme = (pub / "README.md").read_text(encoding="utf-8")
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in readme
    assert "Stadt Testhausen, Ratsinformationssystem, 2026" in readme


def test_licence_stated_by_the_body_wins(tmp_path):
    out = build_warehouse(
        tmp_path,
        body_license="https://creativecommons.org/licenses/by/4.0/",
        system_license="https://www.govdata.de/dl-de/zero-2-0",
    )
    licence, attribution = licence_of(out)
    assert licence == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert attribution == "Stadt Testhausen, Ratsinformationssystem, 2026"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "wie von der Quelle angegeben" in (out / "README.md").read_text(encoding="utf-8")


def test_licence_stated_by_the_system_when_the_body_says_none(tmp_path):
    out = build_warehouse(tmp_path, system_license="https://www.govdata.de/dl-de/zero-2-0")
    licence, attribution = licence_of(out)
    assert licence == "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
    assert attribution is None  # Zero needs no attribution


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


# -- feeds -----------------------------------------------------------------------------------------


def parse_feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None and root.find(f"{ATOM}{tag}").text, tag
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Stadt Testhausen"
    assert any(link.get("rel") == "self" for link in root.findall(f"{ATOM}link"))
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    return root


def entry_ids(path: Path) -> list[str]:
    return [e.find(f"{ATOM}id").text for e in parse_feed(path).findall(f"{ATOM}entry")]


def test_feeds_are_atom_with_one_feed_per_committee(pub):
    feeds = sorted(p.name for p in (pub / "feeds").glob("*.atom"))
    assert feeds == sorted(["all.atom", *(f"{slugify(c)}.atom" for c in COMMITTEES)])
    assert slugify(COMMITTEES[1]) == "ausschuss-fuer-mobilitaet-tiefbau-und-auftragsvergaben"
    root = parse_feed(pub / "feeds" / "all.atom")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 6  # no undated, no deleted paper
    first = entries[0]
    assert first.find(f"{ATOM}id").text == tag_uri("test:/oparl/papers/1005")
    assert first.find(f"{ATOM}id").text == "tag:ratsinfo,2026:test:/oparl/papers/1005"
    assert first.find(f"{ATOM}title").text == '26-20005: Vorlage 5 <über> & "Straßen"'
    assert first.find(f"{ATOM}updated").text == "2025-02-05T00:00:00Z"
    assert root.find(f"{ATOM}updated").text == "2025-02-05T00:00:00Z"
    [link] = first.findall(f"{ATOM}link")
    assert link.get("rel") == "alternate" and link.get("href").endswith("VOLFDNR=1005")
    assert "Antrag" in first.find(f"{ATOM}summary").text
    assert "öffentlich" in first.find(f"{ATOM}summary").text
    committee = parse_feed(pub / "feeds" / f"{slugify(COMMITTEES[1])}.atom")
    ids = [e.find(f"{ATOM}id").text for e in committee.findall(f"{ATOM}entry")]
    assert ids == [tag_uri(f"test:/oparl/papers/{1000 + i}") for i in (5, 3, 1)]


def test_feed_entry_ids_are_stable_and_feeds_hold_the_newest_100(tmp_path):
    a = build_warehouse(tmp_path / "a", papers=FEED_SIZE + 20)
    b = rebuild(tmp_path / "a", tmp_path / "b")
    ids = entry_ids(a / "feeds" / "all.atom")
    assert len(ids) == FEED_SIZE == len(set(ids))
    assert ids == entry_ids(b / "feeds" / "all.atom")
    assert ids[0] == tag_uri(f"test:/oparl/papers/{1000 + FEED_SIZE + 19}")
    rat = entry_ids(a / "feeds" / f"{slugify(COMMITTEES[0])}.atom")
    assert len(rat) == FEED_SIZE


# -- README ----------------------------------------------------------------------------------------


def test_readme_lists_every_table_with_columns_and_rows(pub):
    readme = (pub / "README.md").read_text(encoding="utf-8")
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    for table in PUBLISHED:
        assert f"### {table}" in readme
        for fmt in ("csv", "parquet"):
            assert f"| `{table}.{fmt}` | {manifest[f'{table}.{fmt}']['rows']} |" in readme
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
    from dagster_duckdb import DuckDBResource

    from assets import portal, portal_page
    from assets.io import RunScopedIOManager
    from assets.resources import RatsinfoSettings
    from ratsinfo.warehouse import DUCKDB_CONFIG

    root = tmp_path / "run"
    shutil.copytree(pub.parent, root)
    out = root / "publish"
    for path in sorted(out.rglob("*"), reverse=True):  # only the tables and manifest.json stay
        if path.is_dir():
            path.rmdir()
        elif path.suffix not in (".csv", ".parquet") and path.name != "manifest.json":
            path.unlink()
    councils = []
    read = portal.portal_facts

    def counted(*args, **kwargs):
        councils.append(kwargs["council"].key)
        return read(*args, **kwargs)

    monkeypatch.setattr(portal, "portal_facts", counted)
    result = dg.materialize(
        dg.load_assets_from_modules([portal, portal_page]),
        resources={
            "duckdb": DuckDBResource(
                database=str(root / "w.duckdb"), connection_config=dict(DUCKDB_CONFIG)
            ),
            "ratsinfo": RatsinfoSettings(source="braunschweig", publish_dir=str(out)),
            "io_manager": RunScopedIOManager(base_dir=str(tmp_path / "storage")),
        },
        instance=dg.DagsterInstance.ephemeral(),
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


# -- the Dagster assets on the bundled sample ---------------------------------------------------


@pytest.mark.slow
def test_portal_assets_on_the_sample_pipeline(tmp_path, no_network_but_loopback):
    from assets import portal
    from assets.resources import WAREHOUSE_POOL
    from tests.conftest import materialize_pipeline

    portal_assets = dg.load_assets_from_modules([portal])
    assert {k.to_user_string() for a in portal_assets for k in a.keys} == {
        "datapackage",
        "dcat_metadata",
        "feeds",
        "downloads_readme",
        "sha256sums",
    }
    assert all(a.op.pool == WAREHOUSE_POOL for a in portal_assets)
    result = materialize_pipeline(tmp_path, sample_papers=20)
    assert result.success
    out = tmp_path / "publish"
    assert frictionless.validate(str(out / "datapackage.json")).valid
    ttl, jsonld = dcat_graphs(out)
    assert isomorphic(ttl, jsonld)
    [dataset] = ttl.subjects(RDF.type, ns.DCAT.Dataset)
    assert one(ttl, dataset, DCATDE.licenseAttributionByText).startswith(
        "Stadt Braunschweig (Beispieldaten), Ratsinformationssystem, "
    )
    assert one(ttl, dataset, DCATDE.politicalGeocodingURI) == URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03101000"
    )
    assert (
        subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True).returncode
        == 0
    )
    assert (out / "feeds" / "rat-der-stadt-braunschweig.atom").is_file()


@pytest.fixture
def no_network_but_loopback(monkeypatch):
    """The sample RIS is served on loopback; anything else is refused."""
    real_connect = socket.socket.connect

    def connect_loopback(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost") and not isinstance(address, str):
            raise AssertionError(f"network access attempted: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect_loopback)
