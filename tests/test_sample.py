"""The bundled sample RIS: generator, seed papers and realistic states. Rendering and the loopback
server are in test_sample_server.py, the RIS one night later in test_sample_evolve.py."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from ratsinfo.model import Beratung
from sample_ris import (
    PAPER_TYPES,
    RECENT_DAYS,
    SHAPES,
    SamplePaper,
    SampleRIS,
    evolve,
    generate,
    render_paper_json,
)
from tests.sample_support import BASE, seed_answer

REFERENCE = re.compile(r"^\d{2}-\d{5}(-\d{2})?$")


@pytest.fixture(scope="module")
def ris() -> SampleRIS:
    return generate(300, seed=0)


# --------------------------------------------------------------------------------------------
# Generator


def test_same_seed_same_data() -> None:
    a, b = generate(120, seed=7), generate(120, seed=7)
    assert a.papers == b.papers
    assert [p.sections for p in a.papers] == [p.sections for p in b.papers]
    assert a.meetings == b.meetings
    assert generate(120, seed=8).papers != a.papers


def test_n_papers_plus_two_seeds_oldest_first(ris: SampleRIS) -> None:
    assert len(ris.papers) == 302
    assert len(generate(0).papers) == 2
    dates = [p.date for p in ris.papers]
    assert dates == sorted(dates)
    assert dates[0].year == 2021 and dates[-1].year == 2026
    assert len({p.volfdnr for p in ris.papers}) == 302
    assert len({p.reference for p in ris.papers}) == 302
    assert all(REFERENCE.match(p.reference) for p in ris.papers)
    for p in ris.papers:  # "YY-" is the year the paper (or the one it follows up) was created
        if not p.vorlage.parent_reference:
            assert p.reference[:2] == f"{p.date.year % 100:02d}", p.reference


def test_all_paper_types_and_shapes_appear(ris: SampleRIS) -> None:
    types = {(p.vorlage.paper_type or "").removesuffix(" (öffentlich)") for p in ris.papers}
    assert set(PAPER_TYPES) <= types
    assert {p.shape for p in ris.papers} == set(SHAPES)


def test_beratungsfolge_shapes(ris: SampleRIS) -> None:
    rows = [b for p in ris.papers for b in p.beratungsfolge]
    assert {b.role for b in rows} >= {
        "Anhörung",
        "Vorberatung",
        "Entscheidung",
        "Kenntnisnahme",
        "zur Kenntnis",
    }
    assert {b.state for b in rows} >= {"Geplant", "Erledigt", "Gestoppt"}
    assert {b.decision for b in rows} >= {
        "zur Kenntnis genommen",
        "beschlossen",
        "ungeändert beschlossen",
        "abgelehnt",
        "geändert beschlossen",
        "vertagt",
    }
    by_shape: dict[str, list[SamplePaper]] = {}
    for p in ris.papers:
        by_shape.setdefault(p.shape, []).append(p)
    assert all(p.beratungsfolge == () for p in by_shape["none"])
    planned = [p.beratungsfolge for p in by_shape["planned"]]
    assert all(b.state == "Geplant" and b.meeting_position == 0 for bf in planned for b in bf)
    assert any(
        len(bf) == 1 and bf[0].state == "Geplant" and bf[0].date is None and bf[0].meeting is None
        for bf in planned
    )
    adjourned = [p.beratungsfolge for p in by_shape["adjourned"]]
    assert any(
        [b.decision for b in bf][-2] == "vertagt"
        and bf[-1].meeting_position == 2
        and bf[-1].position == bf[-2].position
        for bf in adjourned
        if len(bf) >= 2
    )
    sequences = [p.beratungsfolge for p in by_shape["sequence"]]
    assert any(
        [b.committee for b in bf][-2:] == ["Verwaltungsausschuss", "Rat der Stadt Braunschweig"]
        and [b.position for b in bf] == list(range(1, len(bf) + 1))
        and bf[-1].role == "Entscheidung"
        for bf in sequences
        if len(bf) >= 3
    )
    assert any(bf[0].role == "Anhörung" for bf in sequences)
    for bf in sequences:  # committees decide in order: nothing is done after an open one
        states = [b.state for b in bf]
        if "Geplant" in states:
            assert set(states[states.index("Geplant") :]) == {"Geplant"}
    for p in ris.papers:
        for b in p.beratungsfolge:
            assert 1 <= b.position <= len(p.committee_ids)
            if b.meeting_position:  # a meeting row: date, link to meeting and agenda item
                assert b.date is not None
            else:
                assert (b.date, b.meeting, b.decision, b.meeting_url) == (None, None, None, None)
            if b.meeting_url:
                assert re.fullmatch(r"/public/to010\?SILFDNR=\d+&TOLFDNR=\d+", b.meeting_url)
                tolfdnr = b.meeting_url.split("TOLFDNR=")[1]
                assert b.agenda_item_url == f"/public/to020?TOLFDNR={tolfdnr}"


def test_follow_ups_and_related_references(ris: SampleRIS) -> None:
    follow_ups = [p for p in ris.papers if p.vorlage.parent_reference]
    kinds = {p.vorlage.paper_type for p in follow_ups}
    assert {"Stellungnahme", "Ergänzungsvorlage", "Änderungsantrag"} <= kinds
    for p in follow_ups:
        parent = ris.by_reference(p.vorlage.parent_reference or "")
        assert parent is not None and parent.date <= p.date
        assert p.reference.startswith(parent.reference + "-")
        assert p.superordinated == (parent.volfdnr,)
        assert p.volfdnr in parent.subordinated
    related = [p for p in ris.papers if p.vorlage.related_references]
    assert related
    for p in related:
        for ref in p.vorlage.related_references:
            assert ref in (p.vorlage.subject or "")
    assert any("Bezugsdrucksache" in (p.vorlage.subject or "") for p in related)
    assert any(p.related for p in related)


def test_texts(ris: SampleRIS) -> None:
    anfragen = [p for p in ris.papers if (p.vorlage.paper_type or "").startswith("Anfrage")]
    assert all(re.search(r"^1\. .+\?$", p.text, re.M) for p in anfragen if p.sections)
    answers = [p.text for p in ris.papers if p.vorlage.paper_type == "Stellungnahme"]
    assert any("Zu Frage 1:" in t for t in answers)
    assert any("\nZu 1.\n" in t for t in answers)
    assert any("Zu den Fragen:\n1. " in t for t in answers)
    every = "\n".join(p.text for p in ris.papers)
    assert re.search(r"\d{1,3}\.000 EUR", every)
    assert re.search(r"\d,\d Mio\. Euro", every)
    assert "jährlich" in every and "§ 36 Absatz 3" in every and "3.665 Ladepunkte" in every
    for marker in ("&", "<", "„", "“"):
        assert marker in every
        assert any(marker in (p.vorlage.subject or "") for p in ris.papers), marker
    words = [
        len(para.split())
        for p in ris.papers
        if p.vorlage.paper_type == "Beschlussvorlage"
        for s in p.sections
        if s.title == "Sachverhalt"
        for para in s.text.split("\n")
    ]
    assert 30 <= sum(words) / len(words) <= 130
    assert Counter(p.english_dates for p in ris.papers)[True] > 0
    assert 0.1 < sum(p.long_labels for p in ris.papers) / len(ris.papers) < 0.3


@pytest.mark.slow
def test_generate_50000() -> None:
    big = generate(50_000, seed=1)
    assert len(big.papers) == 50_002
    assert big.papers[-1].date.year == 2026
    assert big.by_reference("25-25641-01") is not None
    assert not any(
        p.is_open for p in big.papers if (big.today - p.date).days >= RECENT_DAYS and not is_seed(p)
    )
    later, report = evolve(big, 0.01)
    assert len(report.touched) == 500 and len(later.papers) == 50_002 + len(report.new)


# --------------------------------------------------------------------------------------------
# Seed papers


def test_seed_stellungnahme_facts(ris: SampleRIS) -> None:
    p = seed_answer(ris)
    v = p.vorlage
    assert v.subject == 'Anfrage zum "Welcome Center" für Fachkräfte'
    assert v.paper_type == "Stellungnahme"
    assert v.status == "öffentlich (Vorlage freigegeben)"
    assert v.lead_department == "0800 Stabsstelle Wirtschaftsdezernat"
    assert v.participating_departments == (
        "DEZERNAT V - Sozial-, Schul-, Gesundheits- und Jugenddezernat",
        "0500 Sozialreferat",
    )
    assert v.responsible == "Leppa"
    assert v.parent_reference == "25-25641"
    assert p.beratungsfolge == (
        Beratung(
            position=1,
            committee="Ausschuss für Vielfalt und Integration",
            role="zur Kenntnis",
            state="Erledigt",
            date=dt.date(2025, 5, 7),
            meeting_position=1,
        ),
    )
    (section,) = p.sections
    assert section.title == "Sachverhalt"
    lines = section.text.split("\n")
    assert lines[0] == "Sachverhalt:"
    assert lines[1].startswith(
        "Die o. g. Anfrage des Bürgermitglieds Andreas Paruszewski vom 21.04.2025"
    )
    assert [line for line in lines if line.startswith("Zu Frage")] == [
        "Zu Frage 1:",
        "Zu Frage 2:",
        "Zu Frage 3:",
    ]
    assert "jährlich 20.000 EUR" in section.text
    assert lines[-1].endswith("Jedes Modul umfasste einen Workshoptag.")
    assert len(lines) == 10


def test_seed_anfrage_and_links(ris: SampleRIS) -> None:
    anfrage = ris.by_reference("25-25641")
    answer = seed_answer(ris)
    assert anfrage is not None
    assert anfrage.date == dt.date(2025, 4, 21) < answer.date
    assert anfrage.vorlage.subject == answer.vorlage.subject
    assert anfrage.vorlage.paper_type in ("Anfrage", "Anfrage (öffentlich)")
    questions = re.findall(r"^(\d)\. (.+\?)$", anfrage.text, re.M)
    assert [n for n, _ in questions] == ["1", "2", "3"]
    assert "finanziell" in questions[0][1]
    assert "Zielgruppe" in questions[1][1]
    assert "IQ-Netzwerk" in questions[2][1]
    assert anfrage.beratungsfolge[0].committee == "Ausschuss für Vielfalt und Integration"
    assert answer.superordinated == (anfrage.volfdnr,)
    assert anfrage.subordinated == (answer.volfdnr,)
    answer_json = render_paper_json(answer, BASE)
    assert answer_json["superordinatedPaper"] == [f"{BASE}/oparl/papers/{anfrage.volfdnr}"]
    assert render_paper_json(anfrage, BASE)["subordinatedPaper"] == [answer_json["id"]]


# --------------------------------------------------------------------------------------------
# Realistic states: only recent papers are open


def is_seed(p: SamplePaper) -> bool:
    return bool(p.fixed_sections)  # the real page shows a meeting row without decision


@pytest.mark.parametrize(("n", "seed"), [(300, 0), (3000, 4)])
def test_old_papers_are_finished_recent_ones_may_be_open(n: int, seed: int) -> None:
    ris = generate(n, seed=seed)
    assert ris.end == dt.date(2026, 12, 18)
    recent = [p for p in ris.papers if (ris.today - p.date).days < RECENT_DAYS]
    old = [p for p in ris.papers if p not in recent and not is_seed(p)]
    assert recent and old
    for p in old:
        assert not p.is_open, p.reference
        assert all(b.state in ("Erledigt", "Gestoppt") for b in p.beratungsfolge), p.reference
        assert all(b.decision for b in p.beratungsfolge if b.meeting_position), p.reference
        assert p.shape != "planned"
    assert sum(p.is_open for p in recent) >= 3
    assert {p.shape for p in recent} >= {"planned", "single"}
    assert any(b.state == "Geplant" and b.date is None for p in recent for b in p.beratungsfolge)
    assert any(  # scheduled at a meeting after `end`, no decision yet
        b.state == "Geplant" and b.date and b.date > ris.today and b.decision is None
        for p in recent
        for b in p.beratungsfolge
    )
