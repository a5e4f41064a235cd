"""Benchmarks (`make bench`): the pipeline on generated sample RIS corpora over loopback.

`python -m ratsinfo.bench nightly --papers 10000 --changed 0.01` loads a corpus with a full run,
lets the sample RIS evolve by one night (the given share of papers new or changed), then runs
the same command twice from copies of the loaded warehouse: once incremental (the nightly run),
once `--full`. Each run is `ratsinfo run` in its own process, rate limit off; the sample server
runs in this process and counts the requests it receives.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ratsinfo.sample import evolve, generate, serve


@dataclass
class RunStats:
    label: str
    seconds: float
    requests: int
    page_requests: int
    not_modified: int
    peak_rss_mib: float


def _run(base: Any, root: Path, label: str, *extra: str) -> RunStats:
    """One `ratsinfo run` against the served sample, in its own process."""
    base.clear_requests()
    env = {**os.environ, "DAGSTER_HOME": str(root / "dagster_home")}
    cmd = [
        sys.executable, "-m", "ratsinfo.cli", "run", "--source", f"{base}/oparl/system",
        "--warehouse", str(root / "w.duckdb"), "--out", str(root / "publish"),
        "--min-interval", "0", *extra,
    ]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd] if Path("/usr/bin/time").exists() else cmd,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{label} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    rss_kib = done.stderr.strip().splitlines()[-1] if Path("/usr/bin/time").exists() else "0"
    requests = base.requests
    pages = [r for r in requests if "vo020" in r.path.lower()]
    return RunStats(
        label=label,
        seconds=round(seconds, 2),
        requests=len(requests),
        page_requests=len(pages),
        not_modified=sum(1 for r in pages if "If-None-Match" in r.headers),
        peak_rss_mib=round(int(rss_kib) / 1024, 1) if rss_kib.isdigit() else 0.0,
    )


def nightly_vs_full(papers: int, changed: float, seed: int = 0) -> dict[str, Any]:
    ris = generate(papers, seed=seed)
    with tempfile.TemporaryDirectory(prefix="ratsinfo-bench-") as tmp, serve(ris) as base:
        tmp_path = Path(tmp)
        initial = _run(base, tmp_path / "initial", "initial full load", "--full")
        evolved, report = evolve(ris, changed, seed=seed + 1)
        base.server.ris = evolved
        for name in ("nightly", "full"):
            shutil.copytree(tmp_path / "initial", tmp_path / name)
        nightly = _run(base, tmp_path / "nightly", "nightly (incremental)")
        full = _run(base, tmp_path / "full", "full re-check", "--full")
    return {
        "papers": len(ris.papers),
        "changed_papers": len(report.touched),
        "new_papers": len(report.new),
        "runs": [asdict(r) for r in (initial, nightly, full)],
        "nightly_share_of_full_time": round(nightly.seconds / full.seconds, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ratsinfo.bench")
    sub = parser.add_subparsers(dest="command", required=True)
    n = sub.add_parser("nightly", help="requests and wall time: nightly vs full run")
    n.add_argument("--papers", type=int, default=10_000)
    n.add_argument("--changed", type=float, default=0.01)
    args = parser.parse_args(argv)
    result = nightly_vs_full(args.papers, args.changed)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
