"""What reading a document gives: `DocumentText`, or a `DocumentError` saying why not; and the
`Limits` a document is read under."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from ratsinfo.extract.tables import TableAmount

__all__ = ["REASONS", "DocumentError", "DocumentText", "Limits", "Method", "Reason", "count_chars"]

MiB = 1024 * 1024
GiB = 1024 * MiB

Method = Literal["text layer", "server text", "none"]
Reason = Literal[
    "too large",  # the file is over Limits.max_bytes (never handed to pdfium)
    "too many pages",  # over Limits.max_pages, and Limits.truncate_pages is off
    "timed out",  # no result within Limits.timeout: the worker was killed
    "memory",  # the worker hit Limits.max_memory (or the kernel's OOM killer)
    "encrypted",  # pdfium cannot open it without a password
    "not a pdf",  # no "%PDF-" header in the first 1024 bytes
    "broken",  # pdfium cannot read it (truncated, damaged, a page that does not load)
    "crashed",  # the worker died of a signal that is not the memory cap (a pdfium bug)
]
REASONS: tuple[Reason, ...] = get_args(Reason)


def count_chars(text: str) -> int:
    """Characters that are not whitespace: what `DocumentText.chars` counts."""
    return sum(map(len, text.split()))


@dataclass(frozen=True)
class DocumentText:
    """The text of one document.

    `text` holds the pages in order, separated by "\\f" (a page without text is an empty string
    between two form feeds, so `text.split("\\f")` has `pages_read` items). `pages` is the page
    count of the document; `pages_read` how many of them were read: fewer when the document has
    more than `Limits.max_pages` (then `truncated` is true, and so it is when `Limits.max_chars`
    cut the text short). `chars` counts the characters that are not whitespace. `image_only`: the
    pages hold images and (almost) no text layer, a scan (then `method` is "none"); `language`
    is a cheap hint, "de" when German function words dominate, else None.
    """

    text: str
    pages: int
    method: Method
    extractor: str
    language: str | None
    image_only: bool
    chars: int
    pages_read: int
    truncated: bool
    # the amounts of its budget tables (ratsinfo.extract.tables), read from the PDF's character
    # positions in the worker; None: not looked for (server text, a scan, Limits.read_tables off)
    tables: tuple[TableAmount, ...] | None = None

    @classmethod
    def from_server_text(cls, text: str, extractor: str = "server") -> DocumentText:
        """Text the server extracted itself (OParl `File.text`), in the same shape."""
        from ratsinfo.documents.pdf import language_hint

        pages = text.count("\f") + 1 if text else 0
        return cls(
            text=text,
            pages=pages,
            method="server text" if text.strip() else "none",
            extractor=extractor,
            language=language_hint(text),
            image_only=False,
            chars=count_chars(text),
            pages_read=pages,
            truncated=False,
        )

    def as_dict(self) -> dict[str, object]:
        """Plain JSON values (a table amount's Decimal as its string), for the worker's answer;
        `from_dict` reads it back."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if self.tables is not None:
            fields["tables"] = [
                {k: str(v) if k == "amount" else v for k, v in dataclasses.asdict(t).items()}
                for t in self.tables
            ]
        return fields

    @classmethod
    def from_dict(cls, fields: dict[str, Any]) -> DocumentText:
        tables = fields.get("tables")
        if tables is not None:
            from ratsinfo.extract.tables import TableAmount

            tables = tuple(TableAmount(**(t | {"amount": Decimal(t["amount"])})) for t in tables)
        return cls(**(fields | {"tables": tables}))


class DocumentError(Exception):
    """A document that could not be read: `reason` is one of `REASONS`, the message says what
    was wrong with it."""

    def __init__(self, reason: Reason, message: str) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}: use one of {', '.join(REASONS)}")
        super().__init__(message)
        self.reason: Reason = reason

    def __reduce__(self) -> tuple[type[DocumentError], tuple[Reason, str]]:
        return (type(self), (self.reason, str(self)))

    def __repr__(self) -> str:
        return f"DocumentError({self.reason!r}, {str(self)!r})"


@dataclass(frozen=True)
class Limits:
    """What one document may cost.

    - `max_bytes`: larger files are refused ("too large") before any worker sees them.
    - `max_pages`: a document with more pages is read up to this page and says so
      (`DocumentText.truncated`, `pages_read`): a 900-page budget plan still gives its first 500
      pages of text. With `truncate_pages=False` it is refused instead ("too many pages").
    - `timeout`: seconds of wall time per document in the worker; then the worker is killed and
      replaced ("timed out").
    - `max_memory`: bytes of address space the worker may add while reading one document
      (RLIMIT_AS is set to the worker's size when the document arrives plus this); pdfium's
      allocations fail beyond it and the document is reported as "memory".
    - `max_chars`: the text is cut (at a page boundary where it can be) after this many
      characters, so that no document sends the caller more than a few tens of MB.
    """

    max_bytes: int = 50 * MiB
    max_pages: int = 500
    truncate_pages: bool = True
    timeout: float = 60.0
    max_memory: int = 1 * GiB
    max_chars: int = 10_000_000
    read_tables: bool = True  # look for budget tables on the pages with figures

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages", "max_memory", "max_chars"):
            value = getattr(self, name)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Limits.{name} must be a positive whole number, not {value!r}")
        if not self.timeout > 0:
            raise ValueError(f"Limits.timeout must be positive, not {self.timeout!r}")
