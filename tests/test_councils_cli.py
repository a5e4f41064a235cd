"""`ratsinfo councils` (the registry of a deployment's councils) and `ratsinfo query` (SQL on the
warehouse or the lake), as a user types them."""

from __future__ import annotations

import json

import pytest

from ratsinfo.cli import main
from ratsinfo.warehouse import connect
from tests.helpers import insert_rows

URL = "https://ris.example.org/oparl/v1.0/system"


@pytest.fixture
def registry(tmp_path, monkeypatch):
    path = tmp_path / "councils.json"
    monkeypatch.setenv("RATSINFO_COUNCILS", str(path))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # no instance: the sensor adds partitions
    return path


def test_councils_are_added_listed_and_removed(registry, capsys):
    assert main(["councils", "add", URL, "--key", "example", "--name", "Stadt Beispiel"]) == 0
    assert f"added example (Stadt Beispiel) in {registry}" in capsys.readouterr().out
    assert main(["councils", "add", "braunschweig"]) == 0
    assert main(["councils", "add", URL, "--key", "example", "--ags", "05315000"]) == 0
    assert "updated example" in capsys.readouterr().out
    assert main(["councils", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        f"example\tStadt Beispiel\t{URL}",  # updated: the AGS added, the name kept
        "braunschweig\tStadt Braunschweig\t"
        "https://www.ratsinfo.braunschweig.sitzung-online.de/oparl/system",
    ]
    entries = json.loads(registry.read_text())["councils"]
    assert entries[0] == {
        "key": "example",
        "system_url": URL,
        "name": "Stadt Beispiel",
        "municipality_key": "05315000",
    }
    assert main(["councils", "remove", "braunschweig"]) == 0
    assert main(["councils", "remove", "braunschweig"]) == 1
    assert "'braunschweig' is not registered" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["councils", "add"], "ratsinfo councils add: name the council"),
     (["councils", "add", "ftp://x.org/system"], "'ftp://x.org/system' is no built-in council"),
     (["councils", "add", URL, "--key", "Not A Key"], "key 'Not A Key' must be lower-case")],
)  # fmt: skip
def test_a_council_that_cannot_be_added_is_named(registry, capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not registry.exists()


def test_query_prints_a_table_and_csv_and_names_bad_sql(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RATSINFO_LAKE", raising=False)
    w = tmp_path / "w.duckdb"
    con = connect(w)
    insert_rows(con, "vorlagen", [
        {"paper_id": f"x:{n}", "source": "x", "reference": f"{n}/2026", "subject": "S",
         "paper_type": t, "participating_departments": [], "related_references": []}
        for n, t in enumerate(["Anfrage", "Anfrage", "Antrag"])
    ])  # fmt: skip
    con.close()
    sql = "SELECT paper_type, count(*) AS papers FROM vorlagen GROUP BY 1 ORDER BY 2 DESC"
    assert main(["query", "--warehouse", str(w), sql]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "paper_type  papers",
        "Anfrage     2     ",
        "Antrag      1     ",
    ]
    assert "(2 rows)" in out.err
    assert main(["query", "--warehouse", str(w), "--csv", sql]) == 0
    assert capsys.readouterr().out.splitlines() == ["paper_type,papers", "Anfrage,2", "Antrag,1"]
    assert main(["query", "--warehouse", str(w), "SELECT * FROM nowhere"]) == 1
    assert "ratsinfo query: Catalog Error: Table with name nowhere does not exist" in (
        capsys.readouterr().err
    )
    assert main(["query", "--warehouse", str(tmp_path / "none.duckdb"), "SELECT 1"]) == 2
    assert "no warehouse at" in capsys.readouterr().err


@pytest.mark.slow
def test_the_lake_layout_end_to_end_from_the_command_line(tmp_path):
    """`ratsinfo run` in the lake layout (SQLite catalog): the council's own working file and
    publish directory, its tables in the lake (said in the summary), then `ratsinfo publish-all`
    over the lake; the embedded file is never made."""
    import os
    import subprocess
    import sys

    import duckdb

    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "home"),
        "RATSINFO_LAKE": f"sqlite:{tmp_path / 'lake.sqlite'}",
        "RATSINFO_COUNCILS": str(tmp_path / "councils.json"),
    }
    common = [
        "--warehouse",
        str(tmp_path / "w" / "ratsinfo.duckdb"),
        "--out",
        str(tmp_path / "pub"),
    ]
    run = subprocess.run(
        [sys.executable, "-m", "ratsinfo.cli", "run", "--source", "sample", "--sample-papers", "8",
         "--min-interval", "0", *common],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "  lake      " in run.stdout and "rows of the council replaced in sqlite:" in run.stdout
    assert (tmp_path / "w" / "councils" / "sample.duckdb").is_file()
    assert not (tmp_path / "w" / "ratsinfo.duckdb").exists()
    assert (tmp_path / "pub" / "councils" / "sample" / "vorlagen.csv").is_file()
    done = subprocess.run(
        [sys.executable, "-m", "ratsinfo.cli", "publish-all", *common],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 of 1 councils" in done.stdout
    out = tmp_path / "pub" / "all"
    papers = duckdb.sql(
        f"SELECT council, count(*) FROM read_parquet('{out}/vorlagen/*/*.parquet', "
        "hive_partitioning = true) GROUP BY 1"
    ).fetchall()
    assert papers == [("sample", 10)]
    assert {"catalog.ttl", "catalog.jsonld", "index.html", "manifest.json"} <= {
        p.name for p in out.iterdir()
    }
    assert 'href="../councils/sample/index.html"' in (out / "index.html").read_text()


def test_publish_all_without_a_warehouse_says_so(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("RATSINFO_LAKE", raising=False)
    missing = tmp_path / "none.duckdb"
    assert main(["publish-all", "--warehouse", str(missing), "--out", str(tmp_path / "p")]) == 2
    assert f"no warehouse at {missing}" in capsys.readouterr().err
    assert not missing.exists() and not (tmp_path / "p").exists()  # nothing made, nothing written
