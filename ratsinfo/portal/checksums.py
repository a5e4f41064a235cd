"""SHA256SUMS: coreutils checksums of every file in the publish directory but itself, so that
`sha256sum -c SHA256SUMS` verifies a download. Written last: it covers all other files."""

from __future__ import annotations

from pathlib import Path

from ratsinfo.files import file_sha256, write_atomic


def write_sha256sums(out_dir: Path) -> Path:
    """SHA256SUMS in coreutils format over every file under `out_dir` (sorted by path) except
    itself and temporary files (names starting with '.')."""
    lines = []
    for path in sorted(out_dir.rglob("*"), key=lambda p: p.relative_to(out_dir).as_posix()):
        rel = path.relative_to(out_dir)
        if not path.is_file() or rel.as_posix() == "SHA256SUMS":
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        lines.append(f"{file_sha256(path)}  {rel.as_posix()}\n")
    return write_atomic(out_dir / "SHA256SUMS", "".join(lines).encode("utf-8"))
