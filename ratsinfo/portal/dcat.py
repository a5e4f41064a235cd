"""dcat.ttl and dcat.jsonld: DCAT-AP.de metadata of the publish directory, built with rdflib: one
dcat:Catalog holding one dcat:Dataset with one dcat:Distribution per published file (size,
sha256, licence and attribution). IRIs are built from `PortalConfig.base_url`, or are relative to
the metadata files without it. Blank nodes carry fixed labels and the JSON-LD arrays are sorted,
so identical facts give identical bytes.

documents.jsonl.gz (the documents' full texts as JSON Lines, gzip-compressed) is described the
DCAT 2 way: dct:format JSON (the EU file-type list has no JSON Lines) and dcat:compressFormat
application/gzip; it has no dcat:mediaType, whose values are IANA's registered media types, and
JSON Lines has none registered (`application/jsonl` is a proposal, `application/x-ndjson`
unregistered by its prefix); the Data Package states `application/jsonl`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ratsinfo.files import write_atomic
from ratsinfo.portal.datapackage import MEDIA_TYPES, json_bytes
from ratsinfo.portal.facts import (
    PortalConfig,
    PortalFacts,
    checked_config,
    dataset_description,
    dataset_title,
)
from ratsinfo.portal.metadata import file_note

MUNICIPALITY_KEY_URI = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
MUNICIPALITY_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
LANGUAGE_DEU = "http://publications.europa.eu/resource/authority/language/DEU"
FREQUENCY_DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "parquet": "http://publications.europa.eu/resource/authority/file-type/PARQUET",
    "jsonl": "http://publications.europa.eu/resource/authority/file-type/JSON",
}
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
# dcat:mediaType is stated for the formats whose media type IANA registered (see above)
UNREGISTERED_MEDIA_TYPES = {"jsonl"}
# dcat:compressFormat: the formats whose files are compressed as a whole
COMPRESS_FORMATS = {"jsonl": "application/gzip"}

DCT = DCTERMS  # a DefinedNamespace: DCT.title is the term, not str.title
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
PREFIXES = {
    "dcat": DCAT,
    "dct": DCT,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "spdx": SPDX,
    "adms": ADMS,
    "xsd": XSD,
}


def dcat_graph(facts: PortalFacts, config: PortalConfig | None = None) -> Graph:
    """One dcat:Catalog with one dcat:Dataset and a dcat:Distribution per published file.
    IRIs are built from `config.base_url`; without it they are relative to the metadata files.
    Blank nodes carry fixed labels, so the output does not change from run to run."""
    config, _ = checked_config(config or PortalConfig())  # portal_facts recorded the warnings
    base = config.base_url
    g = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)

    def lit(text: str, lang: str) -> Literal:
        return Literal(text, lang=lang)

    catalog = URIRef(f"{base}dcat.ttl#catalog")
    dataset = URIRef(f"{base}dcat.ttl#dataset")
    publisher = BNode("publisher")
    contact = BNode("contact")
    lic = URIRef(facts.license.iri)
    title_de, title_en = dataset_title(facts)
    desc_de, desc_en = dataset_description(facts)
    publisher_name = config.publisher or facts.body_name

    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(publisher_name)))
    if facts.body_website:
        g.add((publisher, FOAF.homepage, URIRef(facts.body_website)))

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCT.title, lit(f"Ratsinformationen {facts.body_name}", "de")))
    g.add((catalog, DCT.title, lit(f"Council information {facts.body_name}", "en")))
    g.add((catalog, DCT.description, lit(desc_de, "de")))
    g.add((catalog, DCT.description, lit(desc_en, "en")))
    g.add((catalog, DCT.publisher, publisher))
    g.add((catalog, DCAT.dataset, dataset))
    g.add((catalog, DCT.language, URIRef(LANGUAGE_DEU)))
    if facts.body_website:
        g.add((catalog, FOAF.homepage, URIRef(facts.body_website)))

    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCT.title, lit(title_de, "de")))
    g.add((dataset, DCT.title, lit(title_en, "en")))
    g.add((dataset, DCT.description, lit(desc_de, "de")))
    g.add((dataset, DCT.description, lit(desc_en, "en")))
    g.add((dataset, DCT.identifier, Literal(str(dataset))))
    g.add((dataset, DCT.publisher, publisher))
    g.add((dataset, DCATDE.contributorID, URIRef(config.contributor_id)))
    g.add((dataset, DCT.language, URIRef(LANGUAGE_DEU)))
    g.add((dataset, DCT.accrualPeriodicity, URIRef(FREQUENCY_DAILY)))
    g.add((dataset, DCAT.theme, URIRef(THEME_GOVERNMENT)))
    for keyword in config.keywords:
        g.add((dataset, DCAT.keyword, lit(keyword, "de")))
    if facts.body_website:
        g.add((dataset, DCAT.landingPage, URIRef(facts.body_website)))
    if facts.system_url:
        g.add((dataset, DCT.source, URIRef(facts.system_url)))
    g.add((dataset, DCT.license, lic))
    if facts.attribution:
        g.add((dataset, DCATDE.licenseAttributionByText, Literal(facts.attribution)))

    g.add((dataset, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(publisher_name)))
    if config.contact_email:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{quote(config.contact_email, safe='@')}")))
    contact_url = config.contact_url or facts.body_website
    if contact_url:
        g.add((contact, VCARD.hasURL, URIRef(contact_url)))

    if facts.municipality_key:
        g.add(
            (
                dataset,
                DCATDE.politicalGeocodingURI,
                URIRef(MUNICIPALITY_KEY_URI + facts.municipality_key),
            )
        )
        g.add((dataset, DCATDE.politicalGeocodingLevelURI, URIRef(MUNICIPALITY_LEVEL)))

    modified = Literal(facts.last_date, datatype=XSD.date) if facts.last_date else None
    if modified is not None:
        g.add((dataset, DCT.modified, modified))
        g.add((catalog, DCT.modified, modified))
    if facts.first_date and facts.last_date:
        period = BNode("temporal")
        g.add((dataset, DCT.temporal, period))
        g.add((period, RDF.type, DCT.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(facts.first_date, datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(facts.last_date, datatype=XSD.date)))

    by_name = {t.name: t for t in facts.tables}
    for name, entry in sorted(facts.files.items()):
        table, fmt = by_name[entry["table"]], entry["format"]
        dist = URIRef(f"{base}dcat.ttl#distribution-{table.name}-{fmt}")
        url = URIRef(f"{base}{name}")
        checksum = BNode(f"checksum-{table.name}-{fmt}")
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        note_de, note_en = file_note(table, fmt)
        de = f"{table.de} ({entry['rows']} Zeilen" + (f"; {note_de})" if note_de else ")")
        en = f"{table.en} ({entry['rows']} rows" + (f"; {note_en})" if note_en else ")")
        g.add((dist, DCT.title, lit(f"{table.name} ({fmt.upper()})", "de")))
        g.add((dist, DCT.description, lit(de, "de")))
        g.add((dist, DCT.description, lit(en, "en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCT.format, URIRef(FILE_TYPES[fmt])))
        if fmt not in UNREGISTERED_MEDIA_TYPES:
            g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + MEDIA_TYPES[fmt])))
        if fmt in COMPRESS_FORMATS:
            g.add((dist, DCAT.compressFormat, URIRef(IANA_MEDIA_TYPES + COMPRESS_FORMATS[fmt])))
        g.add((dist, DCT.license, lic))
        if facts.attribution:
            g.add((dist, DCATDE.licenseAttributionByText, Literal(facts.attribution)))
        g.add((dist, DCAT.byteSize, Literal(entry["bytes"], datatype=XSD.nonNegativeInteger)))
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(entry["sha256"], datatype=XSD.hexBinary)))
        if modified is not None:
            g.add((dist, DCT.modified, modified))
    return g


def _sorted_jsonld(value: Any) -> Any:
    """JSON-LD with every array sorted (arrays outside @list are unordered sets)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_jsonld(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_dcat(
    facts: PortalFacts, out_dir: Path, config: PortalConfig | None = None
) -> tuple[Path, Path]:
    """dcat.ttl (Turtle) and dcat.jsonld (JSON-LD), the same graph."""
    g = dcat_graph(facts, config)
    turtle = g.serialize(format="turtle").encode("utf-8")
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    jsonld = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    ttl = write_atomic(out_dir / "dcat.ttl", turtle)
    jl = write_atomic(out_dir / "dcat.jsonld", json_bytes(_sorted_jsonld(jsonld)))
    return ttl, jl
