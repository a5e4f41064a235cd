"""Definitions of the ratsinfo code location (`dagster dev -m pipelines.definitions`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo.warehouse import DEFAULT_DATABASE, DUCKDB_CONFIG

from .location import assets_package

if TYPE_CHECKING:  # the repository's layout; a wheel has them under ratsinfo_dagster
    from assets import extracts, papers, portal, portal_page, raw, texts
    from assets.io import RunScopedIOManager
    from assets.resources import RatsinfoSettings
else:
    extracts, papers, portal, portal_page, raw, texts = (
        assets_package(m) for m in ("extracts", "papers", "portal", "portal_page", "raw", "texts")
    )
    RunScopedIOManager = assets_package("io").RunScopedIOManager
    RatsinfoSettings = assets_package("resources").RatsinfoSettings

ALL_ASSETS = dg.load_assets_from_modules([raw, papers, texts, extracts, portal, portal_page])

nightly_job = dg.define_asset_job(
    name="nightly_ingestion",
    selection=dg.AssetSelection.all(),
    description=(
        "Incremental: list the newest papers until known ones, re-check open and young papers "
        "with conditional requests, parse what changed, load and publish."
    ),
)

reconciliation_job = dg.define_asset_job(
    name="weekly_reconciliation",
    selection=dg.AssetSelection.all(),
    description="Full: re-check every paper of the source (conditional requests), then load.",
    config={"resources": {"ratsinfo": {"config": {"mode": "full"}}}},
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_ingestion_schedule",
    job=nightly_job,
    cron_schedule="30 2 * * *",
    execution_timezone="Europe/Berlin",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:30 Berlin time.",
)

reconciliation_schedule = dg.ScheduleDefinition(
    name="weekly_reconciliation_schedule",
    job=reconciliation_job,
    cron_schedule="30 3 * * 0",
    execution_timezone="Europe/Berlin",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Sundays at 03:30 Berlin time: catches changes the nightly runs cannot see.",
)


def build_definitions(
    warehouse: Path = DEFAULT_DATABASE, settings: RatsinfoSettings | None = None
) -> dg.Definitions:
    return dg.Definitions(
        assets=ALL_ASSETS,
        jobs=[nightly_job, reconciliation_job],
        schedules=[nightly_schedule, reconciliation_schedule],
        resources={
            "duckdb": DuckDBResource(
                database=str(warehouse), connection_config=dict(DUCKDB_CONFIG)
            ),
            "ratsinfo": settings or RatsinfoSettings(),
            "io_manager": RunScopedIOManager(),
        },
    )


defs = build_definitions()
