"""`ratsinfo parse FILE.pdf`: the PDF's text, read in a worker process, gives the same data
contract as a page or a text file (answers and funding from the text, no vorlage)."""

import json
import subprocess
import sys

from ratsinfo.cli import main
from tests.helpers import corpus_file
from tests.test_cli import CONTRACT_ANSWER, CONTRACT_FUNDING, SEED_LIKE, parse
from tests.test_documents_pdf import ANSWER, SCAN, text_pdf

CONTRACT = {"vorlage", "beratungsfolge", "answers", "funding"}


def test_parse_pdf_gives_what_the_same_text_gives(tmp_path, capsys):
    lines = SEED_LIKE.splitlines()
    (tmp_path / "antwort.pdf").write_bytes(text_pdf([lines[:3], lines[3:]]))  # two pages
    (tmp_path / "antwort.txt").write_text(SEED_LIKE, encoding="utf-8")
    from_pdf = parse(tmp_path / "antwort.pdf", capsys)
    from_txt = parse(tmp_path / "antwort.txt", capsys)
    assert from_pdf.keys() >= CONTRACT
    assert from_pdf["vorlage"] is None and from_pdf["beratungsfolge"] == []
    assert [a["question_label"] for a in from_pdf["answers"]] == ["1", "2"]
    assert all(a.keys() >= CONTRACT_ANSWER for a in from_pdf["answers"])
    assert from_pdf["answers"] == from_txt["answers"]
    assert from_pdf["funding"] == from_txt["funding"]
    [funding] = from_pdf["funding"]
    assert funding.keys() >= CONTRACT_FUNDING and funding["amount"] == 20000.0
    assert from_pdf["document"] == {
        "pages": 2,
        "method": "text layer",
        "extractor": from_pdf["document"]["extractor"],
        "language": "de",
        "image_only": False,
        "chars": from_pdf["document"]["chars"],
        "pages_read": 2,
        "truncated": False,
    }
    assert from_txt["document"] is None


def test_parse_stuttgart_answer_pdf(capsys):
    out = parse(corpus_file(ANSWER), capsys)
    assert out["vorlage"] is None and out["beratungsfolge"] == []
    assert [a["question_label"] for a in out["answers"]] == ["1 bis 3", "4"]
    first, second = out["answers"]
    assert first["answer_text"].startswith("Die Erstellung des neuen Bahnhofs")
    assert "Inbetriebnahmetermin 2025" in first["answer_text"]
    assert "Nesenbachdükers" in second["answer_text"]
    assert "Fritz Kuhn" not in second["answer_text"]
    assert "baudurchführende" in out["introduction"]
    assert out["document"]["pages"] == 3 and out["document"]["language"] == "de"


def test_parse_scanned_pdf_says_it_has_no_text(capsys):
    out = parse(corpus_file(SCAN), capsys)
    assert out["answers"] == [] and out["funding"] == []
    assert out["document"]["image_only"] is True and out["document"]["method"] == "none"


def test_parse_unreadable_pdf_names_the_file_and_the_reason(tmp_path, capsys):
    broken = tmp_path / "abgeschnitten.pdf"
    data = text_pdf([SEED_LIKE.splitlines()])
    broken.write_bytes(data[: len(data) // 2])
    assert main(["parse", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "abgeschnitten.pdf: broken: pdfium cannot open it" in err
    not_pdf = tmp_path / "fehlerseite.pdf"
    not_pdf.write_bytes(b"<!doctype html><title>404</title>")
    assert main(["parse", str(not_pdf)]) == 1
    assert "fehlerseite.pdf: not a pdf:" in capsys.readouterr().err


def test_parse_pdf_as_a_command_prints_only_json(tmp_path):
    """The worker's stdout is /dev/null: nothing it (or pdfium) prints mixes into the JSON."""
    path = tmp_path / "antwort.pdf"
    path.write_bytes(text_pdf([SEED_LIKE.splitlines()]))
    run = subprocess.run(
        [sys.executable, "-m", "ratsinfo.cli", "parse", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(run.stdout)
    assert [a["question_label"] for a in out["answers"]] == ["1", "2"]
