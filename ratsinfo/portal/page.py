"""The portal page: a static, self-contained index.html for the publish directory.

It lists the downloads (every file of manifest.json with format, size, rows and sha256, plus the
metadata files present) and shows charts of council activity drawn from the analytics views of
warehouse/views.sql: papers per month by type, time to answer council questions by department,
consultations per committee, and the money named per recipient. Charts are inline SVG drawn
here; the page loads nothing else (no scripts, fonts, styles or images from anywhere), every
chart is a <figure> with a caption, an SVG with role="img", <title> and aria-label, and the data
behind it as a <table>. The output depends only on the warehouse and the publish directory (no
wall clock), so two runs over the same data write the same bytes; the file is written to a
temporary name and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb

from ratsinfo.files import write_atomic

PAGE_NAME = "index.html"
MONTHS = 72  # the papers chart shows at most the last six years
TOP_TYPES = 6  # paper types drawn in their own colour; the rest are "Sonstige"
TOP_BARS = 12  # departments in the answer-time chart
TOP_RECIPIENTS = 10
PALETTE = ("#0b5cad", "#e08a00", "#138a62", "#b8447d", "#4aa3df", "#c1441b")
OTHER_COLOUR = "#9aa3ad"

# Metadata files linked when present in the publish directory, with what they are.
EXTRA_FILES = (
    ("manifest.json", "Liste aller Dateien mit Zeilen, Größe und SHA-256 (JSON)"),
    ("datapackage.json", "Frictionless Data Package: Tabellen, Felder und Typen"),
    ("dcat.ttl", "DCAT-AP-Metadaten (RDF/Turtle) für Datenportale"),
    ("dcat.jsonld", "dieselben DCAT-AP-Metadaten als JSON-LD"),
    ("README.md", "Beschreibung der Dateien für Nutzerinnen und Nutzer"),
    ("SHA256SUMS", "Prüfsummen aller Dateien (sha256sum -c SHA256SUMS)"),
)
FORMAT_LABELS = {"csv": "CSV", "parquet": "Parquet", "json": "JSON", "ttl": "Turtle"}
TABLE_LABELS = {
    "vorlagen": "Vorlagen (Grunddaten der Papiere)",
    "beratungsfolge": "Beratungsfolge (Gremien, Sitzungen, Beschlüsse)",
    "answers": "Antworten der Verwaltung auf Anfragen",
    "funding": "Geldbeträge aus den Texten",
    "sections": "Textabschnitte der Vorlagen",
    "files": "Verlinkte Dokumente",
}


# -- formatting (German) ---------------------------------------------------------------------------


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def de_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def de_number(x: float | Decimal, digits: int = 1) -> str:
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def de_money(x: Decimal | float, cents: bool = False) -> str:
    return de_number(x, 2 if cents else 0) + " €"


def _days(x: float) -> str:
    text = de_number(x, 0)
    return f"{text} Tag" if text == "1" else f"{text} Tage"


def de_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def de_size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    value = float(n)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{de_number(value)} {unit}"


MONTH_NAMES = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


def de_month(d: dt.date) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 5 × 10^n) so that about `ticks` steps cover `top`."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return float(magnitude * factor)
    return float(magnitude * 10)


def _fmt(x: float) -> str:
    """A coordinate with at most one decimal (stable text, small files)."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


# -- data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def newest_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The data's newest date: the date of the newest live paper."""
    row = con.execute("SELECT max(date) FROM vorlagen WHERE deleted_at IS NULL").fetchone()
    value = row[0] if row else None
    return value if isinstance(value, dt.date) else None


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
    series = top + (["Sonstige"] if len(ranked) > TOP_TYPES else [])
    counts: dict[tuple[dt.date, str], int] = {}
    for month, kind, n in window:
        key = (month, kind if kind in top else "Sonstige")
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


def read_manifest(publish_dir: Path) -> dict[str, dict[str, Any]]:
    path = publish_dir / "manifest.json"
    if not path.is_file():
        return {}
    files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    return {str(k): dict(v) for k, v in sorted(files.items())} if isinstance(files, dict) else {}


# -- SVG charts ------------------------------------------------------------------------------------


def _svg_open(fig_id: str, title: str, width: int, height: int) -> list[str]:
    return [
        f'<svg id="{fig_id}-svg" role="img" aria-label="{_e(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f"<title>{_e(title)}</title>",
    ]


def _empty_svg(fig_id: str, title: str) -> str:
    parts = _svg_open(fig_id, title, 640, 60)
    parts.append('<text x="0" y="35" class="note">Keine Daten vorhanden.</text></svg>')
    return "".join(parts)


def stacked_month_chart(
    fig_id: str,
    title: str,
    months: Sequence[dt.date],
    series: Sequence[str],
    counts: dict[tuple[dt.date, str], int],
) -> str:
    if not months:
        return _empty_svg(fig_id, title)
    width, height = 1000, 300
    left, right, top, bottom = 44, 10, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(counts.get((m, s), 0) for s in series) for m in months]
    step = _nice_step(max(totals))
    y_max = step * max(1, -(-max(totals) // step))
    slot = plot_w / len(months)
    bar_w = max(1.0, slot * 0.78)
    parts = _svg_open(fig_id, title, width, height)
    tick = 0.0
    while tick <= y_max + 1e-9:  # grid and y axis labels
        y = top + plot_h - tick / y_max * plot_h
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_fmt(y)}" y2="{_fmt(y)}"/>'
            f'<text class="axis" x="{left - 6}" y="{_fmt(y + 4)}" text-anchor="end">'
            f"{de_int(int(tick))}</text>"
        )
        tick += step
    colours = {s: (OTHER_COLOUR if s == "Sonstige" else PALETTE[i]) for i, s in enumerate(series)}
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(top + plot_h)
        for s in series:
            n = counts.get((month, s), 0)
            if not n:
                continue
            h = n / y_max * plot_h
            y -= h
            parts.append(
                f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}" '
                f'fill="{colours[s]}"><title>{_e(de_month(month))}: {_e(s)} {n}</title></rect>'
            )
        if month.month == 1 or i == 0:  # a year label at each January (and the first month)
            tx = left + i * slot
            parts.append(
                f'<line class="tick" x1="{_fmt(tx)}" x2="{_fmt(tx)}" y1="{top + plot_h}" '
                f'y2="{top + plot_h + 6}"/>'
            )
            if month.month == 1 or len(months) - i > 6:
                parts.append(
                    f'<text class="axis" x="{_fmt(tx + 3)}" y="{top + plot_h + 20}">'
                    f"{month.year}</text>"
                )
    parts.append(
        f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}"/></svg>'
    )
    return "".join(parts)


def horizontal_bar_chart(fig_id: str, title: str, bars: Sequence[Bar], colour: str) -> str:
    if not bars:
        return _empty_svg(fig_id, title)
    width, label_w, value_w, row_h = 1000, 420, 180, 30
    top = 8
    height = top + row_h * len(bars) + 8
    plot_w = width - label_w - value_w
    peak = max(b.value for b in bars) or 1.0
    parts = _svg_open(fig_id, title, width, height)
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(2.0, bar.value / peak * plot_w)
        parts.append(
            f'<text class="label" x="{label_w - 10}" y="{y + 19}" text-anchor="end">'
            f"{_e(_shorten(bar.label, 58))}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{_fmt(w)}" height="{row_h - 10}" '
            f'fill="{colour}" rx="2"><title>{_e(bar.label)}: {_e(bar.value_text)}</title></rect>'
            f'<text class="value" x="{_fmt(label_w + w + 8)}" y="{y + 19}">'
            f"{_e(bar.value_text)}</text>"
        )
    parts.append(
        f'<line class="baseline" x1="{label_w}" x2="{label_w}" y1="{top}" '
        f'y2="{top + row_h * len(bars)}"/></svg>'
    )
    return "".join(parts)


# -- HTML ------------------------------------------------------------------------------------------


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], num: set[int]) -> str:
    """An accessible table; cells are already escaped HTML; columns in `num` align right."""
    out = [f"<table><caption>{_e(caption)}</caption><thead><tr>"]
    out += [
        f'<th scope="col"{" class=num" if i in num else ""}>{_e(h)}</th>'
        for i, h in enumerate(head)
    ]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            tag = 'th scope="row"' if i == 0 else "td"
            cls = ' class="num"' if i in num else ""
            out.append(f"<{tag}{cls}>{cell}</{tag.split()[0]}>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _figure(fig_id: str, caption: str, svg: str, legend: str, table: str) -> str:
    return (
        f'<figure id="{fig_id}" aria-labelledby="{fig_id}-caption">'
        f'<figcaption id="{fig_id}-caption">{caption}</figcaption>'
        f'<div class="chart">{svg}</div>{legend}'
        f"<details><summary>Daten als Tabelle</summary>{table}</details></figure>"
    )


def _papers_figure(con: duckdb.DuckDBPyConnection) -> str:
    months, series, counts = papers_by_month(con)
    span = f"{de_month(months[0])} bis {de_month(months[-1])}" if months else "kein Zeitraum"
    title = f"Vorlagen pro Monat nach Art, {span}"
    colours = {s: (OTHER_COLOUR if s == "Sonstige" else PALETTE[i]) for i, s in enumerate(series)}
    legend = (
        '<ul class="legend" aria-label="Legende">'
        + "".join(
            f'<li><span class="swatch" style="background:{colours[s]}"></span>{_e(s)}</li>'
            for s in series
        )
        + "</ul>"
    )
    rows = [
        [_e(de_month(m))]
        + [str(counts.get((m, s), 0)) for s in series]
        + [str(sum(counts.get((m, s), 0) for s in series))]
        for m in months
        if any(counts.get((m, s), 0) for s in series)
    ]
    table = _table(
        f"{title} (Monate ohne Vorlagen ausgelassen)",
        ["Monat", *series, "Summe"],
        rows,
        set(range(1, len(series) + 2)),
    )
    total = sum(counts.values())
    caption = (
        f"<strong>Vorlagen pro Monat nach Art</strong> ({_e(span)}, {de_int(total)} Vorlagen). "
        "Jede Vorlage zählt einmal, im Monat ihres Datums; Quelle: Sicht "
        "<code>papers_per_month_by_type</code>."
    )
    return _figure(
        "fig-vorlagen", caption, stacked_month_chart("fig-vorlagen", title, months, series, counts),
        legend, table,
    )  # fmt: skip


def _answers_figure(con: duckdb.DuckDBPyConnection) -> str:
    data = answer_times_by_department(con)
    asked, answered = answer_overview(con)
    title = "Antwortzeit auf Anfragen nach federführender Organisationseinheit (Median in Tagen)"
    bars = [
        Bar(name, median, f"{_days(median)} (n = {n})") for name, n, median, _ in data[:TOP_BARS]
    ]
    rows = [
        [_e(name), str(n), de_number(median), de_number(mean)] for name, n, median, mean in data
    ]
    table = _table(
        title,
        ["Organisationseinheit", "Beantwortete Anfragen", "Median (Tage)", "Mittelwert (Tage)"],
        rows,
        {1, 2, 3},
    )
    shown = f"die {len(bars)} langsamsten von {len(data)}; " if len(data) > len(bars) else ""
    caption = (
        "<strong>Wie lange dauert eine Antwort?</strong> Tage von der Anfrage bis zur ersten "
        f"Stellungnahme der Verwaltung, Median je Organisationseinheit ({shown}"
        f"{de_int(answered)} von {de_int(asked)} Anfragen beantwortet). Quelle: Sicht "
        "<code>answer_times</code>."
    )
    return _figure(
        "fig-antwortzeit", caption, horizontal_bar_chart("fig-antwortzeit", title, bars, "#138a62"),
        "", table,
    )  # fmt: skip


def _funding_figure(con: duckdb.DuckDBPyConnection) -> str:
    data = funding_by_recipient(con)
    title = f"Geldbeträge nach Empfänger, die {TOP_RECIPIENTS} größten (EUR, alle Jahre)"
    bars = [Bar(name, float(amount), de_money(amount)) for name, amount, _, _ in data]
    rows = [
        [_e(name), de_money(amount, cents=True), str(n), _e(years)]
        for name, amount, n, years in data
    ]
    table = _table(title, ["Empfänger", "Betrag", "Nennungen", "Jahre"], rows, {1, 2})
    caption = (
        f"<strong>Wer erhält Geld?</strong> In den Vorlagen genannte Beträge je Empfänger, die "
        f"{TOP_RECIPIENTS} größten, in Euro über alle Jahre. Jährliche Beträge zählen einmal je "
        "Jahr, für das sie genannt sind; Beträge ohne genannten Empfänger fehlen hier. Quelle: "
        "Sicht <code>funding_by_recipient_year</code>."
    )
    return _figure(
        "fig-foerderung", caption, horizontal_bar_chart("fig-foerderung", title, bars, "#0b5cad"),
        "", table,
    )  # fmt: skip


def _committee_figure(con: duckdb.DuckDBPyConnection) -> str:
    data = committee_load(con)
    title = f"Beratungen je Gremium, die {TOP_BARS} Gremien mit den meisten Beratungen"
    bars = [
        Bar(name, n, f"{de_int(n)} in {de_int(meetings)} Sitzung{'' if meetings == 1 else 'en'}")
        for name, meetings, n, _, _ in data[:TOP_BARS]
    ]
    rows = [
        [_e(name), de_int(meetings), de_int(n), de_number(per, 2), de_number(share * 100) + " %"]
        for name, meetings, n, per, share in data
    ]
    table = _table(
        "Beratungen und Vertagungen je Gremium",
        ["Gremium", "Sitzungen", "Beratungen", "Beratungen je Sitzung", "vertagt"],
        rows,
        {1, 2, 3, 4},
    )
    caption = (
        "<strong>Welche Gremien beraten am meisten?</strong> Beratungen (Tagesordnungspunkte zu "
        f"Vorlagen) je Gremium, die {TOP_BARS} größten; die Tabelle nennt auch Beratungen je "
        "Sitzung und den Anteil vertagter Beratungen. Quelle: Sicht "
        "<code>committee_workload</code>."
    )
    return _figure(
        "fig-gremien", caption, horizontal_bar_chart("fig-gremien", title, bars, "#b8447d"),
        "", table,
    )  # fmt: skip


def _downloads(publish_dir: Path, expected: Sequence[str] = ()) -> str:
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
                body.append(
                    f'<th scope="rowgroup"{span}><strong>{_e(key)}</strong>'
                    + (f'<span class="sub">{_e(label)}</span>' if label else "")
                    + f'</th><td class="num"{span}>'
                    + (_e(de_int(n_rows)) if isinstance(n_rows, int) else "")
                    + "</td>"
                )
            body.append(
                f'<td><a href="{_e(quote(name))}" download>{_e(name)}</a></td>'
                f"<td>{_e(FORMAT_LABELS.get(fmt, fmt))}</td>"
                f'<td class="num">{_e(de_size(size)) if isinstance(size, int) else ""}</td>'
                f'<td><code class="sha">{_e(entry.get("sha256") or "")}</code></td></tr>'
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
        f'<li><a href="{_e(quote(name))}">{_e(name)}</a> – {_e(text)}</li>'
        for name, text in EXTRA_FILES
        if (publish_dir / name).is_file() or name in expected
    ]
    feeds_dir = publish_dir / "feeds"
    if feeds_dir.is_dir():
        for feed in sorted(p for p in feeds_dir.rglob("*") if p.is_file()):
            rel = feed.relative_to(publish_dir).as_posix()
            what = "alle neuen Vorlagen" if feed.stem == "all" else "neue Vorlagen eines Gremiums"
            extras.append(f'<li><a href="{_e(quote(rel))}">{_e(rel)}</a> – Atom-Feed: {what}</li>')
    extra_html = (
        f'<h3>Metadaten, Prüfsummen und Feeds</h3><ul class="extras">{"".join(extras)}</ul>'
        if extras
        else ""
    )
    return files + extra_html


CSS = """
:root{--ink:#1d2731;--muted:#5b6773;--line:#d9dee3;--bg:#f5f7f9;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:4px solid var(--accent)}
header .wrap{padding:28px 24px 20px}
h1{margin:0 0 6px;font-size:1.9rem;line-height:1.2}
h2{font-size:1.35rem;margin:0 0 14px}
h3{font-size:1.05rem;margin:22px 0 8px}
.wrap{max-width:1100px;margin:0 auto;padding:0 24px}
.lead{margin:0;color:var(--muted);max-width:60em}
.meta{margin:12px 0 0;display:flex;flex-wrap:wrap;gap:8px 22px;font-size:.95rem}
.meta span{white-space:nowrap}
main section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:22px 24px;
margin:24px 0}
a{color:var(--accent)}
a:focus{outline:3px solid #e08a00;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:6px 0}
caption{text-align:left;font-weight:600;padding:4px 0 8px;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:6px 10px 6px 0;text-align:left;
vertical-align:top}
thead th{border-bottom:2px solid var(--ink)}
tbody th{font-weight:normal}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sub{display:block;color:var(--muted);font-size:.85rem}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.85em}
code.sha{font-size:.75rem;word-break:break-all;color:var(--muted)}
figure{margin:0 0 34px}
figcaption{margin:0 0 10px;max-width:60em}
.chart svg{width:100%;height:auto;display:block}
svg text{font-family:inherit;fill:var(--ink)}
svg .axis{font-size:12px;fill:var(--muted)}
svg .label,svg .value{font-size:14px}
svg .note{font-size:15px;fill:var(--muted)}
svg .grid{stroke:#e6e9ec;stroke-width:1}
svg .tick,svg .baseline{stroke:#8a949e;stroke-width:1}
.legend{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 18px;
font-size:.9rem}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;
vertical-align:-1px}
details{margin-top:10px}
summary{cursor:pointer;color:var(--accent)}
.extras{padding-left:20px}
.note{color:var(--muted)}
table.files tbody+tbody{border-top:1px solid #aab3bc}
table.files td,table.files th{border-bottom-color:#eef0f2}
footer{color:var(--muted);font-size:.9rem;padding:4px 0 40px}
"""


def render_page(
    con: duckdb.DuckDBPyConnection, publish_dir: Path, expected: Sequence[str] = ()
) -> str:
    """The page as text (see module docstring). Metadata files are linked when present in
    `publish_dir` or named in `expected` (files the pipeline writes after the page, such as
    SHA256SUMS, which covers the page)."""
    newest = newest_date(con)
    updated = (
        f'<time datetime="{newest.isoformat()}">{de_date(newest)}</time>' if newest else "unbekannt"
    )
    sources = ", ".join(
        str(r[0]) for r in _rows(con, "SELECT DISTINCT source FROM vorlagen ORDER BY 1")
    )
    counts = con.execute(
        "SELECT (SELECT count(*) FROM vorlagen WHERE deleted_at IS NULL), "
        "(SELECT count(*) FROM beratungsfolge), (SELECT count(*) FROM answers), "
        "(SELECT count(*) FROM funding)"
    ).fetchone() or (0, 0, 0, 0)
    n_papers, n_consult, n_answers, n_funding = (int(c) for c in counts)
    title = "Ratsinformationen als offene Daten"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="de">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            '<link rel="icon" href="data:,">',
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            '<header><div class="wrap">',
            f"<h1>{_e(title)}</h1>",
            '<p class="lead">Vorlagen, Beratungen, Antworten der Verwaltung und in den Texten '
            "genannte Geldbeträge aus dem Ratsinformationssystem – als CSV und Parquet zum "
            "Herunterladen, mit Prüfsummen und Metadaten.</p>",
            '<p class="meta">'
            f"<span><strong>aktualisiert:</strong> {updated}</span>"
            f"<span><strong>Quelle:</strong> {_e(sources or 'keine')}</span>"
            f"<span>{de_int(n_papers)} Vorlagen</span>"
            f"<span>{de_int(n_consult)} Beratungen</span>"
            f"<span>{de_int(n_answers)} Antworten</span>"
            f"<span>{de_int(n_funding)} Geldbeträge</span></p>",
            "</div></header>",
            '<main class="wrap">',
            '<section aria-labelledby="downloads"><h2 id="downloads">Downloads</h2>',
            '<p class="note">Jede Tabelle als CSV (UTF-8, Kopfzeile, RFC 4180) und Parquet '
            "(zstd), Zeilen nach Primärschlüssel sortiert. „aktualisiert“ ist das Datum der "
            "neuesten Vorlage in den Daten.</p>",
            _downloads(publish_dir, expected),
            "</section>",
            '<section aria-labelledby="aktivitaet"><h2 id="aktivitaet">Aktivität des Rates</h2>',
            _papers_figure(con),
            _answers_figure(con),
            _committee_figure(con),
            _funding_figure(con),
            "</section>",
            "</main>",
            '<footer class="wrap"><p>Erzeugt von ratsinfo aus dem DuckDB-Warehouse; die Grafiken '
            "beruhen auf den Analyse-Sichten in <code>warehouse/views.sql</code>. Datenstand: "
            f"{updated}.</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def build_portal_page(
    con: duckdb.DuckDBPyConnection, publish_dir: Path, expected: Sequence[str] = ()
) -> Path:
    """Write publish_dir/index.html (to a temporary name, renamed into place); returns its path.
    `expected`: see render_page."""
    publish_dir = Path(publish_dir)
    publish_dir.mkdir(parents=True, exist_ok=True)
    return write_atomic(publish_dir / PAGE_NAME, render_page(con, publish_dir, expected))
