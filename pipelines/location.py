"""How the code location finds the assets.

In the repository, `assets/` and `pipelines/` are top-level folders (the project's layout). A wheel
must not install such generic names into site-packages, so the build puts them under the package
`ratsinfo_dagster` (see pyproject.toml); the asset modules import each other relatively, and this
is the one place that knows both homes.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def _root() -> str:
    package = __package__ or "pipelines"
    return package.rpartition(".")[0]  # "" in the repository, "ratsinfo_dagster" in a wheel


def assets_package(module: str) -> ModuleType:
    root = _root()
    return importlib.import_module(f"{root}.assets.{module}" if root else f"assets.{module}")


def pipelines_module(module: str) -> ModuleType:
    root = _root()
    return importlib.import_module(f"{root}.pipelines.{module}" if root else f"pipelines.{module}")
