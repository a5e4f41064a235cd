"""Open-data portal metadata for the publish directory, generated from the warehouse.

Writes, next to the published `<table>.parquet` / `<table>.csv` files and `manifest.json`:

- `datapackage.json`: a Frictionless Data Package (one resource per published file; the CSV
  resources with a Table Schema: types from the DuckDB types, descriptions from the column
  comments, primary and foreign keys);
- `dcat.ttl` and `dcat.jsonld`: DCAT-AP.de metadata (one dcat:Catalog holding one dcat:Dataset
  with one dcat:Distribution per published file), built with rdflib;
- `README.md`: a short German/English description for downloaders;
- `SHA256SUMS`: coreutils checksums of every published file but itself (write it last).

Descriptions come from the warehouse's comments (`warehouse/comments.sql`, format
``'de: <German> | en: <English>'``), never written twice. Licence and body name come from the
archived OParl System and Body objects when they state them, otherwise from `PortalConfig`.
Every file is written to a temporary name and renamed into place, and identical input gives
identical bytes: keys are sorted, dates come from the data (never the wall clock).

What the source states is checked before use (ratsinfo.portal.sanitize): a website, System id or
licence that is no safe absolute http(s) URL is percent-encoded or dropped, never breaks the
DCAT files, and each such repair is recorded in `PortalFacts.warnings`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ratsinfo.councils import Council, registered
from ratsinfo.files import file_sha256, write_atomic
from ratsinfo.portal.sanitize import markdown_text, one_line, safe_http_url
from ratsinfo.warehouse import PUBLISH_FORMATS, PUBLISHED, TABLES, manifest_entries

# -- configuration -------------------------------------------------------------------------------

DL_BY_DE_2 = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
DEFAULT_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/ratsinfo"
MUNICIPALITY_KEY_URI = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
MUNICIPALITY_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
LANGUAGE_DEU = "http://publications.europa.eu/resource/authority/language/DEU"
FREQUENCY_DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"


@dataclass(frozen=True)
class PortalConfig:
    """Settings of the portal metadata. Unset values come from the source (OParl Body/System),
    then from the council registry (ratsinfo.councils), then from the defaults here.

    base_url: where the publish directory is served ("https://example.org/ratsinfo/"); empty =
    URLs relative to the metadata files (the published files lie next to them).
    license: the licence when the source states none (a dcat-ap.de licence IRI or a known licence
    URL such as https://www.govdata.de/dl-de/by-2-0).
    """

    base_url: str = ""
    license: str = DL_BY_DE_2
    license_attribution: str | None = None  # default: "<body>, Ratsinformationssystem, <year>"
    contributor_id: str = DEFAULT_CONTRIBUTOR_ID  # GovData's Datenbereitsteller-ID
    contact_email: str | None = None
    contact_url: str | None = None  # default: the body's website
    publisher: str | None = None  # default: the body's name
    municipality_key: str | None = None  # default: the Body's `ags`, then the source profile
    keywords: tuple[str, ...] = (
        "Ratsinformationssystem",
        "Kommunalpolitik",
        "Vorlagen",
        "Beratungsfolge",
        "Anfragen",
        "OParl",
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> PortalConfig:
        """Defaults, then RATSINFO_PORTAL_* environment variables, then explicit overrides."""
        env = os.environ if env is None else env
        names = {
            "base_url": "RATSINFO_PORTAL_BASE_URL",
            "license": "RATSINFO_PORTAL_LICENSE",
            "license_attribution": "RATSINFO_PORTAL_ATTRIBUTION",
            "contributor_id": "RATSINFO_PORTAL_CONTRIBUTOR_ID",
            "contact_email": "RATSINFO_PORTAL_CONTACT_EMAIL",
            "contact_url": "RATSINFO_PORTAL_CONTACT_URL",
            "publisher": "RATSINFO_PORTAL_PUBLISHER",
            "municipality_key": "RATSINFO_PORTAL_MUNICIPALITY_KEY",
        }
        values: dict[str, Any] = {k: env[v] for k, v in names.items() if env.get(v)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    def __post_init__(self) -> None:
        if self.base_url and not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")


# -- licences ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicenseInfo:
    iri: str  # a dcat-ap.de licence IRI where the licence is known, else the URL as stated
    title: str
    url: str  # the licence text
    attribution_required: bool


_LICENSES: dict[str, LicenseInfo] = {
    lic.iri: lic
    for lic in (
        LicenseInfo(
            DL_BY_DE_2,
            "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            "https://www.govdata.de/dl-de/by-2-0",
            True,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
            "Datenlizenz Deutschland – Zero – Version 2.0",
            "https://www.govdata.de/dl-de/zero-2-0",
            False,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/cc-by/4.0",
            "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/",
            True,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
            "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 "
            "International (CC BY-SA 4.0)",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            True,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/cc-zero",
            "Creative Commons Zero 1.0 Universell (CC0 1.0)",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            False,
        ),
    )
}

# Spellings of the known licences, matched against a URL without scheme, "www." and end slash.
_LICENSE_ALIASES = {
    "dcat-ap.de/def/licenses/dl-by-de/2.0": DL_BY_DE_2,
    "govdata.de/dl-de/by-2-0": DL_BY_DE_2,
    "dl-de/by-2-0": DL_BY_DE_2,
    "dl-de-by-2.0": DL_BY_DE_2,
    "dcat-ap.de/def/licenses/dl-zero-de/2.0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "govdata.de/dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dl-de-zero-2.0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dcat-ap.de/def/licenses/cc-by/4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "creativecommons.org/licenses/by/4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "creativecommons.org/licenses/by/4.0/deed.de": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "cc-by-4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "dcat-ap.de/def/licenses/cc-by-sa/4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "creativecommons.org/licenses/by-sa/4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "cc-by-sa-4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "dcat-ap.de/def/licenses/cc-zero": "http://dcat-ap.de/def/licenses/cc-zero",
    "creativecommons.org/publicdomain/zero/1.0": "http://dcat-ap.de/def/licenses/cc-zero",
    "cc0-1.0": "http://dcat-ap.de/def/licenses/cc-zero",
}


def license_info(stated: str) -> LicenseInfo:
    """The licence named by `stated` (an IRI, URL or short name); an unknown one is kept as the
    source states it, with attribution (the safe assumption). Raises ValueError when `stated` is
    neither a known licence nor an http(s) URL (see `checked_license`)."""
    lic, problem = checked_license(stated)
    if lic is None:
        raise ValueError(problem)
    return lic


def checked_license(stated: str) -> tuple[LicenseInfo | None, str | None]:
    """(licence, problem): a known licence by any of its spellings; an unknown one by its URL
    (percent-encoded where an IRI needs it, problem says so); None when `stated` is neither."""
    key = re.sub(r"^[a-z]+://", "", stated.strip().lower())
    key = key.removeprefix("www.").rstrip("/")
    iri = _LICENSE_ALIASES.get(key)
    if iri is not None:
        return _LICENSES[iri], None
    checked = safe_http_url(stated)
    if checked.url is None:
        return None, f"licence {one_line(stated)[:120]!r} is no known licence and no URL"
    return LicenseInfo(checked.url, checked.url, checked.url, True), checked.problem


# -- comments ------------------------------------------------------------------------------------

_COMMENT = re.compile(r"^de: (?P<de>.+?) \| en: (?P<en>.+)$", re.DOTALL)


def parse_comment(comment: str | None) -> tuple[str, str]:
    """(German, English) of a comment in the format 'de: <German> | en: <English>'."""
    if not comment:
        return "", ""
    m = _COMMENT.match(comment.strip())
    if m is None:
        return comment.strip(), ""
    return m["de"].strip(), m["en"].strip()


def both_languages(de: str, en: str) -> str:
    return f"{de} / {en}" if de and en else de or en


# -- facts from the warehouse --------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    duckdb_type: str
    de: str
    en: str


@dataclass(frozen=True)
class TableInfo:
    name: str
    de: str
    en: str
    key: tuple[str, ...]
    rows: int
    columns: tuple[ColumnInfo, ...]


@dataclass(frozen=True)
class PortalFacts:
    """Everything the metadata files say, read once from the warehouse and the publish dir."""

    source: str
    body_name: str
    body_website: str | None
    system_url: str | None
    municipality_key: str | None
    license: LicenseInfo
    license_from_source: bool
    attribution: str | None
    first_date: dt.date | None
    last_date: dt.date | None
    tables: tuple[TableInfo, ...]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # manifest entries
    warnings: tuple[str, ...] = ()  # what the source or the settings said that had to be repaired


def table_info(con: duckdb.DuckDBPyConnection, table: str) -> TableInfo:
    comment_row = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'",
        [table],
    ).fetchone()
    de, en = parse_comment(comment_row[0] if comment_row else None)
    rows = con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index",
        [table],
    ).fetchall()
    columns = tuple(
        ColumnInfo(name, dtype, *parse_comment(comment)) for name, dtype, comment in rows
    )
    count_row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return TableInfo(
        table, de, en, TABLES[table].key, int(count_row[0]) if count_row else 0, columns
    )


def _json_body(body: bytes | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(bytes(body).decode("utf-8", errors="replace"), strict=False)
    except ValueError:
        return None


def _latest_body(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> Any:
    from ratsinfo.bodies import read_bodies  # bodies live beside the warehouse file
    from ratsinfo.warehouse import table_columns

    # warehouses made before the body store have no body_size (read-only: no schema update)
    stored = "body_size" if "body_size" in table_columns(con, "raw_responses") else "NULL"
    row = con.execute(
        "SELECT url, sha256 FROM raw_responses WHERE kind = 'oparl' "
        f"AND (body IS NOT NULL OR {stored} IS NOT NULL) "
        "AND (status IS NULL OR status = 200) AND " + where + " "
        "ORDER BY last_fetched_at DESC, sha256 LIMIT 1",
        params,
    ).fetchone()
    if not row:
        return None
    return _json_body(read_bodies(con, [(row[0], row[1])])[(row[0], row[1])])


def oparl_system_and_body(
    con: duckdb.DuckDBPyConnection,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The archived OParl System object and its (first) Body, or empty dicts."""
    system = _latest_body(con, "url LIKE '%/oparl/system'", [])
    if not isinstance(system, dict):
        return {}, {}
    body: Any = None
    body_list = system.get("body")
    if isinstance(body_list, str):
        body = _latest_body(con, "url = ?", [body_list])
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        bodies = [b for b in body["data"] if isinstance(b, dict)]
        ids_row = con.execute(
            "SELECT body_id FROM oparl_papers WHERE body_id IS NOT NULL "
            "GROUP BY body_id ORDER BY count(*) DESC, body_id LIMIT 1"
        ).fetchone()
        preferred = [b for b in bodies if ids_row and b.get("id") == ids_row[0]]
        candidates = preferred or bodies
        body = candidates[0] if candidates else None
    return system, body if isinstance(body, dict) else {}


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


_EMAIL = re.compile(r"[^@\s<>\"(),:;\\\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def checked_config(config: PortalConfig) -> tuple[PortalConfig, list[str]]:
    """`config` with every URL, e-mail address and key safe to become an IRI, and what had to be
    repaired or dropped (a dropped value falls back to its default)."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    for name, fallback in (
        ("base_url", ""),
        ("contributor_id", DEFAULT_CONTRIBUTOR_ID),
        ("contact_url", None),
    ):
        value = getattr(config, name)
        if not value:
            continue
        checked = safe_http_url(value)
        if checked.problem:
            warnings.append(f"portal setting {name}: {checked.problem}")
        values[name] = checked.url if checked.url is not None else fallback
    if config.contact_email and not _EMAIL.fullmatch(config.contact_email):
        warnings.append("portal setting contact_email: not an e-mail address, dropped")
        values["contact_email"] = None
    if config.municipality_key and not re.fullmatch(r"\d{8}", config.municipality_key):
        warnings.append("portal setting municipality_key: not 8 digits, dropped")
        values["municipality_key"] = None
    for name in ("license_attribution", "publisher"):
        value = getattr(config, name)
        if value is not None:
            values[name] = one_line(value) or None
    return replace(config, **values), warnings


def portal_facts(
    con: duckdb.DuckDBPyConnection, out_dir: Path | None, config: PortalConfig | None = None
) -> PortalFacts:
    """The facts for the portal files; `out_dir` None: without the published files (no hashing),
    for the portal page."""
    config, warnings = checked_config(config or PortalConfig())

    def checked_url(value: Any, what: str) -> str | None:
        checked = safe_http_url(value)
        if checked.problem:
            dropped = "; dropped" if checked.url is None else ""
            warnings.append(f"{what}: {checked.problem}{dropped}")
        return checked.url

    source_row = con.execute(
        "SELECT source FROM vorlagen GROUP BY source ORDER BY count(*) DESC, source LIMIT 1"
    ).fetchone()
    if source_row is None:
        source_row = con.execute(
            "SELECT source FROM crawl_runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    source = str(source_row[0]) if source_row else "ratsinfo"
    profile = registered(source) or Council(source, source, None, "OParl")
    system, body = oparl_system_and_body(con)
    body_name = one_line(_str(body.get("name")) or "") or profile.publisher or one_line(source)
    website = (
        checked_url(_str(body.get("website")) or _str(body.get("web")), "OParl Body website")
        or profile.website
    )

    stated = _str(body.get("license")) or _str(system.get("license"))
    lic = None
    if stated:
        lic, problem = checked_license(stated)
        if problem:
            use = "using the configured licence" if lic is None else "percent-encoded"
            warnings.append(f"OParl licence: {problem}; {use}")
    license_from_source = lic is not None
    if lic is None:
        lic, problem = checked_license(config.license)
        if lic is None:
            warnings.append(f"portal setting license: {problem}; using dl-by-de/2.0")
            lic = _LICENSES[DL_BY_DE_2]
    dates = con.execute("SELECT min(date), max(date) FROM vorlagen").fetchone()
    first, last = (dates[0], dates[1]) if dates else (None, None)
    attribution = config.license_attribution
    if attribution is None and lic.attribution_required:
        attribution = f"{body_name}, Ratsinformationssystem" + (f", {last.year}" if last else "")

    ags = _str(body.get("ags"))
    key = config.municipality_key or (ags if ags and re.fullmatch(r"\d{8}", ags) else None)
    return PortalFacts(
        source=source,
        body_name=body_name,
        body_website=website,
        system_url=checked_url(_str(system.get("id")), "OParl System id"),
        municipality_key=key or profile.municipality_key,
        license=lic,
        license_from_source=license_from_source,
        attribution=attribution,
        first_date=first,
        last_date=last,
        tables=tuple(table_info(con, t) for t in PUBLISHED),
        files=manifest_entries(con, out_dir) if out_dir is not None else {},
        warnings=tuple(dict.fromkeys(warnings)),
    )


# -- writing -------------------------------------------------------------------------------------


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


MEDIA_TYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
FILE_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "parquet": "http://publications.europa.eu/resource/authority/file-type/PARQUET",
}


def _dataset_title(facts: PortalFacts) -> tuple[str, str]:
    return (
        f"Ratsinformationen {facts.body_name}: Vorlagen, Beratungsfolgen, Antworten, Geldbeträge",
        f"Council information {facts.body_name}: papers, consultations, answers, amounts",
    )


def _dataset_description(facts: PortalFacts) -> tuple[str, str]:
    de = (
        f"Vorlagen aus dem Ratsinformationssystem – {facts.body_name} –, über OParl und die "
        "Vorlagenseiten erfasst und als Tabellen (CSV und Parquet) aufbereitet: "
        + "; ".join(f"{t.name}: {t.de}" for t in facts.tables)
        + "."
    )
    en = (
        f"Papers from the council information system – {facts.body_name} –, collected over OParl "
        "and the paper pages and published as tables (CSV and Parquet): "
        + "; ".join(f"{t.name}: {t.en}" for t in facts.tables)
        + "."
    )
    return de, en


# -- datapackage.json ----------------------------------------------------------------------------


def frictionless_type(duckdb_type: str) -> str:
    """Table Schema type of a DuckDB column type as it appears in the CSV extract."""
    t = duckdb_type.upper()
    if t.endswith("[]"):
        return "string"  # lists are joined with "; " in the CSV
    if t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"):
        return "integer"
    if t in ("UINTEGER", "UBIGINT"):
        return "integer"
    if t.startswith(("DECIMAL", "NUMERIC")) or t in ("DOUBLE", "FLOAT", "REAL"):
        return "number"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t == "BOOLEAN":
        return "boolean"
    return "string"


def _field(col: ColumnInfo) -> dict[str, Any]:
    ftype = frictionless_type(col.duckdb_type)
    f: dict[str, Any] = {
        "name": col.name,
        "type": ftype,
        "description": both_languages(col.de, col.en),
    }
    if ftype == "datetime":
        f["format"] = "any"  # DuckDB writes "2026-01-29 10:00:00+00"
    return f


def datapackage(facts: PortalFacts, config: PortalConfig | None = None) -> dict[str, Any]:
    """The Data Package descriptor (Frictionless Data Package v1, tabular CSV resources)."""
    config = config or PortalConfig()
    title_de, title_en = _dataset_title(facts)
    desc_de, desc_en = _dataset_description(facts)
    resources: list[dict[str, Any]] = []
    for t in facts.tables:
        for fmt in PUBLISH_FORMATS:
            name = f"{t.name}.{fmt}"
            entry = facts.files.get(name)
            if entry is None:
                continue
            res: dict[str, Any] = {
                "name": t.name if fmt == "csv" else f"{t.name}-{fmt}",
                "path": name,
                "title": f"{t.name} ({fmt.upper()})",
                "description": both_languages(t.de, t.en),
                "format": fmt,
                "mediatype": MEDIA_TYPES[fmt],
                "bytes": entry["bytes"],
                "hash": f"sha256:{entry['sha256']}",
            }
            if fmt == "csv":
                schema: dict[str, Any] = {
                    "fields": [_field(c) for c in t.columns],
                    "primaryKey": list(t.key),
                    "missingValues": [""],
                }
                if t.name != "vorlagen" and any(c.name == "paper_id" for c in t.columns):
                    schema["foreignKeys"] = [
                        {
                            "fields": ["paper_id"],
                            "reference": {"resource": "vorlagen", "fields": ["paper_id"]},
                        }
                    ]
                res.update(
                    {
                        "profile": "tabular-data-resource",
                        "encoding": "utf-8",
                        "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                        "schema": schema,
                    }
                )
            else:
                res["profile"] = "data-resource"
                res["type"] = "file"  # Frictionless: checked by bytes and hash, not read as a table
            resources.append(res)
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": re.sub(r"[^a-z0-9._-]+", "-", f"ratsinfo-{facts.source}".lower()).strip("-"),
        "title": f"{title_de} / {title_en}",
        "description": f"{desc_de}\n\n{desc_en}",
        "keywords": list(config.keywords),
        "licenses": [
            {
                "name": _license_name(facts.license),
                "path": facts.license.url,
                "title": facts.license.title,
            }
        ],
        "contributors": [{"title": facts.body_name, "role": "publisher"}],
        "resources": resources,
    }
    if facts.system_url:
        package["sources"] = [{"title": f"OParl: {facts.body_name}", "path": facts.system_url}]
    if facts.attribution:
        package["attribution"] = facts.attribution
    return package


def _license_name(lic: LicenseInfo) -> str:
    name = lic.iri.removeprefix("http://dcat-ap.de/def/licenses/")
    return re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-") or "license"


def write_datapackage(
    facts: PortalFacts, out_dir: Path, config: PortalConfig | None = None
) -> Path:
    return write_atomic(out_dir / "datapackage.json", _json_bytes(datapackage(facts, config)))


# -- DCAT-AP.de ----------------------------------------------------------------------------------

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
    title_de, title_en = _dataset_title(facts)
    desc_de, desc_en = _dataset_description(facts)
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
        g.add((dist, DCT.title, lit(f"{table.name} ({fmt.upper()})", "de")))
        g.add((dist, DCT.description, lit(f"{table.de} ({entry['rows']} Zeilen)", "de")))
        g.add((dist, DCT.description, lit(f"{table.en} ({entry['rows']} rows)", "en")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCT.format, URIRef(FILE_TYPES[fmt])))
        g.add(
            (
                dist,
                DCAT.mediaType,
                URIRef(f"http://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}"),
            )
        )
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
    jl = write_atomic(out_dir / "dcat.jsonld", _json_bytes(_sorted_jsonld(jsonld)))
    return ttl, jl


# -- README.md -----------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def downloads_readme(facts: PortalFacts) -> str:
    # what the source says is literal text here: no markup, no HTML, no line breaks
    lic = replace(facts.license, title=markdown_text(facts.license.title))
    facts = replace(
        facts,
        body_name=markdown_text(facts.body_name),
        attribution=markdown_text(facts.attribution) if facts.attribution else None,
        license=lic,
    )
    title_de, _ = _dataset_title(facts)
    desc_de, desc_en = _dataset_description(facts)
    lines = [
        f"# {title_de}",
        "",
        desc_de,
        "",
    ]
    if facts.first_date and facts.last_date:
        lines += [
            f"Zeitraum (Datum der Vorlagen): {facts.first_date.isoformat()} bis "
            f"{facts.last_date.isoformat()}.",
            "",
        ]
    lines += [
        "## Lizenz",
        "",
        f"{lic.title} (<{lic.url}>)"
        + (" – wie von der Quelle angegeben." if facts.license_from_source else "."),
    ]
    if facts.attribution:
        lines += ["", f"Namensnennung: „{facts.attribution}“"]
    lines += [
        "",
        "## Dateien",
        "",
        "Jede Tabelle liegt als CSV (UTF-8, Kopfzeile, Trennzeichen Komma, Anführungszeichen nach "
        "RFC 4180; Listen mit „; “ verbunden; Textzellen, die eine Tabellenkalkulation als Formel "
        "ausführen würde, beginnen mit einem Apostroph) und als Parquet (zstd, Rohwerte) vor, "
        "Zeilen nach dem Primärschlüssel sortiert.",
        "",
        "| Datei | Zeilen | Bytes | Inhalt |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in facts.tables:
        for fmt in PUBLISH_FORMATS:
            entry = facts.files.get(f"{t.name}.{fmt}")
            if entry is not None:
                lines.append(
                    f"| `{t.name}.{fmt}` | {entry['rows']} | {entry['bytes']} | {_md(t.de)} |"
                )
    lines += [
        "",
        "Außerdem: `manifest.json` (Zeilen, Größe und SHA-256 jeder Tabellendatei), "
        "`datapackage.json` (Frictionless Data Package mit Tabellenschema), `dcat.ttl` und "
        "`dcat.jsonld` (Metadaten nach DCAT-AP.de), `feeds/all.atom` und "
        "`feeds/<gremium>.atom` (Atom-Feeds der neuesten Vorlagen, gesamt und je Gremium), "
        "`SHA256SUMS` (Prüfsummen aller Dateien).",
        "",
        "## Spalten",
    ]
    for t in facts.tables:
        key = ", ".join(t.key)
        lines += [
            "",
            f"### {t.name}",
            "",
            f"{t.de} ({t.rows} Zeilen; Schlüssel: {key}).",
            "",
            "| Spalte | Typ | Beschreibung | Description |",
            "| --- | --- | --- | --- |",
        ]
        for c in t.columns:
            lines.append(
                f"| `{c.name}` | {frictionless_type(c.duckdb_type)} | {_md(c.de)} | {_md(c.en)} |"
            )
    lines += [
        "",
        "## Prüfsummen",
        "",
        "Im Verzeichnis mit den heruntergeladenen Dateien:",
        "",
        "```sh",
        "sha256sum -c SHA256SUMS",
        "```",
        "",
        "## English",
        "",
        desc_en,
        "",
        "Each table comes as CSV (UTF-8, header row, comma-separated, RFC 4180 quoting, lists "
        'joined with "; ", cells a spreadsheet would run as a formula prefixed with an '
        "apostrophe) and as Parquet (zstd, raw values); the tables above list every column with a "
        "German and an English description. "
        f"Licence: {lic.title} (<{lic.url}>)"
        + (f"; attribution: “{facts.attribution}”" if facts.attribution else "")
        + ". Verify the downloads with `sha256sum -c SHA256SUMS` in their folder; "
        "`datapackage.json` describes the tables for Frictionless tools, `dcat.ttl` / "
        "`dcat.jsonld` for open-data portals (DCAT-AP.de), and `feeds/*.atom` announce new papers.",
        "",
    ]
    return "\n".join(lines)


def write_downloads_readme(facts: PortalFacts, out_dir: Path) -> Path:
    return write_atomic(out_dir / "README.md", downloads_readme(facts).encode("utf-8"))


# -- SHA256SUMS ----------------------------------------------------------------------------------


def write_sha256sums(out_dir: Path) -> Path:
    """SHA256SUMS in coreutils format over every file under `out_dir` (sorted by path) except
    itself and temporary files (names starting with '.')."""
    lines = []
    for path in sorted(out_dir.rglob("*"), key=lambda p: p.relative_to(out_dir).as_posix()):
        rel = path.relative_to(out_dir)
        if not path.is_file() or rel.as_posix() == "SHA256SUMS":
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        lines.append(f"{file_sha256(path)}  {rel.as_posix()}\n")
    return write_atomic(out_dir / "SHA256SUMS", "".join(lines).encode("utf-8"))
