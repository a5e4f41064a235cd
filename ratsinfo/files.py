"""Published files: written whole or not at all, their checksums, and the clean-up of the
temporary files a killed writer leaves behind."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path


def temp_path(path: Path) -> Path:
    """A temporary name next to `path`, to write to before renaming into place."""
    return path.parent / f".{path.name}.tmp-{os.getpid()}"


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write `data` (str as UTF-8) to a temporary name next to `path` and rename it into place,
    so readers see the complete old or the complete new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)
    return path


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# A temporary name of `temp_path`: ".<name>.tmp-<pid>".
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.tmp-(?P<pid>[0-9]{1,10})")
STALE_TEMP_SECONDS = 30 * 60  # a temporary file untouched this long is left over in any case


def pid_alive(pid: int) -> bool:
    """Whether a process `pid` exists on this machine (one of another user counts)."""
    if pid <= 0:
        return False  # 0 and negative numbers name process groups, never one writer
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def remove_stale_temp_files(
    directories: Iterable[Path], max_age: float = STALE_TEMP_SECONDS, now: float | None = None
) -> list[Path]:
    """Remove the temporary files `write_atomic` and the extracts leave behind when a process is
    killed between writing and renaming: only names of the `temp_path` pattern, only directly in
    `directories` (not below), and only when their process is gone or they have not been
    touched for `max_age` seconds (so a file still being written by a running process stays).
    Returns the paths removed."""
    now = time.time() if now is None else now
    removed = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            m = _TEMP_NAME.fullmatch(path.name)
            if m is None or path.is_dir() or not (path.is_file() or path.is_symlink()):
                continue
            try:
                age = now - path.lstat().st_mtime
            except FileNotFoundError:
                continue  # renamed into place meanwhile
            if pid_alive(int(m["pid"])) and age <= max_age:
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed
