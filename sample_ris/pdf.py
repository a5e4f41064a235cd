"""A small PDF 1.4 writer for the documents of the sample RIS (no dependency).

    doc = Document(title="Beschlussvorlage 26-29361")
    doc.heading("Beschlussvorlage 26-29361")
    doc.paragraph("Die Verwaltung wird beauftragt, …")   # wrapped; pages break by themselves
    doc.table(("", "Ansatz 2026", "Plan 2027"), [("Sachaufwand", "−80.332,50", "1.200,00")])
    doc.scan(scanned_letter(seed=1))                      # a page that is one image, no text
    data = doc.to_bytes()

Text is set in the standard Type1 font Helvetica (not embedded) with WinAnsiEncoding, so German
umlauts, ß, „“, –, € and … come out as themselves; the minus sign "−" (U+2212, which WinAnsi
lacks) is added to the encoding's /Differences as the glyph /minus at the unused code 129.
Other characters print as "?". Lines break at spaces, measured with Helvetica's glyph widths; a
word longer than the line stays whole (it runs into the margin). Text streams are not
compressed and images are RunLength-encoded (no zlib, whose output differs between builds), so
the same input gives the same bytes everywhere: no dates, and the trailer's /ID is the MD5 of
the document's own objects.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

A4 = (595.0, 842.0)  # points
MARGINS = (70.0, 60.0, 70.0, 60.0)  # left, right, top, bottom
MINUS_CODE = 129  # WinAnsi leaves 129 undefined: the /Differences put /minus there

# Helvetica's glyph widths (1/1000 em, from Adobe's font metrics) for the codes 32-255 of
# WinAnsiEncoding, with /minus at 129.
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # 32-47
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 48-63
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # 64-79
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # 80-95
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # 96-111
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350,  # 112-127
    556, 584, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,  # 128-143
    350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667,  # 144-159
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,  # 160-175
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,  # 176-191
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  # 192-207
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  # 208-223
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,  # 224-239
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,  # 240-255
)  # fmt: skip


_CONTROL = {c: " " if chr(c) in "\t\r\n" else "?" for c in range(32)}


def encode(text: str) -> bytes:
    """`text` in the font's encoding: WinAnsi (cp1252), "−" as code 129, anything else "?";
    line breaks and tabs become spaces."""
    if not text.isprintable():  # rare: control characters (or other non-printables)
        text = text.translate(_CONTROL)
    parts = text.split("\u2212")
    return bytes([MINUS_CODE]).join(p.encode("cp1252", errors="replace") for p in parts)


def _char_widths() -> dict[str, int]:
    widths = {}
    for code in range(32, 256):
        try:
            widths[bytes([code]).decode("cp1252")] = _WIDTHS[code - 32]
        except UnicodeDecodeError:
            continue
    widths["\u2212"] = _WIDTHS[MINUS_CODE - 32]
    return widths


_CHAR_WIDTHS = _char_widths()
_UNKNOWN_WIDTH = _CHAR_WIDTHS["?"]


@functools.lru_cache(maxsize=1 << 16)
def _em(text: str) -> int:
    """The width of `text` in thousandths of an em (cached: words repeat)."""
    widths = _CHAR_WIDTHS
    return sum(widths.get(c, _UNKNOWN_WIDTH) for c in text)


def text_width(text: str, size: float) -> float:
    """The width of `text` in points, set in Helvetica at `size` points."""
    return _em(text) * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` (a longer word stays whole);
    runs of white space count as one space. A word ending in a hyphen after a letter
    ("Finanz- und …") never ends a line: text extraction (pdfium) takes such a hyphen at the end
    of a line for a soft hyphen and joins the lines without it."""
    units: list[str] = []
    for word in text.split():
        last = units[-1] if units else ""
        if last.endswith("-") and len(last) > 1 and last[-2].isalpha():  # "Finanz- und …"
            units[-1] += " " + word
        else:
            units.append(word)
    limit = width * 1000 / size  # in thousandths of an em
    space = _em(" ")
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for unit in units:
        w = _em(unit)
        if line and used + space + w > limit:
            lines.append(" ".join(line))
            line, used = [unit], w
        else:
            used += (space if line else 0) + w
            line.append(unit)
    if line:
        lines.append(" ".join(line))
    return lines


def _literal(data: bytes) -> bytes:
    """A PDF literal string: backslash and parentheses escaped, everything else as it is."""
    escaped = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


@functools.lru_cache(maxsize=1 << 14)
def _num(v: float) -> bytes:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")


def _op(*parts: bytes | float | int) -> bytes:
    """One line of content: numbers formatted, parts joined by spaces."""
    return b" ".join(p if isinstance(p, bytes) else _num(p) for p in parts) + b"\n"


def _ref(n: int) -> bytes:
    return b"%d 0 R" % n


@dataclass(frozen=True, slots=True)
class GreyImage:
    """An 8-bit grey-scale image: `pixels` holds width × height bytes, rows top to bottom,
    0 black, 255 white."""

    width: int
    height: int
    pixels: bytes

    def __post_init__(self) -> None:
        if len(self.pixels) != self.width * self.height:
            raise ValueError("pixels must hold width × height bytes")


def run_length(data: bytes) -> bytes:
    """`data` encoded for PDF's /RunLengthDecode filter (runs of 3 to 128 equal bytes as one
    pair, the rest as literal chunks of at most 128 bytes), ending with the EOD byte 128."""
    out = bytearray()

    def literal(chunk: bytes) -> None:
        for i in range(0, len(chunk), 128):
            part = chunk[i : i + 128]
            out.append(len(part) - 1)
            out.extend(part)

    pos = 0
    for m in re.finditer(rb"(.)\1{2,127}", data, re.DOTALL):
        literal(data[pos : m.start()])
        out.append(257 - (m.end() - m.start()))
        out.append(data[m.start()])
        pos = m.end()
    literal(data[pos:])
    out.append(128)
    return bytes(out)


@dataclass
class _Page:
    ops: list[bytes] = field(default_factory=list)
    image: GreyImage | None = None


class Document:
    """A PDF built page by page: `heading`, `paragraph`, `lines` and `table` flow down the page
    and start a new one when it is full; `page_break` and `scan` start one explicitly."""

    def __init__(
        self,
        title: str | None = None,
        author: str | None = None,
        page_size: tuple[float, float] = A4,
        margins: tuple[float, float, float, float] = MARGINS,
    ) -> None:
        self.title = title
        self.author = author
        self.page_width, self.page_height = page_size
        self.left, self.right, self.top, self.bottom = margins
        self._pages: list[_Page] = []
        self._y = 0.0  # baseline of the last line set on the current text page

    @property
    def width(self) -> float:
        """The width of the text column."""
        return self.page_width - self.left - self.right

    @property
    def page_count(self) -> int:
        return len(self._pages)

    # -- flow -------------------------------------------------------------------------------

    def page_break(self) -> None:
        """Start a new text page."""
        self._pages.append(_Page())
        self._y = self.page_height - self.top

    def _at_top(self) -> bool:
        return self._y >= self.page_height - self.top

    def _need(self, height: float) -> None:
        """Make room for `height` points below the current line: a new page when there is no
        text page yet or this one is full (a page that is still empty takes it anyway)."""
        no_page = not self._pages or self._pages[-1].image is not None
        if no_page or (self._y - height < self.bottom and not self._at_top()):
            self.page_break()

    def _text(self, x: float, y: float, text: str, size: float) -> None:
        self._pages[-1].ops.append(
            b"BT /F1 %s Tf %s %s Td %s Tj ET\n"
            % (_num(size), _num(x), _num(y), _literal(encode(text)))
        )

    def _rule(self, x1: float, x2: float, y: float, width: float = 0.5) -> None:
        self._pages[-1].ops.append(_op(width, b"w", x1, y, b"m", x2, y, b"l S"))

    def space(self, points: float) -> None:
        """Leave `points` of vertical space (nothing at the top of a page)."""
        if self._pages and self._pages[-1].image is None and not self._at_top():
            self._y -= points

    def lines(self, lines: Sequence[str], size: float = 11.0, leading: float | None = None) -> None:
        """Set `lines` as they are (no wrapping), one below the other."""
        lead = leading or size * 1.3
        for line in lines:
            self._need(lead)
            self._y -= lead
            self._text(self.left, self._y, line, size)

    def paragraph(
        self, text: str, size: float = 11.0, space_after: float = 5.0, indent: float = 0.0
    ) -> None:
        """`text` wrapped to the column (less `indent`), followed by `space_after` points."""
        lead = size * 1.3
        for line in wrap(text, self.width - indent, size):
            self._need(lead)
            self._y -= lead
            self._text(self.left + indent, self._y, line, size)
        self.space(space_after)

    def heading(self, text: str, size: float = 14.0, rule: bool = False) -> None:
        """A heading: larger type, some space before and after, optionally a rule below; it
        never stands alone at the foot of a page."""
        lead = size * 1.25
        lines = wrap(text, self.width, size)
        self._need(lead * min(len(lines), 2) + 3 * size)
        self.space(size * 0.6)
        for line in lines:
            self._need(lead)
            self._y -= lead
            self._text(self.left, self._y, line, size)
        if rule:
            self._rule(self.left, self.left + self.width, self._y - size * 0.35)
            self._y -= size * 0.35
        self._y -= size * 0.5

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] | None = None,
        size: float = 10.0,
    ) -> None:
        """A table: the first column left-aligned, the others right-aligned (amounts), a shaded
        header row (repeated on every page the table runs onto) and rules between the rows.
        Cells wrap within their column; they are set row by row, left to right, so text
        extraction reads them in that order. `widths` defaults to amount columns just wide
        enough for their cells and the first column taking the rest."""
        n = len(header)
        pad = 4.0
        lead = size * 1.25
        if widths is None:
            amounts = [text_width(c, size) for r in (header, *rows) for c in r[1:]]
            rest = max(max(amounts, default=0.0) + 2 * pad, 70.0)
            widths = [max(self.width - rest * (n - 1), 80.0)] + [rest] * (n - 1)
        total = sum(widths)

        def cells(row: Sequence[str]) -> list[list[str]]:
            return [
                wrap(row[i] if i < len(row) else "", widths[i] - 2 * pad, size) for i in range(n)
            ]

        def height(wrapped: list[list[str]]) -> float:
            return max(1, *(len(c) for c in wrapped)) * lead + 2 * pad

        def draw(wrapped: list[list[str]], shaded: bool) -> None:
            top, h = self._y, height(wrapped)
            if shaded:
                self._pages[-1].ops.append(_op(b"q 0.9 g", self.left, top - h, total, h, b"re f Q"))
            x = self.left
            for i, lines in enumerate(wrapped):
                for k, line in enumerate(lines):
                    y = top - pad - (k + 1) * lead + size * 0.25
                    right = x + widths[i] - pad - text_width(line, size)
                    self._text(x + pad if i == 0 else right, y, line, size)
                x += widths[i]
            self._y = top - h
            self._rule(self.left, self.left + total, self._y, 1.0 if shaded else 0.4)

        head = cells(header)
        self._need(2 * height(head) + size)
        self.space(size * 0.5)
        draw(head, True)
        for row in rows:
            wrapped = cells(row)
            pages = len(self._pages)
            self._need(height(wrapped))
            if len(self._pages) != pages:  # the table runs onto a new page
                draw(head, True)
            draw(wrapped, False)
        self.space(size)

    def scan(self, image: GreyImage) -> None:
        """A page that is `image` alone, filling the page: a scan without a text layer."""
        self._pages.append(_Page(image=image))
        self._pages[-1].ops.append(
            _op(b"q", self.page_width, 0, 0, self.page_height, 0, 0, b"cm /Im1 Do Q")
        )

    # -- output -----------------------------------------------------------------------------

    def to_bytes(self, pad_to: int | None = None) -> bytes:
        """The document as PDF 1.4 bytes (always at least one page). `pad_to`: make the file
        exactly that many bytes long with an unreferenced stream of spaces before the
        cross-reference table (when the document is shorter than that)."""
        pages = self._pages or [_Page()]
        objects: list[bytes] = [b"", b""]  # 1: the catalog, 2: the page tree (filled in below)

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        def stream(meta: bytes, data: bytes) -> bytes:
            return b"<< %s/Length %d >>\nstream\n%s\nendstream" % (meta, len(data), data)

        font = add(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
            b"/BaseEncoding /WinAnsiEncoding /Differences [%d /minus] >> >>" % MINUS_CODE
        )
        kids: list[int] = []
        box = _op(b"[0 0", self.page_width, self.page_height, b"]").strip()
        for page in pages:
            content = add(stream(b"", b"".join(page.ops)))
            if page.image is not None:
                img = page.image
                meta = b"/Type /XObject /Subtype /Image /Width %d /Height %d " % (
                    img.width,
                    img.height,
                )
                meta += b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /RunLengthDecode "
                image = add(stream(meta, run_length(img.pixels)))
                resources = b"<< /XObject << /Im1 %s >> /ProcSet [/PDF /ImageB] >>" % _ref(image)
            else:
                resources = b"<< /Font << /F1 %s >> /ProcSet [/PDF /Text] >>" % _ref(font)
            kids.append(
                add(
                    b"<< /Type /Page /Parent %s /MediaBox %s /Resources %s /Contents %s >>"
                    % (_ref(2), box, resources, _ref(content))
                )
            )
        objects[0] = b"<< /Type /Catalog /Pages %s >>" % _ref(2)
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(_ref(k) for k in kids),
            len(kids),
        )
        info = [b"/Producer " + _literal(encode("ratsinfo sample_ris"))]
        if self.title:
            info.insert(0, b"/Title " + _literal(encode(self.title)))
        if self.author:
            info.insert(1, b"/Author " + _literal(encode(self.author)))
        info_ref = add(b"<< " + b" ".join(info) + b" >>")
        body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, obj in enumerate(objects, 1):
            offsets.append(len(body))
            body += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
        digest = hashlib.md5(bytes(body), usedforsecurity=False).hexdigest().encode()

        def finish(padding: int | None) -> bytes:
            out, offs = bytearray(body), list(offsets)
            if padding is not None:
                offs.append(len(out))
                out += b"%d 0 obj\n%s\nendobj\n" % (len(offs), stream(b"", b" " * padding))
            xref = len(out)
            out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offs) + 1)
            out += b"".join(b"%010d 00000 n \n" % o for o in offs)
            out += b"trailer\n<< /Size %d /Root %s /Info %s /ID [<%s> <%s>] >>\n" % (
                len(offs) + 1,
                _ref(1),
                _ref(info_ref),
                digest,
                digest,
            )
            out += b"startxref\n%d\n%%%%EOF\n" % xref
            return bytes(out)

        data = finish(None)
        if pad_to is None or pad_to <= len(data):
            return data
        padding = max(0, pad_to - len(data) - 80)
        for _ in range(5):  # the object's header and the xref grow with the digits of the size
            padded = finish(padding)
            if len(padded) == pad_to:
                return padded
            padding = max(0, padding + pad_to - len(padded))
        return padded


def scanned_letter(seed: int, width: int = 827, height: int = 1169) -> GreyImage:
    """A grey-scale "scan" of a typed letter (about 100 dpi on A4): a greyish sheet with a
    shadow at the left edge, a letterhead, blocks of dark "words" in lines, a signature stroke.
    Drawn, not typed: there is no text in it to find."""
    rng = random.Random(seed)
    paper = 236
    shadow = bytes(min(paper, 150 + 8 * i) for i in range(12))
    blank = shadow + bytes([paper]) * (width - len(shadow))
    rows: list[bytes] = []

    def band(row: bytes, n: int) -> None:
        rows.extend([row] * n)

    def words_row(left: int, right: int, ink: int) -> bytes:
        row = bytearray(blank)
        x = left
        while x < right:
            w = rng.randint(14, 70)
            if x + w > right:
                break
            row[x : x + w] = bytes([ink]) * w
            x += w + rng.randint(7, 12)
        return bytes(row)

    band(blank, 70)
    band(words_row(90, 380, 40), 16)  # letterhead
    band(blank, 6)
    band(words_row(90, 300, 90), 8)
    band(blank, 60)
    for _ in range(4):  # address block
        band(words_row(90, rng.randint(220, 330), 55), 9)
        band(blank, 8)
    band(blank, 50)
    while len(rows) < height - 260:
        right = width - 90 if rng.random() < 0.85 else rng.randint(300, width - 120)
        band(words_row(90, right, 50 + rng.randint(0, 25)), 10)
        band(blank, 9 + (14 if rng.random() < 0.15 else 0))
    band(blank, 40)
    for i in range(22):  # signature stroke
        row = bytearray(blank)
        x = 110 + 6 * i + rng.randint(-3, 3)
        row[x : x + 40] = bytes([30]) * 40
        rows.append(bytes(row))
    band(blank, height - len(rows))
    return GreyImage(width, height, b"".join(rows[:height]))
