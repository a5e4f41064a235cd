"""DuckDB extensions from the signed binaries of the `duckdb-extension-<name>` wheels on PyPI.

DuckDB fetches an extension from its own repository on first use, which machines without internet
cannot reach; the wheels carry the same signed binaries for this DuckDB version (1.5.5), loaded
here with the signature check on. Where a wheel is missing, `LOAD <name>` is tried (an extension
installed with `INSTALL` on a machine with internet)."""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

from ratsinfo.warehouse import first_line, sql_literal


class ExtensionError(RuntimeError):
    """An extension that cannot be loaded; names the attempts and how to get it."""


def binary(name: str) -> Path | None:
    """The extension `name` of the `duckdb-extension-<name>` wheel for this DuckDB, if installed."""
    try:
        module = importlib.import_module(f"duckdb_extension_{name}")
    except ImportError:
        return None
    path = (
        Path(module.__file__ or "").parent
        / "extensions"
        / f"v{duckdb.__version__}"
        / f"{name}.duckdb_extension"
    )
    return path if path.is_file() else None


def load(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load the extension `name` into `con`: the wheel's signed binary, else `LOAD name`; an
    ExtensionError naming both attempts when neither works."""
    tried = []
    path = binary(name)
    if path is None:
        tried.append(f"no duckdb-extension-{name}=={duckdb.__version__} installed")
    else:
        try:
            con.execute(f"LOAD {sql_literal(path)}")
            return
        except duckdb.Error as e:
            tried.append(f"LOAD {path}: {first_line(e)}")
    try:
        con.execute(f"LOAD {name}")
        return
    except duckdb.Error as e:
        tried.append(f"LOAD {name}: {first_line(e)}")
    package = "duckdb-extension-" + name.replace("_", "-")
    raise ExtensionError(
        f"DuckDB's {name} extension cannot be loaded ("
        + "; ".join(tried)
        + f"): install the package {package}=={duckdb.__version__}, or run `INSTALL {name}` once "
        "in DuckDB on a machine with internet"
    )
