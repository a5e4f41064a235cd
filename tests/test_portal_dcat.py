"""The publish directory as an open-data portal delivery: DCAT-AP.de (rdflib), licence and
attribution, Atom feeds, and the real pipeline on the bundled sample with the portal assets. The
small warehouses come from test_portal_metadata.py (build_warehouse)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import dagster as dg
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from ratsinfo.portal import PortalConfig
from ratsinfo.portal.feeds import FEED_SIZE, slugify, tag_uri
from ratsinfo.warehouse import PUBLISHED_TABLES, published_files
from tests.test_portal_metadata import COMMITTEES, build_warehouse, rebuild

frictionless = pytest.importorskip("frictionless")

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def pub(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("portal"))


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
    files = {name for t in PUBLISHED_TABLES for name in published_files(t).values()}
    assert len(distributions) == len(files)
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
        iana = "http://www.iana.org/assignments/media-types/"
        if str(d).endswith("-jsonl"):  # JSON Lines has no registered media type; gzip has
            assert list(g.objects(d, ns.DCAT.mediaType)) == []
            assert one(g, d, ns.DCAT.compressFormat) == URIRef(iana + "application/gzip")
            assert fmt.endswith("/JSON")
        else:
            assert str(one(g, d, ns.DCAT.mediaType)).startswith(iana)
            assert list(g.objects(d, ns.DCAT.compressFormat)) == []
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
    assert downloads == files


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


# -- the Dagster assets on the bundled sample ---------------------------------------------------


@pytest.mark.slow
def test_portal_assets_on_the_sample_pipeline(tmp_path, no_network_but_loopback):
    from assets import portal
    from assets.resources import WAREHOUSE_POOL
    from tests.helpers import materialize_pipeline

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
