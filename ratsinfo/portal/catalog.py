"""The catalogue of the combined publication (`<publish dir>/all/`, ratsinfo.combined): every
council's files as DCAT-AP.de metadata (catalog.ttl, catalog.jsonld) and a German page listing
the councils and the downloads (index.html).

catalog.ttl and catalog.jsonld hold one graph (built with rdflib, with the namespaces, file types
and JSON-LD sorting of ratsinfo.portal.dcat): a dcat:Catalog with

- one dcat:Dataset per publishable council ("Ratsinformationen <name>"), whose distributions are
  that council's Parquet partition files of manifest.json (`<table>/council=<key>/data_0.parquet`),
  each with format, byte size and SHA-256; its landing page is the council's own page
  (`CouncilListing.page`) when it has one;
- one dcat:Dataset "Ratsinformationen aller Räte" for the files over all councils (the CSVs).

A council that is not publishable is left out of the catalogue entirely; the page names it with
the reason (`CouncilListing.withheld`) and links none of its files.

IRIs are built from `PortalConfig.base_url`, where the publish directory is served: the combined
folder is `<base_url>all/`. Without a base URL they are relative to the catalogue files, which lie
in the combined folder beside the data. A council's licence is its `CouncilListing.license`; a
council that states none is published under the configured licence (`PortalConfig.license`), by
default dl-by-de/2.0, as ratsinfo.portal.facts does. The dataset of all councils states the
councils' licence when they share one, else dcat-ap.de's "other open licence" (each row is under
its council's licence), with every council's attribution text.

Councils are taken in the order of their keys, blank nodes carry fixed labels, the JSON-LD arrays
are sorted and the page has a fixed order (nothing depends on the wall clock), so the same input
gives the same bytes. Every file is written to a temporary name and renamed into place."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT

from ratsinfo.combined import COMBINED_CSV_MAX_ROWS, COMBINED_DIR, CouncilListing
from ratsinfo.files import write_atomic
from ratsinfo.portal.datapackage import MEDIA_TYPES, json_bytes
from ratsinfo.portal.dcat import (
    COMPRESS_FORMATS,
    DCATDE,
    DCT,
    FILE_TYPES,
    FOAF,
    FREQUENCY_DAILY,
    IANA_MEDIA_TYPES,
    LANGUAGE_DEU,
    MUNICIPALITY_KEY_URI,
    MUNICIPALITY_LEVEL,
    PREFIXES,
    SPDX,
    THEME_GOVERNMENT,
    UNREGISTERED_MEDIA_TYPES,
    VCARD,
    _sorted_jsonld,
)
from ratsinfo.portal.facts import DEFAULT_LICENSE, PortalConfig, checked_config
from ratsinfo.portal.licenses import LICENSES, LicenseInfo, classify_license
from ratsinfo.portal.page.formatting import de_int, de_size, esc, rows_text
from ratsinfo.portal.page.layout import (
    PAGE_NAME,
    TABLE_LABELS,
    format_label,
    hash_cell,
    link,
    page_start,
    time_html,
)
from ratsinfo.portal.page.queries import local_date
from ratsinfo.portal.sanitize import one_line, safe_http_url

CATALOG_TTL = "catalog.ttl"
CATALOG_JSONLD = "catalog.jsonld"
MANIFEST_NAME = "manifest.json"
# dcat-ap.de's "Andere offene Lizenz": the dataset of all councils when their licences differ
OTHER_OPEN = "http://dcat-ap.de/def/licenses/other-open"
DEFAULT_PUBLISHER = "ratsinfo"  # the catalogue's publisher unless PortalConfig.publisher is set
ALL_TITLE = ("Ratsinformationen aller Räte", "Council information of all councils")
CATALOG_TITLE = ("Ratsinformationen als offene Daten", "Council information as open data")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_AGS = re.compile(r"\d{8}")


# -- the input, checked --------------------------------------------------------------------------


def manifest_files(manifest: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The file entries of a manifest: of the parsed manifest.json (`{"files": {...}}`) or of its
    "files" mapping itself, sorted by name; entries that are no mapping are left out."""
    files = manifest.get("files")
    items = files if isinstance(files, Mapping) else manifest
    return {
        str(name): dict(entry)
        for name, entry in sorted(items.items(), key=lambda kv: str(kv[0]))
        if isinstance(entry, Mapping)
    }


def file_href(name: str) -> str:
    """The relative URL of the file `name` (a path relative to the combined folder). The '%' of
    a partition folder's name (`council=https%3A%2F%2F…`, as DuckDB writes it) is part of the
    name on disk, so it is encoded too."""
    return quote(name, safe="/=")


def page_href(page: str | None) -> str | None:
    """The relative URL of a council's own page (`CouncilListing.page`, a path relative to the
    combined folder), or the page itself when it is an absolute http(s) URL; None without one."""
    if not page or not page.strip():
        return None
    if re.match(r"(?i)https?://", page.strip()):
        return safe_http_url(page).url
    return quote(page.strip(), safe="/")


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class _Ids:
    """Fragment identifiers and blank node labels made of safe characters, each handed out once
    (a clash gets a number appended)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def get(self, *parts: str) -> str:
        base = "-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", p).strip("_") or "x" for p in parts)
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name)
        return name


@dataclass(frozen=True)
class _Council:
    """A listed council with what the catalogue and the page state of it."""

    listing: CouncilListing
    name: str  # on one line
    ident: str  # fragment identifier of its dataset and the page's row
    license: LicenseInfo
    attribution: str | None
    files: tuple[tuple[str, dict[str, Any]], ...]  # its partition files (manifest entries)


def council_license(listing: CouncilListing, config: PortalConfig) -> LicenseInfo:
    """The licence of a council's data: its `license` (a known licence in any spelling, or an
    http(s) URL kept as stated); where it states none (or nothing usable), the configured
    licence, else DEFAULT_LICENSE (dl-by-de/2.0), as for a source that states no licence."""
    if listing.license:
        stated = classify_license(listing.license).license
        if stated is not None:
            return stated
        url = safe_http_url(listing.license).url
        if url is not None:  # a licence IRI the caller decided to publish under
            return LICENSES.get(url) or LicenseInfo(url, url, url, True)
    return default_license(config)


def default_license(config: PortalConfig) -> LicenseInfo:
    """The licence of data whose source states none: the configured one, else DEFAULT_LICENSE."""
    if config.license is not None and (lic := classify_license(config.license).license):
        return lic
    return LICENSES[DEFAULT_LICENSE]


def _councils(
    councils: Sequence[CouncilListing],
    files: Mapping[str, dict[str, Any]],
    config: PortalConfig,
    ids: _Ids,
) -> list[_Council]:
    """The listed councils in the order of their keys."""
    keys = [c.key for c in councils]
    twice = sorted({k for k in keys if keys.count(k) > 1}) if len(set(keys)) != len(keys) else []
    if twice:
        raise ValueError("councils listed more than once: " + ", ".join(map(repr, twice)))
    by_council: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, entry in files.items():  # sorted by name
        if entry.get("council") is not None and entry.get("table"):
            by_council.setdefault(str(entry["council"]), []).append((name, entry))
    out = []
    for listing in sorted(councils, key=lambda c: c.key):
        name = one_line(listing.name) or one_line(listing.key) or "?"
        lic = council_license(listing, config)
        attribution = config.license_attribution
        if attribution is None and lic.attribution_required:
            last = listing.last_date
            attribution = f"{name}, Ratsinformationssystem" + (f", {last.year}" if last else "")
        own = tuple(by_council.get(listing.key, ()))
        ident = ids.get("council", listing.slug or listing.key)
        out.append(_Council(listing, name, ident, lic, attribution, own))
    return out


def _utc(moment: dt.datetime) -> dt.datetime:
    """`moment` in UTC (a naive one is taken as UTC, as CouncilListing.fetched_at is)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _modified(moment: dt.datetime) -> Literal:
    return Literal(_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)


def _municipality_key(listing: CouncilListing) -> str | None:
    key = (listing.municipality_key or "").strip()
    return key if _AGS.fullmatch(key) else None


# -- catalog.ttl, catalog.jsonld -----------------------------------------------------------------


def catalog_graph(
    councils: Sequence[CouncilListing], manifest: Mapping[str, Any], config: PortalConfig
) -> Graph:
    """The catalogue of the combined folder as a graph (see the module docstring)."""
    config, _ = checked_config(config)  # a repaired setting falls back to its default
    files = manifest_files(manifest)
    ids = _Ids()
    listed = _councils(councils, files, config, ids)
    published = [c for c in listed if c.listing.publishable]
    root = f"{config.base_url}{COMBINED_DIR}/" if config.base_url else ""
    here = f"{root}{CATALOG_TTL}"

    g = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)

    def de_en(subject: URIRef, predicate: URIRef, de: str, en: str) -> None:
        g.add((subject, predicate, Literal(de, lang="de")))
        g.add((subject, predicate, Literal(en, lang="en")))

    def agent(label: str, name: str, homepage: str | None) -> BNode:
        node = BNode(ids.get(label))
        g.add((node, RDF.type, FOAF.Organization))
        g.add((node, FOAF.name, Literal(name)))
        if homepage:
            g.add((node, FOAF.homepage, URIRef(homepage)))
        return node

    def contact_point(dataset: URIRef, label: str, name: str, url: str | None) -> None:
        contact = BNode(ids.get(label))
        g.add((dataset, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(name)))
        if config.contact_email:
            email = quote(config.contact_email, safe="@")
            g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        if contact_url := config.contact_url or url:
            g.add((contact, VCARD.hasURL, URIRef(contact_url)))

    def common(dataset: URIRef, lic: LicenseInfo, attribution: str | None) -> None:
        g.add((dataset, RDF.type, DCAT.Dataset))
        g.add((dataset, DCT.identifier, Literal(str(dataset))))
        g.add((dataset, DCATDE.contributorID, URIRef(config.contributor_id)))
        g.add((dataset, DCT.language, URIRef(LANGUAGE_DEU)))
        g.add((dataset, DCT.accrualPeriodicity, URIRef(FREQUENCY_DAILY)))
        g.add((dataset, DCAT.theme, URIRef(THEME_GOVERNMENT)))
        for keyword in config.keywords:
            g.add((dataset, DCAT.keyword, Literal(keyword, lang="de")))
        g.add((dataset, DCT.license, URIRef(lic.iri)))
        if attribution:
            g.add((dataset, DCATDE.licenseAttributionByText, Literal(attribution)))
        g.add((catalog, DCAT.dataset, dataset))

    def geocoding(dataset: URIRef, key: str) -> None:
        g.add((dataset, DCATDE.politicalGeocodingURI, URIRef(MUNICIPALITY_KEY_URI + key)))
        g.add((dataset, DCATDE.politicalGeocodingLevelURI, URIRef(MUNICIPALITY_LEVEL)))

    def temporal(dataset: URIRef, first: dt.date | None, last: dt.date | None) -> None:
        if first is None or last is None:
            return
        period = BNode(ids.get("temporal"))
        g.add((dataset, DCT.temporal, period))
        g.add((period, RDF.type, DCT.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(first, datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(last, datatype=XSD.date)))

    def distribution(
        dataset: URIRef,
        ident: str,
        name: str,
        entry: dict[str, Any],
        whose: tuple[str, str],
        lic: LicenseInfo,
        attribution: str | None,
        modified: Literal | None,
    ) -> None:
        table, fmt = str(entry.get("table")), str(entry.get("format") or "")
        dist = URIRef(f"{here}#distribution-{ident}")
        url = URIRef(root + file_href(name))
        g.add((dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        label = format_label(table, fmt) if fmt else name
        rows = _count(entry.get("rows"))
        rows_de = f", {rows_text(rows)}" if rows is not None else ""
        rows_en = f", {rows} row{'' if rows == 1 else 's'}" if rows is not None else ""
        g.add((dist, DCT.title, Literal(f"{table} – {whose[0]} ({label})", lang="de")))
        de = f"{TABLE_LABELS.get(table, table)} – {whose[0]} ({label}{rows_de})"
        de_en(dist, DCT.description, de, f"Table {table} – {whose[1]} ({label}{rows_en})")
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        if fmt in FILE_TYPES:
            g.add((dist, DCT.format, URIRef(FILE_TYPES[fmt])))
        if fmt in MEDIA_TYPES and fmt not in UNREGISTERED_MEDIA_TYPES:
            g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + MEDIA_TYPES[fmt])))
        if fmt in COMPRESS_FORMATS:
            g.add((dist, DCAT.compressFormat, URIRef(IANA_MEDIA_TYPES + COMPRESS_FORMATS[fmt])))
        g.add((dist, DCT.license, URIRef(lic.iri)))
        if attribution:
            g.add((dist, DCATDE.licenseAttributionByText, Literal(attribution)))
        if (size := _count(entry.get("bytes"))) is not None:
            g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        sha = str(entry.get("sha256") or "").lower()
        if _SHA256.fullmatch(sha):
            checksum = BNode(ids.get("checksum", ident))
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(sha, datatype=XSD.hexBinary)))
        if modified is not None:
            g.add((dist, DCT.modified, modified))

    # the catalogue
    catalog = URIRef(f"{here}#catalog")
    home = URIRef(root + PAGE_NAME)
    fetched = [c.listing.fetched_at for c in published if c.listing.fetched_at is not None]
    newest = _modified(max(fetched, key=_utc)) if fetched else None
    g.add((catalog, RDF.type, DCAT.Catalog))
    de_en(catalog, DCT.title, *CATALOG_TITLE)
    de_en(
        catalog,
        DCT.description,
        f"Ratsinformationen von {len(published)} Räten als offene Daten: je Rat ein Datensatz "
        "mit seinen Parquet-Dateien (eine je Tabelle) und ein Datensatz mit den CSV-Dateien über "
        "alle Räte.",
        f"Council information of {len(published)} councils as open data: one dataset per "
        "council with its Parquet files (one per table) and one dataset with the CSV files over "
        "all councils.",
    )
    publisher_name = config.publisher or DEFAULT_PUBLISHER
    g.add((catalog, DCT.publisher, agent("publisher", publisher_name, None)))
    g.add((catalog, DCT.language, URIRef(LANGUAGE_DEU)))
    g.add((catalog, FOAF.homepage, home))
    if newest is not None:
        g.add((catalog, DCT.modified, newest))

    # one dataset per publishable council: its partition files
    for council in published:
        c = council.listing
        dataset = URIRef(f"{here}#{council.ident}")
        website = safe_http_url(c.website).url
        system = safe_http_url(c.system_url).url
        common(dataset, council.license, council.attribution)
        de_en(
            dataset,
            DCT.title,
            f"Ratsinformationen {council.name}",
            f"Council information {council.name}",
        )
        tables = sorted({str(e["table"]) for _, e in council.files})
        vendor = one_line(c.vendor or "")
        de_en(
            dataset,
            DCT.description,
            f"Vorlagen, Beratungsfolgen, Antworten der Verwaltung, Geldbeträge und Dokumente aus "
            f"dem Ratsinformationssystem – {council.name} –"
            + (f" ({vendor})" if vendor else "")
            + f", {de_int(c.papers)} Vorlagen, als Parquet-Dateien je Tabelle"
            + (f" ({', '.join(tables)})" if tables else "")
            + "; Teil der Ratsinformationen aller Räte (Spalte council: "
            + one_line(c.key)
            + ").",
            f"Papers, consultations, answers, amounts and documents from the council information "
            f"system – {council.name} –"
            + (f" ({vendor})" if vendor else "")
            + f", {c.papers} papers, as Parquet files per table"
            + (f" ({', '.join(tables)})" if tables else "")
            + "; part of the council information of all councils (column council: "
            + one_line(c.key)
            + ").",
        )
        publisher = config.publisher or council.name
        g.add((dataset, DCT.publisher, agent("publisher", publisher, website)))
        contact_point(dataset, "contact", publisher, website)
        if (href := page_href(c.page)) is not None:
            g.add((dataset, DCAT.landingPage, URIRef(urljoin(root, href) if root else href)))
        if system:
            g.add((dataset, DCT.source, URIRef(system)))
        if (ags := _municipality_key(c)) is not None:
            geocoding(dataset, ags)
        temporal(dataset, c.first_date, c.last_date)
        modified = _modified(c.fetched_at) if c.fetched_at is not None else None
        if modified is not None:
            g.add((dataset, DCT.modified, modified))
        for name, entry in council.files:
            ident = ids.get(council.ident, str(entry["table"]), Path(name).stem)
            whose = (council.name, council.name)
            distribution(
                dataset, ident, name, entry, whose, council.license, council.attribution, modified
            )

    # the dataset of all councils: the files of no single council (the CSVs)
    dataset = URIRef(f"{here}#all")
    licences = {c.license.iri: c.license for c in published}
    if len(licences) == 1:
        lic = next(iter(licences.values()))
    elif licences:
        lic = LicenseInfo(OTHER_OPEN, "Andere offene Lizenz", OTHER_OPEN, True)
    else:
        lic = default_license(config)
    attributions = list(dict.fromkeys(c.attribution for c in published if c.attribution))
    attribution = "; ".join(attributions) or None
    common(dataset, lic, attribution)
    de_en(dataset, DCT.title, *ALL_TITLE)
    de_en(
        dataset,
        DCT.description,
        f"Alle veröffentlichten Tabellen über alle Räte ({len(published)} Räte), je Tabelle eine "
        "CSV-Datei mit der Spalte council, die den Rat nennt; für jede Zeile gilt die Lizenz ihres "
        "Rates. Die Parquet-Dateien sind nach Rat geteilt und gehören zu den Datensätzen der Räte.",
        f"Every published table over all councils ({len(published)} councils), one CSV file per "
        "table with the column council naming the council; each row is under its council's "
        "licence. The Parquet files are split by council and belong to the councils' datasets.",
    )
    g.add((dataset, DCT.publisher, agent("publisher", publisher_name, None)))
    contact_point(dataset, "contact", publisher_name, None)
    g.add((dataset, DCAT.landingPage, home))
    for key in sorted({k for c in published if (k := _municipality_key(c.listing))}):
        geocoding(dataset, key)
    firsts = [c.listing.first_date for c in published if c.listing.first_date]
    lasts = [c.listing.last_date for c in published if c.listing.last_date]
    temporal(dataset, min(firsts, default=None), max(lasts, default=None))
    if newest is not None:
        g.add((dataset, DCT.modified, newest))
    for name, entry in files.items():
        if entry.get("council") is None and entry.get("table"):
            ident = ids.get("all", str(entry["table"]), str(entry.get("format") or "file"))
            whose = ("alle Räte", "all councils")
            distribution(dataset, ident, name, entry, whose, lic, attribution, newest)
    return g


def catalog_bytes(graph: Graph) -> tuple[bytes, bytes]:
    """(Turtle, JSON-LD) of the graph, the JSON-LD compacted with the prefixes and sorted."""
    turtle = graph.serialize(format="turtle").encode("utf-8")
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    jsonld = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    return turtle, json_bytes(_sorted_jsonld(jsonld))


# -- index.html -----------------------------------------------------------------------------------

COUNCIL_COLUMNS = (
    ("Rat", ""),
    ("AGS", ""),
    ("System", ""),
    ("Vorlagen", "num"),
    ("Zeitraum der Vorlagen", ""),
    ("Abgerufen am", ""),
    ("Lizenz", ""),
    ("Parquet-Dateien", ""),
)


def _span(first: dt.date | None, last: dt.date | None) -> str:
    if first and last:
        return f"{time_html(first)} bis {time_html(last)}"
    return "keine datierten Vorlagen"


def _council_row(council: _Council) -> str:
    c = council.listing
    href = page_href(c.page)
    name = f'<a href="{esc(href)}">{esc(council.name)}</a>' if href else esc(council.name)
    fetched = time_html(local_date(c.fetched_at)) if c.fetched_at else "unbekannt"
    cells = [
        f'<th scope="row"><strong>{name}</strong>'
        f'<span class="sub">council: <code>{esc(one_line(c.key))}</code></span></th>',
        f"<td>{esc(c.municipality_key) if c.municipality_key else '–'}</td>",
        f"<td>{esc(one_line(c.vendor)) if c.vendor else '–'}</td>",
        f'<td class="num">{esc(de_int(c.papers))}</td>',
        f"<td>{_span(c.first_date, c.last_date)}</td>",
        f"<td>{fetched}</td>",
    ]
    if not c.publishable:
        reason = one_line(c.withheld or "")
        cells.append(
            '<td colspan="2" class="withheld"><strong>Nicht als offene Daten veröffentlicht'
            "</strong> – keine Downloads."
            + (f'<span class="sub">Grund: {esc(reason)}</span>' if reason else "")
            + "</td>"
        )
    else:
        lic = council.license
        attribution = (
            f'<span class="sub">Namensnennung: <q class="attribution">{esc(council.attribution)}'
            "</q></span>"
            if council.attribution
            else ""
        )
        cells.append(f"<td>{link(lic.url, lic.title)}{attribution}</td>")
        parts = []
        for file_name, entry in council.files:
            size = _count(entry.get("bytes"))
            rows = _count(entry.get("rows"))
            facts = [rows_text(rows)] if rows is not None else []
            facts += [de_size(size)] if size is not None else []
            title = ", ".join(facts)
            parts.append(
                f'<a href="{esc(file_href(file_name))}" download'
                + (f' title="{esc(title)}"' if title else "")
                + f">{esc(entry['table'])}</a>"
            )
        cells.append(f"<td>{', '.join(parts) if parts else 'noch keine'}</td>")
    # each cell names its column, for the cards the table becomes on a phone (portal.css)
    labels = [h for h, _ in COUNCIL_COLUMNS[1:]]
    cells[1:] = [
        cell.replace("<td", f'<td data-label="{esc(label)}"', 1)
        for cell, label in zip(cells[1:], labels, strict=False)
    ]
    return f'<tr id="{esc(council.ident)}">{"".join(cells)}</tr>'


def _downloads(files: Mapping[str, dict[str, Any]]) -> str:
    """The files over all councils, one group per table: its CSV (when there is one) and its
    folder of Parquet files (one per council)."""
    tables: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {}
    for name, entry in files.items():
        table = entry.get("table")
        if not table:
            continue
        kind = "parts" if entry.get("council") is not None else "files"
        tables.setdefault(str(table), {"files": [], "parts": []})[kind].append((name, entry))
    body = []
    for table, groups in sorted(tables.items()):
        parts = groups["parts"]
        part_rows = sum(_count(e.get("rows")) or 0 for _, e in parts)
        part_bytes = sum(_count(e.get("bytes")) or 0 for _, e in parts)
        csv_rows = [r for _, e in groups["files"] if (r := _count(e.get("rows"))) is not None]
        n_rows = csv_rows[0] if csv_rows else part_rows
        lines = []
        for name, entry in groups["files"]:
            fmt = str(entry.get("format") or Path(name).suffix.lstrip("."))
            size = _count(entry.get("bytes"))
            lines.append(
                f'<td class="file"><a href="{esc(file_href(name))}" download>{esc(name)}</a></td>'
                f'<td class="fmt">{esc(format_label(table, fmt))}</td>'
                f'<td class="num size">{esc(de_size(size)) if size is not None else ""}</td>'
                + hash_cell(str(entry.get("sha256") or ""))
            )
        if not groups["files"]:
            why = (
                f"mehr als {de_int(COMBINED_CSV_MAX_ROWS)} Zeilen"
                if part_rows > COMBINED_CSV_MAX_ROWS
                else "nicht erzeugt"
            )
            lines.append(
                f'<td class="file">keine CSV-Datei über alle Räte ({esc(why)}); alle Zeilen stehen '
                'in den Parquet-Dateien</td><td class="fmt"></td><td class="num size"></td>'
                '<td class="hash"></td>'
            )
        if parts:
            folder = table + "/"
            count = "eine Datei" if len(parts) == 1 else f"{de_int(len(parts))} Dateien"
            lines.append(
                f'<td class="file">Ordner <code>{esc(folder)}</code> – {count}, eine je Rat</td>'
                '<td class="fmt">Parquet</td>'
                f'<td class="num size">{esc(de_size(part_bytes))}</td><td class="hash"></td>'
            )
        span = f' rowspan="{len(lines)}"' if len(lines) > 1 else ""
        label = TABLE_LABELS.get(table, "")
        head = (
            f'<th scope="rowgroup"{span}><strong>{esc(table)}</strong>'
            + (f'<span class="sub">{esc(label)}</span>' if label else "")
            + f'</th><td class="num rows"{span}>{esc(de_int(n_rows))}'
            f'<span class="unit"> {"Zeile" if n_rows == 1 else "Zeilen"}</span></td>'
        )
        rows = [f"<tr>{head if i == 0 else ''}{line}</tr>" for i, line in enumerate(lines)]
        body.append(f"<tbody>{''.join(rows)}</tbody>")
    if not body:
        return '<p class="note">Noch keine Dateien veröffentlicht.</p>'
    head_cells = "".join(
        f'<th scope="col"{" class=num" if h in ("Zeilen", "Größe") else ""}>{h}</th>'
        for h in ("Tabelle", "Zeilen", "Datei", "Format", "Größe", "SHA-256")
    )
    return (
        '<table class="files"><caption>Dateien über alle Räte (Quelle: manifest.json)</caption>'
        f"<thead><tr>{head_cells}</tr></thead>{''.join(body)}</table>"
    )


def _code(text: str, label: str) -> str:
    return (
        f'<pre class="code scroll" role="region" tabindex="0" aria-label="{esc(label)}">'
        f"<code>{esc(text)}</code></pre>"
    )


def render_catalog_page(
    councils: Sequence[CouncilListing], manifest: Mapping[str, Any], config: PortalConfig
) -> str:
    """index.html of the combined folder as text (see the module docstring)."""
    config, _ = checked_config(config)
    files = manifest_files(manifest)
    listed = _councils(councils, files, config, _Ids())
    published = [c for c in listed if c.listing.publishable]
    shown = sorted(listed, key=lambda c: (c.name.casefold(), c.name, c.listing.key))
    fetched = [c.listing.fetched_at for c in published if c.listing.fetched_at is not None]
    newest = time_html(local_date(max(fetched, key=_utc))) if fetched else "unbekannt"
    firsts = [c.listing.first_date for c in published if c.listing.first_date]
    lasts = [c.listing.last_date for c in published if c.listing.last_date]
    withheld = len(listed) - len(published)
    n_councils = f"{de_int(len(listed))}" + (
        f", davon {de_int(withheld)} nicht veröffentlicht" if withheld else ""
    )
    head = "".join(
        f'<th scope="col"{f" class={cls}" if cls else ""}>{esc(h)}</th>'
        for h, cls in COUNCIL_COLUMNS
    )
    council_table = (
        '<div class="scroll" role="region" tabindex="0" aria-label="Räte">'
        '<table class="councils"><caption>Räte, nach Namen</caption>'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(_council_row(c) for c in shown)}</tbody></table></div>"
        if shown
        else '<p class="note">Noch keine Räte.</p>'
    )
    tables = sorted({str(e["table"]) for e in files.values() if e.get("table")})
    example = "vorlagen" if "vorlagen" in tables or not tables else tables[0]
    extras = [
        (CATALOG_TTL, "DCAT-AP-Metadaten (RDF/Turtle): je Rat ein Datensatz, dazu alle Räte"),
        (CATALOG_JSONLD, "dieselben DCAT-AP-Metadaten als JSON-LD"),
        (MANIFEST_NAME, "Liste aller Dateien mit Tabelle, Rat, Zeilen, Größe und SHA-256 (JSON)"),
    ]
    title = CATALOG_TITLE[0]
    return "\n".join(
        [
            *page_start(ALL_TITLE[0], title),
            '<p class="lead">Vorlagen, Beratungen, Antworten der Verwaltung, in den Texten '
            "genannte Geldbeträge und die Texte der Dokumente aus den Ratsinformationssystemen "
            "vieler Räte – je Rat als Parquet-Dateien, über alle Räte als CSV, mit Prüfsummen "
            "und DCAT-AP-Metadaten.</p>",
            '<dl class="facts">',
            f"<div><dt>Räte</dt><dd>{n_councils}</dd></div>",
            "<div><dt>Vorlagen (veröffentlicht)</dt>"
            f"<dd>{de_int(sum(c.listing.papers for c in published))}</dd></div>",
            f"<div><dt>Zuletzt abgerufen am</dt><dd>{newest}</dd></div>",
            '<div class="wide"><dt>Zeitraum der Vorlagen</dt>'
            f"<dd>{_span(min(firsts, default=None), max(lasts, default=None))}</dd></div>",
            "</dl>",
            "</div></header>",
            '<main class="wrap">',
            '<section aria-labelledby="raete"><h2 id="raete">Räte</h2>',
            '<p class="note">Je Rat: der Gemeindeschlüssel (AGS), das Ratsinformationssystem, '
            "die Zahl der Vorlagen, ihr Zeitraum, der Tag des letzten Abrufs, die Lizenz seiner "
            "Daten und seine Parquet-Dateien (eine je Tabelle). Ein Rat, dessen Daten nicht als "
            "offene Daten veröffentlicht werden dürfen, steht mit dem Grund hier, ohne Downloads "
            "und nicht im Katalog.</p>",
            council_table,
            "</section>",
            '<section aria-labelledby="downloads"><h2 id="downloads">Downloads über alle Räte</h2>',
            '<div class="licence" id="lizenz"><p><strong>Lizenz:</strong> Für jede Zeile gilt '
            "die Lizenz ihres Rates (Spalte <code>council</code>, siehe Tabelle der Räte), "
            "mit der dort genannten Namensnennung.</p></div>",
            '<p class="note">Je Tabelle eine CSV-Datei über alle Räte (UTF-8, Kopfzeile, '
            f"RFC 4180; nur bis {de_int(COMBINED_CSV_MAX_ROWS)} Zeilen) und ein Ordner mit einer "
            "Parquet-Datei (zstd) je Rat, nach Rat geteilt (<code>council=&lt;Rat&gt;</code>). "
            "Alle Parquet-Dateien einer Tabelle auf einmal, etwa mit DuckDB:</p>",
            _code(
                f"SELECT * FROM read_parquet('{example}/*/*.parquet',\n  hive_partitioning = true)",
                "Beispiel: alle Parquet-Dateien einer Tabelle lesen",
            ),
            _downloads(files),
            '<h3>Metadaten und Prüfsummen</h3><ul class="extras">'
            + "".join(
                f'<li><a href="{esc(quote(name))}">{esc(name)}</a> – {esc(text)}</li>'
                for name, text in extras
            )
            + "</ul>",
            "</section>",
            "</main>",
            '<footer class="wrap"><p>Daten: die Ratsinformationssysteme der genannten Räte; '
            "Lizenz und Namensnennung je Rat wie in der Tabelle der Räte. Erzeugt von ratsinfo "
            f"(Stand der Daten: {newest}).</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_catalog(
    out_dir: Path,
    councils: Sequence[CouncilListing],
    manifest: dict[str, Any],
    config: PortalConfig,
) -> list[Path]:
    """Write catalog.ttl, catalog.jsonld and index.html into the combined folder `out_dir`
    (`<publish dir>/all/`), each to a temporary name renamed into place. `councils`: every
    council of the publication; `manifest`: the parsed all/manifest.json (or its "files"
    mapping). Returns the paths written, in that order. The same input gives the same bytes."""
    out_dir = Path(out_dir)
    turtle, jsonld = catalog_bytes(catalog_graph(councils, manifest, config))
    page = render_catalog_page(councils, manifest, config)
    return [
        write_atomic(out_dir / CATALOG_TTL, turtle),
        write_atomic(out_dir / CATALOG_JSONLD, jsonld),
        write_atomic(out_dir / PAGE_NAME, page),
    ]
