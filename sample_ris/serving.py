"""The sample RIS as a council of the registry: served on a loopback port for one run."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sample_ris.generator import generate
from sample_ris.server import serve


@contextlib.contextmanager
def serve_council(papers: int = 150, seed: int = 0, port: int = 8741) -> Iterator[str]:
    """The System URL of a generated sample RIS, served while the context is open. `port` keeps
    URLs stable from run to run; when it is taken, any free port is used."""
    ris = generate(papers, seed=seed)
    with contextlib.ExitStack() as stack:
        try:
            base_url = stack.enter_context(serve(ris, port=port))
        except OSError:
            base_url = stack.enter_context(serve(ris, port=0))
        yield f"{base_url}/oparl/system"
