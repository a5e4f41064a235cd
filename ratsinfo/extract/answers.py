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
   "Antwort zu Frage 1:", "Antwort zu 1 bis 3". The answer may stand on the marker line or
   below it. Marker numbers must not go backwards or jump by more than two. The question may
   be printed with the marker:
   - on the marker line or the first line below it ("Zu Frage 1: Wie viele ...?");
   - right above it, as PDFs of answers often do: "1. Wie viele ...?" (or "Frage 1: ...", and
     for "Antwort zu 1 bis 3" the questions 1 to 3) then "Zu 1:". That block belongs to the
     marker below it, never to the answer above it (nor to the preamble);
   - right below it, "Zu den Fragen 1 und 2:" then "1. ...?", "2. ...?", then the answer.
   Sub-questions printed with a bare "Zu 2:" (above it under "2. Zur Ausstattung:", or below
   it) are kept: "a) ...?" answered, "b) ...?" answered give "2a" and "2b"; "a) ...?",
   "b) ...?", then one answer gives "2a/b". Lettered lines that are no questions ("a) Umrüstung
   der Leuchten,") are the answer's own list.
2. Numbered answers after a header line: "Zu den Fragen:", "Zu den Fragen im Einzelnen:", or a
   line "... wie folgt:" (e.g. "Die Fragen werden wie folgt beantwortet:"), then "1. ...",
   "2. ...". If the first numbered line is a question ("1. Wie viele ...?"), the layout is
   "question repeated, answer below" (style 3); otherwise the numbered lines are the answers.
   Only the next expected number starts a new answer.
3. Repeated questions: a numbered question ("1. Wie viele ...?", "1) ...?", "Frage 1: ...",
   "Frage 1:" with the question on the next line) and its answer paragraph(s) below it;
   "a) ...?" lines after question 2 give labels "2a", "2b", and sub-questions printed one after
   the other and answered once become one answer "2a/b". A leading "Antwort:" is removed.
4. Bullet questions ("•", "-", "–", "*", and the glyphs PDFs turn bullets into: U+F0B7, "●",
   "▪", or a glyph alone on its line) each followed by its answer. A bullet question may wrap
   over up to three lines; it ends at its "?". Bullets carry no printed number, so their labels
   are their ordinal numbers "1", "2", ... (the same labels `extract_questions` gives bullet
   questions). Styles 2/3 and 4 both present: the one that starts first wins (a bullet answer
   may hold a numbered list, and the other way round).

Styles 3 and 4 need evidence that the text answers: a paper that only asks (an Anfrage: asking
phrases such as "fragen wir" without answering ones such as "beantwortet"/"wie folgt") or in which
most questions have no text below them yields no rows. A text without any marker (a
Beschlussvorlage, a plain Mitteilung) yields no rows either: nothing is guessed.

Labels are printed labels, normalised: "1", "2a", sub-questions answered together become
"2a/b", and one answer to several questions keeps ONE row with label "1 und 2" ("1, 2 und 3",
ranges "1 bis 3": "Antwort zu 1 bis 3", "Zu 1. bis 3.:", "Zu Frage 1 - 3:" all give "1 bis 3").
A bare "Zu 2:" stays "2" unless the answering paper prints sub-questions with it (then "2a",
"2b" or "2a/b" as above; "2" when question 2 is itself a question answered together with its
parts). `question_text` is the question as the answering paper prints it, else the question
paper's (`questions`) text for the label: several questions' texts joined with a space in label
order; for "2" asked as "2a", "2b" under a stem ("2. Zur Ausstattung:"), the sub-questions' texts.

The answer text is the cleaned text (see `ratsinfo.extract.text`) with its paragraphs joined by
newlines, as printed: no page furniture, no marker, no repeated question, and not the bare
name that closes some papers under the last answer ("Fritz Kuhn"). An answer that refers back
("Siehe Punkt 6.", "Siehe Antwort zu Frage 2", "vgl. Antwort zu 1", "Es wird auf die Antwort zu
Frage 3 verwiesen", "wie bereits zu Frage 1 ausgeführt") keeps its text, and `refers_to` holds
the label it names, normalised like the labels ("2", "1 und 2", "2a"); not for points of other
papers ("vgl. Nr. 4 der Richtlinie"), pages or attachments, nor for the answer's own label.
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
    r"^(?:Antwort(?:en)?(?:\s+der\s+Verwaltung)?\s+)?(?:Zur?|zur?|ZU)\s+"
    r"(?P<kw>(?:den\s+|der\s+)?(?:Fragen?|Fragestellung|Ziffern?|Punkte?n?|Nr\.|Nummer)\s*"
    r"(?:Nr\.\s*)?)?"
    rf"(?P<label>{_LABEL})(?P<punct>\s*[.:)]+)?\s*(?P<rest>.*)$"
)
_ATOM_PARTS = re.compile(r"(\d{1,2})(?:\s?([a-z])(?![a-zäöüß]))?|(?<!\w)([a-z])\)")
_RANGE_SEP = re.compile(r"\d[.)]?\s*(?:[a-z]\)?\s*)?(?:bis|[-–])\s*\d")

_NUMBERED = re.compile(r"^(?P<frage>Frage\s+)?(?P<num>\d{1,2})(?!\d)\s*[.):]\s*(?P<rest>.*)$")
_FRAGE = re.compile(r"^Frage\s+(?P<num>\d{1,2})(?P<letter>[a-z])?\s*[.:)]?\s*(?P<rest>.*)$")
_SUB = re.compile(r"^(?P<letter>[a-z])\)\s+(?P<rest>\S.*)$")
# bullet glyphs as PDFs render them: Word's Symbol-font bullet comes out as U+F0B7, Wingdings
# squares and arrows as U+F0A7 / U+F0D8
_BULLET = re.compile(r"^[•●▪■►➢\uf0b7\uf0a7\uf0d8\-–—*·]\s*(?P<rest>\S.*)$")
_LONE_BULLET = re.compile(r"^[•●▪■►➢\uf0b7\uf0a7\uf0d8]$")  # glyph on a line of its own
_QUESTION_END = re.compile(r"\?\s*[\"“”»«')]*\s*$")
_ANSWER_PREFIX = re.compile(r"^Antwort(?:\s+der\s+Verwaltung)?\s*:\s*", re.IGNORECASE)
_ANSWER_HEADER = re.compile(
    r"^(?:Zu\s+den\s+(?:einzelnen\s+)?Fragen\b.*|.*\bwie\s+folgt\b.*:|.*\bim\s+Einzelnen\s*:)$",
    re.IGNORECASE,
)


def _maybe_header(line: str) -> bool:
    """Whether `_ANSWER_HEADER` can match: it opens with "Zu" or ends with a colon (a cheap test
    that spares its backtracking scan of other lines)."""
    return line[:1] in ("Z", "z") or line.endswith(":")


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

# back-references to another answer: "Siehe Antwort zu Frage 2", "vgl. Antwort zu 1", "Siehe Punkt
# 6.", "Es wird auf die Ausführungen zu Frage 3 verwiesen.", "wie bereits zu 1. ausgeführt"
_REF_KW = r"(?:Fragen?|Punkte?n?|Ziffern?|Nr\.|Nummer)"
_REF_NOUN = r"(?:Antwort(?:en)?|Beantwortung|Ausführungen|Erläuterungen)"
_REF_TARGET = (
    rf"(?:{_REF_NOUN}\s+(?:zu[rm]?|auf|unter|bei|der)\s+(?:(?:den|der|die)\s+)?(?:{_REF_KW}\s*)?"
    rf"|(?:(?:den|der|die)\s+)?{_REF_KW}\s*)(?P<label>{_LABEL})"
)
_REFERENCES = (
    re.compile(
        r"\b[SsVv](?:iehe|\.|gl\.?|ergleiche)\s+"  # siehe, s., vgl., vergleiche (a fast start)
        r"(?:(?:auch|hierzu|dazu|oben|bitte)\s+)*(?:(?:die|meine|unsere|unter)\s+)?" + _REF_TARGET
    ),
    re.compile(
        r"\bauf\s+(?:die\s+|den\s+)?" + _REF_TARGET + r"[^.;]{0,60}?\b(?:verwiesen|Bezug)\b"
    ),
    re.compile(
        r"\b(?:verweisen|verweist)\s+(?:\w+\s+){0,3}?auf\s+(?:die\s+|den\s+)?" + _REF_TARGET
    ),
    re.compile(
        r"\b[Ww]ie\s+(?:(?:bereits|schon|oben)\s+)*(?:zu|unter|in|bei)\s+(?:(?:der|den)\s+)?"
        rf"(?:Antwort\s+(?:zu[rm]?\s+)?)?(?:{_REF_KW}\s*)?(?P<label>{_LABEL})[.)]?\s+"
        r"(?:ausgeführt|dargestellt|beschrieben|erläutert|dargelegt|erwähnt|beantwortet)"
    ),
)

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
    lines = _lines(text)
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


@dataclass(frozen=True, slots=True)
class _Layout:
    segments: list[_Segment]
    intro_end: int  # the lines before this index are the preamble
    start: int  # where the first answer (or its printed question) starts


@dataclass(frozen=True, slots=True)
class _Marker:
    index: int
    label: str
    keys: tuple[str, ...]
    nums: list[int]
    rest: str


def extract_answers(
    text: str, questions: Sequence[tuple[str, str]] | None = None
) -> AnswerExtraction:
    """Answers in an answering paper's text.

    `questions` (from the linked question paper, see `extract_questions`) are joined by label
    to fill `question_text` where the answering paper does not print the question itself.
    """
    lines = _lines(text)
    layout = _segments_zu(lines) or _earliest(_segments_numbered(lines), _segments_bullets(lines))
    if layout is None:
        return AnswerExtraction(intro=None, asked_by=None, asked_on=None, answers=())
    segments = layout.segments
    _drop_closing_name(segments[-1].lines)
    intro = _intro(lines[: layout.intro_end])
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
                refers_to=_reference(answer_text, seg.keys),
            )
        )
    if not answers:
        return AnswerExtraction(intro=None, asked_by=None, asked_on=None, answers=())
    return AnswerExtraction(
        intro=intro, asked_by=asked_by, asked_on=asked_on, answers=tuple(answers)
    )


def _lines(text: str) -> list[str]:
    """The cleaned text's lines; a bullet glyph alone on its line is joined to the next line."""
    lines = clean_text(text).split("\n")
    out: list[str] = []
    for line in lines:
        if out and _LONE_BULLET.match(out[-1]) and line:
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _earliest(*layouts: _Layout | None) -> _Layout | None:
    """Of the layouts found (in order of preference), the one whose answers start first: bullet
    questions whose answers hold a numbered list are bullets, numbered questions whose answers
    hold bullets are numbered. A layout of one answer only wins when it is the only one."""
    found = [lay for lay in layouts if lay is not None]
    several = [lay for lay in found if len(lay.segments) > 1]
    if several:
        return min(several, key=lambda lay: lay.start)
    return found[0] if found else None


def _segments_zu(lines: list[str]) -> _Layout | None:
    """Style 1: "Zu Frage 1:" / "Zu 1." / "Antwort zu 1 bis 3" markers."""
    markers: list[_Marker] = []
    last = 0
    for i, line in enumerate(lines):
        m = _ZU.match(line)
        if not m or not (m["kw"] or m["punct"] or not m["rest"]):
            continue
        label, keys, nums = _parse_label(m["label"])
        if not nums or not (last <= nums[0] <= last + 2) or nums[0] == 0:
            continue
        markers.append(_Marker(i, label, keys, nums, m["rest"].strip()))
        last = max(nums)
    if not markers:
        return None
    # the questions printed above each marker ("2. Wie ...?" / "a) ...?" then "Zu 2:")
    blocks: list[tuple[int, dict[str, str]] | None] = []
    for k, mk in enumerate(markers):
        lo = markers[k - 1].index + 1 if k else 0
        block = _question_block(lines, lo, mk.index, mk.nums)
        if block and k and not markers[k - 1].rest and not any(lines[lo : block[0]]):
            block = None  # it would leave the answer before it empty
        blocks.append(block)
    segments: list[_Segment] = []
    for k, mk in enumerate(markers):
        if k + 1 < len(markers):
            nxt = blocks[k + 1]
            end = nxt[0] if nxt else markers[k + 1].index
        else:
            end = _stop_index(lines, mk.index + 1)
        body = [ln for ln in lines[mk.index + 1 : end] if ln]
        block = blocks[k]
        if block:
            label, keys, question = _from_block(mk, block[1])
            if mk.rest and not _QUESTION_END.search(mk.rest):
                body.insert(0, mk.rest)
            segments.append(_Segment(label, keys, question, body))
            continue
        segments.extend(_segments_below(mk, body))
    first = blocks[0][0] if blocks[0] else markers[0].index
    return _Layout(segments, first, first)


def _segments_below(mk: _Marker, body: list[str]) -> list[_Segment]:
    """The answer(s) below one marker: sub-questions printed under a bare "Zu 2:" split it into
    "2a", "2b" or "2a/b"; questions repeated below the marker become its question text."""
    rest = mk.rest
    if rest and body and rest.endswith(":") and _SUB.match(body[0]):
        rest = ""  # "Zu 2: Zur Ausstattung:" then "a) ...?": the stem of the sub-questions
    if not rest and len(mk.keys) == 1 and mk.keys[0].isdigit():
        groups = _sub_groups(body)
        if groups:
            n = mk.keys[0]
            out: list[_Segment] = []
            for subs, answer in groups:
                keys = tuple(f"{n}{letter}" for letter, _ in subs)
                asked = _clean_question(" ".join(text for _, text in subs))
                out.append(_Segment(_sub_label(n, keys), keys, asked, answer))
            return out
    question: str | None = None
    if rest and _QUESTION_END.search(rest):
        question = rest
    elif rest:
        body.insert(0, rest)
    elif body:
        parent = mk.nums[0] if _SUB.match(body[0]) else None
        items, used = _question_items(body, mk.nums, parent)
        if items and used < len(body) and _all_questions(items):
            question = " ".join(text for key, text in items if _asks(key, text))
            body = body[used:]
        elif len(body) > 1 and _QUESTION_END.search(body[0]):
            question = body.pop(0)
    return [_Segment(mk.label, mk.keys, _clean_question(question), body)]


def _segments_numbered(lines: list[str]) -> _Layout | None:
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
        if _maybe_header(line) and _ANSWER_HEADER.match(line):
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
            if q is None and f is not None and not f["rest"]:
                below = _next_line(lines, i)  # "Frage 1:" with the question on the next line
                if _QUESTION_END.search(below) and not _NUMBERED.match(below):
                    q = lines.index(below, i + 1) + 1, below
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
    if q_mode:
        segments = _merge_unanswered_parts(segments)
    if not segments or (q_mode and not _mostly_answered(segments)):
        return None
    first = header if header is not None and _HEADER_ONLY.match(lines[header]) else first_num
    return _Layout(segments, first, first_num)


def _merge_unanswered_parts(segments: list[_Segment]) -> list[_Segment]:
    """Parts of one question printed one after the other and answered once below the last
    ("a) ...?", "b) ...?", answer) become one answer: "2a/b", or "2" when question 2 itself is a
    question and all of its parts are answered together."""
    out: list[_Segment] = []
    pending: list[_Segment] = []
    for seg in segments:
        same = [p for p in pending if _number(p.label) == _number(seg.label)]
        if len(same) < len(pending):  # another question started: its unanswered parts go
            out.extend(pending)
            pending = []
        if not any(seg.lines):
            pending.append(seg)
            continue
        if pending:
            parts = [*pending, seg]
            pending = []
            n = _number(seg.label)
            subs = tuple(p.label for p in parts if p.label != n)
            parent = next((p for p in parts if p.label == n), None)
            texts = [p.question or "" for p in parts if p is not parent]
            if parent and parent.question and _QUESTION_END.search(parent.question):
                label, keys = n, (n, *subs)
                texts.insert(0, parent.question)
            else:
                label, keys = _sub_label(n, subs), subs
            seg = _Segment(label, keys, _clean_question(" ".join(texts)), seg.lines)
        out.append(seg)
    out.extend(pending)
    # a whole question merged while its later parts are answered apart ("2" + "2a" answered,
    # then "2b"): name the parts instead
    for k, seg in enumerate(out):
        n = _number(seg.label)
        if seg.label == n and len(seg.keys) > 1:
            later = any(_number(o.label) == n for o in out[k + 1 :])
            if later:
                subs = tuple(key for key in seg.keys if key != n)
                out[k] = _Segment(_sub_label(n, subs), subs, seg.question, seg.lines)
    return out


def _segments_bullets(lines: list[str]) -> _Layout | None:
    """Style 4: bullet questions, each followed by its answer."""
    starts: list[tuple[int, int, str]] = []  # (bullet line, line after the question, question)
    for i, line in enumerate(lines):
        if _BULLET.match(line):
            q = _bullet_question(lines, i)
            if q is not None:
                starts.append((i, *q))
    if not starts or not _answering_context(lines[: starts[0][0]]):
        return None
    end = _stop_index(lines, starts[0][0])
    starts = [s for s in starts if s[0] < end]
    segments: list[_Segment] = []
    for k, (_, after, question) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        label = str(k + 1)
        segments.append(
            _Segment(label, (label,), _clean_question(question), list(lines[after:stop]))
        )
    if not _mostly_answered(segments):
        return None
    return _Layout(segments, starts[0][0], starts[0][0])


def _bullet_question(lines: list[str], i: int) -> tuple[int, str] | None:
    """The question of bullet line i, which may run on over two more lines (a PDF wraps it):
    (index after it, its text), or None when the bullet is no question."""
    b = _BULLET.match(lines[i])
    if b is None:
        return None
    text = b["rest"]
    j = i + 1
    while not _QUESTION_END.search(text):
        if j >= len(lines) or j > i + 2 or not lines[j] or _BULLET.match(lines[j]):
            return None
        text += " " + lines[j]
        j += 1
    return j, text


# --- printed questions and sub-questions ---------------------------------------------------


def _question_block(
    lines: list[str], lo: int, hi: int, nums: list[int]
) -> tuple[int, dict[str, str]] | None:
    """The questions printed right above a marker (lines lo..hi-1 end with them): "1. Wie ...?"
    (or "Frage 1: ...") for the marker's first number, its sub-questions, and for a marker over
    several questions the next ones. (block start, {key: question}), or None."""
    for j in range(hi - 1, lo - 1, -1):
        m = _NUMBERED.match(lines[j])
        if not m or int(m["num"]) != nums[0]:
            continue
        block = [ln for ln in lines[j:hi] if ln]
        items, used = _question_items(block, nums, None)
        if items and used == len(block) and _all_questions(items):
            return j, {key: _clean_question(text) or "" for key, text in items}
        return None
    return None


def _question_items(
    lines: list[str], nums: list[int], parent: int | None
) -> tuple[list[tuple[str, str]], int]:
    """Questions printed as a block at the start of `lines` (no blank lines): numbered ones from
    nums[0] on, and sub-questions "a) ..." (of `parent` when the block opens with them).
    ([(key, text)], number of lines they take)."""
    items: list[list[str]] = []
    current = parent
    added = 0  # continuation lines of the current item
    used = 0
    for line in lines:
        m = _NUMBERED.match(line)
        f = _FRAGE.match(line)
        s = _SUB.match(line)
        first = current is None or (current == parent and not items)
        expected = nums[0] if first else (current or 0) + 1
        if m and int(m["num"]) == expected and expected <= max(nums):
            current = expected
            items.append([f"{current}{f['letter'] or '' if f else ''}", m["rest"]])
            added = 0
        elif s and current is not None:
            items.append([f"{current}{s['letter']}", s["rest"]])
            added = 0
        elif items and _open(items[-1][1]) and added < 2:
            items[-1][1] += " " + line
            added += 1
        else:
            break
        used += 1
    return [(key, text) for key, text in items], used


def _open(text: str) -> bool:
    """Whether a printed question goes on on the next line."""
    return not _QUESTION_END.search(text) and not text.rstrip().endswith(":")


def _all_questions(items: list[tuple[str, str]]) -> bool:
    """Every item is a question, or the stem of the sub-questions after it."""
    for k, (key, text) in enumerate(items):
        nxt = items[k + 1][0] if k + 1 < len(items) else ""
        stem = key.isdigit() and nxt[:-1] == key and nxt[-1:].isalpha()
        if not (_QUESTION_END.search(text) or stem):
            return False
    return True


def _asks(key: str, text: str) -> bool:
    """Whether an item's text belongs to the question text (a stem such as "Zur Ausstattung:"
    above sub-questions does not)."""
    return bool(_QUESTION_END.search(text)) or not key.isdigit()


def _from_block(mk: _Marker, items: dict[str, str]) -> tuple[str, tuple[str, ...], str | None]:
    """Label, keys and question text of a marker whose questions are printed above it."""
    label, keys = mk.label, mk.keys
    if len(keys) == 1 and keys[0].isdigit():
        n = keys[0]
        subs = tuple(k for k in items if k[:-1] == n and k[-1:].isalpha())
        parent = items.get(n, "")
        if subs and not _QUESTION_END.search(parent):
            label, keys = _sub_label(n, subs), subs
    texts: list[str] = []
    for key in keys:
        own = items.get(key)
        if own is None and not key.isdigit():
            own = items.get(_number(key))  # "2a" printed as part of question 2
            if own and not _QUESTION_END.search(own):
                own = None
        if own and _asks(key, own) and own not in texts:
            texts.append(own)
        if key.isdigit():
            texts.extend(t for k, t in items.items() if k[:-1] == key and k[-1:].isalpha())
    return label, keys, _clean_question(" ".join(texts))


def _sub_groups(body: list[str]) -> list[tuple[list[tuple[str, str]], list[str]]] | None:
    """Sub-questions printed below a bare "Zu 2:", each answered or answered together:
    [([(letter, question)], answer lines)], or None when the body does not open with them."""
    groups: list[tuple[list[tuple[str, str]], list[str]]] = []
    pending: list[list[str]] = []
    expected = "a"
    added = 0
    for line in body:
        s = _SUB.match(line)
        if s and s["letter"] == expected:
            pending.append([s["letter"], s["rest"]])
            expected = chr(ord(expected) + 1)
            added = 0
        elif pending and _open(pending[-1][1]) and added < 2:
            pending[-1][1] += " " + line
            added += 1
        elif pending:
            if not all(_QUESTION_END.search(text) for _, text in pending):
                return None
            groups.append(([(c, t) for c, t in pending], [line]))
            pending = []
        elif groups:
            groups[-1][1].append(line)
        else:
            return None
    return groups or None


def _sub_label(n: str, keys: tuple[str, ...]) -> str:
    """'2', ('2a', '2b') -> '2a/b' (the label convention of "Zu 2 a) und b):")."""
    return n + "/".join(k[len(n) :] for k in keys) if keys else n


def _number(label: str) -> str:
    m = re.match(r"\d+", label)
    return m.group(0) if m else label


# --- references and closing lines ----------------------------------------------------------


_ELSEWHERE = re.compile(
    r"[.)]?\s+(?:der|des|im|in|aus)\s+"
    r"(?!Anfrage\b|Fragen?\b|Stellungnahme\b|Mitteilung\b|dieser\b|diesem\b|vorliegenden?\b)\S"
)


# a word every back-reference has (siehe, s., vgl., verwiesen, Bezug, ausgeführt, ...): the
# patterns above only run near one, so a long answer costs one fast scan
_REFERENCE_HINT = re.compile(
    r"[SsVv](?:iehe|\.|gl|ergleiche|erw)|Bezug"
    r"|ausgeführt|dargestellt|beschrieben|erläutert|dargelegt|erwähnt|beantwortet"
)
_REFERENCE_REACH = 160  # characters around a hint that a reference can take


def _reference(answer: str, own: tuple[str, ...]) -> str | None:
    """The label of the answer this one points to ("Siehe Antwort zu Frage 2" -> "2"), if any."""
    if not _REFERENCE_HINT.search(answer):
        return None
    flat = normalize_space(answer)
    windows: list[list[int]] = []
    for hint in _REFERENCE_HINT.finditer(flat):
        lo = flat.rfind(" ", 0, max(0, hint.start() - _REFERENCE_REACH)) + 1
        hi = hint.end() + _REFERENCE_REACH
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        part = flat[lo:hi]
        for pattern in _REFERENCES:
            for m in pattern.finditer(part):
                if _ELSEWHERE.match(part, m.end("label")):
                    continue  # "vgl. Nr. 4 der Richtlinie": a point of another paper
                label, keys, _ = _parse_label(m["label"])
                if label and not set(keys) <= set(own):
                    return label
    return None


_CLOSING_NAME = re.compile(
    r"^(?:(?:Dr|Prof)\.\s*)*[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
    r"(?:\s+(?:von\s+)?[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,2}$"
)


def _drop_closing_name(body: list[str]) -> None:
    """A signature without "gez." closes some papers: the mayor's bare name under the last
    answer ("Fritz Kuhn"). Dropped when it follows a finished sentence."""
    content = [k for k, ln in enumerate(body) if ln]
    if len(content) < 2:
        return
    last, before = content[-1], content[-2]
    if _CLOSING_NAME.match(body[last]) and re.search(r"[.!?]$", body[before]):
        del body[last]


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
        if key.isdigit():  # "2" answered, asked as "2a", "2b" (under a stem or a question)
            subs = [q for label, q in qmap.items() if label[:-1] == key and label[-1:].isalpha()]
            if subs:
                asks = text is not None and _QUESTION_END.search(text)
                text = " ".join([text, *subs] if asks and text else subs)
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
