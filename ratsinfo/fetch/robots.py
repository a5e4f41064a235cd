"""robots.txt as ratsinfo reads it: the parsed rules and the crawl delay (RFC 9309 behaviour on
errors lives in ratsinfo.fetch.http, which fetches it)."""

from __future__ import annotations

import contextlib
import math
import re
import urllib.robotparser
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Robots:
    """A host's robots.txt rules: parsed rules, no rules (parser None), or everything disallowed
    (`blocked` says why)."""

    parser: urllib.robotparser.RobotFileParser | None = None
    blocked: str | None = None

    def allows(self, user_agent: str, url: str) -> bool:
        if self.blocked is not None:
            return False
        return self.parser is None or self.parser.can_fetch(user_agent, url)


_FRACTIONAL_DELAY = re.compile(r"^(\s*crawl-delay\s*:\s*)(\d*\.\d+|\d+\.)", re.IGNORECASE)


def whole_second_delays(lines: list[str]) -> list[str]:
    """robots.txt lines with fractional Crawl-delays rounded up: urllib.robotparser ignores any
    delay that is not a whole number, which would make us faster than asked."""
    return [
        _FRACTIONAL_DELAY.sub(lambda m: m.group(1) + str(math.ceil(float(m.group(2)))), line)
        for line in lines
    ]


def crawl_delay(parser: urllib.robotparser.RobotFileParser, user_agent: str) -> float:
    """Seconds robots.txt asks between requests for `user_agent` (or `*`): Crawl-delay or
    Request-rate, whichever is slower; 0 when it asks nothing."""
    asked = 0.0
    delay = parser.crawl_delay(user_agent)
    if delay is not None:
        with contextlib.suppress(ValueError):
            asked = float(delay)
    rate = parser.request_rate(user_agent)
    if rate is not None and rate.requests > 0:
        asked = max(asked, rate.seconds / rate.requests)
    return asked
