"""The assets, jobs, schedules, sensor and resources of the code location, built from one Settings
object (pipelines/definitions.py builds it from the environment; `ratsinfo run` from its options).

Every asset of the pipeline is partitioned by council (assets.resources.COUNCIL_PARTITIONS, one
dynamic partition per council of the registry); a run is one council's. Each run is tagged
`ris_host` (the council's server): the run queue of a deployment admits one run per server at a
time (dagster.yaml, deploy/), however many councils it serves. The combined publication over all
councils is its own, unpartitioned job."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import dagster as dg

from ratsinfo.councils import Registry, RegistryError, council_for, ris_host
from ratsinfo.settings import Settings

from .location import assets_package

MODE_TAG = "ratsinfo/mode"  # "full" on the weekly reconciliation's runs (assets/fetch.py)
RIS_HOST_TAG = "ris_host"  # the council's server: one crawl per server at a time

if TYPE_CHECKING:  # the repository's layout; a wheel has them under ratsinfo_dagster
    from assets import documents, extract, fetch, load, parse, portal, portal_page, publish
    from assets import lake as lake_assets
    from assets import search as search_assets
    from assets.io import RunScopedIOManager
    from assets.resources import COUNCIL_PARTITIONS, RatsinfoSettings
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
    lake_assets = assets_package("lake")
    RunScopedIOManager = assets_package("io").RunScopedIOManager
    RatsinfoSettings = assets_package("resources").RatsinfoSettings
    COUNCIL_PARTITIONS = assets_package("resources").COUNCIL_PARTITIONS

# One council's pipeline (every asset partitioned by council), in the embedded layout.
ALL_ASSETS = dg.load_assets_from_modules(
    [fetch, parse, extract, load, documents, publish, portal, portal_page, search_assets]
)
COMBINED = "combined_extracts"


def council_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    """The assets of one council's run: the pipeline, and in the lake layout its lake tables."""
    extra = [lake_assets.lake_tables] if settings.lake is not None else []
    return [*ALL_ASSETS, *extra]  # type: ignore[list-item]


def enrolled_councils(settings: Settings) -> list[str]:
    """The councils a deployment ingests: the registry file's, and RATSINFO_SOURCE's."""
    keys = list(Registry(settings.councils_file).councils())
    if settings.source is not None and (key := settings.council_key) not in keys:
        keys.append(key or settings.source)
    return keys


def council_tags(settings: Settings, key: str) -> dict[str, str]:
    """The tags of a council's run: the server it crawls (`ris_host`)."""
    try:
        return {RIS_HOST_TAG: ris_host(council_for(key, settings.councils_file))}
    except (ValueError, RegistryError):
        return {RIS_HOST_TAG: f"unknown/{key}"}


def _executor(settings: Settings) -> dg.ExecutorDefinition | None:
    if settings.executor == "in_process":
        return dg.in_process_executor
    if settings.executor == "docker":
        from dagster_docker import docker_executor

        return docker_executor  # type: ignore[no-any-return]
    if settings.executor == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor  # type: ignore[no-any-return]
    return None  # Dagster's default: multiprocess


def _jobs(settings: Settings) -> tuple[dg.UnresolvedAssetJobDefinition, ...]:
    config = dg.PartitionedConfig(
        partitions_def=COUNCIL_PARTITIONS,
        run_config_for_partition_key_fn=lambda key: {},
        tags_for_partition_key_fn=lambda key: council_tags(settings, key),
    )
    council_selection = dg.AssetSelection.all() - dg.AssetSelection.assets(COMBINED)
    nightly = dg.define_asset_job(
        name="nightly_ingestion",
        selection=council_selection,
        config=config,
        description=(
            "One council (a partition): list the newest papers until known ones (where stamps "
            "are real, every list with modified_since), re-check the papers on changed agendas "
            "(ALLRIS 4) with conditional requests, parse what changed, load, fetch and read new "
            "documents, publish (in the lake layout: and replace the council in the lake)."
        ),
    )
    weekly = dg.define_asset_job(
        name="weekly_reconciliation",
        selection=council_selection,
        config=config,
        description="One council, full: re-check every paper (conditional requests), then load.",
        # a tag, not resource config: config would rebuild the settings resource from defaults
        tags={MODE_TAG: "full"},
    )
    combined = dg.define_asset_job(
        name="combined_publication",
        selection=dg.AssetSelection.assets(COMBINED),
        description=(
            "All councils: the combined extracts, the DCAT catalogue with one dataset per "
            "council and the page listing the councils (<publish dir>/all/)."
        ),
    )
    return nightly, weekly, combined


def _council_runs(
    context: dg.ScheduleEvaluationContext, settings: Settings, tags: dict[str, str]
) -> Iterator[dg.RunRequest | dg.SkipReason]:
    """A run request per enrolled council that is a partition already (the council_registry
    sensor adds new ones within a minute)."""
    existing = set(context.instance.get_dynamic_partitions(COUNCIL_PARTITIONS.name or ""))
    stamp = context.scheduled_execution_time.strftime("%Y-%m-%dT%H:%M")
    wanted = enrolled_councils(settings)
    for key in wanted:
        if key in existing:
            yield dg.RunRequest(
                run_key=f"{key}@{stamp}",
                partition_key=key,
                tags={**council_tags(settings, key), **tags},
            )
    if not any(k in existing for k in wanted):
        yield dg.SkipReason("no council enrolled yet: `ratsinfo councils add …`")


def _schedules(
    settings: Settings, jobs: tuple[dg.UnresolvedAssetJobDefinition, ...]
) -> list[dg.ScheduleDefinition]:
    """The nightly and weekly schedules (a run per enrolled council) and the combined
    publication after them; running by default only when a council is configured (the registry
    file or RATSINFO_SOURCE): the sample RIS is never the silent target of a deployment."""
    try:
        configured = bool(enrolled_councils(settings))
    except RegistryError:
        configured = False
    status = dg.DefaultScheduleStatus.RUNNING if configured else dg.DefaultScheduleStatus.STOPPED
    note = "" if configured else " Stopped: no council configured (set RATSINFO_SOURCE)."
    nightly, weekly, combined = jobs

    @dg.schedule(
        name="nightly_ingestion_schedule",
        job=nightly,
        cron_schedule="30 2 * * *",
        execution_timezone="Europe/Berlin",
        default_status=status,
        description="Every night at 02:30 Berlin time, a run per council." + note,
    )
    def nightly_schedule(
        context: dg.ScheduleEvaluationContext,
    ) -> Iterator[dg.RunRequest | dg.SkipReason]:
        yield from _council_runs(context, settings, {})

    @dg.schedule(
        name="weekly_reconciliation_schedule",
        job=weekly,
        cron_schedule="30 3 * * 0",
        execution_timezone="Europe/Berlin",
        default_status=status,
        description=(
            "Sundays at 03:30 Berlin time, a run per council: catches changes the nightly runs "
            "cannot see." + note
        ),
    )
    def weekly_schedule(
        context: dg.ScheduleEvaluationContext,
    ) -> Iterator[dg.RunRequest | dg.SkipReason]:
        yield from _council_runs(context, settings, {MODE_TAG: "full"})

    combined_schedule = dg.ScheduleDefinition(
        name="combined_publication_schedule",
        job=combined,
        cron_schedule="30 7 * * *",
        execution_timezone="Europe/Berlin",
        default_status=status,
        description="Every morning at 07:30 Berlin time, after the night's council runs." + note,
    )
    return [nightly_schedule, weekly_schedule, combined_schedule]


def _registry_sensor(
    settings: Settings, nightly: dg.UnresolvedAssetJobDefinition
) -> dg.SensorDefinition:
    @dg.sensor(
        name="council_registry",
        job=nightly,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Adds a partition for every council of the registry file (RATSINFO_COUNCILS, "
            "`ratsinfo councils add`) that has none, and starts the first run of every council "
            "never fetched (once: a failed first run is not repeated by the sensor)."
        ),
    )
    def council_registry(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        existing = set(context.instance.get_dynamic_partitions(COUNCIL_PARTITIONS.name or ""))
        enrolled = enrolled_councils(settings)
        new = [k for k in enrolled if k not in existing]
        # a first run for every council never fetched: new ones, and those whose partition
        # `ratsinfo councils add` made (run keys: one first run per council, never repeated)
        fetched = context.instance.get_materialized_partitions(dg.AssetKey("raw_responses"))
        first = [k for k in enrolled if k not in fetched]
        if not new and not first:
            return dg.SkipReason("every council of the registry has its partition and a run")
        return dg.SensorResult(
            run_requests=[
                dg.RunRequest(run_key=f"first:{k}", partition_key=k, tags=council_tags(settings, k))
                for k in first
            ],
            dynamic_partitions_requests=[COUNCIL_PARTITIONS.build_add_request(new)] if new else [],
        )

    return council_registry


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """The code location for `settings` (default: resolved once from the environment): the
    warehouse file, the publish directory and everything else come from the one settings object,
    whichever entry point builds it."""
    settings = settings or Settings.from_env()
    jobs = _jobs(settings)
    return dg.Definitions(
        assets=[*council_assets(settings), lake_assets.combined_asset(settings.lake is not None)],
        jobs=list(jobs),
        schedules=_schedules(settings, jobs),
        sensors=[_registry_sensor(settings, jobs[0])],
        executor=_executor(settings),
        resources={
            "ratsinfo": RatsinfoSettings.from_settings(settings),
            "io_manager": RunScopedIOManager(),
        },
    )
