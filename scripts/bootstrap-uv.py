#!/usr/bin/env python3
"""Get uv with nothing but a stdlib python3, then run it.

Works with a stock Debian/Ubuntu /usr/bin/python3: "externally managed" (PEP 668), without pip,
without the venv module, with an empty or unwritable HOME and a bare PATH. The uv used is, in order:

1. a `uv` on PATH (or in ~/.local/bin, where pip --user and astral's installer put it), if it is
   at least MIN_UV_VERSION;
2. the repo-local copy .tools/bin/uv, if it is UV_VERSION;
3. otherwise UV_VERSION's wheel for this platform, fetched from PyPI with urllib (HTTPS_PROXY and
   friends are honoured), checked against the sha256 PyPI lists for it, its `uv` (and `uvx`)
   binaries unpacked into .tools/bin.

Usage:
    python3 scripts/bootstrap-uv.py              print the path of the uv to use (fetched if needed)
    python3 scripts/bootstrap-uv.py --exec ARGS  run that uv with ARGS (what the Makefile does)
    python3 scripts/bootstrap-uv.py --hint       how to get that uv on PATH in your shell, if needed

Before running uv, --exec sets, unless they are set: UV_PYTHON_DOWNLOADS=never (uv uses a Python
it finds, e.g. /usr/bin/python3, and never tries to download one); on Linux UV_SYSTEM_CERTS=1 (uv
trusts the system's CA certificates, as python3 did when it fetched uv); and, when uv's default
cache directory cannot be written (HOME unset, empty or unwritable), UV_CACHE_DIR=.tools/cache/uv.
UV_BOOTSTRAP_INDEX names another PyPI-compatible host than https://pypi.org to fetch uv from.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from typing import Any, BinaryIO

# The uv that wrote uv.lock (lock revision 5); the one fetched when no usable uv is around.
UV_VERSION = "0.13.9"
# The oldest uv on PATH that is used as it is (older ones may not read uv.lock).
MIN_UV_VERSION = (0, 13, 0)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Everything this script adds lives in .tools, which git and ruff (even outside a git checkout,
# through .tools/.ignore) leave alone.
TOOLS = os.path.join(ROOT, ".tools")
TOOLS_BIN = os.path.join(TOOLS, "bin")
LOCAL_UV = os.path.join(TOOLS_BIN, "uv")
LOCAL_CACHE = os.path.join(TOOLS, "cache", "uv")
INDEX = os.environ.get("UV_BOOTSTRAP_INDEX", "https://pypi.org").rstrip("/")
TIMEOUT = 60

# Legacy manylinux tags and the glibc they stand for.
LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}


class BootstrapError(Exception):
    pass


def say(message: str) -> None:
    print(f"bootstrap-uv: {message}", file=sys.stderr, flush=True)


def relative(path: str) -> str:
    """path relative to the current directory when it is inside it (for messages)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


# ---------------------------------------------------------------------------------------------
# Finding a uv


def uv_version(path: str) -> tuple[int, ...] | None:
    """The version `path --version` reports, or None if it does not run."""
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"uv (\d+(?:\.\d+)*)", out.strip())
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def parse_version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def home_local_bin() -> str | None:
    home = os.environ.get("HOME")
    return os.path.join(home, ".local", "bin") if home else None


def installed_uv() -> str | None:
    """A usable uv on PATH or in ~/.local/bin, or the repo-local copy; None if there is none."""
    candidates = []
    on_path = shutil.which("uv")
    if on_path:
        candidates.append(on_path)
    local_bin = home_local_bin()
    if local_bin:
        candidates.append(os.path.join(local_bin, "uv"))
    for candidate in candidates:
        if not os.access(candidate, os.X_OK) or os.path.isdir(candidate):
            continue
        if os.path.realpath(candidate) == os.path.realpath(LOCAL_UV):
            break  # our own copy on PATH: checked below like any repo-local copy
        version = uv_version(candidate)
        if version is not None and version >= MIN_UV_VERSION:
            return candidate
        if version is not None:
            say(
                f"ignoring {candidate} (uv {'.'.join(map(str, version))}, older than "
                f"{'.'.join(map(str, MIN_UV_VERSION))}); using the repo-local uv {UV_VERSION}"
            )
    if os.access(LOCAL_UV, os.X_OK) and uv_version(LOCAL_UV) == parse_version(UV_VERSION):
        return LOCAL_UV
    return None


def ensure_uv() -> str:
    """The path of a usable uv, fetching UV_VERSION into .tools/bin first when there is none."""
    found = installed_uv()
    if found:
        return found
    fetch_uv(TOOLS_BIN)
    return LOCAL_UV


# ---------------------------------------------------------------------------------------------
# Which wheel fits this machine


def machine_arch() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64", "i386": "i686", "i586": "i686"}.get(
        machine, machine
    )
    if struct.calcsize("P") == 4:  # a 32-bit userland on a 64-bit kernel
        machine = {"x86_64": "i686", "aarch64": "armv7l"}.get(machine, machine)
    return machine


def linux_libc() -> tuple[str, tuple[int, int]]:
    """("glibc", version) or ("musl", (1, 2)); raises BootstrapError if neither is recognised."""
    try:
        _, version = os.confstr("CS_GNU_LIBC_VERSION").split()  # type: ignore[union-attr]
        major, minor = (int(part) for part in version.split(".")[:2])
        return "glibc", (major, minor)
    except (AttributeError, OSError, ValueError):
        pass
    libdirs = ("/lib", "/usr/lib", "/lib64", "/usr/local/lib")
    for libdir in libdirs:
        if os.path.isdir(libdir) and any(n.startswith("ld-musl-") for n in os.listdir(libdir)):
            return "musl", (1, 2)
    raise BootstrapError("cannot tell this Linux's C library (neither glibc nor musl)")


def platform_score(tag: str) -> int | None:
    """How well a wheel platform tag fits this machine (higher is better); None if it does not."""
    system = platform.system()
    arch = machine_arch()
    if system == "Linux":
        libc, have = linux_libc()
        if tag in (f"{legacy}_{arch}" for legacy in LEGACY_MANYLINUX):
            need = LEGACY_MANYLINUX[tag[: -len(arch) - 1]]
            return 1000 + need[0] * 100 + need[1] if libc == "glibc" and have >= need else None
        match = re.fullmatch(r"(manylinux|musllinux)_(\d+)_(\d+)_(.+)", tag)
        if match and match.group(4) == arch:
            need = (int(match.group(2)), int(match.group(3)))
            wanted = "manylinux" if libc == "glibc" else "musllinux"
            if match.group(1) == wanted and have >= need:
                return 1000 + need[0] * 100 + need[1]
            return None
        return 1 if tag == f"linux_{arch}" else None
    if system == "Darwin":
        mac_arch = "arm64" if arch == "aarch64" else arch
        match = re.fullmatch(r"macosx_(\d+)_(\d+)_(.+)", tag)
        if not match or match.group(3) not in (mac_arch, "universal2"):
            return None
        release = platform.mac_ver()[0] or "10.12"
        mac = tuple(int(part) for part in release.split(".")[:2])
        need = (int(match.group(1)), int(match.group(2)))
        return 1000 + need[0] * 100 + need[1] if mac >= need else None
    return None


def pick_wheel(files: list[dict[str, str]]) -> dict[str, str]:
    """The best-fitting wheel of UV_VERSION among files ({filename, url, sha256})."""
    best, best_score = None, 0
    for entry in files:
        name = entry["filename"]
        if not (name.startswith(f"uv-{UV_VERSION}-") and name.endswith(".whl")):
            continue
        platforms = name[: -len(".whl")].split("-")[-1].split(".")
        score = max((platform_score(tag) or 0 for tag in platforms), default=0)
        if score > best_score:
            best, best_score = entry, score
    if best is None:
        raise BootstrapError(
            f"PyPI has no uv {UV_VERSION} wheel for this machine ({platform.system()} "
            f"{machine_arch()}); install uv yourself "
            "(https://docs.astral.sh/uv/getting-started/installation/) and put it on PATH"
        )
    return best


# ---------------------------------------------------------------------------------------------
# Talking to PyPI


def open_url(url: str, accept: str | None = None) -> Any:
    headers = {"User-Agent": f"ratsinfo-bootstrap-uv (python {platform.python_version()})"}
    if accept:
        headers["Accept"] = accept
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT)


def network_error(url: str, error: BaseException) -> BootstrapError:
    reason = getattr(error, "reason", None) or error
    return BootstrapError(
        f"could not download {url}: {reason}\n"
        "  uv is fetched from PyPI; behind a proxy set HTTPS_PROXY (urllib honours it), or put\n"
        f"  a uv >= {'.'.join(map(str, MIN_UV_VERSION))} on PATH, or a uv {UV_VERSION} binary at "
        f"{relative(LOCAL_UV)}"
    )


def wheel_files() -> list[dict[str, str]]:
    """UV_VERSION's files as {filename, url, sha256}: from PyPI's JSON API, or, where an index
    does not serve that (mirrors), from its simple API in JSON (PEP 691)."""
    url = f"{INDEX}/pypi/uv/{UV_VERSION}/json"
    try:
        with open_url(url) as response:
            data = json.load(response)
            base = response.geturl()
        return [
            {
                "filename": f["filename"],
                "url": urllib.parse.urljoin(base, f["url"]),
                "sha256": f["digests"]["sha256"],
            }
            for f in data["urls"]
        ]
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise network_error(url, error) from error
    except (urllib.error.URLError, OSError) as error:
        raise network_error(url, error) from error
    except (ValueError, KeyError, TypeError) as error:
        raise BootstrapError(f"unexpected answer from {url}: {error!r}") from error

    url = f"{INDEX}/simple/uv/"
    try:
        with open_url(url, accept="application/vnd.pypi.simple.v1+json") as response:
            data = json.load(response)
            base = response.geturl()
        return [
            {
                "filename": f["filename"],
                "url": urllib.parse.urljoin(base, f["url"]),
                "sha256": f["hashes"]["sha256"],
            }
            for f in data["files"]
            if f["filename"].startswith(f"uv-{UV_VERSION}-") and "sha256" in f["hashes"]
        ]
    except (urllib.error.URLError, OSError) as error:
        raise network_error(url, error) from error
    except (ValueError, KeyError, TypeError) as error:
        raise BootstrapError(f"unexpected answer from {url}: {error!r}") from error


def download(url: str, target: BinaryIO, sha256: str) -> None:
    digest = hashlib.sha256()
    try:
        with open_url(url) as response:
            while True:
                chunk = response.read(1 << 20)
                if not chunk:
                    break
                digest.update(chunk)
                target.write(chunk)
    except (urllib.error.URLError, OSError) as error:
        raise network_error(url, error) from error
    if digest.hexdigest() != sha256.lower():
        raise BootstrapError(
            f"{url} does not match the sha256 PyPI lists for it "
            f"(got {digest.hexdigest()}, expected {sha256})"
        )


def make_tools_dir() -> None:
    """.tools, ignored by git and by tools that read .ignore files (ruff, ripgrep)."""
    os.makedirs(TOOLS, exist_ok=True)
    for name in (".gitignore", ".ignore"):
        path = os.path.join(TOOLS, name)
        if not os.path.exists(path):
            with open(path, "w") as out:
                out.write("# uv and its cache, put here by scripts/bootstrap-uv.py\n*\n")


def fetch_uv(bin_dir: str) -> None:
    """Download UV_VERSION's wheel for this machine, check it and put uv (and uvx) in bin_dir."""
    wheel = pick_wheel(wheel_files())
    make_tools_dir()
    os.makedirs(bin_dir, exist_ok=True)
    say(f"fetching uv {UV_VERSION} from {wheel['url']}")
    with tempfile.TemporaryDirectory(dir=bin_dir, prefix=".fetch-") as scratch:
        wheel_path = os.path.join(scratch, wheel["filename"])
        with open(wheel_path, "wb") as target:
            download(wheel["url"], target, wheel["sha256"])
        with zipfile.ZipFile(wheel_path) as archive:
            members = {
                os.path.basename(name): name
                for name in archive.namelist()
                if re.fullmatch(r"uv-[^/]+\.data/scripts/uvx?", name)
            }
            if "uv" not in members:
                raise BootstrapError(f"{wheel['filename']} has no uv-*.data/scripts/uv")
            for name in sorted(members, reverse=True):  # uvx before uv: uv last marks done
                unpacked = os.path.join(scratch, name)
                with archive.open(members[name]) as source, open(unpacked, "wb") as out:
                    shutil.copyfileobj(source, out)
                os.chmod(unpacked, 0o755 | stat.S_IMODE(os.stat(unpacked).st_mode))
                if name == "uv" and uv_version(unpacked) != parse_version(UV_VERSION):
                    raise BootstrapError(f"the uv unpacked from {wheel['filename']} does not run")
                os.replace(unpacked, os.path.join(bin_dir, name))
    say(f"uv {UV_VERSION} is at {relative(os.path.join(bin_dir, 'uv'))} (sha256 checked)")


# ---------------------------------------------------------------------------------------------
# Running it


def writable_dir(path: str) -> bool:
    """Whether path is, or can be created as, a directory we can write to."""
    path = os.path.abspath(path)
    while not os.path.exists(path):
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent
    return os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)


def uv_environment(environ: dict[str, str]) -> dict[str, str]:
    """environ with what uv needs here, each unless set already: no Python downloads; on Linux the
    system's CA certificates (those python3 trusted to fetch uv; a TLS-inspecting proxy's CA is
    there, not in uv's bundled roots); and a writable cache directory (uv's default,
    $XDG_CACHE_HOME/uv or $HOME/.cache/uv, else .tools/cache/uv)."""
    env = dict(environ)
    env.setdefault("UV_PYTHON_DOWNLOADS", "never")
    if platform.system() == "Linux" and not ("UV_SYSTEM_CERTS" in env or "UV_NATIVE_TLS" in env):
        env["UV_SYSTEM_CERTS"] = "1"
    if not env.get("UV_CACHE_DIR"):
        if env.get("XDG_CACHE_HOME"):
            default = os.path.join(env["XDG_CACHE_HOME"], "uv")
        elif env.get("HOME"):
            default = os.path.join(env["HOME"], ".cache", "uv")
        else:
            default = None
        if default is None or not os.path.isabs(default) or not writable_dir(default):
            env["UV_CACHE_DIR"] = LOCAL_CACHE
    return env


def hint(uv: str) -> str | None:
    """One line on how to call this uv as `uv` in the user's shell, or None if it already is."""
    on_path = shutil.which("uv")
    if on_path and os.path.realpath(on_path) == os.path.realpath(uv):
        return None
    bin_dir = os.path.dirname(uv)
    shown = relative(uv)
    if os.path.realpath(bin_dir) == os.path.realpath(TOOLS_BIN):
        export = 'export PATH="$PWD/.tools/bin:$PATH"'
    elif bin_dir == home_local_bin():
        export = 'export PATH="$HOME/.local/bin:$PATH"'
    else:
        export = f'export PATH="{bin_dir}:$PATH"'
    return f"uv is at {shown} — run  {export}  (or use .venv/bin/ratsinfo …)"


def main(argv: list[str]) -> int:
    if not (argv == [] or argv == ["--hint"] or argv[:1] == ["--exec"]):
        say(f"unknown arguments {argv}; see the docstring of {__file__}")
        return 2
    try:
        uv = ensure_uv()
    except BootstrapError as error:
        say(f"error: {error}")
        return 1
    if argv[:1] == ["--exec"]:
        env = uv_environment(dict(os.environ))
        if env.get("UV_CACHE_DIR") == LOCAL_CACHE:
            make_tools_dir()
        try:
            os.execve(uv, [uv, *argv[1:]], env)
        except OSError as error:
            say(f"error: cannot run {uv}: {error}")
            return 1
    line = hint(uv) if argv == ["--hint"] else uv
    if line:
        try:
            print(line)
        except UnicodeEncodeError:  # a terminal that is neither UTF-8 nor C.UTF-8
            print(line.replace("—", "--").replace("…", "..."))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
