"""What the warehouse says about its published tables: the bilingual descriptions of
`warehouse/comments.sql` (format ``'de: <German> | en: <English>'``), column types, keys and row
counts. The portal files (datapackage.json, DCAT, README.md) and the Dagster table metadata
(assets/resources.py) take their descriptions from here, so each is written once, in the
warehouse."""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from ratsinfo.warehouse import TABLES

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
    columns: tuple[ColumnInfo, ...]


def table_info(con: duckdb.DuckDBPyConnection, table: str) -> TableInfo:
    """The descriptions, key, row count and columns (in order) of a warehouse table."""
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
