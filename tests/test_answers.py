"""Answers to numbered questions, read from German prose."""

import datetime as dt

import pytest

from ratsinfo.extract import extract_answers, extract_questions

# The project's reference case: paper 25-25641-01 (Braunschweig), its text section.
SEED = """Sachverhalt
Sachverhalt:
Die o. g. Anfrage des Bürgermitglieds Andreas Paruszewski vom 21.04.2025 beantwortet die Verwaltung unter Beteiligung der Braunschweig Zukunft GmbH sowie des Welcome Centers wie folgt:
Zu Frage 1:
Die Stadt Braunschweig war zum Zeitpunkt der Projektkonzeption des Welcome Centers im Jahr 2015 neben der IHK Braunschweig Impulsgeber und Unterstützer des Welcome Centers der Region.
Seitdem die Projektförderung des Welcome Center Ende 2018 auslief, unterstützt die Stadt Braunschweig das Welcome Center finanziell mit jährlich 20.000 EUR. Nähere Informationen zum Fachkräftebündnis sind unter der Internetadresse www.allianz-fuer-die-region.de abrufbar.
Zu Frage 2:
Der Fokus des Welcome Center der Region liegt auf Erwerbsmigration. Die Beratung findet unabhängig vom Aufenthaltstitel statt.
Zu Frage 3:
Seit der Projektförderphase des Welcome Centers ist das IQ-Netzwerk ein wichtiger Netzwerkpartner des Welcome Centers.
Mit der Workshopreihe sollte die Einführung eines Integrationsmanagements ermöglicht werden. Jedes Modul umfasste einen Workshoptag.
"""  # noqa: E501


def labels(text: str, questions: list[tuple[str, str]] | None = None) -> list[str]:
    return [a.question_label for a in extract_answers(text, questions).answers]


def test_seed_document() -> None:
    r = extract_answers(SEED)
    assert r.asked_by == "Bürgermitglied Andreas Paruszewski"
    assert r.asked_on == dt.date(2025, 4, 21)
    assert r.intro is not None and r.intro.startswith("Die o. g. Anfrage")
    assert [a.question_label for a in r.answers] == ["1", "2", "3"]
    assert [a.position for a in r.answers] == [1, 2, 3]
    a1, _, a3 = r.answers
    assert a1.answer_text.startswith("Die Stadt Braunschweig war")
    assert "Seitdem die Projektförderung" in a1.answer_text
    assert a3.answer_text.count("\n") == 1  # two paragraphs
    assert a3.answer_text.endswith("Jedes Modul umfasste einen Workshoptag.")
    assert all(a.asked_by == r.asked_by and a.asked_on == r.asked_on for a in r.answers)
    assert all(a.question_text is None for a in r.answers)
    assert all("Zu Frage" not in a.answer_text for a in r.answers)


PRE = "Die Anfrage der Fraktion BIBS vom 14.01.2025 beantwortet die Verwaltung wie folgt:\n"


@pytest.mark.parametrize(
    "marker",
    ["Zu Frage {n}:", "Zu {n}.", "Zu {n}.:", "Zu {n})", "Zu {n}:", "Antwort zu Frage {n}:"],
)
def test_zu_markers_answer_on_next_line(marker: str) -> None:
    text = PRE + "".join(f"{marker.format(n=n)}\nAntwort Nummer {n}.\n" for n in (1, 2, 3))
    r = extract_answers(text)
    assert [(a.question_label, a.answer_text) for a in r.answers] == [
        ("1", "Antwort Nummer 1."),
        ("2", "Antwort Nummer 2."),
        ("3", "Antwort Nummer 3."),
    ]
    assert r.asked_by == "Fraktion BIBS"


def test_zu_marker_answer_on_same_line() -> None:
    r = extract_answers(PRE + "Zu Frage 1: Ja, seit 2020.\nZu Frage 2: Nein.\n")
    assert [(a.question_label, a.answer_text) for a in r.answers] == [
        ("1", "Ja, seit 2020."),
        ("2", "Nein."),
    ]


def test_one_answer_for_two_questions_and_sub_questions() -> None:
    text = PRE + (
        "Zu Frage 1 und 2:\nBeides ja.\nZu 3 a) und b):\nZusammen beantwortet.\n"
        "Zu Frage 4a:\nVier a.\nZu Frage 4b:\nVier b.\nZu den Fragen 5 bis 7:\nRest.\n"
    )
    assert labels(text) == ["1 und 2", "3a/b", "4a", "4b", "5 bis 7"]


def test_question_texts_joined_from_question_paper() -> None:
    questions = [("1", "Wie viele?"), ("2", "Seit wann?"), ("3a", "Wer?"), ("3b", "Wo?")]
    text = PRE + "Zu Frage 1 und 2:\nZwölf, seit 2020.\nZu 3 a) und b):\nDie Stadt, im Rathaus.\n"
    r = extract_answers(text, questions)
    assert [a.question_text for a in r.answers] == ["Wie viele? Seit wann?", "Wer? Wo?"]


def test_inline_repeated_question_after_marker() -> None:
    text = (
        PRE + "Zu Frage 1: Wie viele Händler gibt es?\n46 Händler.\nZu Frage 2:\n„Wann?“\nAb Mai.\n"
    )
    r = extract_answers(text, [("1", "anders"), ("2", "anders")])
    assert [(a.question_text, a.answer_text) for a in r.answers] == [
        ("Wie viele Händler gibt es?", "46 Händler."),
        ("Wann?", "Ab Mai."),
    ]


def test_zu_den_fragen_with_numbered_answers() -> None:
    text = PRE + "Zu den Fragen im Einzelnen:\n1. Es sind 12.\n2. Seit 2019.\nDazu ein Absatz.\n"
    r = extract_answers(text)
    assert [(a.question_label, a.answer_text) for a in r.answers] == [
        ("1", "Es sind 12."),
        ("2", "Seit 2019.\nDazu ein Absatz."),
    ]
    assert r.intro == PRE.strip()


def test_wie_folgt_header_with_numbered_answers() -> None:
    text = "Die Fragen werden wie folgt beantwortet:\n1. Ja.\n2. Nein.\n"
    assert labels(text) == ["1", "2"]


def test_repeated_numbered_questions_then_answers() -> None:
    text = PRE + (
        "1. Wie viele Vereine gibt es?\n87 Vereine.\n"
        "2. Wie hoch ist die Summe\nder Zuschüsse?\n1,35 Mio. Euro.\nZweiter Absatz.\n"
        "3) Ist mehr geplant?\nJa.\n"
    )
    r = extract_answers(text)
    assert [(a.question_label, a.question_text) for a in r.answers] == [
        ("1", "Wie viele Vereine gibt es?"),
        ("2", "Wie hoch ist die Summe der Zuschüsse?"),
        ("3", "Ist mehr geplant?"),
    ]
    assert r.answers[1].answer_text == "1,35 Mio. Euro.\nZweiter Absatz."


def test_frage_antwort_layout() -> None:
    text = (
        PRE
        + "Frage 1: Wie lange dauert es?\nAntwort: Elf Wochen.\nFrage 2: Wer?\nAntwort: Niemand.\n"
    )
    r = extract_answers(text)
    assert [(a.question_label, a.question_text, a.answer_text) for a in r.answers] == [
        ("1", "Wie lange dauert es?", "Elf Wochen."),
        ("2", "Wer?", "Niemand."),
    ]


def test_sub_question_lines_in_repeated_layout() -> None:
    text = (
        PRE
        + "1. Wie alt ist das Fahrzeug?\n27 Jahre.\n2. Zur Ausstattung:\n"
        + "a) Gibt es Helme?\nJa.\nb) Gibt es Masken?\nNein.\n"
    )
    assert labels(text) == ["1", "2a", "2b"]


@pytest.mark.parametrize("bullet", ["•", "-", "–"])
def test_bullet_questions(bullet: str) -> None:
    text = (
        PRE
        + f"{bullet} Gibt es einen Plan?\nJa, ab 2026.\n"
        + f"{bullet} Wie viele Brunnen?\nVierzehn.\nZweiter Absatz.\n"
    )
    r = extract_answers(text)
    assert [(a.question_label, a.question_text, a.answer_text) for a in r.answers] == [
        ("1", "Gibt es einen Plan?", "Ja, ab 2026."),
        ("2", "Wie viele Brunnen?", "Vierzehn.\nZweiter Absatz."),
    ]


def test_numbered_list_inside_zu_frage_answer_stays_in_answer() -> None:
    text = PRE + (
        "Zu Frage 1:\nFolgende Maßnahmen sind geplant:\n1. Umrüstung,\n2. Austausch,\n3. Dimmer.\n"
        "Zu Frage 2:\nNein.\n"
    )
    r = extract_answers(text)
    assert labels(text) == ["1", "2"]
    assert r.answers[0].answer_text.endswith("3. Dimmer.")


def test_answer_across_page_break_is_kept_whole() -> None:
    head = "Stadt Salzgitter – Der Oberbürgermeister"
    text = (
        f"{head}\n{PRE}Zu Frage 1:\n"
        "Die Unterkünfte waren voll, sodass Hotelzimmer angemietet werden\n"
        f"\fSeite 2 von 3\n{head}\nmussten. Die Kosten betrugen 96.000 Euro.\n"
        "Gedruckt auf 100 Prozent Recyclingpapier\nZu Frage 2:\nNein.\ni. V. gez. Dr. Meier\n"
    )
    r = extract_answers(text)
    assert [a.answer_text for a in r.answers] == [
        "Die Unterkünfte waren voll, sodass Hotelzimmer angemietet werden mussten. "
        "Die Kosten betrugen 96.000 Euro.",
        "Nein.",
    ]


def test_answers_stop_at_attachments() -> None:
    r = extract_answers(PRE + "Zu 1.\nJa.\nAnlagen:\nLageplan\n")
    assert [a.answer_text for a in r.answers] == ["Ja."]


@pytest.mark.parametrize(
    "text",
    [
        "Beschlussvorschlag:\n1. Der Rat beschließt die Sanierung.\n2. Die Verwaltung handelt.\n",
        "Mitteilung\nDie Verwaltung berichtet:\n1. Es gab 34 Einsatztage.\n2. Es gab Glätte.\n",
        "Daher fragen wir die Verwaltung:\n1. Wie viele?\n2. Wann?\nAnlagen: keine\n",
        "Wir fragen die Verwaltung:\n• Gibt es einen Plan?\n• Wie viele Brunnen?\n",
        "Zu 50 Prozent werden die Kosten vom Land getragen.\n",
        "",
    ],
)
def test_texts_without_answers_yield_no_rows(text: str) -> None:
    r = extract_answers(text)
    assert r.answers == () and r.intro is None


@pytest.mark.parametrize(
    ("preamble", "who", "date"),
    [
        ("Die Anfrage der Ratsfrau Sabine Krüger vom 03.03.2025 wird wie folgt beantwortet:",
         "Ratsfrau Sabine Krüger", dt.date(2025, 3, 3)),
        ("Die Anfrage des Ratsherrn Jan Peters vom 30.01.2025 wird wie folgt beantwortet:",
         "Ratsherr Jan Peters", dt.date(2025, 1, 30)),
        ("Zur Anfrage der CDU-Fraktion vom 5. Mai 2025 nimmt die Verwaltung Stellung:",
         "CDU-Fraktion", dt.date(2025, 5, 5)),
        ("Mit der Anfrage vom 19.09.2024 bittet die FDP-Fraktion um Auskunft.",
         "FDP-Fraktion", dt.date(2024, 9, 19)),
        ("Die Anfrage der Fraktion Bündnis 90/Die Grünen vom 13.01.2025 wird beantwortet:",
         "Fraktion Bündnis 90/Die Grünen", dt.date(2025, 1, 13)),
        ("Die Verwaltung nimmt wie folgt Stellung:", None, None),
    ],
)  # fmt: skip
def test_asker_in_nominative(preamble: str, who: str | None, date: dt.date | None) -> None:
    r = extract_answers(preamble + "\nZu Frage 1:\nJa.\n")
    assert (r.asked_by, r.asked_on) == (who, date)


def test_extract_questions_numbered_with_preamble_and_end() -> None:
    text = (
        "Sachverhalt:\nViele Eltern suchen Plätze. 1. Absatz ohne Frage.\n"
        "Vor diesem Hintergrund fragen wir die Verwaltung:\n"
        "1. Wie viele Kinder warten?\n2. Wie viele Stellen\nsind unbesetzt?\n3) Was ist geplant?\n"
        "Anlagen: keine\ngez. Mustermann\n"
    )
    assert extract_questions(text) == [
        ("1", "Wie viele Kinder warten?"),
        ("2", "Wie viele Stellen sind unbesetzt?"),
        ("3", "Was ist geplant?"),
    ]


def test_extract_questions_frage_form_sub_questions_and_bullets() -> None:
    text = (
        "Wir bitten die Verwaltung um Beantwortung folgender Fragen:\n"
        "Frage 1: Wie viele Einsätze gab es?\n2. Zur Ausstattung:\na) Wie alt ist das Fahrzeug?\n"
        "b) Wann wird es ersetzt?\n"
    )
    assert extract_questions(text) == [
        ("1", "Wie viele Einsätze gab es?"),
        ("2", "Zur Ausstattung:"),
        ("2a", "Wie alt ist das Fahrzeug?"),
        ("2b", "Wann wird es ersetzt?"),
    ]
    bullets = "Wir fragen die Verwaltung:\n• Gibt es einen Plan?\n– Wie viele Brunnen?\n"
    assert extract_questions(bullets) == [("1", "Gibt es einen Plan?"), ("2", "Wie viele Brunnen?")]


def test_extract_questions_on_answer_free_text() -> None:
    assert extract_questions("Beschlussvorschlag:\n1. Der Rat beschließt.\n") == []


def test_zu_markers_with_closing_parentheses_and_asker_after_a_reference() -> None:
    text = (
        "Zur Anfrage 26-01234 der Gruppe Die PARTEI vom 2.9.2025 teilt die Verwaltung mit:\n"
        "Zu 1):\nJa.\nZu 2) und 3):\nEine Erhöhung ist nicht vorgesehen.\nZu 4)\nNein.\n"
    )
    result = extract_answers(text)
    assert [(a.question_label, a.answer_text) for a in result.answers] == [
        ("1", "Ja."),
        ("2 und 3", "Eine Erhöhung ist nicht vorgesehen."),
        ("4", "Nein."),
    ]
    assert (result.asked_by, result.asked_on) == ("Gruppe Die PARTEI", dt.date(2025, 9, 2))
