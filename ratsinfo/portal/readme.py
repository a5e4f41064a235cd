"""README.md of the publish directory: a German description for downloaders with an English
paragraph: the files with rows and bytes, every column with its type and both descriptions, the
licence and its attribution, how to verify the checksums. What the source states is literal text
here (no Markdown markup, no HTML, no line breaks: ratsinfo.portal.sanitize.markdown_text)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ratsinfo.files import write_atomic
from ratsinfo.portal.datapackage import frictionless_type
from ratsinfo.portal.facts import PortalFacts, dataset_description, dataset_title
from ratsinfo.portal.metadata import file_note
from ratsinfo.portal.page.formatting import rows_text
from ratsinfo.portal.sanitize import markdown_text
from ratsinfo.warehouse import published_file


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
    title_de, _ = dataset_title(facts)
    desc_de, desc_en = dataset_description(facts)
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
        "Zeilen nach dem Primärschlüssel sortiert. Die Texte der Dokumente (`documents`) stehen "
        "in `documents.parquet` und in `documents.jsonl.gz` (JSON Lines: ein JSON-Objekt je "
        "Zeile, UTF-8, gzip-komprimiert); `documents.csv` enthält nur ihre Metadaten, ohne die "
        "Spalte `text`, denn eine Zelle einer Tabellenkalkulation fasst höchstens 32.767 Zeichen.",
        "",
        "| Datei | Zeilen | Bytes | Inhalt |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in facts.tables:
        for fmt in t.formats:
            name = published_file(t.name, fmt)
            entry = facts.files.get(name)
            if entry is not None:
                note, _ = file_note(t, fmt)
                content = f"{t.de} – {note}" if note else t.de
                lines.append(f"| `{name}` | {entry['rows']} | {entry['bytes']} | {_md(content)} |")
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
            f"{t.de} ({rows_text(t.rows)}; Schlüssel: {key}).",
            "",
            "| Spalte | Typ | Beschreibung | Description |",
            "| --- | --- | --- | --- |",
        ]
        for c in t.columns:
            de, en = c.de, c.en
            if c.name in t.csv_omit:
                de, en = f"{de} (nicht in der CSV-Datei)", f"{en} (not in the CSV file)"
            lines.append(
                f"| `{c.name}` | {frictionless_type(c.duckdb_type)} | {_md(de)} | {_md(en)} |"
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
        "apostrophe) and as Parquet (zstd, raw values); the documents' texts are in "
        "`documents.parquet` and `documents.jsonl.gz` (JSON Lines, one object per line, UTF-8, "
        "gzip), not in `documents.csv`, as a spreadsheet cell holds at most 32,767 characters; "
        "the tables above list every column with a German and an English description. "
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
