"""Run settings in one object, resolved once per entry point (`ratsinfo run`, the Dagster code
location, tests): defaults, then RATSINFO_* environment variables, then explicit overrides
(command-line options). Read when asked, never at import time; a bad value is a SettingsError
naming the variable or option."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ratsinfo.councils import council_slug
from ratsinfo.fetch.http import DEFAULT_USER_AGENT, user_agent_with_contact
from ratsinfo.paths import DEFAULT_COUNCILS_FILE
from ratsinfo.portal.facts import PortalConfig
from ratsinfo.warehouse import DEFAULT_DATABASE, DEFAULT_PUBLISH_DIR

EXECUTORS = ("multiprocess", "in_process", "docker", "k8s")


class SettingsError(ValueError):
    """A setting with a value that cannot be used; names the variable or option."""


def _env_number(name: str, kind: type[int] | type[float], minimum: float = 0) -> int | float | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise SettingsError(f"{name}={raw!r} is not {what}") from None
    if value < minimum:
        raise SettingsError(f"{name}={raw!r} must be at least {minimum}")
    return value


@dataclass(frozen=True)
class Settings:
    # a council of ratsinfo.councils ("sample" is the bundled fake one), or an OParl System URL;
    # None: not configured, so nothing is crawled (never a silent default of a deployment)
    source: str | None = None
    warehouse: Path = DEFAULT_DATABASE
    publish_dir: Path = DEFAULT_PUBLISH_DIR
    user_agent: str = DEFAULT_USER_AGENT
    min_interval: float = 1.0  # seconds between requests to one host
    max_papers: int | None = None  # newest N papers only; None = all
    sample_papers: int = 150  # generated papers in the bundled sample RIS (plus the seed pair)
    sample_seed: int = 0
    sample_port: int = 8741  # loopback port of the sample RIS (stable URLs run to run); 0 = any
    max_failure_rate: float = 0.05  # share of pages that may fail to parse before checks fail
    mode: str = "incremental"  # or "full": re-check every listed paper (weekly reconciliation)
    recheck_window_days: int = 120  # incremental runs re-check papers younger than this
    reparse: bool = False  # parse every archived page again (after a parser change)
    max_documents: int = 500  # documents (PDFs) fetched per run, newest papers first; 0 = none
    portal: PortalConfig = field(default_factory=PortalConfig)  # RATSINFO_PORTAL_* settings
    # the deployment's councils (ratsinfo.councils.Registry): the partitions of the pipeline
    councils_file: Path = DEFAULT_COUNCILS_FILE
    # the lake layout (ratsinfo.lake): a DuckLake catalog ("sqlite:PATH", "postgres:CONNINFO",
    # "duckdb:PATH"); None: the embedded layout, one DuckDB file for every council
    lake: str | None = None
    lake_data: str | None = None  # the lake's Parquet files; None: <warehouse folder>/lake/
    # how a run executes its steps: "multiprocess" (Dagster's default), "in_process", or on
    # several machines "docker" (dagster-docker) or "k8s" (dagster-k8s), see deploy/
    executor: str = "multiprocess"

    @property
    def council_key(self) -> str | None:
        """The key the run's council has in the tables (`source` may be a System URL)."""
        if self.source is None:
            return None
        from ratsinfo.councils import council_for

        return council_for(self.source, self.councils_file).key

    def for_council(self, key: str) -> Settings:
        """The settings of one council's run. Embedded layout: the one warehouse file and publish
        directory every council shares. Lake layout: the council's own working file
        `<warehouse folder>/councils/<slug>.duckdb` (one writer: its own run) and publish
        directory `<publish dir>/councils/<slug>/`; its published tables go on to the lake."""
        source = self.source if self.source and self.council_key == key else key
        if self.lake is None:
            return replace(self, source=source)
        slug = council_slug(key)
        return replace(
            self,
            source=source,
            lake_data=self.lake_data_path,
            warehouse=self.warehouse.parent / "councils" / f"{slug}.duckdb",
            publish_dir=self.publish_dir / "councils" / slug,
        )

    @property
    def lake_data_path(self) -> str:
        return self.lake_data or str(self.warehouse.parent / "lake")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then RATSINFO_* environment variables, then explicit overrides."""
        env = os.environ
        s = cls()
        values: dict[str, object] = {}
        if v := env.get("RATSINFO_SOURCE"):
            values["source"] = v
        if v := env.get("RATSINFO_WAREHOUSE"):
            values["warehouse"] = Path(v)
        if v := env.get("RATSINFO_PUBLISH_DIR"):
            values["publish_dir"] = Path(v)
        if v := env.get("RATSINFO_USER_AGENT"):
            values["user_agent"] = v
        if (number := _env_number("RATSINFO_MIN_INTERVAL", float)) is not None:
            values["min_interval"] = number
        if (number := _env_number("RATSINFO_MAX_PAPERS", int, 1)) is not None:
            values["max_papers"] = number
        if v := env.get("RATSINFO_CONTACT"):
            values["user_agent"] = user_agent_with_contact(v)
        if (number := _env_number("RATSINFO_SAMPLE_PAPERS", int, 1)) is not None:
            values["sample_papers"] = number
        if (number := _env_number("RATSINFO_MAX_DOCUMENTS", int, 0)) is not None:
            values["max_documents"] = number
        if (number := _env_number("RATSINFO_MAX_FAILURE_RATE", float)) is not None:
            values["max_failure_rate"] = number
        if v := env.get("RATSINFO_MODE"):
            values["mode"] = v
        if v := env.get("RATSINFO_COUNCILS"):
            values["councils_file"] = Path(v)
        if v := env.get("RATSINFO_LAKE"):
            values["lake"] = v
        if v := env.get("RATSINFO_LAKE_DATA"):
            values["lake_data"] = v
        if v := env.get("RATSINFO_EXECUTOR"):
            values["executor"] = v
        values["portal"] = PortalConfig.from_env()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(s, **values).checked()  # type: ignore[arg-type]

    def checked(self) -> Settings:
        """These settings, or a SettingsError naming what cannot be used."""
        if self.mode not in ("incremental", "full"):
            raise SettingsError(
                f"mode (RATSINFO_MODE) must be 'incremental' or 'full', not {self.mode!r}"
            )
        for name in ("max_papers", "sample_papers"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise SettingsError(f"{name} must be at least 1, not {value}")
        for name in ("min_interval", "max_failure_rate", "max_documents"):
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must not be negative, not {getattr(self, name)}")
        if self.executor not in EXECUTORS:
            raise SettingsError(
                f"executor (RATSINFO_EXECUTOR) must be one of {', '.join(EXECUTORS)}, "
                f"not {self.executor!r}"
            )
        if self.lake is not None:
            kind = self.lake.split(":", 1)[0]
            if kind not in ("sqlite", "postgres", "duckdb") or ":" not in self.lake:
                raise SettingsError(
                    f"lake (RATSINFO_LAKE) must be 'sqlite:PATH', 'postgres:CONNINFO' or "
                    f"'duckdb:PATH', not {self.lake!r}"
                )
        return self
