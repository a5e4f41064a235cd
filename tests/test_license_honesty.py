"""Licence honesty: what a council's OParl System or Body states as its licence decides whether
its files are published as open data (ratsinfo.portal.licenses, ratsinfo.portal.facts).

A known open licence, by any spelling, and an unknown URL are published under; a restriction
("Nutzung nur nach Genehmigung.", Erkelenz and Märkisch-Oderland) or an unknown text ("Stadt
Wuppertal") is no open licence: nothing is published, files of an earlier run are withdrawn, and
the run says why and exits 3, unless the operator sets RATSINFO_PORTAL_LICENSE. The real
statements come from ../shared/corpus (skipped when absent); the small warehouses from
test_portal_metadata.py; the end-to-end runs crawl the sample RIS on loopback."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from rdflib import RDF, Graph
from rdflib import namespace as ns

from ratsinfo.councils import Council
from ratsinfo.portal import (
    PortalConfig,
    classify_license,
    delivery_files,
    license_decision,
    portal_facts,
)
from ratsinfo.portal.datapackage import write_datapackage
from ratsinfo.portal.dcat import write_dcat
from ratsinfo.portal.licenses import (
    CC_BY_4,
    CC_BY_SA_4,
    CC_ZERO,
    DL_BY_DE_2,
    DL_ZERO_DE_2,
    LICENSES,
    OTHER_CLOSED,
    QUOTE_CHARS,
)
from ratsinfo.portal.readme import write_downloads_readme
from ratsinfo.report import RunReport, format_summary, verdict
from ratsinfo.warehouse import PUBLISHED, connect
from sample_ris import generate, render_body, render_system, serve
from tests.helpers import corpus_file, materialize_pipeline, run_command
from tests.test_portal_metadata import COUNCIL, _oparl_rows, build_warehouse, files_of, rebuild

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

RESTRICTED = "Nutzung nur nach Genehmigung."  # Erkelenz, Märkisch-Oderland
UNKNOWN_TEXT = "Stadt Wuppertal"  # oparl-missing/system.json
LEIPZIG = "Datenlizenz Deutschland Namensnennung 2.0"
SYSTEM_URL = "http://127.0.0.1:9/oparl/system"  # the System of build_warehouse
BODY_URL = "http://127.0.0.1:9/oparl/bodies/1"

# -- what the corpus states ------------------------------------------------------------------------

TESTDATA = "meine-stadt-transparent/testdata"
# every `license` value of the corpus's System and Body files: (kind, IRI of the open licence)
CORPUS_LICENSES = {
    RESTRICTED: ("restricted", None),
    UNKNOWN_TEXT: ("unknown-text", None),
    LEIPZIG: ("known", DL_BY_DE_2),
}
CORPUS_FILES = {
    f"{TESTDATA}/systems/Stadt Erkelenz.json": RESTRICTED,
    f"{TESTDATA}/systems/Landkreis Märkisch-Oderland.json": RESTRICTED,
    f"{TESTDATA}/systems/Stadt Leipzig.json": LEIPZIG,
    f"{TESTDATA}/oparl-missing/system.json": UNKNOWN_TEXT,
}


def stated_licenses(obj: object) -> list[str]:
    """Every value of a `license` key anywhere in an OParl object."""
    if isinstance(obj, dict):
        found = [v for k, v in obj.items() if k == "license"]
        return found + [s for v in obj.values() for s in stated_licenses(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in stated_licenses(v)]
    return []


@pytest.mark.parametrize("relative", sorted(CORPUS_FILES))
def test_the_corpus_statements_are_classified(relative):
    obj = json.loads(corpus_file(relative).read_text(encoding="utf-8"))
    assert stated_licenses(obj) == [CORPUS_FILES[relative]]
    statement = classify_license(CORPUS_FILES[relative])
    kind, iri = CORPUS_LICENSES[statement.stated]
    assert statement.kind == kind
    assert (statement.license.iri if statement.license else None) == iri
    assert statement.is_open == (kind == "known")


def test_every_license_in_the_corpus_systems_and_bodies_is_one_we_classified():
    testdata = corpus_file(f"{TESTDATA}/oparl-missing/system.json").parents[1]
    files = [
        *sorted((testdata / "systems").glob("*.json")),
        *sorted((testdata / "bodies").glob("*.json")),
        testdata / "oparl-missing" / "system.json",
        testdata / "oparl-missing" / "body.json",
    ]
    assert len(files) > 50
    seen = {}
    for path in files:
        obj = json.loads(path.read_text(encoding="utf-8"))
        for text in stated_licenses(obj):
            seen[text] = classify_license(text).kind  # never raises
            # the System (or Body) as it is, with its statement, decides without raising
            council = Council(key="corpus", name=path.stem, system_url=None, vendor="OParl")
            is_body = path.parent.name == "bodies" or path.name == "body.json"
            decision = license_decision(
                {} if is_body else obj, obj if is_body else {}, council, PortalConfig()
            )
            assert decision.publishable == classify_license(text).is_open, path
    assert seen == {text: kind for text, (kind, _) in CORPUS_LICENSES.items()}


# -- classification --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "iri"),
    [
        # Datenlizenz Deutschland – Namensnennung 2.0
        ("Datenlizenz Deutschland – Namensnennung – Version 2.0", DL_BY_DE_2),
        ("Datenlizenz Deutschland Namensnennung 2.0", DL_BY_DE_2),
        ("Data licence Germany – attribution – version 2.0", DL_BY_DE_2),
        ("dl-de/by-2-0", DL_BY_DE_2),
        ("DL-DE->BY-2.0", DL_BY_DE_2),
        ("dl-by-de/2.0", DL_BY_DE_2),
        ("https://www.govdata.de/dl-de/by-2-0", DL_BY_DE_2),
        ("http://dcat-ap.de/def/licenses/dl-by-de/2.0", DL_BY_DE_2),
        ("Datenlizenz Deutschland Namensnennung 2.0 (https://www.govdata.de/dl-de/by-2-0)",
         DL_BY_DE_2),
        # Datenlizenz Deutschland – Zero 2.0
        ("Datenlizenz Deutschland Zero 2.0", DL_ZERO_DE_2),
        ("Datenlizenz Deutschland – Zero – Version 2.0", DL_ZERO_DE_2),
        ("dl-de/zero-2-0", DL_ZERO_DE_2),
        # Creative Commons
        ("Creative Commons Namensnennung 4.0", CC_BY_4),
        ("Creative Commons Namensnennung 4.0 International", CC_BY_4),
        ("Creative Commons Attribution 4.0 International", CC_BY_4),
        ("CC BY 4.0", CC_BY_4),
        ("CC-BY-4.0", CC_BY_4),
        ("https://creativecommons.org/licenses/by/4.0/deed.de", CC_BY_4),
        ("CC BY-SA 4.0", CC_BY_SA_4),
        ("Creative Commons Attribution-ShareAlike 4.0 International", CC_BY_SA_4),
        ("Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0", CC_BY_SA_4),
        ("CC0", CC_ZERO),
        ("CC0 1.0 Universell", CC_ZERO),
        ("Creative Commons Zero", CC_ZERO),
        ("CC0 1.0 Universal – No Rights Reserved", CC_ZERO),
        ("https://creativecommons.org/publicdomain/zero/1.0/", CC_ZERO),
    ],
)  # fmt: skip
def test_known_licences_by_any_spelling(stated, iri):
    statement = classify_license(stated)
    assert (statement.kind, statement.license and statement.license.iri) == ("known", iri)
    assert statement.is_open


def test_every_known_licence_is_recognised_by_its_own_title_iri_and_url():
    for iri, lic in LICENSES.items():
        for spelling in (iri, lic.title, lic.url, lic.title.upper()):
            assert classify_license(spelling).license == lic, spelling


@pytest.mark.parametrize(
    "stated",
    [
        RESTRICTED,
        "Nutzung nur mit schriftlicher Genehmigung der Stadt",
        "alle Rechte vorbehalten",
        "All rights reserved.",
        "© Stadt Köln",
        "Nutzung nicht kommerziell",
        "CC BY-NC 4.0",
        "CC BY-ND 4.0",
        "Creative Commons Namensnennung – Nicht kommerziell – Keine Bearbeitungen 4.0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        "https://creativecommons.org/licenses/by-nd/4.0/",
        "Datenlizenz Deutschland – Namensnennung – nicht-kommerziell – Version 1.0",
        "https://www.govdata.de/dl-de/by-nc-1-0",
    ],
)
def test_restrictions_are_no_open_licence(stated):
    statement = classify_license(stated)
    assert (statement.kind, statement.license, statement.is_open) == ("restricted", None, False)
    assert "not an open licence" in statement.reason


@pytest.mark.parametrize(
    "stated",
    [UNKNOWN_TEXT, "frei <nutzbar>", "CC BY 3.0 DE", "Open Data", "Lizenz: siehe Impressum"],
)
def test_unknown_texts_are_no_open_licence(stated):
    statement = classify_license(stated)
    assert (statement.kind, statement.license, statement.is_open) == ("unknown-text", None, False)
    assert statement.reason.startswith(f"„{stated}“ is no licence we know")


def test_an_unknown_url_is_kept_as_stated_with_attribution():
    statement = classify_license("https://www.stadt.example/nutzungsbedingungen")
    assert statement.kind == "unknown-url" and statement.is_open
    assert statement.license is not None
    assert statement.license.iri == "https://www.stadt.example/nutzungsbedingungen"
    assert statement.license.attribution_required
    encoded = classify_license("https://x/> ; <evil")
    assert encoded.kind == "unknown-url" and encoded.problem  # percent-encoded, as before
    assert encoded.license and encoded.license.iri == "https://x/%3E%20;%20%3Cevil"


def test_the_reason_is_one_line_quoting_the_statement_cut_short():
    long_text = "Nutzung\nnur nach\tGenehmigung " + "durch die Stadtverwaltung " * 20
    statement = classify_license(long_text)
    assert statement.kind == "restricted"
    assert "\n" not in statement.reason and "\t" not in statement.reason
    assert statement.reason.startswith("„Nutzung nur nach Genehmigung durch die")
    quoted = statement.reason.split("“", 1)[0] + "“"
    assert len(quoted) == QUOTE_CHARS + 2 and quoted.endswith("…“")
    for text in ("", " ", "\x00\u202e", "x" * 10_000, "https://", "http://exa mple/"):
        classify_license(text)  # never raises


# -- the decision ----------------------------------------------------------------------------------

SAMPLE = Council(key="test", name="Stadt Testhausen", system_url=None, vendor="OParl")


def decide(system_license=None, body_license=None, license=None, council=SAMPLE):
    system = {"id": SYSTEM_URL} | ({"license": system_license} if system_license else {})
    body = {"id": BODY_URL} | ({"license": body_license} if body_license else {})
    return license_decision(system, body, council, PortalConfig(license=license))


def test_a_source_stating_nothing_gets_the_default_licence():
    decision = decide()
    assert (decision.license.iri, decision.from_source, decision.publishable) == (
        DL_BY_DE_2,
        False,
        True,
    )
    assert decision.withheld is None and decision.warnings == ()
    assert decide(license=CC_BY_4).license.iri == CC_BY_4  # the operator's, when set


def test_a_known_licence_by_name_is_the_sources():
    decision = decide(system_license=LEIPZIG)
    assert (decision.license.iri, decision.from_source, decision.publishable) == (
        DL_BY_DE_2,
        True,
        True,
    )
    unknown = decide(system_license="https://www.stadt.example/lizenz")
    assert unknown.publishable and unknown.license.iri == "https://www.stadt.example/lizenz"


@pytest.mark.parametrize("stated", [RESTRICTED, UNKNOWN_TEXT])
def test_no_open_licence_means_nothing_is_published_and_says_why(stated):
    decision = decide(system_license=stated)
    assert not decision.publishable
    assert decision.license.iri == OTHER_CLOSED and decision.from_source
    assert decision.license.url == SYSTEM_URL  # where the statement can be read
    why = decision.withheld or ""
    assert f"the OParl System {SYSTEM_URL} states the licence „{stated}“" in why
    assert "RATSINFO_PORTAL_LICENSE" in why and "\n" not in why


def test_the_body_speaks_before_the_system():
    decision = decide(system_license=RESTRICTED, body_license=LEIPZIG)
    assert decision.publishable and decision.license.iri == DL_BY_DE_2
    decision = decide(system_license=LEIPZIG, body_license=RESTRICTED)
    assert not decision.publishable
    assert f"the OParl Body {BODY_URL} states the licence „{RESTRICTED}“" in (
        decision.withheld or ""
    )


def test_the_council_registry_states_a_licence_when_oparl_does_not():
    council = Council(
        key="reg", name="Stadt Reg", system_url=None, vendor="OParl", license=RESTRICTED
    )
    decision = decide(council=council)
    assert not decision.publishable
    assert "the council registry's record of 'reg'" in (decision.withheld or "")


@pytest.mark.parametrize("stated", [RESTRICTED, UNKNOWN_TEXT])
def test_a_licence_the_operator_sets_is_used_with_a_warning(stated):
    decision = decide(system_license=stated, license="dl-de/zero-2-0")
    assert decision.publishable and decision.withheld is None
    assert (decision.license.iri, decision.from_source) == (DL_ZERO_DE_2, False)
    [warning] = decision.warnings
    assert f"the OParl System {SYSTEM_URL} states the licence „{stated}“" in warning
    assert "configured licence" in warning and "RATSINFO_PORTAL_LICENSE" in warning


def test_a_sources_open_licence_wins_over_the_setting_with_a_warning():
    decision = decide(system_license=LEIPZIG, license="CC0")
    assert decision.publishable and decision.license.iri == DL_BY_DE_2
    [warning] = decision.warnings
    assert "not used" in warning and LEIPZIG in warning


def test_a_setting_that_is_no_open_licence_is_ignored_with_a_warning():
    decision = decide(system_license=RESTRICTED, license="alle Rechte vorbehalten")
    assert not decision.publishable
    assert any("portal setting license" in w and "ignored" in w for w in decision.warnings)
    nothing_stated = decide(license="frei")
    assert nothing_stated.publishable and nothing_stated.license.iri == DL_BY_DE_2


def test_explicitly_set_means_the_environment_variable_or_the_field():
    assert PortalConfig().license is None
    assert PortalConfig.from_env({}).license is None
    assert PortalConfig.from_env({"RATSINFO_PORTAL_LICENSE": "dl-de/by-2-0"}).license == (
        "dl-de/by-2-0"
    )
    assert PortalConfig.from_env({}, license="CC0").license == "CC0"


# -- portal facts and files on a small warehouse ---------------------------------------------------


def facts_of(root: Path, config: PortalConfig | None = None):
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    try:
        return portal_facts(con, root / "publish", config, council=COUNCIL)
    finally:
        con.close()


def delivered(out: Path) -> set[str]:
    """The files of the open-data delivery present in `out`."""
    return {
        p.relative_to(out).as_posix() for name in delivery_files() for p in out.glob(name)
    } & set(files_of(out))


@pytest.mark.parametrize(
    ("stated", "publishable", "iri"),
    [
        (None, True, DL_BY_DE_2),
        (LEIPZIG, True, DL_BY_DE_2),
        ("https://www.stadt.example/lizenz", True, "https://www.stadt.example/lizenz"),
        (RESTRICTED, False, OTHER_CLOSED),
        (UNKNOWN_TEXT, False, OTHER_CLOSED),
    ],
)
def test_portal_facts_per_kind(tmp_path, stated, publishable, iri):
    out = build_warehouse(tmp_path, system_license=stated)
    facts = facts_of(tmp_path)
    assert (facts.publishable, facts.license.iri) == (publishable, iri)
    assert (facts.withheld is None) == publishable
    if publishable:
        assert {"dcat.ttl", "datapackage.json", "README.md", "SHA256SUMS"} <= delivered(out)
        assert facts.files
    else:
        assert delivered(out) == set() and facts.files == {}
        assert f"„{stated}“" in (facts.withheld or "")


@pytest.mark.parametrize("stated", [UNKNOWN_TEXT, RESTRICTED, LEIPZIG, "x\n" * 500])
def test_a_written_out_text_never_breaks_dcat_datapackage_or_readme(tmp_path, stated):
    build_warehouse(tmp_path, system_license=stated)  # publishes, or withdraws: never raises
    facts = facts_of(tmp_path)
    scratch = tmp_path / "scratch"  # the writers themselves, whatever the facts say
    scratch.mkdir()
    ttl, jsonld = write_dcat(facts, scratch)
    Graph().parse(ttl, format="turtle")
    Graph().parse(jsonld, format="json-ld")
    package = json.loads(write_datapackage(facts, scratch).read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"]
    readme = write_downloads_readme(facts, scratch).read_text(encoding="utf-8")
    assert "## Lizenz" in readme
    if not facts.publishable:  # what they would say is the truth: another, closed licence
        g = Graph().parse(ttl, format="turtle")
        [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
        assert {str(o) for o in g.objects(dataset, ns.DCTERMS.license)} == {OTHER_CLOSED}
        assert "Andere geschlossene Lizenz" in readme


@pytest.mark.parametrize("stated", [UNKNOWN_TEXT, RESTRICTED])
def test_with_the_operators_licence_everything_is_published_under_it(tmp_path, stated):
    out = build_warehouse(tmp_path, system_license=stated)
    assert delivered(out) == set()
    config = PortalConfig(license="https://www.govdata.de/dl-de/by-2-0")
    rebuild(tmp_path, out, config)
    g = Graph().parse(out / "dcat.ttl", format="turtle")
    [dataset] = g.subjects(RDF.type, ns.DCAT.Dataset)
    assert {str(o) for o in g.objects(dataset, ns.DCTERMS.license)} == {DL_BY_DE_2}
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["path"] == "https://www.govdata.de/dl-de/by-2-0"
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "wie von der Quelle angegeben" not in readme  # the operator's, not the source's
    assert any(f"„{stated}“" in w for w in facts_of(tmp_path, config).warnings)


def test_files_of_an_earlier_run_are_withdrawn_others_stay(tmp_path):
    out = build_warehouse(tmp_path)  # nothing stated: published under dl-by-de/2.0
    before = delivered(out)
    assert {"vorlagen.csv", "manifest.json", "dcat.ttl", "feeds/all.atom", "index.html"} <= before
    (out / "notes.txt").write_text("the operator's own file")
    con = connect(tmp_path / "w.duckdb")
    try:  # the council now says its data need its permission
        con.execute("DELETE FROM raw_responses")
        from ratsinfo.warehouse import replace_rows

        replace_rows(con, "raw_responses", _oparl_rows(None, RESTRICTED))
    finally:
        con.close()
    rebuild(tmp_path, out)
    assert delivered(out) == set()
    assert set(files_of(out)) == {"notes.txt"}


# -- the run says why ------------------------------------------------------------------------------


def test_the_summary_says_no_open_data_files_were_published_and_exits_3():
    report = RunReport(source="s", pages_to_fetch=10, withheld="the OParl System X states …")
    code, reasons = verdict(report)
    assert code == 3
    assert reasons == ["no open-data files published: the OParl System X states …"]
    summary = format_summary(report, code, reasons)
    assert "INCOMPLETE (exit 3)" in summary
    assert "why       no open-data files published: the OParl System X states …" in summary
    assert "nothing published to" in summary
    report.read_materialization({"published": False, "withheld": "first"})
    report.read_materialization({"withheld": "second"})
    assert report.withheld == "the OParl System X states …"  # the first reason stays
    assert verdict(RunReport(source="s", pages_to_fetch=10))[0] == 0


# -- the sample RIS can state a licence ------------------------------------------------------------


def test_the_sample_states_no_licence_unless_asked():
    ris = generate(2, seed=0)
    assert "license" not in render_system(ris, "http://h") | render_body(ris, "http://h")
    assert render_system(ris, "http://h", RESTRICTED)["license"] == RESTRICTED
    assert render_body(ris, "http://h", LEIPZIG)["license"] == LEIPZIG
    import requests

    with serve(ris, license=RESTRICTED, body_license=LEIPZIG) as base:
        assert requests.get(f"{base}/oparl/system", timeout=5).json()["license"] == RESTRICTED
        body = requests.get(f"{base}/oparl/bodies", timeout=5).json()["data"][0]
        assert body["license"] == LEIPZIG
        assert requests.get(f"{base}/oparl/bodies/1", timeout=5).json()["license"] == LEIPZIG
        base.server.license = None
        assert "license" not in requests.get(f"{base}/oparl/system", timeout=5).json()


# -- end to end ------------------------------------------------------------------------------------


def materialized(result) -> dict[str, dict[str, object]]:
    return {
        e.asset_key.to_user_string(): {k: v.value for k, v in e.materialization.metadata.items()}
        for e in result.get_asset_materialization_events()
    }


@pytest.mark.slow
def test_the_pipeline_withholds_and_withdraws_for_a_council_that_needs_permission(tmp_path):
    out = tmp_path / "publish"
    with serve(generate(8, seed=21)) as base:
        source = f"{base}/oparl/system"
        first = materialize_pipeline(tmp_path, source=source)
        assert first.success  # type: ignore[attr-defined]
        assert {"vorlagen.csv", "manifest.json", "dcat.ttl", "index.html"} <= delivered(out)
        base.server.license = RESTRICTED  # the council now says so
        second = materialize_pipeline(tmp_path, source=source)
        assert second.success  # type: ignore[attr-defined]
        assert delivered(out) == set()  # nothing stays that claims dl-by-de/2.0
        # the operator obtains the council's permission and sets the licence: all is back
        third = materialize_pipeline(
            tmp_path, source=source, portal=PortalConfig(license="dl-de/by-2-0")
        )
    meta = materialized(second)
    why = f"the OParl System {source} states the licence „{RESTRICTED}“"
    for key in [f"{t}_files" for t in PUBLISHED] + ["manifest", "dcat_metadata", "portal_page"]:
        assert meta[key]["published"] is False, key
        assert str(meta[key]["withheld"]).startswith(why), key
    assert meta["vorlagen_files"]["withdrawn"] == [
        str(out / "vorlagen.parquet"),
        str(out / "vorlagen.csv"),
    ]
    [check] = [
        e for e in second.get_asset_check_evaluations() if e.check_name == "open_data_published"
    ]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert str(check.metadata["withheld"].value).startswith(why)
    con = connect(tmp_path / "w.duckdb", read_only=True)
    try:  # the data are loaded all the same
        assert con.execute("SELECT count(*) FROM vorlagen").fetchone()[0] == 10
    finally:
        con.close()
    assert third.success  # type: ignore[attr-defined]
    assert {"vorlagen.csv", "manifest.json", "dcat.ttl", "index.html"} <= delivered(out)
    assert all(e.passed for e in third.get_asset_check_evaluations())
    assert "published" not in materialized(third)["vorlagen_files"]


@pytest.mark.slow
def test_ratsinfo_run_publishes_nothing_for_nutzung_nur_nach_genehmigung_and_says_why(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    env.pop("RATSINFO_PORTAL_LICENSE", None)
    with serve(generate(8, seed=22), license=RESTRICTED) as base:
        source = f"{base}/oparl/system"
        done = subprocess.run(
            run_command(source, tmp_path), env=env, capture_output=True, text=True, timeout=300
        )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "INCOMPLETE (exit 3)" in done.stdout
    [why] = [line for line in done.stdout.splitlines() if "no open-data files published" in line]
    assert why.strip() == (
        f"why       no open-data files published: the OParl System {source} states the licence "
        f"„{RESTRICTED}“, a restriction (use only with permission), not an open licence; set "
        "RATSINFO_PORTAL_LICENSE to the licence you may publish the council's data under (e.g. "
        "with its permission) to publish them"
    )
    assert "Traceback" not in done.stdout + done.stderr
    assert delivered(tmp_path / "publish") == set()
