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
