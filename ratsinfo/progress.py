"""Progress of a run, for a person watching the terminal.

The core and the assets report what they do (`stage`, `update`); where nobody listens (the Dagster
UI runs steps in their own processes), reports go nowhere. `ratsinfo run` installs a `Console`,
which draws one line that updates in place on a terminal, and prints a line every few seconds
otherwise (logs, CI).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Listener = Callable[[str, int, int | None, str], None]  # (phase, done, total, detail)
_listeners: list[Listener] = []


def listen(listener: Listener) -> Callable[[], None]:
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def update(phase: str, done: int = 0, total: int | None = None, detail: str = "") -> None:
    for listener in list(_listeners):
        listener(phase, done, total, detail)


def stage(phase: str, detail: str = "") -> None:
    update(phase, 0, None, detail)


def _eta(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class Console:
    """Draws progress on `stream` (stderr): in place on a terminal, else a line now and then."""

    def __init__(self, stream: TextIO = sys.stderr, every: float = 5.0) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.every = every
        self._phase = ""
        self._started = time.monotonic()
        self._last = 0.0
        self._width = 0

    def __call__(self, phase: str, done: int, total: int | None, detail: str) -> None:
        now = time.monotonic()
        new_phase = phase != self._phase
        if new_phase:
            if self.tty and self._width:
                self.stream.write("\n")
            self._phase, self._started, self._width = phase, now, 0
        finished = total is not None and done == total
        is_stage = not done and total is None  # a step announcing itself: always shown
        due = now - self._last >= (0.2 if self.tty else self.every)
        if not (new_phase or finished or is_stage or due):
            return
        self._last = now
        line = f"  {phase}"
        if total:
            line += f": {done:,} of {total:,}"
            elapsed = now - self._started
            if 0 < done < total and elapsed > 2:
                line += f", ETA {_eta(elapsed / done * (total - done))}"
        elif done:
            line += f": {done:,}"
        if detail:
            line += f" ({detail})" if (total or done) else f": {detail}"
        if self.tty:
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()
