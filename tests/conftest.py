"""Shared fixtures (plain helpers: tests/helpers.py). Nothing here reaches the internet."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import materialize_pipeline

SAMPLE_PAPERS = 60  # the shared sample council: 60 generated papers plus the seed pair


@pytest.fixture(autouse=True)
def _signal_handlers_kept() -> Iterator[None]:
    """Every test leaves SIGINT's and SIGTERM's handlers as it found them. Dagster's in-process
    execution maps SIGTERM to SIGINT's handler and leaves it so: where SIGINT is ignored (tests
    started in the background), SIGTERM is ignored from then on in that test process and in the
    processes it starts, and a multiprocessing pool's terminate() waits forever for workers that
    ignore it (test_lake hung so)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in saved.items():
        if handler is not None and signal.getsignal(number) != handler:
            signal.signal(number, handler)


@pytest.fixture(scope="session")
def sample_pipeline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The whole pipeline run once per session on the 60-paper sample council: (root, result),
    with root/w.duckdb and root/publish. For tests that only read it; a test that writes must
    build its own."""
    root = tmp_path_factory.mktemp("sample_pipeline")
    result = materialize_pipeline(root, sample_papers=SAMPLE_PAPERS)
    assert result.success  # type: ignore[attr-defined]
    return root, result
