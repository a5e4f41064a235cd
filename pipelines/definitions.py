"""The ratsinfo code location (`dg dev`, `dagster dev -m pipelines.definitions`): the Definitions
for the settings of the environment (RATSINFO_*), resolved once when the code location loads."""

from .jobs import ALL_ASSETS, build_definitions

defs = build_definitions()

__all__ = ["ALL_ASSETS", "build_definitions", "defs"]
