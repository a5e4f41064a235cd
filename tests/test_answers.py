"""Answers to numbered questions, read from German prose."""

import datetime as dt
from pathlib import Path

import pytest

from ratsinfo.extract import extract_answers, extract_questions
from tests.helpers import corpus_file

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


# --- issue 12: layouts of answering documents (PDFs) -----------------------------------------

ANFRAGE = [
    ("1", "Wie viele Einsätze gab es?"),
    ("2", "Zur Ausstattung:"),
    ("2a", "Wie alt ist das Fahrzeug?"),
    ("2b", "Wann wird es ersetzt?"),
    ("3", "Was ist geplant?"),
]


def rows(text: str, questions: list[tuple[str, str]] | None = None) -> list[tuple]:
    return [
        (a.question_label, a.question_text, a.answer_text)
        for a in extract_answers(text, questions).answers
    ]


@pytest.mark.parametrize("bullet", ["•", "-", "–"])
def test_bullet_questions_wrapped_by_the_pdf_each_keep_their_answer(bullet: str) -> None:
    text = (
        "Stadt Kranichsfurt – Die Oberbürgermeisterin\n"
        + PRE
        + f"{bullet} Wie viele Trinkbrunnen betreibt die Stadt, und wo stehen\nsie?\n"
        + "Neun, die meisten in der Fußgängerzone.\n"
        + f"{bullet} Plant die Verwaltung weitere Brunnen in den\nOrtsteilen Nord und Weidenhof?\n"
        + "Ja, zwei. Der\n– 2 –\nStadt Kranichsfurt – Die Oberbürgermeisterin\n"
        + "Standort im Norden ist noch offen.\n"
        + f"{bullet} Werden die Brunnen im Winter abgeschaltet?\nAntwort: Ja.\n"
    )
    r = extract_answers(text)
    assert rows(text) == [
        ("1", "Wie viele Trinkbrunnen betreibt die Stadt, und wo stehen sie?",
         "Neun, die meisten in der Fußgängerzone."),
        ("2", "Plant die Verwaltung weitere Brunnen in den Ortsteilen Nord und Weidenhof?",
         "Ja, zwei. Der Standort im Norden ist noch offen."),
        ("3", "Werden die Brunnen im Winter abgeschaltet?", "Ja."),
    ]  # fmt: skip
    assert r.intro == PRE.strip()


def test_bullet_glyphs_as_pdfs_render_them() -> None:
    symbol_font = PRE + "\uf0b7 Gibt es einen Plan?\nJa.\n\uf0b7\tWie viele?\nZwei.\n"
    lone_glyph = PRE + "•\nGibt es einen Plan?\nJa.\n•\nWie viele?\nZwei.\n"
    expected = [("1", "Gibt es einen Plan?", "Ja."), ("2", "Wie viele?", "Zwei.")]
    assert rows(symbol_font) == expected
    assert rows(lone_glyph) == expected


def test_bullet_answer_holding_a_numbered_list_stays_one_answer() -> None:
    text = PRE + (
        "– Nach welchen Kriterien wird ausgewählt?\nIn drei Schritten:\n1. Eigentum,\n"
        "2. Abstand,\n3. Erreichbarkeit.\n– Ist eine Fläche geplant?\nJa, an der Ziegelei.\n"
    )
    assert rows(text) == [
        ("1", "Nach welchen Kriterien wird ausgewählt?",
         "In drei Schritten:\n1. Eigentum,\n2. Abstand,\n3. Erreichbarkeit."),
        ("2", "Ist eine Fläche geplant?", "Ja, an der Ziegelei."),
    ]  # fmt: skip


@pytest.mark.parametrize("marker", ["Zu 2 a) und b):", "Zu 2:", "Antwort zu 2:"])
def test_sub_questions_printed_above_the_marker_are_not_folded_into_the_answer_before(
    marker: str,
) -> None:
    text = PRE + (
        "1. Wie viele Einsätze gab es?\nZu 1:\nEs gab 143.\n"
        "2. Zur Ausstattung:\na) Wie alt ist das Fahrzeug?\nb) Wann wird es ersetzt?\n"
        f"{marker}\nEs ist 27 Jahre alt und wird 2027 ersetzt.\n"
        "3. Was ist geplant?\nZu 3:\nEin Anbau.\n"
    )
    r = extract_answers(text)
    assert rows(text) == [
        ("1", "Wie viele Einsätze gab es?", "Es gab 143."),
        ("2a/b", "Wie alt ist das Fahrzeug? Wann wird es ersetzt?",
         "Es ist 27 Jahre alt und wird 2027 ersetzt."),
        ("3", "Was ist geplant?", "Ein Anbau."),
    ]  # fmt: skip
    assert r.intro == PRE.strip()  # the printed question 1 is not part of the preamble


def test_sub_questions_printed_under_a_bare_marker() -> None:
    together = PRE + (
        "Zu 1:\nEs gab 143.\nZu 2:\na) Wie alt ist das Fahrzeug der\nOrtsfeuerwehr?\n"
        "b) Wann wird es ersetzt?\nEs ist 27 Jahre alt und wird 2027 ersetzt.\nZu 3:\nJa.\n"
    )
    assert rows(together) == [
        ("1", None, "Es gab 143."),
        ("2a/b", "Wie alt ist das Fahrzeug der Ortsfeuerwehr? Wann wird es ersetzt?",
         "Es ist 27 Jahre alt und wird 2027 ersetzt."),
        ("3", None, "Ja."),
    ]  # fmt: skip
    apart = PRE + (
        "Zu 1:\nEs gab 143.\nZu 2: Zur Ausstattung:\na) Wie alt ist das Fahrzeug?\n"
        "Es ist 27 Jahre alt.\nb) Wann wird es ersetzt?\nIm Jahr 2027.\n"
    )
    assert rows(apart) == [
        ("1", None, "Es gab 143."),
        ("2a", "Wie alt ist das Fahrzeug?", "Es ist 27 Jahre alt."),
        ("2b", "Wann wird es ersetzt?", "Im Jahr 2027."),
    ]
    # lettered lines that are no questions are the answer's own list
    listed = PRE + "Zu 1:\nJa.\nZu 2:\na) Umrüstung der Leuchten,\nb) Austausch der Masten.\n"
    assert rows(listed)[1] == ("2", None, "a) Umrüstung der Leuchten,\nb) Austausch der Masten.")


def test_bare_marker_keeps_its_label_when_the_sub_questions_are_only_in_the_anfrage() -> None:
    text = PRE + "Zu 1:\nEs gab 143.\nZu 2:\nEs ist 27 Jahre alt und wird 2027 ersetzt.\n"
    assert rows(text, ANFRAGE)[1] == (
        "2",
        "Wie alt ist das Fahrzeug? Wann wird es ersetzt?",
        "Es ist 27 Jahre alt und wird 2027 ersetzt.",
    )


@pytest.mark.parametrize(
    ("question_2", "label", "question_text"),
    [
        ("2. Zur Ausstattung:", "2a/b", "Wie alt ist das Fahrzeug? Wann wird es ersetzt?"),
        ("Frage 2: Zur Ausstattung", "2a/b", "Wie alt ist das Fahrzeug? Wann wird es ersetzt?"),
        ("2. Ist die Wache gut ausgestattet?", "2",
         "Ist die Wache gut ausgestattet? Wie alt ist das Fahrzeug? Wann wird es ersetzt?"),
    ],
)  # fmt: skip
def test_repeated_questions_whose_sub_questions_are_answered_together(
    question_2: str, label: str, question_text: str
) -> None:
    text = PRE + (
        "1. Wie viele Einsätze gab es?\nAntwort: 143.\n"
        f"{question_2}\na) Wie alt ist das Fahrzeug?\nb) Wann wird es ersetzt?\n"
        "Antwort: 27 Jahre; 2027.\n3. Was ist geplant?\nEin Anbau.\n"
    )
    assert rows(text) == [
        ("1", "Wie viele Einsätze gab es?", "143."),
        (label, question_text, "27 Jahre; 2027."),
        ("3", "Was ist geplant?", "Ein Anbau."),
    ]


def test_frage_with_the_question_on_the_next_line() -> None:
    text = PRE + "Frage 1:\nWie viele?\nAntwort:\nZwölf.\nFrage 2:\nWann?\nAntwort:\nMorgen.\n"
    assert rows(text) == [("1", "Wie viele?", "Zwölf."), ("2", "Wann?", "Morgen.")]


RANGE_QUESTIONS = [(str(n), f"Frage Nummer {n}?") for n in range(1, 7)]


@pytest.mark.parametrize(
    ("marker", "label"),
    [
        ("Antwort zu 1 bis 3", "1 bis 3"),
        ("Zu 1. bis 3.:", "1 bis 3"),
        ("Zu den Fragen 1 bis 3:", "1 bis 3"),
        ("Zu Frage 1 - 3:", "1 bis 3"),
        ("Zu 1) bis 3)", "1 bis 3"),
    ],
)
def test_one_answer_for_a_range_of_questions(marker: str, label: str) -> None:
    text = PRE + f"{marker}\nGemeinsame Antwort.\nZu Frage 4 bis 6:\nRest.\n"
    assert rows(text, RANGE_QUESTIONS) == [
        (label, "Frage Nummer 1? Frage Nummer 2? Frage Nummer 3?", "Gemeinsame Antwort."),
        ("4 bis 6", "Frage Nummer 4? Frage Nummer 5? Frage Nummer 6?", "Rest."),
    ]


def test_one_answer_for_listed_questions() -> None:
    text = PRE + "Zu den Fragen 1 und 2\nBeides ja.\nZu 3) und 4)\nNein.\nZu 5:\nSpäter.\n"
    assert rows(text, RANGE_QUESTIONS) == [
        ("1 und 2", "Frage Nummer 1? Frage Nummer 2?", "Beides ja."),
        ("3 und 4", "Frage Nummer 3? Frage Nummer 4?", "Nein."),
        ("5", "Frage Nummer 5?", "Später."),
    ]


def test_questions_of_a_range_printed_above_or_below_the_marker() -> None:
    above = PRE + (
        "1. Wie viele?\n2. Wann?\n3. Wo?\nAntwort zu 1 bis 3\nZwölf, morgen, hier.\n"
        "4. Wer?\nAntwort zu 4\nDie Stadt.\n"
    )
    assert rows(above) == [
        ("1 bis 3", "Wie viele? Wann? Wo?", "Zwölf, morgen, hier."),
        ("4", "Wer?", "Die Stadt."),
    ]
    below = PRE + "Zu den Fragen 1 und 2:\n1. Wie viele?\n2. Wann?\nZwölf, morgen.\nZu 3:\nHier.\n"
    assert rows(below) == [
        ("1 und 2", "Wie viele? Wann?", "Zwölf, morgen."),
        ("3", None, "Hier."),
    ]


def test_questions_quoted_in_the_preamble_stay_in_it() -> None:
    text = PRE + "Die Anfrage lautet:\n1. Wie viele?\n2. Wann?\nZu 1:\nZwölf.\nZu 2:\nMorgen.\n"
    r = extract_answers(text)
    assert rows(text) == [("1", None, "Zwölf."), ("2", None, "Morgen.")]
    assert r.intro is not None and r.intro.endswith("1. Wie viele?\n2. Wann?")


@pytest.mark.parametrize(
    ("answer", "refers_to"),
    [
        ("Siehe Punkt 6.", "6"),
        ("Siehe Antwort zu Frage 2.", "2"),
        ("vgl. Antwort zu 1", "1"),
        ("Vgl. Antwort zu 1: Beide Flächen werden gepflegt.", "1"),
        ("Es wird auf die Antwort zu Frage 2 verwiesen.", "2"),
        ("Hierzu wird auf die Ausführungen zu Ziffer 1 verwiesen.", "1"),
        ("Wir verweisen auf die Beantwortung der Frage 2a.", "2a"),
        ("Wie bereits zu Frage 1 ausgeführt, nein.", "1"),
        ("Siehe Antworten zu den Fragen 1 und 2.", "1 und 2"),
        ("Siehe Antwort zu 1 bis 3.", "1 bis 3"),
        ("Nein (siehe Antwort zu Frage 2 der Anfrage).", "2"),
        # no reference to another answer
        ("Siehe Anlage 2.", None),
        ("Siehe Seite 6.", None),
        ("Die Zahlen von 2024 übertreffen die von 2023, vgl. 2022.", None),
        ("Die Frist folgt aus Nr. 4 der Richtlinie (vgl. Nr. 4 der Richtlinie).", None),
        ("Siehe Punkt 3 der Tagesordnung.", None),
        ("Die Antwort auf Frage 2 ist kurz: ja.", None),
        ("Siehe Antwort zu Frage 3.", None),  # its own question
    ],
)
def test_answer_that_refers_back_keeps_its_text_and_names_the_reference(
    answer: str, refers_to: str | None
) -> None:
    text = PRE + f"Zu Frage 1:\nJa.\nZu Frage 3:\n{answer}\n"
    r = extract_answers(text)
    assert r.answers[1].answer_text == answer
    assert r.answers[1].refers_to == refers_to
    assert r.answers[0].refers_to is None


def test_closing_name_and_distribution_list_after_a_page_break_are_no_answer() -> None:
    text = (
        "Seite 1\nBeantwortung zur Anfrage 7/2025\nPREAMBLE wie folgt:\nAntwort zu 1 bis 2\n"
        "Ja.\nAntwort zu 3\nDie Arbeiten enden im Herbst.\nMaria Lindner\n\fSeite 2\n"
        "Verteiler\n<Verteiler>\n"
    )
    r = extract_answers(text)
    assert [(a.question_label, a.answer_text) for a in r.answers] == [
        ("1 bis 2", "Ja."),
        ("3", "Die Arbeiten enden im Herbst."),
    ]


def test_answer_rows_carry_the_reference() -> None:
    from ratsinfo.transform import extract_rows

    vorlage = {"paper_id": "p1", "reference": "25-0001-01", "parent_reference": "25-0001"}
    text = PRE + "Zu Frage 1:\nJa.\nZu Frage 2:\nSiehe Antwort zu Frage 1.\n"
    batch = extract_rows([(vorlage, text, [])], {"25-0001": "Wir fragen:\n1. Ob?\n2. Wann?\n"})
    assert [(r["question_label"], r["question_text"], r["refers_to"]) for r in batch.answers] == [
        ("1", "Ob?", None),
        ("2", "Wann?", "1"),
    ]


# --- the real pair: Stuttgart's "Beantwortung zur Anfrage 23/2018" and its Anfrage -----------

STUTTGART = "realdocs/akramer-zibra__einblick-stuttgart/doc/examples"


def pdf_text(path: Path) -> str:
    """A PDF's text as pdfium reads it, pages joined by form feeds: a stand-in for the PDF module
    (ratsinfo.documents). pdfium ends lines with CR LF and marks a hyphen it removed at a line
    break with U+FFFE, followed by CR LF or (as this pdfium build does) by the rest of the word."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return "\f".join(
        page.replace("\ufffe\r\n", "").replace("\ufffe", "").replace("\r\n", "\n") for page in pages
    )


def anfrage_text(path: Path) -> str:
    """The text of a Stuttgart Anfrage page (a Domino form, windows-1252)."""
    from selectolax.lexbor import LexborHTMLParser

    from ratsinfo.transform import decode_page

    form = LexborHTMLParser(decode_page(path.read_bytes())).css_first("form")
    assert form is not None
    return form.text(separator="\n")


def test_stuttgart_answer_pdf_with_the_questions_of_its_anfrage_page() -> None:
    pdf = corpus_file(f"{STUTTGART}/Antwort-08EDD857F1F6754EC125825900381101.pdf")
    page = corpus_file(f"{STUTTGART}/Anfrage-9b61731cf7c22047c1258228002c020a.html")
    questions = extract_questions(anfrage_text(page))
    q = dict(questions)
    assert list(q) == ["1", "2", "3", "4"]
    assert q["1"].startswith("In welchem Umfang werden die Behinderungen für Fußgänger")
    assert q["1"].endswith("für welchen Zeitraum bestehen bleiben?")
    assert q["2"] == (
        "Ab welchem Zeitpunkt rechnet die Verwaltung mit einem stufenweisen Rückbau der "
        "Behinderungen?"
    )
    assert q["3"] == (
        "Könnte mit der Überdeckelung des Tiefbahnhofes der Rückbau der Verkehrsbehinderungen "
        "beginnen?"
    )
    assert q["4"] == (
        "Bis zu welchem Zeitpunkt wird der Umbau der S-Bahnhaltestelle Staatsgalerie abgeschlossen "
        "sein? Welche Abhängigkeiten bestehen hier für die rasche Durchführung des Umbaus?"
    )

    r = extract_answers(pdf_text(pdf), questions)
    assert [a.question_label for a in r.answers] == ["1 bis 3", "4"]
    first, second = r.answers
    assert first.question_text == " ".join([q["1"], q["2"], q["3"]])
    assert second.question_text == q["4"]
    # "Antwort zu 1 bis 3" runs over the page break to the paragraph before "Antwort zu 4"
    assert first.answer_text.startswith("Die Erstellung des neuen Bahnhofs in offener Bauweise")
    assert "Wiederherstellung der Schillerstraße" in first.answer_text
    assert first.answer_text.endswith("schrittweise verringert werden können.")
    assert "Inbetriebnahmetermin 2025" in first.answer_text  # hyphen at a line end mended
    assert second.answer_text.startswith("Der Umbau der Stadtbahnhaltestelle Staatsgalerie")
    assert "Nesenbachdükers" in second.answer_text
    # the mayor's name and the distribution list on page 3 close the paper, not the answer
    assert second.answer_text.endswith("Maßnahme Deckel Gebhard-Müller-Platz.")
    assert all("Seite 2" not in a.answer_text for a in r.answers)
    assert all(a.refers_to is None for a in r.answers)
    # the preamble (letterhead, form fields, the note that 1 to 3 are answered together)
    assert r.intro is not None
    assert r.intro.startswith("Beantwortung zur Anfrage 23/2018")
    assert r.intro.endswith("auf Grundlage einer Stellungahme der Projektgesellschaft der\nBahn.")
