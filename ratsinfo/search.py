"""Full-text search over the warehouse: the papers' subjects, the text sections of their pages and
the text of their documents, German-stemmed and ranked by BM25 (docs/search.md).

The index is DuckDB's own `fts` extension, in the warehouse file beside the tables it is filtered
by (schema `fts_main_search_texts`): `search_texts`, one row per text unit
(queries/search_texts.sql), is made and indexed whole by `PRAGMA create_fts_index` (then dropped:
the texts stay in their tables), and the table macro
`search(query, body := …, date_from := …, date_to := …, paper_type := …, committee := …)`
(queries/search_macro.sql) answers one row per paper, best first. The fts extension cannot add to
an index: `update_search_index` does, when what the index is built from changed (`fingerprint`)
and only a few texts did, by taking the changed texts out of the extension's tables and putting
them in again as the extension would (queries/search_update.sql); else it rebuilds texts and
index, in one transaction either way. Snippets are made here: the best-matching text
of each hit, cut to a window of about 30 words around the query's words, every word whose stem
is one of the query's marked «so».

DuckDB loads extensions from its own repository at run time, which an offline machine cannot
reach: `load_fts` loads the signed binary of the `duckdb-extension-fts` wheel first (DuckDB's
signature check stays on), then tries `LOAD fts` (an extension installed before).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ratsinfo import extensions
from ratsinfo.warehouse import dict_rows, sql_literal

INDEX_SCHEMA = "fts_main_search_texts"
STEMMER = "german"
# What separates words (after lower case and accents stripped): anything but letters and digits.
# The fts default, '(\.|[^a-z])+', would split "straße" and drop every number.
IGNORE = r"(\.|[^\p{L}\p{N}])+"
SNIPPET_WORDS = 30
MAX_WORDS = 50  # a query's words (the macro gives each word one bit of 64)
_WORD = re.compile(r"[^\W_]+")  # what tokenize keeps: runs of letters and digits
MARK = ("«", "»")

# German stop words (our own list): articles, pronouns, prepositions, conjunctions, auxiliary
# and modal verbs, particles. Dropped from texts and queries; compared after lower case and
# accents stripped, as the index compares them ("für" is "fur"). The fts default is an English
# list, which would keep every German function word and drop English ones.
_STOPWORDS = """
    aber alle allem allen aller alles als also am an andere anderem anderen anderer anderes
    auch auf aus bei beim bin bis bist da dabei dadurch dafür daher damit dann daran darauf darin
    darum darüber das dass daß dem den denen denn der deren des dessen desto dich die dies diese
    diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einige
    einigem einigen einiger einiges er es etwa etwas euch euer eure eurem euren eurer eures für
    gegen gewesen hab habe haben hat hatte hatten hätte hätten hier hin hinter ich ihm ihn ihnen
    ihr ihre ihrem ihren ihrer ihres im in indem ins ist ja jede jedem jeden jeder jedes jene
    jenem jenen jener jenes jetzt kann kannst können könnte könnten man manche manchem manchen
    mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste müssen müsste
    nach nachdem nein nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner
    seines seit seitdem selbst sich sie sind so solche solchem solchen solcher solches soll
    sollen sollte sollten sondern sowie über um und uns unser unsere unserem unseren unserer
    unseres unter vom von vor während war waren warst was weil welche welchem welchen welcher
    welches wenn wer werde werden wie wieder will wir wird wirst wo wollen wollte wollten würde
    würden zu zum zur zwar zwischen
"""
STOPWORDS = tuple(_STOPWORDS.split())

QUERIES = "ratsinfo.queries"


class SearchError(Exception):
    """Why a search cannot run (no index, no fts extension, the warehouse busy ...), one line."""


def _query(name: str) -> str:
    return resources.files(QUERIES).joinpath(f"{name}.sql").read_text("utf-8")


# -- the fts extension -----------------------------------------------------------------------------


def fts_binary() -> Path | None:
    """The fts extension of the `duckdb-extension-fts` wheel for this DuckDB, if installed."""
    return extensions.binary("fts")


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load DuckDB's fts extension into `con`: the wheel's signed binary, else `LOAD fts`; a
    SearchError naming both attempts when neither works."""
    try:
        extensions.load(con, "fts")
    except extensions.ExtensionError as e:
        raise SearchError(str(e)) from None


# -- building the index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexState:
    """The index's last build (table search_index_state)."""

    fingerprint: str
    built_at: dt.datetime
    seconds: float
    texts: int
    papers: int
    terms: int
    postings: int
    bytes: int | None


@dataclass(frozen=True)
class IndexUpdate:
    """What update_search_index did (`how`: "rebuilt", "updated" in place, or "unchanged"), the
    texts it took out and put in when it updated, and the index's state after."""

    how: str
    state: IndexState
    check_seconds: float  # computing the fingerprint
    added: int = 0  # texts indexed anew ("updated"; a changed text counts here and below)
    removed: int = 0  # texts taken out ("updated")

    @property
    def rebuilt(self) -> bool:
        return self.how == "rebuilt"

    @property
    def changed(self) -> bool:
        return self.how != "unchanged"

    @property
    def summary(self) -> str:
        """One line for the run summary."""
        s = self.state
        size = f", {s.bytes / 2**20:.1f} MiB" if s.bytes is not None else ""
        what = {
            "rebuilt": f"rebuilt in {s.seconds:.1f} s",
            "updated": f"updated in {s.seconds:.1f} s ({self.added:,} texts in, "
            f"{self.removed:,} out)",
        }.get(self.how, f"unchanged (texts as at {s.built_at:%Y-%m-%d %H:%M})")
        return (
            f"search index {what}: {s.texts:,} texts of {s.papers:,} papers, "
            f"{s.terms:,} terms{size}"
        )


def build_version() -> str:
    """What else the index depends on besides the warehouse's rows: the SQL that builds and reads
    it, the stemmer, stop words and word separators. A change rebuilds it on the next run."""
    parts = [_query(n) for n in ("search_texts", "search_index", "search_macro")]
    parts += [_query(n) for n in ("search_diff", "search_update")]
    parts += [STEMMER, IGNORE, " ".join(STOPWORDS)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """The fingerprint of what the index is built from (queries/search_fingerprint.sql) and of
    the code that builds it."""
    row = con.execute(_query("search_fingerprint")).fetchone()
    return f"{build_version()} {row[0] if row else ''}"


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds a search index and the macro that reads it."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_tables() "
        "        WHERE schema_name = ? AND table_name = 'docs')"
        " + (SELECT count(*) FROM duckdb_functions() WHERE schema_name = 'main' "
        "    AND function_name = 'search' AND function_type = 'table_macro')",
        [INDEX_SCHEMA],
    ).fetchone()
    return bool(row and row[0] == 2)


def index_state(con: duckdb.DuckDBPyConnection) -> IndexState | None:
    """The last build, or None when the index was never built (or the table is missing)."""
    try:
        cursor = con.execute(
            "SELECT fingerprint, built_at, seconds, texts, papers, terms, postings, bytes "
            "FROM search_index_state ORDER BY built_at DESC LIMIT 1"
        )
    except duckdb.CatalogException:
        return None
    row = cursor.fetchone()
    return IndexState(*row) if row else None


# Up to this share of the texts changed, the index is updated in place (search_update.sql);
# beyond it, rebuilt whole (as fast, and it keeps the postings ordered by word).
UPDATE_SHARE = 0.25


def update_search_index(
    con: duckdb.DuckDBPyConnection, force: bool = False, now: dt.datetime | None = None
) -> IndexUpdate:
    """Bring the search index up to date when what it is built from changed (`fingerprint`), or
    rebuild it with `force`; in one transaction: a failure leaves the previous index as it was.
    Where the index was built by this code and at most UPDATE_SHARE of its texts changed, only
    those are taken out and put in (search_diff.sql, search_update.sql); else texts gathered,
    fts index, the tables beside it and the macro are made anew. Needs a writable connection
    with the warehouse schema applied."""
    load_fts(con)
    started = time.perf_counter()
    current = fingerprint(con)
    check_seconds = time.perf_counter() - started
    state = index_state(con)
    if state is not None and state.fingerprint == current and not force and has_index(con):
        return IndexUpdate("unchanged", state, check_seconds)
    started = time.perf_counter()
    added = removed = 0
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_query("search_texts"))
        how = "rebuilt"
        if not force and _updatable(con, state):
            con.execute(_query("search_diff"))
            row = con.execute(
                "SELECT (SELECT count(*) FROM _search_new), (SELECT count(*) FROM _search_gone), "
                f"(SELECT count(*) FROM {INDEX_SCHEMA}.docs)"
            ).fetchone()
            added, removed, indexed = row if row else (0, 0, 0)
            if added + removed <= UPDATE_SHARE * max(indexed, 1):
                how = "updated"
                con.execute(_query("search_update").replace("{stemmer}", STEMMER))
            else:
                con.execute("DROP TABLE _search_new; DROP TABLE _search_gone")
                added = removed = 0
        if how == "rebuilt":
            _rebuild(con)
        con.execute("DROP TABLE search_texts")  # indexed: the texts stay where they are
        texts, papers, terms, postings = _counts(con)
        seconds = time.perf_counter() - started
        state = IndexState(
            current,
            now or dt.datetime.now(dt.UTC),
            seconds,
            texts,
            papers,
            terms,
            postings,
            None,
        )
        con.execute("DELETE FROM search_index_state")
        con.execute(
            "INSERT INTO search_index_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [getattr(state, f) for f in IndexState.__dataclass_fields__],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    with contextlib.suppress(duckdb.Error):  # the WAL into the file, so the size can be told
        con.execute("CHECKPOINT")
    size = index_bytes(con)
    con.execute("UPDATE search_index_state SET bytes = ?", [size])
    state = IndexState(**{**state.__dict__, "bytes": size})
    return IndexUpdate(how, state, check_seconds, added, removed)


def _updatable(con: duckdb.DuckDBPyConnection, state: IndexState | None) -> bool:
    """Whether the index can be updated in place: built by this code (the fingerprint's first
    part), with the hashes of its texts."""
    if state is None or state.fingerprint.split(" ", 1)[0] != build_version():
        return False
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'doc_hashes'",
        [INDEX_SCHEMA],
    ).fetchone()
    return bool(row and row[0]) and has_index(con)


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """The fts index of search_texts made anew, with the tables beside it and the macro."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _search_stopwords AS "
        "SELECT DISTINCT lower(strip_accents(w)) AS sw FROM unnest(?::VARCHAR[]) AS u(w)",
        [list(STOPWORDS)],
    )
    con.execute(
        "PRAGMA create_fts_index('search_texts', 'text_id', 'title', 'text', "
        f"stemmer = '{STEMMER}', stopwords = '_search_stopwords', "
        f"ignore = {sql_literal(IGNORE)}, strip_accents = 1, lower = 1, overwrite = 1)"
    )
    con.execute(_query("search_index"))
    con.execute(_query("search_macro"))
    con.execute("DROP TABLE _search_stopwords")


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int, int]:
    row = con.execute(
        f"SELECT (SELECT count(*) FROM {INDEX_SCHEMA}.docs), "
        f"(SELECT count(DISTINCT paper_id) FROM {INDEX_SCHEMA}.doc_papers), "
        f"(SELECT count(*) FROM {INDEX_SCHEMA}.dict), (SELECT count(*) FROM {INDEX_SCHEMA}.terms)"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def index_bytes(con: duckdb.DuckDBPyConnection) -> int | None:
    """The storage of the index (the tables of its schema), estimated; None when DuckDB does
    not say."""
    tables = [
        f"{INDEX_SCHEMA}.{name}"
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [INDEX_SCHEMA]
        ).fetchall()
    ]
    sizes = [storage_bytes(con, t) for t in tables]
    return None if None in sizes else sum(s or 0 for s in sizes)


def storage_bytes(con: duckdb.DuckDBPyConnection, table: str) -> int | None:
    """The bytes of the blocks a table's columns occupy in the file (after a checkpoint: what is
    still in the WAL is not counted); None when DuckDB does not say."""
    try:
        block = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()
        row = con.execute(
            "WITH s AS (SELECT block_id, additional_block_ids FROM pragma_storage_info(?) "
            "           WHERE persistent AND block_id >= 0) "
            "SELECT count(DISTINCT b) FROM (SELECT block_id AS b FROM s "
            "UNION ALL SELECT unnest(additional_block_ids) FROM s)",
            [table],
        ).fetchone()
    except duckdb.Error:
        return None
    return int(row[0]) * int(block[0]) if row and block else None


# -- searching -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One paper found: its fields, its score, and where it matched best."""

    rank: int
    paper_id: str
    reference: str | None
    date: dt.date | None
    body_key: str | None
    body: str | None
    paper_type: str | None
    subject: str | None
    score: float
    hit_kind: str  # 'subject' | 'section' | 'document'
    hit_title: str | None  # the section's title, the document's file names
    text_id: str
    texts_hit: int  # texts of the paper that matched at least one word
    web_url: str | None
    snippet: str | None = None

    @property
    def where(self) -> str:
        """Where the paper matched best, in words: "subject", "page: Sachverhalt", "document:
        Vorlage"."""
        if self.hit_kind == "subject":
            return "subject"
        label = "page" if self.hit_kind == "section" else "document"
        return f"{label}: {self.hit_title}" if self.hit_title else label

    def record(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "rank": self.rank,
            "paper_id": self.paper_id,
            "reference": self.reference,
            "date": self.date.isoformat() if self.date else None,
            "body_key": self.body_key,
            "body": self.body,
            "paper_type": self.paper_type,
            "subject": self.subject,
            "score": round(self.score, 4),
            "hit": {"kind": self.hit_kind, "title": self.hit_title, "text_id": self.text_id},
            "texts_hit": self.texts_hit,
            "snippet": self.snippet,
            "web_url": self.web_url,
        }


@dataclass(frozen=True)
class Filters:
    """What narrows a search (None: no filter); see queries/search_macro.sql."""

    body: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    paper_type: str | None = None
    committee: str | None = None


def query_terms(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The query's words as the index sees them: cut, stop words dropped, stemmed."""
    rows = con.execute(
        f"SELECT DISTINCT stem(t, '{STEMMER}') FROM "
        f"(SELECT unnest({INDEX_SCHEMA}.tokenize(?)) AS t) "
        f"WHERE t <> '' AND t NOT IN (SELECT sw FROM {INDEX_SCHEMA}.stopwords)",
        [query],
    ).fetchall()
    return sorted(r[0] for r in rows)


def search(
    con: duckdb.DuckDBPyConnection,
    query: str,
    filters: Filters | None = None,
    limit: int = 20,
    snippets: bool = True,
) -> list[Hit]:
    """The papers matching `query` (every word, stemmed, in any of their texts), best first, at
    most `limit`, each with a snippet of its best-matching text. SearchError when the warehouse
    has no index yet."""
    load_fts(con)
    if len(_WORD.findall(query)) > MAX_WORDS:
        raise SearchError(f"a query of more than {MAX_WORDS} words")
    f = filters or Filters()
    try:
        cursor = con.execute(
            "SELECT * FROM search(?, body := ?, date_from := ?, date_to := ?, paper_type := ?, "
            "committee := ?) ORDER BY rank LIMIT ?",
            [query, f.body, f.date_from, f.date_to, f.paper_type, f.committee, limit],
        )
    except duckdb.CatalogException:
        if not has_index(con):
            raise SearchError("no search index") from None
        raise
    hits = [Hit(**row) for row in dict_rows(cursor)]
    if not snippets or not hits:
        return hits
    terms = set(query_terms(con, query))
    texts = dict(
        con.execute(_query("search_hit_texts"), {"text_ids": [h.text_id for h in hits]}).fetchall()
    )
    words = [(texts.get(h.text_id) or "").split() for h in hits]
    stems = word_stems(con, {w for ws in words for w in ws})
    return [
        Hit(**{**h.__dict__, "snippet": make_snippet(ws, stems, terms)})
        for h, ws in zip(hits, words, strict=True)
    ]


# -- snippets --------------------------------------------------------------------------------------

_WORD_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


def word_stems(con: duckdb.DuckDBPyConnection, words: set[str]) -> dict[str, set[str]]:
    """Each word (as printed, punctuation and all) → the stems the index made of it: the index's
    own `tokenize` and the same stemmer, so a snippet marks what the search matched."""
    if not words:
        return {}
    rows = con.execute(
        f"SELECT w, list(DISTINCT stem(t, '{STEMMER}')) FROM "
        f"(SELECT w, unnest({INDEX_SCHEMA}.tokenize(w)) AS t FROM unnest(?::VARCHAR[]) AS u(w)) "
        "WHERE t <> '' GROUP BY w",
        [sorted(words)],
    ).fetchall()
    return {w: set(s) for w, s in rows}


def make_snippet(
    words: Sequence[str],
    stems: dict[str, set[str]],
    terms: set[str],
    width: int = SNIPPET_WORDS,
) -> str:
    """A window of `width` words where the most of the query's terms occur (then the most
    matches; the first such), each matching word marked «so», "…" where the text goes on."""
    matches = [i for i, w in enumerate(words) if stems.get(w, set()) & terms]
    start = 0
    if matches:
        best, lo, end = (-1, -1), 0, 0
        for hi, last in enumerate(matches):  # the matches within `width` words up to `last`
            while matches[lo] <= last - width:
                lo += 1
            window = matches[lo : hi + 1]
            found = set().union(*(stems[words[i]] & terms for i in window))
            if (len(found), len(window)) > best:
                best, start, end = (len(found), len(window)), matches[lo], last
        # some context before the first match: the matches in the middle of the window
        start = max(0, min(start - (width - (end - start + 1)) // 2, len(words) - width))
    marked = set(matches)
    shown = []
    for i in range(start, min(start + width, len(words))):
        word = words[i]
        if i in marked:
            m = _WORD_CORE.match(word)
            assert m is not None
            word = f"{m.group(1)}{MARK[0]}{m.group(2)}{MARK[1]}{m.group(3)}"
        shown.append(word)
    before = "… " if start > 0 else ""
    after = " …" if start + width < len(words) else ""
    return before + " ".join(shown) + after
