"""What the portal page reads: the analytics views of warehouse/views.sql behind the charts, the
crawl and paper dates for the header, the documents' counts for the full-text search, and
manifest.json of the publish directory. Every query
has a fixed order, so the page is the same for the same warehouse."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

MONTHS = 72  # the papers chart shows at most the last six years
TOP_TYPES = 6  # paper types drawn in their own colour; the rest are "Sonstige"
TOP_RECIPIENTS = 10
OTHER_TYPES = "Sonstige"


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


# -- the charts ----------------------------------------------------------------------------------


def papers_by_month(
    con: duckdb.DuckDBPyConnection,
) -> tuple[list[dt.date], list[str], dict[tuple[dt.date, str], int]]:
    """(months, series, counts): the last MONTHS months up to the newest one (gaps included), the
    TOP_TYPES most frequent paper types of that window plus "Sonstige", and papers per cell."""
    rows = _rows(
        con,
        "SELECT month, coalesce(paper_type, 'ohne Art'), papers FROM papers_per_month_by_type "
        "ORDER BY month, 2",
    )
    if not rows:
        return [], [], {}
    last: dt.date = max(r[0] for r in rows)
    months = [last]
    while len(months) < MONTHS:
        prev = months[-1].replace(day=1) - dt.timedelta(days=1)
        months.append(prev.replace(day=1))
    first = min(r[0] for r in rows)
    months = sorted(m for m in months if m >= first.replace(day=1))
    window = [r for r in rows if r[0] >= months[0]]
    totals: dict[str, int] = {}
    for _, kind, n in window:
        totals[kind] = totals.get(kind, 0) + int(n)
    ranked = sorted(totals, key=lambda k: (-totals[k], k))
    top = ranked[:TOP_TYPES]
    series = top + ([OTHER_TYPES] if len(ranked) > TOP_TYPES else [])
    counts: dict[tuple[dt.date, str], int] = {}
    for month, kind, n in window:
        key = (month, kind if kind in top else OTHER_TYPES)
        counts[key] = counts.get(key, 0) + int(n)
    return months, series, counts


def answer_times_by_department(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, int, float, float]]:
    rows = _rows(
        con,
        "SELECT coalesce(name, 'ohne Angabe'), answered, median_days, mean_days FROM answer_times "
        "WHERE dimension = 'department' AND median_days IS NOT NULL "
        "ORDER BY median_days DESC, name",
    )
    return [(str(r[0]), int(r[1]), float(r[2]), float(r[3])) for r in rows]


def answer_overview(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    row = con.execute(
        "SELECT count(DISTINCT question_paper_id), "
        "count(DISTINCT question_paper_id) FILTER (WHERE answer_paper_id IS NOT NULL) "
        "FROM questions_answered"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def funding_by_recipient(con: duckdb.DuckDBPyConnection) -> list[tuple[str, Decimal, int, str]]:
    """Top recipients in EUR over all years: (recipient, amount, rows, years)."""
    rows = _rows(
        con,
        "SELECT recipient, sum(amount) AS amount, sum(rows)::BIGINT, "
        "string_agg(DISTINCT year::VARCHAR, ', ' ORDER BY year::VARCHAR) "
        "FROM funding_by_recipient_year WHERE recipient IS NOT NULL AND currency = 'EUR' "
        f"GROUP BY recipient ORDER BY amount DESC, recipient LIMIT {TOP_RECIPIENTS}",
    )
    return [(str(r[0]), Decimal(r[1]), int(r[2]), str(r[3] or "")) for r in rows]


def committee_load(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, int, float, float]]:
    """Per committee: (committee, meetings, consultations, per meeting, postponed share)."""
    rows = _rows(
        con,
        "SELECT DISTINCT committee, committee_meetings, committee_consultations, "
        "committee_consultations_per_meeting, committee_postponed_share FROM committee_workload "
        "ORDER BY committee_consultations DESC, committee",
    )
    return [(str(r[0]), int(r[1]), int(r[2]), float(r[3]), float(r[4])) for r in rows]


# -- the header ----------------------------------------------------------------------------------


def fetched_at(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When the data were fetched: the end of the newest recorded crawl."""
    row = con.execute("SELECT max(finished_at) FROM crawl_runs").fetchone()
    value = row[0] if row else None
    return value if isinstance(value, dt.datetime) else None


def local_date(moment: dt.datetime) -> dt.date:
    """The date of `moment` in Germany (UTC when the time zone data are missing)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(ZoneInfo("Europe/Berlin")).date()
    except ZoneInfoNotFoundError:
        return moment.astimezone(dt.UTC).date()


def paper_dates(
    con: duckdb.DuckDBPyConnection, after: dt.date | None
) -> tuple[dt.date | None, dt.date | None, int]:
    """(oldest, newest, dated after `after`) over the dates of the live papers."""
    row = con.execute(
        "SELECT min(date), max(date), count(*) FILTER (WHERE date > ?) FROM vorlagen "
        "WHERE deleted_at IS NULL AND date IS NOT NULL",
        [after],
    ).fetchone()
    if not row:
        return None, None, 0
    return row[0], row[1], int(row[2] or 0)


def paper_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The councils the papers come from (the tables' `source` column), in name order."""
    return [str(r[0]) for r in _rows(con, "SELECT DISTINCT source FROM vorlagen ORDER BY 1")]


def row_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
    """(live papers, consultations, answers, money amounts)."""
    counts = con.execute(
        "SELECT (SELECT count(*) FROM vorlagen WHERE deleted_at IS NULL), "
        "(SELECT count(*) FROM beratungsfolge), (SELECT count(*) FROM answers), "
        "(SELECT count(*) FROM funding)"
    ).fetchone() or (0, 0, 0, 0)
    n_papers, n_consult, n_answers, n_funding = (int(c) for c in counts)
    return n_papers, n_consult, n_answers, n_funding


# -- the documents (full-text search) ------------------------------------------------------------


def document_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
    """(documents read, with text, image-only scans, unreadable) of the `documents` table."""
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE chars > 0), "
        "count(*) FILTER (WHERE image_only), count(*) FILTER (WHERE error IS NOT NULL) "
        "FROM documents"
    ).fetchone() or (0, 0, 0, 0)
    documents, with_text, scans, unreadable = (int(c or 0) for c in row)
    return documents, with_text, scans, unreadable


# -- the publish directory -----------------------------------------------------------------------


def read_manifest(publish_dir: Path) -> dict[str, dict[str, Any]]:
    path = publish_dir / "manifest.json"
    if not path.is_file():
        return {}
    files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    return {str(k): dict(v) for k, v in sorted(files.items())} if isinstance(files, dict) else {}
