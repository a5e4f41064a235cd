"""Extractors: the administration's German prose in, typed rows out (pure functions, no I/O).

- `extract_answers` / `extract_questions`: answers to numbered questions (ratsinfo.model.Answer)
- `extract_funding`: amounts of money (ratsinfo.model.Funding)
- `clean_text`: page furniture removal shared by both
- `evaluate` / `format_report`: scores on the labelled set in `evalset/`
"""

from ratsinfo.extract.answers import AnswerExtraction, extract_answers, extract_questions
from ratsinfo.extract.evaluate import EvalReport, evaluate, format_report
from ratsinfo.extract.funding import extract_funding
from ratsinfo.extract.text import clean_text

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
