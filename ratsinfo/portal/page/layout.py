"""The portal page as a whole: header with the council, the fetch day, the papers' date range and
the licence; the downloads (every file of manifest.json and the metadata files present); the
full-text search (fulltext: the documents' counts and how to search their texts); the figures;
the footer. The style sheet is portal.css beside this module (a package resource),
inlined into the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import duckdb

from ratsinfo.files import write_atomic
from ratsinfo.portal.facts import PortalFacts
from ratsinfo.portal.page.figures import (
    answers_figure,
    committee_figure,
    funding_figure,
    papers_figure,
)
from ratsinfo.portal.page.formatting import de_date, de_int, de_size, esc, rows_word
from ratsinfo.portal.page.fulltext import SECTION_ID, fulltext_section
from ratsinfo.portal.page.queries import (
    document_counts,
    fetched_at,
    local_date,
    paper_dates,
    paper_sources,
    read_manifest,
    row_counts,
)
from ratsinfo.portal.sanitize import safe_http_url
from ratsinfo.warehouse import extract_of

PAGE_NAME = "index.html"
STYLE_SHEET = "portal.css"

# Metadata files linked when present in the publish directory, with what they are.
EXTRA_FILES = (
    ("manifest.json", "Liste aller Dateien mit Zeilen, Größe und SHA-256 (JSON)"),
    ("datapackage.json", "Frictionless Data Package: Tabellen, Felder und Typen"),
    ("dcat.ttl", "DCAT-AP-Metadaten (RDF/Turtle) für Datenportale"),
    ("dcat.jsonld", "dieselben DCAT-AP-Metadaten als JSON-LD"),
    ("README.md", "Beschreibung der Dateien für Nutzerinnen und Nutzer"),
    ("SHA256SUMS", "Prüfsummen aller Dateien (sha256sum -c SHA256SUMS)"),
)
FORMAT_LABELS = {
    "csv": "CSV",
    "parquet": "Parquet",
    "jsonl": "JSON Lines",
    "json": "JSON",
    "ttl": "Turtle",
}
TABLE_LABELS = {
    "vorlagen": "Vorlagen (Grunddaten der Papiere)",
    "beratungsfolge": "Beratungsfolge (Gremien, Sitzungen, Beschlüsse)",
    "answers": "Antworten der Verwaltung auf Anfragen",
    "funding": "Geldbeträge aus den Texten",
    "sections": "Textabschnitte der Vorlagen",
    "files": "Verlinkte Dokumente",
    "documents": "Texte der abgerufenen Dokumente",
}


def page_start(kicker: str, title: str) -> list[str]:
    """The lines a portal page starts with, to its header's heading: doctype, head with the
    inline style sheet, and the heading with its kicker line."""
    return [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(kicker)} – {esc(title)}</title>",
        '<link rel="icon" href="data:,">',
        f"<style>\n{style_sheet()}</style>",
        "</head>",
        "<body>",
        '<header><div class="wrap">',
        f'<h1><span class="kicker">{esc(kicker)}</span>{esc(title)}</h1>',
    ]


def format_label(table: str, fmt: str) -> str:
    """The format of a table's file as the downloads say it: the CSV of a table whose long texts
    are in its other files says so (documents.csv: without `text`)."""
    label = FORMAT_LABELS.get(fmt, fmt)
    omitted = extract_of(table).csv_omit if table and fmt == "csv" else ()
    if omitted == ("text",):
        return f"{label} ohne Volltext"
    return f"{label} ohne Spalten {', '.join(omitted)}" if omitted else label


@cache
def style_sheet() -> str:
    """The page's CSS (portal.css, shipped in the package)."""
    return resources.files(__package__).joinpath(STYLE_SHEET).read_text(encoding="utf-8")


# -- downloads -----------------------------------------------------------------------------------


def hash_cell(sha: str) -> str:
    """The SHA-256: its first 12 hex digits, the whole value one tap away (and in the title)."""
    if not sha:
        return '<td class="hash"></td>'
    return (
        f'<td class="hash"><details><summary><code title="{esc(sha)}">{esc(sha[:12])}…</code>'
        f'</summary><code class="sha">{esc(sha)}</code></details></td>'
    )


def downloads(publish_dir: Path, expected: Sequence[str] = ()) -> str:
    manifest = read_manifest(publish_dir)
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, entry in manifest.items():  # one group per table, files of no table on their own
        groups.setdefault(str(entry.get("table") or name), []).append((name, entry))
    body = []
    for key, entries in sorted(groups.items()):
        table = str(entries[0][1].get("table") or "")
        n_rows = entries[0][1].get("rows")
        span = f' rowspan="{len(entries)}"' if len(entries) > 1 else ""
        body.append("<tbody>")
        for i, (name, entry) in enumerate(entries):
            fmt = str(entry.get("format") or Path(name).suffix.lstrip("."))
            size = entry.get("bytes")
            body.append("<tr>")
            if i == 0:
                label = TABLE_LABELS.get(table, "")
                rows_text = (
                    f'{esc(de_int(n_rows))}<span class="unit"> {rows_word(n_rows)}</span>'
                    if isinstance(n_rows, int)
                    else ""
                )
                body.append(
                    f'<th scope="rowgroup"{span}><strong>{esc(key)}</strong>'
                    + (f'<span class="sub">{esc(label)}</span>' if label else "")
                    + f'</th><td class="num rows"{span}>{rows_text}</td>'
                )
            body.append(
                f'<td class="file"><a href="{esc(quote(name))}" download>{esc(name)}</a></td>'
                f'<td class="fmt">{esc(format_label(table, fmt))}</td>'
                f'<td class="num size">{esc(de_size(size)) if isinstance(size, int) else ""}</td>'
                + hash_cell(str(entry.get("sha256") or ""))
                + "</tr>"
            )
        body.append("</tbody>")
    head = "".join(
        f'<th scope="col"{" class=num" if h in ("Zeilen", "Größe") else ""}>{h}</th>'
        for h in ("Tabelle", "Zeilen", "Datei", "Format", "Größe", "SHA-256")
    )
    files = (
        '<table class="files"><caption>Tabellen (Quelle: manifest.json)</caption>'
        f"<thead><tr>{head}</tr></thead>{''.join(body)}</table>"
        if body
        else '<p class="note">Noch keine Dateien veröffentlicht.</p>'
    )
    extras = [
        f'<li><a href="{esc(quote(name))}">{esc(name)}</a> – {esc(text)}</li>'
        for name, text in EXTRA_FILES
        if (publish_dir / name).is_file() or name in expected
    ]
    feeds_dir = publish_dir / "feeds"
    feeds = sorted(
        p.relative_to(publish_dir).as_posix()
        for p in (feeds_dir.rglob("*") if feeds_dir.is_dir() else ())
        if p.is_file() and not p.name.startswith(".")  # not a temporary file
    )
    for rel in (f for f in feeds if f == "feeds/all.atom"):
        extras.append(f'<li><a href="{esc(quote(rel))}">{esc(rel)}</a> – Atom-Feed: alle neuen '
                      "Vorlagen</li>")  # fmt: skip
    committees = [f for f in feeds if f != "feeds/all.atom"]
    if committees:
        extras.append(
            "<li>Atom-Feeds der neuen Vorlagen je Gremium:"
            '<ul class="feeds">'
            + "".join(f'<li><a href="{esc(quote(rel))}">{esc(rel)}</a></li>' for rel in committees)
            + "</ul></li>"
        )
    extra_html = (
        f'<h3>Metadaten, Prüfsummen und Feeds</h3><ul class="extras">{"".join(extras)}</ul>'
        if extras
        else ""
    )
    return files + extra_html


# -- header, licence, page ----------------------------------------------------------------------


def time_html(d: dt.date) -> str:
    return f'<time datetime="{d.isoformat()}">{de_date(d)}</time>'


def link(url: str | None, text: str) -> str:
    """A link to an outside page when `url` is a safe http(s) URL, else just the text."""
    safe = safe_http_url(url).url
    if safe is None:
        return esc(text)
    return f'<a href="{esc(safe)}" rel="noopener noreferrer">{esc(text)}</a>'


def licence_box(facts: PortalFacts) -> str:
    lic = facts.license
    stated = " (so von der Quelle angegeben)" if facts.license_from_source else ""
    parts = [
        '<div class="licence" id="lizenz">',
        f"<p><strong>Lizenz:</strong> {link(lic.url, lic.title)}{esc(stated)}.</p>",
    ]
    if facts.attribution:
        parts.append(
            "<p><strong>Namensnennung:</strong> Bei jeder Verwendung der Daten ist anzugeben: "
            f'<q class="attribution">{esc(facts.attribution)}</q></p>'
        )
    elif not lic.attribution_required:
        parts.append("<p>Eine Namensnennung ist nicht erforderlich.</p>")
    parts.append("</div>")
    return "".join(parts)


def render_page(
    con: duckdb.DuckDBPyConnection,
    publish_dir: Path,
    facts: PortalFacts,
    expected: Sequence[str] = (),
) -> str:
    """The page as text (see ratsinfo.portal.page). Council, licence and attribution are those of
    the metadata files (`facts`, from ratsinfo.portal.portal_facts). Metadata files are linked
    when present in `publish_dir` or named in `expected` (files the pipeline writes after the
    page, such as SHA256SUMS, which covers the page)."""
    fetched = fetched_at(con)
    fetched_day = local_date(fetched) if fetched else None
    oldest, newest, later = paper_dates(con, fetched_day)
    fetched_html = time_html(fetched_day) if fetched_day else "unbekannt"
    if oldest and newest:
        span_html = f"{time_html(oldest)} bis {time_html(newest)}"
        if later:
            span_html += (
                f' <span class="sub">{de_int(later)} '
                f"{'Vorlage trägt' if later == 1 else 'Vorlagen tragen'} ein Datum nach dem "
                "Abruf (etwa künftige Sitzungstermine).</span>"
            )
    else:
        span_html = "keine datierten Vorlagen"
    sources = ", ".join(paper_sources(con))
    n_papers, n_consult, n_answers, n_funding = row_counts(con)
    n_documents = document_counts(con)[0]
    title = "Ratsinformationen als offene Daten"
    body = facts.body_name
    site = safe_http_url(facts.body_website).url
    website = (
        f' <span class="sub">Website: {link(site, urlsplit(site).netloc)}</span>' if site else ""
    )
    lic = facts.license
    return "\n".join(
        [
            *page_start(body, title),
            '<p class="lead">Vorlagen, Beratungen, Antworten der Verwaltung, in den Texten '
            "genannte Geldbeträge und die Texte der Dokumente aus dem Ratsinformationssystem – "
            "als CSV, Parquet und JSON Lines zum Herunterladen, mit Prüfsummen und Metadaten.</p>",
            '<dl class="facts">',
            f'<div class="wide"><dt>Kommune</dt><dd>{esc(body)}{website}</dd></div>',
            f"<div><dt>Daten abgerufen am</dt><dd>{fetched_html}</dd></div>",
            f"<div><dt>Quelle</dt><dd>{esc(sources or 'keine')}</dd></div>",
            f'<div class="wide"><dt>Zeitraum der Vorlagen</dt><dd>{span_html}</dd></div>',
            f'<div class="wide"><dt>Lizenz</dt><dd>{link(lic.url, lic.title)}</dd></div>',
            f'<div class="wide"><dt>Umfang</dt><dd>{de_int(n_papers)} Vorlagen, '
            f"{de_int(n_consult)} Beratungen, {de_int(n_answers)} Antworten, "
            f"{de_int(n_funding)} Geldbeträge, {de_int(n_documents)} Dokumente</dd></div>",
            "</dl>",
            "</div></header>",
            '<main class="wrap">',
            '<section aria-labelledby="downloads"><h2 id="downloads">Downloads</h2>',
            licence_box(facts),
            '<p class="note">Jede Tabelle als CSV (UTF-8, Kopfzeile, RFC 4180) und Parquet '
            "(zstd), Zeilen nach Primärschlüssel sortiert; die Texte der Dokumente stehen in "
            "Parquet und JSON Lines, nicht in der CSV (siehe "
            f'<a href="#{SECTION_ID}">Volltextsuche</a>). „Daten abgerufen am“ ist der Tag, an '
            "dem die Daten zuletzt aus dem Ratsinformationssystem geholt wurden.</p>",
            downloads(publish_dir, expected),
            "</section>",
            fulltext_section(con, publish_dir, facts),
            '<section aria-labelledby="aktivitaet"><h2 id="aktivitaet">Aktivität des Rates</h2>',
            papers_figure(con),
            answers_figure(con),
            committee_figure(con),
            funding_figure(con),
            "</section>",
            "</main>",
            f'<footer class="wrap"><p>Daten: {esc(body)}, Ratsinformationssystem; abgerufen am '
            f"{fetched_html}. Lizenz: {link(lic.url, lic.title)}"
            + (f"; Namensnennung: <q>{esc(facts.attribution)}</q>" if facts.attribution else "")
            + ". Erzeugt von ratsinfo aus dem DuckDB-Warehouse; die Grafiken beruhen auf den "
            "Analyse-Sichten in <code>warehouse/views.sql</code>.</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def build_portal_page(
    con: duckdb.DuckDBPyConnection,
    publish_dir: Path,
    facts: PortalFacts,
    expected: Sequence[str] = (),
) -> Path:
    """Write publish_dir/index.html (to a temporary name, renamed into place); returns its path.
    `facts` and `expected`: see render_page."""
    publish_dir = Path(publish_dir)
    publish_dir.mkdir(parents=True, exist_ok=True)
    page = render_page(con, publish_dir, facts, expected)
    return write_atomic(publish_dir / PAGE_NAME, page)
