"""The assets, jobs, schedules and resources of the code location, built from one Settings object
(pipelines/definitions.py builds it from the environment; `ratsinfo run` from its options)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dagster as dg
from dagster_duckdb import DuckDBResource

from ratsinfo.settings import Settings
from ratsinfo.warehouse import DUCKDB_CONFIG

from .location import assets_package

MODE_TAG = "ratsinfo/mode"  # "full" on the weekly reconciliation's runs (assets/fetch.py)

if TYPE_CHECKING:  # the repository's layout; a wheel has them under ratsinfo_dagster
    from assets import documents, extract, fetch, load, parse, portal, portal_page, publish
    from assets import search as search_assets
    from assets.io import RunScopedIOManager
    from assets.resources import RatsinfoSettings
else:
    fetch, parse, extract, load, documents, publish, portal, portal_page = (
        assets_package(m)
        for m in (
            "fetch",
            "parse",
            "extract",
            "load",
            "documents",
            "publish",
            "portal",
            "portal_page",
        )
    )
    search_assets = assets_package("search")
    RunScopedIOManager = assets_package("io").RunScopedIOManager
    RatsinfoSettings = assets_package("resources").RatsinfoSettings

ALL_ASSETS = dg.load_assets_from_modules(
    [fetch, parse, extract, load, documents, publish, portal, portal_page, search_assets]
)

nightly_job = dg.define_asset_job(
    name="nightly_ingestion",
    selection=dg.AssetSelection.all(),
    description=(
        "Incremental: list the newest papers until known ones (where stamps are real, every "
        "list with modified_since), re-check the papers on changed agendas (ALLRIS 4) with "
        "conditional requests, parse what changed, load, fetch and read new documents, publish."
    ),
)

reconciliation_job = dg.define_asset_job(
    name="weekly_reconciliation",
    selection=dg.AssetSelection.all(),
    description="Full: re-check every paper of the source (conditional requests), then load.",
    # a tag, not resource config: config would rebuild the settings resource from its defaults
    tags={MODE_TAG: "full"},
)


def _schedules(configured: bool) -> list[dg.ScheduleDefinition]:
    """The nightly and weekly schedules; running by default only when a council is configured
    (RATSINFO_SOURCE): the sample RIS is never the silent target of a deployment."""
    status = dg.DefaultScheduleStatus.RUNNING if configured else dg.DefaultScheduleStatus.STOPPED
    note = "" if configured else " Stopped: no council configured (set RATSINFO_SOURCE)."
    return [
        dg.ScheduleDefinition(
            name="nightly_ingestion_schedule",
            job=nightly_job,
            cron_schedule="30 2 * * *",
            execution_timezone="Europe/Berlin",
            default_status=status,
            description="Every night at 02:30 Berlin time." + note,
        ),
        dg.ScheduleDefinition(
            name="weekly_reconciliation_schedule",
            job=reconciliation_job,
            cron_schedule="30 3 * * 0",
            execution_timezone="Europe/Berlin",
            default_status=status,
            description=(
                "Sundays at 03:30 Berlin time: catches changes the nightly runs cannot see." + note
            ),
        ),
    ]


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """The code location for `settings` (default: resolved once from the environment): the
    warehouse file, the publish directory and everything else come from the one settings object,
    whichever entry point builds it."""
    settings = settings or Settings.from_env()
    return dg.Definitions(
        assets=ALL_ASSETS,
        jobs=[nightly_job, reconciliation_job],
        schedules=_schedules(settings.source is not None),
        resources={
            "duckdb": DuckDBResource(
                database=str(settings.warehouse), connection_config=dict(DUCKDB_CONFIG)
            ),
            "ratsinfo": RatsinfoSettings.from_settings(settings),
            "io_manager": RunScopedIOManager(),
        },
    )
