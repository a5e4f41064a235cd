"""The documents benchmark (benchmarks/documents.py): its metrics on small strings, its generated
documents, and one run on a few small PDFs. No timing is asserted: the numbers belong in
BENCHMARKS.md, not in a test."""

from __future__ import annotations

import itertools
import random
import shutil

import pytest

from benchmarks import documents as bench
from benchmarks.documents import (
    OURS,
    PDFTOTEXT_MISSING,
    document_bench,
    generate_documents,
    hyphen_fragments,
    hyphenate,
    in_order,
    jaccard,
    joined_splits,
    lcs_length,
    mojibake,
    word_f1,
    words,
)
from benchmarks.run import _update_benchmarks_md
from sample_ris.pdf import Document, scanned_letter, text_width

PDFTOTEXT = shutil.which("pdftotext")
NO_PDFTOTEXT = "pdftotext not installed (apt-get install poppler-utils)"


# -- metrics -------------------------------------------------------------------------------------


def test_words_keep_hyphenated_compounds_and_split_fragments():
    assert words("Die Verwaltung prüft Rheinland-Pfalz, CO2-Emissionen & „Straßen“.") == [
        "Die", "Verwaltung", "prüft", "Rheinland-Pfalz", "CO2-Emissionen", "Straßen",
    ]  # fmt: skip
    assert words("Verwal-\ntung") == ["Verwal", "tung"]  # a fragment pair: both words wrong
    assert words("Verwal- tung") == ["Verwal", "tung"]
    assert words("Verwal-tung") == ["Verwal-tung"]  # joined but with the hyphen: still wrong
    assert words("Gr\u00fcn") == words("Gru\u0308n")  # NFC: a decomposed umlaut is the same


def test_word_f1_counts_a_split_word_only_when_joined():
    reference = words("Die Verwaltung wird beauftragt")
    assert word_f1(reference, words("Die Verwaltung wird beauftragt")) == 1.0
    left = word_f1(reference, words("Die Verwal-\ntung wird beauftragt"))
    kept = word_f1(reference, words("Die Verwal-tung wird beauftragt"))
    assert left == pytest.approx(2 * 3 / (5 + 4))  # 3 of 5 output words right, 3 of 4 found
    assert kept == pytest.approx(2 * 3 / (4 + 4))
    assert word_f1([], []) == 1.0
    assert word_f1(reference, []) == 0.0


def test_word_f1_is_a_multiset_measure():
    assert word_f1(["die", "die", "Stadt"], ["die", "Stadt"]) == pytest.approx(2 * 2 / 5)
    assert word_f1(["die", "Stadt"], ["Stadt", "die"]) == 1.0  # order is in_order's business


def test_joined_splits():
    reference = words("Die Verwaltung prüft, die Verwaltung berichtet in Rheinland-Pfalz")
    splits = ["Verwaltung", "Rheinland-Pfalz"]  # one of the two "Verwaltung" was split
    assert joined_splits(reference, splits, reference) == 2
    left = words("Die Verwaltung prüft, die Verwal-\ntung berichtet in Rheinland-Pfalz")
    assert joined_splits(reference, splits, left) == 1
    pdftotext_plain = words("Die Verwaltung prüft, die Verwaltung berichtet in RheinlandPfalz")
    assert joined_splits(reference, splits, pdftotext_plain) == 1


def _lcs_dp(a, b):
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, j in itertools.product(range(len(a)), range(len(b))):
        table[i + 1][j + 1] = (
            table[i][j] + 1 if a[i] == b[j] else max(table[i][j + 1], table[i + 1][j])
        )
    return table[-1][-1]


def test_lcs_length_matches_dynamic_programming():
    rng = random.Random(3)
    for _ in range(200):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
        assert lcs_length(a, b) == _lcs_dp(a, b), (a, b)


def test_in_order_measures_order_not_completeness():
    ref = words("eins zwei drei vier fünf sechs")
    assert in_order(ref, ref) == 1.0
    assert in_order(ref, words("eins zwei vier")) == 1.0  # missing words: F1's business
    assert in_order(ref, words("eins zwei drei vier fünf sechs sieben")) == 1.0
    assert in_order(ref, list(reversed(ref))) == pytest.approx(1 / 6)
    # two columns read line by line across: left a b c / right d e f -> a d b e c f
    assert in_order(words("a b c d e f"), words("a d b e c f")) == pytest.approx(4 / 6)
    assert in_order(ref, words("nichts davon")) is None


def test_hyphen_fragments():
    assert hyphen_fragments("Die Verwal-\ntung wird beauf- tragt.") == 2
    assert hyphen_fragments("Die Verwal-\n   tung") == 1  # -layout pads the next line
    assert hyphen_fragments("Rad- und Fußwege, Sach-\nund Dienstleistungen") == 0  # German
    assert hyphen_fragments("Öffentlich-rechtliche Leistungen, EU-weit, E-Mail") == 0
    assert hyphen_fragments("Rheinland-\nPfalz, 2020-\n2025, Seite 3 - von 4") == 0


def test_mojibake():
    assert mojibake("Grün, Straße, Übersicht, „Zitat“ – 5 €") == 0
    assert mojibake("GrÃ¼n, StraÃŸe") == 2  # UTF-8 read as cp1252
    assert mojibake("â€žZitatâ€œ") == 2
    assert mojibake("Gru\u0308n, Gr¨un, Gr\ufffdn") == 3


def test_jaccard():
    assert jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
    assert jaccard(["a", "a"], ["a"]) == 1.0
    assert jaccard([], []) is None


# -- generated documents -------------------------------------------------------------------------


def test_hyphenate_fits_the_width_and_keeps_every_word():
    text = (
        "Die Straßenausbaubeitragssatzung bleibt von der Neuregelung unberührt. Die "
        "Aufwendungen für Sach- und Dienstleistungen steigen in Rheinland-Pfalz leicht an. "
    ) * 3
    width = 180.0
    lines = hyphenate(text, width, 10.5)
    assert all(text_width(line.text, 10.5) <= width for line in lines)
    assert [w for line in lines for w in line.words] == text.split()  # each word once
    splits = [line.split for line in lines if line.split]
    assert splits, "a narrow column hyphenates something"
    assert all(line.text.endswith("-") for line in lines if line.split)
    for line, following in itertools.pairwise(lines):  # the next line starts with the rest
        if line.split:
            head, tail = line.text.split()[-1], following.text.split()[0]
            assert line.split in words(head[:-1] + tail) + words(head + tail)
    assert {"Rheinland-Pfalz", "Straßenausbaubeitragssatzung"} & set(splits)


def test_generated_documents_have_a_reference_per_page():
    docs = generate_documents(4)
    assert [d.name for d in docs] == [f"generated-{i:03d}.pdf" for i in range(1, 5)]
    kinds = {p.kind for d in docs for p in d.pages}
    assert kinds == {bench.PROSE, bench.COLUMNS, bench.INTERLEAVED, bench.TABLE}
    for doc in docs:
        assert doc.data.startswith(b"%PDF-1.4")
        assert len(doc.pages) >= 3
        assert all(len(p.words) > 100 for p in doc.pages)
        assert all(set(p.splits) <= set(p.words) for p in doc.pages)
    assert sum(len(p.splits) for d in docs for p in d.pages) > 50
    assert generate_documents(2)[1].data == docs[1].data  # deterministic


# -- one run -------------------------------------------------------------------------------------


def _small_pdfs(tmp_path):
    letter = Document(title="Antwort")
    letter.heading("Beantwortung der Anfrage")
    letter.paragraph("Die Verwaltung beantwortet die Anfrage der Fraktion wie folgt: " * 20)
    letter.table(("Position", "Betrag"), [("Zuschüsse an Träger", "1.200,00")])
    scan = Document(title="Anlage")
    scan.scan(scanned_letter(seed=2))
    paths = []
    for name, doc in (("antwort.pdf", letter), ("scan.pdf", scan)):
        path = tmp_path / name
        path.write_bytes(doc.to_bytes())
        paths.append(path)
    return paths


def test_document_bench_on_small_pdfs(tmp_path):
    result = document_bench(_small_pdfs(tmp_path), rounds=1, generated=2)
    real, generated = result["real"], result["generated"]
    assert real["documents"] == 2 and real["source"] == "given files"
    letter, scan = real["files"]
    assert "unreadable" not in letter[OURS] and "unreadable" not in scan[OURS], real["files"]
    assert scan["image_only_ours"] and not letter["image_only_ours"]
    assert scan[OURS]["without_text"] and scan[OURS]["empty_pages"] == 1
    assert letter[OURS]["words"] > 150 and letter[OURS]["mojibake"] == 0
    assert real["speed"][OURS]["pages_per_s"] > 0
    assert generated["documents"] == 2 and generated["pages"] >= 6
    ours = generated["quality"][OURS]
    assert ours["prose"]["word_f1"] == 1.0 and ours["prose"]["split_words_joined"] == 1.0
    assert ours["all"]["pages"] == generated["pages"]
    table = result["table"]
    assert f"| {OURS} |" in table and "| scan.pdf | 1 |" in table
    if PDFTOTEXT is None:
        pytest.skip(f"{NO_PDFTOTEXT}: the pdftotext part is not checked")
    plain = "pdftotext (reading order)"
    assert set(result["extractors"]) >= {plain, "pdftotext -layout", "pdftotext -raw"}
    assert real["speed"][plain]["pages_per_s"] > 0
    assert letter[plain]["jaccard_with_ours"] > 0.9
    assert scan[plain]["without_text"]
    # -layout keeps every line-end hyphen: no split word comes out whole
    assert generated["quality"]["pdftotext -layout"]["prose"]["split_words_joined"] == 0.0
    assert f"| {plain} |" in table


def test_document_bench_goes_on_without_pdftotext_or_corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(bench.shutil, "which", lambda name: None)
    missing = tmp_path / "shared" / "corpus" / "realdocs"
    result = document_bench(rounds=1, generated=1, corpus=missing)
    assert PDFTOTEXT_MISSING in result["notes"]
    assert str(missing) in result["real"]["skipped"]
    assert not any(name.startswith("pdftotext") for name in result["extractors"])
    assert result["generated"]["quality"][OURS]["all"]["pages"] >= 3
    assert PDFTOTEXT_MISSING in result["table"] and str(missing) in result["table"]


def test_sections_get_their_own_block_in_benchmarks_md(tmp_path):
    md = tmp_path / "BENCHMARKS.md"
    md.write_text("# Benchmarks\n\n<!-- results: written by `make bench` -->\npipeline\n"
                  "<!-- /results -->\n\nnotes\n")  # fmt: skip
    _update_benchmarks_md(md, "first\n", "documents", "Documents → text")
    text = md.read_text()
    assert text.endswith(
        "notes\n\n## Documents → text\n\n<!-- results:documents: written by `make bench` -->\n"
        "first\n<!-- /results:documents -->\n"
    )
    _update_benchmarks_md(md, "second\n", "documents", "Documents → text")
    _update_benchmarks_md(md, "pipeline again\n")
    text = md.read_text()
    assert "first" not in text and text.count("second") == 1 and text.count("## Documents") == 1
    assert "pipeline again" in text and "notes" in text
