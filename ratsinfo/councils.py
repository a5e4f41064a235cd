"""The registry of known councils: one record each, read by the crawler, the portal metadata and
the CLI. A council not in the registry can still be crawled by its OParl System URL; it is then
named after its host and everything else comes from its OParl objects.

"Council" (and the `source` column of the tables, which holds its key) means one thing: a council
information system (an OParl System), e.g. Braunschweig's; it may hold several Bodies, which the
tables tell apart by `body_key`. The bundled sample RIS is the entry "sample": it has no
System URL of its own but is served on a loopback port for the length of a run by the module
named in `served_by`.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Council:
    key: str  # the name used on the command line and in the tables' `source` column
    name: str
    system_url: str | None  # the OParl System; None for the sample, which is served per run
    vendor: str
    municipality_key: str | None = None  # Amtlicher Gemeindeschlüssel (AGS), 8 digits
    website: str | None = None
    publisher: str | None = None
    license: str | None = None  # as the council states it; None: from its OParl objects
    served_by: str | None = None  # module with `serve_council(**options)` (the sample RIS)
    min_interval: float | None = None  # None: the configured politeness interval


COUNCILS: dict[str, Council] = {
    c.key: c
    for c in (
        Council(
            key="braunschweig",
            name="Stadt Braunschweig",
            system_url="https://www.ratsinfo.braunschweig.sitzung-online.de/oparl/system",
            vendor="ALLRIS 4 (CC e-gov)",
            municipality_key="03101000",
            website="https://www.braunschweig.de/",
            publisher="Stadt Braunschweig",
        ),
        Council(
            key="sample",
            name="Stadt Braunschweig (Beispieldaten)",
            system_url=None,
            vendor="ALLRIS 4 (CC e-gov), simulated",
            municipality_key="03101000",  # the sample is Braunschweig-like
            website="https://www.braunschweig.de/",
            served_by="sample_ris.serving",
            min_interval=0.0,  # loopback: no one to be polite to
        ),
    )
}


def key_for_url(system_url: str) -> str:
    """The key of a council known only by its System URL: host and path, without the scheme and
    the final "system" segment ("sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"). Never
    the host alone: one host serves many Systems (KDVZ Frechen serves 23 bodies' Systems)."""
    parts = urlsplit(system_url)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1].lower()
    if last in ("system", "system.asp", "system.php"):
        path = path.rsplit("/", 1)[0]
    return parts.netloc.lower() + path


def council_for(source: str) -> Council:
    """The registered council `source` names, or one for an OParl System URL (keyed by host and
    path, see `key_for_url`). Raises ValueError naming the known councils."""
    if source in COUNCILS:
        return COUNCILS[source]
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        for council in COUNCILS.values():
            if council.system_url == source:
                return council
        key = key_for_url(source)
        return Council(key=key, name=key, system_url=source, vendor="OParl")
    known = ", ".join(COUNCILS)
    raise ValueError(f"unknown council {source!r}: use one of {known} or an OParl System URL")


def registered(key: str) -> Council | None:
    """The registry's record for a council key as stored in the tables' `source` column."""
    return COUNCILS.get(key)


@dataclass(frozen=True)
class OpenCouncil:
    council: Council
    system_url: str
    min_interval: float


@contextlib.contextmanager
def open_council(source: str, min_interval: float, **options: Any) -> Iterator[OpenCouncil]:
    """The council's OParl entry point for the length of the context: its System URL, or for the
    sample a loopback server (`options` go to its `serve_council`)."""
    council = council_for(source)
    interval = council.min_interval if council.min_interval is not None else min_interval
    if council.system_url is not None:
        yield OpenCouncil(council, council.system_url, interval)
        return
    if council.served_by is None:
        raise ValueError(f"council {council.key!r} has neither a System URL nor a server")
    serving = importlib.import_module(council.served_by)
    with serving.serve_council(**options) as system_url:
        yield OpenCouncil(council, system_url, interval)
