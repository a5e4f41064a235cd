"""Published files: written whole or not at all, and their checksums."""

from __future__ import annotations

import hashlib
import os
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
