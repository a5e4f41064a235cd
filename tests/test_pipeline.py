"""The Dagster graph end to end on the bundled sample RIS, against temporary DuckDB files."""

import datetime as dt
from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from assets.resources import COUNCIL_PARTITIONS, DOCUMENTS_POOL, WAREHOUSE_POOL
from pipelines.definitions import ALL_ASSETS, defs
from ratsinfo.warehouse import PUBLISHED
from sample_ris import fault_response, generate, serve
from tests.helpers import materialize_pipeline, published_files

N_SAMPLE = 40
SAMPLE_PAPERS = 60  # the session's sample council (tests/conftest.py)


def run(tmp_path, source="sample", **settings):
    return materialize_pipeline(tmp_path, source, sample_papers=N_SAMPLE, **settings)


def query(tmp_path, sql, params=None):
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(tmp_path):
    return {
        t: query(tmp_path, f"SELECT * FROM {t} ORDER BY ALL")
        for t in (*PUBLISHED, "oparl_papers", "parse_failures")
    }


def test_definitions_load_with_schedule_and_pool():
    repo = defs.get_repository_def()
    schedule = repo.get_schedule_def("nightly_ingestion_schedule")
    assert schedule.cron_schedule == "30 2 * * *"
    assert schedule.execution_timezone == "Europe/Berlin"
    writers = [a for a in ALL_ASSETS if isinstance(a, dg.AssetsDefinition)]
    # every step writing a warehouse file is in the writers' pool, but the documents step (PDF
    # text: CPU), which has its own pool; every asset is partitioned by council
    pools = {a.op.name: a.op.pool for a in writers}
    assert pools.pop("documents") == DOCUMENTS_POOL
    assert writers and set(pools.values()) == {WAREHOUSE_POOL}
    assert all(a.partitions_def == COUNCIL_PARTITIONS for a in writers)
    weekly = repo.get_schedule_def("weekly_reconciliation_schedule")
    assert (weekly.cron_schedule, weekly.execution_timezone) == ("30 3 * * 0", "Europe/Berlin")
    for a in writers:
        for key in a.keys:
            assert a.specs_by_key[key].description, key


def test_every_asset_has_kinds():
    for a in ALL_ASSETS:
        for key in a.keys:
            assert a.specs_by_key[key].kinds, f"{key.to_user_string()} has no kinds"


def test_dg_finds_the_code_location():
    import tomllib

    from tests.helpers import FIXTURES

    config = tomllib.loads((FIXTURES.parents[1] / "pyproject.toml").read_text())
    project = config["tool"]["dg"]["project"]
    assert project["code_location_target_module"] == "pipelines.definitions"
    import importlib

    assert importlib.import_module(project["code_location_target_module"]).defs


@pytest.fixture(scope="module")
def sample_run(sample_pipeline):
    return sample_pipeline  # read-only: the session's sample council


def test_seed_paper_lands_in_vorlagen(sample_run):
    tmp_path, _ = sample_run
    [row] = query(
        tmp_path,
        "SELECT subject, paper_type, status, lead_department, participating_departments, "
        "responsible, parent_reference FROM vorlagen WHERE reference = '25-25641-01'",
    )
    assert row == (
        'Anfrage zum "Welcome Center" für Fachkräfte',
        "Stellungnahme",
        "öffentlich (Vorlage freigegeben)",
        "0800 Stabsstelle Wirtschaftsdezernat",
        ["DEZERNAT V - Sozial-, Schul-, Gesundheits- und Jugenddezernat", "0500 Sozialreferat"],
        "Leppa",
        "25-25641",
    )


def test_seed_paper_beratungsfolge(sample_run):
    tmp_path, _ = sample_run
    rows = query(
        tmp_path,
        "SELECT committee, role, state, date, meeting, decision FROM beratungsfolge "
        "WHERE reference = '25-25641-01'",
    )
    assert rows == [
        ("Ausschuss für Vielfalt und Integration", "zur Kenntnis", "Erledigt",
         dt.date(2025, 5, 7), None, None)
    ]  # fmt: skip


def test_seed_answers_take_question_texts_from_the_anfrage(sample_run):
    tmp_path, _ = sample_run
    rows = query(
        tmp_path,
        "SELECT position, question_label, question_reference, question_text, answer_text, "
        "asked_by, asked_on FROM answers WHERE reference = '25-25641-01' ORDER BY position",
    )
    assert [r[:3] for r in rows] == [
        (1, "1", "25-25641"),
        (2, "2", "25-25641"),
        (3, "3", "25-25641"),
    ]
    assert all(r[3] and r[3].endswith("?") for r in rows)  # from the Anfrage's numbered questions
    assert rows[0][4].startswith("Die Stadt Braunschweig war zum Zeitpunkt der Projektkonzeption")
    assert "jährlich 20.000 EUR" in rows[0][4]
    assert rows[2][4].endswith("Jedes Modul umfasste einen Workshoptag.")
    assert {(r[5], r[6]) for r in rows} == {
        ("Bürgermitglied Andreas Paruszewski", dt.date(2025, 4, 21))
    }
    [(intro,)] = query(
        tmp_path, "SELECT introduction FROM vorlagen WHERE reference = '25-25641-01'"
    )
    assert intro.startswith("Die o. g. Anfrage des Bürgermitglieds Andreas Paruszewski")


def test_seed_funding_row(sample_run):
    tmp_path, _ = sample_run
    rows = query(
        tmp_path,
        "SELECT amount, currency, period, role, funder, recipient, applies_from FROM funding "
        "WHERE reference = '25-25641-01'",
    )
    assert rows == [
        (Decimal("20000.00"), "EUR", "annual", "grant", "Stadt Braunschweig", "Welcome Center",
         "Ende 2018")
    ]  # fmt: skip


def test_every_table_is_published_and_reads_back_equal(sample_run):
    tmp_path, _ = sample_run
    out = tmp_path / "publish"
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        for table in PUBLISHED:
            expected = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            # the sample RIS has no persons (so no memberships) and no places
            assert expected or table in ("files", "persons", "memberships", "locations"), table
            back = con.execute(
                f"SELECT * FROM read_parquet('{out / (table + '.parquet')}') ORDER BY ALL"
            ).fetchall()
            assert back == expected, table
            n = con.execute(f"SELECT count(*) FROM read_csv('{out / (table + '.csv')}')").fetchone()
            assert n == (len(expected),), table
    finally:
        con.close()
    assert (out / "manifest.json").is_file()


def test_tables_carry_row_counts_and_column_schemas(sample_run):
    tmp_path, result = sample_run
    events = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    for table in ("vorlagen", "beratungsfolge", "answers", "funding", "raw_responses"):
        meta = events[table]
        [(rows,)] = query(tmp_path, f"SELECT count(*) FROM {table}")
        assert meta["dagster/row_count"].value == rows
        columns = {c.name: c for c in meta["dagster/column_schema"].schema.columns}
        assert "paper_id" in columns or table == "raw_responses"
    reference = {c.name: c for c in events["vorlagen"]["dagster/column_schema"].schema.columns}
    assert "25-25641-01" in reference["reference"].description  # from warehouse/comments.sql
    assert events["vorlagen_files"]["dagster/row_count"].value == SAMPLE_PAPERS + 2


def test_checks_pass_on_the_sample(sample_run):
    _, result = sample_run
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) >= 9
    assert all(e.passed for e in evaluations), [e.check_name for e in evaluations if not e.passed]


def test_rerun_is_idempotent(tmp_path):
    with serve(generate(N_SAMPLE, seed=1)) as base:  # one server: the same URLs in both runs
        assert run(tmp_path, source=f"{base}/oparl/system").success
        first = snapshot(tmp_path)
        files = published_files(tmp_path / "publish")
        assert run(tmp_path, source=f"{base}/oparl/system").success
    assert snapshot(tmp_path) == first
    assert published_files(tmp_path / "publish") == files


def test_unparseable_page_is_recorded_and_the_run_goes_on(tmp_path):
    ris = generate(N_SAMPLE, seed=3)
    victim = ris.papers[-1]
    with serve(ris) as base:
        bad = "<html><body><h1>Wartungsarbeiten</h1></body></html>"
        base.faults[f"/public/vo020?VOLFDNR={victim.volfdnr}"] = fault_response(
            200, bad, {"Content-Type": "text/html; charset=utf-8"}
        )
        base.faults[f"/public/VO020?VOLFDNR={victim.volfdnr}"] = base.faults[
            f"/public/vo020?VOLFDNR={victim.volfdnr}"
        ]
        result = run(tmp_path, source=f"{base}/oparl/system")
    assert result.success
    [(url, error)] = query(tmp_path, "SELECT url, error FROM parse_failures")
    assert f"VOLFDNR={victim.volfdnr}" in url and url in error
    assert "reference" in error or "Grunddaten" in error
    [(n,)] = query(tmp_path, "SELECT count(*) FROM vorlagen WHERE page_sha256 IS NOT NULL")
    assert n == len(ris.papers) - 1
    # the paper itself is there, with what OParl says of it
    [(ref, sha)] = query(
        tmp_path, "SELECT reference, page_sha256 FROM vorlagen WHERE volfdnr = ?", [victim.volfdnr]
    )
    assert ref == victim.vorlage.reference and sha is None
    [(raw,)] = query(tmp_path, "SELECT count(*) FROM raw_responses WHERE url = ?", [url])
    assert raw == 1  # the raw response is kept
    check = next(
        e for e in result.get_asset_check_evaluations() if e.check_name == "parse_failures"
    )
    assert check.passed and check.metadata["failed_this_run"].value == 1


def test_broken_source_never_corrupts_an_earlier_load(tmp_path):
    ris = generate(N_SAMPLE, seed=5)
    with serve(ris) as base:
        assert run(tmp_path, source=f"{base}/oparl/system").success
        before = snapshot(tmp_path)
        base.faults["/oparl/system"] = fault_response(200, "{ this is not json")
        result = run(tmp_path, source=f"{base}/oparl/system")
    assert not result.success
    error = result.get_step_failure_events()[0].event_specific_data.error
    while error.cause is not None:  # Dagster wraps the asset's exception
        error = error.cause
    assert error.cls_name == "OParlError"
    assert "/oparl/system: malformed JSON at line 1" in error.message
    assert snapshot(tmp_path) == before
