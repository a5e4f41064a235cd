"""The facts every portal file states, read once per run: the council, its licence and the
attribution it requires, the papers' date range, the published tables and files.

The council is the run's (its `ratsinfo.councils.Council` record); name, website, licence and
municipality key come from the archived OParl System and Body objects when they state them, then
from the council registry, then from `PortalConfig`.

Licence honesty (`license_decision`): the licence is the one the Body states, else the System's,
else the council registry's, classified by ratsinfo.portal.licenses.classify_license. An open
licence (a known one, or an unknown URL kept as stated) is published under. A statement that is no
open licence (a restriction such as "Nutzung nur nach Genehmigung.", or a text such as "Stadt
Wuppertal") means the council's files are not published as open data (`PortalFacts.publishable`
False, `withheld` says why), unless the operator set a licence explicitly (`PortalConfig.license`,
RATSINFO_PORTAL_LICENSE): then that one is used, with a warning naming what the source stated. A
source that states nothing is published under the configured licence, by default dl-by-de/2.0.

What the source states is checked before use
(ratsinfo.portal.sanitize): a website, System id or licence that is no safe absolute http(s) URL
is percent-encoded or dropped, never breaks a portal file, and each such repair is recorded in
`PortalFacts.warnings`. The facts depend only on the warehouse and the publish directory (dates
come from the data, never the wall clock), so identical input gives identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from ratsinfo.councils import Council, council_for
from ratsinfo.portal.licenses import (
    DL_BY_DE_2,
    LICENSES,
    LicenseInfo,
    classify_license,
    closed_license,
)
from ratsinfo.portal.metadata import TableInfo, table_info
from ratsinfo.portal.sanitize import one_line, safe_http_url
from ratsinfo.warehouse import PUBLISHED_TABLES, manifest_entries

DEFAULT_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/ratsinfo"
DEFAULT_LICENSE = DL_BY_DE_2  # for a source that states no licence, unless the operator set one
LICENSE_SETTING = "RATSINFO_PORTAL_LICENSE"

# -- configuration -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalConfig:
    """Settings of the portal metadata. Unset values come from the source (OParl Body/System),
    then from the council registry (ratsinfo.councils), then from the defaults here.

    base_url: where the publish directory is served ("https://example.org/ratsinfo/"); empty =
    URLs relative to the metadata files (the published files lie next to them).
    license: the licence the operator publishes under, set explicitly (RATSINFO_PORTAL_LICENSE; a
    dcat-ap.de licence IRI, a licence URL or a name such as "dl-de/by-2-0"). None, the default:
    not set; a source that states no licence is then published under DEFAULT_LICENSE
    (dl-by-de/2.0), and one that states a licence which is no open one is not published. When set,
    it is used where the source states nothing or no open licence (the operator may hold the
    council's permission); a source's open licence still wins.
    """

    base_url: str = ""
    license: str | None = None  # None: not set by the operator (see above)
    license_attribution: str | None = None  # default: "<body>, Ratsinformationssystem, <year>"
    contributor_id: str = DEFAULT_CONTRIBUTOR_ID  # GovData's Datenbereitsteller-ID
    contact_email: str | None = None
    contact_url: str | None = None  # default: the body's website
    publisher: str | None = None  # default: the body's name
    municipality_key: str | None = None  # default: the Body's `ags`, then the council registry
    keywords: tuple[str, ...] = (
        "Ratsinformationssystem",
        "Kommunalpolitik",
        "Vorlagen",
        "Beratungsfolge",
        "Anfragen",
        "OParl",
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> PortalConfig:
        """Defaults, then RATSINFO_PORTAL_* environment variables, then explicit overrides."""
        env = os.environ if env is None else env
        names = {
            "base_url": "RATSINFO_PORTAL_BASE_URL",
            "license": LICENSE_SETTING,
            "license_attribution": "RATSINFO_PORTAL_ATTRIBUTION",
            "contributor_id": "RATSINFO_PORTAL_CONTRIBUTOR_ID",
            "contact_email": "RATSINFO_PORTAL_CONTACT_EMAIL",
            "contact_url": "RATSINFO_PORTAL_CONTACT_URL",
            "publisher": "RATSINFO_PORTAL_PUBLISHER",
            "municipality_key": "RATSINFO_PORTAL_MUNICIPALITY_KEY",
        }
        values: dict[str, Any] = {k: env[v] for k, v in names.items() if env.get(v)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    def __post_init__(self) -> None:
        if self.base_url and not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")


_EMAIL = re.compile(r"[^@\s<>\"(),:;\\\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def checked_config(config: PortalConfig) -> tuple[PortalConfig, list[str]]:
    """`config` with every URL, e-mail address and key safe to become an IRI, and what had to be
    repaired or dropped (a dropped value falls back to its default)."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    for name, fallback in (
        ("base_url", ""),
        ("contributor_id", DEFAULT_CONTRIBUTOR_ID),
        ("contact_url", None),
    ):
        value = getattr(config, name)
        if not value:
            continue
        checked = safe_http_url(value)
        if checked.problem:
            warnings.append(f"portal setting {name}: {checked.problem}")
        values[name] = checked.url if checked.url is not None else fallback
    if config.contact_email and not _EMAIL.fullmatch(config.contact_email):
        warnings.append("portal setting contact_email: not an e-mail address, dropped")
        values["contact_email"] = None
    if config.municipality_key and not re.fullmatch(r"\d{8}", config.municipality_key):
        warnings.append("portal setting municipality_key: not 8 digits, dropped")
        values["municipality_key"] = None
    for name in ("license_attribution", "publisher"):
        value = getattr(config, name)
        if value is not None:
            values[name] = one_line(value) or None
    return replace(config, **values), warnings


# -- the facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortalFacts:
    """Everything the portal files say, read once from the warehouse and the publish dir."""

    source: str  # the council's key, as in the tables' `source` column
    body_name: str
    body_website: str | None
    system_url: str | None
    municipality_key: str | None
    license: LicenseInfo
    license_from_source: bool
    attribution: str | None
    first_date: dt.date | None
    last_date: dt.date | None
    tables: tuple[TableInfo, ...]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # manifest entries
    warnings: tuple[str, ...] = ()  # what the source or the settings said that had to be repaired
    # whether the council's files may be published as open data; when not, `withheld` says why
    # (one sentence naming the stated licence, where it was stated and the setting that allows
    # it) and `license` is dcat-ap.de's other-closed (see license_decision)
    publishable: bool = True
    withheld: str | None = None


def _json_body(body: bytes | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(bytes(body).decode("utf-8", errors="replace"), strict=False)
    except ValueError:
        return None


def _latest_body(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> Any:
    from ratsinfo.bodies import read_bodies  # bodies live beside the warehouse file
    from ratsinfo.warehouse import table_columns

    # warehouses made before the body store have no body_size (read-only: no schema update)
    stored = "body_size" if "body_size" in table_columns(con, "raw_responses") else "NULL"
    row = con.execute(
        "SELECT url, sha256 FROM raw_responses WHERE kind = 'oparl' "
        f"AND (body IS NOT NULL OR {stored} IS NOT NULL) "
        "AND (status IS NULL OR status = 200) AND " + where + " "
        "ORDER BY last_fetched_at DESC, sha256 LIMIT 1",
        params,
    ).fetchone()
    if not row:
        return None
    return _json_body(read_bodies(con, [(row[0], row[1])])[(row[0], row[1])])


def oparl_system_and_body(
    con: duckdb.DuckDBPyConnection,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The archived OParl System object and its (first) Body, or empty dicts."""
    system = _latest_body(con, "url LIKE '%/oparl/system'", [])
    if not isinstance(system, dict):
        return {}, {}
    body: Any = None
    body_list = system.get("body")
    if isinstance(body_list, str):
        body = _latest_body(con, "url = ?", [body_list])
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        bodies = [b for b in body["data"] if isinstance(b, dict)]
        ids_row = con.execute(
            "SELECT body_id FROM oparl_papers WHERE body_id IS NOT NULL "
            "GROUP BY body_id ORDER BY count(*) DESC, body_id LIMIT 1"
        ).fetchone()
        preferred = [b for b in bodies if ids_row and b.get("id") == ids_row[0]]
        candidates = preferred or bodies
        body = candidates[0] if candidates else None
    return system, body if isinstance(body, dict) else {}


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def portal_facts(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path | None,
    config: PortalConfig | None = None,
    *,
    council: Council | str,
) -> PortalFacts:
    """The facts for the portal files. `council`: the run's council, as its registry record or
    as the `source` setting names it (a council key or an OParl System URL, see
    ratsinfo.councils.council_for). `out_dir` None: without the published files (no hashing)."""
    council = council_for(council) if isinstance(council, str) else council
    config, warnings = checked_config(config or PortalConfig())

    def checked_url(value: Any, what: str) -> str | None:
        checked = safe_http_url(value)
        if checked.problem:
            dropped = "; dropped" if checked.url is None else ""
            warnings.append(f"{what}: {checked.problem}{dropped}")
        return checked.url

    system, body = oparl_system_and_body(con)
    body_name = (
        one_line(_str(body.get("name")) or "")
        or council.publisher
        or one_line(council.name)
        or one_line(council.key)
    )
    website = (
        checked_url(_str(body.get("website")) or _str(body.get("web")), "OParl Body website")
        or council.website
    )

    decision = license_decision(system, body, council, config)
    warnings.extend(decision.warnings)
    lic = decision.license
    dates = con.execute("SELECT min(date), max(date) FROM vorlagen").fetchone()
    first, last = (dates[0], dates[1]) if dates else (None, None)
    attribution = config.license_attribution
    if attribution is None and lic.attribution_required:
        attribution = f"{body_name}, Ratsinformationssystem" + (f", {last.year}" if last else "")

    ags = _str(body.get("ags"))
    key = config.municipality_key or (ags if ags and re.fullmatch(r"\d{8}", ags) else None)
    return PortalFacts(
        source=council.key,
        body_name=body_name,
        body_website=website,
        system_url=checked_url(_str(system.get("id")), "OParl System id"),
        municipality_key=key or council.municipality_key,
        license=lic,
        license_from_source=decision.from_source,
        attribution=attribution,
        first_date=first,
        last_date=last,
        tables=tuple(table_info(con, t) for t in PUBLISHED_TABLES),
        files=manifest_entries(con, out_dir)
        if out_dir is not None and decision.publishable
        else {},
        warnings=tuple(dict.fromkeys(warnings)),
        publishable=decision.publishable,
        withheld=decision.withheld,
    )


# -- the licence ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LicenseDecision:
    """The licence the portal files state, and whether the council's files may be published as
    open data at all (see the module docstring)."""

    license: LicenseInfo
    from_source: bool  # the licence is the one the source states
    publishable: bool
    withheld: str | None = None  # why not publishable: one sentence
    warnings: tuple[str, ...] = ()


def license_decision(
    system: Mapping[str, Any],
    body: Mapping[str, Any],
    council: Council,
    config: PortalConfig | None = None,
) -> LicenseDecision:
    """The licence to publish `council`'s files under, from what its OParl Body, else System,
    else registry record states and the operator's `config.license`; never raises."""
    config = config or PortalConfig()
    warnings: list[str] = []
    operator: LicenseInfo | None = None  # the licence the operator set explicitly
    if config.license is not None:
        setting = classify_license(config.license)
        what = f"portal setting license ({LICENSE_SETTING})"
        if setting.license is None:
            warnings.append(f"{what}: {setting.reason}; ignored")
        elif setting.problem:
            warnings.append(f"{what}: {setting.problem}")
        operator = setting.license

    # where the licence is stated: (what states it, its URL, the statement)
    stated: tuple[str, str | None, str] | None = None
    for obj, kind in ((body, "OParl Body"), (system, "OParl System")):
        if (text := _str(obj.get("license"))) is not None:
            url = safe_http_url(_str(obj.get("id"))).url
            stated = (f"the {kind} {url or '(no id)'}", url, text)
            break
    else:
        if (text := _str(council.license)) is not None:
            stated = (f"the council registry's record of {council.key!r}", None, text)

    if stated is None:  # the source states nothing
        return LicenseDecision(
            operator or LICENSES[DEFAULT_LICENSE], False, True, None, tuple(warnings)
        )
    where, stated_at, text = stated
    statement = classify_license(text)
    if statement.license is not None:  # an open licence: the source's
        if statement.problem:
            warnings.append(f"licence stated by {where}: {statement.problem}")
        if operator is not None and operator.iri != statement.license.iri:
            warnings.append(
                f"portal setting license ({LICENSE_SETTING}) not used: {where} states the open "
                f"licence {statement.quoted}, {statement.what}"
            )
        return LicenseDecision(statement.license, True, True, None, tuple(warnings))
    if operator is not None:  # no open licence, but the operator set one: theirs, with a warning
        warnings.append(
            f"{where} states the licence {statement.quoted}, {statement.what}; publishing under "
            f"the configured licence {operator.title} ({LICENSE_SETTING}), as set"
        )
        return LicenseDecision(operator, False, True, None, tuple(warnings))
    withheld = (
        f"{where} states the licence {statement.quoted}, {statement.what}; set "
        f"{LICENSE_SETTING} to the licence you may publish the council's data under (e.g. with "
        "its permission) to publish them"
    )
    lic = closed_license(statement, stated_at)
    return LicenseDecision(lic, True, False, withheld, tuple(warnings))


def publication_license(
    con: duckdb.DuckDBPyConnection, config: PortalConfig | None = None, *, council: Council | str
) -> LicenseDecision:
    """`license_decision` for the System and Body archived in the warehouse: what the publishing
    steps ask before they write a file."""
    council = council_for(council) if isinstance(council, str) else council
    config, _ = checked_config(config or PortalConfig())
    system, body = oparl_system_and_body(con)
    return license_decision(system, body, council, config)


# -- what the files say about the dataset as a whole ---------------------------------------------


def dataset_title(facts: PortalFacts) -> tuple[str, str]:
    """(German, English) title of the dataset."""
    return (
        f"Ratsinformationen {facts.body_name}: Vorlagen, Beratungsfolgen, Antworten, Geldbeträge",
        f"Council information {facts.body_name}: papers, consultations, answers, amounts",
    )


def dataset_description(facts: PortalFacts) -> tuple[str, str]:
    """(German, English) description of the dataset, naming every table."""
    de = (
        f"Vorlagen aus dem Ratsinformationssystem – {facts.body_name} –, über OParl und die "
        "Vorlagenseiten erfasst und als Tabellen (CSV und Parquet, die Texte der Dokumente auch "
        "als JSON Lines) aufbereitet: " + "; ".join(f"{t.name}: {t.de}" for t in facts.tables) + "."
    )
    en = (
        f"Papers from the council information system – {facts.body_name} –, collected over OParl "
        "and the paper pages and published as tables (CSV and Parquet, the documents' texts also "
        "as JSON Lines): " + "; ".join(f"{t.name}: {t.en}" for t in facts.tables) + "."
    )
    return de, en
