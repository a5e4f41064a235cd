"""datapackage.json: a Frictionless Data Package (v1) of the publish directory, one resource per
published file; the CSV resources with a Table Schema (types from the DuckDB types, descriptions
from the column comments, primary and foreign keys), the Parquet files checked by bytes and hash.
Keys are sorted and the file is renamed into place, so identical facts give identical bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ratsinfo.files import write_atomic
from ratsinfo.portal.facts import PortalConfig, PortalFacts, dataset_description, dataset_title
from ratsinfo.portal.licenses import LicenseInfo
from ratsinfo.portal.metadata import ColumnInfo, both_languages
from ratsinfo.warehouse import FOREIGN_KEYS, PUBLISH_FORMATS

MEDIA_TYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


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
                keys = [
                    {
                        "fields": [c.name],
                        "reference": {"resource": target, "fields": [target_column]},
                    }
                    for c in t.columns
                    if (target := FOREIGN_KEYS.get((t.name, c.name), (None, ""))[0])
                    and (target_column := FOREIGN_KEYS[(t.name, c.name)][1])
                ]
                if keys:
                    schema["foreignKeys"] = keys
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
    return write_atomic(out_dir / "datapackage.json", json_bytes(datapackage(facts, config)))
