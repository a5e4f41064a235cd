"""The portal page (publish_dir/index.html): its HTML. The page in a real headless Chromium is in
test_portal_browser.py."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from assets.portal_page import portal_page
from assets.resources import WAREHOUSE_POOL
from ratsinfo.councils import Council
from ratsinfo.portal import build_portal_page, portal_facts, render_page
from ratsinfo.warehouse import connect

FIGURES = ("fig-vorlagen", "fig-antwortzeit", "fig-gremien", "fig-foerderung")
S = Council(key="s", name="s", system_url=None, vendor="OParl")  # the small warehouses' source


def page_of(con, publish: Path, council: Council | str = "sample", expected=()) -> str:
    """The page of `council` over the warehouse of `con` (the sample run's by default)."""
    return render_page(con, publish, portal_facts(con, None, council=council), expected)


@pytest.fixture(scope="module")
def published(sample_pipeline):
    return sample_pipeline


@pytest.fixture(scope="module")
def page(published) -> str:
    tmp, _ = published
    return (tmp / "publish" / "index.html").read_text(encoding="utf-8")


class Tree(HTMLParser):
    """Records every start tag (with its attributes and the open figure) and the text."""

    VOID: ClassVar[set[str]] = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], str | None]] = []
        self.stack: list[str] = []
        self.figure: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "figure":
            self.figure = a.get("id")
        self.tags.append((tag, a, self.figure))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), self.figure))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        if tag == "figure":
            self.figure = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [], tree.stack
    return tree


def test_asset_is_registered_with_its_dependency_and_pool(published):
    _, result = published
    assert portal_page.key == dg.AssetKey("portal_page")
    assert portal_page.op.pool == WAREHOUSE_POOL
    assert dg.AssetKey("manifest") in portal_page.dependency_keys
    [mat] = [m for m in result.get_asset_materialization_events() if m.asset_key == portal_page.key]
    assert mat.materialization.metadata["path"].value.endswith("index.html")


# The only links to other sites: the licence text and the council's website (from the Body or the
# source profile). Following a link loads nothing by itself; the page fetches nothing from them.
OUTSIDE_LINKS = {"https://www.govdata.de/dl-de/by-2-0", "https://www.braunschweig.de/"}


def test_page_parses_is_german_and_self_contained(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="de">')
    tree = parse(page)
    assert ("meta", {"charset": "utf-8"}, None) in tree.tags
    outside = set()
    for tag, attrs, _ in tree.tags:
        assert tag not in ("script", "iframe", "object", "embed", "img", "base"), tag
        if tag == "link":
            assert attrs.get("rel") == "icon" and attrs.get("href") == "data:,"  # no favicon fetch
        for name in ("src", "href", "srcset", "action", "xlink:href", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            if tag == "a" and name == "href" and value in OUTSIDE_LINKS:
                assert attrs.get("rel") == "noopener noreferrer", attrs
                outside.add(value)
                continue
            assert not re.match(r"^(https?:)?//", value), (tag, name, value)
    assert outside == OUTSIDE_LINKS
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    assert len(styles) == 1 and "@import" not in styles[0] and "url(" not in styles[0]
    rest = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for url in OUTSIDE_LINKS:
        rest = rest.replace(f'<a href="{url}" rel="noopener noreferrer">', "")
    assert "http://" not in rest and "https://" not in rest
    text = " ".join(tree.text)
    for word in ("Downloads", "Daten abgerufen am", "Vorlagen pro Monat", "Daten als Tabelle"):
        assert word in text


def test_every_manifest_file_is_listed_with_its_facts(published, page):
    tmp, _ = published
    publish = tmp / "publish"
    files = json.loads((publish / "manifest.json").read_text())["files"]
    assert files
    hrefs = [unquote(a["href"] or "") for t, a, _ in parse(page).tags if t == "a"]
    for name, entry in files.items():
        assert name in hrefs and (publish / name).is_file(), name
        assert entry["sha256"] in page
        rows = f"{entry['rows']:,}".replace(",", ".")
        word = "Zeile" if entry["rows"] == 1 else "Zeilen"  # "1 Zeile", "2 Zeilen"
        assert f'>{rows}<span class="unit"> {word}</span>' in page, name
    assert any(entry["rows"] == 1 for entry in files.values())  # the sample's one body
    assert "manifest.json" in hrefs
    for name in ("datapackage.json", "dcat.ttl", "SHA256SUMS"):  # linked exactly when present
        assert (name in hrefs) == (publish / name).is_file()
    ids = {a["id"] for _, a, _ in parse(page).tags if a.get("id")}
    for href in hrefs:  # every other link resolves to a file in the publish directory
        if href.startswith("#"):  # or to a part of the page
            assert href[1:] in ids, href
            continue
        assert href in OUTSIDE_LINKS or (publish / href).is_file(), href


def test_metadata_files_and_feeds_are_linked_when_present(published, tmp_path):
    tmp, _ = published
    publish = tmp_path / "publish"
    shutil.copytree(tmp / "publish", publish)
    for name in ("datapackage.json", "dcat.ttl", "dcat.jsonld", "README.md", "feeds/all.atom",
                 "feeds/rat-der-stadt.atom"):  # fmt: skip
        (publish / name).parent.mkdir(exist_ok=True)
        (publish / name).write_text("x")
    (publish / "SHA256SUMS").unlink(missing_ok=True)
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        hrefs = {a["href"] for t, a, _ in parse(page_of(con, publish)).tags if t == "a"}
        later = {
            a["href"]
            for t, a, _ in parse(page_of(con, publish, expected=["SHA256SUMS"])).tags
            if t == "a"
        }
    finally:
        con.close()
    assert {"manifest.json", "datapackage.json", "dcat.ttl", "dcat.jsonld", "README.md",
            "feeds/all.atom", "feeds/rat-der-stadt.atom"} <= hrefs  # fmt: skip
    assert "SHA256SUMS" not in hrefs and later == hrefs | {"SHA256SUMS"}


def dd(page: str, term: str) -> str:
    """The HTML of the header fact `term` (<dt>term</dt><dd>…</dd>)."""
    match = re.search(rf"<dt>{re.escape(term)}</dt><dd>(.*?)</dd></div>", page, flags=re.S)
    assert match, term
    return match.group(1)


def test_header_names_council_licence_fetch_day_and_paper_range(published, page):
    tmp, _ = published
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        [(finished,)] = con.execute("SELECT max(finished_at) FROM crawl_runs").fetchall()
        [(oldest, newest)] = con.execute(
            "SELECT min(date), max(date) FROM vorlagen WHERE deleted_at IS NULL"
        ).fetchall()
    finally:
        con.close()
    body = "Stadt Braunschweig (Beispieldaten)"  # the sample's OParl Body
    assert f'<h1><span class="kicker">{body}</span>' in page
    assert dd(page, "Kommune").startswith(body)
    fetched = finished.astimezone(ZoneInfo("Europe/Berlin")).date()
    assert dd(page, "Daten abgerufen am") == f'<time datetime="{fetched}">{fetched:%d.%m.%Y}</time>'
    span = dd(page, "Zeitraum der Vorlagen")
    assert span.startswith(
        f'<time datetime="{oldest}">{oldest:%d.%m.%Y}</time> bis '
        f'<time datetime="{newest}">{newest:%d.%m.%Y}</time>'
    )
    # the newest paper's date is the end of the range, never the update time
    assert "aktualisiert" not in page and page.count(f'datetime="{newest}"') == 1
    licence = (
        '<a href="https://www.govdata.de/dl-de/by-2-0" rel="noopener noreferrer">'
        "Datenlizenz Deutschland – Namensnennung – Version 2.0</a>"
    )
    assert dd(page, "Lizenz") == licence
    attribution = f"{body}, Ratsinformationssystem, {newest.year}"
    box = re.search(r'<div class="licence" id="lizenz">(.*?)</div>', page, flags=re.S)
    assert box and licence in box.group(1)
    assert f'<q class="attribution">{attribution}</q>' in box.group(1)
    footer = re.search(r"<footer.*?</footer>", page, flags=re.S)
    assert footer and licence in footer.group(0) and attribution in footer.group(0)
    assert body in footer.group(0)


def test_future_papers_are_a_range_not_the_update_time(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        for i, day in enumerate(("2025-11-03", "2026-02-10", "2026-06-30")):
            con.execute(
                "INSERT INTO vorlagen (paper_id, source, reference, subject, paper_type, "
                "lead_department, participating_departments, related_references, date, "
                f"page_sha256) VALUES ('s:/{i}', 's', '26-{i}', 'x', 'Antrag', 'FB', [], [], "
                f"DATE '{day}', 'h')"
            )
        con.execute(
            "INSERT INTO crawl_runs (source, started_at, finished_at, mode, papers_listed, "
            "pages_requested, pages_changed, requests, errors) VALUES ('s', "
            "TIMESTAMPTZ '2026-02-11 22:40:00+00', TIMESTAMPTZ '2026-02-11 23:10:00+00', 'full', "
            "3, 3, 3, 4, 0)"
        )
        html = page_of(con, tmp_path, S)
    finally:
        con.close()
    parse(html)
    # 23:10 UTC is the next day in Germany
    assert dd(html, "Daten abgerufen am") == '<time datetime="2026-02-12">12.02.2026</time>'
    span = dd(html, "Zeitraum der Vorlagen")
    assert span.startswith(
        '<time datetime="2025-11-03">03.11.2025</time> bis '
        '<time datetime="2026-06-30">30.06.2026</time>'
    )
    assert "1 Vorlage trägt ein Datum nach dem Abruf" in span
    assert "Abruf: " not in html and html.count('datetime="2026-06-30"') == 1
    # no Body archived: the source's name, and the configured licence with attribution
    assert dd(html, "Kommune") == "s"
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in dd(html, "Lizenz")
    assert '<q class="attribution">s, Ratsinformationssystem, 2026</q>' in html


def test_every_figure_has_an_accessible_chart_and_its_table(page):
    tree = parse(page)
    figures = [a["id"] for t, a, _ in tree.tags if t == "figure"]
    assert figures == list(FIGURES)
    for fig in figures:
        inside = [(t, a) for t, a, f in tree.tags if f == fig]
        names = [t for t, _ in inside]
        [svg] = [a for t, a in inside if t == "svg"]
        assert svg["role"] == "img" and svg["aria-label"], fig
        assert {"figcaption", "title", "details", "summary", "table", "caption", "th", "td"} <= set(
            names
        ), fig
        assert names.count("rect") > 0, fig
        assert names.index("details") < names.index("table")
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):  # each SVG is well-formed XML
        root = ET.fromstring(svg)
        assert root.find("{http://www.w3.org/2000/svg}title") is not None


def test_chart_values_come_from_the_views(page):
    assert "Welcome Center" in page and "20.000 €" in page and "20.000,00 €" in page
    assert "0800 Stabsstelle Wirtschaftsdezernat" in page and "14 Tage (n = 1)" in page
    assert "Ausschuss für Vielfalt und Integration" in page


def test_page_is_deterministic_and_written_atomically(published, page):
    tmp, _ = published
    publish = tmp / "publish"
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        assert page_of(con, publish) == page
        path = build_portal_page(con, publish, portal_facts(con, None, council="sample"))
    finally:
        con.close()
    assert path == publish / "index.html" and path.read_text(encoding="utf-8") == page
    assert not [p.name for p in publish.iterdir() if ".tmp-" in p.name]


def test_text_is_escaped(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        evil = '<script>alert("x")</script>'
        con.execute(
            "INSERT INTO vorlagen (paper_id, source, reference, subject, paper_type, "
            "lead_department, participating_departments, related_references, date, page_sha256) "
            "VALUES ('s:/1', 's', '26-1', 'x', ?, ?, [], [], DATE '2026-03-02', 'h')",
            [evil, evil],
        )
        con.execute(
            "INSERT INTO funding (paper_id, reference, position, amount, currency, recipient, "
            "text) VALUES ('s:/1', '26-1', 1, 5, 'EUR', ?, 'x')",
            [evil],
        )
        (tmp_path / "pub").mkdir()
        (tmp_path / "pub" / "manifest.json").write_text(
            json.dumps({"files": {'a"b<c>.csv': {"format": "csv", "rows": 1, "bytes": 3}}})
        )
        html = page_of(con, tmp_path / "pub", S)
    finally:
        con.close()
    assert "<script" not in html and evil not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "a&quot;b&lt;c&gt;.csv" in html
    parse(html)


def test_empty_warehouse_renders_a_page(tmp_path):
    con = connect(tmp_path / "x.duckdb")
    try:
        html = page_of(con, tmp_path, S)
    finally:
        con.close()
    assert "Keine Daten vorhanden." in html
    assert dd(html, "Daten abgerufen am") == "unbekannt"
    assert dd(html, "Zeitraum der Vorlagen") == "keine datierten Vorlagen"
    parse(html)


# -- the full-text search --------------------------------------------------------------------------


def section(page: str, section_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{section_id}">.*?</section>', page, flags=re.S)
    assert match, section_id
    return match.group(0)


def test_fulltext_section_counts_the_documents_and_links_their_files(published, page):
    tmp, _ = published
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        [(documents, with_text, scans, unreadable)] = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE chars > 0), count(*) FILTER (WHERE "
            "image_only), count(*) FILTER (WHERE error IS NOT NULL) FROM documents"
        ).fetchall()
    finally:
        con.close()
    assert documents and with_text and scans and unreadable  # the sample has one of each
    html = section(page, "volltextsuche")
    assert '<h2 id="volltextsuche">Volltextsuche <span class="sub-en" lang="en">/ Full-text' in html
    for term, n in (("Dokumente gelesen", documents), ("mit Text", with_text),
                    ("Scans ohne Textebene", scans), ("nicht lesbar", unreadable)):  # fmt: skip
        assert dd(html, term) == f"{n:,}".replace(",", "."), term
    hrefs = {a["href"] for t, a, _ in parse(html).tags if t == "a"}
    assert {"documents.parquet", "documents.jsonl.gz", "documents.csv", "files.parquet"} <= hrefs
    assert "32.767 Zeichen" in html  # why the CSV has no text
    # the command and the SQL of the search in a ratsinfo warehouse, for the council of the run
    text = unescape(html)
    assert '<code>ratsinfo search "Welcome Center" \\\n  --body sample</code>' in text
    assert "FROM search('Welcome Center',\n  body := 'sample')\nLIMIT 20;</code>" in text
    # the header counts the documents too, and the CSV says what it lacks
    assert dd(page, "Umfang").endswith(f"{documents:,} Dokumente".replace(",", "."))
    assert '<td class="fmt">CSV ohne Volltext</td>' in page


def test_the_sql_for_the_downloads_runs_as_shown(published, monkeypatch):
    from ratsinfo.portal.page.fulltext import DOWNLOADS_SQL

    tmp, _ = published
    monkeypatch.chdir(tmp / "publish")  # in the folder of the downloaded files
    rows = duckdb.connect().execute(DOWNLOADS_SQL).fetchall()
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        [(expected,)] = con.execute(
            "SELECT count(*) FROM files JOIN documents USING (document_id) "
            "WHERE documents.text ILIKE '%Welcome Center%'"
        ).fetchall()
    finally:
        con.close()
    assert rows and len(rows) == expected
    assert all(paper_id.startswith("sample:") and url for paper_id, _, url in rows)


def test_the_sql_for_the_warehouse_runs_where_the_search_index_is_built(published):
    """The page's example of the warehouse search (macro `search`, ratsinfo/search.py): it runs
    on the sample's warehouse once the pipeline built the index there."""
    search = pytest.importorskip("ratsinfo.search")
    from ratsinfo.portal.page.fulltext import warehouse_sql

    tmp, _ = published
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        if not search.has_index(con):
            pytest.skip("the pipeline built no search index in this warehouse")
        search.load_fts(con)
        sql = warehouse_sql("sample").removeprefix("LOAD fts;\n")  # loaded above, offline
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows and all(rank == n for n, (rank, _, _) in enumerate(rows, start=1))
