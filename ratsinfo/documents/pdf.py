"""PDF text with pdfium (pypdfium2): `extract_pdf_text`, the safe entry, and what a worker runs.

`extract_pdf_text(data)` hands the bytes to a worker process (`ratsinfo.documents.workers`) and
returns a `DocumentText`, or raises `DocumentError`. Everything below it, `read_pdf` included,
runs pdfium in the calling process and is meant for the worker only: pdfium is a C++ library
fed with documents from the internet, not thread-safe, and a document can make it allocate
gigabytes or run for minutes.

What the text is:

- the text layer, page by page, in the order pdfium gives it (no re-flowing of columns), pages
  separated by "\\f";
- words pdfium marks as hyphenated at a line end (U+FFFE, "bau\\ufffedurchführende") are joined
  ("baudurchführende"); the hyphen stays where the second part starts with a capital
  ("Große-Verspohl", "Darmstadt-Dieburg-Offenbach"), where the first part is an acronym
  ("EU-weit") and before a conjunction ("Investitions- oder Finanzierungstätigkeit",
  "Rad- und Fußwege"); real hyphens inside a line are never touched;
- "\\r\\n" becomes "\\n", spaces at line ends go;
- text the PDF itself marks as an artefact (tagged PDFs, e.g. from Word: headers, footers,
  "Seite 1 von 3", marked content /Artifact) is left out: it is not part of the document's
  content, by the producer's own word. When artefacts would be most of a page's text the marks
  are not believed and the page is kept whole. Untagged page furniture (running page numbers,
  letterheads) stays; `ratsinfo.extract.clean_text` removes it where the extractors need that;
- bullets drawn with Symbol/Wingdings glyphs (private-use code points such as U+F0B7) and glyphs
  without a Unicode mapping that pdfium hands out as control characters (U+0001 ...) become "•";
  soft hyphens and NULs are dropped.
"""

from __future__ import annotations

import ctypes
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ratsinfo.documents.model import DocumentError, DocumentText, Limits, count_chars

if TYPE_CHECKING:
    import pypdfium2

    from ratsinfo.extract.tables import TableAmount

__all__ = ["extract_pdf_text", "extractor_name", "language_hint", "read_pdf", "tidy_page_text"]

PDF_HEADER = b"%PDF-"
HEADER_WINDOW = 1024  # pdfium (like Acrobat) finds the header anywhere in the first 1024 bytes
IMAGE_ONLY_CHARS_PER_PAGE = 20  # fewer non-space characters per page than this: a scan
FORM_DEPTH = 8  # how deep to look into nested Form XObjects for images and artefacts


def extract_pdf_text(data: bytes, limits: Limits | None = None) -> DocumentText:
    """The text of a PDF, read in a worker process under `limits`; `DocumentError` when it
    cannot be read (the reason says why). One shared worker serves all callers of this function
    in a process, one document at a time; for many documents at once use
    `ratsinfo.documents.DocumentWorkers`."""
    from ratsinfo.documents.workers import extract_shared

    return extract_shared(data, limits)


def looks_like_pdf(data: bytes) -> bool:
    return PDF_HEADER in data[:HEADER_WINDOW]


def extractor_name() -> str:
    """ "pypdfium2 5.15.2 / pdfium 159.0.8149.0": what read the text."""
    import pypdfium2.version as v

    pdfium = getattr(v.PDFIUM_INFO, "tag", None) or str(v.PDFIUM_INFO).split("@")[0]
    return f"pypdfium2 {v.PYPDFIUM_INFO} / pdfium {pdfium}"


# --- reading (in the worker) -------------------------------------------------------------------


def read_pdf(data: bytes, limits: Limits | None = None) -> DocumentText:
    """Read `data` with pdfium IN THIS PROCESS (the worker's job): the page text, tidied.
    Raises `DocumentError` ("encrypted", "broken", "too many pages", "not a pdf")."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    limits = limits or Limits()
    if not looks_like_pdf(data):
        raise DocumentError("not a pdf", f"no {PDF_HEADER.decode()} header in the first bytes")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == c.FPDF_ERR_PASSWORD:
            error = DocumentError(
                "encrypted", "the PDF is encrypted: it opens only with a password"
            )
        elif e.err_code == c.FPDF_ERR_SECURITY:
            error = DocumentError("encrypted", "the PDF uses a security handler pdfium cannot open")
        else:
            error = DocumentError("broken", f"pdfium cannot open it: {_pdfium_reason(e)}")
        raise error from None
    try:
        return _read_pages(pdf, limits)
    finally:
        pdf.close()


def _pdfium_reason(e: Exception) -> str:
    m = re.search(r"\(PDFium: (.*)\)", str(e))
    return (m.group(1) if m else str(e)).rstrip(".").lower()


def _read_pages(pdf: pypdfium2.PdfDocument, limits: Limits) -> DocumentText:
    pages = len(pdf)
    if pages > limits.max_pages and not limits.truncate_pages:
        raise DocumentError(
            "too many pages", f"{pages} pages, more than the limit of {limits.max_pages}"
        )
    texts: list[str] = []
    size = 0  # characters so far, form feeds included
    truncated = pages > limits.max_pages
    images = 0
    for index in range(min(pages, limits.max_pages)):
        text, page_images = _read_page(pdf, index, pages)
        images += page_images
        room = limits.max_chars - size - (1 if texts else 0)
        if len(text) > room:
            texts.append(text[: max(room, 0)])
            truncated = True
            break
        texts.append(text)
        size += len(text) + (1 if len(texts) > 1 else 0)
    full = "\f".join(texts)
    chars = count_chars(full)
    pages_read = len(texts)
    image_only = bool(pages_read) and images > 0 and chars < IMAGE_ONLY_CHARS_PER_PAGE * pages_read
    tables = None
    if limits.read_tables and chars and not image_only:
        tables = _read_tables(pdf, texts)
    return DocumentText(
        text=full,
        pages=pages,
        method="none" if image_only or not chars else "text layer",
        extractor=extractor_name(),
        language=language_hint(full),
        image_only=image_only,
        chars=chars,
        pages_read=pages_read,
        truncated=truncated,
        tables=tables,
    )


# A page worth reading for budget tables: a year, and at least this many lines with two amounts
# or more ("1.234", "-80.332.545,87", "12,5"): a table's rows, one amount per year column. The
# table reader costs about 25 ms a page, the text 1 ms: prose pages are not given to it.
_TABLE_YEAR = re.compile(r"(?<![\d.,])(?:19[5-9]\d|20\d\d)(?![\d.,])")
_TABLE_NUMBER = re.compile(
    r"(?<![\w.,])[-−–]?(?:\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+,\d{1,2})(?![\d.,])"
)
TABLE_PAGE_ROWS = 3


def table_pages(texts: Sequence[str]) -> list[int]:
    """0-based numbers of the pages that may hold a budget table."""

    def rows(text: str) -> int:
        return sum(len(_TABLE_NUMBER.findall(line)) >= 2 for line in text.splitlines())

    return [
        i
        for i, text in enumerate(texts)
        if _TABLE_YEAR.search(text) and rows(text) >= TABLE_PAGE_ROWS
    ]


def _read_tables(pdf: pypdfium2.PdfDocument, texts: Sequence[str]) -> tuple[TableAmount, ...]:
    """The amounts of the budget tables on the pages from the first to the last that may hold
    one (a table continued over a page is read as one)."""
    from ratsinfo.extract.tables import extract_pdf_tables

    pages = table_pages(texts)
    if not pages:
        return ()
    return tuple(extract_pdf_tables(pdf, pages[-1] - pages[0] + 1, first_page=pages[0]))


def _read_page(pdf: pypdfium2.PdfDocument, index: int, pages: int) -> tuple[str, int]:
    """(tidied text, image objects) of one page."""
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        raise DocumentError("broken", f"page {index + 1} of {pages} does not load") from None
    try:
        textpage = page.get_textpage()
        try:
            images, artifacts = _page_objects(page)
            raw = _text_without(textpage, artifacts) if artifacts else textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    return tidy_page_text(raw), images


def _address(pointer: Any) -> int:
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


def _page_objects(page: pypdfium2.PdfPage) -> tuple[int, set[int]]:
    """(image objects, addresses of text objects marked as /Artifact) on a page, Form XObjects
    included (to FORM_DEPTH); an artefact form makes everything in it an artefact."""
    import pypdfium2.raw as c

    images = 0
    artifacts: set[int] = set()

    def walk(objects: Iterator[Any], depth: int, in_artifact: bool) -> None:
        nonlocal images
        for obj in objects:
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_IMAGE:
                images += 1
                continue
            if kind not in (c.FPDF_PAGEOBJ_TEXT, c.FPDF_PAGEOBJ_FORM):
                continue
            artifact = in_artifact or _is_artifact(obj)
            if kind == c.FPDF_PAGEOBJ_TEXT:
                if artifact:
                    artifacts.add(_address(obj))
            elif depth < FORM_DEPTH:
                n = c.FPDFFormObj_CountObjects(obj)
                walk((c.FPDFFormObj_GetObject(obj, i) for i in range(max(n, 0))), depth + 1,
                     artifact)  # fmt: skip

    n = c.FPDFPage_CountObjects(page.raw)
    walk((c.FPDFPage_GetObject(page.raw, i) for i in range(max(n, 0))), 0, False)
    return images, artifacts


_NAME_BUFFER = 64  # UTF-16 units: "Artifact" needs 9 with its terminator


def _is_artifact(obj: Any) -> bool:
    import pypdfium2.raw as c

    for k in range(c.FPDFPageObj_CountMarks(obj)):
        mark = c.FPDFPageObj_GetMark(obj, k)
        if not mark:
            continue
        buffer = (ctypes.c_ushort * _NAME_BUFFER)()
        length = ctypes.c_ulong()
        if not c.FPDFPageObjMark_GetName(mark, buffer, ctypes.sizeof(buffer), ctypes.byref(length)):
            continue
        size = min(length.value, ctypes.sizeof(buffer))
        if bytes(buffer)[:size].decode("utf-16-le", "replace").rstrip("\x00") == "Artifact":
            return True
    return False


def _text_without(textpage: pypdfium2.PdfTextPage, artifacts: set[int]) -> str:
    """The page text without the characters of the artefact objects; a character pdfium made
    up (the space or line break between objects) goes with the character before it."""
    raw = textpage.raw
    whole = str(textpage.get_text_range())
    chars = _characters(textpage, whole)
    object_of = _text_object_function()
    kept: list[str] = []
    dropped = 0
    drop = False
    for i, char in enumerate(chars):
        obj = object_of(raw, i)
        if obj:
            drop = obj in artifacts
        if drop:
            dropped += not char.isspace()
        else:
            kept.append(char)
    text = "".join(kept)
    if dropped > count_chars(text):  # artefacts would be most of the page: do not believe it
        return whole
    return text


def _characters(textpage: pypdfium2.PdfTextPage, whole: str) -> Sequence[str]:
    """The page's characters by pdfium's char index: the text itself where it has one character
    per index (nearly always), else one FPDFText_GetUnicode call per character."""
    import pypdfium2.raw as c

    count = max(c.FPDFText_CountChars(textpage.raw), 0)
    if len(whole) == count:
        return whole
    chars = []
    for i in range(count):
        code = c.FPDFText_GetUnicode(textpage.raw, i)
        if code == 2:  # pdfium's own mark of a line-end hyphen, "\ufffe" in FPDFText_GetText
            chars.append("\ufffe")
        elif 0 < code < 0x110000 and not 0xD800 <= code < 0xE000:
            chars.append(chr(code))
        else:
            chars.append("")
    return chars


@functools.cache
def _text_object_function() -> Callable[[Any, int], int | None]:
    """FPDFText_GetTextObject returning the object's address as an int: four times faster per
    character than casting the pointer pypdfium2's binding returns."""
    import pypdfium2.raw as c

    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    return ctypes.cast(c.FPDFText_GetTextObject, prototype)  # type: ignore[return-value]


# --- tidying -----------------------------------------------------------------------------------

_LETTERS = r"[^\W\d_]"
_HYPHENATION = re.compile(
    rf"(?P<before>{_LETTERS}*)\ufffe[ \t]*(?:\r\n|\r|\n)?[ \t]*(?=(?P<after>{_LETTERS}*))"
)
_CONJUNCTION_WORDS = "und oder bzw sowie bis noch als wie statt anstatt beziehungsweise sondern"
_CONJUNCTIONS = frozenset(_CONJUNCTION_WORDS.split())
# Symbol/Wingdings bullets as pdfium reports them (the font's code in the private use area)
_PUA_BULLETS = "\uf0b7\uf0a7\uf09f\uf06c\uf06e\uf0d8\uf076\uf0a8\uf0fc\uf0e0\uf0a1\uf075"
_CONTROLS = "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x20)]))
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(_PUA_BULLETS + _CONTROLS, "•"),
        "\x00": None,
        "\x7f": None,
        "\u00ad": None,  # a soft hyphen inside a line: invisible
        "\x0b": "\n",
        "\x0c": "\n",  # "\f" separates pages, so none inside one
        "\u2028": "\n",
        "\u2029": "\n",
    }
)
_LINE_END_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _mend(m: re.Match[str]) -> str:
    before, after = m.group("before"), m.group("after")
    if not before or not after:
        return before + "-"  # "2020-2025", a hyphen before a number or a quote
    if after.lower() in _CONJUNCTIONS and after.islower():
        return before + "- "  # "Rad- und Fußwege"
    if after[0].isupper() or (len(before) > 1 and before.isupper()):
        return before + "-"  # "Große-Verspohl", "EU-weit"
    return before  # "bau" + "durchführende"


# A plain hyphen at a line end that pdfium did not mark as a hyphenation: after a digit
# ("CO2-" / "Emissionen": pdfium marks none there), or where the next line starts with a space
# glyph ("Perso-" / " nalbeschaffung"). Read like a marked one, but after a digit the hyphen
# stays ("CO2-Emissionen", "10-jährig").
_PLAIN_HYPHEN = re.compile(
    rf"(?P<before>(?<!\w){_LETTERS}{{2,}}|(?<!\w)\w*\d)-[ \t]*(?:\r\n|\r|\n)[ \t]*"
    rf"(?=(?P<after>{_LETTERS}+))"
)


def _mend_plain(m: re.Match[str]) -> str:
    if m.group("before")[-1].isdigit():
        return m.group("before") + "-"
    return _mend(m)


def tidy_page_text(raw: str) -> str:
    """One page's text as pdfium gave it, tidied (see the module docstring)."""
    text = _HYPHENATION.sub(_mend, raw) if "\ufffe" in raw else raw
    text = _PLAIN_HYPHEN.sub(_mend_plain, text) if "-" in text else text
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    text = _LINE_END_SPACE.sub("", text)
    return text.strip("\n")


# --- language ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_GERMAN_WORDS = """der die das und ist nicht mit von den dem des zu zur zum für auf im ein eine
    einer eines einem einen wird werden wurde wurden sich auch als bei oder sind hat haben kann
    können dass daß noch nur sowie über aus durch nach wie ob diese dieser dieses sie wir ihre"""
_ENGLISH_WORDS = """the and of to is that for with are this was be by from have has not which or
    it on were been their they will would there these"""
_GERMAN = frozenset(_GERMAN_WORDS.split())
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_LANGUAGE_SAMPLE = 200_000  # characters: enough to tell, cheap on a 500-page document


def language_hint(text: str) -> str | None:
    """ "de" when German function words dominate the text, else None (a hint, no detector)."""
    words = _WORD.findall(text[:_LANGUAGE_SAMPLE].lower())
    if not words:
        return None
    german = sum(w in _GERMAN for w in words)
    english = sum(w in _ENGLISH for w in words)
    if german >= 3 and german >= 0.05 * len(words) and german > 2 * english:
        return "de"
    return None
