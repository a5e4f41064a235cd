"""The administration's answers to numbered questions, read from German prose.

An answering paper (Stellungnahme, Mitteilung zu einer Anfrage) usually opens with a preamble
("Die o. g. Anfrage des Bürgermitglieds X vom 21.04.2025 beantwortet die Verwaltung wie folgt:")
and then answers question by question. `extract_answers` finds the answer markers, cuts the text
between them, and returns one `Answer` per marker. The preamble goes to `intro`, never to an
answer. Asker and date come from the preamble and are copied onto every row.

Marker styles, tried in this order; the first style found in a document is the only one that
starts answers in it (so a numbered list inside a "Zu Frage 2:" answer stays in that answer):

1. "Zu"-markers at the start of a line: "Zu Frage 1:", "Zu 1.", "Zu 1.:", "Zu 1)", "Zu 1:",
   "Zu Frage 2a:", "Zu 2 a) und b):", "Zu Frage 1 und 2:", "Zu den Fragen 1 bis 3:",
   "Antwort zu Frage 1:". The answer may stand on the marker line or below it. When the marker
   line (or the first line below it) repeats the question ("Zu Frage 1: Wie viele ...?"), that
   line becomes `question_text`. Marker numbers must not go backwards or jump by more than two.
2. Numbered answers after a header line: "Zu den Fragen:", "Zu den Fragen im Einzelnen:", or a
   line "... wie folgt:" (e.g. "Die Fragen werden wie folgt beantwortet:"), then "1. ...",
   "2. ...". If the first numbered line is a question ("1. Wie viele ...?"), the layout is
   "question repeated, answer below" (style 3); otherwise the numbered lines are the answers.
   Only the next expected number starts a new answer.
3. Repeated questions: a numbered question ("1. Wie viele ...?", "1) ...?", "Frage 1: ...") and
   its answer paragraph(s) below it; "a) ...?" lines after question 2 give labels "2a", "2b".
   A leading "Antwort:" is removed from the answer.
4. Bullet questions ("•", "-", "–", "*") each followed by its answer; bullets carry no printed
   number, so their labels are their ordinal numbers "1", "2", ... (the same labels
   `extract_questions` gives bullet questions).

Styles 3 and 4 need evidence that the text answers: a paper that only asks (an Anfrage: asking
phrases such as "fragen wir" without answering ones such as "beantwortet"/"wie folgt") or in which
most questions have no text below them yields no rows. A text without any marker (a
Beschlussvorlage, a plain Mitteilung) yields no rows either: nothing is guessed.

Labels are printed labels, normalised: "1", "2a", sub-questions answered together become
"2a/b", and one answer to several questions keeps ONE row with label "1 und 2" ("1, 2 und 3",
ranges "1 bis 3"). Its `question_text`, when taken from the question paper, is the questions'
texts joined with a space in label order.

The answer text is the cleaned text (see `ratsinfo.extract.text`) with its paragraphs joined by
newlines: no page furniture, no marker, no repeated question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ratsinfo.extract.text import clean_text, normalize_space
from ratsinfo.model import Answer
from ratsinfo.parse.dates import parse_date

__all__ = ["AnswerExtraction", "extract_answers", "extract_questions"]


@dataclass(frozen=True, slots=True)
class AnswerExtraction:
    """What an answering paper yields: its preamble, who asked and when, and the answers."""

    intro: str | None  # preamble before the first answer (NOT an answer)
    asked_by: str | None  # e.g. "Bürgermitglied Andreas Paruszewski"
    asked_on: dt.date | None
    answers: tuple[Answer, ...]


# --- patterns ------------------------------------------------------------------------------

_ATOM = r"\d{1,2}(?!\d)(?:\s?[a-z](?![a-zäöüß])\)?)?"
_SEP = r"\s*(?:,|und|sowie|bis|[-–/&])\s*"
_LABEL = rf"{_ATOM}(?:[.)]?{_SEP}(?:Fragen?\s+)?(?:{_ATOM}|[a-z]\)))*"
_ZU = re.compile(
    r"^(?:Antwort(?:\s+der\s+Verwaltung)?\s+)?(?:Zur?|zur?|ZU)\s+"
    r"(?P<kw>(?:den\s+|der\s+)?(?:Fragen?|Fragestellung|Ziffern?|Punkte?n?|Nr\.|Nummer)\s*"
    r"(?:Nr\.\s*)?)?"
    rf"(?P<label>{_LABEL})(?P<punct>\s*[.:)]+)?\s*(?P<rest>.*)$"
)
_ATOM_PARTS = re.compile(r"(\d{1,2})(?:\s?([a-z])(?![a-zäöüß]))?|(?<!\w)([a-z])\)")
_RANGE_SEP = re.compile(r"\d\s*[a-z)]?\s*(?:bis|[-–])\s*\d")

_NUMBERED = re.compile(r"^(?P<frage>Frage\s+)?(?P<num>\d{1,2})(?!\d)\s*[.):]\s*(?P<rest>.*)$")
_FRAGE = re.compile(r"^Frage\s+(?P<num>\d{1,2})(?P<letter>[a-z])?\s*[.:)]?\s*(?P<rest>.*)$")
_SUB = re.compile(r"^(?P<letter>[a-z])\)\s+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^[•\-–—*·▪]\s*(?P<rest>\S.*)$")
_QUESTION_END = re.compile(r"\?\s*[\"“”»«')]*\s*$")
_ANSWER_PREFIX = re.compile(r"^Antwort(?:\s+der\s+Verwaltung)?\s*:\s*", re.IGNORECASE)
_ANSWER_HEADER = re.compile(
    r"^(?:Zu\s+den\s+(?:einzelnen\s+)?Fragen\b.*|.*\bwie\s+folgt\b.*:|.*\bim\s+Einzelnen\s*:)$",
    re.IGNORECASE,
)
_HEADER_ONLY = re.compile(
    r"^Zu\s+den\s+(?:einzelnen\s+)?Fragen(?:\s+im\s+Einzelnen)?\s*:?$", re.IGNORECASE
)
_STOP = re.compile(
    r"^(?:Anlagen?\b|Anlage\s*\d|Mit freundlichen Grüßen|Beschlussvorschlag\b|Verteiler\b"
    r"|Finanzielle Auswirkungen\b)",
    re.IGNORECASE,
)
_HEADING = re.compile(
    r"^(?:Sachverhalt|Begründung|Stellungnahme(?: der Verwaltung)?|Antwort(?: der Verwaltung)?"
    r"|Mitteilung|Text)\s*:?$",
    re.IGNORECASE,
)
_ASKING = re.compile(
    r"\bfragen\s+wir\b|\bwir\s+fragen\b|\bfrage\s+ich\b|\bich\s+frage\b|\bfragen\s+die\s+Verwaltung"
    r"|\bbitten?\b.{0,80}\b(?:Beantwortung|beantworten)\b|\bfolgende[n]?\s+Fragen\b",
    re.IGNORECASE,
)
_ANSWERING = re.compile(
    r"\bbeantwortet\b|\bwie\s+folgt\b|\bStellung\b|\bAntwort\b|\bteilt\b.{0,40}\bmit\b",
    re.IGNORECASE,
)
_QUOTES = " \"'„“”»«‚‘’"

_ASKER_START = re.compile(
    r"Anfrage\s+(?:Nr\.\s*\S+\s+|\([^)]{0,40}\)\s+|[\w/-]*\d[\w/-]*\s+)?(?P<art>des|der)\s+"
    r"|Anfrage\s+vom\s+\S+(?:\s+\S+\s+\d{4})?\s+(?:(?P<art2>des|der)\s+"
    r"|(?:bittet|fragt|erkundigt\s+sich|hat)\s+(?:die|der|das)\s+)",
)
_ASKED_ON = re.compile(
    r"\bvom\s+(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s*[A-Za-zäÄ]{3,9}\.?\s+\d{4})"
)
_WHO_STOP = frozenset(
    [
        "vom",
        "zum",
        "zur",
        "zu",
        "betreffend",
        "betr.",
        "bezüglich",
        "wird",
        "werden",
        "wurde",
        "beantwortet",
        "hinsichtlich",
        "im",
        "in",
        "mit",
        "an",
        "über",
        "für",
        "wie",
        "nach",
        "dem",
        "den",
        "des",
        "ist",
        "hat",
        "bittet",
        "fragt",
    ]
)


# --- questions -----------------------------------------------------------------------------


def extract_questions(text: str) -> list[tuple[str, str]]:
    """Numbered questions of a question paper (Anfrage): [(label, question_text), ...].

    Reads "1. Wie ...?", "1) ...", "Frage 1: ...", sub-questions "a) ..." (label "2a" under
    question 2) and bullet questions (labels "1", "2", ... in order). Questions start after an
    asking preamble ("Vor diesem Hintergrund fragen wir die Verwaltung:") when there is one, and
    stop at "Anlagen", a closing formula or a new heading.
    """
    lines = clean_text(text).split("\n")
    start = 0
    for i, line in enumerate(lines):
        if _ASKING.search(line):
            start = i + 1
            break
    items: list[list[str]] = []  # [label, text]
    expected = 1
    num: int | None = None
    bullet_mode = False
    for line in lines[start:]:
        if not line:
            continue
        if _STOP.match(line) or (items and _HEADING.match(line)):
            break
        m = _NUMBERED.match(line)
        if m and m["rest"] and int(m["num"]) == expected and not bullet_mode:
            num = expected
            expected += 1
            items.append([str(num), m["rest"]])
            continue
        s = _SUB.match(line)
        if s and num is not None:
            items.append([f"{num}{s['letter']}", s["rest"]])
            continue
        b = _BULLET.match(line)
        if b and num is None:
            bullet_mode = True
            items.append([str(len(items) + 1), b["rest"]])
            continue
        if items and not _QUESTION_END.search(items[-1][1]) and len(items[-1][1]) < 600:
            items[-1][1] += " " + line  # the question goes on on the next line
    if start == 0 and not any("?" in t for _, t in items):
        return []
    return [(label, _strip_quotes(normalize_space(t))) for label, t in items]


# --- answers -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Segment:
    label: str
    keys: tuple[str, ...]
    question: str | None
    lines: list[str]


def extract_answers(
    text: str, questions: Sequence[tuple[str, str]] | None = None
) -> AnswerExtraction:
    """Answers in an answering paper's text.

    `questions` (from the linked question paper, see `extract_questions`) are joined by label
    to fill `question_text` where the answer text does not repeat the question inline.
    """
    lines = clean_text(text).split("\n")
    found = _segments_zu(lines) or _segments_numbered(lines) or _segments_bullets(lines)
    if found is None:
        return AnswerExtraction(intro=None, asked_by=None, asked_on=None, answers=())
    segments, first = found
    intro = _intro(lines[:first])
    asked_by, asked_on = _asker(intro or "")
    qmap = {normalize_space(label).replace(" ", ""): q for label, q in questions or ()}
    answers: list[Answer] = []
    for seg in segments:
        body = [ln for ln in seg.lines if ln]
        if body:
            body[0] = _ANSWER_PREFIX.sub("", body[0])
        answer_text = "\n".join(ln for ln in body if ln).strip()
        if not answer_text:
            continue
        answers.append(
            Answer(
                question_label=seg.label,
                position=len(answers) + 1,
                answer_text=answer_text,
                question_text=seg.question or _lookup(qmap, seg.keys),
                asked_by=asked_by,
                asked_on=asked_on,
            )
        )
    if not answers:
        return AnswerExtraction(intro=None, asked_by=None, asked_on=None, answers=())
    return AnswerExtraction(
        intro=intro, asked_by=asked_by, asked_on=asked_on, answers=tuple(answers)
    )


def _segments_zu(lines: list[str]) -> tuple[list[_Segment], int] | None:
    """Style 1: "Zu Frage 1:" / "Zu 1." markers."""
    markers: list[tuple[int, str, tuple[str, ...], str]] = []
    last = 0
    for i, line in enumerate(lines):
        m = _ZU.match(line)
        if not m or not (m["kw"] or m["punct"] or not m["rest"]):
            continue
        label, keys, nums = _parse_label(m["label"])
        if not nums or not (last <= nums[0] <= last + 2) or nums[0] == 0:
            continue
        markers.append((i, label, keys, m["rest"].strip()))
        last = max(nums)
    if not markers:
        return None
    segments: list[_Segment] = []
    for k, (i, label, keys, rest) in enumerate(markers):
        end = markers[k + 1][0] if k + 1 < len(markers) else _stop_index(lines, i + 1)
        body = [ln for ln in lines[i + 1 : end] if ln]
        question: str | None = None
        if rest and _QUESTION_END.search(rest):
            question = rest
        elif rest:
            body.insert(0, rest)
        elif len(body) > 1 and _QUESTION_END.search(body[0]):
            question = body.pop(0)
        segments.append(_Segment(label, keys, _clean_question(question), body))
    return segments, markers[0][0]


def _segments_numbered(lines: list[str]) -> tuple[list[_Segment], int] | None:
    """Styles 2 and 3: numbered answers after a header, or repeated numbered questions."""
    header: int | None = None
    first_num: int | None = None
    for i, line in enumerate(lines):
        if _STOP.match(line):
            break
        m = _NUMBERED.match(line)
        if m and m["num"] == "1" and (m["rest"] or m["frage"]):
            first_num = i
            break
        if _ANSWER_HEADER.match(line):
            header = i
    if first_num is None:
        return None
    q_mode = _question_at(lines, first_num) is not None or bool(_FRAGE.match(lines[first_num]))
    if not q_mode and header is None:
        return None
    if q_mode and not _answering_context(lines[:first_num]):
        return None

    segments: list[_Segment] = []
    expected = 1
    num: int | None = None
    i = first_num
    end = _stop_index(lines, first_num)
    while i < end:
        line = lines[i]
        m = _NUMBERED.match(line)
        if m and int(m["num"]) == expected:
            if not q_mode:
                segments.append(_Segment(m["num"], (m["num"],), None, [m["rest"]]))
                num, expected, i = expected, expected + 1, i + 1
                continue
            q = _question_at(lines, i)
            f = _FRAGE.match(line)
            if q is not None or f is not None:
                nxt, qtext = q if q is not None else (i + 1, f["rest"] if f else "")
                label = m["num"] + (f["letter"] or "" if f else "")
                segments.append(_Segment(label, (label,), _clean_question(qtext) or None, []))
                num, expected, i = expected, expected + 1, nxt
                continue
            if _SUB.match(_next_line(lines, i)):  # "2. Zur Ausstattung:" then "a) ...?"
                num, expected, i = expected, expected + 1, i + 1
                continue
        s = _SUB.match(line)
        if q_mode and s and num is not None and _QUESTION_END.search(line):
            label = f"{num}{s['letter']}"
            segments.append(_Segment(label, (label,), _clean_question(s["rest"]), []))
            i += 1
            continue
        if segments and line:
            segments[-1].lines.append(line)
        i += 1
    if not segments or (q_mode and not _mostly_answered(segments)):
        return None
    first = header if header is not None and _HEADER_ONLY.match(lines[header]) else first_num
    return segments, first


def _segments_bullets(lines: list[str]) -> tuple[list[_Segment], int] | None:
    """Style 4: bullet questions, each followed by its answer."""
    starts = [
        i
        for i, line in enumerate(lines)
        if (b := _BULLET.match(line)) and _QUESTION_END.search(b["rest"])
    ]
    if not starts or not _answering_context(lines[: starts[0]]):
        return None
    end = _stop_index(lines, starts[0])
    starts = [i for i in starts if i < end]
    segments: list[_Segment] = []
    for k, i in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else end
        b = _BULLET.match(lines[i])
        label = str(k + 1)
        question = _clean_question(b["rest"]) if b else None
        segments.append(_Segment(label, (label,), question, list(lines[i + 1 : stop])))
    if not _mostly_answered(segments):
        return None
    return segments, starts[0]


# --- helpers -------------------------------------------------------------------------------


def _parse_label(raw: str) -> tuple[str, tuple[str, ...], list[int]]:
    """'2 a) und b)' -> ('2a/b', ('2a', '2b'), [2]); '1 und 2' -> ('1 und 2', ('1', '2'), ...)."""
    groups: dict[int, list[str]] = {}
    order: list[int] = []
    current: int | None = None
    for m in _ATOM_PARTS.finditer(raw):
        if m[1]:
            current = int(m[1])
            if current not in groups:
                groups[current] = []
                order.append(current)
            if m[2]:
                groups[current].append(m[2])
        elif m[3] and current is not None:
            groups[current].append(m[3])
    if not order:
        return "", (), []
    parts = [f"{n}{'/'.join(groups[n])}" for n in order]
    is_range = len(order) == 2 and bool(_RANGE_SEP.search(raw))
    if is_range:
        label = f"{parts[0]} bis {parts[1]}"
        nums = list(range(order[0], order[1] + 1)) if order[0] < order[1] else order
    else:
        label = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]
        nums = order
    keys: list[str] = []
    for n in nums:
        letters = groups.get(n) or []
        if letters:
            keys.extend(f"{n}{c}" for c in letters)
        else:
            keys.append(str(n))
    return label, tuple(keys), nums


def _lookup(qmap: dict[str, str], keys: tuple[str, ...]) -> str | None:
    if not qmap:
        return None
    found: list[str] = []
    for key in keys:
        text = qmap.get(key)
        if text is None and key[-1:].isalpha():
            text = qmap.get(key[:-1])  # "2a" asked as part of question 2
        if text is None and key.isdigit():
            subs = [q for label, q in qmap.items() if label[:-1] == key and label[-1:].isalpha()]
            text = " ".join(subs) or None  # "2" answered, asked as "2a", "2b"
        if text is not None and text not in found:
            found.append(text)
    return " ".join(found) or None


def _question_at(lines: list[str], i: int) -> tuple[int, str] | None:
    """The question starting at numbered line i: (index after it, its text), or None."""
    m = _NUMBERED.match(lines[i])
    if not m:
        return None
    rest = m["rest"]
    if rest and _QUESTION_END.search(rest):
        return i + 1, rest
    nxt = _next_line(lines, i)
    if (
        rest
        and nxt
        and _QUESTION_END.search(nxt)
        and not _NUMBERED.match(nxt)
        and not _SUB.match(nxt)
    ):
        j = lines.index(nxt, i + 1)
        return j + 1, rest + " " + nxt
    return None


def _next_line(lines: list[str], i: int) -> str:
    for j in range(i + 1, len(lines)):
        if lines[j]:
            return lines[j]
    return ""


def _stop_index(lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        if _STOP.match(lines[j]):
            return j
    return len(lines)


def _answering_context(before: list[str]) -> bool:
    """False when the text before the first question only asks (an Anfrage)."""
    text = " ".join(before)
    return not (_ASKING.search(text) and not _ANSWERING.search(text))


def _mostly_answered(segments: list[_Segment]) -> bool:
    answered = sum(1 for s in segments if any(ln for ln in s.lines))
    return answered * 2 > len(segments)


def _clean_question(q: str | None) -> str | None:
    if not q:
        return None
    return _strip_quotes(normalize_space(q)) or None


def _strip_quotes(s: str) -> str:
    return s.strip(_QUOTES)


def _intro(before: list[str]) -> str | None:
    start = 0
    for i, line in enumerate(before):
        if _HEADING.match(line):
            start = i + 1
    kept = [ln for ln in before[start:] if ln and not _HEADER_ONLY.match(ln)]
    return "\n".join(kept) or None


def _asker(intro: str) -> tuple[str | None, dt.date | None]:
    flat = normalize_space(intro)
    who: str | None = None
    asked_on: dt.date | None = None
    anfrage = flat.find("Anfrage")
    if anfrage < 0:
        return None, None
    m = _ASKER_START.search(flat, anfrage)
    if m:
        who = _who(flat[m.end() :], genitive=(m["art"] or m["art2"]) == "des")
    d = _ASKED_ON.search(flat, anfrage)
    if d:
        asked_on = parse_date(d["date"])
    return who, asked_on


def _who(s: str, *, genitive: bool) -> str | None:
    tokens = s.split()
    out: list[str] = []
    for k, tok in enumerate(tokens[:10]):
        bare = tok.strip(",;:")
        if not bare or bare.lower() in _WHO_STOP or bare.startswith("("):
            break
        if bare == "und":
            if k + 1 < len(tokens) and tokens[k + 1][:1].isupper():
                out.append(bare)
                continue
            break
        if not (bare[0].isupper() or bare[0].isdigit()):
            break
        out.append(bare)
        if tok.endswith((",", ";", ":")):
            break
    if not out:
        return None
    if genitive:  # "des Bürgermitglieds" -> "Bürgermitglied", "des Ratsherrn" -> "Ratsherr"
        head = out[0]
        if head.endswith("herrn") or (
            head.endswith("s") and not head.endswith("ss") and len(head) > 3
        ):
            out[0] = head[:-1]
    return " ".join(out).rstrip(".")
