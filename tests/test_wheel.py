"""Installed from a built wheel, `ratsinfo run` works (issue 9.12): the warehouse SQL ships inside
the package, a missing one fails loudly, and no generic top-level names (`assets`, `pipelines`)
are installed into site-packages."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]


def _uv():
    for candidate in (shutil.which("uv"), Path.home() / ".local/bin/uv", REPO / ".tools/bin/uv"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    pytest.skip("no uv to build the wheel with (make bootstrap installs one)")


def _ok(cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    uv, tmp = _uv(), tmp_path_factory.mktemp("wheel")
    _ok([uv, "build", "--wheel", "--out-dir", str(tmp / "dist"), str(REPO)], cwd=REPO)
    [wheel] = (tmp / "dist").glob("ratsinfo-*.whl")
    requirements = tmp / "requirements.txt"
    _ok([uv, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project",
         "--output-file", str(requirements)], cwd=REPO)  # fmt: skip
    _ok([uv, "venv", "--python", sys.executable, str(tmp / "venv")])
    python = tmp / "venv" / "bin" / "python"
    _ok([uv, "pip", "install", "--python", str(python), "-r", str(requirements), str(wheel)])
    return wheel, tmp / "venv"


def test_the_wheel_holds_the_sql_and_no_generic_top_level_names(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    dist_info = wheel.name.split("-py3")[0] + ".dist-info"
    top_level = {"ratsinfo", "ratsinfo_dagster", "sample_ris", dist_info}
    assert {n.split("/")[0] for n in names} == top_level
    assert {"ratsinfo/sql/schema.sql", "ratsinfo/sql/comments.sql", "ratsinfo/sql/views.sql",
            "ratsinfo/dagster.yaml", "ratsinfo_dagster/pipelines/definitions.py",
            "ratsinfo_dagster/assets/fetch.py"} <= set(names)  # fmt: skip


def _run(venv, work, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "PYTHONPATH")}
    work.mkdir(exist_ok=True)
    cmd = [str(venv / "bin" / "ratsinfo"), "run", "--source", "sample", "--sample-papers", "5"]
    return subprocess.run(
        [*cmd, *args], cwd=work, env=env, capture_output=True, text=True, timeout=600
    )


def test_ratsinfo_run_from_the_installed_wheel(installed, tmp_path):
    _, venv = installed
    done = _run(venv, tmp_path / "work")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "succeeded" in done.stdout and "vorlagen 7" in done.stdout
    assert (tmp_path / "work" / "warehouse" / "ratsinfo.duckdb").is_file()
    assert (tmp_path / "work" / "publish" / "vorlagen.csv").is_file()
    assert (tmp_path / "work" / ".dagster_home" / "dagster.yaml").is_file()


def test_a_missing_schema_fails_loudly(installed, tmp_path):
    _, venv = installed
    [schema] = venv.glob("lib/python*/site-packages/ratsinfo/sql/schema.sql")
    saved = schema.read_bytes()
    schema.unlink()
    try:
        done = _run(venv, tmp_path / "work")
    finally:
        schema.write_bytes(saved)
    assert done.returncode != 0
    assert f"the warehouse SQL {schema} is missing" in done.stdout + done.stderr
