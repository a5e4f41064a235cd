"""A throwaway PostgreSQL server for tests: Debian's packaged server binaries (`postgresql`), a
cluster in a temporary directory on a free loopback port, trust authentication, fsync off;
started by the test that needs it and stopped after it. As root, the server runs as the
`postgres` user (PostgreSQL refuses root). Absent binaries skip the test, naming the package."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "ratsinfo"


def server_bindir() -> Path | None:
    """The directory of PostgreSQL's server binaries (initdb, pg_ctl), the newest version."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    host: str
    port: int
    user: str

    def conninfo(self, dbname: str) -> str:
        """libpq key=value words, as DuckLake's postgres catalog takes them."""
        return f"dbname={dbname} host={self.host} port={self.port} user={self.user}"

    def create_database(self, name: str) -> str:
        import psycopg2

        con = psycopg2.connect(host=self.host, port=self.port, user=self.user, dbname="postgres")
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            con.close()
        return name


@contextlib.contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A running PostgreSQL cluster in a new temporary directory (not under pytest's, which the
    `postgres` user may not enter) for the length of the context; removed afterwards."""
    bindir = server_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (Debian: apt-get install postgresql)")
    prefix: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no `postgres` user to run PostgreSQL as")
        # a minimal PATH (/usr/bin:/bin, as CI's `env -i`) leaves out where runuser lives
        runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
        if runuser is None:
            pytest.skip("running as root and no runuser to start PostgreSQL as `postgres`")
        prefix = [runuser, "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="ratsinfo-pg-"))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
        os.chmod(root, 0o700)
    data, log = root / "data", root / "postgres.log"
    port = _free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", USER,
         "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    started = subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
         "-w", "-t", "60", "start"],
        capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    if started.returncode != 0:
        text = log.read_text() if log.exists() else started.stderr
        raise RuntimeError(f"PostgreSQL did not start: {text[-2000:]}")
    try:
        server = PostgresServer("127.0.0.1", port, USER)
        deadline = time.monotonic() + 30
        while True:  # pg_ctl -w waits for the socket; the TCP listener may lag a moment
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield server
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
