"""The registry of known councils: one record each, read by the crawler, the portal metadata and
the CLI. A council not in the registry can still be crawled by its OParl System URL; it is then
named after its host and everything else comes from its OParl objects.

"Council" (and the `source` column of the tables, which holds its key) means one thing: a council
information system (an OParl System), e.g. Braunschweig's; it may hold several Bodies, which the
tables tell apart by `body_key`. The bundled sample RIS is the entry "sample": it has no
System URL of its own but is served on a loopback port for the length of a run by the module
named in `served_by`.

Besides the built-in records, a deployment keeps its councils in a registry file (JSON, see
`Registry`; `ratsinfo councils add|remove|list`, the setting `councils_file` /
RATSINFO_COUNCILS): the councils it ingests every night, each a Dagster partition of the
"councils" partitions. An entry may name a built-in council by its key alone, or define a council
by its OParl System URL (and optionally key, name, vendor, AGS, website, publisher, licence).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import importlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
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


def council_for(source: str, registry: Path | None = None) -> Council:
    """The council `source` names: a key of the built-in records or of the registry file
    `registry`, or an OParl System URL (a registered council with that URL, else one keyed by host
    and path, see `key_for_url`). Raises ValueError naming the known councils."""
    known = {**COUNCILS, **(Registry(registry).councils() if registry else {})}
    if source in known:
        return known[source]
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        for council in known.values():
            if council.system_url == source:
                return council
        key = key_for_url(source)
        return Council(key=key, name=key, system_url=source, vendor="OParl")
    names = ", ".join(known)
    raise ValueError(f"unknown council {source!r}: use one of {names} or an OParl System URL")


def registered(key: str, registry: Path | None = None) -> Council | None:
    """The record for a council key as stored in the tables' `source` column (built in, or in
    the registry file)."""
    if key in COUNCILS:
        return COUNCILS[key]
    return Registry(registry).councils().get(key) if registry else None


# -- the registry file -----------------------------------------------------------------------------

_KEY = re.compile(r"[a-z0-9][a-z0-9._:/-]{0,199}")
_FIELDS = {f.name for f in dataclasses.fields(Council)} - {"served_by"}


class RegistryError(ValueError):
    """A registry file or entry that cannot be used; names the file and the entry."""


def council_slug(key: str) -> str:
    """A file and directory name for a council key: the key itself when it is one already, else
    its safe characters and a short hash ("host.de/oparl/v1.0" → "host.de_oparl_v1.0-<8 hex>"), so
    two keys never share a name."""
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,79}", key):
        return key
    safe = re.sub(r"[^a-z0-9._-]+", "_", key.lower()).strip("_.")[:60] or "council"
    return f"{safe}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def ris_host(council: Council) -> str:
    """The server a council's crawl talks to (host[:port] of its System URL), the value of the
    `ris_host` run tag by which Dagster runs one crawl per server at a time; a council served
    per run (the sample) has its own loopback server: "loopback/<key>"."""
    if council.system_url is None:
        return f"loopback/{council.key}"
    return urlsplit(council.system_url).netloc.lower()


@dataclass
class Registry:
    """The councils of a deployment, in a JSON file:

    {"councils": [{"key": "braunschweig"},
                  {"key": "frechen-rim4220", "system_url": "https://…/oparl/v1.0/system",
                   "name": "Stadt Frechen"}]}

    Written whole under a lock (`<file>.lock`) and renamed into place, so concurrent `ratsinfo
    councils add` calls and readers never see half a file."""

    path: Path

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise RegistryError(f"council registry {self.path}: not readable JSON ({e})") from None
        entries = data.get("councils") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise RegistryError(f'council registry {self.path}: no "councils" list')
        return entries

    def councils(self) -> dict[str, Council]:
        """The registered councils by key, in the file's order; an entry that cannot be used is
        a RegistryError naming the file, the entry's position and what is wrong."""
        out: dict[str, Council] = {}
        for n, entry in enumerate(self.entries(), 1):
            council = self._council(entry, f"council registry {self.path}, entry {n}")
            out[council.key] = council
        return out

    @staticmethod
    def _council(entry: Any, where: str) -> Council:
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}: not an object")
        unknown = set(entry) - _FIELDS
        if unknown:
            raise RegistryError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        key, url = entry.get("key"), entry.get("system_url")
        if url is None:
            if key in COUNCILS:
                return dataclasses.replace(COUNCILS[key], **entry)
            raise RegistryError(f"{where}: {key!r} is no built-in council and has no system_url")
        parts = urlsplit(str(url))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RegistryError(f"{where}: system_url {url!r} is no http(s) URL")
        key = key or key_for_url(url)
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise RegistryError(
                f"{where}: key {key!r} must be lower-case letters, digits and . _ : / - "
                "(at most 200)"
            )
        base = {"name": key, "vendor": "OParl", **entry, "key": key}
        return Council(**base)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write(self, entries: list[dict[str, Any]]) -> None:
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        tmp.write_text(
            json.dumps({"councils": entries}, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        os.replace(tmp, self.path)

    def add(self, source: str, **fields: Any) -> tuple[Council, bool]:
        """Register a council (a built-in key, or an OParl System URL with optional fields);
        returns it and whether it was new. Adding a known key again updates the fields given."""
        fields = {k: v for k, v in fields.items() if v is not None}
        if urlsplit(source).scheme in ("http", "https"):
            entry = {"system_url": source, **fields}
        else:
            entry = {"key": source, **fields}
        council = self._council(entry, f"council {source!r}")
        if council.system_url is not None and "key" not in entry:
            entry = {"key": council.key, **entry}
        with self._locked():
            entries = self.entries()
            keys = [self._council(e, str(self.path)).key for e in entries]
            new = council.key not in keys
            if new:
                entries.append(entry)
            else:  # the fields given replace theirs, the others stay
                at = keys.index(council.key)
                entries[at] = entry = {**entries[at], **entry}
                council = self._council(entry, f"council {source!r}")
            self._write(entries)
        return council, new

    def remove(self, key: str) -> bool:
        """Unregister a council; False when it was not registered. Its data stay."""
        with self._locked():
            entries = self.entries()
            kept = [e for e in entries if self._council(e, str(self.path)).key != key]
            if len(kept) == len(entries):
                return False
            self._write(kept)
        return True


@dataclass(frozen=True)
class OpenCouncil:
    council: Council
    system_url: str
    min_interval: float


@contextlib.contextmanager
def open_council(
    source: str, min_interval: float, registry: Path | None = None, **options: Any
) -> Iterator[OpenCouncil]:
    """The council's OParl entry point for the length of the context: its System URL, or for the
    sample a loopback server (`options` go to its `serve_council`)."""
    council = council_for(source, registry)
    interval = council.min_interval if council.min_interval is not None else min_interval
    if council.system_url is not None:
        yield OpenCouncil(council, council.system_url, interval)
        return
    if council.served_by is None:
        raise ValueError(f"council {council.key!r} has neither a System URL nor a server")
    serving = importlib.import_module(council.served_by)
    with serving.serve_council(**options) as system_url:
        yield OpenCouncil(council, system_url, interval)
