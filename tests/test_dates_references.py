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
