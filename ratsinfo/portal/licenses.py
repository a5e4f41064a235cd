"""Licences of the published data, and what a source's `license` statement means.

The known licences (dcat-ap.de licence IRIs with title, text URL and whether they require
attribution) are recognised by any of their usual spellings: IRI, URL, short id ("dl-de/by-2-0",
"CC BY 4.0", "CC0") and written-out German or English name ("Datenlizenz Deutschland –
Namensnennung – Version 2.0", "Creative Commons Attribution 4.0 International").

`classify_license` sorts what an OParl System or Body (or the council registry) states:

- `known`: one of the known open licences;
- `unknown-url`: an http(s) URL of no licence we know: kept as the source states it,
  attribution assumed (the safe assumption);
- `restricted`: a restriction, not an open licence ("Nutzung nur nach Genehmigung.", "alle
  Rechte vorbehalten", "all rights reserved", non-commercial or no-derivatives licences such as
  CC BY-NC or dl-de/by-nc-1-0);
- `unknown-text`: a text that names no licence we know and is no URL ("Stadt Wuppertal").

Only the first two are open licences (`StatedLicense.is_open`). Real statements are in
../shared/corpus/meine-stadt-transparent/testdata (systems/, bodies/, oparl-missing/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ratsinfo.portal.sanitize import one_line, safe_http_url

DL_BY_DE_2 = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
DL_ZERO_DE_2 = "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
CC_BY_4 = "http://dcat-ap.de/def/licenses/cc-by/4.0"
CC_BY_SA_4 = "http://dcat-ap.de/def/licenses/cc-by-sa/4.0"
CC_ZERO = "http://dcat-ap.de/def/licenses/cc-zero"
# dcat-ap.de's "Andere geschlossene Lizenz": what the facts state for a source whose licence is
# no open one (nothing is published under it; see ratsinfo.portal.facts)
OTHER_CLOSED = "http://dcat-ap.de/def/licenses/other-closed"


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
            DL_ZERO_DE_2,
            "Datenlizenz Deutschland – Zero – Version 2.0",
            "https://www.govdata.de/dl-de/zero-2-0",
            False,
        ),
        LicenseInfo(
            CC_BY_4,
            "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
            "https://creativecommons.org/licenses/by/4.0/",
            True,
        ),
        LicenseInfo(
            CC_BY_SA_4,
            "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0 "
            "International (CC BY-SA 4.0)",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            True,
        ),
        LicenseInfo(
            CC_ZERO,
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
    "dcat-ap.de/def/licenses/dl-zero-de/2.0": DL_ZERO_DE_2,
    "govdata.de/dl-de/zero-2-0": DL_ZERO_DE_2,
    "dl-de/zero-2-0": DL_ZERO_DE_2,
    "dl-de-zero-2.0": DL_ZERO_DE_2,
    "dcat-ap.de/def/licenses/cc-by/4.0": CC_BY_4,
    "creativecommons.org/licenses/by/4.0": CC_BY_4,
    "creativecommons.org/licenses/by/4.0/deed.de": CC_BY_4,
    "cc-by-4.0": CC_BY_4,
    "dcat-ap.de/def/licenses/cc-by-sa/4.0": CC_BY_SA_4,
    "creativecommons.org/licenses/by-sa/4.0": CC_BY_SA_4,
    "cc-by-sa-4.0": CC_BY_SA_4,
    "dcat-ap.de/def/licenses/cc-zero": CC_ZERO,
    "creativecommons.org/publicdomain/zero/1.0": CC_ZERO,
    "cc0-1.0": CC_ZERO,
}

# -- written-out names -----------------------------------------------------------------------------
#
# A name is read as words (lower case, umlauts spelt out, punctuation and dashes dropped, versions
# as "2.0"). It names a known licence when it has the licence's marks, no word outside that
# licence's vocabulary and no other version (a name without a version is taken as the version
# known here, and the reason says so): "Datenlizenz Deutschland Namensnennung 2.0 (Stadt
# Leipzig)" or "CC BY 3.0 DE" is no name we know, rather than a guess.

_FILLER = frozenset({"version", "v", "lizenz", "license", "licence", "international", "the"})
_GERMANY = frozenset({"deutschland", "germany", "de"})
_DL = frozenset({"datenlizenz", "dl", "data"})  # "Data licence Germany" has "data" + "licence"
_BY = frozenset({"namensnennung", "attribution", "by"})
_CC = frozenset({"cc", "creative", "commons"})
_SHARE_ALIKE = frozenset(
    {"sa", "sharealike", "share", "alike", "weitergabe", "unter", "gleichen", "bedingungen"}
)
_ZERO_WORDS = frozenset({"zero", "cc0", "universell", "universal", "public", "domain"})


@dataclass(frozen=True)
class _Name:
    iri: str
    marks: tuple[frozenset[str], ...]  # each: at least one of these words
    words: frozenset[str]  # every word the name may have
    versions: frozenset[str]  # the version, when one is stated


_NAMES = (
    _Name(
        DL_BY_DE_2,
        (_DL, _GERMANY, _BY),
        _DL | _GERMANY | _BY | _FILLER,
        frozenset({"2.0"}),
    ),
    _Name(
        DL_ZERO_DE_2,
        (_DL, _GERMANY, frozenset({"zero"})),
        _DL | _GERMANY | {"zero"} | _FILLER,
        frozenset({"2.0"}),
    ),
    _Name(CC_BY_4, (_CC, _BY), _CC | _BY | _FILLER, frozenset({"4.0"})),
    _Name(
        CC_BY_SA_4,
        (_CC, _BY, _SHARE_ALIKE),
        _CC | _BY | _SHARE_ALIKE | _FILLER,
        frozenset({"4.0"}),
    ),
    _Name(
        CC_ZERO,
        (frozenset({"cc0", "cc", "creative"}), frozenset({"zero", "cc0"})),
        _CC | _ZERO_WORDS | {"dedication", "1.0"} | _FILLER,
        frozenset({"1.0"}),
    ),
)

# Words and phrases that make a statement a restriction rather than an open licence, with what to
# call them in a message. Matched against the words of the statement (see _words), in order.
_RESTRICTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?:^| )(?:{pattern})(?: |$)"), label)
    for pattern, label in (
        (r"genehmigung\w*|erlaubnis|zustimmung|(?:prior |written )?permission",
         "use only with permission"),
        (r"alle rechte vorbehalten|all rights reserved|rechte vorbehalten|rights reserved",
         "all rights reserved"),
        (r"nicht ?kommerziell\w*|non ?commercial|nc", "non-commercial use only"),
        (r"keine bearbeitung\w*|no ?derivatives?|no ?derivs|nd", "no derivatives"),
        (r"urheberrechtlich geschuetzt|copyright|proprietary|vorbehalten", "rights reserved"),
        (r"untersagt|verboten|prohibited|nicht gestattet|not permitted", "use prohibited"),
        (r"nicht|kein|keine|keiner|not|no", "a negation"),
    )
)  # fmt: skip

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _words(text: str) -> list[str]:
    """The words of a statement: lower case, umlauts spelt out, versions as "2.0"."""
    text = one_line(text).lower().translate(_UMLAUTS).replace("©", " copyright ")
    text = re.sub(r"(?<![\d.])(\d+)\s*[-.,_]\s*(\d+)(?![\d.])", r"\1.\2", text)  # 2-0 → 2.0
    text = re.sub(r"\bcc\s*-?\s*0\b", "cc0", text)
    # CC0's tagline is no restriction
    text = re.sub(r"\b(?:no rights reserved|keine rechte vorbehalten)\b", " zero ", text)
    words = re.findall(r"\d+\.\d+|[a-z0-9]+", text)
    return [f"{w}.0" if w.isdigit() else w for w in words]


def _named(words: list[str]) -> str | None:
    """The IRI of the known licence these words name, or None."""
    if not words:
        return None
    stated = set(words)
    versions = {w for w in stated if w[0].isdigit()}
    matches = [
        name.iri
        for name in _NAMES
        if all(stated & mark for mark in name.marks)
        and stated - versions <= name.words
        and versions <= name.versions
    ]
    if CC_BY_SA_4 in matches:  # "CC BY-SA" has the marks of "CC BY" too
        matches = [m for m in matches if m != CC_BY_4]
    return matches[0] if len(matches) == 1 else None


def _restriction(words: list[str]) -> str | None:
    text = " ".join(words)
    for pattern, label in _RESTRICTIONS:
        if pattern.search(text):
            return label
    return None


def _alias(url: str) -> str | None:
    key = re.sub(r"^[a-z]+://", "", url.strip().lower())
    return _LICENSE_ALIASES.get(key.removeprefix("www.").rstrip("/"))


# -- classification -------------------------------------------------------------------------------

LicenseKind = Literal["known", "unknown-url", "restricted", "unknown-text"]
QUOTE_CHARS = 120


def quoted(stated: str) -> str:
    """What a source stated, on one line, cut to QUOTE_CHARS characters, in quotes."""
    text = one_line(stated)
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"„{text}“"


@dataclass(frozen=True)
class StatedLicense:
    """What a source states as its licence, classified (see the module docstring)."""

    stated: str  # as stated, on one line (whole)
    kind: LicenseKind
    license: LicenseInfo | None  # the open licence to publish under; None when not open
    what: str  # what the statement is, e.g. "a restriction (…), not an open licence"
    problem: str | None = None  # an unknown URL that had to be percent-encoded

    @property
    def is_open(self) -> bool:
        return self.license is not None

    @property
    def quoted(self) -> str:
        """The statement in quotes, cut to QUOTE_CHARS characters."""
        return quoted(self.stated)

    @property
    def reason(self) -> str:
        """One line: the statement (quoted, cut) and what it is."""
        return f"{self.quoted} is {self.what}"


def classify_license(stated: str) -> StatedLicense:
    """What `stated` (a licence IRI, URL, short id, written-out name, or any other text) is: a
    known open licence, an unknown URL (kept, attribution assumed), a restriction or an unknown
    text. Never raises."""
    text = one_line(stated)
    iri = _alias(text)
    if iri is not None:
        return _known(text, iri)
    if re.match(r"(?i)https?://", text):  # a URL (characters an IRI forbids are encoded)
        if (label := _url_restriction(text)) is not None:
            what = f"a restricted licence ({label}), not an open licence"
            return StatedLicense(text, "restricted", None, what)
        checked = safe_http_url(text)
        if checked.url is not None:
            lic = LicenseInfo(checked.url, checked.url, checked.url, True)
            what = "no licence we know: kept as stated, attribution assumed"
            return StatedLicense(text, "unknown-url", lic, what, checked.problem)
    urls = [u.rstrip(").,;") for u in re.findall(r"(?i)\bhttps?://\S+", text)]
    words = _words(re.sub(r"(?i)\bhttps?://\S+", " ", text))
    if (label := _restriction(words)) is not None:
        what = f"a restriction ({label}), not an open licence"
        return StatedLicense(text, "restricted", None, what)
    iri = _named(words)
    if iri is not None and all(_alias(u) == iri for u in urls):  # a name, maybe with its URL
        versioned = any(w[0].isdigit() for w in words)
        return _known(text, iri, "" if versioned else " (no version stated)")
    what = "no licence we know and no URL, so not taken as an open licence"
    return StatedLicense(text, "unknown-text", None, what)


def _known(text: str, iri: str, note: str = "") -> StatedLicense:
    lic = LICENSES[iri]
    return StatedLicense(text, "known", lic, f"{lic.title}{note}")


def _url_restriction(url: str) -> str | None:
    """The restriction a licence URL names in its path: non-commercial or no-derivatives
    licences (Creative Commons by-nc…, Datenlizenz Deutschland by-nc-1-0). Other words of a URL
    are not read."""
    path = re.sub(r"(?i)^https?://[^/]*", "", url).lower()
    if re.search(r"(?:^|[/_.-])nc(?:[/_.-]|$)", path):
        return "non-commercial use only"
    if re.search(r"(?:^|[/_.-])nd(?:[/_.-]|$)", path):
        return "no derivatives"
    return None


def checked_license(stated: str) -> tuple[LicenseInfo | None, str | None]:
    """(licence, problem): the open licence `stated` names (a known one, or an unknown URL, with
    a problem when it had to be percent-encoded); (None, why) when it is no open licence."""
    result = classify_license(stated)
    if result.license is None:
        return None, result.reason
    return result.license, result.problem


def closed_license(statement: StatedLicense, stated_at: str | None) -> LicenseInfo:
    """What the facts say of a source whose licence is no open one: dcat-ap.de's "other closed
    licence", titled with the statement, its text where the source states it."""
    return LicenseInfo(
        OTHER_CLOSED,
        f"Andere geschlossene Lizenz: {statement.quoted}",
        stated_at or OTHER_CLOSED,
        True,
    )
