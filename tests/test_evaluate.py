"""The labelled-set evaluation: targets on the shipped set, and the evaluator's own counting."""

import json
from pathlib import Path
from typing import Any

from ratsinfo.extract.evaluate import EVALSET_DIR, evaluate, format_report, token_f1


def test_shipped_set_meets_targets() -> None:
    r = evaluate()
    assert r.documents >= 45
    assert r.answers.precision >= 0.95 and r.answers.recall >= 0.95
    assert r.funding.precision >= 0.95 and r.funding.recall >= 0.95
    assert r.period_nonnull.precision >= 0.95 and r.period_nonnull.recall >= 0.95
    assert r.period.value >= 0.95
    assert r.answers.tp >= 90 and r.funding.tp >= 90


def test_shipped_set_is_well_formed() -> None:
    golds = sorted(EVALSET_DIR.glob("*.json"))
    assert len(golds) == len(list(EVALSET_DIR.glob("*.txt")))
    for path in golds:
        gold = json.loads(path.read_text("utf-8"))
        assert path.with_suffix(".txt").exists()
        if gold["questions_from"]:
            assert (EVALSET_DIR / gold["questions_from"]).exists()
        for row in gold["funding"]:
            assert row["period"] in (None, "annual", "monthly", "quarterly", "hourly", "one-off")


def test_shipped_references_match() -> None:
    """Gold answers may name the answer they point to ("refers_to", see the set's README); the
    evaluator does not score it, so it is checked here: on every answer that has it."""
    from ratsinfo.extract import extract_answers, extract_questions

    checked = 0
    for path in sorted(EVALSET_DIR.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        if not any("refers_to" in g for g in gold["answers"]):
            continue
        questions = None
        if gold["questions_from"]:
            questions = extract_questions((EVALSET_DIR / gold["questions_from"]).read_text("utf-8"))
        text = path.with_suffix(".txt").read_text("utf-8")
        predicted = {a.question_label: a for a in extract_answers(text, questions).answers}
        for g in gold["answers"]:
            answer = predicted[g["question_label"]]
            assert answer.refers_to == g.get("refers_to"), (path.name, g["question_label"])
            checked += 1
    assert checked >= 10


def write(tmp_path: Path, name: str, text: str, gold: dict[str, Any]) -> None:
    (tmp_path / f"{name}.txt").write_text(text, "utf-8")
    (tmp_path / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")


def test_counts_one_false_positive_and_one_miss(tmp_path: Path) -> None:
    text = (
        "Die Anfrage der Fraktion X vom 01.02.2025 beantwortet die Verwaltung wie folgt:\n"
        "Zu Frage 1:\nDie Stadt zahlt dem Verein jährlich 5.000 €.\n"
        "Zu Frage 2:\nEs gibt keine Pläne.\n"
        "Zu Frage 3:\nDie Kosten betragen 700 €.\n"
    )
    gold = {
        "questions_from": None,
        "answers": [
            {"question_label": "1", "question_text": None,
             "answer_text": "Die Stadt zahlt dem Verein jährlich 5.000 €."},
            {"question_label": "2", "question_text": None, "answer_text": "Es gibt keine Pläne."},
            # answer 3 is labelled with other text -> the prediction is an FP, the gold an FN
            {"question_label": "3", "question_text": None, "answer_text": "Andere Worte."},
        ],
        "funding": [
            {"amount": "5000.00", "amount_max": None, "period": "monthly", "role": "cost",
             "funder": "Stadt", "recipient": "Verein"},
            {"amount": "800.00", "amount_max": None, "period": None, "role": "cost",
             "funder": None, "recipient": None},
        ],
    }  # fmt: skip
    write(tmp_path, "001_doc", text, gold)
    write(tmp_path, "002_empty", "Beschlussvorschlag:\n1. Der Rat beschließt.\n",
          {"questions_from": None, "answers": [], "funding": []})  # fmt: skip
    r = evaluate(tmp_path)
    assert r.documents == 2
    assert (r.answers.tp, r.answers.fp, r.answers.fn) == (2, 1, 1)
    assert (r.funding.tp, r.funding.fp, r.funding.fn) == (1, 1, 1)
    assert r.funding.precision == 0.5 and r.funding.recall == 0.5
    # the matched 5.000 € row: period annual predicted, monthly gold
    assert (r.period_nonnull.tp, r.period_nonnull.fp, r.period_nonnull.fn) == (0, 1, 1)
    assert (r.period.correct, r.period.total) == (0, 1)
    assert (r.role.correct, r.role.total) == (0, 1)  # predicted grant
    assert (r.question_text.correct, r.question_text.total) == (2, 2)
    kinds = {(m.doc, m.table, m.kind) for m in r.mismatches}
    assert ("001_doc", "answers", "FP") in kinds and ("001_doc", "answers", "FN") in kinds
    assert ("001_doc", "funding", "FP") in kinds and ("001_doc", "funding", "FN") in kinds
    report = format_report(r)
    assert "answers" in report and "Mismatches" in report and "001_doc" in report


def test_questions_from_another_document(tmp_path: Path) -> None:
    write(tmp_path, "001_anfrage", "Wir fragen die Verwaltung:\n1. Wie viele?\n2. Wann?\n",
          {"questions_from": None, "answers": [], "funding": []})  # fmt: skip
    write(
        tmp_path,
        "002_antwort",
        "Die Anfrage wird wie folgt beantwortet:\nZu 1.\nZwölf.\nZu 2.\nMorgen.\n",
        {
            "questions_from": "001_anfrage.txt",
            "answers": [
                {"question_label": "1", "question_text": "Wie viele?", "answer_text": "Zwölf."},
                {"question_label": "2", "question_text": "Wann?", "answer_text": "Morgen."},
            ],
            "funding": [],
        },
    )
    r = evaluate(tmp_path)
    assert (r.answers.tp, r.answers.fp, r.answers.fn) == (2, 0, 0)
    assert (r.question_text.correct, r.question_text.total) == (2, 2)
    assert "No mismatches." in format_report(r)


def test_token_f1() -> None:
    assert token_f1("a b c", "A  b\nc") == 1.0
    assert token_f1("a b", "c d") == 0.0
    assert token_f1(None, None) == 1.0
    assert 0.79 < token_f1("a b c d", "a b c d e f") < 0.81
