"""The portal page: a static, self-contained index.html for the publish directory.

It lists the downloads (every file of manifest.json with format, size, rows and sha256, plus the
metadata files present) and shows charts of council activity drawn from the analytics views of
warehouse/views.sql: papers per month by type, time to answer council questions by department,
consultations per committee, and the money named per recipient. Charts are inline SVG drawn
here; the page loads nothing else (no scripts, fonts, styles or images from anywhere), every
chart is a <figure> with a caption, an SVG with role="img", <title> and aria-label, and the data
behind it as a <table>.

The header names the council (the OParl Body), the day the data were fetched (the newest crawl in
`crawl_runs`, as a date in Germany) and the date range of the papers, which may reach into the
future and is never shown as the update time; the licence with its link and the attribution text
it requires stand above the downloads and in the footer (the same facts as the DCAT metadata).
Only http(s) URLs become links to other sites; the page loads nothing from them.

The page works on a phone (390 px) as on a desktop: the charts are as wide as the screen with
text at its CSS size (no scaled viewBox), the downloads table turns into one card per table, the
checksums show 12 hex digits with the full value one tap away, and wide data tables scroll in
their own box. The output depends only on the warehouse and the publish directory (no wall clock;
the fetch day comes from the warehouse), so two runs over the same data on the same day write
the same bytes; the file is written to a temporary name and renamed into place.
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
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from ratsinfo.files import write_atomic
from ratsinfo.portal.metadata import PortalConfig, PortalFacts, portal_facts
from ratsinfo.portal.sanitize import safe_http_url, xml_text

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
    """Text for HTML (and the inline SVG, which must be XML): escaped, without the characters
    XML 1.0 forbids."""
    return escape(xml_text(str(value)), quote=True)


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


def _svg_open(fig_id: str, title: str, height: int, cls: str = "") -> list[str]:
    """An SVG as wide as its container (no viewBox: text keeps its CSS size on every screen;
    horizontal positions are percentages, vertical ones pixels)."""
    cls_attr = f' class="{cls}"' if cls else ""
    return [
        f'<svg id="{fig_id}-svg" role="img" aria-label="{_e(title)}" width="100%" '
        f'height="{height}"{cls_attr} xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(title)}</title>",
    ]


def _empty_svg(fig_id: str, title: str) -> str:
    parts = _svg_open(fig_id, title, 40)
    parts.append('<text x="0" y="26" class="note">Keine Daten vorhanden.</text></svg>')
    return "".join(parts)


def _pct(x: float) -> str:
    return f"{_fmt(x)}%"


YEAR_LABEL_PCT = 11.0  # room a year label needs on a phone (about 34 px of 310), in % of the width


def stacked_month_chart(
    fig_id: str,
    title: str,
    months: Sequence[dt.date],
    series: Sequence[str],
    counts: dict[tuple[dt.date, str], int],
) -> str:
    """Stacked bars per month. The y axis labels lie left of the SVG (class "months"), in the
    padding of its container (class "y-axis"); bars and ticks are placed in % of the width."""
    if not months:
        return _empty_svg(fig_id, title)
    height, top, bottom = 250, 10, 26
    plot_h = height - top - bottom
    base = top + plot_h
    totals = [sum(counts.get((m, s), 0) for s in series) for m in months]
    step = _nice_step(max(totals))
    y_max = step * max(1, -(-max(totals) // step))
    slot = 100 / len(months)
    bar_w = slot * 0.78
    parts = _svg_open(fig_id, title, height, "months")
    tick = 0.0
    while tick <= y_max + 1e-9:  # grid and y axis labels
        y = top + plot_h - tick / y_max * plot_h
        parts.append(
            f'<line class="grid" x1="0" x2="100%" y1="{_fmt(y)}" y2="{_fmt(y)}"/>'
            f'<text class="axis" x="-6" y="{_fmt(y + 4)}" text-anchor="end">'
            f"{de_int(int(tick))}</text>"
        )
        tick += step
    colours = {s: (OTHER_COLOUR if s == "Sonstige" else PALETTE[i]) for i, s in enumerate(series)}
    januaries = [i for i, m in enumerate(months) if m.month == 1]
    for i, month in enumerate(months):
        x = i * slot + (slot - bar_w) / 2
        y = float(base)
        for s in series:
            n = counts.get((month, s), 0)
            if not n:
                continue
            h = n / y_max * plot_h
            y -= h
            parts.append(
                f'<rect x="{_pct(x)}" y="{_fmt(y)}" width="{_pct(bar_w)}" height="{_fmt(h)}" '
                f'fill="{colours[s]}"><title>{_e(de_month(month))}: {_e(s)} {n}</title></rect>'
            )
        if month.month == 1 or i == 0:  # a year label at each January (and the first month)
            tx = i * slot
            parts.append(
                f'<line class="tick" x1="{_pct(tx)}" x2="{_pct(tx)}" y1="{base}" y2="{base + 6}"/>'
            )
            next_jan = next((j for j in januaries if j > i), len(months) + 12)
            fits_before_next = (next_jan - i) * slot >= YEAR_LABEL_PCT
            fits_before_end = tx <= 100 - YEAR_LABEL_PCT + 2
            if fits_before_end and (month.month == 1 or fits_before_next):
                parts.append(
                    f'<text class="axis" x="{_pct(tx)}" dx="3" y="{base + 19}">{month.year}</text>'
                )
    parts.append(f'<line class="baseline" x1="0" x2="100%" y1="{base}" y2="{base}"/></svg>')
    return "".join(parts)


BAR_LABEL_CHARS = 42  # a label line that fits a phone (14 px text, 310 px wide)
BAR_MAX_PCT = 56.0  # the longest bar; the rest of the width holds its value text


def _wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """`text` in lines of at most `width` characters (at spaces), the last one shortened."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_shorten(x, width) for x in lines]


def horizontal_bar_chart(fig_id: str, title: str, bars: Sequence[Bar], colour: str) -> str:
    """One row per bar: its label (up to two lines) above it, the value right of it."""
    if not bars:
        return _empty_svg(fig_id, title)
    line_h, bar_h, gap = 18, 14, 12
    layout = []
    y = 4
    for bar in bars:
        lines = _wrap(bar.label, BAR_LABEL_CHARS)
        layout.append((bar, lines, y))
        y += line_h * len(lines) + 4 + bar_h + gap
    parts = _svg_open(fig_id, title, y)
    peak = max(b.value for b in bars) or 1.0
    for bar, lines, top in layout:
        w = max(0.4, bar.value / peak * BAR_MAX_PCT)
        bar_y = top + line_h * len(lines) + 4
        parts.append(
            '<text class="label">'
            + "".join(
                f'<tspan x="0" y="{top + 14 + k * line_h}">{_e(text)}</tspan>'
                for k, text in enumerate(lines)
            )
            + "</text>"
            f'<rect x="0" y="{bar_y}" width="{_pct(w)}" height="{bar_h}" fill="{colour}" rx="2">'
            f"<title>{_e(bar.label)}: {_e(bar.value_text)}</title></rect>"
            f'<text class="value" x="{_pct(w)}" dx="6" y="{bar_y + 12}">'
            f"{_e(bar.value_text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -- HTML ------------------------------------------------------------------------------------------


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], num: set[int]) -> str:
    """An accessible table; cells are already escaped HTML; columns in `num` align right. It
    scrolls sideways in its own box when it is wider than the screen."""
    out = [
        f'<div class="scroll" role="region" tabindex="0" aria-label="{_e(caption)}">'
        f"<table><caption>{_e(caption)}</caption><thead><tr>"
    ]
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
    out.append("</tbody></table></div>")
    return "".join(out)


def _figure(
    fig_id: str, caption: str, svg: str, legend: str, table: str, y_axis: bool = False
) -> str:
    return (
        f'<figure id="{fig_id}" aria-labelledby="{fig_id}-caption">'
        f'<figcaption id="{fig_id}-caption">{caption}</figcaption>'
        f'<div class="chart{" y-axis" if y_axis else ""}">{svg}</div>{legend}'
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
        legend, table, y_axis=bool(months),
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


def _hash_cell(sha: str) -> str:
    """The SHA-256: its first 12 hex digits, the whole value one tap away (and in the title)."""
    if not sha:
        return '<td class="hash"></td>'
    return (
        f'<td class="hash"><details><summary><code title="{_e(sha)}">{_e(sha[:12])}…</code>'
        f'</summary><code class="sha">{_e(sha)}</code></details></td>'
    )


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
                rows_text = (
                    f'{_e(de_int(n_rows))}<span class="unit"> Zeilen</span>'
                    if isinstance(n_rows, int)
                    else ""
                )
                body.append(
                    f'<th scope="rowgroup"{span}><strong>{_e(key)}</strong>'
                    + (f'<span class="sub">{_e(label)}</span>' if label else "")
                    + f'</th><td class="num rows"{span}>{rows_text}</td>'
                )
            body.append(
                f'<td class="file"><a href="{_e(quote(name))}" download>{_e(name)}</a></td>'
                f'<td class="fmt">{_e(FORMAT_LABELS.get(fmt, fmt))}</td>'
                f'<td class="num size">{_e(de_size(size)) if isinstance(size, int) else ""}</td>'
                + _hash_cell(str(entry.get("sha256") or ""))
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
        f'<li><a href="{_e(quote(name))}">{_e(name)}</a> – {_e(text)}</li>'
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
        extras.append(f'<li><a href="{_e(quote(rel))}">{_e(rel)}</a> – Atom-Feed: alle neuen '
                      "Vorlagen</li>")  # fmt: skip
    committees = [f for f in feeds if f != "feeds/all.atom"]
    if committees:
        extras.append(
            "<li>Atom-Feeds der neuen Vorlagen je Gremium:"
            '<ul class="feeds">'
            + "".join(f'<li><a href="{_e(quote(rel))}">{_e(rel)}</a></li>' for rel in committees)
            + "</ul></li>"
        )
    extra_html = (
        f'<h3>Metadaten, Prüfsummen und Feeds</h3><ul class="extras">{"".join(extras)}</ul>'
        if extras
        else ""
    )
    return files + extra_html


CSS = """
:root{--ink:#1d2731;--muted:#5b6773;--line:#d9dee3;--bg:#f5f7f9;--accent:#0b5cad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:break-word}
header{background:#fff;border-bottom:4px solid var(--accent)}
header .wrap{padding:28px 24px 22px}
h1{margin:0 0 8px;font-size:1.9rem;line-height:1.2}
h1 .kicker{display:block;font-size:1rem;font-weight:600;color:var(--accent);margin-bottom:4px}
h2{font-size:1.35rem;margin:0 0 14px}
h3{font-size:1.05rem;margin:22px 0 8px}
.wrap{max-width:1100px;margin:0 auto;padding:0 24px}
.lead{margin:0;color:var(--muted);max-width:60em}
.facts{margin:16px 0 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));
gap:10px 28px;font-size:.95rem}
.facts div{min-width:0}
.facts dt{color:var(--muted);font-size:.85rem}
.facts dd{margin:0}
.licence{border-left:4px solid var(--accent);background:#eef4fb;padding:10px 14px;margin:0 0 16px;
border-radius:0 6px 6px 0}
.licence p{margin:0}
.licence p+p{margin-top:6px}
q{quotes:"„" "“"}
main section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:22px 24px;
margin:24px 0}
a{color:var(--accent)}
a:focus,summary:focus,.scroll:focus{outline:3px solid #e08a00;outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:6px 0}
caption{text-align:left;font-weight:600;padding:4px 0 8px;color:var(--muted)}
th,td{border-bottom:1px solid var(--line);padding:6px 10px 6px 0;text-align:left;
vertical-align:top}
thead th{border-bottom:2px solid var(--ink)}
tbody th{font-weight:normal}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
thead th.num{white-space:normal}
.sub{display:block;color:var(--muted);font-size:.85rem}
.scroll{overflow-x:auto;max-width:100%;container-type:inline-size;
background:linear-gradient(to right,#fff 30%,#fff0),linear-gradient(to right,#fff0,#fff 70%) 100% 0,
radial-gradient(farthest-side at 0 50%,#0003,#0000),
radial-gradient(farthest-side at 100% 50%,#0003,#0000) 100% 0;background-repeat:no-repeat;
background-size:40px 100%,40px 100%,14px 100%,14px 100%;
background-attachment:local,local,scroll,scroll}
.scroll table{min-width:100%;width:auto}
.scroll caption{position:sticky;left:0;max-width:100cqw}
.scroll tbody th{min-width:5.5em}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.85em}
table.files .unit{display:none}
table.files td.file{white-space:nowrap}
td.hash details{margin:0}
td.hash summary{color:var(--muted);white-space:nowrap}
td.hash summary code{font-size:.8rem}
code.sha{display:block;font-size:.75rem;word-break:break-all;color:var(--muted);
min-width:17em;margin-top:4px}
figure{margin:0 0 34px}
figcaption{margin:0 0 10px;max-width:60em}
.chart svg{display:block;width:100%;overflow:visible}
.chart.y-axis{padding-left:42px}
svg text{font-family:inherit;fill:var(--ink)}
svg .axis{font-size:12px;fill:var(--muted)}
svg .label{font-size:14px}
svg .value{font-size:13px;fill:var(--muted)}
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
.extras li{margin:2px 0}
.feeds{padding-left:20px;columns:2 22em;column-gap:28px}
.note{color:var(--muted)}
table.files tbody+tbody{border-top:1px solid #aab3bc}
table.files td,table.files th{border-bottom-color:#eef0f2}
footer{color:var(--muted);font-size:.9rem;padding:4px 0 40px}
@media (max-width:720px){
header .wrap{padding:20px 16px 18px}
.wrap{padding:0 12px}
h1{font-size:1.45rem}
.facts{grid-template-columns:1fr 1fr;gap:8px 16px}
.facts .wide{grid-column:1/-1}
main section{padding:16px 14px;margin:14px 0}
table.files,table.files caption,table.files tbody,table.files tr,table.files th,
table.files td{display:block}
table.files thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
table.files tbody{border:1px solid var(--line);border-radius:8px;padding:4px 12px;
margin:0 0 10px}
table.files tbody+tbody{border-top:1px solid var(--line)}
table.files tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 14px;padding:8px 0;
border-top:1px solid #eef0f2}
table.files tr:first-child{border-top:0}
table.files th,table.files td{border:0;padding:0}
table.files th[scope=rowgroup]{flex:1 1 60%;min-width:0}
table.files td.rows{flex:0 0 auto;margin-left:auto}
table.files .unit{display:inline}
table.files td.file{flex:1 1 100%;font-weight:600}
table.files td.fmt,table.files td.size{flex:0 0 auto;color:var(--muted)}
table.files td.hash{flex:1 1 auto;text-align:right}
table.files td.hash:has(details[open]){flex-basis:100%;text-align:left}
code.sha{min-width:0}
}
@media (max-width:400px){svg .label{font-size:13px}}
"""


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


def _time(d: dt.date) -> str:
    return f'<time datetime="{d.isoformat()}">{de_date(d)}</time>'


def _link(url: str | None, text: str) -> str:
    """A link to an outside page when `url` is a safe http(s) URL, else just the text."""
    safe = safe_http_url(url).url
    if safe is None:
        return _e(text)
    return f'<a href="{_e(safe)}" rel="noopener noreferrer">{_e(text)}</a>'


def _licence_box(facts: PortalFacts) -> str:
    lic = facts.license
    stated = " (so von der Quelle angegeben)" if facts.license_from_source else ""
    parts = [
        '<div class="licence" id="lizenz">',
        f"<p><strong>Lizenz:</strong> {_link(lic.url, lic.title)}{_e(stated)}.</p>",
    ]
    if facts.attribution:
        parts.append(
            "<p><strong>Namensnennung:</strong> Bei jeder Verwendung der Daten ist anzugeben: "
            f'<q class="attribution">{_e(facts.attribution)}</q></p>'
        )
    elif not lic.attribution_required:
        parts.append("<p>Eine Namensnennung ist nicht erforderlich.</p>")
    parts.append("</div>")
    return "".join(parts)


def render_page(
    con: duckdb.DuckDBPyConnection,
    publish_dir: Path,
    expected: Sequence[str] = (),
    config: PortalConfig | None = None,
) -> str:
    """The page as text (see module docstring). Metadata files are linked when present in
    `publish_dir` or named in `expected` (files the pipeline writes after the page, such as
    SHA256SUMS, which covers the page). Council, licence and attribution are those of the
    metadata files (`portal_facts` with `config`)."""
    facts = portal_facts(con, None, config)
    fetched = fetched_at(con)
    fetched_day = local_date(fetched) if fetched else None
    oldest, newest, later = paper_dates(con, fetched_day)
    fetched_html = _time(fetched_day) if fetched_day else "unbekannt"
    if oldest and newest:
        span_html = f"{_time(oldest)} bis {_time(newest)}"
        if later:
            span_html += (
                f' <span class="sub">{de_int(later)} '
                f"{'Vorlage trägt' if later == 1 else 'Vorlagen tragen'} ein Datum nach dem "
                "Abruf (etwa künftige Sitzungstermine).</span>"
            )
    else:
        span_html = "keine datierten Vorlagen"
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
    body = facts.body_name
    site = safe_http_url(facts.body_website).url
    website = (
        f' <span class="sub">Website: {_link(site, urlsplit(site).netloc)}</span>' if site else ""
    )
    lic = facts.license
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="de">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(body)} – {_e(title)}</title>",
            '<link rel="icon" href="data:,">',
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            '<header><div class="wrap">',
            f'<h1><span class="kicker">{_e(body)}</span>{_e(title)}</h1>',
            '<p class="lead">Vorlagen, Beratungen, Antworten der Verwaltung und in den Texten '
            "genannte Geldbeträge aus dem Ratsinformationssystem – als CSV und Parquet zum "
            "Herunterladen, mit Prüfsummen und Metadaten.</p>",
            '<dl class="facts">',
            f'<div class="wide"><dt>Kommune</dt><dd>{_e(body)}{website}</dd></div>',
            f"<div><dt>Daten abgerufen am</dt><dd>{fetched_html}</dd></div>",
            f"<div><dt>Quelle</dt><dd>{_e(sources or 'keine')}</dd></div>",
            f'<div class="wide"><dt>Zeitraum der Vorlagen</dt><dd>{span_html}</dd></div>',
            f'<div class="wide"><dt>Lizenz</dt><dd>{_link(lic.url, lic.title)}</dd></div>',
            f'<div class="wide"><dt>Umfang</dt><dd>{de_int(n_papers)} Vorlagen, '
            f"{de_int(n_consult)} Beratungen, {de_int(n_answers)} Antworten, "
            f"{de_int(n_funding)} Geldbeträge</dd></div>",
            "</dl>",
            "</div></header>",
            '<main class="wrap">',
            '<section aria-labelledby="downloads"><h2 id="downloads">Downloads</h2>',
            _licence_box(facts),
            '<p class="note">Jede Tabelle als CSV (UTF-8, Kopfzeile, RFC 4180) und Parquet '
            "(zstd), Zeilen nach Primärschlüssel sortiert. „Daten abgerufen am“ ist der Tag, an "
            "dem die Daten zuletzt aus dem Ratsinformationssystem geholt wurden.</p>",
            _downloads(publish_dir, expected),
            "</section>",
            '<section aria-labelledby="aktivitaet"><h2 id="aktivitaet">Aktivität des Rates</h2>',
            _papers_figure(con),
            _answers_figure(con),
            _committee_figure(con),
            _funding_figure(con),
            "</section>",
            "</main>",
            f'<footer class="wrap"><p>Daten: {_e(body)}, Ratsinformationssystem; abgerufen am '
            f"{fetched_html}. Lizenz: {_link(lic.url, lic.title)}"
            + (f"; Namensnennung: <q>{_e(facts.attribution)}</q>" if facts.attribution else "")
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
    expected: Sequence[str] = (),
    config: PortalConfig | None = None,
) -> Path:
    """Write publish_dir/index.html (to a temporary name, renamed into place); returns its path.
    `expected` and `config`: see render_page."""
    publish_dir = Path(publish_dir)
    publish_dir.mkdir(parents=True, exist_ok=True)
    page = render_page(con, publish_dir, expected, config)
    return write_atomic(publish_dir / PAGE_NAME, page)
