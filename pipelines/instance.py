"""The Dagster instance of DAGSTER_HOME as the command line opens it (`ratsinfo run`, `publish-all`,
`councils add`): Dagster's own SQLite storage, the same files and tables the UI and the daemon
read, with one difference in how this process reaches them.

Dagster's SQLite event log opens a new SQLAlchemy engine for every query: a new SQLite
connection, every statement compiled anew, and a WAL checkpoint (with fsync) when the connection
closes as the file's last one. A run of the pipeline stores ~250 events and asks as many
questions again (partition keys, the inputs' data versions, pool slots): ~1,800 connections, about
half the wall time of a `ratsinfo run` that had nothing to do (issue 14: 11-13 s -> 6-7 s with
the other changes). `PooledSqliteEventLogStorage` keeps one engine per database file for the
life of the storage object; each query still runs in its own transaction, so other processes
(the UI, the daemon, another run) see every event as before.

Any other storage configured in dagster.yaml (PostgreSQL in a deployment, deploy/) is used as
configured."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

# The unified SQLite storage Dagster configures when dagster.yaml names none (or `storage: sqlite`)
_DAGSTER_SQLITE = ("dagster._core.storage.sqlite_storage", "DagsterSqliteStorage")


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (the index database and one database per run, in WAL mode),
    reached through one engine per database file instead of a new engine per query."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: dict[str, Engine] = {}
        super().__init__(base_dir, inst_data=inst_data)

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:  # as Dagster's: one query at a time per storage object
            engine = self._engines.get(shard)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
                )
                if shard not in self._initialized_dbs:
                    self._initdb(engine)  # the tables and migrations, as Dagster's does
                    self._initialized_dbs.add(shard)
                self._engines[shard] = engine
            with engine.connect() as conn, conn.begin():
                yield conn

    def _dispose_engines(self) -> None:
        with self._db_lock:
            engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            engine.dispose()

    def wipe(self) -> None:
        self._dispose_engines()  # the run databases are deleted: no connection may stay open
        super().wipe()

    def dispose(self) -> None:
        self._dispose_engines()
        super().dispose()


class PooledSqliteStorage(DagsterSqliteStorage):
    """Dagster's unified SQLite storage (runs, event log, schedules under one base directory)
    with the pooled event log."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data=inst_data)  # Dagster's event log, replaced unused
        self._event_log_storage = PooledSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData, config_value: Any
    ) -> PooledSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


def dagster_home() -> Path:
    """DAGSTER_HOME, defaulting to the ignored .dagster_home (of the checkout, else of the current
    directory) with our dagster.yaml."""
    from ratsinfo.paths import DAGSTER_YAML, DEFAULT_DAGSTER_HOME

    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME)
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists() and DAGSTER_YAML.exists():
        shutil.copyfile(DAGSTER_YAML, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


@contextlib.contextmanager
def instance_lock() -> Iterator[None]:
    """An exclusive lock on DAGSTER_HOME while the instance's storage is opened (and created)."""
    home = Path(os.environ.get("DAGSTER_HOME") or ".")
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".ratsinfo-instance.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def open_instance() -> dg.DagsterInstance:
    """The instance of DAGSTER_HOME (see dagster_home) as `DagsterInstance.get()` opens it, with
    Dagster's SQLite storage reached through PooledSqliteStorage. Callers hold instance_lock:
    two runs starting at once on a fresh DAGSTER_HOME would both create its SQLite tables
    ("table runs already exists")."""
    ref = InstanceRef.from_dir(os.environ["DAGSTER_HOME"])
    data = ref.storage_data
    if data is not None and (data.module_name, data.class_name) == _DAGSTER_SQLITE:
        pooled = ConfigurableClassData(
            PooledSqliteStorage.__module__, PooledSqliteStorage.__name__, data.config_yaml
        )
        ref = ref._replace(storage_data=pooled)
    return dg.DagsterInstance.from_ref(ref)
