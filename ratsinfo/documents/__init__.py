"""Documents -> text: PDFs read by pdfium in worker processes, under caps.

- `extract_pdf_text(data, limits)`: one PDF's text (`DocumentText`) or `DocumentError`
- `DocumentWorkers(n)`: n reusable worker processes for many documents (`extract_many` in
  order, `extract_as_completed`)
- `Limits`: bytes, pages, seconds, memory and characters one document may cost
- `DocumentError.reason`: one of `REASONS` ("too large", "timed out", "encrypted", ...)

The caller never loads pdfium: why, and what it costs, is in `ratsinfo.documents.workers`; what
the text looks like (hyphenation, artefacts) in `ratsinfo.documents.pdf`.
"""

from ratsinfo.documents.model import REASONS, DocumentError, DocumentText, Limits
from ratsinfo.documents.pdf import extract_pdf_text
from ratsinfo.documents.workers import DocumentWorkers, WorkerStartError

__all__ = [
    "REASONS",
    "DocumentError",
    "DocumentText",
    "DocumentWorkers",
    "Limits",
    "WorkerStartError",
    "extract_pdf_text",
]
