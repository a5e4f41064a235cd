"""`make` bootstraps uv with nothing but a stock Debian/Ubuntu python3 (scripts/bootstrap-uv.py):
PEP 668 ("externally managed"), no pip needed, an empty HOME, PATH=/usr/bin:/bin."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "bootstrap-uv.py"
SYSTEM_PYTHON = Path("/usr/bin/python3")
PYPI_PROBE = "https://pypi.org/simple/uv/"

spec = importlib.util.spec_from_file_location("bootstrap_uv", SCRIPT)
assert spec is not None and spec.loader is not None
bootstrap_uv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap_uv)

# A project with no dependencies: `uv sync --locked` then needs nothing but uv and a Python.
PROBE_PYPROJECT = """\
[project]
name = "bootstrap-probe"
version = "0"
requires-python = ">=3.11,<3.14"
dependencies = []
"""
PROBE_LOCK = """\
version = 1
requires-python = ">=3.11, <3.14"

[[package]]
name = "bootstrap-probe"
version = "0"
source = { virtual = "." }
"""


def externally_managed_system_python() -> str | None:
    """Why the end-to-end test cannot run here, or None if /usr/bin/python3 is a PEP 668 one."""
    if not SYSTEM_PYTHON.is_file():
        return f"{SYSTEM_PYTHON} does not exist"
    stdlib = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not (Path(stdlib) / "EXTERNALLY-MANAGED").is_file():
        return f"{SYSTEM_PYTHON} is not externally managed (no {stdlib}/EXTERNALLY-MANAGED)"
    return None


def pypi_unreachable() -> str | None:
    """Why PyPI cannot be reached from here, or None if it can."""
    try:
        request = urllib.request.Request(PYPI_PROBE, method="HEAD")
        with urllib.request.urlopen(request, timeout=5):
            return None
    except urllib.error.HTTPError:
        return None  # it answered
    except (urllib.error.URLError, OSError) as error:
        return f"PyPI is not reachable ({PYPI_PROBE}: {getattr(error, 'reason', error)})"


@pytest.mark.slow
def test_make_bootstraps_uv_with_a_stock_debian_python(tmp_path):
    for reason in (externally_managed_system_python(), pypi_unreachable()):
        if reason:
            pytest.skip(reason)
    if not shutil.which("make", path="/usr/bin:/bin"):
        pytest.skip("no make in /usr/bin:/bin")
    repo, home = tmp_path / "repo", tmp_path / "home"
    (repo / "scripts").mkdir(parents=True)
    home.mkdir()
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    shutil.copy(SCRIPT, repo / "scripts" / SCRIPT.name)
    (repo / "pyproject.toml").write_text(PROBE_PYPROJECT)
    (repo / "uv.lock").write_text(PROBE_LOCK)
    proxies = {k: v for k, v in os.environ.items() if k.lower().endswith("_proxy")}
    env = {**proxies, "HOME": str(home), "PATH": "/usr/bin:/bin"}

    made = subprocess.run(
        ["make", "--no-print-directory", "bootstrap"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
    )

    output = made.stdout + made.stderr
    assert made.returncode == 0, output
    uv = repo / ".tools" / "bin" / "uv"
    version = subprocess.run([uv, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith(f"uv {bootstrap_uv.UV_VERSION}")
    venv_python = (repo / ".venv" / "bin" / "python").resolve()
    assert venv_python == SYSTEM_PYTHON.resolve()  # uv used the stock python3, downloaded none
    assert 'uv is at .tools/bin/uv — run  export PATH="$PWD/.tools/bin:$PATH"' in made.stdout
    assert not (home / ".local").exists()  # nothing pip --user installed
    assert (repo / ".tools" / ".gitignore").is_file()  # .tools ignores itself, in any checkout

    again = subprocess.run(
        [str(SYSTEM_PYTHON), "scripts/bootstrap-uv.py"], cwd=repo, env=env, capture_output=True
    )
    assert again.returncode == 0 and again.stdout.decode().strip() == str(uv)
    assert b"fetching" not in again.stderr  # the repo-local copy is used, not fetched again


def test_uv_gets_a_cache_it_can_write_and_never_downloads_a_python(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")
    for home in (None, "", str(not_a_dir)):
        env = bootstrap_uv.uv_environment({} if home is None else {"HOME": home})
        assert env["UV_CACHE_DIR"] == bootstrap_uv.LOCAL_CACHE
        assert env["UV_PYTHON_DOWNLOADS"] == "never"
    env = bootstrap_uv.uv_environment({"HOME": str(tmp_path), "UV_PYTHON_DOWNLOADS": "auto"})
    assert "UV_CACHE_DIR" not in env  # uv's own default, ~/.cache/uv, is fine
    assert env["UV_PYTHON_DOWNLOADS"] == "auto"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="wheel tags checked for Linux")
def test_the_wheel_for_this_machine_is_picked():
    tags = [
        "linux_armv6l",
        "macosx_11_0_arm64",
        "manylinux_2_17_aarch64.manylinux2014_aarch64.musllinux_1_1_aarch64",
        "manylinux_2_17_x86_64.manylinux2014_x86_64",
        "manylinux_2_28_aarch64",
        "musllinux_1_1_x86_64",
        "win_amd64",
    ]
    files = [
        {"filename": f"uv-{bootstrap_uv.UV_VERSION}-py3-none-{tag}.whl", "url": "", "sha256": ""}
        for tag in tags
    ]
    arch = bootstrap_uv.machine_arch()
    if arch not in ("x86_64", "aarch64"):
        pytest.skip(f"no wheel for {arch} in this list")
    libc = "musllinux" if bootstrap_uv.linux_libc()[0] == "musl" else "manylinux"
    picked = bootstrap_uv.pick_wheel(files)["filename"]
    assert f"{libc}_" in picked and picked.endswith(f"_{arch}.whl"), picked
