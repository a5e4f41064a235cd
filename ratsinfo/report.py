"""What a run did, whether it delivered what it could, and how to say so in a few lines.

The rule for the exit status of `ratsinfo run` (also in the README):
- 0: the run completed, and every page it set out to fetch was fetched and parsed, except at most
  `max_failure_rate` (5 %) of them (a page the council deleted, 404/410, is no failure).
- 1: the run failed: a step raised, or a blocking data check failed. Nothing it had not finished
  loading is changed; what was loaded before stays.
- 3: the run completed but fell short: a paper list broke off (the next run continues there), a
  server told us to stay away (Retry-After over the cap), more than `max_failure_rate` of the
  pages could not be fetched or parsed, or more than that share answered 404/410 (one deleted
  paper is normal; most pages "deleted" at once are links that lead nowhere, and the run loaded
  next to nothing), or the council's licence allows no publishing (its OParl Body or System states
  no open licence and RATSINFO_PORTAL_LICENSE is not set: "no open-data files published: <why>";
  see ratsinfo.portal.facts). What did load is in the warehouse, and published unless the licence
  forbids it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import duckdb

OK, FAILED, INCOMPLETE = 0, 1, 3


@dataclass
class RunReport:
    source: str
    mode: str = "incremental"
    seconds: float = 0.0
    succeeded: bool = True  # every step ran and no blocking check failed
    failure: str | None = None  # the failing step and its error, one line
    failed_checks: list[str] = field(default_factory=list)
    crawled: bool = False  # the fetch step recorded its crawl
    papers_listed: int = 0
    papers_new: int = 0
    listing_complete: bool = True
    pages_to_fetch: int = 0
    pages_requested: int = 0
    pages_changed: int = 0
    pages_unchanged: int = 0
    pages_failed: int = 0
    papers_gone: int = 0
    pages_gone: int = 0  # pages that answered 404/410
    requests: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    rejected: int = 0
    stopped_hosts: list[str] = field(default_factory=list)
    resume_at: list[str] = field(default_factory=list)  # where broken lists continue
    pages_parsed: int = 0
    parse_failed: int = 0
    loaded: dict[str, int] = field(default_factory=dict)  # rows loaded this run, per table
    totals: dict[str, int] = field(default_factory=dict)  # rows in the warehouse, per table
    warehouse: str = ""
    publish_dir: str = ""
    withheld: str | None = None  # why no open-data file was published (the licence), one line
    first_errors: list[str] = field(default_factory=list)  # the crawl's first errors, as logged
    documents: dict[str, int] = field(default_factory=dict)  # the documents step's counts
    document_facts: dict[str, int] = field(default_factory=dict)  # answers, money from documents
    search: str | None = None  # the search index step's summary
    lake: str | None = None  # the lake step's summary (lake layout)
    papers_loaded: int = -1  # live papers of the source in vorlagen after the run (-1: unknown)
    nothing_loaded: str | None = None  # what went wrong, when papers were listed and none loaded
    retried: list[str] = field(default_factory=list)  # steps run again (DuckDB ran out of memory)

    def read_materialization(self, meta: dict[str, Any]) -> None:
        """Note what a publishing step's materialization metadata says (assets/portal.py): a
        step that published nothing says why under `withheld`."""
        if meta.get("withheld") and self.withheld is None:
            self.withheld = str(meta["withheld"])

    def read_crawl(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        """Fill the crawl's numbers from its `crawl_runs` row (and where lists broke off)."""
        cursor = con.execute("SELECT * FROM crawl_runs WHERE run_id = ?", [run_id])
        names = [d[0] for d in cursor.description or []]
        row = cursor.fetchone()
        if row is None:
            return
        r: dict[str, Any] = dict(zip(names, row, strict=True))
        self.crawled = True
        for name in ("papers_listed", "papers_new", "pages_to_fetch", "pages_requested",
                     "pages_changed", "pages_unchanged", "pages_failed", "papers_gone",
                     "pages_gone", "requests", "errors", "rejected"):  # fmt: skip
            setattr(self, name, int(r.get(name) or 0))
        self.listing_complete = r.get("listing_complete") is not False
        self.stopped_hosts = list(r.get("stopped_hosts") or [])
        self.error_kinds = json.loads(r["error_kinds"]) if r.get("error_kinds") else {}
        self.resume_at = [
            str(u[0])
            for u in con.execute(
                "SELECT resume_url FROM list_progress WHERE source = ? ORDER BY 1", [r["source"]]
            ).fetchall()
        ]
        self.first_errors = json.loads(r["first_errors"]) if r.get("first_errors") else []
        row = con.execute(
            "SELECT count(*) FROM vorlagen WHERE source = ? AND deleted_at IS NULL", [r["source"]]
        ).fetchone()
        self.papers_loaded = int(row[0]) if row else 0
        live = con.execute(
            "SELECT count(*) FROM oparl_papers WHERE source = ? AND NOT deleted", [r["source"]]
        ).fetchone()
        if live and live[0] and not self.papers_loaded:
            self.nothing_loaded = _why_nothing_loaded(con, r["source"], self.first_errors)

    @property
    def shortfall(self) -> int:
        """Pages the run set out to read and could not (fetch or parse)."""
        return self.pages_failed + self.parse_failed


def _why_nothing_loaded(con: duckdb.DuckDBPyConnection, source: str, errors: list[str]) -> str:
    """One line on why a source's listed papers all failed to load: the first rejected object,
    page that did not parse, or fetch error, naming its URL."""
    rejected = con.execute(
        "SELECT count(*), any_value(url || ': ' || coalesce(nullif(object_id, ''), 'an object') "
        "|| ': ' || field || ' ' || problem) FROM rejected_objects WHERE source = ? "
        "AND action = 'skipped'",
        [source],
    ).fetchone()
    if rejected and rejected[0]:
        return f"{rejected[0]} objects rejected, e.g. {rejected[1]}"
    failed = con.execute(
        "SELECT count(*), any_value(error) FROM parse_failures f JOIN oparl_papers p "
        "USING (paper_id) WHERE p.source = ?",
        [source],
    ).fetchone()
    if failed and failed[0]:
        return f"{failed[0]} pages did not parse, e.g. {failed[1]}"
    if errors:
        return errors[0]
    return "the listed papers carry neither reference nor name (see oparl_papers)"


def verdict(report: RunReport, max_failure_rate: float = 0.05) -> tuple[int, list[str]]:
    """The exit status by the rule above, with the reasons (each one line)."""
    if not report.succeeded:
        reasons = [report.failure] if report.failure else []
        reasons += [f"data check failed: {c}" for c in report.failed_checks]
        return FAILED, reasons or ["the run failed"]
    if report.nothing_loaded:
        return FAILED, [
            f"{report.papers_listed} papers listed, none loaded: {report.nothing_loaded}"
        ]
    reasons = []
    if not report.listing_complete:
        if report.resume_at:
            reasons.append(
                f"a paper list broke off; the next run continues at {report.resume_at[0]}"
            )
        else:
            first = next((e for e in report.first_errors if " list: " in e), None)
            reasons.append(f"a list broke off: {first}" if first else "a list broke off")
    for host in report.stopped_hosts:
        reasons.append(f"{host} asked us to wait longer than we do (Retry-After): stopped there")
    wanted = report.pages_to_fetch
    if wanted and report.shortfall > max_failure_rate * wanted:
        reasons.append(
            f"{report.shortfall} of {wanted} pages could not be fetched or parsed "
            f"(more than {max_failure_rate:.0%})"
        )
    if wanted and report.pages_gone > max_failure_rate * wanted:
        reasons.append(
            f"{report.pages_gone} of {wanted} pages answered 404/410: taken as deleted by the "
            "council, but so many at once more likely means the page links are wrong"
        )
    if report.withheld:
        reasons.append(f"no open-data files published: {report.withheld}")
    return (INCOMPLETE if reasons else OK), reasons


def format_summary(report: RunReport, code: int, reasons: list[str]) -> str:
    state = {OK: "succeeded", FAILED: "FAILED", INCOMPLETE: "INCOMPLETE"}[code]
    lines = [
        f"ratsinfo run: {report.source}, {report.mode}, {report.seconds:.1f} s: {state}"
        + (f" (exit {code})" if code else "")
    ]
    if report.crawled:
        listed = f"{report.papers_listed:,} listed ({report.papers_new:,} new)"
        if not report.listing_complete:
            listed += ", listing incomplete"
        gone = f"{report.papers_gone:,} gone (OParl deleted, or page 404/410)"
        lines.append(f"  papers    {listed}; {gone}")
        lines.append(
            f"  pages     {report.pages_to_fetch:,} to fetch: {report.pages_changed:,} new or "
            f"changed, {report.pages_unchanged:,} unchanged, {report.pages_failed:,} failed; "
            f"{report.pages_parsed:,} parsed, {report.parse_failed:,} did not parse"
        )
        lines.append(f"  requests  {report.requests:,} (retries and robots.txt included)")
        if report.errors:
            kinds = ", ".join(f"{k} {n}" for k, n in report.error_kinds.items())
            lines.append(f"  errors    {report.errors:,}: {kinds}")
        if report.rejected:
            lines.append(
                f"  malformed {report.rejected:,} OParl objects or fields (table rejected_objects)"
            )
    if report.documents:
        d = report.documents
        lines.append(
            f"  documents {d.get('to_fetch', 0):,} to fetch: {d.get('fetched', 0):,} fetched, "
            f"{d.get('fetch_failed', 0):,} failed; {d.get('read', 0):,} read: "
            f"{d.get('with_text', 0):,} with text, {d.get('image_only', 0):,} scans, "
            f"{d.get('unreadable', 0):,} unreadable"
        )
    if report.document_facts:
        d = report.document_facts
        lines.append(
            f"  from docs {d.get('answered_papers', 0):,} papers answered by a document, "
            f"{d.get('document_amounts', 0):,} amounts in documents' text, "
            f"{d.get('table_amounts', 0):,} in their budget tables"
        )
    if report.search:
        lines.append(f"  search    {report.search}")
    if report.lake:
        lines.append(f"  lake      {report.lake}")
    if report.retried:
        lines.append(
            f"  memory    DuckDB ran out of memory in {', '.join(report.retried)}: "
            "run again with more (the step's log says how much; RATSINFO_DUCKDB_MEMORY)"
        )
    if report.loaded:
        loaded = ", ".join(f"{t} {n:,}" for t, n in report.loaded.items() if t != "gone")
        lines.append(f"  loaded    {loaded} rows")
    if report.totals:
        totals = ", ".join(f"{t} {n:,}" for t, n in report.totals.items())
        lines.append(f"  warehouse {totals} rows")
    published = "nothing published to" if report.withheld else "published"
    lines.append(f"  files     warehouse {report.warehouse}; {published} {report.publish_dir}")
    for reason in reasons:
        lines.append(f"  why       {reason}")
    return "\n".join(lines)
