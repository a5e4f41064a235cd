"""The bundled sample RIS one night later (evolve), and swapping it while it is served."""

from __future__ import annotations

import datetime as dt

import pytest

from ratsinfo.parse import parse_paper_page
from sample_ris import (
    EvolveReport,
    SamplePaper,
    SampleRIS,
    evolve,
    generate,
    http_date,
    render_paper_json,
    render_paper_page,
    serve,
)
from tests.sample_support import BASE, get, get_json


def paper_of(ris: SampleRIS, volfdnr: int) -> SamplePaper:
    paper = ris.paper(volfdnr)
    assert paper is not None, volfdnr
    return paper


# --------------------------------------------------------------------------------------------
# Evolution: the RIS one night later


@pytest.fixture(scope="module")
def before() -> SampleRIS:
    return generate(1000, seed=2)


@pytest.fixture(scope="module")
def night(before: SampleRIS) -> tuple[SampleRIS, EvolveReport]:
    return evolve(before, 0.01, seed=0, deleted=2)


def test_evolve_counts(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    assert len(before.papers) == 1002
    assert len(report.touched) == round(0.01 * 1002) == 10
    assert (len(report.new), len(report.changed), len(report.deleted)) == (5, 5, 2)
    assert len(set(report.new) | set(report.changed) | set(report.deleted)) == 12
    assert len(after.papers) == len(before.papers) + 5
    assert report.end == after.end == after.today == before.today + dt.timedelta(days=1)
    assert all(paper_of(before, v).is_open for v in report.changed)
    assert evolve(before, 0.0)[1].touched == ()
    big, big_report = evolve(before, 0.2, seed=1)
    assert len(big_report.touched) == 200 and len(big_report.new) == 100
    assert len(big.papers) == 1102
    # too few open papers: the newest finished ones get a "Beschluss" or "Nachtrag" section
    amended = [paper_of(big, v) for v in big_report.changed if not paper_of(before, v).is_open]
    assert amended and all(p.extra_sections and p.modified == big.today for p in amended)
    assert {p.extra_sections[-1].title for p in amended} >= {"Beschluss"}
    for p in amended[:5]:
        assert render_paper_page(p, BASE) != render_paper_page(paper_of(before, p.volfdnr), BASE)
    assert len(evolve(before, 0.015)[1].touched) == round(0.015 * 1002)


def test_evolve_is_deterministic(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    again, report2 = evolve(before, 0.01, seed=0, deleted=2)
    assert report2 == report
    assert again.papers == after.papers and again.meetings == after.meetings
    other = evolve(before, 0.01, seed=1, deleted=2)[1]
    assert (other.changed, other.deleted) != (report.changed, report.deleted)


def test_evolve_leaves_the_original_untouched(before: SampleRIS) -> None:
    papers, meetings, end = tuple(before.papers), before.meetings, before.end
    last = before.papers[-1]
    after, report = evolve(before, 0.05, seed=3, deleted=3)
    assert tuple(before.papers) == papers and all(
        a is b for a, b in zip(before.papers, papers, strict=True)
    )
    assert before.meetings is meetings and before.end == end
    for v in report.new:
        assert before.paper(v) is None and after.paper(v) is not None
    assert before.paper(last.volfdnr) is last
    for v in report.changed + report.deleted:
        old, new = before.paper(v), after.paper(v)
        assert old is not None and new is not None and old is not new
        assert not old.deleted and old.modified is None
        assert before.by_reference(old.reference) is old
        assert after.by_reference(old.reference) is new


def test_evolve_unchanged_papers_are_the_same(
    before: SampleRIS, night: tuple[SampleRIS, EvolveReport]
) -> None:
    after, report = night
    touched = set(report.touched) | set(report.deleted)
    unchanged = [p for p in before.papers if p.volfdnr not in touched]
    assert len(unchanged) == 1002 - 7
    for p in unchanged:
        assert after.paper(p.volfdnr) is p
    for p in unchanged[::25]:
        q = after.paper(p.volfdnr)
        assert q is not None
        assert render_paper_page(q, BASE) == render_paper_page(p, BASE)
        assert render_paper_json(q, BASE) == render_paper_json(p, BASE)


def test_evolve_changed_papers_progress(
    before: SampleRIS, night: tuple[SampleRIS, EvolveReport]
) -> None:
    after, report = night
    for v in report.changed:
        old, new = before.paper(v), after.paper(v)
        assert old is not None and new is not None
        assert new.modified == new.last_modified == report.end
        assert render_paper_page(new, BASE) != render_paper_page(old, BASE)
        assert new.vorlage == old.vorlage and new.date == old.date
        # one consultation further: more decided rows, or a meeting row where there was none
        decided = [sum(1 for b in p.beratungsfolge if b.decision) for p in (old, new)]
        meetings = [sum(1 for b in p.beratungsfolge if b.meeting_position) for p in (old, new)]
        assert decided[1] > decided[0] or meetings[1] > meetings[0], new.reference
        for b in new.beratungsfolge:
            if b.decision and b.decision != "vertagt":
                assert b.date is not None and b.date <= report.end
                assert b.state == "Erledigt"
        page = parse_paper_page(render_paper_page(new, BASE), f"{BASE}/vo020")
        assert page.beratungsfolge == new.expected_beratungsfolge(BASE)
        assert page.sections == new.sections
    meeting_ids = {m.id for m in after.meetings}
    for p in after.papers:
        for b in p.beratungsfolge:
            if b.meeting_url:
                assert int(b.meeting_url.split("SILFDNR=")[1].split("&")[0]) in meeting_ids
    agenda_items = [b.agenda_item_url for p in after.papers for b in p.beratungsfolge]
    agenda_items = [a for a in agenda_items if a]
    assert len(agenda_items) == len(set(agenda_items))  # every agenda item is one paper's


def test_evolve_new_papers(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    new = [paper_of(after, v) for v in report.new]
    assert [p.volfdnr for p in after.papers[-5:]] == list(report.new)
    last_number = max(int(p.reference[3:8]) for p in before.papers)
    numbers = [int(p.reference[3:8]) for p in new]
    assert numbers == list(range(last_number + 1, last_number + 6))
    assert min(report.new) > max(p.volfdnr for p in before.papers)
    assert min(p.file_id for p in new) > max(p.file_id for p in before.papers)
    for p in new:
        assert p.date == report.end and p.reference.startswith("26-")
        assert after.by_reference(p.reference) is p and before.by_reference(p.reference) is None
        assert p.is_open or not p.beratungsfolge
        page = parse_paper_page(render_paper_page(p, BASE), f"{BASE}/vo020")
        assert page.vorlage == p.vorlage and page.sections == p.sections
    dates = [(p.date, p.volfdnr) for p in after.papers]
    assert dates == sorted(dates)
    three_days = evolve(before, 0.02, days=3)[0]
    assert {p.date for p in three_days.papers[-10:]} <= {
        before.today + dt.timedelta(days=k) for k in (1, 2, 3)
    }


def test_evolve_deleted_papers(before: SampleRIS, night: tuple[SampleRIS, EvolveReport]) -> None:
    after, report = night
    for v in report.deleted:
        p = after.paper(v)
        assert p is not None and p.deleted and p.last_modified == report.end
        assert p in after.papers
        obj = render_paper_json(p, BASE)
        assert obj["deleted"] is True and obj["id"] == f"{BASE}/oparl/papers/{v}"
        assert "reference" not in obj


def test_evolve_nights_in_a_row(before: SampleRIS) -> None:
    ris = before
    for night_no in range(5):
        size = len(ris.papers)
        ris, report = evolve(ris, 0.01, seed=night_no)
        assert len(report.touched) == round(0.01 * size)
        assert len(ris.papers) == size + len(report.new)
    assert ris.today == before.today + dt.timedelta(days=5)
    assert len({p.reference for p in ris.papers}) == len(ris.papers)
    assert len({p.volfdnr for p in ris.papers}) == len(ris.papers)


# --------------------------------------------------------------------------------------------
# A changing RIS on the server


def test_swapping_the_ris_while_serving(
    before: SampleRIS, night: tuple[SampleRIS, EvolveReport]
) -> None:
    after, report = night
    changed, deleted = report.changed[0], report.deleted[0]
    unchanged = next(p for p in before.papers if p.volfdnr not in report.touched + report.deleted)
    with serve(before) as base:
        urls = {
            v: f"{base}/public/vo020?VOLFDNR={v}" for v in (changed, deleted, unchanged.volfdnr)
        }
        tags = {v: get(url)[1]["ETag"] for v, url in urls.items()}
        modified = {v: get(url)[1]["Last-Modified"] for v, url in urls.items()}
        old_pdf = get(f"{base}/public/doc?DOLFDNR={before.papers[-1].file_id}")
        assert old_pdf[0] == 200
        first_list = get_json(f"{base}/oparl/papers?body=1")
        new_paper = after.paper(report.new[-1])
        assert new_paper is not None
        assert get(f"{base}/public/vo020?VOLFDNR={new_paper.volfdnr}")[0] == 404
        assert get(f"{base}/public/doc?DOLFDNR={new_paper.file_id}")[0] == 404

        base.server.ris = after  # the next night
        assert base.server.ris is after
        assert get(urls[unchanged.volfdnr], {"If-None-Match": tags[unchanged.volfdnr]})[0] == 304
        assert (
            get(urls[unchanged.volfdnr], {"If-Modified-Since": modified[unchanged.volfdnr]})[0]
            == 304
        )
        status, headers, _ = get(urls[changed], {"If-None-Match": tags[changed]})
        assert status == 200 and headers["ETag"] != tags[changed]
        assert headers["Last-Modified"] == http_date(report.end)
        assert get(urls[changed], {"If-Modified-Since": modified[changed]})[0] == 200
        assert get(urls[deleted])[0] == 404
        assert get_json(f"{base}/oparl/papers/{deleted}")["deleted"] is True
        assert get(f"{base}/public/vo020?VOLFDNR={new_paper.volfdnr}")[0] == 200
        assert get(f"{base}/public/doc?DOLFDNR={new_paper.file_id}")[0] == 200  # cache renewed

        # the list: more elements, the new papers at the end of the last page
        first = get_json(f"{base}/oparl/papers?body=1")
        assert first_list["pagination"]["totalElements"] == 1002
        assert first["pagination"]["totalElements"] == len(after.papers) == 1007
        last = get_json(first["links"]["last"])
        assert len(last["data"]) == 7
        assert last["pagination"]["currentPage"] == last["pagination"]["totalPages"] == 101
        assert "next" not in last["links"] and last["links"]["self"] == first["links"]["last"]
        refs = [p["reference"] for p in last["data"]]
        assert refs[-5:] == [paper_of(after, v).reference for v in report.new]
        for obj in last["data"][-5:]:
            assert get_json(obj["id"]) == obj
            assert get(obj["web"])[0] == 200
        prev = get_json(last["links"]["prev"])
        assert prev["links"]["next"] == first["links"]["last"]
        walked = [obj["id"] for obj in prev["data"] + last["data"]]
        assert walked == [f"{base}/oparl/papers/{p.volfdnr}" for p in after.papers[-len(walked) :]]
        deleted_in_list = [
            obj
            for n in range(1, 102)
            for obj in get_json(f"{base}/oparl/papers?body=1&page={n}")["data"]
            if obj["deleted"]
        ]
        assert sorted(int(o["id"].rsplit("/", 1)[1]) for o in deleted_in_list) == sorted(
            report.deleted
        )
