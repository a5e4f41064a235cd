"""`ratsinfo parse | run | eval`: the command line."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ratsinfo.model import Answer, Funding, ParsedPage

if TYPE_CHECKING:
    from ratsinfo.documents import DocumentText


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
    return {
        "vorlage": _record(page.vorlage) if page else None,
        "beratungsfolge": [_record(b) for b in page.beratungsfolge] if page else [],
        "answers": [_record(a) for a in answers],
        "funding": [_record(f) for f in funding],
        "introduction": extraction.intro,
        "sections": [_record(s) for s in page.sections] if page else [],
        # a PDF: how its text was read (pages, "text layer" or "none" for a scan, ...)
        "document": _document_record(document) if document else None,
    }


def _document_record(document: DocumentText) -> dict[str, Any]:
    record = _record(document)
    del record["text"]
    return record


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


def _cmd_run(args: argparse.Namespace) -> int:
    """Running the pipeline is Dagster's job, on the orchestration side: `pipelines.run` in the
    repository, `ratsinfo_dagster.pipelines.run` in an installed wheel."""
    import importlib
    import importlib.util

    root = "ratsinfo_dagster." if importlib.util.find_spec("ratsinfo_dagster") else ""
    return int(importlib.import_module(f"{root}pipelines.run").run(args))


def _cmd_eval(args: argparse.Namespace) -> int:
    from ratsinfo.extract.evaluate import evaluate, format_report

    report = evaluate(Path(args.evalset) if args.evalset else None)
    print(format_report(report))
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

    e = sub.add_parser("eval", help="precision and recall of answers/funding on the labelled set")
    e.add_argument("--evalset", help="directory of labelled documents (default: the bundled set)")
    e.set_defaults(func=_cmd_eval)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
