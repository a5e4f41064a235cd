"""What a PDF worker costs: `python -m ratsinfo.documents.bench [--workers N] [--rounds R] PDF...`

Prints the time a worker takes to be ready (ours, and multiprocessing's "spawn" and
"forkserver" for comparison), and pages per second: pdfium in this process (no worker), one
worker (so: per core), and N workers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ratsinfo.documents.model import DocumentError, DocumentText
from ratsinfo.documents.workers import DocumentWorkers


def _ready(conn: Connection) -> None:  # a multiprocessing worker doing what ours does first
    from ratsinfo.documents.pdf import extractor_name

    conn.send_bytes(extractor_name().encode())


def _multiprocessing_startup(method: str, times: int) -> list[float]:
    ctx: Any = multiprocessing.get_context(method)
    seconds = []
    for _ in range(times):
        ours, theirs = ctx.Pipe()
        started = time.perf_counter()
        process = ctx.Process(target=_ready, args=(theirs,))
        process.start()
        ours.recv_bytes()
        seconds.append(time.perf_counter() - started)
        process.join()
    return seconds


def _our_startup(times: int) -> list[float]:
    seconds = []
    for _ in range(times):
        with DocumentWorkers(1) as pool:
            list(pool.extract_many([b"%PDF-1.4 nothing"]))  # waits for ready, then one answer
            seconds += pool.startup_times  # from Popen to the worker's "ready"
    return seconds


def _ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.0f} ms (min {min(seconds) * 1000:.0f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ratsinfo.documents.bench", description=__doc__)
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5, help="times every PDF is read")
    parser.add_argument("--startups", type=int, default=5)
    args = parser.parse_args(argv)
    datas = [p.read_bytes() for p in args.pdfs]

    print(f"worker ready, subprocess (ours): {_ms(_our_startup(args.startups))}")
    for method in ("spawn", "forkserver"):
        print(f"worker ready, multiprocessing {method}: "
              f"{_ms(_multiprocessing_startup(method, args.startups))}")  # fmt: skip

    from ratsinfo.documents.pdf import read_pdf

    read_pdf(datas[0])  # pdfium loaded and warm, as in a worker that is ready
    started, cpu = time.perf_counter(), time.process_time()
    pages = sum(read_pdf(d).pages_read for _ in range(args.rounds) for d in datas)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"in this process, no worker: {pages / wall:.0f} pages/s wall, "
          f"{pages / cpu:.0f} pages per CPU second ({pages} pages)")  # fmt: skip

    for n in (1, args.workers):
        children = _children_cpu()
        with DocumentWorkers(n) as pool:
            list(pool.extract_many(datas[:1]))  # ready
            started = time.perf_counter()
            results = list(pool.extract_many(d for _ in range(args.rounds) for d in datas))
            wall = time.perf_counter() - started
        cpu = _children_cpu() - children  # the workers' CPU, their start included
        pages = sum(r.pages_read for r in results if isinstance(r, DocumentText))
        failed = sum(isinstance(r, DocumentError) for r in results)
        print(f"{n} worker(s): {pages / wall:.0f} pages/s wall, {len(results) / wall:.1f} "
              f"documents/s, {pages / cpu:.0f} pages per worker CPU second "
              f"({pages} pages, {failed} unreadable, {wall:.2f} s)")  # fmt: skip
    return 0


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    sys.exit(main())
