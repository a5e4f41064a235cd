"""The README's Python examples run (the pandas one against a sample warehouse)."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _tested_blocks():
    text = README.read_text(encoding="utf-8")
    return re.findall(r"<!-- tested: [^>]*-->\n```python\n(.*?)```", text, re.S)


def test_the_pandas_example_runs(sample_warehouse, monkeypatch, capsys):
    [block] = _tested_blocks()
    root = sample_warehouse.parent
    (root / "warehouse").mkdir(exist_ok=True)
    target = root / "warehouse" / "ratsinfo.duckdb"
    if not target.exists():
        target.symlink_to(sample_warehouse)
        bodies = sample_warehouse.with_suffix(".bodies")
        if bodies.exists():
            target.with_suffix(".bodies").symlink_to(bodies)
    monkeypatch.chdir(root)
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)
    papers = namespace["papers"]
    assert len(papers) >= 40  # type: ignore[arg-type]
    answers = namespace["answers"]
    assert len(answers) == 3, "the seed answer's three questions"  # type: ignore[arg-type]


@pytest.fixture
def sample_warehouse(sample_pipeline):
    return sample_pipeline[0] / "w.duckdb"
