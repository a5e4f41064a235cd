"""What the warehouse says about its published tables: the bilingual descriptions of
`warehouse/comments.sql` (format ``'de: <German> | en: <English>'``), column types, keys, row
counts, and which columns each file holds (ratsinfo.warehouse.extract_of: documents.csv without
the text). The portal files (datapackage.json, DCAT, README.md) and the Dagster table metadata
(assets/resources.py) take their descriptions from here, so each is written once, in the
warehouse."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from ratsinfo.warehouse import TABLES, extract_of, published_file

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
    columns: tuple[ColumnInfo, ...]  # the published ones: in any of its files
    formats: tuple[str, ...] = ("parquet", "csv")  # its files (ratsinfo.warehouse.FILE_SUFFIXES)
    csv_omit: tuple[str, ...] = ()  # columns not in its CSV file (long texts)

    def columns_in(self, fmt: str) -> tuple[ColumnInfo, ...]:
        """The columns of the table's file in format `fmt`."""
        omitted = self.csv_omit if fmt == "csv" else ()
        return tuple(c for c in self.columns if c.name not in omitted)


def table_info(con: duckdb.DuckDBPyConnection, table: str) -> TableInfo:
    """The descriptions, key, row count, published columns (in order) and files of a warehouse
    table."""
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
    extract = extract_of(table)
    columns = tuple(
        ColumnInfo(name, dtype, *parse_comment(comment))
        for name, dtype, comment in rows
        if extract.publishes(name)
    )
    count_row = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return TableInfo(
        table,
        de,
        en,
        TABLES[table].key,
        int(count_row[0]) if count_row else 0,
        columns,
        extract.formats,
        extract.csv_omit,
    )


def file_note(table: TableInfo, fmt: str) -> tuple[str, str]:
    """(German, English): what sets `table`'s file in format `fmt` apart from its other files
    (the CSV without the long texts; JSON Lines), or two empty strings."""
    if fmt == "csv" and table.csv_omit:
        names = ", ".join(table.csv_omit)
        de_cols = f"die Spalte {names}" if len(table.csv_omit) == 1 else f"die Spalten {names}"
        en_cols = f"the column {names}" if len(table.csv_omit) == 1 else f"the columns {names}"
        others = " und ".join(published_file(table.name, f) for f in table.formats if f != "csv")
        others_en = others.replace(" und ", " and ")
        return (
            f"ohne {de_cols}: eine Zelle einer Tabellenkalkulation fasst höchstens 32.767 "
            f"Zeichen; der volle Text steht in {others}",
            f"without {en_cols}: a spreadsheet cell holds at most 32,767 characters; the full "
            f"text is in {others_en}",
        )
    if fmt == "jsonl":
        return (
            "JSON Lines: ein JSON-Objekt je Zeile, UTF-8, gzip-komprimiert",
            "JSON Lines: one JSON object per line, UTF-8, gzip-compressed",
        )
    return "", ""
