"""The raw archive's bodies, stored by content next to the warehouse file.

DuckDB reads a column a vector (2,048 rows) at a time: a table of 1 MB page bodies made one scan
allocate hundreds of MB and ran out of memory in a batch insert or a checkpoint (issue 9.3). So a
body is a file named by its sha256 under `<warehouse>.bodies/` (gzip, level 1), and
`raw_responses` keeps its metadata and `body_size`. Content-addressed, a body is written once
however many responses share it, and writing it before the row that names it makes loads kill-safe
(an interrupted run leaves at worst a file no row names yet; the re-run writes the same file).
Warehouses made before keep their inline `raw_responses.body`; `read` falls back to it.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

import duckdb

from ratsinfo.files import temp_path


class BodyStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def beside(cls, con: duckdb.DuckDBPyConnection) -> BodyStore:
        """The store of the warehouse `con` is connected to (a temporary one for :memory:)."""
        row = con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
        path = row[0] if row else None
        if not path:
            return cls(Path(tempfile.gettempdir()) / f"ratsinfo-bodies-{os.getpid()}")
        return cls(Path(path).with_suffix(".bodies"))

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def put(self, sha256: str, body: bytes) -> None:
        path = self.path(sha256)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_path(path)
        tmp.write_bytes(gzip.compress(body, compresslevel=1, mtime=0))
        os.replace(tmp, path)

    def get(self, sha256: str) -> bytes | None:
        try:
            return gzip.decompress(self.path(sha256).read_bytes())
        except FileNotFoundError:
            return None


def read_bodies(
    con: duckdb.DuckDBPyConnection,
    keys: list[tuple[str, str]],
    store: BodyStore | None = None,
    table: str = "raw_responses",
) -> dict[tuple[str, str], bytes | None]:
    """Bodies of (url, sha256) responses: from the store, else inline (older warehouses)."""
    store = store or BodyStore.beside(con)
    found: dict[tuple[str, str], bytes | None] = {k: store.get(k[1]) for k in keys}
    missing = [k for k, v in found.items() if v is None and k[1]]
    for url, sha in missing:  # point lookups: a scan would read every body (see above)
        row = con.execute(
            f"SELECT body FROM {table} WHERE url = ? AND sha256 = ?", [url, sha]
        ).fetchone()
        found[(url, sha)] = row[0] if row else None
    return found
