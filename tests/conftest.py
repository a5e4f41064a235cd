"""Shared fixtures (plain helpers: tests/helpers.py). Nothing here reaches the internet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import materialize_pipeline

SAMPLE_PAPERS = 60  # the shared sample council: 60 generated papers plus the seed pair


@pytest.fixture(scope="session")
def sample_pipeline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The whole pipeline run once per session on the 60-paper sample council: (root, result),
    with root/w.duckdb and root/publish. For tests that only read it; a test that writes must
    build its own."""
    root = tmp_path_factory.mktemp("sample_pipeline")
    result = materialize_pipeline(root, sample_papers=SAMPLE_PAPERS)
    assert result.success  # type: ignore[attr-defined]
    return root, result
