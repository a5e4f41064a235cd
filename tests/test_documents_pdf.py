"""PDF text in worker processes (ratsinfo.documents): real council PDFs from ../shared/corpus,
and hostile documents written here by a small PDF writer of our own (standard Type1 fonts, no
dependency), each of which must end as a DocumentError with the right reason while the caller
stays healthy."""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from ratsinfo.documents import (
    REASONS,
    DocumentError,
    DocumentText,
    DocumentWorkers,
    Limits,
    extract_pdf_text,
)
from ratsinfo.documents.pdf import language_hint, tidy_page_text
from ratsinfo.documents.workers import TEST_HOOK, TEST_HOOKS_ENV
from tests.helpers import corpus_file

MiB = 1024 * 1024
STUTTGART = "realdocs/akramer-zibra__einblick-stuttgart/doc/examples/"
ANSWER = STUTTGART + "Antwort-08EDD857F1F6754EC125825900381101.pdf"
SCAN = "realdocs/levino__roessing.de/public/pdfs/Ablehnung Tempo 30 durch Verkehrsamt.pdf"
ERLANGEN = "realdocs/Erlangen-Kommunal__SBR-Buechenbach/"
ROEDERMARK = "realdocs/Paratron__roedermark-haushalt/frontend/static/pdfs/"


# --- a small PDF writer ------------------------------------------------------------------------

PdfObject = tuple[bytes, bytes | None]  # (dictionary, stream data or None)


def write_pdf(objects: list[PdfObject], *, encrypt: tuple[str, str] | None = None) -> bytes:
    """A PDF of the numbered objects (1 is the catalog) with a correct xref table; `encrypt`
    = (user password, owner password): the standard security handler, RC4 40 bit (R2)."""
    file_id = hashlib.md5(b"ratsinfo test").digest()
    key = None
    if encrypt:
        encrypt_dict, key = _standard_security(*encrypt, file_id)
        objects = [*objects, (encrypt_dict, None)]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, (dictionary, stream) in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number
        if stream is None:
            out += dictionary
        else:
            if key and b"/Standard" not in dictionary:
                stream = _rc4(_object_key(key, number), stream)
            out += dictionary[:-2] + b" /Length %d >>\nstream\n" % len(stream)
            out += stream
            out += b"\nendstream"
        out += b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    extra = b""
    if encrypt:
        extra = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (
            len(objects), file_id.hex().encode(), file_id.hex().encode()
        )  # fmt: skip
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_pdf(
    pages: list[list[str]],
    *,
    image_bytes: int = 0,
    encrypt: tuple[str, str] | None = None,
    seed: int = 12,
) -> bytes:
    """One page per list of lines, in Helvetica (WinAnsi, so umlauts work); with
    `image_bytes`, every page also shows a grey image of that many bytes of noise (what makes
    real council PDFs big)."""
    rng = random.Random(seed)
    per_page = 3 if image_bytes else 2
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + i * per_page) for i in range(len(pages)))
    objects: list[PdfObject] = [
        (b"<< /Type /Catalog /Pages 2 0 R >>", None),
        (b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)), None),
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
         None),
    ]  # fmt: skip
    side = int(image_bytes**0.5)
    for i, lines in enumerate(pages):
        number = first + i * per_page
        resources = b"/Font << /F1 3 0 R >>"
        content = b"BT /F1 10 Tf 12 TL 56 780 Td " + b" Tj T* ".join(map(_pdf_string, lines))
        content += b" Tj ET" if lines else b" ET"
        if image_bytes:
            resources += b" /XObject << /Im1 %d 0 R >>" % (number + 2)
            content += b" q 200 0 0 200 340 60 cm /Im1 Do Q"
        objects.append(
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> "
             b"/Contents %d 0 R >>" % (resources, number + 1), None)
        )  # fmt: skip
        objects.append((b"<< >>", content))
        if image_bytes:
            objects.append(
                (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                 b"/BitsPerComponent 8 >>" % (side, side), rng.randbytes(side * side))
            )  # fmt: skip
    return write_pdf(objects, encrypt=encrypt)


def repeated_flate(unit: bytes, total: int) -> bytes:
    """A FlateDecode (zlib) stream that inflates to `unit` repeated up to `total` bytes, built
    with zlib.compressobj: after a full flush the compressor starts afresh, so the compressed
    block of one chunk can stand for every chunk, and a stream that inflates to gigabytes is
    written in a fraction of a second and weighs about a thousandth of that."""
    chunk = unit * max(1, MiB // len(unit))
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = total // len(chunk)
    if chunk.count(0) == len(chunk):
        adler = ((count * len(chunk)) % 65521) << 16 | 1  # Adler-32 of zeros: a = 1, b = n
    else:
        adler = 1
        for _ in range(count):
            adler = zlib.adler32(chunk, adler)
    # zlib header + the same deflate block `count` times + an empty final block + Adler-32
    return first[:2] + first[2:] * count + b"\x03\x00" + struct.pack(">I", adler)


def content_pdf(content: bytes) -> bytes:
    """One page whose content stream is `content` as it stands (already FlateDecode'd)."""
    return write_pdf([
        (b"<< /Type /Catalog /Pages 2 0 R >>", None),
        (b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", None),
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         b"/Resources << /Font << /F1 5 0 R >> >> >>", None),
        (b"<< /Filter /FlateDecode >>", content),
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", None),
    ])  # fmt: skip


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _standard_security(user: str, owner: str, file_id: bytes) -> tuple[bytes, bytes]:
    """The /Encrypt dictionary and file key of PDF 1.7's standard security handler, revision 2
    (algorithms 2, 3 and 4 of ISO 32000-1, 7.6.3)."""
    padded_user = (user.encode("latin-1") + _PAD)[:32]
    padded_owner = ((owner or user).encode("latin-1") + _PAD)[:32]
    o = _rc4(hashlib.md5(padded_owner).digest()[:5], padded_user)
    p = -44
    key = hashlib.md5(padded_user + o + struct.pack("<i", p) + file_id).digest()[:5]
    u = _rc4(key, _PAD)
    dictionary = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        o.hex().encode(), u.hex().encode(), p
    )  # fmt: skip
    return dictionary, key


def _object_key(key: bytes, number: int) -> bytes:
    return hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[:10]


ANSWER_LINES = [
    "Die Anfrage beantwortet die Verwaltung wie folgt:",
    "Zu Frage 1:",
    "Die Stadt fördert den Verein mit jährlich 20.000 EUR für Rad- und Fußwege.",
]


def hook(name: str) -> bytes:
    """A "PDF" that makes a worker misbehave (only with TEST_HOOKS_ENV set for it)."""
    return TEST_HOOK + name.encode()


def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workers() -> Iterator[DocumentWorkers]:
    """Two workers for the whole module (started once: ~0.2 s), test hooks on."""
    old = os.environ.get(TEST_HOOKS_ENV)
    os.environ[TEST_HOOKS_ENV] = "1"
    try:
        with DocumentWorkers(2) as pool:
            yield pool
    finally:
        if old is None:
            os.environ.pop(TEST_HOOKS_ENV, None)
        else:
            os.environ[TEST_HOOKS_ENV] = old


def read(workers: DocumentWorkers, data: bytes, **limits: object) -> DocumentText:
    return workers.extract(data, Limits(**limits) if limits else None)  # type: ignore[arg-type]


def refused(workers: DocumentWorkers, data: bytes, **limits: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read(workers, data, **limits)
    assert caught.value.reason in REASONS
    return caught.value


# --- real council PDFs ---------------------------------------------------------------------------


def test_stuttgart_answer_joins_hyphenation_and_keeps_real_hyphens(workers):
    doc = read(workers, corpus_file(ANSWER).read_bytes())
    assert (doc.pages, doc.pages_read, doc.method, doc.language) == (3, 3, "text layer", "de")
    assert doc.extractor.startswith("pypdfium2 5.") and " / pdfium " in doc.extractor
    assert not doc.image_only and not doc.truncated
    text = doc.text
    assert "als baudurchführende Stelle" in text  # pdfium: "bau\ufffedurchführende"
    for word in ("Inbetriebnahmetermin", "gegenüber heute", "tangieren", "Nesenbachdükers"):
        assert word in text
    assert "der Rad- und Fußwege" in text and "Gebhard-Müller-Platzes" in text
    assert "\ufffe" not in text and "\r" not in text
    assert text.count("\f") == 2
    # the Word header "Seite 1" is marked content /Artifact: not part of the text
    assert text.startswith("Beantwortung zur Anfrage 23/2018\n")
    assert "Seite 2" not in text
    assert "Antwort zu 1 bis 3\n" in text and "Antwort zu 4\n" in text
    assert doc.chars == sum(not c.isspace() for c in text)


def test_scanned_pdf_is_image_only(workers):
    doc = read(workers, corpus_file(SCAN).read_bytes())
    assert (doc.pages, doc.method, doc.image_only, doc.chars) == (5, "none", True, 0)
    assert doc.language is None and doc.text == "\f" * 4


def test_erlangen_minutes(workers):
    doc = read(workers, corpus_file(ERLANGEN + "SBR/2024-04-24_Niederschrift_Niederschrift_1_"
                                    "Sitzung_Buechenbach.pdf").read_bytes())  # fmt: skip
    assert (doc.pages, doc.language) == (5, "de")
    assert "Besprechung am: 24.04.2024 Beginn: 18:30 Uhr" in doc.text
    assert "TOP 1: Stadtteilentwicklung Büchenbach aus Sicht des Baureferates" in doc.text
    assert "Der Vorsitzende, Herr Günter Winkelmann, eröffnet" in doc.text

    doc = read(workers, corpus_file(ERLANGEN + "SBR/2020-01-22_Niederschrift_Niederschrift_1_"
                                    "Sitzung_Buechenbach.pdf").read_bytes())  # fmt: skip
    assert doc.pages == 4
    assert "Große-Verspohl" in doc.text  # a double name broken at its hyphen keeps it
    assert "aufgenommen." in doc.text and "befindet sich" in doc.text
    assert "• Kreisel Dorfstraße" in doc.text  # a Symbol-font bullet (U+F0B7)


def test_erlangen_statute_drops_tagged_headers_and_footers(workers):
    doc = read(workers, corpus_file(ERLANGEN + "recht/ortsbeiraete_140_00_satzung_2020.pdf")
               .read_bytes())  # fmt: skip
    assert doc.pages == 3
    assert doc.text.startswith("Satzung der Stadt Erlangen über Orts- und\nStadtteilbeiräte")
    assert "Seite 2 von 3" not in doc.text  # footer, marked /Artifact
    assert "Inkrafttreten: 06.03.2020" not in doc.text  # running header, marked /Artifact
    assert "Orts- bzw. Stadtteil" in doc.text  # "Orts\ufffebzw.": a conjunction follows
    assert "Sitzungsunterlagen" in doc.text


def test_roedermark_budget_pdfs(workers):
    folder = ROEDERMARK
    doc = read(workers, corpus_file(folder + "gesamtabschluss_2022.pdf").read_bytes())
    assert (doc.pages, doc.language) == (60, "de")
    assert "100 Summe ordentliche Erträge -74.366.536,40 -80.332.545,87" in doc.text
    assert "2.5.1 Ordentliche Erträge -80.332.545,87 €" in doc.text
    assert "die nicht der Investitions- oder der Finanzierungstätigkeit" in doc.text
    assert "Seite 2 von 60" not in doc.text  # the footer is marked /Artifact

    doc = read(workers, corpus_file(folder + "haushaltsrede_2026.pdf").read_bytes())
    assert doc.pages == 5
    assert "Das Ergebnis zeigt rund 13,8 Mio. Euro Unterdeckung!" in doc.text

    doc = read(workers, corpus_file(folder + "beteiligungsbericht_2024.pdf").read_bytes())
    assert "Holzkontor Darmstadt-Dieburg-Offenbach AöR 2,70300 3,1250" in doc.text
    assert "Stiftung Rödermark 153.387,56 €" in doc.text
    assert "Stimmrechtsanteil (%)" in doc.text

    doc = read(workers, corpus_file(folder + "konsolidierung_2013_2018.pdf").read_bytes())
    assert doc.pages == 42
    assert "• 12,26 Mio. € für Rödermark" in doc.text  # a bullet pdfium reports as U+0001
    assert doc.text.split("\f")[18].strip().endswith("13.Februar 2013 Alexander Sturm 19")


def test_truncated_real_pdf_is_broken(workers):
    data = corpus_file(ANSWER).read_bytes()
    error = refused(workers, data[: len(data) // 2])
    assert error.reason == "broken" and "cannot open" in str(error)
    assert read(workers, data).pages == 3  # and the workers go on


# --- text tidying (no worker) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("bau\ufffe\r\ndurchführende Stelle", "baudurchführende Stelle"),
        ("bau\ufffedurchführende", "baudurchführende"),
        ("der Rad\ufffe\r\nund Fußwege", "der Rad- und Fußwege"),
        ("Investitions\ufffeoder Finanzierung", "Investitions- oder Finanzierung"),
        ("Hr. Große\ufffeVerspohl", "Hr. Große-Verspohl"),
        ("EU\ufffeweit", "EU-weit"),
        ("2020\ufffe2025", "2020-2025"),
        ("Rad- und Fußwege", "Rad- und Fußwege"),
        ("eins \r\nzwei\r\n", "eins\nzwei"),
        ("\uf0b7 Punkt\n\x01 Punkt", "• Punkt\n• Punkt"),
        ("Ab\u00adsatz\x00", "Absatz"),
        ("innen\fnoch", "innen\nnoch"),
        # a plain hyphen at a line end that pdfium did not mark
        ("Perso-\r\n nalbeschaffung", "Personalbeschaffung"),
        ("die CO2-\r\nEmissionen", "die CO2-Emissionen"),
        ("ein 10-\r\njähriger", "ein 10-jähriger"),
        ("Sach-\r\nund Dienstleistungen", "Sach- und Dienstleistungen"),
        ("Bund-Länder-\r\nProgramm", "Bund-Länder-Programm"),
        ("Punkte -\r\nweiter", "Punkte -\nweiter"),
    ],
)
def test_tidy_page_text(raw, text):
    assert tidy_page_text(raw) == text


def test_language_hint():
    assert language_hint("Die Stadt fördert den Verein und die Schule mit jährlich Geld.") == "de"
    assert language_hint("The council funds the club and the school with money.") is None
    assert language_hint("123 456 7.890,00") is None and language_hint("") is None


def test_model_odds_and_ends():
    server = DocumentText.from_server_text("Die Stadt und der Kreis\fSeite zwei")
    assert (server.method, server.pages, server.language, server.chars) == (
        "server text", 2, "de", 28
    )  # fmt: skip
    error = pickle.loads(pickle.dumps(DocumentError("memory", "too big for its boots")))
    assert (error.reason, str(error)) == ("memory", "too big for its boots")
    with pytest.raises(ValueError, match="unknown reason"):
        DocumentError("sad", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Limits\.max_pages"):
        Limits(max_pages=0)


# --- hostile documents ---------------------------------------------------------------------------


def test_not_a_pdf_is_refused_without_a_worker(workers):
    started = workers.started
    for data in (b"", b"<html><body>Fehler 404</body></html>", os.urandom(2048)):
        assert refused(workers, data).reason == "not a pdf"
    assert "Fehler 404" in str(refused(workers, b"Fehler 404"))
    assert workers.started == started


def test_over_the_byte_cap_is_too_large(workers):
    data = text_pdf([ANSWER_LINES])
    error = refused(workers, data, max_bytes=len(data) - 1)
    assert error.reason == "too large" and "MiB" in str(error)
    assert read(workers, data, max_bytes=len(data)).pages == 1


def test_encrypted_pdf_is_encrypted(workers):
    data = text_pdf([["Vertraulich: die Liste der Ratsmitglieder"]], encrypt=("geheim", "chef"))
    error = refused(workers, data)
    assert error.reason == "encrypted" and "password" in str(error)
    # it is a real encrypted PDF: with the password pdfium reads it (here, in the test process)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data, password="geheim")
    assert "Vertraulich" in pdf[0].get_textpage().get_text_range()
    pdf.close()


def test_pdf_with_only_an_owner_password_is_read(workers):
    """Permissions without a user password (common in council PDFs) do not stop reading."""
    data = text_pdf([ANSWER_LINES], encrypt=("", "chef"))
    doc = read(workers, data)
    assert "jährlich 20.000 EUR für Rad- und Fußwege." in doc.text


def test_flate_bomb_is_stopped_by_the_memory_cap(workers):
    data = content_pdf(repeated_flate(b"\0", 4 * 1024 * MiB))  # 4 GiB of zeros
    assert len(data) < 5 * MiB
    started = time.monotonic()
    error = refused(workers, data)
    assert error.reason == "memory", error
    assert "1024 MiB" in str(error)
    assert time.monotonic() - started < 20
    assert read(workers, text_pdf([ANSWER_LINES])).pages == 1  # replaced, and on it goes


def test_slow_document_times_out(workers):
    # 150 MB of "q Q" (save/restore graphics state): pdfium parses for seconds, within memory
    data = content_pdf(repeated_flate(b"q Q ", 150 * MiB))
    started = time.monotonic()
    error = refused(workers, data, timeout=0.5)
    assert error.reason == "timed out" and "0.5 s" in str(error)
    assert time.monotonic() - started < 3


def test_hanging_worker_is_killed_and_replaced(workers):
    before = workers.started
    error = refused(workers, hook("sleep"), timeout=0.3)
    assert error.reason == "timed out"
    assert read(workers, text_pdf([ANSWER_LINES])).pages == 1
    assert workers.started == before + 1


def test_crashing_worker_is_crashed(workers):
    error = refused(workers, hook("segfault"))
    assert error.reason == "crashed" and "SIGSEGV" in str(error)
    error = refused(workers, hook("exit"))
    assert error.reason == "crashed" and "status 3" in str(error)
    assert refused(workers, hook("hog"), max_memory=256 * MiB).reason == "memory"
    assert read(workers, text_pdf([ANSWER_LINES])).pages == 1


def test_page_cap_reads_the_first_pages_or_refuses(workers):
    data = text_pdf([[f"Seite {n} des Haushaltsplans"] for n in range(1, 13)])
    doc = read(workers, data, max_pages=10)
    assert (doc.pages, doc.pages_read, doc.truncated) == (12, 10, True)
    assert doc.text.split("\f")[-1] == "Seite 10 des Haushaltsplans"
    error = refused(workers, data, max_pages=10, truncate_pages=False)
    assert error.reason == "too many pages" and "12 pages" in str(error)
    doc = read(workers, data, max_chars=60)
    assert doc.truncated and len(doc.text) == 60


@pytest.mark.slow
def test_forty_megabyte_pdf_extracts_within_the_caps(workers):
    lines = [f"Haushaltsstelle {n}: Zuschuss an den Sportverein, jährlich {n * 125},00 Euro"
             for n in range(1, 46)]  # fmt: skip
    pages = [[f"Seite {p} von 450", *lines] for p in range(1, 451)]
    data = text_pdf(pages, image_bytes=88_000)
    assert 38 * MiB < len(data) < Limits().max_bytes
    started = time.monotonic()
    doc = read(workers, data)
    elapsed = time.monotonic() - started
    assert (doc.pages, doc.pages_read, doc.truncated, doc.image_only) == (450, 450, False, False)
    last = doc.text.split("\f")[-1]
    assert last.startswith("Seite 450 von 450\nHaushaltsstelle 1: Zuschuss an den Sportverein")
    assert last.endswith("jährlich 5625,00 Euro")
    assert elapsed < 30


@pytest.mark.slow
def test_hostile_batch_leaves_the_caller_healthy():
    """Everything hostile through one worker, twice: each document gets its reason, the dead
    workers are replaced, the good documents after them are read, and the caller's memory stays
    where it was."""
    good = text_pdf([ANSWER_LINES])
    expected = {
        "good": "text",
        "truncated": "broken",
        "encrypted": "encrypted",
        "bomb": "memory",
        "not a pdf": "not a pdf",
        "segfault": "crashed",
        "exit": "crashed",
        "hog": "memory",
        "good again": "text",
    }

    def batch() -> Iterator[bytes]:  # made as it is read: no more than a few held at once
        yield good
        yield good[: len(good) // 2]
        yield text_pdf([["Vertraulich"]], encrypt=("geheim", "chef"))
        yield content_pdf(repeated_flate(b"\0", 4 * 1024 * MiB))
        yield b"PK\x03\x04 a zip file"
        yield hook("segfault")
        yield hook("exit")
        yield hook("hog")
        yield good

    os.environ[TEST_HOOKS_ENV] = "1"
    try:
        with DocumentWorkers(1, Limits(max_memory=512 * MiB)) as pool:
            sizes, fds = [], []
            for _ in range(3):
                got = {
                    key: "text" if isinstance(result, DocumentText) else result.reason
                    for key, result in zip(expected, pool.extract_many(batch()), strict=True)
                }
                assert got == expected
                sizes.append(rss())
                fds.append(len(os.listdir("/proc/self/fd")))
            assert pool.started == 1 + 3 * 4  # bomb, segfault, exit, hog: a new worker each
    finally:
        os.environ.pop(TEST_HOOKS_ENV, None)
    assert sizes[2] - sizes[0] < 8 * MiB, [s // MiB for s in sizes]
    assert fds[2] == fds[0]


def test_extract_many_in_order_or_as_completed(workers):
    items = [hook("sleep"), text_pdf([ANSWER_LINES])]
    limits = Limits(timeout=0.5)
    ordered = list(workers.extract_many(items, limits=limits))
    assert [type(r).__name__ for r in ordered] == ["DocumentError", "DocumentText"]
    completed = list(workers.extract_as_completed(items, limits=limits))
    assert [index for index, _ in completed] == [1, 0]
    assert isinstance(completed[1][1], DocumentError) and completed[1][1].reason == "timed out"


def test_stopping_early_kills_what_is_in_flight(workers):
    items = [text_pdf([ANSWER_LINES]), hook("sleep"), hook("sleep")]
    for _ in workers.extract_many(items):
        break  # the sleepers are killed, not waited for
    assert read(workers, text_pdf([ANSWER_LINES])).pages == 1


def test_workers_are_reused_and_recycled():
    good = text_pdf([ANSWER_LINES])
    with DocumentWorkers(1, recycle_after=3) as pool:
        results = list(pool.extract_many(good for _ in range(7)))
        assert len(results) == 7 and all(isinstance(r, DocumentText) for r in results)
        assert pool.started == 3  # 3 + 3 + 1 documents
        assert len(pool.startup_times) >= 2 and max(pool.startup_times) < 10


def test_extract_pdf_text_keeps_pdfium_out_of_the_caller(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(text_pdf([ANSWER_LINES]))
    script = (
        "import sys, pathlib\n"
        "from ratsinfo.documents import extract_pdf_text\n"
        f"doc = extract_pdf_text(pathlib.Path({str(path)!r}).read_bytes())\n"
        "print(doc.pages, doc.language, 'pypdfium2' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout == "1 de False\n"
    assert extract_pdf_text(path.read_bytes()).text.startswith("Die Anfrage beantwortet")
