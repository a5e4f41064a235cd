"""What `ratsinfo run` needs of the code location (the CLI in the core imports this one module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .definitions import build_definitions
from .location import assets_package

if TYPE_CHECKING:
    from assets.io import remove_run_outputs
    from assets.resources import RatsinfoSettings
else:
    remove_run_outputs = assets_package("io").remove_run_outputs
    RatsinfoSettings = assets_package("resources").RatsinfoSettings

__all__ = ["RatsinfoSettings", "build_definitions", "remove_run_outputs"]
