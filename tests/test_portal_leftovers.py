"""A run killed while publishing leaves temporary files (`.<name>.tmp-<pid>`, ratsinfo.files);
the next publish removes them from the publish directory and feeds/, but never one whose process
is still running, nothing of another name, and nothing elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ratsinfo.files import temp_path
from tests.test_portal_metadata import build_warehouse, files_of, rebuild

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def dead_pid() -> int:
    """The pid of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    with pytest.raises(ProcessLookupError):
        os.kill(proc.pid, 0)
    return proc.pid


@pytest.fixture
def running_pid():
    """The pid of another process that runs while the test does."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def plant(path: Path, age: float = 0.0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half a file")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_publishing_again_removes_leftovers_of_killed_writers(tmp_path, running_pid):
    out = build_warehouse(tmp_path / "a")
    reference = files_of(rebuild(tmp_path / "a", tmp_path / "reference"))
    dead, alive = dead_pid(), running_pid
    leftovers = [
        plant(out / f".vorlagen.csv.tmp-{dead}"),
        plant(out / f".funding.parquet.tmp-{dead}"),
        plant(out / f".manifest.json.tmp-{dead}"),
        plant(out / "feeds" / f".all.atom.tmp-{dead}"),
        plant(out / f".dcat.ttl.tmp-{alive}", age=3 * 3600),  # a running pid, hours untouched
        plant(out / ".index.html.tmp-4294967296"),  # no such pid
    ]
    kept = [
        plant(out / f".sections.csv.tmp-{alive}"),  # a writer still at work
        plant(out / "feeds" / f".all.atom.tmp-{alive}"),
        plant(out / f"vorlagen.csv.tmp-{dead}"),  # not our name (no leading dot)
        plant(out / f".vorlagen.csv.tmp-{dead}.bak"),
        plant(out / ".hidden"),
        plant(out / "other" / f".x.csv.tmp-{dead}"),  # not the publish dir nor feeds/
    ]
    rebuild(tmp_path / "a", out)
    assert [p for p in leftovers if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    # the published files are those of an undisturbed build; SHA256SUMS lists no temporary file
    # (only the planted file of another name, which is no temporary file of ours)
    published = files_of(out)
    assert {k: published[k] for k in reference if k != "SHA256SUMS"} == {
        k: v for k, v in reference.items() if k != "SHA256SUMS"
    }
    sums = set(published["SHA256SUMS"].decode().splitlines())
    expected = set(reference["SHA256SUMS"].decode().splitlines())
    assert {line.split("  ", 1)[1] for line in sums - expected} == {f"vorlagen.csv.tmp-{dead}"}
    assert expected <= sums


def test_only_dead_or_stale_temp_files_go(tmp_path):
    from ratsinfo.files import remove_stale_temp_files

    dead, alive = dead_pid(), os.getpid()
    old = plant(tmp_path / f".a.csv.tmp-{alive}", age=31 * 60)
    fresh = plant(tmp_path / f".b.csv.tmp-{alive}", age=29 * 60)
    gone = plant(tmp_path / f".c.csv.tmp-{dead}")
    ours = plant(temp_path(tmp_path / "d.csv"))  # this process: alive
    group = plant(tmp_path / ".e.csv.tmp-0")  # pid 0 is a process group, never a writer
    (tmp_path / f".dir.tmp-{dead}").mkdir()
    removed = remove_stale_temp_files([tmp_path, tmp_path / "missing"])
    assert sorted(removed) == sorted([old, gone, group])
    assert fresh.exists() and ours.exists() and (tmp_path / f".dir.tmp-{dead}").is_dir()
