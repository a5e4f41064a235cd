"""Extractors: the administration's German prose in, typed rows out (pure functions, no I/O).

- `extract_answers` / `extract_questions`: answers to numbered questions (ratsinfo.model.Answer)
- `extract_funding`: amounts of money (ratsinfo.model.Funding)
- `clean_text`: page furniture removal shared by both
- `evaluate` / `format_report`: scores on the labelled set in `evalset/`
- `ratsinfo.extract.tables`: amounts in budget tables (`TableAmount`)

The names are imported on first use: the PDF workers import the table reader alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ratsinfo.extract.answers import AnswerExtraction, extract_answers, extract_questions
    from ratsinfo.extract.evaluate import EvalReport, evaluate, format_report
    from ratsinfo.extract.funding import extract_funding
    from ratsinfo.extract.text import clean_text

_WHERE = {
    "AnswerExtraction": "answers",
    "extract_answers": "answers",
    "extract_questions": "answers",
    "EvalReport": "evaluate",
    "evaluate": "evaluate",
    "format_report": "evaluate",
    "extract_funding": "funding",
    "clean_text": "text",
}

__all__ = [
    "AnswerExtraction",
    "EvalReport",
    "clean_text",
    "evaluate",
    "extract_answers",
    "extract_funding",
    "extract_questions",
    "format_report",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"ratsinfo.extract.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'ratsinfo.extract' has no attribute {name!r}")
