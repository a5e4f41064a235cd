"""The catalogue of the combined folder (ratsinfo.portal.catalog): catalog.ttl, catalog.jsonld
and index.html over a tiny all/ folder with real Parquet partitions (written by DuckDB, so the
folder names are encoded as in production) and CSVs, for three councils: one whose data may not
be published, one with a hostile name, one with a URL as its key."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import duckdb
import pytest
from bs4 import BeautifulSoup
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from ratsinfo.combined import CouncilListing
from ratsinfo.councils import council_slug
from ratsinfo.files import file_sha256
from ratsinfo.portal import PortalConfig
from ratsinfo.portal.catalog import OTHER_OPEN, write_catalog
from ratsinfo.portal.licenses import CC_ZERO, DL_BY_DE_2

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = Namespace("http://spdx.org/rdf/terms#")

HOSTILE = '<script>alert("x")</script> & <b>Rat</b>'
URL_KEY = "https://ris.example.org/oparl/v1.0/system:1"
WITHHELD = "the OParl Body states the licence „Nutzung nur nach Genehmigung.“, a restriction"
TABLES = ("beratungsfolge", "vorlagen")

CLOSED = CouncilListing(
    key="wuppertal",
    name="Stadt Wuppertal",
    slug="wuppertal",
    vendor="SessionNet",
    municipality_key="05124000",
    papers=3,
    first_date=dt.date(2021, 1, 4),
    last_date=dt.date(2021, 3, 1),
    fetched_at=dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC),
    publishable=False,
    withheld=WITHHELD,
)
EVIL = CouncilListing(
    key="z-evil",
    name=HOSTILE,
    slug="z-evil",
    vendor="<i>Vendor</i>",
    municipality_key="0531<b>",  # no AGS: neither geocoded nor a tag on the page
    website="javascript:alert(1)",
    papers=2,
    first_date=dt.date(2022, 2, 1),
    last_date=dt.date(2022, 6, 30),
    fetched_at=dt.datetime(2024, 4, 30, 12, 0, tzinfo=dt.UTC),
    license=CC_ZERO,
)
URL_COUNCIL = CouncilListing(
    key=URL_KEY,
    name="Bundesstadt Bonn",
    slug=council_slug(URL_KEY),
    vendor="OParl",
    municipality_key="05314000",
    website="https://www.bonn.de",
    system_url=URL_KEY,
    papers=4,
    first_date=dt.date(2020, 1, 2),
    last_date=dt.date(2024, 4, 30),
    fetched_at=dt.datetime(2024, 5, 1, 23, 30, tzinfo=dt.UTC),  # 2 May in Germany
    license=DL_BY_DE_2,
    page=f"../councils/{council_slug(URL_KEY)}/index.html",
)
COUNCILS = (CLOSED, EVIL, URL_COUNCIL)
PUBLISHED = (EVIL, URL_COUNCIL)


def build_all(root: Path) -> tuple[Path, dict]:
    """An all/ folder: per table its Parquet partitions by council (DuckDB's Hive layout) and one
    CSV, and manifest.json as ratsinfo.combined writes it."""
    out = root / "all"
    out.mkdir(parents=True)
    con = duckdb.connect()
    papers = {CLOSED.key: 3, EVIL.key: 2, URL_KEY: 4}  # keys in another order than the names
    rows = [(key, f"{key}-p{i}", f"Vorlage {i}") for key, n in papers.items() for i in range(n)]
    con.execute("CREATE TABLE vorlagen (council VARCHAR, paper_id VARCHAR, title VARCHAR)")
    con.executemany("INSERT INTO vorlagen VALUES (?, ?, ?)", rows)
    con.execute(
        "CREATE TABLE beratungsfolge AS SELECT council, paper_id, 'Rat' AS committee "
        "FROM vorlagen WHERE paper_id NOT LIKE '%p1'"
    )
    files: dict[str, dict] = {}
    for table in TABLES:
        con.execute(
            f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{out / table}' "
            "(FORMAT parquet, PARTITION_BY (council), PER_THREAD_OUTPUT false)"
        )
        for part in sorted((out / table).glob("council=*/*.parquet")):
            count = con.execute(f"SELECT count(*) FROM read_parquet('{part}')").fetchone()
            files[part.relative_to(out).as_posix()] = {
                "table": table,
                "format": "parquet",
                "rows": count[0] if count else 0,
                "council": unquote(part.parent.name.split("=", 1)[1]),
                "bytes": part.stat().st_size,
                "sha256": file_sha256(part),
            }
        csv = out / f"{table}.csv"
        con.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{csv}' (HEADER)")
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        files[csv.name] = {
            "table": table,
            "format": "csv",
            "rows": count[0] if count else 0,
            "bytes": csv.stat().st_size,
            "sha256": file_sha256(csv),
        }
    manifest = {"files": dict(sorted(files.items()))}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return out, manifest


@pytest.fixture(scope="module")
def combined(tmp_path_factory) -> tuple[Path, dict]:
    out, manifest = build_all(tmp_path_factory.mktemp("catalog"))
    write_catalog(out, COUNCILS, manifest, PortalConfig())
    return out, manifest


def outputs(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in ("catalog.ttl", "catalog.jsonld", "index.html")}


def graph(out: Path, fmt: str = "turtle") -> Graph:
    """The catalogue with its relative IRIs resolved against the file's own location."""
    name = "catalog.ttl" if fmt == "turtle" else "catalog.jsonld"
    path = out / name
    return Graph().parse(path, format=fmt, publicID=path.as_uri())


def local_file(url: object) -> Path:
    """The file a file: URL names (its percent-encoding undone once, as a web server does)."""
    parts = urlsplit(str(url))
    assert parts.scheme == "file", url
    return Path(url2pathname(parts.path))


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def datasets(g: Graph) -> dict[str, URIRef]:
    """Every dcat:Dataset by its German title."""
    out = {}
    for ds in g.subjects(RDF.type, ns.DCAT.Dataset):
        titles = [t for t in g.objects(ds, ns.DCTERMS.title) if t.language == "de"]
        assert len(titles) == 1, titles
        out[str(titles[0])] = ds
    return out


def partitions(manifest: dict, key: str) -> dict[str, dict]:
    return {n: e for n, e in manifest["files"].items() if e.get("council") == key}


# -- the files -----------------------------------------------------------------------------------


def test_writes_the_three_files_and_returns_them(tmp_path):
    out, manifest = build_all(tmp_path)
    paths = write_catalog(out, COUNCILS, manifest, PortalConfig())
    assert [p.name for p in paths] == ["catalog.ttl", "catalog.jsonld", "index.html"]
    assert all(p.parent == out and p.is_file() for p in paths)
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]  # renamed into place


def test_same_input_same_bytes(combined):
    out, manifest = combined
    first = outputs(out)
    write_catalog(out, COUNCILS, manifest, PortalConfig())
    assert outputs(out) == first
    # the councils' order does not matter, and the "files" mapping alone is the same manifest
    write_catalog(out, tuple(reversed(COUNCILS)), manifest["files"], PortalConfig())
    assert outputs(out) == first


def test_same_bytes_in_another_process(tmp_path, combined):
    """rdflib's output must not depend on the hash seed of the process."""
    out, _ = combined
    script = (
        "import sys; from pathlib import Path; import json\n"
        "from tests.test_portal_catalog import COUNCILS\n"
        "from ratsinfo.portal import PortalConfig\n"
        "from ratsinfo.portal.catalog import write_catalog\n"
        "out = Path(sys.argv[1])\n"
        "write_catalog(out, COUNCILS, json.loads((out / 'manifest.json').read_text()), "
        "PortalConfig())\n"
    )
    other = tmp_path / "all"
    other.mkdir()
    (other / "manifest.json").write_bytes((out / "manifest.json").read_bytes())
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-c", script, str(other)], check=True, env=env, cwd=root)
    assert outputs(other) == outputs(out)


# -- catalog.ttl, catalog.jsonld -----------------------------------------------------------------


def test_turtle_and_jsonld_are_the_same_graph(combined):
    out, _ = combined
    ttl, jsonld = graph(out), graph(out, "json-ld")
    assert len(ttl) > 100
    assert isomorphic(ttl, jsonld)


def test_one_dataset_per_publishable_council_plus_all(combined):
    out, _ = combined
    g = graph(out)
    found = datasets(g)
    assert set(found) == {
        f"Ratsinformationen {HOSTILE}",
        "Ratsinformationen Bundesstadt Bonn",
        "Ratsinformationen aller Räte",
    }
    catalogs = list(g.subjects(RDF.type, ns.DCAT.Catalog))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    assert set(g.objects(catalog, ns.DCAT.dataset)) == set(found.values())
    assert Literal(HOSTILE) in set(g.objects(None, ns.FOAF.name))  # the name as it is, no markup


def test_the_council_not_publishable_is_left_out(combined):
    out, manifest = combined
    text = "\n".join(
        (out / n).read_text(encoding="utf-8") for n in ("catalog.ttl", "catalog.jsonld")
    )
    assert "Wuppertal" not in text and "wuppertal" not in text and "05124000" not in text
    g = graph(out)
    withheld = {out / n for n in partitions(manifest, CLOSED.key)}
    assert len(withheld) == len(TABLES)
    urls = {local_file(u) for u in g.objects(None, ns.DCAT.downloadURL)}
    assert not urls & withheld


@pytest.mark.parametrize("council", PUBLISHED, ids=lambda c: c.slug)
def test_council_distributions_are_its_partition_files(combined, council):
    out, manifest = combined
    g = graph(out)
    ds = datasets(g)[f"Ratsinformationen {council.name}"]
    expected = partitions(manifest, council.key)
    assert len(expected) == len(TABLES)
    dists = list(g.objects(ds, ns.DCAT.distribution))
    assert len(dists) == len(expected)
    seen = set()
    for dist in dists:
        path = local_file(one(g, dist, ns.DCAT.downloadURL))
        assert one(g, dist, ns.DCAT.accessURL) == one(g, dist, ns.DCAT.downloadURL)
        assert path.is_file(), path  # the encoded URL leads to the file on disk
        name = path.relative_to(out).as_posix()
        entry = expected[name]
        assert one(g, dist, ns.DCAT.byteSize).toPython() == entry["bytes"] == path.stat().st_size
        checksum = one(g, dist, SPDX.checksum)
        assert one(g, checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(one(g, checksum, SPDX.checksumValue)) == entry["sha256"] == file_sha256(path)
        assert one(g, dist, ns.DCTERMS.format) == URIRef(
            "http://publications.europa.eu/resource/authority/file-type/PARQUET"
        )
        assert one(g, dist, ns.DCTERMS.license) == URIRef(council.license)
        seen.add(name)
    assert seen == set(expected)
    assert one(g, ds, ns.DCTERMS.license) == URIRef(council.license)
    assert one(g, ds, ns.DCTERMS.modified).toPython() == council.fetched_at
    period = one(g, ds, ns.DCTERMS.temporal)
    assert one(g, period, ns.DCAT.startDate).toPython() == council.first_date
    assert one(g, period, ns.DCAT.endDate).toPython() == council.last_date


def test_council_facts_geocoding_and_landing_page(combined):
    out, _ = combined
    g = graph(out)
    found = datasets(g)
    bonn, evil = found["Ratsinformationen Bundesstadt Bonn"], found[f"Ratsinformationen {HOSTILE}"]
    geo = DCATDE.politicalGeocodingURI
    assert one(g, bonn, geo) == URIRef(
        "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05314000"
    )
    assert not list(g.objects(evil, geo))  # "0531<b>" is no AGS
    page = out.parent / "councils" / URL_COUNCIL.slug / "index.html"
    assert local_file(one(g, bonn, ns.DCAT.landingPage)) == page
    assert not list(g.objects(evil, ns.DCAT.landingPage))  # it has no page of its own
    assert one(g, bonn, ns.DCTERMS.source) == URIRef(URL_KEY)
    publisher = one(g, evil, ns.DCTERMS.publisher)
    assert not list(g.objects(publisher, ns.FOAF.homepage))  # javascript: is no link
    assert "Vorlage" in str(next(iter(g.objects(bonn, ns.DCTERMS.description))))
    # the licence that requires attribution carries the attribution text
    assert str(one(g, bonn, DCATDE.licenseAttributionByText)).startswith("Bundesstadt Bonn")
    assert not list(g.objects(evil, DCATDE.licenseAttributionByText))  # CC0


def test_all_councils_dataset_holds_the_csvs(combined):
    out, manifest = combined
    g = graph(out)
    ds = datasets(g)["Ratsinformationen aller Räte"]
    csvs = {n: e for n, e in manifest["files"].items() if e["format"] == "csv"}
    dists = list(g.objects(ds, ns.DCAT.distribution))
    assert {local_file(one(g, d, ns.DCAT.downloadURL)).name for d in dists} == set(csvs)
    for dist in dists:
        entry = csvs[local_file(one(g, dist, ns.DCAT.downloadURL)).name]
        assert one(g, dist, ns.DCAT.byteSize).toPython() == entry["bytes"]
        assert str(one(g, one(g, dist, SPDX.checksum), SPDX.checksumValue)) == entry["sha256"]
    # two councils under two licences: the dataset of all says "other open licence"
    assert one(g, ds, ns.DCTERMS.license) == URIRef(OTHER_OPEN)
    keys = {str(k).rsplit("/", 1)[1] for k in g.objects(ds, DCATDE.politicalGeocodingURI)}
    assert keys == {"05314000"}  # the publishable councils' AGS only


def test_base_url_makes_absolute_iris(tmp_path):
    out, manifest = build_all(tmp_path)
    config = PortalConfig(base_url="https://data.example.org/ratsinfo")
    write_catalog(out, COUNCILS, manifest, config)
    g = Graph().parse(out / "catalog.ttl", format="turtle")  # no base: IRIs must be absolute
    root = "https://data.example.org/ratsinfo/"
    urls = [str(u) for u in g.objects(None, ns.DCAT.downloadURL)]
    assert urls and all(u.startswith(root + "all/") for u in urls)
    slug = URL_COUNCIL.slug
    assert URIRef(f"{root}councils/{slug}/index.html") in set(g.objects(None, ns.DCAT.landingPage))
    # '%' of the folder names on disk is encoded: one decoding gives the file's path back
    for url in urls:
        path = unquote(urlsplit(url).path).removeprefix("/ratsinfo/all/")
        assert (out / path).is_file(), url
    assert any("system%253A1" in u for u in urls)  # the URL key's ':' is %3A on disk


# -- index.html ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def soup(combined) -> BeautifulSoup:
    out, _ = combined
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


def council_rows(soup: BeautifulSoup) -> dict[str, object]:
    table = soup.find("table", class_="councils")
    assert table is not None
    rows = {}
    for tr in table.find("tbody").find_all("tr"):
        rows[tr.find("th").find("strong").get_text()] = tr
    return rows


def test_page_lists_every_council(soup):
    rows = council_rows(soup)
    assert list(rows) == [HOSTILE, "Bundesstadt Bonn", "Stadt Wuppertal"]  # by name ('<' first)
    bonn = rows["Bundesstadt Bonn"]
    cells = [td.get_text(" ", strip=True) for td in bonn.find_all("td")]
    assert cells[0] == "05314000" and cells[1] == "OParl" and cells[2] == "4"
    assert "02.01.2020 bis 30.04.2024" in cells[3]
    assert cells[4] == "02.05.2024"  # fetched 23:30 UTC on 1 May: 2 May in Germany
    assert "Datenlizenz Deutschland" in cells[5]
    link = bonn.find("th").find("a")
    assert link["href"] == URL_COUNCIL.page
    assert rows[HOSTILE].find("th").find("a") is None  # no page of its own
    # each cell names its column, for the cards the table becomes on a phone
    labels = [td["data-label"] for td in bonn.find_all("td")]
    assert labels == [
        "AGS", "System", "Vorlagen", "Zeitraum der Vorlagen", "Abgerufen am", "Lizenz",
        "Parquet-Dateien",
    ]  # fmt: skip


def test_page_escapes_the_data(combined, soup):
    out, _ = combined
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>Rat" not in html and "<i>Vendor" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Rat" in html
    assert soup.find("script") is None and soup.find("b") is None and soup.find("i") is None
    assert "javascript:" not in html


def test_page_loads_nothing_from_elsewhere(soup):
    assert soup.find("meta", attrs={"name": "viewport"}) is not None
    assert soup.find("script") is None
    assert not [t for t in soup.find_all(["img", "iframe", "object", "embed", "audio", "video"])]
    for tag in soup.find_all("link"):
        assert tag.get("rel") == ["icon"] and tag["href"].startswith("data:")
    for tag in soup.find_all(src=True):
        assert not tag["src"].lower().startswith(("http:", "https:", "//"))
    style = soup.find("style")
    assert style is not None and "font:" in style.get_text()  # the portal CSS, inlined
    assert "@import" not in style.get_text() and "url(" not in style.get_text()


def test_page_links_the_catalogue_and_the_downloads(combined, soup):
    out, manifest = combined
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    for name in ("catalog.ttl", "catalog.jsonld", "manifest.json"):
        assert name in hrefs
    downloads = {a["href"] for a in soup.find_all("a", download=True)}
    for href in downloads:
        assert (out / unquote(href)).is_file(), href  # relative, decoded once: the file
    linked = {unquote(h) for h in downloads}
    for council in PUBLISHED:
        assert set(partitions(manifest, council.key)) <= linked
    assert {"vorlagen.csv", "beratungsfolge.csv"} <= linked
    files = soup.find("table", class_="files")
    text = files.get_text(" ", strip=True)
    assert "Ordner vorlagen/ – 3 Dateien" in text  # the partition folder, every council


def test_page_withholds_the_council_not_publishable(combined, soup):
    _, manifest = combined
    row = council_rows(soup)["Stadt Wuppertal"]
    assert "Nicht als offene Daten veröffentlicht" in row.get_text()
    assert WITHHELD in row.get_text()
    assert row.find("a") is None
    hrefs = {unquote(a["href"]) for a in soup.find_all("a", href=True)}
    assert not hrefs & set(partitions(manifest, CLOSED.key))
