"""Text cleanup shared by the extractors: remove page furniture, mend page breaks.

Council papers reach us as text rendered from PDFs or print views. Between the paragraphs sit
things that are not part of what the administration wrote, and must never leak into an answer or
a funding sentence:

- running page numbers: "– 2 –", "- 2 -", "Seite 2 von 3", "Seite 2", "2/3";
- "Gedruckt auf 100 Prozent Recyclingpapier" (and similar imprint lines);
- letterheads repeated at every page break ("Stadt Braunschweig – Der Oberbürgermeister");
- form feeds;
- signature blocks: "gez. Leppa", "i. V. gez. Dr. Meier", "gez." with the name on the next line,
  and a short office line after it ("Oberbürgermeister", "Stadtrat").

Where furniture marked a page break, the text on both sides is joined again: a word hyphenated
across the break ("Förder-" | "mittel") is mended, and a paragraph the break cut in two (the line
before the break does not end a sentence) becomes one line again, unless the new page opens with a
closing heading ("Verteiler", "Anlagen": the line before it is a signature). Words hyphenated at an
ordinary line end are mended too, unless the next word is a conjunction ("Rad- und Fußverkehr").

`clean_text` is a pure function: text in, text out, one paragraph per line, blank lines kept
(collapsed to one) where the source had them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

__all__ = ["clean_text", "normalize_space"]

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,3}\s*[-–—]"
    r"|Seite\s+\d{1,3}(?:\s*(?:von|/)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|\d{1,3})$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_IMPRINT = re.compile(r"^Gedruckt auf\b.{0,60}Recycling\w*\.?$", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^(?:(?:i\.\s?V\.|i\.\s?A\.|In Vertretung|Im Auftrag)\s*)?"
    r"gez(?:\.|eichnet)(?:\s+(?P<name>.*))?$",
    re.IGNORECASE,
)
_DEPUTY_ONLY = re.compile(r"^(?:i\.\s?V\.|i\.\s?A\.|In Vertretung|Im Auftrag)$", re.IGNORECASE)
_OFFICE = re.compile(
    r"^(?:Erste[rn]?\s+)?(?:Ober)?(?:Bürgermeister(?:in)?|Stadtr(?:at|ätin)|Stadtbaur(?:at|ätin)"
    r"|Dezernent(?:in)?|Fachbereichsleiter(?:in)?|Oberbürgermeister(?:in)?|Landrat|Landrätin"
    r"|Stadtkämmerer(?:in)?|Kämmerer(?:in)?)$"
)
_HYPHEN_END = re.compile(r"[A-Za-zÄÖÜäöüß]-$")  # searched only in a line that ends in "-"
_CONJUNCTION = re.compile(r"^(?:und|oder|bzw\.?|sowie|als auch|noch)\b")
_SENTENCE_END = ".!?:;\"“”')»«"  # the last character of a line that ends a sentence
_LIST_START = re.compile(
    r"^(?:\d{1,2}\s*[.):]\s|[a-z]\)\s|[•●▪■►➢\uf0b7\uf0a7\uf0d8\-–*·](?:\s|$)|Zu\s|Frage\s+\d)"
)
# a closing heading at the top of a page starts a new block: "Fritz Kuhn" | "Verteiler"
_CLOSING_HEADING = re.compile(
    r"^(?:Verteiler|Anlagen?(?:\s*\d{1,2})?|Mit freundlichen Grüßen)\s*:?$", re.IGNORECASE
)
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
_NBSP_NOT_IN_NUMBER = re.compile(r"(?<!\d)[\u00a0\u202f\u2009]|[\u00a0\u202f\u2009](?!\d)")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends (str.split's whitespace
    is re's `\\s`: both ask Py_UNICODE_ISSPACE)."""
    return " ".join(text.split())


def _is_break_marker(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line) or _IMPRINT.match(line))


@lru_cache(maxsize=16)  # both extractors clean the same page text
def clean_text(text: str) -> str:
    """Remove page furniture and signature blocks; join what page breaks cut apart."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    narrow = "\u00a0" in text or "\u202f" in text or "\u2009" in text
    if narrow:
        text = _NBSP_NOT_IN_NUMBER.sub(" ", text)
    # without tabs, narrow spaces or double spaces `_SPACES` has nothing to collapse
    spaces = narrow or "\t" in text or "  " in text
    raw: list[str] = []
    breaks_at: set[int] = set()  # indices into `raw` that follow a form feed
    for chunk_no, chunk in enumerate(text.split("\f")):
        if chunk_no:
            breaks_at.add(len(raw))
        if spaces:
            raw.extend(_SPACES.sub(" ", line).strip() for line in chunk.split("\n"))
        else:
            raw.extend(line.strip() for line in chunk.split("\n"))

    n = len(raw)
    drop = [False] * n
    brk = [False] * n  # a page break sits right before this line
    for i in breaks_at:
        if i < n:
            brk[i] = True
    # 1. Page numbers and imprints. A bare number only counts next to a form feed.
    for i, line in enumerate(raw):
        if not line:
            continue
        if _IMPRINT.match(line) or (
            _PAGE_NUMBER.match(line)
            and (not _BARE_NUMBER.match(line) or _near_form_feed(i, raw, breaks_at))
        ):
            drop[i] = True
            brk[i] = True

    # 2. Letterheads: a short line that repeats, removed where it stands next to a page break
    #    or at the top of the document; a line repeated three times or more without a sentence
    #    end is removed everywhere.
    counts = Counter(line for line in raw if line and len(line) <= 120)
    repeated = {
        line
        for line, c in counts.items()
        if c >= 2 and not line.endswith((":", ".", "!", "?")) and not _LIST_START.match(line)
    }
    if repeated:
        rank = _content_rank(raw)
        anchor_ranks = [rank[i] for i in range(n) if brk[i]]
        for i, line in enumerate(raw):
            if line not in repeated or drop[i]:
                continue
            near = rank[i] < 3 or any(-2 <= rank[i] - a <= 2 for a in anchor_ranks)
            everywhere = counts[line] >= 3 and line[-1] not in _SENTENCE_END
            if near or everywhere:
                drop[i] = True
                brk[i] = True

    # 3. Signature blocks.
    for i, line in enumerate(raw):
        if drop[i] or not line:
            continue
        m = _SIGNATURE.match(line)
        if m:
            drop[i] = True
            if i > 0 and _DEPUTY_ONLY.match(raw[i - 1]):
                drop[i - 1] = True
            j = _next_content(raw, i)
            if not m.group("name") and j is not None and _looks_like_name(raw[j]):
                drop[j] = True
                j = _next_content(raw, j)
            if j is not None and _OFFICE.match(raw[j]):
                drop[j] = True

    # 4. Rebuild, joining across page breaks and mending hyphenation.
    out: list[str] = []
    pending_break = False
    blank = False
    for i, line in enumerate(raw):
        if brk[i]:
            pending_break = True
        if drop[i]:
            continue
        if not line:
            blank = True
            continue
        if out and out[-1]:
            prev = out[-1]
            if (
                prev[-1] == "-"
                and _HYPHEN_END.search(prev)
                and line[:1].islower()
                and (pending_break or not blank)
            ):
                # "Förder-" | "mittel" -> "Fördermittel"; "Rad-" | "und Fuß..." -> "Rad- und Fuß..."
                conj = bool(_CONJUNCTION.match(line))
                out[-1] = (prev + " " + line) if conj else (prev[:-1] + line)
                pending_break = blank = False
                continue
            if (
                pending_break
                and prev[-1] not in _SENTENCE_END
                and not _LIST_START.match(line)
                and not _CLOSING_HEADING.match(line)
                and (
                    line[:1].islower()
                    or prev[-1:].islower()
                    or prev.endswith(",")
                    or len(prev) > 40
                )
            ):
                out[-1] = prev + " " + line
                pending_break = blank = False
                continue
        if blank and out and not pending_break:
            out.append("")
        out.append(line)
        pending_break = blank = False
    return "\n".join(out).strip()


def _near_form_feed(i: int, raw: list[str], breaks_at: set[int]) -> bool:
    """Whether line i is the first or last content line of a page that a form feed bounds."""
    for b in breaks_at:
        before = [k for k in range(max(0, b - 3), b) if raw[k]]
        after = [k for k in range(b, min(len(raw), b + 3)) if raw[k]]
        if (before and before[-1] == i) or (after and after[0] == i):
            return True
    return False


def _content_rank(raw: list[str]) -> list[int]:
    """For each line, how many non-empty lines precede it."""
    rank: list[int] = []
    seen = 0
    for line in raw:
        rank.append(seen)
        if line:
            seen += 1
    return rank


def _next_content(raw: list[str], i: int) -> int | None:
    for j in range(i + 1, len(raw)):
        if raw[j]:
            return j
    return None


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 4 and len(line) <= 40 and not line.endswith((".", ":", "?"))
