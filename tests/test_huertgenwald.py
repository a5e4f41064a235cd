"""Acceptance on real data: the complete OParl crawl of Gemeinde Hürtgenwald (Sternberg SD.NET
RIM, ../shared/corpus/oparl-validator-rs-huertgenwald), replayed on loopback.

The recording holds the System, the Body, the complete paper list (85 pages, 2,115 papers), the
organizations, person page 1 of 2 and meeting pages 1, 2 and 15 of 15; the other pages were not
recorded and answer 404, as a server that fails them would. The counts below are read from the
recording itself, independently of the pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from sample_ris.replay import Mount, base_url, serve_recordings
from tests.helpers import CORPUS, materialize_pipeline

pytestmark = pytest.mark.slow

RECORDING = CORPUS / "oparl-validator-rs-huertgenwald"
ORIGINAL = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"
API = "/rim4220/webservice/oparl/v1.0/"


def _recording() -> Path:
    if not (RECORDING / "system.json").is_file():
        pytest.skip(f"corpus not found: {RECORDING} (the shared corpus is absent)")
    return RECORDING


def _listed(kind: str) -> list[dict]:
    """Every object of one recorded list (all its recorded pages)."""
    objects = []
    for file in sorted((RECORDING / "body" / "1").glob(f"{kind}*.json")):
        objects += json.loads(file.read_text(encoding="utf-8"))["data"]
    return objects


def _counts_in_recording() -> dict[str, int]:
    papers = [p for p in _listed("paper") if not p.get("deleted")]
    consultations = {c["id"] for p in papers for c in p.get("consultation", [])}
    paper_files = {
        f["id"]
        for p in papers
        for f in [p.get("mainFile"), *p.get("auxiliaryFile", [])]
        if isinstance(f, dict)
    }
    return {
        "papers": len({p["id"] for p in papers}),
        "consultations": len(consultations),
        "paper_files": len(paper_files),
        "organizations": len(_listed("organization")),
        "meetings": len(_listed("meeting")),
    }


def _query(root: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def huertgenwald(tmp_path_factory):
    recording = _recording()
    root = tmp_path_factory.mktemp("huertgenwald")
    with serve_recordings([Mount(API, recording, ORIGINAL)]) as server:
        system = base_url(server) + API + "system"
        first = materialize_pipeline(root, source=system)
        requests_first = list(server.requests)
        second = materialize_pipeline(root, source=system)  # the next night's run
        requests_second = server.requests[len(requests_first) :]
    yield root, first, second, requests_first, requests_second


def test_huertgenwald_crawl_loads_every_object(huertgenwald):
    root, first, _, requests, _ = huertgenwald
    assert first.success
    expected = _counts_in_recording()
    assert expected["papers"] == 2097 and expected["consultations"] == 2228  # 2,115 listed, 18 gone
    loaded = {
        "papers": _query(root, "SELECT count(*) FROM vorlagen")[0][0],
        "consultations": _query(root, "SELECT count(DISTINCT consultation_id) FROM beratungsfolge")[
            0
        ][0],
        "paper_files": _query(
            root, "SELECT count(*) FROM files WHERE paper_id IS NOT NULL AND role <> 'page'"
        )[0][0],
        "organizations": _query(root, "SELECT count(*) FROM organizations")[0][0],
        "meetings": _query(root, "SELECT count(*) FROM meetings")[0][0],
    }
    assert loaded == expected
    # every consultation names its committee, resolved through the organizations
    [(unnamed,)] = _query(root, "SELECT count(*) FROM beratungsfolge WHERE committee IS NULL")
    assert unnamed == 0
    # paper 2/2007: consultation 1520 in organization 1-13 at meeting 334 (30.01.2007)
    [(subject, committee, meeting, date)] = _query(
        root,
        "SELECT v.subject, b.committee, b.meeting, b.date FROM vorlagen v "
        "JOIN beratungsfolge b USING (paper_id) WHERE v.reference = '2/2007'",
    )
    assert subject.startswith('Vorstellung des Projektes "Dorfrundgänge"')
    assert committee == "Ausschuss für Wirtschaft, Tourismus und Landwirtschaft"
    assert meeting == "Ausschuss für Wirtschaft, Tourismus und Landwirtschaft (3. 3. Sitzung)"
    assert str(date) == "2007-01-30"
    # the deleted papers are listed but not loaded; papers without paperType load without one
    [(gone,)] = _query(root, "SELECT count(*) FROM oparl_papers WHERE deleted")
    assert gone == 18
    [(untyped,)] = _query(root, "SELECT count(*) FROM vorlagen WHERE paper_type IS NULL")
    assert untyped == sum(
        1 for p in _listed("paper") if not p.get("deleted") and not p.get("paperType")
    )
    # Sternberg's pages are not read: not one request outside the OParl API
    assert [r for r in requests if not r.startswith(API) and r != "/robots.txt"] == []
    # names keep the vendor's line breaks as sent (agenda item 3540 of meeting 333)
    [(item,)] = _query(
        root, "SELECT name FROM agenda_items WHERE agenda_item_id LIKE '%/agendaitem/3540'"
    )
    assert item.startswith("Regelförderung der Vereine") and "; \nhier: Neuverteilung" in item
    [(vendor, body)] = _query(root, "SELECT vendor, name FROM bodies")
    assert vendor == "sternberg" and body == "Gemeinde Hürtgenwald"


def test_huertgenwald_gaps_in_the_recording_are_reported_not_hidden(huertgenwald):
    root, *_ = huertgenwald
    [(complete, kinds)] = _query(
        root, "SELECT listing_complete, error_kinds FROM crawl_runs ORDER BY started_at LIMIT 1"
    )
    assert complete is False and json.loads(kinds) == {"HTTP 4xx": 2}


def test_huertgenwald_next_run_fetches_no_pages_and_keeps_everything(huertgenwald):
    root, _, second, _, requests = huertgenwald
    assert second.success
    assert [r for r in requests if not r.startswith(API) and r != "/robots.txt"] == []
    # the first run's listing was incomplete (the recording's gaps), so modified_since has no
    # safe start: the paper list is walked from its newest page until known papers, 2 pages
    assert [r for r in requests if "/body/1/paper" in r] == [
        API + "body/1/paper",
        API + "body/1/paper?page=85",
    ]
    [(papers,)] = _query(root, "SELECT count(*) FROM vorlagen")
    assert papers == 2097


def test_two_bodies_on_one_host_stay_apart(tmp_path):
    """KDVZ Frechen serves many Systems on one host (/rim4220/, /rim4230/ ...), and a System may
    hold several Bodies: both shapes, from the same recording, into one warehouse."""
    recording = _recording()
    other_api = "/rim4230/webservice/oparl/v1.0/"
    bodies = json.loads((recording / "body.json").read_text(encoding="utf-8"))
    second = json.loads(
        json.dumps(bodies["data"][0]).replace(f"{ORIGINAL}/body/1", f"{ORIGINAL}/body/2")
    )
    second["name"] = "Zweite Körperschaft"
    two_bodies = json.dumps(bodies | {"data": [*bodies["data"], second]}).encode()
    mounts = [
        Mount(API + "body/2/", recording / "body" / "1", f"{ORIGINAL}/body/1"),
        Mount(API, recording, ORIGINAL, extra={"body": two_bodies}),
        Mount(other_api, recording, ORIGINAL),
    ]
    with serve_recordings(mounts) as server:
        base = base_url(server)
        assert materialize_pipeline(tmp_path, source=base + API + "system").success
        assert materialize_pipeline(tmp_path, source=base + other_api + "system").success
    per_body = _query(
        tmp_path,
        "SELECT b.name, v.source, count(*), count(DISTINCT v.reference) FROM vorlagen v "
        "JOIN bodies b USING (body_key) GROUP BY ALL ORDER BY 2, 1",
    )
    assert [(name, n) for name, _, n, _ in per_body] == [
        ("Gemeinde Hürtgenwald", 2097),
        ("Zweite Körperschaft", 2097),
        ("Gemeinde Hürtgenwald", 2097),
    ]
    assert len({source for _, source, _, _ in per_body}) == 2  # two Systems: two sources
    # nothing mixed: each body's consultations, files and committees are its own
    [(mixed,)] = _query(
        tmp_path,
        "SELECT count(*) FROM beratungsfolge b JOIN vorlagen v USING (paper_id) "
        "JOIN organizations o USING (organization_id) "
        "WHERE b.body_key <> v.body_key OR o.body_key <> v.body_key",
    )
    assert mixed == 0
    [(files,)] = _query(
        tmp_path,
        "SELECT count(*) FROM files f JOIN vorlagen v USING (paper_id) "
        "WHERE f.body_key <> v.body_key",
    )
    assert files == 0
    # the same reference names a different paper in each body
    refs = _query(tmp_path, "SELECT body_key FROM vorlagen WHERE reference = '2/2007'")
    assert len({r[0] for r in refs}) == 3


def _recording_of_our_own(root: Path) -> None:
    """A small complete crawl in Sternberg's shape (our own invented council), real stamps."""
    base = "https://ris.example.org/rim1/webservice/oparl/v1.0"
    body = f"{base}/body/1"
    stamp = "2026-11-30T10:00:00+01:00"

    def listing(kind: str, data: list[dict]) -> dict:
        url = f"{body}/{kind}"
        return {
            "data": data,
            "pagination": {"totalElements": len(data), "elementsPerPage": 25,
                           "currentPage": 1, "totalPages": 1},
            "links": {"first": f"{url}?page=1", "self": f"{url}?page=1", "last": f"{url}?page=1"},
        }  # fmt: skip

    org = {"id": f"{body}/organization/1-1", "type": "https://schema.oparl.org/1.0/Organization",
           "name": "Gemeinderat", "modified": stamp}  # fmt: skip
    person = {"id": f"{body}/person/7", "type": "https://schema.oparl.org/1.0/Person",
              "name": "Erika Beispiel", "modified": stamp,
              "membership": [{"id": f"{body}/membership/70", "organization": org["id"],
                              "role": "Mitglied", "votingRight": True}]}  # fmt: skip
    meeting = {"id": f"{body}/meeting/5", "type": "https://schema.oparl.org/1.0/Meeting",
               "name": "Gemeinderat (1. Sitzung)", "start": "2026-11-12T18:00:00+01:00",
               "organization": [org["id"]], "participant": [person["id"]], "modified": stamp,
               "agendaItem": [{"id": f"{body}/agendaitem/50", "number": "1.",
                               "name": "Haushalt 2027", "result": "beschlossen",
                               "consultation": f"{body}/consultation/500"}]}  # fmt: skip
    paper = {"id": f"{body}/paper/9", "type": "https://schema.oparl.org/1.0/Paper",
             "name": "Haushalt 2027", "reference": "12/2026", "paperType": "Beschlussvorlage",
             "date": "2026-11-01", "modified": stamp, "originatorPerson": [person["id"]],
             "web": "https://ris.example.org/rim1/vorgang/?__=x",
             "consultation": [{"id": f"{body}/consultation/500", "meeting": meeting["id"],
                               "organization": [org["id"]], "role": "Entscheidung",
                               "authoritative": True}]}  # fmt: skip
    files = {
        "system.json": {"id": f"{base}/system", "type": "https://schema.oparl.org/1.0/System",
                        "body": f"{base}/body", "vendor": "https://www.sitzungsdienst.net/",
                        "license": "https://creativecommons.org/licenses/by/4.0/"},
        "body.json": {"data": [{"id": body, "type": "https://schema.oparl.org/1.0/Body",
                                "name": "Gemeinde Beispielstadt",
                                "organization": f"{body}/organization",
                                "person": f"{body}/person", "meeting": f"{body}/meeting",
                                "paper": f"{body}/paper", "modified": stamp}],
                      "links": {}},
        "body/1/organization.json": listing("organization", [org]),
        "body/1/person.json": listing("person", [person]),
        "body/1/meeting.json": listing("meeting", [meeting]),
        "body/1/paper.json": listing("paper", [paper]),
    }  # fmt: skip
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def test_a_complete_crawl_with_real_stamps_lists_only_what_changed_next_time(tmp_path):
    recording = tmp_path / "recording"
    _recording_of_our_own(recording)
    api = "/rim1/webservice/oparl/v1.0/"
    original = "https://ris.example.org/rim1/webservice/oparl/v1.0"
    with serve_recordings([Mount(api, recording, original)]) as server:
        system = base_url(server) + api + "system"
        assert materialize_pipeline(tmp_path, source=system).success
        first = len(server.requests)
        assert materialize_pipeline(tmp_path, source=system).success
        again = server.requests[first:]
    for kind in ("paper", "meeting", "organization", "person"):
        asked = [r for r in again if f"/body/1/{kind}" in r]
        assert asked and all("modified_since=" in r for r in asked), (kind, again)
    [(complete,)] = _query(tmp_path, "SELECT bool_and(listing_complete) FROM crawl_runs")
    assert complete
    # the whole model, linked up
    [(committee, date, decision, agenda)] = _query(
        tmp_path, "SELECT committee, date, decision, agenda_item_id FROM beratungsfolge"
    )
    assert (committee, str(date), decision) == ("Gemeinderat", "2026-11-12", "beschlossen")
    assert agenda.endswith("/agendaitem/50")
    assert _query(tmp_path, "SELECT originators FROM vorlagen") == [(["Erika Beispiel"],)]
    assert _query(tmp_path, "SELECT participants, participant_ids FROM meetings") == [
        (
            1,
            [
                "Beispiel:/rim1/webservice/oparl/v1.0/body/1/person/7".replace(
                    "Beispiel", _source(tmp_path)
                )
            ],
        )
    ]
    [(role, org)] = _query(tmp_path, "SELECT role, organization_id FROM memberships")
    assert role == "Mitglied" and org.endswith("/organization/1-1")


def _source(root: Path) -> str:
    return _query(root, "SELECT source FROM systems")[0][0]
