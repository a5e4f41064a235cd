"""Page furniture removal shared by the extractors."""

from ratsinfo.extract.text import clean_text, normalize_space

LETTERHEAD = "Stadt Braunschweig – Der Oberbürgermeister"


def test_page_numbers_letterhead_and_hyphenation_across_page_break() -> None:
    text = (
        f"{LETTERHEAD}\nSachverhalt:\nDie Stadt hat 2024 insgesamt 40 Förder-\n"
        f"\f– 2 –\n{LETTERHEAD}\nanträge bewilligt.\n"
    )
    assert (
        clean_text(text) == "Sachverhalt:\nDie Stadt hat 2024 insgesamt 40 Förderanträge bewilligt."
    )


def test_paragraph_cut_by_page_break_is_joined() -> None:
    text = "Die Mittel werden für die Sanierung der\n\f\n- 3 -\nSporthalle eingesetzt.\n"
    assert clean_text(text) == "Die Mittel werden für die Sanierung der Sporthalle eingesetzt."


def test_seite_von_and_recycling_lines_are_removed() -> None:
    text = (
        "Erster Absatz.\nSeite 2 von 3\nZweiter Absatz.\nGedruckt auf 100 Prozent Recyclingpapier\n"
    )
    assert clean_text(text) == "Erster Absatz.\nZweiter Absatz."


def test_sentence_end_before_page_break_keeps_paragraphs_apart() -> None:
    text = "Der erste Satz endet hier.\n\f\nSeite 2\nNeuer Absatz beginnt.\n"
    assert clean_text(text) == "Der erste Satz endet hier.\nNeuer Absatz beginnt."


def test_signature_blocks() -> None:
    assert clean_text("Text.\ngez. Leppa\n") == "Text."
    assert clean_text("Text.\ni. V. gez. Dr. Meier\n") == "Text."
    assert clean_text("Text.\ngez.\nLeppa\n") == "Text."
    assert (
        clean_text("Text.\ni. V.\ngez.\nAlbers\nStadtrat\nAnlagen: keine")
        == "Text.\nAnlagen: keine"
    )


def test_hyphen_before_conjunction_is_kept() -> None:
    assert clean_text("Der Rad-\nund Fußverkehr") == "Der Rad- und Fußverkehr"


def test_bare_number_only_removed_next_to_form_feed() -> None:
    assert clean_text("Anzahl der Schulen:\n12\nEnde.") == "Anzahl der Schulen:\n12\nEnde."
    assert clean_text("Ende Seite eins.\n\f\n2\nWeiter.") == "Ende Seite eins.\nWeiter."


def test_repeated_non_furniture_lines_survive() -> None:
    text = "Zu Frage 1:\nJa.\nZu Frage 2:\nJa."
    assert clean_text(text) == text


def test_empty_and_whitespace() -> None:
    assert clean_text("") == ""
    assert normalize_space("  a \n\t b  ") == "a b"


def test_spaces_collapsed_only_where_there_are_any() -> None:
    # tabs, double and narrow spaces collapse (a narrow space inside a number stays a space);
    # a text without any keeps its lines as they are, stripped
    assert clean_text("Die  Stadt\tzahlt\u00a0 20\u202f000 Euro.\r\n  Ende ") == (
        "Die Stadt zahlt 20 000 Euro.\nEnde"
    )
    assert clean_text(" Die Stadt zahlt.\n Ende ") == "Die Stadt zahlt.\nEnde"
