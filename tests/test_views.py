"""The analytics views of warehouse/views.sql on the bundled sample RIS (one real pipeline run)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from decimal import Decimal

import duckdb
import pytest

from ratsinfo.paths import SQL_DIR
from ratsinfo.warehouse import connect

VIEWS = (
    "papers_per_month",
    "papers_per_month_by_type",
    "questions_answered",
    "answer_times",
    "committee_workload",
    "funding_amounts",
    "funding_by_recipient_year",
    "funding_by_department",
)
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
    for view in VIEWS:
        assert f"CREATE OR REPLACE VIEW {view} AS" in text
        header = text.split(f"-- {view} ")[1].split("CREATE OR REPLACE VIEW")[0]
        for part in ("Answers:", "Grain:", "Example:"):
            assert part in header, (view, part)
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
        ((m, t), n) for m, t, n in con.execute("SELECT * FROM papers_per_month_by_type").fetchall()
    )
    per_committee: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    for month, kind, _, n in con.execute("SELECT * FROM papers_per_month").fetchall():
        assert month.day == 1
        per_committee[(month, kind)].append(n)
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
    for _, _, q, a, median, mean in con.execute("SELECT * FROM answer_times").fetchall():
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
