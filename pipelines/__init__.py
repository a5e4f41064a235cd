"""The Dagster code location: Definitions, resources, jobs and schedules."""
