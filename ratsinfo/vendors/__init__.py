"""Vendors of council information systems: which one a System is, and what differs about it.

A council is a (System, Body). OParl is the base every vendor shares; each vendor's module here
names its quirks (each `Quirk` names the test that replays it on a real captured response) and
says whether the warehouse reads its paper pages too, for the inline texts and decisions that
OParl does not carry. The vendor is detected from the System object (`vendor`, `product`, the
shape of its URLs), the way meine-stadt-transparent's importer picks a loader per vendor, and
from the papers' `web` links where the System says nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ratsinfo.model import ParsedPage


@dataclass(frozen=True)
class Quirk:
    name: str
    what: str  # what the vendor does, and what the warehouse does about it
    test: str  # the replay test on a real captured response: "tests/<file>.py::<test>"


PageParser = Callable[[str, str | None], ParsedPage]


@dataclass(frozen=True)
class Vendor:
    key: str  # "allris4", "allris-classic", "sternberg", "sessionnet", "oparl"
    name: str
    quirks: tuple[Quirk, ...] = ()
    page_parser: PageParser | None = None  # paper pages the warehouse reads, where it reads any
    page_url: Callable[[str], bool] = lambda _url: False  # is this `web` link such a page?
    # `modified` stamps are placeholders: nightly runs re-check the papers whose consultations
    # are on the agenda of recent or upcoming meetings that changed (ratsinfo.ingest)
    meetings_drive_nightly: bool = False

    def reads_page(self, url: str | None) -> bool:
        """True when the paper page at `url` is one this vendor's page parser reads."""
        return bool(url) and self.page_parser is not None and self.page_url(url or "")


def detect(system: dict[str, Any] | None, sample_web: str | None = None) -> Vendor:
    """The vendor of a System (its object as sent); `sample_web`: a paper's `web` link, used
    where the System does not say."""
    from ratsinfo.vendors import allris4, allris_classic, generic, sessionnet, sternberg

    system = system if isinstance(system, dict) else {}
    said = " ".join(
        str(system.get(k, "")) for k in ("vendor", "product", "name", "id", "oparlVersion")
    ).lower()
    said += " " + " ".join(k.lower() for k in system if ":" in k)  # "STERNBERG:RIMVersion"
    vendor: Vendor
    for module in (sternberg, sessionnet, allris_classic, allris4):
        if module.claims(said):
            vendor = module.VENDOR
            return vendor
    if sample_web:
        for vendor in (allris4.VENDOR, allris_classic.VENDOR):
            if vendor.page_url(sample_web):
                return vendor
    return generic.VENDOR


def by_key(key: str | None) -> Vendor:
    from ratsinfo.vendors import allris4, allris_classic, generic, sessionnet, sternberg

    vendors: tuple[Vendor, ...] = (
        allris4.VENDOR,
        allris_classic.VENDOR,
        sternberg.VENDOR,
        sessionnet.VENDOR,
    )
    return next((v for v in vendors if v.key == key), generic.VENDOR)


def page_parser_for(url: str) -> PageParser:
    """The page parser for a paper page URL: classic ALLRIS for `vo020.asp`, else ALLRIS 4."""
    from ratsinfo.vendors import allris4, allris_classic

    if allris_classic.is_page(url):
        return allris_classic.parse_page
    parser = allris4.VENDOR.page_parser
    assert parser is not None
    return parser
