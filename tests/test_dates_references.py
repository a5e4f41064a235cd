import datetime as dt

import pytest

from ratsinfo.parse import parent_reference, parse_date, parse_oparl_datetime, related_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07.05.2025", dt.date(2025, 5, 7)),
        (" 7.5.2025 ", dt.date(2025, 5, 7)),
        ("Jan 29, 2026", dt.date(2026, 1, 29)),
        ("May 7, 2025", dt.date(2025, 5, 7)),
        ("Sept 1, 2025", dt.date(2025, 9, 1)),
        ("29. Januar 2026", dt.date(2026, 1, 29)),
        ("3. März 2024", dt.date(2024, 3, 3)),
        ("2026-01-29", dt.date(2026, 1, 29)),
        ("31.02.2025", None),
        ("", None),
        (None, None),
        ("demnächst", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_oparl_timestamps_with_broken_offsets():
    good = parse_oparl_datetime("2019-12-16T11:21:11+01:00")
    assert parse_oparl_datetime("2019-12-16T11:21:11+01::00") == good
    assert good is not None and good.utcoffset() == dt.timedelta(hours=1)
    assert parse_oparl_datetime("kaputt") is None


@pytest.mark.parametrize(
    ("reference", "parent"),
    [
        ("25-25641-01", "25-25641"),
        ("25-25641", None),
        ("2026/245/1", "2026/245"),
        ("2026/245", None),
        ("K 2026/0725", None),
        ("2026/24", None),
        ("18/2015/2", "18/2015"),
        ("22-1940.01", "22-1940"),
        ("22-1940.1", None),
        (None, None),
    ],
)
def test_parent_reference(reference, parent):
    assert parent_reference(reference) == parent


def test_related_references_in_subjects():
    assert related_references("Ergänzung zu Bezugsdrucksache 2026/235") == ("2026/235",)
    assert related_references("Stellungnahme zu 25-25641 und 25-25641-01", own="25-25641-01") == (
        "25-25641",
    )
    assert related_references("Sitzung am 07.05.2025, § 36 Abs. 3 BauGB, 1.520.42.40.01.05") == ()


def test_supplements_name_their_base_paper():
    assert parent_reference("11/2019 1. Ergänzung") == "11/2019"
    assert parent_reference("27/2019 3. Ergänzung") == "27/2019"
    assert parent_reference("2026/245 - 2. Nachtrag") == "2026/245"
    assert parent_reference("1. Ergänzung") is None  # no base reference in it
    assert parent_reference("11/2019") is None


def test_school_and_budget_years_are_no_references():
    subject = (
        "Anmeldezahlen der Grundschulen für das Schuljahr 2027/28 und Entwicklungen im "
        "Kindergartenjahr 2026/2027; Haushaltsjahre 2026/2027; Bezugsvorlage 2026/245"
    )
    assert related_references(subject) == ("2026/245",)
    assert related_references("Vorlagen 2026/2028 und 2026/26") == ("2026/2028", "2026/26")


def test_reference_precision_on_the_huertgenwald_crawl():
    """On the recorded Sternberg SD.NET crawl (2,115 papers) subjects name school years, never
    other papers: no related reference may be found; every "N. Ergänzung" gets its base."""
    import glob
    import json
    from pathlib import Path

    from tests.helpers import CORPUS

    files = glob.glob(str(CORPUS / "oparl-validator-rs-huertgenwald/body/1/paper*.json"))
    if not files:
        pytest.skip(f"shared corpus not available: {CORPUS}/oparl-validator-rs-huertgenwald")
    papers = [p for f in files for p in json.loads(Path(f).read_text(encoding="utf-8"))["data"]]
    references = {p.get("reference") for p in papers}
    assert not [
        (p.get("reference"), found)
        for p in papers
        if (found := related_references(p.get("name"), own=p.get("reference")))
    ]
    supplements = [r for r in references if r and "Ergänzung" in r]
    assert len(supplements) == 72
    bases = [parent_reference(r) for r in supplements]
    assert all(bases)
    # the crawl holds 71 of the 72 base papers (133/2018 is not in it)
    assert sum(b in references for b in bases) == 71
