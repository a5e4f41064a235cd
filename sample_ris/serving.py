"""The sample RIS as a council of the registry: served on a loopback port for one run."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sample_ris.generator import generate
from sample_ris.server import serve


@contextlib.contextmanager
def serve_council(
    papers: int = 150, seed: int = 0, port: int = 8741, license: str | None = None
) -> Iterator[str]:
    """The System URL of a generated sample RIS, served while the context is open. `port` keeps
    URLs stable from run to run; when it is taken, any free port is used. `license`: the licence
    text the System states (None, the default: none, like Braunschweig's)."""
    ris = generate(papers, seed=seed)
    with contextlib.ExitStack() as stack:
        try:
            base_url = stack.enter_context(serve(ris, port=port, license=license))
        except OSError:
            base_url = stack.enter_context(serve(ris, port=0, license=license))
        yield f"{base_url}/oparl/system"
