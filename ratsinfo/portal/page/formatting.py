"""Text for the portal page: escaping for HTML and inline SVG, and numbers, money, sizes, dates
and months written the German way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from ratsinfo.portal.sanitize import xml_text


def esc(value: object) -> str:
    """Text for HTML (and the inline SVG, which must be XML): escaped, without the characters
    XML 1.0 forbids."""
    return escape(xml_text(str(value)), quote=True)


def de_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def rows_word(n: int) -> str:
    return "Zeile" if n == 1 else "Zeilen"


def rows_text(n: int) -> str:
    """A number of rows in German: "1 Zeile", "1.234 Zeilen"."""
    return f"{de_int(n)} {rows_word(n)}"


def de_number(x: float | Decimal, digits: int = 1) -> str:
    text = f"{x:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def de_money(x: Decimal | float, cents: bool = False) -> str:
    return de_number(x, 2 if cents else 0) + " €"


def de_days(x: float) -> str:
    text = de_number(x, 0)
    return f"{text} Tag" if text == "1" else f"{text} Tage"


def de_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def de_size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    value = float(n)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{de_number(value)} {unit}"


MONTH_NAMES = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


def de_month(d: dt.date) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.year}"


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """`text` in lines of at most `width` characters (at spaces), the last one shortened."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [shorten(x, width) for x in lines]
