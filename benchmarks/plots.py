"""Charts of the pipeline's benchmark (`make bench`, issue 14): PNGs of the results of
`benchmarks.run.measure`, one size a point, for BENCHMARKS.md.

- bench-time.png: seconds of the full run, of the nightly run and of the full run's fixed cost
  (wall time less its steps': start-up, between the steps, the end) against papers, log–log:
  a line that rises slower than the corpus is a cost that does not grow with it;
- bench-memory.png: peak RSS of the full run against papers (log x), and the peak of the run's
  process during its heaviest steps (the four highest, where the results have step data),
  with the 512 MiB target dashed;
- bench-throughput.png: pages per second of parse+extract, of the bare selectolax reference,
  of parse+load and of the baseline, and beside them DuckDB's rows per second, against the
  pages measured in process (log–log).

matplotlib's Agg canvas, no GUI and no global pyplot state; the PNGs carry no software version
or date of their own, so the same results give the same files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

TIME, MEMORY, THROUGHPUT = "bench-time.png", "bench-memory.png", "bench-throughput.png"
TITLES = {  # the charts' alt texts in BENCHMARKS.md
    TIME: "Full run, nightly run and fixed seconds against papers",
    MEMORY: "Peak RSS of the full run and of its heaviest steps against papers",
    THROUGHPUT: "Pages/s and DuckDB rows/s against pages",
}
TARGET_RSS_MIB = 512
HEAVY_STEPS = 4  # steps drawn in the memory chart
# one colour per measurement, the same in every chart
COLOURS = {
    "full": "tab:blue",
    "nightly": "tab:orange",
    "fixed": "tab:green",
    "rss": "tab:blue",
    "parse_extract": "tab:blue",
    "bare": "tab:purple",
    "parse_load": "tab:green",
    "baseline": "tab:red",
    "load": "tab:brown",
    "duckdb": "tab:gray",
}
STEP_COLOURS = ("tab:orange", "tab:green", "tab:purple", "tab:brown")

Result = dict[str, Any]
Point = tuple[float, float]


def write_plots(
    results: Sequence[Result],
    out_dir: Path,
    date: str | None = None,
    machine: str | None = None,
) -> list[Path]:
    """The charts of `results` (benchmarks.run's, one dict a corpus size) as PNGs in `out_dir`;
    the paths written. A chart with nothing to draw (no end-to-end runs: no time and memory
    charts) is left out. `date` and `machine` go under each chart's title."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subtitle = " · ".join(s for s in (date, machine) if s)
    rows = sorted(results, key=lambda r: r["papers"])
    written = []
    for name, draw in ((TIME, _time), (MEMORY, _memory), (THROUGHPUT, _throughput)):
        figure = draw(rows, subtitle)
        if figure is None:
            continue
        FigureCanvasAgg(figure)
        path = out_dir / name
        # no "Software" (matplotlib's version) in the file: it changes only with the numbers
        figure.savefig(path, format="png", dpi=100, metadata={"Software": None})
        written.append(path)
    return written


def _points(rows: Sequence[Result], *path: str, x: str = "papers") -> list[Point]:
    """(row[x], row[path[0]][path[1]]…) of the rows that have such a value, above 0, and a new
    x: a size measured in process on the first 50,000 pages does not repeat the 50,002 papers'
    point (x within 1 % of one drawn already)."""
    points: list[Point] = []
    for r in rows:
        value: Any = r
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        at = float(r.get(x) or r["papers"])
        if (
            isinstance(value, int | float)
            and value > 0
            and all(abs(at - p) > p / 100 for p, _ in points)
        ):
            points.append((at, float(value)))
    return points


def _figure(title: str, subtitle: str, columns: int = 1) -> tuple[Figure, list[Axes]]:
    # room below for the subtitle
    layout = ConstrainedLayoutEngine(rect=(0, 0.03, 1, 0.97))
    figure = Figure(figsize=(8 if columns == 1 else 12, 5), layout=layout)
    axes = list(figure.subplots(1, columns, squeeze=False)[0])
    figure.suptitle(title, fontsize=13, fontweight="bold")
    if subtitle:
        figure.text(0.5, 0.005, subtitle, ha="center", va="bottom", fontsize=7, color="0.35")
    return figure, axes


def _count(value: float) -> str:
    """1002 → "1k", 50002 → "50k", 300002 → "300k", 40 → "40"."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    return f"{value / 1000:.3g}k" if value >= 1000 else f"{value:.3g}"


def _number(value: float) -> str:
    """A reading as a label: 315k, 2,015, 72.7, 0.5."""
    if value >= 10_000:
        return _count(value)
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _papers_axis(ax: Axes, xs: Sequence[float], label: str = "papers") -> None:
    """A log x axis with a tick at each size (1k, 5k, …) and none between."""
    ax.set_xscale("log")
    ticks = sorted(set(xs))
    ax.set_xticks(ticks, [_count(x) for x in ticks])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(label)
    if len(ticks) == 1:  # one size: some room either side
        ax.set_xlim(ticks[0] / 2, ticks[0] * 2)
    else:
        ax.margins(x=0.07)  # room for the last point's value


def _line(
    ax: Axes,
    points: Sequence[Point],
    label: str,
    colour: str,
    values: str | None = "above",
    **style: Any,
) -> None:
    """A measurement's line, points marked, each with its value beside it (`values`: "above",
    "below" the point, where lines run close together, or None)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    ax.plot(xs, ys, label=label, color=colour, **{"marker": "o", "markersize": 5, **style})
    if values:
        offset, align = ((5, 4), "bottom") if values == "above" else ((5, -4), "top")
        for x, y in points:
            ax.annotate(_number(y), (x, y), xytext=offset, textcoords="offset points",
                        fontsize=7, color=colour, va=align)  # fmt: skip


def _log_y(ax: Axes) -> None:
    """A log y axis labelled at 1, 2 and 5 of each decade, in plain numbers."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _number(v)))
    ax.yaxis.set_minor_formatter(NullFormatter())


def _finish(ax: Axes, legend: Literal["best", "upper left"] = "best") -> None:
    """Grid and legend (`legend`: where it goes, out of the lines' way)."""
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8, loc=legend)


def _time(rows: Sequence[Result], subtitle: str) -> Figure | None:
    lines = [  # (label, points, colour, where the values go)
        ("full run (`ratsinfo run --full`)", _points(rows, "e2e_seconds"), "full",
         "above"),
        ("nightly run (1 % changed)", _points(rows, "nightly_seconds"), "nightly",
         "above"),
        ("fixed cost of the full run (wall − steps)", _points(rows, "fixed_seconds"),
         "fixed", "below"),
    ]  # fmt: skip
    lines = [line for line in lines if line[1]]
    if not lines:
        return None
    figure, [ax] = _figure("Run time against corpus size", subtitle)
    for label, points, colour, values in lines:  # the full run wider: seen under an equal one
        wide = {"linewidth": 2.5, "markersize": 8} if colour == "full" else {}
        _line(ax, points, label, COLOURS[colour], values, **wide)
    _papers_axis(ax, [x for _, points, _, _ in lines for x, _ in points])
    _log_y(ax)
    ax.set_ylabel("seconds (median of the runs)")
    _finish(ax, "upper left")  # the lines rise to the right
    return figure


def _memory(rows: Sequence[Result], subtitle: str) -> Figure | None:
    rss = _points(rows, "peak_rss_mib")
    if not rss:
        return None
    figure, [ax] = _figure("Peak memory against corpus size", subtitle)
    _line(ax, rss, "peak RSS of the full run (/usr/bin/time)", COLOURS["rss"], linewidth=2)
    peaks: dict[str, float] = {}  # each step's highest peak over the sizes
    for r in rows:
        for step, mib in (r.get("step_peak_rss_mib") or {}).items():
            peaks[step] = max(peaks.get(step, 0.0), mib)
    heavy = sorted(peaks, key=lambda s: -peaks[s])[:HEAVY_STEPS]
    for step, colour in zip(heavy, STEP_COLOURS, strict=False):
        points = _points(rows, "step_peak_rss_mib", step)
        _line(ax, points, f"during step {step} (run's process)", colour, values=None,
              linewidth=1, linestyle="-.", markersize=4)  # fmt: skip
    ax.axhline(TARGET_RSS_MIB, color="tab:red", linestyle="--", linewidth=1.2,
               label=f"target {TARGET_RSS_MIB} MiB")  # fmt: skip
    _papers_axis(ax, [x for x, _ in rss])
    top = max([TARGET_RSS_MIB, *(mib for _, mib in rss)])
    ax.set_ylim(0, top * 1.12)  # the target line in view, room for the last value
    ax.set_ylabel("MiB (median of the runs)")
    _finish(ax, "upper left")  # the lines rise to the right
    return figure


def _throughput(rows: Sequence[Result], subtitle: str) -> Figure | None:
    pages = [  # (label, key, colour, where the values go: bare and parse+load run close)
        ("parse+extract (1 core)", "parse_extract_pages_per_s", "parse_extract", "above"),
        ("bare selectolax (1 core)", "bare_selectolax_pages_per_s", "bare", "above"),
        ("parse+load", "parse_load_pages_per_s", "parse_load", "below"),
        ("baseline: BeautifulSoup + INSERT per row", "baseline_pages_per_s", "baseline", "above"),
    ]
    loads = [
        ("load_papers (records → tables)", "load_rows_per_s", "load", "above"),
        ("DuckDB (Arrow → table)", "duckdb_insert_rows_per_s", "duckdb", "above"),
    ]
    if not any(_points(rows, key) for _, key, _, _ in pages + loads):
        return None
    figure, axes = _figure("Throughput in process against corpus size", subtitle, columns=2)
    for ax, lines, unit in ((axes[0], pages, "pages/s"), (axes[1], loads, "rows/s")):
        xs = []
        for label, key, colour, values in lines:
            points = _points(rows, key, x="inprocess_pages")
            if points:
                _line(ax, points, label, COLOURS[colour], values)
                xs += [x for x, _ in points]
        if xs:
            _papers_axis(ax, xs, "pages measured in process")
        _log_y(ax)
        ax.set_ylabel(f"{unit} (median of the repeats)")
        ax.set_title(unit, fontsize=10)
        _finish(ax)
    return figure
