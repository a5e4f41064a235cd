"""Licences of the published data: the known ones (dcat-ap.de licence IRIs with title, text URL
and whether they require attribution) under any of their usual spellings, and a licence a source
states that is none of them, kept by its URL when it is a safe http(s) URL."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ratsinfo.portal.sanitize import one_line, safe_http_url

DL_BY_DE_2 = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"


@dataclass(frozen=True)
class LicenseInfo:
    iri: str  # a dcat-ap.de licence IRI where the licence is known, else the URL as stated
    title: str
    url: str  # the licence text
    attribution_required: bool


LICENSES: dict[str, LicenseInfo] = {
    lic.iri: lic
    for lic in (
        LicenseInfo(
            DL_BY_DE_2,
            "Datenlizenz Deutschland – Namensnennung – Version 2.0",
            "https://www.govdata.de/dl-de/by-2-0",
            True,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
            "Datenlizenz Deutschland – Zero – Version 2.0",
            "https://www.govdata.de/dl-de/zero-2-0",
            False,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/cc-by/4.0",
            "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/",
            True,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
            "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 "
            "International (CC BY-SA 4.0)",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            True,
        ),
        LicenseInfo(
            "http://dcat-ap.de/def/licenses/cc-zero",
            "Creative Commons Zero 1.0 Universell (CC0 1.0)",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            False,
        ),
    )
}

# Spellings of the known licences, matched against a URL without scheme, "www." and end slash.
_LICENSE_ALIASES = {
    "dcat-ap.de/def/licenses/dl-by-de/2.0": DL_BY_DE_2,
    "govdata.de/dl-de/by-2-0": DL_BY_DE_2,
    "dl-de/by-2-0": DL_BY_DE_2,
    "dl-de-by-2.0": DL_BY_DE_2,
    "dcat-ap.de/def/licenses/dl-zero-de/2.0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "govdata.de/dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dl-de-zero-2.0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "dcat-ap.de/def/licenses/cc-by/4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "creativecommons.org/licenses/by/4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "creativecommons.org/licenses/by/4.0/deed.de": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "cc-by-4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "dcat-ap.de/def/licenses/cc-by-sa/4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "creativecommons.org/licenses/by-sa/4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "cc-by-sa-4.0": "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
    "dcat-ap.de/def/licenses/cc-zero": "http://dcat-ap.de/def/licenses/cc-zero",
    "creativecommons.org/publicdomain/zero/1.0": "http://dcat-ap.de/def/licenses/cc-zero",
    "cc0-1.0": "http://dcat-ap.de/def/licenses/cc-zero",
}


def license_info(stated: str) -> LicenseInfo:
    """The licence named by `stated` (an IRI, URL or short name); an unknown one is kept as the
    source states it, with attribution (the safe assumption). Raises ValueError when `stated` is
    neither a known licence nor an http(s) URL (see `checked_license`)."""
    lic, problem = checked_license(stated)
    if lic is None:
        raise ValueError(problem)
    return lic


def checked_license(stated: str) -> tuple[LicenseInfo | None, str | None]:
    """(licence, problem): a known licence by any of its spellings; an unknown one by its URL
    (percent-encoded where an IRI needs it, problem says so); None when `stated` is neither."""
    key = re.sub(r"^[a-z]+://", "", stated.strip().lower())
    key = key.removeprefix("www.").rstrip("/")
    iri = _LICENSE_ALIASES.get(key)
    if iri is not None:
        return LICENSES[iri], None
    checked = safe_http_url(stated)
    if checked.url is None:
        return None, f"licence {one_line(stated)[:120]!r} is no known licence and no URL"
    return LicenseInfo(checked.url, checked.url, checked.url, True), checked.problem
