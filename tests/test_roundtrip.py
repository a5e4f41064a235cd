"""The parser against the generator's ground truth: every shape of page the sample RIS renders."""

import pytest

from ratsinfo.parse import parse_paper_page
from sample_ris import generate
from sample_ris.render_html import render_paper_page

BASE = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def ris():
    return generate(400, seed=11)


def test_parser_recovers_every_generated_paper(ris):
    mismatches = []
    for paper in ris.papers:
        page = parse_paper_page(render_paper_page(paper, BASE), f"{BASE}/vo020?{paper.volfdnr}")
        if page.vorlage != paper.vorlage:
            mismatches.append((paper.reference, "vorlage", page.vorlage, paper.vorlage))
        if page.beratungsfolge != paper.expected_beratungsfolge(BASE):
            mismatches.append((paper.reference, "beratungsfolge"))
        if page.sections != paper.sections:
            mismatches.append((paper.reference, "sections"))
    assert not mismatches, mismatches[:3]


def test_english_dates_parse_like_german_ones(ris):
    paper = next(p for p in ris.papers if any(b.date for b in p.beratungsfolge))
    german = parse_paper_page(render_paper_page(paper, BASE, english=False))
    english = parse_paper_page(render_paper_page(paper, BASE, english=True))
    assert german.beratungsfolge == english.beratungsfolge
