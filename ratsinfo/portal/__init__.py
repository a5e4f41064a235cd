"""Make the publish directory an open-data portal delivery: Data Package, DCAT-AP.de metadata,
Atom feeds, a README for downloaders, the portal page (index.html) and SHA256SUMS, all generated
from the warehouse. Temporary files that killed writers left in the publish directory and feeds/
are removed on the way.

One module per file written: datapackage, dcat, feeds, readme, page, checksums; the facts they
all state (council, licence, dates, tables) come from facts, read once per run; publish composes
the steps in the order of the Dagster assets (assets/portal.py, assets/portal_page.py).
licenses classifies what a source states as its licence; a council whose licence is no open one
is not published (facts.license_decision, publish.withdraw)."""

from __future__ import annotations

from ratsinfo.portal.checksums import write_sha256sums
from ratsinfo.portal.datapackage import write_datapackage
from ratsinfo.portal.dcat import write_dcat
from ratsinfo.portal.facts import (
    LicenseDecision,
    PortalConfig,
    PortalFacts,
    license_decision,
    portal_facts,
    publication_license,
)
from ratsinfo.portal.feeds import write_feeds
from ratsinfo.portal.licenses import StatedLicense, classify_license
from ratsinfo.portal.metadata import both_languages, parse_comment
from ratsinfo.portal.page import build_portal_page, render_page
from ratsinfo.portal.publish import (
    MANIFEST_FILES,
    METADATA_FILES,
    PAGE_FILES,
    SUMS_FILES,
    MetadataFiles,
    delivery_files,
    publish_portal,
    remove_leftovers,
    table_files,
    withdraw,
    write_metadata_files,
)
from ratsinfo.portal.readme import write_downloads_readme

__all__ = [
    "MANIFEST_FILES",
    "METADATA_FILES",
    "PAGE_FILES",
    "SUMS_FILES",
    "LicenseDecision",
    "MetadataFiles",
    "PortalConfig",
    "PortalFacts",
    "StatedLicense",
    "both_languages",
    "build_portal_page",
    "classify_license",
    "delivery_files",
    "license_decision",
    "parse_comment",
    "portal_facts",
    "publication_license",
    "publish_portal",
    "remove_leftovers",
    "render_page",
    "table_files",
    "withdraw",
    "write_datapackage",
    "write_dcat",
    "write_downloads_readme",
    "write_feeds",
    "write_metadata_files",
    "write_sha256sums",
]
