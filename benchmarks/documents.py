"""Documents → text, side by side (issue 12): our extractor (pdfium in the pipeline's worker
processes, `ratsinfo.documents`) next to poppler's `pdftotext` on the same files.

`python -m benchmarks.documents [PDF ...]` (or `make bench`, which puts the table into
BENCHMARKS.md). Two sets of documents:

- **real**: the council PDFs of ../shared/corpus/realdocs (beside the checkout; skipped, naming
  the path, when it is not there), or the PDFs given on the command line. No reference text
  exists for them, so they are judged by what can be counted without one: pages that come out
  empty, hyphen fragments left at line ends ("Verwal- tung"), umlaut mojibake ("Ã¤", U+FFFD, a
  diaeresis apart from its letter), and how far each extractor agrees with ours (word-set
  Jaccard, and of the words both have, the share in the same order). The scanned PDF should
  come out as image-only from ours.
- **generated**: multi-page PDFs written here with the sample RIS's PDF writer
  (`sample_ris.pdf`) from text we keep as the reference: German prose with words hyphenated at
  line ends (never at a page's or column's last line), umlauts and ß, compounds broken at their
  own hyphen ("Rheinland-" / "Pfalz"), "Sach- und" at a line end, two-column pages (in the
  content stream column by column, and line by line across both columns: a producer that
  writes by height) and tables of amounts. Judged per page: word F1 against the reference (a
  word split "Verwal-" / "tung" counts only when it comes out "Verwaltung"), the share of the
  shared words that come in reference order (longest common subsequence), and the share of the
  split words that come out whole.

Speed: pages per second on one core, the median of `rounds`, one document at a time: pdfium in
one worker process (the pipeline's way; the worker's start is not timed: a worker reads 200
documents before it is replaced) and in this process for reference; `pdftotext` one process per
document (its start is part of its cost, as it would be in the pipeline), in its three modes:
plain (reading order: columns found, lines re-flowed, hyphens at line ends removed), `-layout`
(the physical layout: columns side by side, line ends and hyphens as printed) and `-raw`
(content-stream order, like pdfium). pypdf and pdfminer.six are measured too when installed.
Which pdftotext mode is the fair analogue: plain, for running text (both it and ours join
hyphenated words and give text for search and extraction); `-raw` for the order in which the
text comes (pdfium's is the content stream's too).

Nothing of the corpus is copied: the result holds file names and numbers, never text.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import importlib.util
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sample_ris.pdf import Document, text_width
from sample_ris.render_pdf import euro

if TYPE_CHECKING:
    from ratsinfo.documents import Limits

REPO = Path(__file__).resolve().parent.parent
REALDOCS = REPO.parent / "shared" / "corpus" / "realdocs"
PDFTOTEXT_MISSING = "pdftotext: not installed (apt-get install poppler-utils)"
GENERATED = 60  # generated documents (about 4 pages each)
OURS = "pdfium, 1 worker (ours)"  # text only, as pdftotext
WITH_TABLES = "pdfium, 1 worker, text + budget tables (the pipeline's default)"

# -- metrics ----------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CONJUNCTIONS = frozenset(
    {"und", "oder", "bzw", "sowie", "bis", "noch", "als", "wie", "statt", "anstatt", "sondern",
     "beziehungsweise"}
)  # fmt: skip
# a hyphen right after a word, then white space (a line break, or spaces), then a lower-case
# word that is no conjunction ("Rad- und Fußwege" is German, "Verwal- tung" a fragment)
_FRAGMENT = re.compile(r"[^\W\d_]{2}-(?:[ \t]*\n[ \t]*|[ \t]+)([a-zäöüß]{2,})")
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")  # "€‚ƒ„…†‡ˆ‰Š‹Œ…"
_MOJIBAKE = re.compile(
    f"Ã[\u0080-\u00bf{_CP1252_HIGH}]"  # UTF-8 read as Latin-1/cp1252: "Ã¤" for "ä", "ÃŸ" for "ß"
    "|â€"  # "â€“", "â€ž": dashes and quotes the same way
    "|\ufffd"  # the replacement character: bytes that decoded to nothing
    "|[\u0300-\u036f]"  # a combining accent: "a" + U+0308 instead of "ä"
    r"|¨(?=[^\W\d_])|(?<=[^\W\d_])¨"  # a spacing diaeresis next to a letter
)


def words(text: str) -> list[str]:
    """The words of `text` in order: letters and digits, with hyphens inside a word kept
    ("Rheinland-Pfalz", "CO2-Emissionen"); NFC-normalised. A word hyphenated at a line end and
    left so ("Verwal-\\ntung") gives two words, both wrong; joined but with its hyphen
    ("Verwal-tung"), one wrong word."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def word_counts(reference: Sequence[str], output: Sequence[str]) -> tuple[int, int, int]:
    """(words of the output found in the reference, words of the output, words of the
    reference), as multisets: the parts of precision and recall."""
    common = Counter(reference) & Counter(output)
    return sum(common.values()), len(output), len(reference)


def f1(found: int, output: int, reference: int) -> float:
    """F1 of precision found/output and recall found/reference (1.0 when both are empty)."""
    if not output and not reference:
        return 1.0
    return 2 * found / (output + reference) if output + reference else 0.0


def word_f1(reference: Sequence[str], output: Sequence[str]) -> float:
    """Word-level F1 of `output` against `reference` (multisets of words)."""
    return f1(*word_counts(reference, output))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two word sequences (Hunt–Szymanski: a
    longest increasing subsequence over the matching positions, fast when words repeat
    little)."""
    positions: dict[str, list[int]] = defaultdict(list)
    for j, w in enumerate(b):
        positions[w].append(j)
    tails: list[int] = []
    for w in a:
        for j in reversed(positions.get(w, ())):
            k = bisect.bisect_left(tails, j)
            if k == len(tails):
                tails.append(j)
            else:
                tails[k] = j
    return len(tails)


def order_counts(reference: Sequence[str], output: Sequence[str]) -> tuple[int, int]:
    """(words in order, words shared): the longest common subsequence and the multiset
    intersection. Their ratio is the reading-order score: of the words both have, the share
    that comes in the reference's order (missing or extra words do not lower it)."""
    common = sum((Counter(reference) & Counter(output)).values())
    return (lcs_length(reference, output) if common else 0), common


def in_order(reference: Sequence[str], output: Sequence[str]) -> float | None:
    """The share of the shared words that come in reference order (None: nothing shared)."""
    ordered, common = order_counts(reference, output)
    return ordered / common if common else None


def joined_splits(reference: Sequence[str], splits: Sequence[str], output: Sequence[str]) -> int:
    """How many of the words that were split at a line end (`splits`, each also once in
    `reference`) come out whole in `output`. A split word that also occurs unsplit is taken
    to come out whole there first."""
    ref, out, split = Counter(reference), Counter(output), Counter(splits)
    return sum(max(0, min(out[w] - (ref[w] - n), n)) for w, n in split.items())


def hyphen_fragments(text: str) -> int:
    """Words left broken at a hyphen: a word, "-", white space (a line break or a space), then
    a lower-case word that is no conjunction ("Verwal-\\ntung", "Verwal- tung"; not "Rad- und
    Fußwege"). A heuristic: `-layout` text may show the next column's word there."""
    return sum(1 for m in _FRAGMENT.finditer(text) if m.group(1) not in _CONJUNCTIONS)


def mojibake(text: str) -> int:
    """Characters that show text decoded wrongly: "Ã¤"-style UTF-8-as-Latin-1, U+FFFD,
    combining accents and diaereses apart from their letter."""
    return len(_MOJIBAKE.findall(text))


def jaccard(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Jaccard similarity of the word sets (None when both are empty)."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else None


def is_empty(page: str) -> bool:
    return not page.strip()


# -- generated documents with a reference -----------------------------------------------------

PROSE, COLUMNS, INTERLEAVED, TABLE = "prose", "two columns", "two columns, by height", "table"
KINDS = (PROSE, COLUMNS, INTERLEAVED, TABLE)


@dataclass
class Line:
    text: str  # as set
    words: list[str]  # the source words that start on this line, unsplit
    split: str | None = None  # the word split at this line's end (as `words` tokenises it)


@dataclass
class RefPage:
    kind: str
    words: list[str] = field(default_factory=list)  # the reference, in reading order
    splits: list[str] = field(default_factory=list)  # words split at a line end on the page


@dataclass
class Generated:
    name: str
    data: bytes
    pages: list[RefPage]


_EXTRA = (  # sentences that exercise the line-end rules (split at their hyphens, joined or not)
    "Die Finanzierung erfolgt aus Mitteln des Landes Rheinland-Pfalz und des Bundes.",
    "Die Aufwendungen für Sach- und Dienstleistungen steigen gegenüber dem Vorjahr leicht an.",
    "Anregungen können per E-Mail an den Fachbereich Stadtplanung gerichtet werden.",
    "Die Ausschreibung erfolgt EU-weit im offenen Verfahren nach der Vergabeverordnung.",
    "Die Rad- und Fußwege entlang der Hauptverkehrsstraße werden durchgängig verbreitert.",
    "Der Bezirksbürgermeister der Nordstadt-Süd hat die Anwohnerinnen und Anwohner informiert.",
    "Die CO2-Emissionen der städtischen Liegenschaften sollen bis 2030 halbiert werden.",
    "Die Straßenausbaubeitragssatzung bleibt von der Neuregelung unberührt.",
    "Für die Grundstückseigentümerinnen und Grundstückseigentümer ändert sich nichts.",
)
_TABLE_LINES = (
    "Zuwendungen und allgemeine Umlagen (Land Niedersachsen)",
    "Öffentlich-rechtliche Leistungsentgelte",
    "Kostenerstattungen und Kostenumlagen",
    "Personalaufwendungen",
    "Versorgungsaufwendungen",
    "Aufwendungen für Sach- und Dienstleistungen",
    "Bilanzielle Abschreibungen",
    "Transferaufwendungen (Zuschüsse an Träger)",
    "Sonstige ordentliche Aufwendungen",
    "Auszahlungen für Baumaßnahmen",
    "Auszahlungen für den Erwerb von beweglichem Anlagevermögen",
    "Einzahlungen aus Investitionszuwendungen",
)


def _paragraphs(seed: int) -> Iterator[tuple[str, bool]]:
    """(text, is heading) without end: the sections of generated sample papers (German prose
    with umlauts, ß, amounts, long compounds), with the sentences of `_EXTRA` mixed in."""
    from sample_ris import generate

    rng = random.Random(seed)
    batch = 0
    while True:
        ris = generate(200, seed=seed * 1000 + batch)
        batch += 1
        for paper in ris.papers:
            for section in paper.document_sections:
                yield section.title, True
                for para in section.text.split("\n"):
                    if para.strip():
                        extra = rng.sample(_EXTRA, rng.randint(0, 2))
                        yield " ".join([para, *extra]), False


def _split_point(word: str, room: float, size: float) -> int | None:
    """Where to hyphenate `word` so that its first part and a hyphen fit in `room` points: the
    largest such position with at least 3 letters before and after, inside the letters (or
    right after a hyphen of the word itself), else None."""
    if len(word) < 8:
        return None
    best = None
    for i in range(3, len(word) - 2):
        before, after = word[i - 1], word[i]
        inside = before.isalpha() and after.isalpha() and after.islower()
        at_hyphen = before == "-" and after.isalpha() and i >= 3
        if not (inside or at_hyphen):
            continue
        head = word[:i] if at_hyphen else word[:i] + "-"
        if text_width(head, size) <= room:
            best = i
    return best


def hyphenate(text: str, width: float, size: float) -> list[Line]:
    """`text` broken into lines no wider than `width` (points, Helvetica at `size`), long words
    hyphenated at the line end where they do not fit whole (a word that fits nowhere stays
    whole). A word ending in a hyphen ("Sach-" of "Sach- und") may end a line."""
    lines: list[Line] = []
    line: list[str] = []
    owned: list[str] = []
    used = 0.0
    space = text_width(" ", size)
    for word in text.split():
        w = text_width(word, size)
        if not line or used + space + w <= width:
            used += (space if line else 0.0) + w
            line.append(word)
            owned.append(word)
            continue
        cut = _split_point(word, width - used - space, size)
        if cut is not None:
            head = word[:cut] if word[cut - 1] == "-" else word[:cut] + "-"
            line.append(head)
            owned.append(word)
            [token] = [t for t in words(word) if word.find(t) < cut < word.find(t) + len(t)]
            lines.append(Line(" ".join(line), owned, token))
            rest = word[cut:]  # starts the next line; the word belongs to this one
            line, owned, used = [rest], [], text_width(rest, size)
            continue
        lines.append(Line(" ".join(line), owned))
        line, owned, used = [word], [word], w
    if line:
        lines.append(Line(" ".join(line), owned))
    return lines


class _Layout(Document):
    """The sample RIS's PDF writer, with text set where we say (no flow)."""

    def put(self, x: float, y: float, text: str, size: float) -> None:
        self._text(x, y, text, size)


_SIZE = 10.5
_Carry = tuple[str, bool] | None  # (text, is heading) left over from a block
_LEAD = _SIZE * 1.3
_PARA_GAP = 5.0


def _fill(
    stream: Iterator[tuple[str, bool]], width: float, height: float, carry: _Carry
) -> tuple[list[tuple[float, Line]], _Carry]:
    """One block (a page or a column) of `height` points and `width`: (y offsets from its top,
    lines), and the rest of the paragraph it ended in, for the next block (wrapped again to
    that one's width). No block ends on a split word: such a line goes to the next block."""
    placed: list[tuple[float, Line]] = []
    y = 0.0
    queue: list[Line] = []
    heading = False
    while True:
        if not queue:
            if carry is not None:
                (text, heading), carry = carry, None
            else:
                text, heading = next(stream)
                if placed:
                    y += _PARA_GAP
            queue = [Line(text, text.split())] if heading else hyphenate(text, width, _SIZE)
        if y + _LEAD > height:
            break
        y += _LEAD
        placed.append((y, queue.pop(0)))
    while placed and placed[-1][1].split:  # the block's last line: no split there
        queue.insert(0, placed.pop()[1])
    # the rest starts at a word (no split is left open): its words, to be wrapped again
    rest = " ".join(w for line in queue for w in line.words)
    return placed, ((rest, heading) if rest else None)


def _page_reference(kind: str, blocks: Sequence[Sequence[tuple[float, Line]]]) -> RefPage:
    page = RefPage(kind)
    for block in blocks:
        for _, line in block:
            page.words += [t for w in line.words for t in words(w)]
            if line.split:
                page.splits.append(line.split)
    return page


def generate_documents(n: int = GENERATED, seed: int = 12) -> list[Generated]:
    """`n` multi-page PDFs and their reference text, page by page (deterministic in `seed`):
    two to four pages of prose each, and on alternate documents a table of amounts; every
    second document has a two-column page, set column by column or (every fourth) line by
    line across both columns."""
    stream = _paragraphs(seed)
    rng = random.Random(seed)
    docs = []
    carry: _Carry = None
    for i in range(n):
        doc = _Layout(title=f"Generated document {i + 1}")
        top = doc.page_height - doc.top
        height = doc.page_height - doc.top - doc.bottom
        pages: list[RefPage] = []
        kinds = [PROSE] * (2 + i % 3)
        if i % 2 == 0:
            kinds.insert(1, TABLE)
        if i % 4 == 1:
            kinds.insert(-1, COLUMNS)
        elif i % 4 == 3:
            kinds.insert(-1, INTERLEAVED)
        for kind in kinds:
            doc.page_break()
            if kind == PROSE:
                placed, carry = _fill(stream, doc.width, height, carry)
                for y, line in placed:
                    doc.put(doc.left, top - y, line.text, _SIZE)
                pages.append(_page_reference(kind, [placed]))
            elif kind in (COLUMNS, INTERLEAVED):
                gap = 18.0
                col = (doc.width - gap) / 2
                left, carry = _fill(stream, col, height, carry)
                right, carry = _fill(stream, col, height, carry)
                if kind == COLUMNS:
                    sets = [(doc.left, y, ln) for y, ln in left]
                    sets += [(doc.left + col + gap, y, ln) for y, ln in right]
                else:  # by height: a line of the left column, then the right one's beside it
                    by_y: list[tuple[float, int, float, Line]] = [
                        (y, 0, doc.left, ln) for y, ln in left
                    ]
                    by_y += [(y, 1, doc.left + col + gap, ln) for y, ln in right]
                    sets = [(x, y, ln) for y, _, x, ln in sorted(by_y, key=lambda s: s[:2])]
                for x, y, line in sets:
                    doc.put(x, top - y, line.text, _SIZE)
                pages.append(_page_reference(kind, [left, right]))
            else:
                before = doc.page_count
                pages.append(_table(doc, rng, i))
                assert doc.page_count == before, "a generated table runs onto a second page"
        docs.append(Generated(f"generated-{i + 1:03d}.pdf", doc.to_bytes(), pages))
    return docs


def _table(doc: Document, rng: random.Random, i: int) -> RefPage:
    """A page with a heading and a table of amounts, its reference row by row."""
    year = 2024 + i % 4
    title = f"Anlage {1 + i % 3}: Übersicht der Haushaltsmittel {year} bis {year + 2}"
    header = ("Haushaltsposition", f"Ansatz {year}", f"Plan {year + 1}", f"Plan {year + 2}")
    rows = []
    for name in sorted(rng.sample(_TABLE_LINES, rng.randint(6, 11)), key=_TABLE_LINES.index):
        base = rng.randint(5_000_00, 90_000_000_00)
        sign = -1 if "Aufwendungen" in name or "Auszahlungen" in name else 1
        amounts = [sign * (base + rng.randint(-base // 10, base // 10)) // 50 * 50 for _ in "abc"]
        rows.append((name, *map(euro, amounts)))
    note = "Alle Beträge in Euro; negative Beträge sind Aufwendungen oder Auszahlungen."
    doc.heading(title, size=12)
    doc.table(header, rows)
    doc.paragraph(note, size=9)
    page = RefPage(TABLE, words(title) + words(" ".join(header)))
    for row in rows:
        page.words += words(" ".join(row))
    page.words += words(note)
    return page


# -- extractors -------------------------------------------------------------------------------

Pages = list[str] | None  # a document's text page by page; None: it could not be read


class Extractor:
    """One way to get text: `run(paths, datas)` gives each document's pages."""

    name = ""
    version = ""
    quality = True  # False: gives the same text as another row (no quality rows of its own)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, paths: Sequence[Path], datas: Sequence[bytes]) -> list[Pages]:
        raise NotImplementedError


def text_only_limits() -> Limits:
    """The default `Limits`, with the budget-table reading off where there is one (text is what
    pdftotext gives: the fair comparison)."""
    from ratsinfo.documents import Limits

    limits = Limits()
    if "read_tables" in {f.name for f in dataclasses.fields(Limits)}:
        limits = dataclasses.replace(limits, **{"read_tables": False})
    return limits


def reads_tables() -> bool:
    """Whether ours reads budget tables in the worker by default (`Limits.read_tables`)."""
    from ratsinfo.documents import Limits

    return bool(getattr(Limits(), "read_tables", False))


class PdfiumWorker(Extractor):
    """Ours, as the pipeline runs it: `DocumentWorkers(1)`, a warm worker (its start untimed),
    text only; `limits`: as given (the pipeline's default reads budget tables as well)."""

    def __init__(self, limits: Limits | None = None, name: str = OURS) -> None:
        from ratsinfo.documents.pdf import extractor_name

        self.name = name
        self.limits = limits or text_only_limits()
        self.quality = name == OURS
        self.version = extractor_name()  # imports pypdfium2 here; the worker has its own
        self.image_only: list[bool] = []

    def run(self, paths: Sequence[Path], datas: Sequence[bytes]) -> list[Pages]:
        from ratsinfo.documents import DocumentText, DocumentWorkers

        out: list[Pages] = []
        image_only = []
        with DocumentWorkers(1, self.limits) as pool:
            list(pool.extract_many([datas[0]]))  # ready and warm
            started, cpu = time.perf_counter(), _cpu_now()
            results = list(pool.extract_many(datas))
            # the reading only: the worker's CPU and ours (sending, waiting, decoding)
            self.seconds, self.cpu = time.perf_counter() - started, _cpu_now() - cpu
        for r in results:
            out.append(r.text.split("\f") if isinstance(r, DocumentText) else None)
            image_only.append(isinstance(r, DocumentText) and r.image_only)
        self.image_only = image_only
        return out


class PdfiumInProcess(Extractor):
    """pdfium in this process (`read_pdf`, no worker, text only): what the worker costs on
    top."""

    name = "pdfium, in-process"
    quality = False

    def __init__(self) -> None:
        from ratsinfo.documents.pdf import extractor_name

        self.version = extractor_name()
        self.limits = text_only_limits()

    def run(self, paths: Sequence[Path], datas: Sequence[bytes]) -> list[Pages]:
        from ratsinfo.documents import DocumentError
        from ratsinfo.documents.pdf import read_pdf

        out: list[Pages] = []
        for data in datas:
            try:
                out.append(read_pdf(data, self.limits).text.split("\f"))
            except DocumentError:
                out.append(None)
        return out


def pdftotext_version(binary: str) -> str:
    done = subprocess.run([binary, "-v"], capture_output=True, text=True)
    first = (done.stderr or done.stdout).strip().splitlines()
    return first[0] if first else "pdftotext"


class Pdftotext(Extractor):
    """poppler's pdftotext, one process per document, UTF-8 to stdout."""

    def __init__(self, binary: str, mode: str | None) -> None:
        self.binary, self.mode = binary, mode
        self.name = f"pdftotext {mode}" if mode else "pdftotext (reading order)"
        self.version = pdftotext_version(binary)

    def run(self, paths: Sequence[Path], datas: Sequence[bytes]) -> list[Pages]:
        out: list[Pages] = []
        mode = [self.mode] if self.mode else []
        for path in paths:
            done = subprocess.run(
                [self.binary, *mode, "-enc", "UTF-8", "-q", str(path), "-"], capture_output=True
            )
            text = done.stdout.decode("utf-8", "replace")
            # a form feed ends every page
            out.append(text.split("\f")[:-1] if done.returncode == 0 and text else None)
        return out


class Pypdf(Extractor):  # measured only when pypdf is installed (it is no dependency)
    name = "pypdf"

    def __init__(self) -> None:
        import logging

        import pypdf

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # font warnings, one per font

        self.module = pypdf
        self.version = f"pypdf {pypdf.__version__}"

    def run(self, paths: Sequence[Path], datas: Sequence[bytes]) -> list[Pages]:
        out: list[Pages] = []
        for data in datas:
            try:
                reader = self.module.PdfReader(io.BytesIO(data))
                out.append([page.extract_text() or "" for page in reader.pages])
            except Exception:
                out.append(None)
        return out


class Pdfminer(Extractor):  # measured only when pdfminer.six is installed (no dependency)
    name = "pdfminer.six"

    def __init__(self) -> None:
        import pdfminer
        from pdfminer.high_level import extract_text

        self.extract_text = extract_text
        self.version = f"pdfminer.six {getattr(pdfminer, '__version__', '?')}"

    def run(self, paths: Sequence[Path], datas: Sequence[bytes]) -> list[Pages]:
        out: list[Pages] = []
        for data in datas:
            try:
                text = self.extract_text(io.BytesIO(data))
                out.append(text.split("\f")[:-1] if text.endswith("\f") else text.split("\f"))
            except Exception:
                out.append(None)
        return out


def extractors(notes: list[str]) -> list[Extractor]:
    """Ours, pdfium in-process, pdftotext's three modes when it is installed, pypdf and
    pdfminer.six when they are; what is missing goes into `notes`."""
    found: list[Extractor] = [PdfiumWorker()]
    if reads_tables():  # the pipeline's default: text and the amounts of budget tables
        from ratsinfo.documents import Limits

        found.append(PdfiumWorker(Limits(), WITH_TABLES))
    found.append(PdfiumInProcess())
    binary = shutil.which("pdftotext")
    if binary:
        found += [Pdftotext(binary, None), Pdftotext(binary, "-layout"), Pdftotext(binary, "-raw")]
    else:
        notes.append(PDFTOTEXT_MISSING)
    if importlib.util.find_spec("pypdf"):
        found.append(Pypdf())
    if importlib.util.find_spec("pdfminer"):
        found.append(Pdfminer())
    return found


# -- measuring --------------------------------------------------------------------------------


def _page_count(data: bytes, fallback: Sequence[Pages]) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return max((len(p) for p in fallback if p is not None), default=0)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _cpu_now() -> float:
    """CPU seconds so far of this process, its waited-for children (pdftotext) and its live
    children (a worker process; from /proc, 0 where there is none)."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = time.process_time() + children.ru_utime + children.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for listing in Path("/proc/self/task").glob("*/children"):
        try:
            pids = listing.read_text().split()
        except OSError:
            continue
        for pid in pids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


@dataclass
class Timing:
    seconds: float  # wall
    cpu: float  # CPU seconds (ours and our children's)


def _time(
    found: Sequence[Extractor], paths: Sequence[Path], datas: Sequence[bytes], rounds: int
) -> tuple[dict[str, list[Pages]], dict[str, Timing]]:
    """Every extractor over all documents, `rounds` times in turn: (the first round's texts,
    median wall and CPU seconds per round)."""
    texts: dict[str, list[Pages]] = {}
    wall: dict[str, list[float]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for ex in found:
            started, cpu_started = time.perf_counter(), _cpu_now()
            result = ex.run(paths, datas)
            elapsed, cpu_used = time.perf_counter() - started, _cpu_now() - cpu_started
            # an extractor that times itself leaves out what is not reading (a worker's start)
            wall[ex.name].append(getattr(ex, "seconds", elapsed))
            cpu[ex.name].append(getattr(ex, "cpu", cpu_used))
            texts.setdefault(ex.name, result)
    return texts, {
        name: Timing(float(statistics.median(wall[name])), float(statistics.median(cpu[name])))
        for name in wall
    }


def _speed(pages: int, timings: dict[str, Timing]) -> dict[str, dict[str, float]]:
    """Pages per second (wall) and per CPU second, by extractor."""
    return {
        name: {
            "pages_per_s": round(pages / t.seconds, 1) if t.seconds > 0 else 0.0,
            "pages_per_cpu_s": round(pages / t.cpu, 1) if t.cpu > 0 else 0.0,
            "seconds": round(t.seconds, 3),
        }
        for name, t in timings.items()
    }


def _file_entry(mine: Pages, theirs: list[str], compare: bool) -> dict[str, Any]:
    """What one extractor made of one real document; `compare`: and how it agrees with ours
    (`mine`, when ours could read it)."""
    text = "\n".join(theirs)
    entry: dict[str, Any] = {
        "words": len(words(text)),
        "empty_pages": sum(map(is_empty, theirs)),
        "without_text": all(map(is_empty, theirs)),
        # page by page: a word hyphenated at the foot of a page is no line end of one
        "hyphen_fragments": sum(map(hyphen_fragments, theirs)),
        "mojibake": mojibake(text),
    }
    if compare and mine is not None:
        entry["jaccard_with_ours"] = _round(jaccard(words("\n".join(mine)), words(text)))
        ordered = shared = 0
        worst: tuple[float, int] | None = None
        for k, (a, b) in enumerate(zip(mine, theirs, strict=False)):
            page_ordered, page_shared = order_counts(words(a), words(b))
            ordered, shared = ordered + page_ordered, shared + page_shared
            if page_shared >= 20 and (worst is None or page_ordered / page_shared < worst[0]):
                worst = (page_ordered / page_shared, k + 1)
        entry["ordered"], entry["shared"] = ordered, shared
        entry["in_order_with_ours"] = _round(ordered / shared if shared else None)
        if worst is not None:
            entry["least_in_order_page"] = {"page": worst[1], "in_order": _round(worst[0])}
    return entry


def _real(
    found: Sequence[Extractor], paths: Sequence[Path], rounds: int, source: str
) -> dict[str, Any]:
    datas = [p.read_bytes() for p in paths]
    texts, timings = _time(found, paths, datas, rounds)
    ours = texts[OURS]
    counts = [_page_count(d, [t[i] for t in texts.values()]) for i, d in enumerate(datas)]
    worker = next(ex for ex in found if isinstance(ex, PdfiumWorker) and ex.name == OURS)
    rated = [ex.name for ex in found if ex.quality]
    files = []
    for i, path in enumerate(paths):
        row: dict[str, Any] = {
            "file": path.name, "pages": counts[i], "image_only_ours": worker.image_only[i]
        }  # fmt: skip
        for name in rated:
            theirs = texts[name][i]
            row[name] = (
                {"unreadable": True}
                if theirs is None
                else _file_entry(ours[i], theirs, compare=name != OURS)
            )
        files.append(row)
    quality: dict[str, dict[str, Any]] = {}
    for name in rated:
        entries = [f[name] for f in files]
        total: dict[str, Any] = {
            key: sum(e.get(key, 0) for e in entries)
            for key in ("words", "empty_pages", "without_text", "hyphen_fragments", "mojibake")
        }
        total["unreadable"] = sum(1 for e in entries if e.get("unreadable"))
        if name != OURS:
            mine = [w for pages in ours if pages is not None for w in words("\n".join(pages))]
            theirs_all = [w for p in texts[name] if p is not None for w in words("\n".join(p))]
            total["jaccard_with_ours"] = _round(jaccard(mine, theirs_all))
            ordered = sum(e.get("ordered", 0) for e in entries)
            shared = sum(e.get("shared", 0) for e in entries)
            total["in_order_with_ours"] = _round(ordered / shared if shared else None)
        quality[name] = total
    pages = sum(counts)
    return {
        "source": source,
        "documents": len(paths),
        "pages": pages,
        "speed": _speed(pages, timings),
        "quality": quality,
        "files": files,
    }


def _generated(
    found: Sequence[Extractor], docs: Sequence[Generated], rounds: int, tmp: Path
) -> dict[str, Any]:
    paths = []
    for doc in docs:
        path = tmp / doc.name
        path.write_bytes(doc.data)
        paths.append(path)
    datas = [d.data for d in docs]
    texts, timings = _time(found, paths, datas, rounds)
    quality: dict[str, dict[str, dict[str, Any]]] = {}
    for ex in found:
        if not ex.quality:
            continue
        sums: dict[str, Counter[str]] = defaultdict(Counter)
        for doc, pages in zip(docs, texts[ex.name], strict=True):
            for k, ref in enumerate(doc.pages):
                got = words(pages[k]) if pages is not None and k < len(pages) else []
                found_, output, reference = word_counts(ref.words, got)
                ordered, shared = order_counts(ref.words, got)
                joined = joined_splits(ref.words, ref.splits, got)
                for kind in (ref.kind, "all"):
                    sums[kind].update(
                        pages=1, found=found_, output=output, reference=reference,
                        ordered=ordered, shared=shared, splits=len(ref.splits), joined=joined,
                        exact=int(got == ref.words),
                    )  # fmt: skip
        quality[ex.name] = {
            kind: {
                "pages": s["pages"],
                "word_f1": round(f1(s["found"], s["output"], s["reference"]), 4),
                "in_order": _round(s["ordered"] / s["shared"] if s["shared"] else None),
                "split_words": s["splits"],
                "split_words_joined": _round(s["joined"] / s["splits"] if s["splits"] else None),
                "pages_exact": s["exact"],
            }
            for kind, s in sorted(sums.items(), key=lambda kv: (*KINDS, "all").index(kv[0]))
        }
    total_pages = sum(len(d.pages) for d in docs)
    return {
        "documents": len(docs),
        "pages": total_pages,
        "speed": _speed(total_pages, timings),
        "quality": quality,
    }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.platform()}"
    )


def document_bench(
    files: list[Path] | None = None,
    rounds: int = 3,
    *,
    generated: int = GENERATED,
    corpus: Path = REALDOCS,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Our extractor next to pdftotext (and pypdf, pdfminer.six when installed) on the same
    files: the real PDFs (`files`, else those under `corpus`, skipped when it is absent) and
    `generated` PDFs with a reference text. Returns the measurements, with the markdown
    table under "table" (see the module docstring)."""
    say = progress or (lambda _msg: None)
    notes: list[str] = []
    found = extractors(notes)
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "rounds": rounds,
        "load_average": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "extractors": {ex.name: ex.version for ex in found},
        "notes": notes,
    }
    if files is None:
        if corpus.is_dir():
            files = sorted(corpus.rglob("*.pdf"))
            source = os.path.relpath(corpus, REPO)  # ../shared/corpus/realdocs
        else:
            files = []
            result["real"] = {"skipped": f"real documents: {corpus} not found"}
            notes.append(result["real"]["skipped"])
            source = ""
    else:
        source = "given files"
    if files:
        say(f"documents: {len(files)} real PDFs ×{rounds}")
        result["real"] = _real(found, files, rounds, source)
    if generated:
        say(f"documents: {generated} generated PDFs ×{rounds}")
        docs = generate_documents(generated)
        with tempfile.TemporaryDirectory(prefix="ratsinfo-docbench-") as tmp:
            result["generated"] = _generated(found, docs, rounds, Path(tmp))
    result["table"] = markdown(result)
    return result


# -- the report -------------------------------------------------------------------------------


def _fmt(value: Any, percent: bool = False) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:g}"
    return str(value)


def markdown(result: dict[str, Any], command: str | None = None) -> str:
    """The measurements as markdown: speed, quality on generated documents, real documents."""
    names = list(result["extractors"])
    versions = "; ".join(dict.fromkeys(v for v in result["extractors"].values() if v))
    real, gen = result.get("real", {}), result.get("generated", {})
    how = f" with `{command}`" if command else ""
    out = [
        f"Measured {result['date']} on {result['machine']}{how} (load average "
        f"{result['load_average']} before); "
        + (f"medians of {result['rounds']} rounds" if result["rounds"] > 1 else "one round")
        + ", one document at a time on one core. Extractors: "
        + versions
        + ". The pdftotext mode to compare "
        "ours with: plain (reading order) for running text (both join words hyphenated at line "
        "ends), `-raw` for the order text comes in (the content stream's, as pdfium's).",
        "",
    ]
    out += [f"- {note}" for note in result["notes"]]
    if result["notes"]:
        out.append("")
    real_label = (
        f"real: {real['documents']} PDFs, {real['pages']} pages" if "pages" in real else "real"
    )
    gen_label = (
        f"generated: {gen['documents']} PDFs, {gen['pages']} pages" if "pages" in gen else "gen."
    )
    out += [
        "**Speed** on one core: pages per second (wall clock) and pages per CPU second (the "
        "extractor's process and its children: robust against other load on the machine):",
        "",
        f"| extractor | {real_label}: pages/s | per CPU s | {gen_label}: pages/s | per CPU s |",
        "|---|---|---|---|---|",
    ]
    for name in names:
        r, g = real.get("speed", {}).get(name, {}), gen.get("speed", {}).get(name, {})
        out.append(
            f"| {name} | {_fmt(r.get('pages_per_s'))} | {_fmt(r.get('pages_per_cpu_s'))} | "
            f"{_fmt(g.get('pages_per_s'))} | {_fmt(g.get('pages_per_cpu_s'))} |"
        )
    if gen:
        out += [
            "",
            "**Quality on generated documents** against the text they were written from "
            "(word F1, a word split at a line end counting only when joined; in order: of the "
            "words both have, the share in reference order; split words joined: words "
            "hyphenated at a line end that come out whole):",
            "",
            "| extractor | layout | pages | word F1 | in order | split words joined | "
            "pages exact |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, kinds in gen["quality"].items():
            for kind, q in kinds.items():
                out.append(
                    f"| {name} | {kind} | {q['pages']} | {_fmt(q['word_f1'], True)} | "
                    f"{_fmt(q['in_order'], True)} | {_fmt(q['split_words_joined'], True)} "
                    f"({q['split_words']}) | {q['pages_exact']} |"
                )
    if "quality" in real:
        out += [
            "",
            f"**Real documents** ({real['source']}; no reference text): pages without text, "
            'hyphen fragments left at line ends ("Verwal- tung"), umlaut mojibake, and '
            "agreement with ours (word-set Jaccard; in order: of the words both have on a "
            "page, the share in our order):",
            "",
            "| extractor | words | empty pages | documents without text | unreadable | "
            "hyphen fragments | mojibake | Jaccard with ours | in order with ours |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, q in real["quality"].items():
            out.append(
                f"| {name} | {q['words']:,} | {q['empty_pages']} | "
                f"{q['without_text']} | {q['unreadable']} | {q['hyphen_fragments']} | "
                f"{q['mojibake']} | {_fmt(q.get('jaccard_with_ours'), True)} | "
                f"{_fmt(q.get('in_order_with_ours'), True)} |"
            )
        plain = "pdftotext (reading order)"
        layout = "pdftotext -layout"
        out += [
            "",
            "Per file (fragments: ours / pdftotext / -layout; Jaccard and in order: pdftotext "
            "against ours):",
            "",
            "| file | pages | ours: words | ours: empty pages | image-only (ours) | "
            "hyphen fragments | Jaccard | in order | least in order (page) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for f in real["files"]:
            o, p, lay = f.get(OURS, {}), f.get(plain, {}), f.get(layout, {})
            least = p.get("least_in_order_page")
            out.append(
                f"| {f['file']} | {f['pages']} | {o.get('words', '–')} | "
                f"{o.get('empty_pages', '–')} | {'yes' if f['image_only_ours'] else 'no'} | "
                f"{o.get('hyphen_fragments', '–')} / {p.get('hyphen_fragments', '–')} / "
                f"{lay.get('hyphen_fragments', '–')} | "
                f"{_fmt(p.get('jaccard_with_ours'), True)} | "
                f"{_fmt(p.get('in_order_with_ours'), True)} | "
                + (f"{_fmt(least['in_order'], True)} (p. {least['page']})" if least else "–")
                + " |"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.documents",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("pdfs", nargs="*", type=Path, help=f"real PDFs (default: {REALDOCS})")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generated", type=int, default=GENERATED, help="generated PDFs")
    parser.add_argument("--json", type=Path, help="write the measurements here as well")
    args = parser.parse_args(argv)
    result = document_bench(
        args.pdfs or None,
        args.rounds,
        generated=args.generated,
        progress=lambda msg: print(msg, file=sys.stderr, flush=True),
    )
    command = "python -m benchmarks.documents " + " ".join(sys.argv[1:] if argv is None else argv)
    result["table"] = markdown(result, command.strip())
    print(result["table"])
    if args.json:
        import json

        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
