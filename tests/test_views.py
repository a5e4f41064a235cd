"""The analytics views of warehouse/views.sql: on the bundled sample RIS (one real pipeline run)
and on a hand-made warehouse of two bodies that share reference numbers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import defaultdict
from decimal import Decimal

import duckdb
import pytest

from ratsinfo.paths import SQL_DIR
from ratsinfo.warehouse import connect
from tests.helpers import CORPUS, insert_rows

VIEWS = (
    "papers_per_month",
    "papers_per_month_by_type",
    "questions_answered",
    "answer_times",
    "who_asks",
    "committee_workload",
    "meetings_per_committee",
    "funding_amounts",
    "funding_by_recipient_year",
    "funding_by_department",
)
# Views the sample council has no rows for: it lists no meeting participants.
VIEWS_WITHOUT_SAMPLE_ROWS = ("attendance",)
LIVE = "deleted_at IS NULL"


@pytest.fixture(scope="module")
def warehouse(sample_pipeline):
    return sample_pipeline[0] / "w.duckdb"


@pytest.fixture()
def con(warehouse):
    c = duckdb.connect(str(warehouse), read_only=True)
    yield c
    c.close()


def one(con, sql, params=None):
    row = con.execute(sql, params or []).fetchone()
    assert row is not None
    return row[0] if len(row) == 1 else row


def test_every_view_exists_documented_and_returns_rows(con):
    text = (SQL_DIR / "views.sql").read_text(encoding="utf-8")
    for view in VIEWS + VIEWS_WITHOUT_SAMPLE_ROWS:
        assert f"CREATE OR REPLACE VIEW {view} AS" in text
        header = text.split(f"-- {view} ")[1].split("CREATE OR REPLACE VIEW")[0]
        for part in ("Answers:", "Grain:", "Example:"):
            assert part in header, (view, part)
        # every view is per body: body_key is its first column
        assert con.execute(f"SELECT * FROM {view} LIMIT 0").description[0][0] == "body_key"
        if view in VIEWS:
            assert one(con, f"SELECT count(*) FROM {view}") > 0, view


def test_papers_per_month_counts_each_live_dated_paper_once_by_type(con):
    live_dated = one(con, f"SELECT count(*) FROM vorlagen WHERE {LIVE} AND date IS NOT NULL")
    assert live_dated >= 60
    assert one(con, "SELECT sum(papers) FROM papers_per_month_by_type") == live_dated
    # per committee: a paper counts once in every committee that consults it, NULL for none
    pairs = one(
        con,
        "SELECT count(*) FROM (SELECT DISTINCT v.paper_id, b.committee FROM vorlagen v "
        f"LEFT JOIN beratungsfolge b USING (paper_id) WHERE v.{LIVE} AND v.date IS NOT NULL)",
    )
    assert one(con, "SELECT sum(papers) FROM papers_per_month") == pairs
    without = one(
        con,
        f"SELECT count(*) FROM vorlagen v WHERE {LIVE} AND date IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM beratungsfolge b WHERE b.paper_id = v.paper_id)",
    )
    assert without > 0  # the sample has papers without consultation ("außerhalb von Sitzungen")
    assert one(con, "SELECT sum(papers) FROM papers_per_month WHERE committee IS NULL") == without
    # per (month, type): the committee rows bracket the distinct count
    by_type = dict(
        ((b, m, t), n)
        for b, m, t, n in con.execute("SELECT * FROM papers_per_month_by_type").fetchall()
    )
    per_committee: dict[tuple[str, dt.date, str], list[int]] = defaultdict(list)
    for body, month, kind, _, n in con.execute("SELECT * FROM papers_per_month").fetchall():
        assert month.day == 1
        per_committee[(body, month, kind)].append(n)
    assert set(per_committee) == set(by_type)
    for key, counts in per_committee.items():
        assert max(counts) <= by_type[key] <= sum(counts), key
    assert (
        one(
            con,
            "SELECT papers FROM papers_per_month WHERE month = DATE '2025-05-01' AND "
            "paper_type = 'Stellungnahme' AND committee = 'Ausschuss für Vielfalt und Integration'",
        )
        >= 1
    )


def test_seed_question_is_answered_by_the_stellungnahme(con):
    rows = con.execute(
        "SELECT answer_reference, asker, asked_on, department, answered_on, days_to_answer, "
        "answered_questions, question_type FROM questions_answered "
        "WHERE question_reference = '25-25641'"
    ).fetchall()
    assert rows == [
        ("25-25641-01", "Bürgermitglied Andreas Paruszewski", dt.date(2025, 4, 21),
         "0800 Stabsstelle Wirtschaftsdezernat", dt.date(2025, 5, 5), 14, 3,
         "Anfrage (öffentlich)")
    ]  # fmt: skip


def test_questions_answered_is_consistent(con):
    rows = con.execute(
        "SELECT question_paper_id, question_type, asker, asked_on, answer_paper_id, answered_on, "
        "days_to_answer, answered_questions FROM questions_answered"
    ).fetchall()
    questions = one(
        con, f"SELECT count(*) FROM vorlagen WHERE {LIVE} AND paper_type ILIKE 'Anfrage%'"
    )
    assert len({r[0] for r in rows}) == questions
    for qid, kind, asker, asked_on, answer, answered_on, days, n in rows:
        assert kind.startswith("Anfrage") and asker and asked_on, qid
        if answer is None:
            assert (answered_on, days, n) == (None, None, None)
        else:
            assert days == (answered_on - asked_on).days and days >= 0, qid
            assert n >= 0
    # every answer row naming a live question is covered by its answering paper
    linked = con.execute(
        "SELECT DISTINCT a.question_reference, a.reference FROM answers a JOIN vorlagen q "
        f"ON q.reference = a.question_reference AND q.{LIVE} AND q.paper_type ILIKE 'Anfrage%'"
    ).fetchall()
    view_pairs = set(
        con.execute(
            "SELECT question_reference, answer_reference FROM questions_answered"
        ).fetchall()
    )
    assert linked and set(linked) <= view_pairs
    # an answering paper without parsed answers (a plain Stellungnahme follow-up) still counts
    assert ("21-17174", "21-17174-01") in view_pairs
    # unanswered questions name their asker from the question paper, without " im Rat der Stadt"
    assert one(
        con, "SELECT asker FROM questions_answered WHERE question_reference = '22-18861'"
    ) == ("CDU-Fraktion")


def test_answer_times_aggregate_the_questions(con):
    questions, answered = one(
        con,
        "SELECT count(DISTINCT question_paper_id), count(DISTINCT question_paper_id) "
        "FILTER (WHERE answer_paper_id IS NOT NULL) FROM questions_answered",
    )
    assert 0 < answered < questions
    assert one(
        con, "SELECT sum(questions), sum(answered) FROM answer_times WHERE dimension = 'asker'"
    ) == (questions, answered)
    assert one(
        con,
        "SELECT sum(questions), sum(answered) FROM answer_times WHERE dimension = 'department'",
    ) == (answered, answered)
    assert one(
        con,
        "SELECT questions, answered, median_days, mean_days FROM answer_times "
        "WHERE dimension = 'asker' AND name = 'Bürgermitglied Andreas Paruszewski'",
    ) == (1, 1, 14.0, 14.0)
    assert one(
        con,
        "SELECT answered, median_days FROM answer_times "
        "WHERE dimension = 'department' AND name = '0800 Stabsstelle Wirtschaftsdezernat'",
    ) == (1, 14.0)
    for _, _, _, q, a, median, mean in con.execute("SELECT * FROM answer_times").fetchall():
        assert a <= q
        assert (median is None) == (mean is None) and (median is None or median >= 0)


def test_committee_workload_per_meeting_and_totals(con):
    rows = con.execute(
        "SELECT committee, meeting_date, consultations, papers, postponed, postponed_share, "
        "committee_meetings, committee_consultations, committee_postponed, "
        "committee_consultations_per_meeting, committee_postponed_share FROM committee_workload"
    ).fetchall()
    with_meeting = one(
        con,
        "SELECT count(*) FROM beratungsfolge b JOIN vorlagen v USING (paper_id) "
        f"WHERE v.{LIVE} AND b.meeting_position > 0 AND (b.date IS NOT NULL OR b.meeting IS NOT "
        "NULL)",
    )
    assert sum(r[2] for r in rows) == with_meeting
    vertagt = one(con, "SELECT count(*) FROM beratungsfolge WHERE decision ILIKE '%vertagt%'")
    assert vertagt > 0 and sum(r[4] for r in rows) == vertagt
    by_committee: dict[str, list[tuple]] = defaultdict(list)
    for r in rows:
        assert 0 <= r[4] <= r[2] and r[3] <= r[2]
        assert r[5] == pytest.approx(r[4] / r[2], abs=1e-3)
        by_committee[r[0]].append(r)
    for committee, meetings in by_committee.items():
        consultations = sum(m[2] for m in meetings)
        postponed = sum(m[4] for m in meetings)
        for m in meetings:
            assert m[6:9] == (len(meetings), consultations, postponed), committee
            assert m[9] == pytest.approx(consultations / len(meetings), abs=0.01)
            assert m[10] == pytest.approx(postponed / consultations, abs=1e-3)
    assert [r[1:4] for r in by_committee["Ausschuss für Vielfalt und Integration"]] == [
        (dt.date(2025, 5, 7), 2, 2)
    ]
    assert sum(r[4] for r in by_committee["Ausschuss für Kultur und Wissenschaft"]) == 2


def test_funding_views_add_up(con):
    rows, total = one(con, "SELECT count(*), sum(yearly_amount) FROM funding_amounts")
    funding_rows = one(
        con,
        f"SELECT count(*) FROM funding f JOIN vorlagen v USING (paper_id) WHERE v.{LIVE} "
        "AND f.period IS DISTINCT FROM 'hourly'",
    )
    assert rows == funding_rows > 100
    for view in ("funding_by_recipient_year", "funding_by_department"):
        assert one(con, f"SELECT sum(rows), sum(amount) FROM {view}") == (rows, total), view
    assert one(
        con,
        "SELECT year, currency, amount, annual_amount, rows, papers "
        "FROM funding_by_recipient_year WHERE recipient = 'Welcome Center'",
    ) == (2018, "EUR", Decimal("20000.00"), Decimal("20000.00"), 1, 1)
    # the year comes from applies_from when it names one, else from the paper's date
    for applies_from, year, paper_year in con.execute(
        "SELECT f.applies_from, a.year, year(v.date) FROM funding_amounts a "
        "JOIN funding f USING (paper_id, position) JOIN vorlagen v USING (paper_id)"
    ).fetchall():
        if applies_from and any(str(y) in applies_from for y in range(1990, 2100)):
            assert str(year) in applies_from
        else:
            assert year == paper_year
    assert (
        one(
            con, "SELECT count(*) FROM funding_amounts WHERE reference = '21-15720' AND year = 2022"
        )
        == 1
    )  # "Haushaltsjahr 2022" in a paper of 2021
    assert one(
        con,
        "SELECT amount FROM funding_by_department WHERE lead_department = "
        "'0800 Stabsstelle Wirtschaftsdezernat' AND year = 2018",
    ) == Decimal("20000.00")


def test_views_leave_out_deleted_papers_and_annualise_periods(warehouse, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, copy)
    con = connect(copy)  # applies schema and views, as the pipeline does
    try:
        before = one(con, "SELECT sum(papers) FROM papers_per_month_by_type")
        con.execute(
            "UPDATE vorlagen SET deleted_at = TIMESTAMPTZ '2026-01-01 00:00:00+00' "
            "WHERE reference IN ('25-25641', '25-25641-01')"
        )
        assert one(con, "SELECT sum(papers) FROM papers_per_month_by_type") == before - 2
        for sql in (
            "SELECT count(*) FROM questions_answered WHERE question_reference = '25-25641'",
            "SELECT count(*) FROM funding_by_recipient_year WHERE recipient = 'Welcome Center'",
            "SELECT count(*) FROM committee_workload "
            "WHERE committee = 'Ausschuss für Vielfalt und Integration'",
            "SELECT count(*) FROM answer_times WHERE name = 'Bürgermitglied Andreas Paruszewski'",
        ):
            assert one(con, sql) == 0, sql
        paper = one(con, "SELECT paper_id FROM vorlagen WHERE reference = '25-26351'")
        con.execute(
            "INSERT INTO funding (paper_id, reference, position, amount, currency, period, "
            "recipient, applies_from, text) VALUES "
            "(?, '25-26351', 101, 100, 'EUR', 'monthly', 'Testverein', 'ab 2030', 'x'), "
            "(?, '25-26351', 102, 50, 'EUR', 'quarterly', 'Testverein', 'ab 2030', 'x'), "
            "(?, '25-26351', 103, 40, 'EUR', 'hourly', 'Testverein', 'ab 2030', 'x')",
            [paper, paper, paper],
        )
        assert one(
            con,
            "SELECT year, amount, rows FROM funding_by_recipient_year "
            "WHERE recipient = 'Testverein'",
        ) == (2030, Decimal("1400.00"), 2)
    finally:
        con.close()


# -- a hand-made warehouse: two bodies of one source that share reference numbers ----------------
# Body A and body B of the source "city" both have a question "18/2015", answered in each body by
# a paper of its own, a committee named "Rat", a department "Amt 51" and a recipient
# "Sportverein"; the source "old" has rows without body_key (loaded before the OParl model).
# Nothing may be mixed across bodies or sources.

A, B = "city:/oparl/body/A", "city:/oparl/body/B"


def _paper(paper_id: str, reference: str, paper_type: str, date: dt.date, **fields) -> dict:
    source, _, _ = paper_id.partition(":")
    return {
        "paper_id": paper_id, "source": source, "reference": reference,
        "subject": f"{paper_type} {reference}", "paper_type": paper_type, "date": date,
        "participating_departments": [], "related_references": [], **fields,
    }  # fmt: skip


def _meeting(meeting_id: str, body: str, org: str, date: dt.date, participants, **fields) -> dict:
    return {
        "meeting_id": meeting_id, "source": "city", "body_key": body, "name": meeting_id,
        "date": date, "organization_id": org, "participant_ids": participants,
        "participants": None if participants is None else len(participants), "deleted": False,
        **fields,
    }  # fmt: skip


def _build_two_bodies(con) -> None:
    d = dt.date
    insert_rows(con, "bodies", [
        {"body_key": A, "source": "city", "oparl_id": "https://city.example/oparl/body/A"},
        {"body_key": B, "source": "city", "oparl_id": "https://city.example/oparl/body/B"},
    ])  # fmt: skip
    insert_rows(con, "vorlagen", [
        # body A: a question with an originator, answered after 10 days; two more questions
        _paper("city:/p/a1", "18/2015", "Anfrage", d(2015, 3, 2), body_key=A,
               originators=["SPD-Fraktion"], lead_department="SPD-Fraktion im Rat der Stadt"),
        _paper("city:/p/a2", "19/2015", "Antwort", d(2015, 3, 12), body_key=A,
               parent_reference="18/2015", lead_department="Amt 51"),
        _paper("city:/p/a3", "40/2015", "Beschlussvorlage", d(2015, 5, 4), body_key=A,
               lead_department="Amt 51"),
        _paper("city:/p/a4", "31/2015", "Anfrage der Fraktion DIE LINKE", d(2015, 8, 3),
               body_key=A, originators=["Anna Alt", "SPD-Fraktion", " "]),
        _paper("city:/p/a5", "32/2015", "Anfrage", d(2015, 9, 1), body_key=A, originators=[],
               lead_department="CDU-Fraktion im Rat der Stadt Musterstadt"),
        # body B: the same reference 18/2015, answered after 30 days by a "Beantwortung"
        _paper("city:/p/b1", "18/2015", "Kleine Anfrage", d(2015, 6, 1), body_key=B),
        _paper("city:/p/b2", "25/2015", "Beantwortung einer Anfrage", d(2015, 7, 1),
               body_key=B, parent_reference="18/2015", lead_department="Amt 51"),
        _paper("city:/p/b3", "40/2015", "Beschlussvorlage", d(2015, 5, 6), body_key=B,
               lead_department="Amt 51"),
        _paper("city:/p/b4", "30/2015", "Einwohnerfrage", d(2015, 10, 1), body_key=B),
        _paper("city:/p/b5", "20/2015", "Antrag", d(2015, 6, 2), body_key=B,
               parent_reference="18/2015"),
        # the source "old", without body: again 18/2015, answered by a Stellungnahme
        _paper("old:/p/1", "18/2015", "Anfrage gem. § 14 GeschO", d(2015, 2, 2)),
        _paper("old:/p/2", "18/2015-1", "Stellungnahme", d(2015, 2, 9),
               parent_reference="18/2015"),
    ])  # fmt: skip
    insert_rows(con, "answers", [
        # both answers name the question 18/2015: only the one of the same body may link
        {"paper_id": "city:/p/a2", "reference": "19/2015", "question_reference": "18/2015",
         "position": 1, "question_label": "1", "answer_text": "Ja.", "body_key": A,
         "asked_by": "Ratsherr Müller", "asked_on": d(2015, 3, 2)},
        {"paper_id": "city:/p/b2", "reference": "25/2015", "question_reference": "18/2015",
         "position": 1, "question_label": "1", "answer_text": "Nein.", "body_key": B,
         "asked_by": "Fraktion GRÜNE", "asked_on": d(2015, 6, 1)},
        {"paper_id": "city:/p/b2", "reference": "25/2015", "question_reference": "18/2015",
         "position": 2, "question_label": "2", "answer_text": "Später.", "body_key": B,
         "asked_by": "Fraktion GRÜNE", "asked_on": d(2015, 6, 1)},
    ])  # fmt: skip
    insert_rows(con, "funding", [
        {"paper_id": "city:/p/a3", "reference": "40/2015", "position": 1, "amount": 1000,
         "currency": "EUR", "period": "annual", "recipient": "Sportverein", "text": "x",
         "body_key": A},
        {"paper_id": "city:/p/b3", "reference": "40/2015", "position": 1, "amount": 500,
         "currency": "EUR", "period": "one-off", "recipient": "Sportverein", "text": "y",
         "body_key": B},
    ])  # fmt: skip
    insert_rows(con, "beratungsfolge", [
        {"paper_id": "city:/p/a1", "reference": "18/2015", "position": 1, "meeting_position": 1,
         "committee": "Rat", "date": d(2015, 1, 20), "meeting": "1. Sitzung",
         "decision": "vertagt", "body_key": A},
        {"paper_id": "city:/p/a1", "reference": "18/2015", "position": 1, "meeting_position": 2,
         "committee": "Rat", "date": d(2015, 4, 14), "meeting": "3. Sitzung",
         "decision": "beschlossen", "body_key": A},
        {"paper_id": "city:/p/b1", "reference": "18/2015", "position": 1, "meeting_position": 1,
         "committee": "Rat", "date": d(2015, 6, 15), "meeting": "1. Sitzung",
         "decision": "beschlossen", "body_key": B},
    ])  # fmt: skip
    insert_rows(con, "organizations", [
        {"organization_id": "city:/org/a-rat", "source": "city", "body_key": A, "name": "Rat",
         "deleted": False},
        {"organization_id": "city:/org/a-spd", "source": "city", "body_key": A,
         "name": "SPD-Fraktion", "organization_type": "Fraktion", "deleted": False},
        {"organization_id": "city:/org/b-rat", "source": "city", "body_key": B, "name": "Rat",
         "deleted": False},
        {"organization_id": "city:/org/b-bau", "source": "city", "body_key": B,
         "name": "Bauausschuss", "deleted": False},
    ])  # fmt: skip
    insert_rows(con, "persons", [
        {"person_id": f"city:/person/{n}", "source": "city", "body_key": body, "name": name,
         "deleted": False}
        for n, body, name in ((1, A, "Anna Alt"), (2, A, "Bernd Berg"), (3, A, "Carla Claus"),
                              (9, B, "Dora Dach"))
    ])  # fmt: skip
    insert_rows(con, "memberships", [
        {"membership_id": "city:/m/1", "source": "city", "body_key": A,
         "person_id": "city:/person/1", "organization_id": "city:/org/a-rat", "role": "Mitglied",
         "start_date": d(2015, 1, 1)},
        {"membership_id": "city:/m/1f", "source": "city", "body_key": A,
         "person_id": "city:/person/1", "organization_id": "city:/org/a-spd"},
        # Bernd Berg until March, twice (member and deputy chair): each meeting counts once
        {"membership_id": "city:/m/2", "source": "city", "body_key": A,
         "person_id": "city:/person/2", "organization_id": "city:/org/a-rat", "role": "Mitglied",
         "start_date": d(2015, 1, 1), "end_date": d(2015, 3, 31)},
        {"membership_id": "city:/m/2v", "source": "city", "body_key": A,
         "person_id": "city:/person/2", "organization_id": "city:/org/a-rat",
         "role": "stellv. Vorsitzender", "start_date": d(2015, 2, 1), "end_date": d(2015, 3, 31)},
        # a deputy member is not expected at the meetings
        {"membership_id": "city:/m/3", "source": "city", "body_key": A,
         "person_id": "city:/person/3", "organization_id": "city:/org/a-rat",
         "role": "stellv. Mitglied"},
        {"membership_id": "city:/m/9", "source": "city", "body_key": B,
         "person_id": "city:/person/9", "organization_id": "city:/org/b-rat"},
    ])  # fmt: skip
    p1, p2, p3 = "city:/person/1", "city:/person/2", "city:/person/3"
    insert_rows(con, "meetings", [
        _meeting("city:/s/a1", A, "city:/org/a-rat", d(2015, 1, 20), [p1, p2]),
        _meeting("city:/s/a2", A, "city:/org/a-rat", d(2015, 2, 17), [p1, p3]),
        _meeting("city:/s/a3", A, "city:/org/a-rat", d(2015, 4, 14), [p1, p2]),
        _meeting("city:/s/a4", A, "city:/org/a-rat", d(2015, 5, 12), [], cancelled=True),
        _meeting("city:/s/a5", A, "city:/org/a-rat", d(2015, 6, 9), []),  # no list given
        _meeting("city:/s/a6", A, "city:/org/a-rat", d(2015, 7, 7), [p1, p2],
                 meeting_state="abgesagt"),
        _meeting("city:/s/a7", A, "city:/org/a-rat", d(2015, 8, 1), [p1], deleted=True),
        # body B lists no participants at all
        _meeting("city:/s/b1", B, "city:/org/b-rat", d(2015, 1, 21), None),
        _meeting("city:/s/b2", B, "city:/org/b-rat", d(2015, 2, 18), None),
        _meeting("city:/s/b3", B, "city:/org/b-bau", d(2016, 3, 1), None),
    ])  # fmt: skip
    insert_rows(con, "agenda_items", [
        {"agenda_item_id": f"city:/ai/{n}", "source": "city", "body_key": body,
         "meeting_id": f"city:/s/{meeting}", "position": n, "paper_id": paper}
        for n, body, meeting, paper in (
            (1, A, "a1", "city:/p/a1"), (2, A, "a1", None), (3, A, "a3", "city:/p/a1"),
            (4, A, "a4", "city:/p/a3"), (5, A, "a7", "city:/p/a3"), (6, B, "b1", "city:/p/b1"),
        )
    ])  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A warehouse of hand-made rows (schema and views applied as the pipeline does)."""
    con = connect(tmp_path_factory.mktemp("two_bodies") / "w.duckdb")
    _build_two_bodies(con)
    yield con
    con.close()


def test_questions_are_answered_within_their_body(made):
    rows = made.execute(
        "SELECT body_key, question_paper_id, answer_paper_id, asker, asker_via, days_to_answer, "
        "answered_questions FROM questions_answered ORDER BY question_paper_id"
    ).fetchall()
    assert rows == [
        (A, "city:/p/a1", "city:/p/a2", "SPD-Fraktion", "originators", 10, 1),
        (A, "city:/p/a4", None, "Anna Alt, SPD-Fraktion", "originators", None, None),
        (A, "city:/p/a5", None, "CDU-Fraktion", "lead_department", None, None),
        (B, "city:/p/b1", "city:/p/b2", "Fraktion GRÜNE", "answers", 30, 2),
        (B, "city:/p/b4", None, None, None, None, None),
        (None, "old:/p/1", "old:/p/2", None, None, 7, 0),
    ]  # fmt: skip
    # the department "Amt 51" of each body has its own answer time (10 and 30 days, not 20)
    assert made.execute(
        "SELECT body_key, name, questions, answered, median_days FROM answer_times "
        "WHERE dimension = 'department' ORDER BY body_key NULLS LAST, name NULLS LAST"
    ).fetchall() == [(A, "Amt 51", 1, 1, 10.0), (B, "Amt 51", 1, 1, 30.0), (None, None, 1, 1, 7.0)]
    assert made.execute(
        "SELECT body_key, sum(questions), sum(answered) FROM answer_times "
        "WHERE dimension = 'asker' GROUP BY ALL ORDER BY body_key NULLS LAST"
    ).fetchall() == [(A, 3, 1), (B, 2, 1), (None, 1, 1)]


def test_no_view_mixes_bodies(made):
    # every row's papers belong to the row's body
    for view, columns in (
        ("questions_answered", ("question_paper_id", "answer_paper_id")),
        ("funding_amounts", ("paper_id",)),
    ):
        for column in columns:
            assert (
                one(
                    made,
                    f"SELECT count(*) FROM {view} x JOIN vorlagen v ON v.paper_id = x.{column} "
                    "WHERE v.body_key IS DISTINCT FROM x.body_key",
                )
                == 0
            ), (view, column)
    by_body = made.execute(
        "SELECT body_key, sum(papers) FROM papers_per_month_by_type GROUP BY ALL "
        "ORDER BY body_key NULLS LAST"
    ).fetchall()
    assert by_body == [(A, 5), (B, 5), (None, 2)]
    assert made.execute(
        "SELECT body_key, month, paper_type, papers FROM papers_per_month WHERE committee = 'Rat' "
        "ORDER BY body_key"
    ).fetchall() == [(A, dt.date(2015, 3, 1), "Anfrage", 1),
                     (B, dt.date(2015, 6, 1), "Kleine Anfrage", 1)]  # fmt: skip
    # two committees named "Rat": their totals stay apart
    assert made.execute(
        "SELECT DISTINCT body_key, committee, committee_meetings, committee_consultations, "
        "committee_postponed, committee_postponed_share FROM committee_workload ORDER BY 1"
    ).fetchall() == [(A, "Rat", 2, 2, 1, 0.5), (B, "Rat", 1, 1, 0, 0.0)]
    for view, name in (
        ("funding_by_recipient_year", "recipient = 'Sportverein'"),
        ("funding_by_department", "lead_department = 'Amt 51'"),
    ):
        assert made.execute(
            f"SELECT body_key, year, amount, annual_amount, rows, papers FROM {view} "
            f"WHERE {name} ORDER BY body_key"
        ).fetchall() == [
            (A, 2015, Decimal("1000.00"), Decimal("1000.00"), 1, 1),
            (B, 2015, Decimal("500.00"), Decimal("0.00"), 1, 1),
        ], view


# Paper types as vendors write them: OParl paperType (Sternberg, ALLRIS 4, SD.NET RIM ...), the
# "Drucksache-Art"/"Vorlage-Art" of ALLRIS pages (Hamburg, Berlin) and the sample council.
QUESTION_TYPES = (
    "Anfrage", "Anfrage (öffentlich)", "Große Anfrage", "Grosse Anfrage", "Kleine Anfrage",
    "kleine Anfrage gem. § 13 GO", "Schriftliche Anfrage", "Mündliche Anfrage",
    "Anfrage gem. § 14 GeschO", "Anfrage nach § 27 BezVG", "Auskunftsersuchen",
    "Auskunftsersuchen nach § 27 BezVG", "Einwohnerfrage", "Einwohneranfrage",
    "EinwohnerInnenanfrage", "Bürgeranfrage", "Anfrage der Fraktion DIE LINKE",
    "Anfrage der Fraktion Bündnis 90/Die Grünen", "  ANFRAGE  ", "Anfragen", "Sachstandsanfrage",
    "CDU-Anfrage",
)  # fmt: skip
OTHER_TYPES = (
    "Antrag", "Antrag öffentlich", "Änderungsantrag", "Antwort",
    "Antwort / Stellungnahme des Bezirksamtes", "Stellungnahme", "Stellungnahme der Verwaltung",
    "Beantwortung einer Anfrage", "Anfragebeantwortung", "Anfrage - Antwort der Verwaltung",
    "Antrag und Anfrage",
    "Mitteilung", "Mitteilungsvorlage", "Mitteilungsvorlage der Verwaltung", "Beschlussvorlage",
    "Beschlussvorlage Rat", "Beschlussempfehlung", "Tischvorlage", "Vorlagen", "Eingabe",
    "Dringlichkeitsvorlage", "Nachfrage", "", None,
)  # fmt: skip


def test_question_types_of_every_vendor(made):
    wrong = [
        (kind, expected)
        for kinds, expected in ((QUESTION_TYPES, True), (OTHER_TYPES, False))
        for kind in kinds
        if one(made, "SELECT is_question_type(?)", [kind]) is not expected
    ]
    assert wrong == []
    # answering types: never a question
    for kind in (
        "Antwort / Stellungnahme des Bezirksamtes",
        "Beantwortung einer Anfrage",
        "Stellungnahme",
        "Mitteilung außerhalb von Sitzungen",
        "Anfragebeantwortung",
    ):
        assert one(made, "SELECT is_answer_type(?)", [kind]) is True, kind  # fmt: skip
    for kind in ("Anfrage", "Antrag", "Beschlussvorlage", None):
        assert one(made, "SELECT is_answer_type(?)", [kind]) is False, kind
    # the rule lives in one place, and the views use it
    text = (SQL_DIR / "views.sql").read_text(encoding="utf-8")
    assert text.count("CREATE OR REPLACE MACRO is_question_type(") == 1
    assert "'Anfrage%'" not in text
    header = text.split("-- is_question_type(paper_type) ")[1].split("CREATE OR REPLACE")[0]
    assert "Rule" in header and "Example:" in header


def test_real_paper_types_of_the_corpus(made):
    """The paperType values of the OParl responses in ../shared/corpus (Sternberg Hürtgenwald,
    SD.NET Nordstemmen, ALLRIS 4 Braunschweig and others): none is a question there, and the
    OParl example "Beantwortung einer Anfrage" answers one."""
    files = [
        *CORPUS.glob("oparl-validator-rs-huertgenwald/body/1/paper*.json"),
        *CORPUS.glob("ratslotse/tests/fixtures/cities/*_papers.json"),
        *CORPUS.glob("realdocs/levino__nordstemmen-ai/documents/papers/*/metadata.json"),
        *CORPUS.glob("oparl-spec/examples/Paper-*.json"),
    ]
    if not files:
        pytest.skip("shared corpus not available")
    kinds: set[str] = set()
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        objects = data.get("data", [data]) if isinstance(data, dict) else data
        kinds |= {o["paperType"] for o in objects if isinstance(o.get("paperType"), str)}
    assert {"Beschlussvorlage", "Mitteilungsvorlage"} <= kinds
    questions = {k for k in kinds if one(made, "SELECT is_question_type(?)", [k])}
    assert questions == set()
    if "Beantwortung einer Anfrage" in kinds:
        assert one(made, "SELECT is_answer_type('Beantwortung einer Anfrage')") is True


def test_who_asks_names_originators_and_says_where_from(made):
    rows = made.execute(
        "SELECT body_key, year, originator, originator_type, via, questions, answered FROM who_asks"
    ).fetchall()
    assert rows == [
        (A, 2015, "SPD-Fraktion", "organization", "originators", 2, 1),
        (A, 2015, "Anna Alt", "person", "originators", 1, 0),
        (A, 2015, None, None, None, 1, 0),  # only a lead department: no originator
        (B, 2015, "Fraktion GRÜNE", None, "answers", 1, 1),  # the answer names the asker
        (B, 2015, None, None, None, 1, 0),
        (None, 2015, None, None, None, 1, 1),
    ]  # fmt: skip


def test_meetings_per_committee_counts_cancelled_apart(made):
    rows = made.execute(
        "SELECT body_key, organization_id, committee, year, meetings, cancelled_meetings, "
        "agenda_items, agenda_items_per_meeting, papers FROM meetings_per_committee"
    ).fetchall()
    assert rows == [
        # a1, a2, a3, a5 held; a4 (cancelled) and a6 ("abgesagt") apart; a7 deleted
        (A, "city:/org/a-rat", "Rat", 2015, 4, 2, 3, 0.75, 1),
        (B, "city:/org/b-bau", "Bauausschuss", 2016, 1, 0, 0, 0.0, 0),
        (B, "city:/org/b-rat", "Rat", 2015, 2, 0, 1, 0.5, 1),
    ]  # fmt: skip


def test_attendance_where_the_source_lists_participants(made):
    rows = made.execute(
        "SELECT body_key, person, member_meetings, member_meetings_attended, attendance_share, "
        "meetings_attended, other_meetings_attended FROM attendance"
    ).fetchall()
    assert rows == [
        # member throughout: a1, a2, a3 (a4, a6 called off, a5 lists nobody, a7 deleted)
        (A, "Anna Alt", 3, 3, 1.0, 3, 0),
        # member until March (two memberships, each meeting once): a1, a2; a3 as a guest
        (A, "Bernd Berg", 2, 1, 0.5, 2, 1),
        # a deputy member: expected nowhere, substituted at a2
        (A, "Carla Claus", 0, 0, None, 1, 1),
    ]  # fmt: skip
    # body B lists no participants: no rows, though Dora Dach is a member of its Rat
    assert one(made, f"SELECT count(*) FROM attendance WHERE body_key = '{B}'") == 0
