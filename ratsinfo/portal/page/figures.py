"""The figures of the portal page: each chart in a <figure> with its caption, its legend and the
data behind it as an accessible table (one tap away), from the analytics views."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from ratsinfo.portal.page.charts import (
    Bar,
    horizontal_bar_chart,
    series_colours,
    stacked_month_chart,
)
from ratsinfo.portal.page.formatting import de_days, de_int, de_money, de_month, de_number, esc
from ratsinfo.portal.page.queries import (
    TOP_RECIPIENTS,
    answer_overview,
    answer_times_by_department,
    committee_load,
    funding_by_recipient,
    papers_by_month,
)

TOP_BARS = 12  # departments in the answer-time chart, committees in the committee chart


def data_table(
    caption: str, head: Sequence[str], rows: Sequence[Sequence[str]], num: set[int]
) -> str:
    """An accessible table; cells are already escaped HTML; columns in `num` align right. It
    scrolls sideways in its own box when it is wider than the screen."""
    out = [
        f'<div class="scroll" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f"<table><caption>{esc(caption)}</caption><thead><tr>"
    ]
    out += [
        f'<th scope="col"{" class=num" if i in num else ""}>{esc(h)}</th>'
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


def figure(
    fig_id: str, caption: str, svg: str, legend: str, table: str, y_axis: bool = False
) -> str:
    return (
        f'<figure id="{fig_id}" aria-labelledby="{fig_id}-caption">'
        f'<figcaption id="{fig_id}-caption">{caption}</figcaption>'
        f'<div class="chart{" y-axis" if y_axis else ""}">{svg}</div>{legend}'
        f"<details><summary>Daten als Tabelle</summary>{table}</details></figure>"
    )


def papers_figure(con: duckdb.DuckDBPyConnection) -> str:
    months, series, counts = papers_by_month(con)
    span = f"{de_month(months[0])} bis {de_month(months[-1])}" if months else "kein Zeitraum"
    title = f"Vorlagen pro Monat nach Art, {span}"
    colours = series_colours(series)
    legend = (
        '<ul class="legend" aria-label="Legende">'
        + "".join(
            f'<li><span class="swatch" style="background:{colours[s]}"></span>{esc(s)}</li>'
            for s in series
        )
        + "</ul>"
    )
    rows = [
        [esc(de_month(m))]
        + [str(counts.get((m, s), 0)) for s in series]
        + [str(sum(counts.get((m, s), 0) for s in series))]
        for m in months
        if any(counts.get((m, s), 0) for s in series)
    ]
    table = data_table(
        f"{title} (Monate ohne Vorlagen ausgelassen)",
        ["Monat", *series, "Summe"],
        rows,
        set(range(1, len(series) + 2)),
    )
    total = sum(counts.values())
    caption = (
        f"<strong>Vorlagen pro Monat nach Art</strong> ({esc(span)}, {de_int(total)} Vorlagen). "
        "Jede Vorlage zählt einmal, im Monat ihres Datums; Quelle: Sicht "
        "<code>papers_per_month_by_type</code>."
    )
    return figure(
        "fig-vorlagen", caption, stacked_month_chart("fig-vorlagen", title, months, series, counts),
        legend, table, y_axis=bool(months),
    )  # fmt: skip


def answers_figure(con: duckdb.DuckDBPyConnection) -> str:
    data = answer_times_by_department(con)
    asked, answered = answer_overview(con)
    title = "Antwortzeit auf Anfragen nach federführender Organisationseinheit (Median in Tagen)"
    bars = [
        Bar(name, median, f"{de_days(median)} (n = {n})") for name, n, median, _ in data[:TOP_BARS]
    ]
    rows = [
        [esc(name), str(n), de_number(median), de_number(mean)] for name, n, median, mean in data
    ]
    table = data_table(
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
    return figure(
        "fig-antwortzeit", caption, horizontal_bar_chart("fig-antwortzeit", title, bars, "#138a62"),
        "", table,
    )  # fmt: skip


def funding_figure(con: duckdb.DuckDBPyConnection) -> str:
    data = funding_by_recipient(con)
    title = f"Geldbeträge nach Empfänger, die {TOP_RECIPIENTS} größten (EUR, alle Jahre)"
    bars = [Bar(name, float(amount), de_money(amount)) for name, amount, _, _ in data]
    rows = [
        [esc(name), de_money(amount, cents=True), str(n), esc(years)]
        for name, amount, n, years in data
    ]
    table = data_table(title, ["Empfänger", "Betrag", "Nennungen", "Jahre"], rows, {1, 2})
    caption = (
        f"<strong>Wer erhält Geld?</strong> In den Vorlagen genannte Beträge je Empfänger, die "
        f"{TOP_RECIPIENTS} größten, in Euro über alle Jahre. Jährliche Beträge zählen einmal je "
        "Jahr, für das sie genannt sind; Beträge ohne genannten Empfänger fehlen hier. Quelle: "
        "Sicht <code>funding_by_recipient_year</code>."
    )
    return figure(
        "fig-foerderung", caption, horizontal_bar_chart("fig-foerderung", title, bars, "#0b5cad"),
        "", table,
    )  # fmt: skip


def committee_figure(con: duckdb.DuckDBPyConnection) -> str:
    data = committee_load(con)
    title = f"Beratungen je Gremium, die {TOP_BARS} Gremien mit den meisten Beratungen"
    bars = [
        Bar(name, n, f"{de_int(n)} in {de_int(meetings)} Sitzung{'' if meetings == 1 else 'en'}")
        for name, meetings, n, _, _ in data[:TOP_BARS]
    ]
    rows = [
        [esc(name), de_int(meetings), de_int(n), de_number(per, 2), de_number(share * 100) + " %"]
        for name, meetings, n, per, share in data
    ]
    table = data_table(
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
    return figure(
        "fig-gremien", caption, horizontal_bar_chart("fig-gremien", title, bars, "#b8447d"),
        "", table,
    )  # fmt: skip
