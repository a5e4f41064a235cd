"""What a source says, made safe before it goes into the portal files.

The OParl Body and System objects and the papers come from a council's server: a website may be
`javascript:…` or contain spaces, a licence may carry Turtle syntax, a subject may hold control
characters. Nothing of that may break publishing or turn into a link:

- `safe_http_url`: only absolute http(s) URLs with a plain host become links or IRIs; characters
  an IRI forbids (spaces, ``<>"{}|\\^` ``, controls) are percent-encoded; anything else is dropped,
  with the reason, for the caller to record;
- `xml_text`: text without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE,
  U+FFFF), for everything that goes into XML (Atom feeds, SVG, HTML);
- `one_line`: a name on one line (whitespace collapsed, controls and bidi overrides removed);
- `markdown_text`: text for a Markdown paragraph, table cell or heading (no markup, no HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# C0 and C1 controls, and the bidirectional embeddings, overrides and isolates
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 does not allow."""
    return _NOT_XML_CHAR.sub("", text)


def one_line(text: str) -> str:
    """`text` as one line: whitespace (newlines included) collapsed to single spaces, controls,
    bidi overrides and non-XML characters removed."""
    return _SPACE.sub(" ", xml_text(_CONTROLS.sub(" ", text))).strip()


# Markdown (CommonMark, GitHub) would read these as markup; a backslash makes them literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]#|~!])")


def markdown_text(text: str) -> str:
    """`text` as literal Markdown inline text: one line, HTML characters as entities (no tags, no
    entities of the source's), markup characters backslash-escaped."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


# -- URLs ----------------------------------------------------------------------------------------

# A host an http(s) URL may have: a name (IDN letters allowed) or an IP literal, an optional port.
_HOST = re.compile(
    r"(?:[0-9A-Za-z\u00a1-\ud7ff\uf900-\ufdcf\ufdf0-\uffef](?:[0-9A-Za-z\u00a1-\ud7ff"
    r"\uf900-\ufdcf\ufdf0-\uffef.-]*[0-9A-Za-z\u00a1-\ud7ff\uf900-\ufdcf\ufdf0-\uffef])?"
    r"|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
)
# Characters an IRI may not hold as they are (RFC 3987: no spaces, controls, <>"{}|\^`,
# no non-characters); '#' is handled per component.
_IRI_FORBIDDEN = re.compile(
    '[\x00-\x20\x7f-\x9f<>"{}|\\\\^`\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]'
    "|%(?![0-9A-Fa-f]{2})"
)


def _percent_encode(part: str, also: str = "") -> str:
    def encode(m: re.Match[str]) -> str:
        data = m.group(0).encode("utf-8", errors="surrogatepass")
        return "".join(f"%{b:02X}" for b in data)

    part = _IRI_FORBIDDEN.sub(encode, part)
    for ch in also:
        part = part.replace(ch, f"%{ord(ch):02X}")
    return part


@dataclass(frozen=True)
class CheckedUrl:
    """The outcome of `safe_http_url`: the URL to use (None: dropped) and what was wrong."""

    url: str | None
    problem: str | None = None


def safe_http_url(value: object) -> CheckedUrl:
    """`value` as an absolute http(s) URL that is safe as an IRI and as a link, or None.

    Leading and trailing whitespace is removed; characters an IRI forbids in the path, query or
    fragment are percent-encoded (problem says so). Dropped, with the reason: no string, another
    scheme (javascript:, data:, mailto:, relative …), user info, or no plain host."""
    if not isinstance(value, str) or not value.strip():
        return CheckedUrl(None)
    text = value.strip()
    shown = one_line(text)[:120]
    if not re.match(r"(?i)https?://", text):
        return CheckedUrl(None, f"not an absolute http(s) URL: {shown!r}")
    try:
        parts = urlsplit(text)
    except ValueError:
        return CheckedUrl(None, f"not a valid URL: {shown!r}")
    if "@" in parts.netloc or not _HOST.fullmatch(parts.netloc):
        return CheckedUrl(None, f"no valid host in URL: {shown!r}")
    scheme = parts.scheme.lower()
    url = f"{scheme}://{parts.netloc}{_percent_encode(parts.path)}"
    if parts.query or text.split("#", 1)[0].endswith("?"):
        url += "?" + _percent_encode(parts.query)
    if parts.fragment or text.endswith("#"):
        url += "#" + _percent_encode(parts.fragment, "#")
    if url != scheme + text[len(parts.scheme) :]:
        return CheckedUrl(url, f"percent-encoded characters not allowed in a URL: {shown!r}")
    return CheckedUrl(url)
