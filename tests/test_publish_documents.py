"""Publishing `documents` (issue 12): documents.csv with the metadata only (a spreadsheet cell
holds at most 32,767 characters), documents.parquet and documents.jsonl.gz with the texts, rows in
key order and the same bytes for the same documents (when a text was read is not published);
listed in manifest.json, SHA256SUMS, the Data Package (with the key files.document_id refers to),
DCAT and README.md; withdrawn with the other files when the licence allows no publishing. The
small warehouse is test_portal_metadata's (build_warehouse), with one document of each kind."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from ratsinfo.portal import delivery_files, remove_leftovers, table_files
from ratsinfo.warehouse import (
    EXTRACTS,
    PUBLISHED_TABLES,
    connect,
    publish_table,
    published_files,
    replace_rows,
)
from tests.test_portal_leftovers import dead_pid, plant
from tests.test_portal_metadata import (
    DOCUMENT_TEXTS,
    LONG_TEXT,
    _documents,
    _oparl_rows,
    build_warehouse,
    document_id,
    files_of,
    rebuild,
)

frictionless = pytest.importorskip("frictionless")

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

EXCEL_CELL = 32_767  # characters a spreadsheet cell holds (Excel)
METADATA = ["document_id", "bytes", "pages", "pages_read", "truncated", "method", "extractor",
            "language", "image_only", "chars", "error", "error_kind"]  # fmt: skip
COLUMNS = [*METADATA[:10], "text", *METADATA[10:]]  # the text between chars and error
NAMES = ("documents.parquet", "documents.csv", "documents.jsonl.gz")
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"


@pytest.fixture(scope="module")
def pub(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("documents"))


def in_key_order() -> list[str]:
    return sorted(document_id(kind) for kind in DOCUMENT_TEXTS)


def jsonl_rows(path: Path) -> list[dict]:
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    assert lines[-1] == ""  # every line ends with a line feed, the last one too
    return [json.loads(line) for line in lines[:-1]]


def test_the_documents_are_published_as_three_files():
    assert "documents" in PUBLISHED_TABLES
    assert tuple(published_files("documents").values()) == NAMES
    assert table_files("documents") == NAMES
    assert set(NAMES) <= set(delivery_files())
    assert EXTRACTS["documents"].csv_omit == ("text",)


def test_the_csv_holds_the_metadata_without_the_text(pub):
    with (pub / "documents.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    assert header == METADATA  # no text, and nothing the pipeline keeps for itself
    assert [r[0] for r in rows] == in_key_order()
    assert all(len(cell) <= EXCEL_CELL for row in rows for cell in row)
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    broken = by_id[document_id("broken")]
    assert (broken["method"], broken["error_kind"]) == ("none", "broken")
    assert broken["error"].endswith("pdfium cannot open it: data format error")
    scan = by_id[document_id("scan")]
    assert (scan["image_only"], scan["chars"]) == ("true", "0")
    long = by_id[document_id("long")]
    assert int(long["chars"]) > 0 and int(long["bytes"]) > EXCEL_CELL
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    assert manifest["documents.csv"]["rows"] == len(rows) == len(DOCUMENT_TEXTS)


def test_parquet_and_json_lines_hold_the_texts_whatever_their_length(pub):
    assert len(LONG_TEXT) > EXCEL_CELL
    con = duckdb.connect()
    parquet = con.execute(
        f"SELECT * FROM read_parquet('{pub / 'documents.parquet'}')"
    ).fetchdf()  # in file order
    assert list(parquet.columns) == COLUMNS
    assert list(parquet["document_id"]) == in_key_order()
    lines = jsonl_rows(pub / "documents.jsonl.gz")
    assert [list(row) for row in lines] == [COLUMNS] * len(DOCUMENT_TEXTS)
    assert [row["document_id"] for row in lines] == in_key_order()
    texts = dict(zip(parquet["document_id"], parquet["text"], strict=True))
    for kind, text in DOCUMENT_TEXTS.items():
        [line] = [row for row in lines if row["document_id"] == document_id(kind)]
        assert line["text"] == text, kind  # the long one whole, form feeds and quotes kept
        if text is None:
            assert texts[document_id(kind)] is None
        else:
            assert texts[document_id(kind)] == text, kind
    [long] = [row for row in lines if row["document_id"] == document_id("long")]
    assert len(long["text"]) == len(LONG_TEXT) and long["truncated"] is False
    [broken] = [row for row in lines if row["document_id"] == document_id("broken")]
    assert broken["pages"] is None and broken["error_kind"] == "broken"
    # one JSON object per line, UTF-8 as it is (no \\u escapes of umlauts)
    raw = gzip.decompress((pub / "documents.jsonl.gz").read_bytes())
    assert "Anführungszeichen".encode() in raw and b"\\f" in raw
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    for name in NAMES:
        assert manifest[name]["rows"] == len(DOCUMENT_TEXTS), name
        assert manifest[name]["sha256"] == hashlib.sha256((pub / name).read_bytes()).hexdigest()
    assert manifest["documents.jsonl.gz"]["format"] == "jsonl"


def test_republishing_gives_the_same_bytes_whenever_the_texts_were_read(pub, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(pub.parent, root)
    again = files_of(rebuild(root, tmp_path / "again"))
    assert again == files_of(pub)
    con = connect(root / "w.duckdb")
    try:  # the same documents, read at another time (another run, a killed one run again)
        replace_rows(con, "documents", _documents(dt.datetime(2027, 5, 6, 7, 8, tzinfo=dt.UTC)))
        out = tmp_path / "later"
        entries = {}
        for table in PUBLISHED_TABLES:
            entries.update(publish_table(con, table, out))
    finally:
        con.close()
    for name in NAMES:
        assert (out / name).read_bytes() == (pub / name).read_bytes(), name
    header = (out / "documents.jsonl.gz").read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08" and header[4:8] == b"\0\0\0\0"  # gzip without a time


def test_the_files_are_withdrawn_when_the_licence_allows_no_publishing(tmp_path):
    out = build_warehouse(tmp_path)
    assert all((out / name).is_file() for name in NAMES)
    con = connect(tmp_path / "w.duckdb")
    try:  # the council now says its data need its permission
        con.execute("DELETE FROM raw_responses")
        replace_rows(con, "raw_responses", _oparl_rows(None, "Nutzung nur nach Genehmigung."))
    finally:
        con.close()
    rebuild(tmp_path, out)
    assert not [name for name in NAMES if (out / name).exists()]
    assert set(files_of(out)) == set()


def test_a_killed_writers_json_lines_are_removed(pub, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(pub, out)
    leftover = plant(out / f".documents.jsonl.gz.tmp-{dead_pid()}")
    assert remove_leftovers(out) == [leftover]
    assert (out / "documents.jsonl.gz").is_file()


# -- the metadata --------------------------------------------------------------------------------


def test_the_data_package_describes_the_three_files_and_the_key_files_refer_to(pub):
    report = frictionless.validate(str(pub / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((pub / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    csv_res, parquet, jsonl = (
        resources[n] for n in ("documents", "documents-parquet", "documents-jsonl")
    )
    for res in (csv_res, parquet, jsonl):
        entry = manifest[res["path"]]
        assert res["bytes"] == entry["bytes"] and res["hash"] == f"sha256:{entry['sha256']}"
        assert " / " in res["description"]  # German / English
    assert [f["name"] for f in csv_res["schema"]["fields"]] == METADATA
    assert "ohne die Spalte text" in csv_res["description"]
    assert "without the column text" in csv_res["description"]
    assert csv_res["schema"]["primaryKey"] == ["document_id"]
    for res in (parquet, jsonl):  # the files with the text carry their own schema
        assert [f["name"] for f in res["schema"]["fields"]] == COLUMNS
        assert res["type"] == "file"
    assert (jsonl["path"], jsonl["format"], jsonl["mediatype"], jsonl["compression"]) == (
        "documents.jsonl.gz",
        "jsonl",
        "application/jsonl",
        "gz",
    )
    types = {f["name"]: f["type"] for f in csv_res["schema"]["fields"]}
    assert (types["bytes"], types["image_only"], types["error"]) == ("integer", "boolean", "string")
    keys = resources["files"]["schema"]["foreignKeys"]
    assert {"fields": ["document_id"], "reference": {"resource": "documents", "fields": [
        "document_id"]}} in keys  # fmt: skip


def test_the_data_package_catches_a_file_naming_a_document_not_published(pub, tmp_path):
    out = tmp_path / "copy"
    shutil.copytree(pub, out)
    text = (out / "files.csv").read_text(encoding="utf-8")
    changed = text.replace(document_id("scan"), "0" * 64)
    assert changed != text
    (out / "files.csv").write_text(changed, encoding="utf-8")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:  # the file's size and hash made right: only the key fails
        if res["path"] == "files.csv":
            res["bytes"] = (out / "files.csv").stat().st_size
            res["hash"] = "sha256:" + hashlib.sha256((out / "files.csv").read_bytes()).hexdigest()
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert not report.valid
    assert {e[0] for e in report.flatten(["type"])} == {"foreign-key"}


def test_dcat_lists_the_three_distributions_with_size_checksum_and_type(pub):
    g = Graph().parse(pub / "dcat.ttl", format="turtle")
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    [dataset] = g.subjects(ns.RDF.type, ns.DCAT.Dataset)
    distributions = {
        Path(str(g.value(d, ns.DCAT.downloadURL))).name: d
        for d in g.objects(dataset, ns.DCAT.distribution)
    }
    for name in NAMES:
        d = distributions[name]
        assert g.value(d, ns.DCAT.byteSize).toPython() == manifest[name]["bytes"]
        checksum = g.value(d, URIRef(SPDX + "checksum"))
        assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == manifest[name]["sha256"]
        rows = f"({len(DOCUMENT_TEXTS)} Zeilen"
        assert any(str(o).count(rows) for o in g.objects(d, ns.DCTERMS.description)), name
    file_type = "http://publications.europa.eu/resource/authority/file-type/"
    kinds = {
        name: (
            g.value(distributions[name], ns.DCAT.mediaType),
            g.value(distributions[name], ns.DCTERMS.format),
            g.value(distributions[name], ns.DCAT.compressFormat),
        )
        for name in NAMES
    }
    assert kinds == {
        "documents.csv": (URIRef(IANA + "text/csv"), URIRef(file_type + "CSV"), None),
        "documents.parquet": (
            URIRef(IANA + "application/vnd.apache.parquet"),
            URIRef(file_type + "PARQUET"),
            None,
        ),
        # JSON Lines has no registered media type: none is stated, the gzip around it is
        "documents.jsonl.gz": (
            None,
            URIRef(file_type + "JSON"),
            URIRef(IANA + "application/gzip"),
        ),
    }
    [csv_de] = [
        str(o)
        for o in g.objects(distributions["documents.csv"], ns.DCTERMS.description)
        if o.language == "de"
    ]
    assert "ohne die Spalte text" in csv_de and "32.767 Zeichen" in csv_de


def test_the_readme_and_the_checksums_name_the_three_files(pub):
    readme = (pub / "README.md").read_text(encoding="utf-8")
    manifest = json.loads((pub / "manifest.json").read_text())["files"]
    for name in NAMES:
        assert f"| `{name}` | {manifest[name]['rows']} | {manifest[name]['bytes']} |" in readme
    assert "| `text` | string | " in readme and "(nicht in der CSV-Datei)" in readme
    assert "`extracted_at`" not in readme  # in the warehouse only
    sums = (pub / "SHA256SUMS").read_text().splitlines()
    for name in NAMES:
        assert f"{manifest[name]['sha256']}  {name}" in sums


# -- the Dagster step ----------------------------------------------------------------------------


def test_the_publish_step_writes_and_withdraws_the_documents_files(pub, tmp_path):
    from assets import publish
    from assets.resources import RatsinfoSettings
    from tests.helpers import add_council_partition

    [files_asset] = [a for a in publish.EXTRACTS]
    key = dg.AssetKey("documents_files")
    assert dg.AssetKey("documents") in files_asset.asset_deps[key]
    assert files_asset.specs_by_key[key].kinds == {"parquet", "csv", "json"}
    assert key in publish.manifest.dependency_keys

    root = tmp_path / "run"
    root.mkdir()
    shutil.copy(pub.parent / "w.duckdb", root / "w.duckdb")
    out = root / "publish"
    instance = dg.DagsterInstance.ephemeral()
    add_council_partition(instance, "braunschweig")

    def run() -> dict[str, dict]:
        result = dg.materialize(
            [files_asset, publish.manifest],
            resources={
                "ratsinfo": RatsinfoSettings(
                    source="braunschweig", warehouse=str(root / "w.duckdb"), publish_dir=str(out)
                ),
            },
            instance=instance,
            partition_key="braunschweig",
        )
        assert result.success
        return {
            e.asset_key.to_user_string(): {
                k: v.value for k, v in e.materialization.metadata.items()
            }
            for e in result.get_asset_materialization_events()
        }

    meta = run()["documents_files"]
    assert meta["files"] == sorted(NAMES) and meta["rows"] == len(DOCUMENT_TEXTS)
    assert set(json.loads((out / "manifest.json").read_text())["files"]) >= set(NAMES)
    con = connect(root / "w.duckdb")
    try:  # the council now says its data need its permission
        con.execute("DELETE FROM raw_responses")
        replace_rows(con, "raw_responses", _oparl_rows(None, "Nutzung nur nach Genehmigung."))
    finally:
        con.close()
    meta = run()["documents_files"]
    assert meta["published"] is False
    assert meta["withdrawn"] == [str(out / name) for name in NAMES]
    assert not list(out.iterdir())
