"""Publishing never breaks on what a source says: hostile OParl Body values and paper texts still
give a parseable DCAT (Turtle and JSON-LD), well-formed Atom feeds, a README with the body name as
plain text, and no link that is not http(s), in the metadata files or on the portal page."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from ratsinfo.portal import PortalConfig, portal_facts
from ratsinfo.portal.page import render_page
from ratsinfo.portal.sanitize import markdown_text, one_line, safe_http_url, xml_text
from tests.test_portal_metadata import COUNCIL, build_warehouse, rebuild

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

FOAF = "http://xmlns.com/foaf/0.1/"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_NAME = 'Stadt <img src=x onerror="alert(1)"> *Fett* [klick](https://evil.example)\n# Titel'
CONTROL_TEXT = "Vorlage\x00 mit\x01 Steuer\x0bzeichen\x1f und \ufffe Nicht\uffffzeichen"


def dcat_parses(out: Path) -> Graph:
    ttl = Graph().parse(out / "dcat.ttl", format="turtle")
    jsonld = Graph().parse(out / "dcat.jsonld", format="json-ld")
    assert isomorphic(ttl, jsonld)
    return ttl


def all_text(out: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.suffix in (".ttl", ".jsonld", ".json", ".atom", ".md", ".html")
    )


def page_of(root: Path) -> str:
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    try:
        return render_page(con, root / "publish", portal_facts(con, None, council=COUNCIL))
    finally:
        con.close()


def test_website_with_a_space_and_licence_with_turtle_syntax_still_publish(tmp_path):
    out = build_warehouse(
        tmp_path,
        body={
            "website": "https://www.testhausen.example/rat haus/",
            "license": "https://x/> ; <evil",
        },
    )
    for name in ("dcat.ttl", "dcat.jsonld", "SHA256SUMS", "README.md", "datapackage.json"):
        assert (out / name).is_file(), name
    g = dcat_parses(out)
    [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
    assert set(g.objects(dataset, ns.DCAT.landingPage)) == {
        URIRef("https://www.testhausen.example/rat%20haus/")
    }
    assert set(g.objects(dataset, ns.DCTERMS.license)) == {URIRef("https://x/%3E%20;%20%3Cevil")}
    assert "<evil" not in (out / "dcat.ttl").read_text(encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        warnings = portal_facts(con, out, council=COUNCIL).warnings
    finally:
        con.close()
    assert any("website" in w and "percent-encoded" in w for w in warnings), warnings
    assert any("licence" in w for w in warnings), warnings


def test_unusable_urls_are_dropped_with_a_warning_not_a_failure(tmp_path):
    out = build_warehouse(
        tmp_path,
        body={"website": "https://www.test hausen.example/", "license": "frei <nutzbar>"},
    )
    # a licence that is no URL and no licence we know is no open licence: nothing is published
    # (tests/test_license_honesty.py) unless the operator sets one
    assert not [p for p in out.rglob("*") if p.is_file()]
    config = PortalConfig(license="https://www.govdata.de/dl-de/by-2-0")
    rebuild(tmp_path, out, config)
    g = dcat_parses(out)
    [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
    assert list(g.objects(dataset, ns.DCAT.landingPage)) == []  # the sample profile has none
    # a licence that is no URL: the configured one, not the source's words
    assert set(g.objects(dataset, ns.DCTERMS.license)) == {
        URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
    }
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        warnings = portal_facts(con, out, config, council=COUNCIL).warnings
    finally:
        con.close()
    assert any("website" in w and "dropped" in w for w in warnings), warnings
    assert any("licence" in w and "configured" in w for w in warnings), warnings


def test_javascript_urls_never_become_links(tmp_path):
    out = build_warehouse(
        tmp_path,
        body={"website": "javascript:alert(document.cookie)"},
        paper={"web_url": " JavaScript:alert(1)"},
    )
    g = dcat_parses(out)
    assert not [o for o in g.objects(None, None) if "javascript:" in str(o).lower()]
    text = all_text(out) + page_of(tmp_path)
    assert "javascript:" not in text.lower()
    for feed in (out / "feeds").glob("*.atom"):
        root = ET.parse(feed).getroot()
        for link in root.iter(f"{ATOM}link"):
            assert link.get("href", "").startswith(("http://", "https://", "all.atom")) or (
                link.get("rel") == "self"
            ), (feed.name, link.attrib)
        assert all(e.find(f"{ATOM}content") is not None for e in root.iter(f"{ATOM}entry"))


def test_control_characters_in_texts_leave_every_feed_well_formed(tmp_path):
    out = build_warehouse(
        tmp_path,
        body={"name": "Stadt\x00 Test\x1fhausen\uffff"},
        paper={"subject": CONTROL_TEXT, "paper_type": "Antrag\x07", "status": "neu\x0c"},
    )
    feeds = sorted((out / "feeds").glob("*.atom"))
    assert len(feeds) == 3
    for feed in feeds:
        root = ET.parse(feed).getroot()  # raises on characters XML 1.0 forbids
        assert root.find(f"{ATOM}author/{ATOM}name").text == "Stadt Test hausen"
        titles = [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]
        assert titles and all("Steuer" in t and "\x0b" not in t for t in titles), feed.name
    dcat_parses(out)
    page = page_of(tmp_path)
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)
    assert "\x00" not in page and "\uffff" not in page


def test_readme_shows_the_body_name_as_plain_text(tmp_path):
    out = build_warehouse(tmp_path, body={"name": HOSTILE_NAME})
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "<img" not in readme and "klick](" not in readme and " *Fett*" not in readme
    assert "\n# Titel" not in readme
    escaped = markdown_text(HOSTILE_NAME)
    assert escaped == (
        'Stadt &lt;img src=x onerror="alert(1)"&gt; \\*Fett\\* '
        "\\[klick\\](https://evil.example) \\# Titel"
    )
    first_line = f"# Ratsinformationen {escaped}: Vorlagen, Beratungsfolgen, Antworten, Geldbeträge"
    assert readme.splitlines()[0] == first_line
    assert f"Namensnennung: „{escaped}, Ratsinformationssystem, 2026“" in readme
    # the JSON and RDF files carry the name as data, on one line
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["contributors"] == [{"title": one_line(HOSTILE_NAME), "role": "publisher"}]
    g = dcat_parses(out)
    names = {str(o) for o in g.objects(None, URIRef(f"{FOAF}name"))}
    assert names == {one_line(HOSTILE_NAME)}
    page = page_of(tmp_path)
    assert "<img" not in page and "&lt;img src=x" in page


def test_settings_are_checked_too(tmp_path):
    build_warehouse(tmp_path)
    out = rebuild(
        tmp_path,
        tmp_path / "out",
        PortalConfig(
            base_url="javascript:alert(1)//",
            contact_url="https://kontakt.example/ a",
            contact_email="x@y.de> ; <evil",
            contributor_id="urn:x y",
            municipality_key="03101000 ; <x>",
        ),
    )
    g = dcat_parses(out)
    [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
    assert "javascript" not in (out / "dcat.ttl").read_text(encoding="utf-8")
    dists = {str(o) for o in g.objects(dataset, ns.DCAT.distribution)}
    # the base URL was dropped: relative IRIs (resolved against the file by the parser)
    assert (out / "dcat.ttl").resolve().as_uri() + "#distribution-vorlagen-csv" in dists
    contact = next(iter(g.objects(dataset, ns.DCAT.contactPoint)))
    vcard = "http://www.w3.org/2006/vcard/ns#"
    assert list(g.objects(contact, URIRef(f"{vcard}hasEmail"))) == []
    assert set(g.objects(contact, URIRef(f"{vcard}hasURL"))) == {
        URIRef("https://kontakt.example/%20a")
    }
    dcatde = "http://dcat-ap.de/def/dcatde/"
    assert set(g.objects(dataset, URIRef(f"{dcatde}contributorID"))) == {
        URIRef("http://dcat-ap.de/def/contributors/ratsinfo")
    }
    assert set(g.objects(dataset, URIRef(f"{dcatde}politicalGeocodingURI"))) == {
        URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03101000")
    }


def test_sanitize_helpers():
    assert xml_text("a\x00b\x0bc\ufffed\uffffe\tf\n") == "abcde\tf\n"
    assert one_line(" a\n\tb \u202e c ") == "a b c"
    assert safe_http_url("javascript:alert(1)").url is None
    assert safe_http_url("java\tscript:alert(1)").url is None
    assert safe_http_url("data:text/html,<b>").url is None
    assert safe_http_url("//evil.example/").url is None
    assert safe_http_url("https://user@evil.example/").url is None
    assert safe_http_url("https://www.test hausen.example/").url is None
    assert safe_http_url("https://x.example/a b?c=d e").url == "https://x.example/a%20b?c=d%20e"
    assert safe_http_url("HTTPS://x.example/").url == "https://x.example/"
    assert safe_http_url("https://x.example/").problem is None
    assert safe_http_url("https://bürger.example/straße").url == "https://bürger.example/straße"
    assert markdown_text("a|b *c* <d> [e](f) \\ `g`") == (
        "a\\|b \\*c\\* &lt;d&gt; \\[e\\](f) \\\\ \\`g\\`"
    )
