"""The charts of the portal page as inline SVG, drawn here (no script, no library). Each SVG is as
wide as its container with no viewBox, so its text keeps its CSS size on every screen: horizontal
positions are percentages of the width, vertical ones pixels. Every SVG has role="img", a
<title> and an aria-label; coordinates carry at most one decimal, so the output is stable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ratsinfo.portal.page.formatting import de_int, de_month, esc, wrap
from ratsinfo.portal.page.queries import OTHER_TYPES

PALETTE = ("#0b5cad", "#e08a00", "#138a62", "#b8447d", "#4aa3df", "#c1441b")
OTHER_COLOUR = "#9aa3ad"
YEAR_LABEL_PCT = 11.0  # room a year label needs on a phone (about 34 px of 310), in % of the width
BAR_LABEL_CHARS = 42  # a label line that fits a phone (14 px text, 310 px wide)
BAR_MAX_PCT = 56.0  # the longest bar; the rest of the width holds its value text


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str


def series_colours(series: Sequence[str]) -> dict[str, str]:
    """The colour of each series of the month chart (and its legend), "Sonstige" in grey."""
    return {s: (OTHER_COLOUR if s == OTHER_TYPES else PALETTE[i]) for i, s in enumerate(series)}


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


def _pct(x: float) -> str:
    return f"{_fmt(x)}%"


def _svg_open(fig_id: str, title: str, height: int, cls: str = "") -> list[str]:
    """An SVG as wide as its container (no viewBox: text keeps its CSS size on every screen;
    horizontal positions are percentages, vertical ones pixels)."""
    cls_attr = f' class="{cls}"' if cls else ""
    return [
        f'<svg id="{fig_id}-svg" role="img" aria-label="{esc(title)}" width="100%" '
        f'height="{height}"{cls_attr} xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
    ]


def _empty_svg(fig_id: str, title: str) -> str:
    parts = _svg_open(fig_id, title, 40)
    parts.append('<text x="0" y="26" class="note">Keine Daten vorhanden.</text></svg>')
    return "".join(parts)


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
    colours = series_colours(series)
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
                f'fill="{colours[s]}"><title>{esc(de_month(month))}: {esc(s)} {n}</title></rect>'
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


def horizontal_bar_chart(fig_id: str, title: str, bars: Sequence[Bar], colour: str) -> str:
    """One row per bar: its label (up to two lines) above it, the value right of it."""
    if not bars:
        return _empty_svg(fig_id, title)
    line_h, bar_h, gap = 18, 14, 12
    layout = []
    y = 4
    for bar in bars:
        lines = wrap(bar.label, BAR_LABEL_CHARS)
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
                f'<tspan x="0" y="{top + 14 + k * line_h}">{esc(text)}</tspan>'
                for k, text in enumerate(lines)
            )
            + "</text>"
            f'<rect x="0" y="{bar_y}" width="{_pct(w)}" height="{bar_h}" fill="{colour}" rx="2">'
            f"<title>{esc(bar.label)}: {esc(bar.value_text)}</title></rect>"
            f'<text class="value" x="{_pct(w)}" dx="6" y="{bar_y + 12}">'
            f"{esc(bar.value_text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
