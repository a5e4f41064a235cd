"""The full-text search section of the portal page: how many documents were read (with text,
image-only scans, unreadable), which files hold their texts, and how to search them: in the
downloaded files with DuckDB (the SQL runs as shown, in the folder of the downloads), and in a
ratsinfo warehouse with `ratsinfo search` or its SQL macro `search`.

documents.csv holds the documents' metadata only: a spreadsheet cell holds at most 32,767
characters, so the texts are in documents.parquet and documents.jsonl.gz (JSON Lines, gzip)."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import quote

import duckdb

from ratsinfo.portal.facts import PortalFacts
from ratsinfo.portal.page.formatting import de_int, esc
from ratsinfo.portal.page.queries import document_counts, read_manifest
from ratsinfo.warehouse import published_files

SECTION_ID = "volltextsuche"
EXAMPLE_TERM = "Welcome Center"

# Search the downloads: the papers whose documents name the term (lines short enough for a
# phone; the query runs as it stands in the folder of the downloaded files).
DOWNLOADS_SQL = f"""SELECT f.paper_id, f.name,
  f.access_url
FROM 'files.parquet' AS f
JOIN 'documents.parquet' AS d
  USING (document_id)
WHERE d.text
  ILIKE '%{EXAMPLE_TERM}%'
ORDER BY f.paper_id;"""


def warehouse_sql(source: str) -> str:
    """SQL that searches the council's papers in a ratsinfo warehouse: the table macro `search`
    over its full-text index (DuckDB's fts extension, ratsinfo/queries/search_macro.sql)."""
    return (
        "LOAD fts;\n"
        "SELECT rank, reference, subject\n"
        f"FROM search({_sql_text(EXAMPLE_TERM)},\n"
        f"  body := {_sql_text(source)})\n"
        "LIMIT 20;"
    )


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def search_command(source: str) -> str:
    """The command line that searches the council's papers and documents in a ratsinfo
    warehouse (two lines, to fit a phone)."""
    return f'ratsinfo search "{EXAMPLE_TERM}" \\\n  --body {shlex.quote(source)}'


def _code(text: str, label: str) -> str:
    """A code example in a box that scrolls sideways on a narrow screen (keyboard too)."""
    return (
        f'<pre class="code scroll" role="region" tabindex="0" aria-label="{esc(label)}">'
        f"<code>{esc(text)}</code></pre>"
    )


def _file(name: str, present: set[str]) -> str:
    """A published file: a download link when it is in the manifest, else its name."""
    if name in present:
        return f'<a href="{esc(quote(name))}" download><code>{esc(name)}</code></a>'
    return f"<code>{esc(name)}</code>"


def fulltext_section(con: duckdb.DuckDBPyConnection, publish_dir: Path, facts: PortalFacts) -> str:
    """The section "Volltextsuche / Full-text search" (see the module docstring)."""
    documents, with_text, scans, unreadable = document_counts(con)
    present = set(read_manifest(publish_dir))
    files = published_files("documents")
    parquet, csv, jsonl = (_file(files[f], present) for f in ("parquet", "csv", "jsonl"))
    files_parquet = _file(published_files("files")["parquet"], present)
    if documents:
        counts = (
            '<dl class="facts counts">'
            f"<div><dt>Dokumente gelesen</dt><dd>{de_int(documents)}</dd></div>"
            f"<div><dt>mit Text</dt><dd>{de_int(with_text)}</dd></div>"
            f"<div><dt>Scans ohne Textebene</dt><dd>{de_int(scans)}</dd></div>"
            f"<div><dt>nicht lesbar</dt><dd>{de_int(unreadable)}</dd></div>"
            "</dl>"
        )
    else:
        counts = '<p class="note">Noch keine Dokumente abgerufen.</p>'
    return "".join(
        [
            f'<section aria-labelledby="{SECTION_ID}">',
            f'<h2 id="{SECTION_ID}">Volltextsuche <span class="sub-en" lang="en">/ Full-text '
            "search</span></h2>",
            "<p>Die Dokumente (PDF), die Vorlagen, Sitzungen und Tagesordnungspunkte nennen, "
            "werden abgerufen und ihr Text gelesen; Scans ohne Textebene bleiben ohne Text, "
            "nicht lesbare Dateien sind mit dem Grund vermerkt (Spalten <code>error</code>, "
            "<code>error_kind</code>).</p>",
            counts,
            f"<p>Der Text steht in {parquet} und {jsonl} (JSON Lines: ein JSON-Objekt je "
            "Zeile, UTF-8, gzip-komprimiert), Seiten durch einen Seitenvorschub getrennt. "
            f"{csv} enthält nur die Metadaten, ohne die Spalte <code>text</code>: eine Zelle "
            "einer Tabellenkalkulation fasst höchstens 32.767 Zeichen. Zu welcher Vorlage ein "
            f"Dokument gehört, sagt {files_parquet} (Spalte <code>document_id</code>).</p>",
            "<h3>In den heruntergeladenen Dateien</h3>"
            "<p>Mit DuckDB im Ordner der Dateien, etwa die Vorlagen, deren Dokumente "
            f"„{esc(EXAMPLE_TERM)}“ nennen:</p>",
            _code(DOWNLOADS_SQL, "SQL-Beispiel für die heruntergeladenen Dateien"),
            "<h3>Im Warehouse von ratsinfo</h3>"
            "<p>Wer ratsinfo selbst betreibt, sucht im DuckDB-Warehouse über den "
            "Volltextindex, auf der Kommandozeile:</p>",
            _code(search_command(facts.source), "Suche auf der Kommandozeile"),
            "<p>oder in SQL (<code>duckdb -readonly warehouse/ratsinfo.duckdb</code>):</p>",
            _code(warehouse_sql(facts.source), "SQL-Beispiel für das Warehouse"),
            '<p lang="en" class="note">Full-text search: the documents’ texts are in '
            "documents.parquet and documents.jsonl.gz; documents.csv holds their metadata "
            "only, as a spreadsheet cell holds at most 32,767 characters. Search the downloads "
            "with DuckDB as above, or a ratsinfo warehouse with <code>ratsinfo search</code>."
            "</p>",
            "</section>",
        ]
    )
