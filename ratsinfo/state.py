"""What the warehouse knows, for incremental crawls; and how a crawl is archived as it goes.

Plain functions over a DuckDB connection (no Dagster).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa

from ratsinfo import stage
from ratsinfo.bodies import BodyStore, read_bodies
from ratsinfo.ingest import AGENDA_UNSHOWN, CrawlResult, KnownState, Validators
from ratsinfo.transform import (
    ExtractedBatch,
    ParsedBatch,
    extract_rows,
    parse_chunks,
    question_references,
)
from ratsinfo.warehouse import dict_rows, replace_rows, transaction


def known_state(
    con: duckdb.DuckDBPyConnection,
    source: str,
    window_days: int,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    with_agenda: bool = True,
) -> KnownState:
    """What the crawl needs of earlier runs. The agenda items known before only `with_agenda`
    (a nightly run, which the meetings may drive; a full run reads every page anyway)."""
    today = today or dt.date.today()

    def validators(urls: list[str]) -> dict[str, Validators]:
        rows = con.execute(query("page_validators"), {"urls": urls}).fetchall()
        return {url: Validators(sha, etag, last_modified) for url, sha, etag, last_modified in rows}

    known = {r[0] for r in con.execute(query("known_papers"), [source]).fetchall()}
    cursor = con.execute(
        query("recheck_papers"),
        {
            "source": source,
            "young_since": today - dt.timedelta(days=window_days),
            "today": today,
            "now": now or dt.datetime.now(dt.UTC),
        },
    )
    recheck = list(dict_rows(cursor))
    # modified_since counts from the last run that read its lists to the end (a run whose
    # listing broke off has not seen everything changed since the run before it)
    row = con.execute(
        "SELECT max(started_at) FROM crawl_runs WHERE source = ? "
        "AND coalesce(listing_complete, true)",
        [source],
    ).fetchone()
    resume = dict(
        con.execute(
            "SELECT list_url, resume_url FROM list_progress WHERE source = ?", [source]
        ).fetchall()
    )
    stamps = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE modified LIKE '2000-01-01%') "
        "FROM oparl_objects WHERE source = ? AND modified IS NOT NULL",
        [source],
    ).fetchone()
    agenda: dict[str, tuple[str, str | None, str | None]] = {}
    if with_agenda:
        rows = con.execute(query("known_agenda"), {"source": source, "unshown": AGENDA_UNSHOWN})
        agenda = {item: (digest, c, meeting) for item, digest, c, meeting in rows.fetchall()}

    def consultation_papers(ids: list[str]) -> dict[str, str]:
        rows = con.execute(query("consultation_papers"), {"source": source, "ids": ids})
        return dict(rows.fetchall())

    def papers_by_id(ids: list[str]) -> list[dict[str, Any]]:
        cur = con.execute(
            "SELECT * EXCLUDE (json) FROM oparl_papers WHERE paper_id IN "
            "(SELECT unnest(?::VARCHAR[])) AND NOT deleted AND coalesce(reads_page, true)",
            [ids],
        )
        return list(dict_rows(cur))

    return KnownState(
        agenda=agenda,
        consultation_papers=consultation_papers,
        papers_by_id=papers_by_id,
        today=today,
        known_ids=known,
        validators=validators,
        recheck=recheck,
        last_run_started=row[0] if row else None,
        resume=resume,
        real_stamps=bool(stamps and stamps[0] and not stamps[1]),
    )


@functools.cache
def query(name: str) -> str:
    """The SQL of ratsinfo/queries/<name>.sql (the pipeline's domain queries)."""
    return resources.files("ratsinfo.queries").joinpath(f"{name}.sql").read_text("utf-8")


BODY_BATCH_BYTES = 8 * 1024 * 1024


def pages_to_parse(
    con: duckdb.DuckDBPyConnection, reparse: bool = False, batch_bytes: int = BODY_BATCH_BYTES
) -> Iterator[dict[str, Any]]:
    """The pages to parse, each with its paper's fields and its body. The list is read as it
    goes (on a cursor of its own: `con` stays free for the stage) and bodies in batches of at
    most `batch_bytes` (or one page, when a page alone is larger), so memory is bounded by the
    batch and the body cap, not by the number or size of the pages."""
    cursor = con.cursor()
    try:
        cursor.execute(query("pages_to_parse"), {"reparse": reparse})
        store = BodyStore.beside(con)
        batch: list[dict[str, Any]] = []
        size = 0
        for page in itertools.chain(dict_rows(cursor), [None]):
            if batch and (page is None or size + (page["size"] or 0) > batch_bytes):
                bodies = read_bodies(con, [(p["url"], p["sha256"]) for p in batch], store)
                for item in batch:  # a copy: `batch` must not keep the bodies alive
                    yield item | {"body": bodies.pop((item["url"], item["sha256"]), None)}
                batch, size = [], 0
            if page is not None:
                batch.append(page)
                size += page["size"] or 0
    finally:
        cursor.close()


def stage_pages(
    con: duckdb.DuckDBPyConnection, staged: stage.Staged, reparse: bool = False
) -> stage.Staged:
    """Parse the pages to parse (`pages_to_parse`) into the stage attached to `con`, a chunk at
    a time; note the papers gone from the source."""
    for chunk in parse_chunks(pages_to_parse(con, reparse)):
        stage.append(con, staged.chunks, chunk.staged())
        staged.chunks += 1
        staged.pages += len(chunk.pages)
        staged.parsed += len(chunk.vorlagen)
        staged.failed += len(chunk.failures)
        room = stage.Staged.KEEP_FAILURES - len(staged.failures)
        staged.failures.extend(chunk.failures[: max(room, 0)])
    staged.gone = gone_papers(con)
    return staged


# (body_key, reference, text) of the papers of this run with one of the given references
RunTexts = Callable[[list[str]], Iterable[tuple[str | None, str, str]]]


def extract_texts(
    con: duckdb.DuckDBPyConnection, parsed: ParsedBatch, run_texts: RunTexts | None = None
) -> ExtractedBatch:
    """Answers and funding of re-read papers. Question texts come from the linked question
    paper (OParl superordinated/related paper, the reference's parent, references in the subject)
    of the same body (references repeat across bodies): first among the papers read in this run
    (`run_texts`; default: those of `parsed`), then among those loaded before."""
    texts = parsed.text_by_paper()
    vorlagen = parsed.vorlagen
    ids = [v["paper_id"] for v in vorlagen]
    linked = dict(con.execute(query("linked_references"), [ids]).fetchall())
    wanted = sorted(
        {r for v in vorlagen for r in question_references(v, linked.get(v["paper_id"], []))}
    )
    earlier: dict[str | None, dict[str, list[str]]] = {}
    for body, reference, text in con.execute(query("question_texts"), [wanted]).fetchall():
        earlier.setdefault(body, {}).setdefault(reference, []).append(text)
    in_run: dict[str | None, dict[str, list[str]]] = {}
    if run_texts is None:
        run_texts = lambda _refs: (  # noqa: E731
            (v.get("body_key"), v["reference"], texts.get(v["paper_id"], "")) for v in vorlagen
        )
    for body, reference, text in run_texts(wanted):
        in_run.setdefault(body, {})[reference] = [text]
    by_body: dict[str | None, list[dict[str, Any]]] = {}
    for v in vorlagen:
        by_body.setdefault(v.get("body_key"), []).append(v)
    out = ExtractedBatch()
    for body, papers in by_body.items():
        question_texts = {**earlier.get(body, {}), **in_run.get(body, {})}
        part = extract_rows(
            ((v, texts.get(v["paper_id"], ""), linked.get(v["paper_id"], [])) for v in papers),
            question_texts,
        )
        out.answers.extend(part.answers)
        out.funding.extend(part.funding)
        out.introductions.update(part.introductions)
    return out


# The texts of this run's papers that other papers of the run may ask their questions of (their
# reference is a staged paper's parent or related reference, or an OParl-linked paper's), made
# once per run: a chunk then looks its question papers up in this small table instead of joining
# every staged section again (which grew with the square of the pages).
# The texts a question lookup can want (`extract_texts`' `run_texts`), gathered once per run:
# the references staged papers name, and those of the OParl papers linked to them; then, a chunk
# at a time (an ordered string_agg holds its groups in memory), the sections of the staged
# papers with those references, joined.
_WANTED_REFERENCES = f"""
CREATE OR REPLACE TABLE {stage.ALIAS}.wanted_references AS
SELECT DISTINCT reference FROM (
    SELECT unnest(list_concat([parent_reference], related_references)) AS reference
    FROM {stage.ALIAS}.vorlagen
    UNION ALL
    SELECT o.reference
    FROM {stage.ALIAS}.vorlagen v JOIN oparl_papers p USING (paper_id),
         unnest(list_concat(p.superordinated_papers, p.related_papers)) AS l(linked)
    JOIN oparl_papers o ON o.paper_id = l.linked
)
WHERE reference IS NOT NULL
"""
_QUESTION_TEXTS = f"""
CREATE OR REPLACE TABLE {stage.ALIAS}.question_texts
    (body_key VARCHAR, reference VARCHAR, text VARCHAR)
"""
_CHUNK_QUESTION_TEXTS = f"""
INSERT INTO {stage.ALIAS}.question_texts
SELECT v.body_key, v.reference,
       coalesce(string_agg(s.text, chr(10) || chr(10) ORDER BY s.position), '') AS text
FROM {stage.ALIAS}.vorlagen v
LEFT JOIN {stage.ALIAS}.sections s ON s.paper_id = v.paper_id AND s.chunk = $chunk
WHERE v.chunk = $chunk AND v.reference IN (SELECT reference FROM {stage.ALIAS}.wanted_references)
GROUP BY v.paper_id, v.body_key, v.reference
"""
_STAGED_TEXTS = f"""
SELECT body_key, reference, text FROM {stage.ALIAS}.question_texts
WHERE reference IN (SELECT unnest($refs::VARCHAR[]))
"""
EXTRACTED = ("answers", "funding", "introductions")  # the staged tables extract writes


def extract_staged(con: duckdb.DuckDBPyConnection, staged: stage.Staged) -> dict[str, int]:
    """`extract_texts` over the staged pages, a chunk at a time, its rows staged beside them
    (the stage attached to `con`). Returns the rows found per table. Repeatable: it first clears
    what an earlier attempt staged (`warehouse.with_more_memory` may run it again)."""
    found = dict.fromkeys(EXTRACTED, 0)

    def run_texts(refs: list[str]) -> list[tuple[str | None, str, str]]:
        if not refs:
            return []
        return con.execute(_STAGED_TEXTS, {"refs": refs}).fetchall()  # type: ignore[return-value]

    for table in EXTRACTED:
        con.execute(f"DELETE FROM {stage.ALIAS}.{table}")
    con.execute(_WANTED_REFERENCES)
    con.execute(_QUESTION_TEXTS)
    for chunk in range(staged.chunks):
        con.execute(_CHUNK_QUESTION_TEXTS, {"chunk": chunk})
    for chunk in range(staged.chunks):
        parsed = ParsedBatch(
            vorlagen=stage.rows(con, "vorlagen", chunk),
            sections=stage.rows(con, "sections", chunk),
        )
        rows = extract_texts(con, parsed, run_texts).staged()
        stage.append(con, chunk, rows)
        for table, part in rows.items():
            found[table] += len(part)
    return found


def gone_papers(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Papers still loaded that the source says are gone."""
    return [r[0] for r in con.execute(query("gone_papers")).fetchall()]


class CrawlArchiver:
    """The `archive` callback of `ingest.crawl`: writes what a crawl fetched so far, so that a run
    killed in the middle keeps it (each call is one transaction)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.store = BodyStore.beside(con)
        self._system_written = False

    def __call__(self, result: CrawlResult) -> None:
        responses, touched = result.drain()
        for row in responses:  # bodies first: a row never names a body that is not stored
            body = row.pop("body", None)
            if body is not None:
                self.store.put(row["sha256"], body)
                row["body_size"] = len(body)
        objects = result.drain_objects()
        papers = result.drain_papers()
        now = dt.datetime.now(dt.UTC)
        with transaction(self.con):
            if objects:
                write_objects(self.con, objects, now)
            if result.system is not None and not self._system_written:
                write_system(self.con, result, now)
                self._system_written = True
            if papers:
                write_papers(self.con, papers, now)
            if responses:
                replace_rows(self.con, "raw_responses", responses, own_transaction=False)
            if touched:  # 304 Not Modified: the stored body is still current
                self.con.register("_touched", pa.Table.from_pylist(touched))
                self.con.execute(
                    "UPDATE raw_responses SET last_fetched_at = t.last_fetched_at "
                    "FROM _touched t WHERE raw_responses.url = t.url "
                    "AND raw_responses.sha256 = t.sha256"
                )
                self.con.unregister("_touched")


def write_objects(
    con: duckdb.DuckDBPyConnection, objects: list[dict[str, Any]], now: dt.datetime
) -> None:
    """Upsert `oparl_objects` rows (the last of an id wins). A tombstone (`deleted: true`) of an
    object seen before keeps what was known of it and marks when it went."""
    rows = {o["object_id"]: o for o in objects}
    tombstones = [k for k, o in rows.items() if o["deleted"]]
    known: dict[str, tuple[str, Any]] = {}
    if tombstones:
        known = {
            r[0]: (r[1], r[2])
            for r in con.execute(
                "SELECT object_id, json, deleted_at FROM oparl_objects "
                "WHERE object_id IN (SELECT unnest(?::VARCHAR[])) AND NOT deleted",
                [tombstones],
            ).fetchall()
        }
    out = []
    for key, row in rows.items():
        row = row | {"first_seen_at": now, "last_seen_at": now, "deleted_at": None}
        if row["deleted"]:
            row["deleted_at"] = now
            if key in known:
                row["json"] = known[key][0]
        out.append(row)
    replace_rows(con, "oparl_objects", out, own_transaction=False)


def write_system(con: duckdb.DuckDBPyConnection, result: CrawlResult, now: dt.datetime) -> None:
    system = result.system or {}
    license_ = system.get("license")
    replace_rows(
        con,
        "systems",
        [
            {
                "source": result.source,
                "system_id": str(system.get("id", "")),
                "vendor": result.vendor.key if result.vendor else "oparl",
                "name": system.get("name") if isinstance(system.get("name"), str) else None,
                "license": license_ if isinstance(license_, str) else None,
                "json": json.dumps(system, ensure_ascii=False, sort_keys=True),
                "seen_at": now,
            }
        ],
        own_transaction=False,
    )


def write_papers(
    con: duckdb.DuckDBPyConnection, papers: list[dict[str, Any]], now: dt.datetime
) -> None:
    """Upsert `oparl_papers`. A tombstone of a paper seen before keeps its reference, name and
    the rest, and marks it deleted."""
    tombstones = [p["paper_id"] for p in papers if p["deleted"]]
    if tombstones:
        con.execute(
            "UPDATE oparl_papers SET deleted = true, deleted_at = coalesce(deleted_at, ?) "
            "WHERE paper_id IN (SELECT unnest(?::VARCHAR[]))",
            [now, tombstones],
        )
        seen = {
            r[0]
            for r in con.execute(
                "SELECT paper_id FROM oparl_papers WHERE paper_id IN (SELECT unnest(?::VARCHAR[]))",
                [tombstones],
            ).fetchall()
        }
        papers = [p for p in papers if not (p["deleted"] and p["paper_id"] in seen)]
    rows = [p | {"first_seen_at": now, "deleted_at": now if p["deleted"] else None} for p in papers]
    if rows:
        replace_rows(con, "oparl_papers", rows, own_transaction=False)


def record_crawl(
    con: duckdb.DuckDBPyConnection,
    result: CrawlResult,
    started_at: dt.datetime,
    requests: int,
    run_id: str | None = None,
) -> None:
    """The run's row in `crawl_runs`, where its listing stopped (`list_progress`) and what was
    malformed (`rejected_objects`), in one transaction."""
    now = dt.datetime.now(dt.UTC)
    with transaction(con):
        replace_rows(
            con,
            "crawl_runs",
            [
                {
                    "source": result.source,
                    "started_at": started_at,
                    "finished_at": now,
                    "mode": result.mode,
                    "papers_listed": result.papers_listed,
                    "pages_requested": result.pages_requested,
                    "pages_changed": result.pages_changed,
                    "requests": requests,
                    "errors": len(result.errors),
                    "run_id": run_id,
                    "listing_complete": result.listing_complete,
                    "papers_new": result.papers_new,
                    "pages_to_fetch": result.to_fetch,
                    "pages_unchanged": result.pages_unchanged,
                    "pages_failed": result.pages_failed,
                    "papers_gone": len(result.gone),
                    "pages_gone": result.pages_gone,
                    "rejected": len(result.problems),
                    "stopped_hosts": result.stopped_hosts,
                    "error_kinds": json.dumps(error_kinds(result.errors), sort_keys=True),
                    "vendor": result.vendor.key if result.vendor else None,
                    "objects_listed": result.objects_listed,
                    "meetings_touched": result.meetings_touched,
                    "first_errors": json.dumps(result.errors[:5], ensure_ascii=False),
                }
            ],
            own_transaction=False,
        )
        done = [url for url, at in result.resume.items() if at is None]
        if done:
            con.execute(
                "DELETE FROM list_progress WHERE source = ? AND list_url IN (SELECT unnest(?))",
                [result.source, done],
            )
        broken = [
            {"source": result.source, "list_url": url, "resume_url": at, "failed_at": now}
            for url, at in result.resume.items()
            if at is not None
        ]
        if broken:
            replace_rows(con, "list_progress", broken, own_transaction=False)
        if result.problems:
            rows = {
                (p.url, p.object_id or "", p.field): p.row(now) | {"source": result.source}
                for p in result.problems
            }
            replace_rows(con, "rejected_objects", list(rows.values()), own_transaction=False)


# What an error message is about, for the run summary ("errors by kind").
_ERROR_KINDS = (
    ("robots.txt", "disallowed by robots.txt"),
    ("Retry-After", "server asked us to stop (Retry-After)"),
    ("deadline", "too slow (deadline)"),
    ("timed out", "timed out"),
    ("redirect", "redirect refused"),
    ("larger than the cap", "too large"),
    ("connection failed", "connection failed"),
    ("body incomplete", "truncated body"),
    ("malformed JSON", "malformed JSON"),
    ("not an OParl list", "not an OParl list"),
    ("nested too deeply", "malformed JSON"),
)
_HTTP_STATUS = re.compile(r"HTTP (\d)\d\d")


def error_kind(message: str) -> str:
    for needle, kind in _ERROR_KINDS:
        if needle in message:
            return kind
    if m := _HTTP_STATUS.search(message):
        return f"HTTP {m.group(1)}xx"
    return "other"


def error_kinds(messages: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in messages:
        kind = error_kind(message)
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
