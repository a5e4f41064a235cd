"""datapackage.json: a Frictionless Data Package (v1) of the publish directory, one resource per
published file; the CSV resources with a Table Schema (types from the DuckDB types, descriptions
from the column comments, primary and foreign keys), the Parquet files and documents.jsonl.gz
checked by bytes and hash. Where a table's CSV leaves columns out (documents.csv has no `text`:
a spreadsheet cell holds at most 32,767 characters), its other files carry their own schema, so
the package describes every column published. Keys are sorted and the file is renamed into
place, so identical facts give identical bytes.

JSON Lines has no media type registered with IANA (nor has NDJSON: `application/x-ndjson` is
unregistered by its `x-` prefix); `application/jsonl` is the one jsonlines.org proposes and the
OpenAPI media type registry lists, and is stated here beside `"compression": "gz"`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ratsinfo.files import write_atomic
from ratsinfo.portal.facts import PortalConfig, PortalFacts, dataset_description, dataset_title
from ratsinfo.portal.licenses import LicenseInfo
from ratsinfo.portal.metadata import ColumnInfo, TableInfo, both_languages, file_note
from ratsinfo.warehouse import FOREIGN_KEYS, published_file

MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "jsonl": "application/jsonl",  # not registered with IANA (see above)
}
COMPRESSION = {"jsonl": "gz"}  # the formats whose files are compressed as a whole


def json_bytes(obj: Any) -> bytes:
    """Indented JSON with sorted keys, UTF-8, a final newline (the same bytes for the same data)."""
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


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
    title_de, title_en = dataset_title(facts)
    desc_de, desc_en = dataset_description(facts)
    resources: list[dict[str, Any]] = []
    for t in facts.tables:
        for fmt in t.formats:
            name = published_file(t.name, fmt)
            entry = facts.files.get(name)
            if entry is None:
                continue
            note_de, note_en = file_note(t, fmt)
            res: dict[str, Any] = {
                "name": t.name if fmt == "csv" else f"{t.name}-{fmt}",
                "path": name,
                "title": f"{t.name} ({fmt.upper()})",
                "description": both_languages(
                    f"{t.de} – {note_de}" if note_de else t.de,
                    f"{t.en} – {note_en}" if note_en else t.en,
                ),
                "format": fmt,
                "mediatype": MEDIA_TYPES[fmt],
                "bytes": entry["bytes"],
                "hash": f"sha256:{entry['sha256']}",
            }
            if fmt in COMPRESSION:
                res["compression"] = COMPRESSION[fmt]
            if fmt == "csv":
                res.update(
                    {
                        "profile": "tabular-data-resource",
                        "encoding": "utf-8",
                        "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                        "schema": _schema(t, fmt, foreign_keys=True),
                    }
                )
            else:
                res["profile"] = "data-resource"
                res["type"] = "file"  # Frictionless: checked by bytes and hash, not read as a table
                if fmt == "jsonl":
                    res["encoding"] = "utf-8"
                if t.csv_omit:  # the CSV's schema does not describe this file: its own
                    res["schema"] = _schema(t, fmt, foreign_keys=False)
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


def _schema(t: TableInfo, fmt: str, foreign_keys: bool) -> dict[str, Any]:
    """The Table Schema of `t`'s file in format `fmt`: its columns, primary key and (for the
    tabular CSV resources, which `frictionless validate` reads) the foreign keys."""
    columns = t.columns_in(fmt)
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in columns],
        "primaryKey": list(t.key),
        "missingValues": [""],
    }
    keys = [
        {"fields": [c.name], "reference": {"resource": target[0], "fields": [target[1]]}}
        for c in columns
        if (target := FOREIGN_KEYS.get((t.name, c.name))) is not None
    ]
    if keys and foreign_keys:
        schema["foreignKeys"] = keys
    return schema


def _license_name(lic: LicenseInfo) -> str:
    name = lic.iri.removeprefix("http://dcat-ap.de/def/licenses/")
    return re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-") or "license"


def write_datapackage(
    facts: PortalFacts, out_dir: Path, config: PortalConfig | None = None
) -> Path:
    return write_atomic(out_dir / "datapackage.json", json_bytes(datapackage(facts, config)))
