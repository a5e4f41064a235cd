"""Evaluate the extractors on a labelled set of documents.

The set (by default `ratsinfo/extract/evalset/`, see its README.md) holds `NNN_slug.txt` documents
with `NNN_slug.json` gold labels. For each document, `extract_answers` runs on the text (with the
questions of the `questions_from` document, read by `extract_questions`, when the gold names one)
and `extract_funding` runs on the text.

Matching rules:
- answers: a predicted answer is a true positive when its label equals the label of a gold answer
  of the same document not matched yet, and its normalised text (whitespace collapsed,
  casefolded) has token-F1 >= 0.9 with the gold text. question_text is scored on the matched
  answers: correct when both are null or their token-F1 is >= 0.9.
- funding: a predicted row is a true positive when amount and amount_max equal those of a gold
  row of the same document not matched yet. On matched rows: period as precision/recall of
  non-null periods and as exact-match accuracy including null; role, funder and recipient as
  exact-match accuracy (funder/recipient compared normalised; null equals null).
- tables (every document; a gold without a "tables" key has none): `extract_text_tables` runs on
  the text; a predicted row is a true positive when year, amount and label (normalised) equal
  those of a gold row of the same document not matched yet. On matched rows: kind, basis and
  caption as exact-match accuracy (kind and caption compared normalised; null equals null).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ratsinfo.extract.answers import extract_answers, extract_questions
from ratsinfo.extract.funding import extract_funding
from ratsinfo.extract.tables import extract_text_tables
from ratsinfo.extract.text import normalize_space

__all__ = ["Accuracy", "Counts", "EvalReport", "Mismatch", "evaluate", "format_report", "token_f1"]

EVALSET_DIR = Path(__file__).parent / "evalset"
TEXT_F1 = 0.9


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True, slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class Mismatch:
    doc: str
    table: str  # "answers", "funding", or a field: "question_text", "period", ...
    kind: str  # "FP", "FN", "wrong"
    predicted: str
    gold: str


@dataclass(frozen=True, slots=True)
class EvalReport:
    evalset_dir: str
    documents: int
    answers: Counts
    question_text: Accuracy
    funding: Counts
    period_nonnull: Counts  # on matched funding rows: non-null periods
    period: Accuracy  # on matched funding rows, null included
    role: Accuracy
    funder: Accuracy
    recipient: Accuracy
    tables: Counts = field(default=Counts())  # table rows: (year, amount, label)
    table_kind: Accuracy = field(default=Accuracy())  # on matched table rows
    table_basis: Accuracy = field(default=Accuracy())
    table_caption: Accuracy = field(default=Accuracy())
    mismatches: tuple[Mismatch, ...] = field(default=())


def token_f1(a: str | None, b: str | None) -> float:
    """Token-F1 of two texts after collapsing whitespace and casefolding."""
    ta = normalize_space(a or "").casefold().split()
    tb = normalize_space(b or "").casefold().split()
    if not ta and not tb:
        return 1.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def _short(s: str | None, n: int = 90) -> str:
    if s is None:
        return "null"
    s = normalize_space(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def _norm(s: str | None) -> str | None:
    return normalize_space(s).casefold() if s else None


def _dec(v: Any) -> Decimal | None:
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


class _Tally:
    def __init__(self) -> None:
        self.n: Counter[str] = Counter()
        self.mismatches: list[Mismatch] = []

    def miss(self, doc: str, table: str, kind: str, predicted: str, gold: str) -> None:
        self.mismatches.append(Mismatch(doc, table, kind, predicted, gold))

    def field(self, doc: str, name: str, ok: bool, predicted: str, gold: str) -> None:
        self.n[f"{name}_total"] += 1
        if ok:
            self.n[f"{name}_ok"] += 1
        else:
            self.miss(doc, name, "wrong", predicted, gold)

    def acc(self, name: str) -> Accuracy:
        return Accuracy(self.n[f"{name}_ok"], self.n[f"{name}_total"])

    def counts(self, name: str) -> Counts:
        return Counts(self.n[f"{name}_tp"], self.n[f"{name}_fp"], self.n[f"{name}_fn"])


def evaluate(evalset_dir: Path | None = None) -> EvalReport:
    """Run the extractors on every labelled document of `evalset_dir` and score them."""
    root = Path(evalset_dir) if evalset_dir is not None else EVALSET_DIR
    tally = _Tally()
    docs = sorted(root.glob("*.json"))
    for gold_path in docs:
        doc = gold_path.stem
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        questions: Sequence[tuple[str, str]] | None = None
        if gold.get("questions_from"):
            questions = extract_questions((root / gold["questions_from"]).read_text("utf-8"))
        _score_answers(tally, doc, text, questions, gold.get("answers") or [])
        _score_funding(tally, doc, text, gold.get("funding") or [])
        _score_tables(tally, doc, text, gold.get("tables") or [])
    return EvalReport(
        evalset_dir=str(root),
        documents=len(docs),
        answers=tally.counts("answers"),
        question_text=tally.acc("question_text"),
        funding=tally.counts("funding"),
        period_nonnull=tally.counts("period"),
        period=tally.acc("period"),
        role=tally.acc("role"),
        funder=tally.acc("funder"),
        recipient=tally.acc("recipient"),
        tables=tally.counts("tables"),
        table_kind=tally.acc("table_kind"),
        table_basis=tally.acc("table_basis"),
        table_caption=tally.acc("table_caption"),
        mismatches=tuple(tally.mismatches),
    )


def _score_answers(
    tally: _Tally,
    doc: str,
    text: str,
    questions: Sequence[tuple[str, str]] | None,
    gold: list[dict[str, Any]],
) -> None:
    predicted = extract_answers(text, questions).answers
    matched: set[int] = set()
    for a in predicted:
        best: tuple[float, int] | None = None
        for j, g in enumerate(gold):
            if j in matched or str(g["question_label"]) != a.question_label:
                continue
            f1 = token_f1(a.answer_text, g["answer_text"])
            if f1 >= TEXT_F1 and (best is None or f1 > best[0]):
                best = (f1, j)
        if best is None:
            tally.n["answers_fp"] += 1
            same = [g for g in gold if str(g["question_label"]) == a.question_label]
            hint = (
                f"[{same[0]['question_label']}] {_short(same[0]['answer_text'])} "
                f"(F1 {token_f1(a.answer_text, same[0]['answer_text']):.2f})"
                if same
                else "-"
            )
            tally.miss(doc, "answers", "FP", f"[{a.question_label}] {_short(a.answer_text)}", hint)
            continue
        matched.add(best[1])
        tally.n["answers_tp"] += 1
        g = gold[best[1]]
        gq = g.get("question_text")
        if a.question_text is None or gq is None:
            ok = a.question_text is None and gq is None
        else:
            ok = token_f1(a.question_text, gq) >= TEXT_F1
        tally.field(
            doc, "question_text", ok, f"[{a.question_label}] {_short(a.question_text)}", _short(gq)
        )
    for j, g in enumerate(gold):
        if j not in matched:
            tally.n["answers_fn"] += 1
            tally.miss(
                doc, "answers", "FN", "-", f"[{g['question_label']}] {_short(g['answer_text'])}"
            )


def _score_funding(tally: _Tally, doc: str, text: str, gold: list[dict[str, Any]]) -> None:
    predicted = extract_funding(text)
    matched: set[int] = set()
    for f in predicted:
        j = next(
            (
                j
                for j, g in enumerate(gold)
                if j not in matched
                and _dec(g["amount"]) == f.amount
                and _dec(g.get("amount_max")) == f.amount_max
            ),
            None,
        )
        amount = f"{f.amount}" + (f"-{f.amount_max}" if f.amount_max is not None else "")
        if j is None:
            tally.n["funding_fp"] += 1
            tally.miss(doc, "funding", "FP", f"{amount} «{_short(f.text, 70)}»", "-")
            continue
        matched.add(j)
        tally.n["funding_tp"] += 1
        g = gold[j]
        gp = g.get("period")
        if f.period is not None and f.period == gp:
            tally.n["period_tp"] += 1
        else:
            if f.period is not None:
                tally.n["period_fp"] += 1
            if gp is not None:
                tally.n["period_fn"] += 1
        tally.field(doc, "period", f.period == gp, f"{amount}: {f.period}", str(gp))
        tally.field(doc, "role", f.role == g.get("role"), f"{amount}: {f.role}", str(g.get("role")))
        for name, value in (("funder", f.funder), ("recipient", f.recipient)):
            gv = g.get(name)
            tally.field(doc, name, _norm(value) == _norm(gv), f"{amount}: {value}", str(gv))
    for j, g in enumerate(gold):
        if j not in matched:
            tally.n["funding_fn"] += 1
            amount = f"{g['amount']}" + (f"-{g['amount_max']}" if g.get("amount_max") else "")
            tally.miss(doc, "funding", "FN", "-", amount)


def _score_tables(tally: _Tally, doc: str, text: str, gold: list[dict[str, Any]]) -> None:
    predicted = extract_text_tables(text)
    matched: set[int] = set()
    for t in predicted:
        j = next(
            (
                j
                for j, g in enumerate(gold)
                if j not in matched
                and int(g["year"]) == t.year
                and _dec(g["amount"]) == t.amount
                and _norm(g["label"]) == _norm(t.label)
            ),
            None,
        )
        row = f"{t.year} {t.amount} «{_short(t.label, 60)}»"
        if j is None:
            tally.n["tables_fp"] += 1
            tally.miss(doc, "tables", "FP", f"{row} ({t.cell} under {t.column})", "-")
            continue
        matched.add(j)
        tally.n["tables_tp"] += 1
        g = gold[j]
        tally.field(
            doc, "table_kind", _norm(t.kind) == _norm(g.get("kind")), f"{row}: {t.kind}",
            str(g.get("kind")),
        )  # fmt: skip
        tally.field(
            doc, "table_basis", t.basis == g.get("basis"), f"{row}: {t.basis}", str(g.get("basis"))
        )
        tally.field(
            doc, "table_caption", _norm(t.caption) == _norm(g.get("caption")),
            f"{row}: {_short(t.caption, 60)}", _short(g.get("caption"), 60),
        )  # fmt: skip
    for j, g in enumerate(gold):
        if j not in matched:
            tally.n["tables_fn"] += 1
            tally.miss(doc, "tables", "FN", "-", f"{g['year']} {g['amount']} «{g['label']}»")


def format_report(r: EvalReport) -> str:
    """A readable table of the scores, then every mismatch (doc, predicted vs gold)."""
    out = [f"Evaluation on {r.documents} documents ({r.evalset_dir})", ""]
    out.append(f"{'table':<26}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}")
    for name, c in (
        ("answers", r.answers),
        ("funding amounts", r.funding),
        ("period (non-null, matched)", r.period_nonnull),
        ("table rows", r.tables),
    ):
        out.append(f"{name:<26}{c.tp:>6}{c.fp:>6}{c.fn:>6}{c.precision:>11.3f}{c.recall:>8.3f}")
    out.append("")
    out.append(f"{'field on matched rows':<26}{'correct':>9}{'total':>7}{'accuracy':>10}")
    for name, a in (
        ("question_text", r.question_text),
        ("period (incl. null)", r.period),
        ("role", r.role),
        ("funder", r.funder),
        ("recipient", r.recipient),
        ("table kind", r.table_kind),
        ("table basis", r.table_basis),
        ("table caption", r.table_caption),
    ):
        out.append(f"{name:<26}{a.correct:>9}{a.total:>7}{a.value:>10.3f}")
    out.append("")
    if not r.mismatches:
        out.append("No mismatches.")
        return "\n".join(out)
    out.append(f"Mismatches ({len(r.mismatches)}):")
    for m in r.mismatches:
        out.append(f"  {m.doc}  {m.table} {m.kind}")
        out.append(f"      predicted: {m.predicted}")
        out.append(f"      gold:      {m.gold}")
    return "\n".join(out)
