"""`ratsinfo parse | run | eval | search`: the command line."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ratsinfo.model import Answer, Funding, ParsedPage

if TYPE_CHECKING:
    from ratsinfo.documents import DocumentText
    from ratsinfo.extract.tables import TableAmount


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def parse_document(path: Path) -> dict[str, Any]:
    """The data contract of `ratsinfo parse` (README, "Data contract")."""
    from ratsinfo.documents import extract_pdf_text
    from ratsinfo.documents.pdf import looks_like_pdf
    from ratsinfo.extract import extract_answers, extract_funding
    from ratsinfo.parse.allris import parse_paper_page
    from ratsinfo.transform import decode_page

    raw = path.read_bytes()
    page: ParsedPage | None = None
    document: DocumentText | None = None
    if path.suffix.lower() == ".pdf" or looks_like_pdf(raw):
        document = extract_pdf_text(raw)  # in a worker process, under caps; DocumentError
        text = document.text
    elif path.suffix.lower() in (".html", ".htm") or raw.lstrip()[:1] == b"<":
        page = parse_paper_page(decode_page(raw), str(path))
        text = page.text
    else:
        text = raw.decode("utf-8", errors="replace")
    extraction = extract_answers(text)
    answers: list[Answer] = list(extraction.answers)
    funding: list[Funding] = extract_funding(text)
    tables = (document.tables or ()) if document else ()
    tabled = {t.amount for t in tables}
    return {
        "vorlage": _record(page.vorlage) if page else None,
        "beratungsfolge": [_record(b) for b in page.beratungsfolge] if page else [],
        "answers": [_record(a) for a in answers],
        # the prose's amounts (less those of the budget tables), then the tables' as the
        # warehouse's funding has them: the row's label, the column's year, role "budget"
        "funding": [_record(f) for f in funding if f.amount not in tabled]
        + [_table_record(t) for t in tables if t.amount != 0],
        "introduction": extraction.intro,
        "sections": [_record(s) for s in page.sections] if page else [],
        # a PDF: how its text was read (pages, "text layer" or "none" for a scan, ...)
        "document": _document_record(document) if document else None,
    }


def _document_record(document: DocumentText) -> dict[str, Any]:
    record = _record(document)
    del record["text"], record["tables"]
    return record


def _table_record(t: TableAmount) -> dict[str, Any]:
    text = f"{t.caption} | " if t.caption else ""
    text += " ".join(x for x in (t.code, t.label) if x) + f" | {t.column}: {t.cell}"
    return {
        "amount": float(t.amount),
        "currency": t.currency,
        "period": None,
        "role": "budget",
        "funder": None,
        "recipient": None,
        "text": text,
        "source": "table",
        "year": t.year,
        "label": t.label,
        "basis": t.basis,
        "page": t.page,
    }


def _cmd_parse(args: argparse.Namespace) -> int:
    from ratsinfo.documents import DocumentError
    from ratsinfo.parse.allris import PageParseError

    path = Path(args.path)
    if not path.is_file():
        print(f"ratsinfo parse: {path}: no such file", file=sys.stderr)
        return 2
    try:
        result = parse_document(path)
    except PageParseError as e:
        print(f"ratsinfo parse: {e}", file=sys.stderr)
        return 1
    except DocumentError as e:  # a PDF that cannot be read: the reason, and what was wrong
        print(f"ratsinfo parse: {path}: {e.reason}: {e}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _orchestration() -> Any:
    """Running the pipeline is Dagster's job, on the orchestration side: `pipelines.run` in the
    repository, `ratsinfo_dagster.pipelines.run` in an installed wheel."""
    import importlib
    import importlib.util

    root = "ratsinfo_dagster." if importlib.util.find_spec("ratsinfo_dagster") else ""
    return importlib.import_module(f"{root}pipelines.run")


def _cmd_run(args: argparse.Namespace) -> int:
    return int(_orchestration().run(args))


def _cmd_publish_all(args: argparse.Namespace) -> int:
    return int(_orchestration().publish_all(args))


def _cmd_eval(args: argparse.Namespace) -> int:
    from ratsinfo.extract.evaluate import evaluate, format_report

    report = evaluate(Path(args.evalset) if args.evalset else None)
    print(format_report(report))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    """`ratsinfo search`: papers matching a query, best first (docs/search.md). Exit 0 when the
    search ran (with hits or none), 1 when it could not (no warehouse, no index, the warehouse
    busy, no fts extension), 2 for a bad option."""
    import duckdb

    from ratsinfo.search import Filters, SearchError, search, update_search_index
    from ratsinfo.settings import Settings, SettingsError
    from ratsinfo.warehouse import connect

    def fail(message: str, code: int = 1) -> int:
        print(f"ratsinfo search: {message}", file=sys.stderr)
        return code

    if not args.query and not args.reindex:
        return fail("no query given (or --reindex to build the index only)", 2)

    def date(option: str, value: str | None) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError as e:
            raise ValueError(f"{option} {value!r} is not a date (YYYY-MM-DD): {e}") from None

    try:
        filters = Filters(
            body=args.body,
            date_from=date("--from", args.date_from),
            date_to=date("--to", args.date_to),
            paper_type=args.type,
            committee=args.committee,
        )
        warehouse = Settings.from_env(
            warehouse=Path(args.warehouse) if args.warehouse else None
        ).warehouse
    except (ValueError, SettingsError) as e:  # a date that is not YYYY-MM-DD, a bad setting
        return fail(str(e), 2)
    if args.limit < 1:
        return fail(f"--limit must be at least 1, not {args.limit}", 2)
    if not warehouse.is_file():
        return fail(f"no warehouse at {warehouse}: build one with `ratsinfo run` (or --warehouse)")
    build = "`ratsinfo run` builds it, or `ratsinfo search --reindex` from the warehouse's texts"
    try:
        # one writer per DuckDB file, and no reader beside a writer of another process
        con = connect(warehouse, read_only=not args.reindex)
    except duckdb.Error as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        busy = (
            " (a run writing it? DuckDB lets no other process read a file while one writes it: "
            "search when it has finished)"
            if "lock" in first.lower()
            else ""
        )
        return fail(f"cannot open {warehouse}: {first}{busy}")
    try:
        if args.reindex:
            update = update_search_index(con, force=True)
            print(update.summary, file=sys.stderr)
            if not args.query:
                return 0
        hits = search(con, " ".join(args.query), filters, limit=args.limit)
    except SearchError as e:
        if str(e) == "no search index":
            return fail(f"{warehouse} has no search index yet: {build}")
        return fail(str(e))
    except duckdb.Error as e:  # an index from another version of ratsinfo, a broken file
        return fail(f"{str(e).splitlines()[0]} (rebuild the index: {build})")
    finally:
        con.close()
    query = " ".join(args.query)
    if args.json:
        for hit in hits:
            print(json.dumps(hit.record(), ensure_ascii=False))
        return 0
    if not hits:
        print(f'No paper matches "{query}".')
        return 0
    print(format_hits(hits))
    return 0


def format_hits(hits: list[Any], width: int = 80) -> str:
    """Search hits for a terminal `width` columns wide: rank, reference, date, body and paper
    type; the subject; where it matched; the snippet."""
    import textwrap

    blocks = []
    for hit in hits:
        head = "  ".join(
            x
            for x in (
                f"{hit.rank:>2}.",
                hit.reference or hit.paper_id,
                hit.date.isoformat() if hit.date else "",
                hit.body or "",
                hit.paper_type or "",
            )
            if x
        )
        lines = textwrap.wrap(head, width, subsequent_indent="    ")
        more = f"; {hit.texts_hit} texts match" if hit.texts_hit > 1 else ""
        for text in (hit.subject or "", f"[{hit.where}{more}]", hit.snippet or ""):
            lines += textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="    ")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _cmd_councils(args: argparse.Namespace) -> int:
    """`ratsinfo councils list|add|remove`: the deployment's registry of councils (its file:
    RATSINFO_COUNCILS, default councils.json). `add` also adds the council's partition to the
    Dagster instance of DAGSTER_HOME when there is one (else the council_registry sensor does)."""
    from ratsinfo.councils import Registry, RegistryError
    from ratsinfo.settings import Settings, SettingsError

    if args.action != "list" and not args.council:
        print(f"ratsinfo councils {args.action}: name the council", file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env(councils_file=Path(args.file) if args.file else None)
        registry = Registry(settings.councils_file)
        if args.action == "list":
            for council in registry.councils().values():
                url = council.system_url or f"(served by {council.served_by})"
                print(f"{council.key}\t{council.name}\t{url}")
            return 0
        if args.action == "remove":
            if not registry.remove(args.council):
                print(f"ratsinfo councils: {args.council!r} is not registered", file=sys.stderr)
                return 1
            print(f"removed {args.council} from {registry.path} (its data stay)")
            return 0
        council, new = registry.add(
            args.council, key=args.key, name=args.name, municipality_key=args.ags
        )
    except (RegistryError, SettingsError, ValueError) as e:
        print(f"ratsinfo councils: {e}", file=sys.stderr)
        return 2
    print(f"{'added' if new else 'updated'} {council.key} ({council.name}) in {registry.path}")
    if os.environ.get("DAGSTER_HOME") and _orchestration().add_partitions([council.key]):
        print(f"partition {council.key} added to the Dagster instance")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    """`ratsinfo query SQL`: SQL on the warehouse, read-only: the lake when one is configured
    (RATSINFO_LAKE: every council, with its tables and views), else the DuckDB file."""
    import contextlib
    import csv

    import duckdb

    from ratsinfo import lake
    from ratsinfo.settings import Settings, SettingsError

    try:
        settings = Settings.from_env(warehouse=Path(args.warehouse) if args.warehouse else None)
    except SettingsError as e:
        print(f"ratsinfo query: {e}", file=sys.stderr)
        return 2
    with contextlib.ExitStack() as stack:
        try:
            if settings.lake and not args.warehouse:
                spec = lake.Lake(settings.lake, settings.lake_data_path)
                con = stack.enter_context(lake.connect(spec, read_only=True))
            else:
                if not settings.warehouse.exists():
                    print(f"ratsinfo query: no warehouse at {settings.warehouse}", file=sys.stderr)
                    return 2
                con = duckdb.connect(str(settings.warehouse), read_only=True)
                stack.callback(con.close)
            result = con.execute(args.sql)
            columns = [d[0] for d in result.description or []]
            rows = result.fetchall()
        except (duckdb.Error, lake.LakeError) as e:
            first = str(e).strip().splitlines()
            print(f"ratsinfo query: {first[0] if first else e}", file=sys.stderr)
            return 1
    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
        return 0
    widths = [
        min(40, max([len(c), *(len("" if r[i] is None else str(r[i])) for r in rows)]))
        for i, c in enumerate(columns)
    ]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        cells = ("" if v is None else str(v) for v in row)
        print("  ".join(v[:w].ljust(w) for v, w in zip(cells, widths, strict=True)))
    print(f"({len(rows)} rows)", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ratsinfo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "parse", help="parse one saved ALLRIS page (.html), PDF (.pdf) or text (.txt) to JSON"
    )
    p.add_argument("path")
    p.set_defaults(func=_cmd_parse)

    r = sub.add_parser("run", help="materialise the whole pipeline once, in-process")
    r.add_argument("--source", help="sample (default), braunschweig, or an OParl System URL")
    r.add_argument("--warehouse", help="DuckDB file (default warehouse/ratsinfo.duckdb)")
    r.add_argument("--out", help="publish directory (default publish/)")
    r.add_argument("--max-papers", type=int, help="only the newest N papers")
    r.add_argument("--sample-papers", type=int, help="generated papers in the sample RIS")
    r.add_argument("--min-interval", type=float, help="seconds between requests to one host")
    r.add_argument(
        "--full",
        action="store_true",
        help="re-check every paper (default: incremental, new papers and open/young ones)",
    )
    r.add_argument("--reparse", action="store_true", help="parse every archived page again")
    r.add_argument("-v", "--verbose", action="store_true", help="also print Dagster's debug log")
    r.set_defaults(func=_cmd_run)

    c = sub.add_parser("councils", help="the deployment's councils: list, add, remove")
    c.add_argument("action", choices=("list", "add", "remove"))
    c.add_argument(
        "council", nargs="?", help="add: an OParl System URL or a built-in council; remove: its key"
    )
    c.add_argument("--key", help="add: the council's key (default: host and path of the URL)")
    c.add_argument("--name", help="add: the council's name")
    c.add_argument("--ags", help="add: its Amtlicher Gemeindeschlüssel (8 digits)")
    c.add_argument("--file", help="the registry file (default RATSINFO_COUNCILS or councils.json)")
    c.set_defaults(func=_cmd_councils)

    a = sub.add_parser(
        "publish-all",
        help="the combined publication over all councils (<publish dir>/all/), in-process",
    )
    a.add_argument("--warehouse", help="DuckDB file (default warehouse/ratsinfo.duckdb)")
    a.add_argument("--out", help="publish directory (default publish/)")
    a.set_defaults(func=_cmd_publish_all)

    q = sub.add_parser(
        "query",
        help="SQL on the warehouse, read-only (the lake of all councils when RATSINFO_LAKE is set)",
    )
    q.add_argument("sql", help='e.g. "SELECT council, count(*) FROM vorlagen GROUP BY 1"')
    q.add_argument("--warehouse", help="a DuckDB file instead (default warehouse/ratsinfo.duckdb)")
    q.add_argument("--csv", action="store_true", help="CSV on stdout, with a header")
    q.set_defaults(func=_cmd_query)

    e = sub.add_parser("eval", help="precision and recall of answers/funding on the labelled set")
    e.add_argument("--evalset", help="directory of labelled documents (default: the bundled set)")
    e.set_defaults(func=_cmd_eval)

    s = sub.add_parser(
        "search",
        help="full-text search of the papers' texts (subjects, pages, documents), best first",
    )
    s.add_argument("query", nargs="*", help="words to find (German stemming: Städte finds Stadt)")
    s.add_argument("--body", help="a body: its key, its council (braunschweig) or its name")
    s.add_argument(
        "--from", dest="date_from", metavar="DATE", help="papers dated from (YYYY-MM-DD)"
    )
    s.add_argument("--to", dest="date_to", metavar="DATE", help="papers dated until (YYYY-MM-DD)")
    s.add_argument("--type", help="paper type, from its start (Antrag, Mitteilung ...)")
    s.add_argument("--committee", help="part of a committee's name in the Beratungsfolge")
    s.add_argument("--limit", type=int, default=20, help="papers to show (default 20)")
    s.add_argument("--json", action="store_true", help="one JSON object per paper and line")
    s.add_argument("--warehouse", help="DuckDB file (default warehouse/ratsinfo.duckdb)")
    s.add_argument(
        "--reindex",
        action="store_true",
        help="rebuild the search index first (opens the warehouse for writing)",
    )
    s.set_defaults(func=_cmd_search)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
