"""Money in tables (ratsinfo.extract.tables): budget tables read into one row per (table row,
year column), from PDF pages by position and from plain text.

The Rödermark tests read real PDFs of ../shared/corpus when present (skipped otherwise); the
expected amounts were read off those PDFs by hand. Everything else runs on text or on small PDFs
built here with pdfium.
"""

from __future__ import annotations

import ctypes
import io
import pickle
from decimal import Decimal
from functools import cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ratsinfo.extract.tables import TableAmount, extract_pdf_tables, extract_text_tables
from tests.helpers import corpus_file

PDFS = "realdocs/Paratron__roedermark-haushalt/frontend/static/pdfs"


@cache
def _corpus_rows(name: str) -> tuple[TableAmount, ...]:
    pdf = pdfium.PdfDocument(corpus_file(f"{PDFS}/{name}"))
    try:
        return tuple(extract_pdf_tables(pdf, max_pages=100))
    finally:
        pdf.close()


def corpus_rows(name: str) -> tuple[TableAmount, ...]:
    corpus_file(f"{PDFS}/{name}")  # skips, naming the path, when the corpus is absent
    return _corpus_rows(name)


def find(rows, label: str, year: int, **fields) -> list[TableAmount]:
    return [
        r
        for r in rows
        if r.label == label
        and r.year == year
        and all(getattr(r, k) == v for k, v in fields.items())
    ]


def one(rows, label: str, year: int, **fields) -> TableAmount:
    hits = find(rows, label, year, **fields)
    assert len(hits) == 1, (label, year, fields, hits)
    return hits[0]


# --- Rödermark: Gesamtabschluss 2022 (60 pages) ----------------------------------------------


def test_gesamtergebnisrechnung_row_with_year_kind_label_page_caption() -> None:
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    r = one(rows, "Summe ordentliche Erträge", 2022, page=6)
    assert r.amount == Decimal("-80332545.87") and r.cell == "-80.332.545,87"
    assert (r.kind, r.basis, r.column) == ("ERGEBNIS", "actual", "ERGEBNIS 2022")
    assert r.code == "100" and r.caption == "1.2 Gesamtergebnisrechnung"
    assert r.currency == "EUR"
    assert one(rows, "Summe ordentliche Erträge", 2021, page=6).amount == Decimal("-74366536.40")
    assert one(rows, "Jahresergebnis", 2021, page=6).amount == Decimal("-854480.01")
    assert one(rows, "Jahresergebnis", 2022, page=6).amount == Decimal("-558738.43")
    assert one(rows, "Transferaufwendungen", 2022, page=6).amount == Decimal("0.00")


def test_label_lines_around_numbers_set_between_them() -> None:
    """Page 6 centres the numbers between a label's two lines; "Pos." and "Konten" are codes."""
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    r = one(rows, "Bestandsveränderungen und aktivierte Eigenleistungen", 2022, page=6)
    assert r.amount == Decimal("-8986.50") and r.code == "40 52"
    r = one(rows, "Steuern und steuerähnl. Erträge, Erträge aus gesetzlichen Umlagen", 2021, page=6)
    assert r.amount == Decimal("-40001732.44")
    # the same label twice (rows 110 and 125) stays two rows
    assert {r.amount for r in find(rows, "Personalaufwendungen", 2022, page=6)} == {
        Decimal("25119459.34"),
        Decimal("27022265.18"),
    }


def test_header_over_two_number_columns_and_wrapped_labels() -> None:
    """Page 4: "31. Dezember 2022" stands over the item and the subtotal column."""
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    hits = find(rows, "Geschäfts- oder Firmenwert (good-will)", 2022, page=4)
    assert [(r.col, r.amount) for r in hits] == [
        (1, Decimal("111894.16")),
        (2, Decimal("2454054.03")),
    ]
    assert hits[0].column.startswith("31. Dezember 2022") and hits[0].kind is None
    assert hits[0].caption == "1.1 Gesamtvermögensrechnung" and hits[0].code == "1.1.3"
    label = (
        "Forderungen aus Zuweisungen, Zuschüssen, Transferleistungen, Investitionszuweisungen "
        "und -zuschüssen und Investitionsbeiträgen"
    )
    assert one(rows, label, 2022, page=4).amount == Decimal("6886101.45")
    # a group heading ("1.2 Sachanlagevermögen") is no row and no label
    assert not [r for r in rows if r.page == 4 and "Sachanlagevermögen" in r.label]


def test_finanzrechnung_codes_and_unit() -> None:
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    r = one(rows, "Erhaltene Zinsen", 2022, page=7)
    assert r.amount == Decimal("47724.75") and r.code == "29. +" and r.unit == "€"
    assert r.caption == "1.3 Gesamtfinanzrechnung"
    r = one(
        rows, "Gewinn/Verlust aus dem Abgang von Gegenständen des Anlagevermögens", 2021, page=7
    )
    assert r.amount == Decimal("162288.73")


def test_thousands_from_the_cell_and_from_the_column() -> None:
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    # "1.700 T€" in the cell; "Haushaltsansätze" for 2023/2024
    r = one(rows, "Ordentliches Ergebnis", 2023, page=51)
    assert (r.amount, r.cell, r.unit) == (Decimal("1700000.00"), "1.700 T€", "T€")
    assert r.caption == "In den nächsten Jahren sind folgende Haushaltsansätze geplant:"
    assert one(rows, "Ordentliches Ergebnis", 2024, page=51).amount == Decimal("1520000.00")
    assert one(rows, "Verwaltungsergebnis", 2022, page=51).amount == Decimal("-1185000.00")
    # "T€" under the year: "Entwicklung der Vermögenslage"
    r = one(rows, "Anlagevermögen", 2022, page=52)
    assert (r.amount, r.cell) == (Decimal("133494000.00"), "133.494")
    assert r.caption == "Entwicklung der Vermögenslage"
    # the "Veränderung" column has no year: no row
    assert not find(rows, "Anlagevermögen", 0, page=52)
    assert {r.year for r in rows if r.page == 52} == {2021, 2022}


def test_kind_from_the_line_above_the_year_and_a_table_going_on_over_pages() -> None:
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    r = one(rows, "EDV-Anschaffungen Ortsgericht", 2020, page=28)
    assert (r.amount, r.kind, r.basis, r.column) == (
        Decimal("275.00"),
        "Davon aus",
        None,
        "Davon aus 2020",
    )
    # the "Übertragung" column has no year: its 275,00 is not read as 2022
    assert one(rows, "EDV-Anschaffungen Ortsgericht", 2022, page=28).amount == Decimal("0.00")
    # page 32 repeats no header: its rows continue page 31's table
    r = one(rows, "Gehwege Breitband", 2021, page=32)
    assert r.amount == Decimal("10000.00") and r.code == "6-3-47K"
    assert r.table == one(rows, "Gehwege Breitband", 2022, page=32).table
    assert {x.table for x in rows if x.page in (31, 32, 33)} == {r.table}


def test_prose_pages_give_no_rows() -> None:
    rows = corpus_rows("gesamtabschluss_2022.pdf")
    # council members, Anhang prose with years, the table of contents
    assert not [r for r in rows if r.page in (2, 3, 9, 10, 11, 23, 24, 25, 26, 53, 60)]
    assert all(1950 <= r.year <= 2100 for r in rows)


# --- Rödermark: the other documents ----------------------------------------------------------


def test_beteiligungsbericht_reads_only_the_stiftungskapital() -> None:
    """Percent tables and lists have no year columns; the one money table has one."""
    rows = corpus_rows("beteiligungsbericht_2024.pdf")
    assert len(rows) == 1
    r = rows[0]
    assert (r.label, r.year, r.amount, r.page) == (
        "Stiftung Rödermark",
        2024,
        Decimal("153387.56"),
        6,
    )
    assert (r.column, r.caption, r.cell) == (
        "Stiftungskapital zum 31.12.2024",
        "Stiftungen",
        "153.387,56 €",
    )


def test_haushaltsrede_has_no_table() -> None:
    """A speech: years and amounts in sentences, the date at the top: no rows."""
    assert corpus_rows("haushaltsrede_2026.pdf") == ()


def test_konsolidierung_slides_stored_rotated() -> None:
    """The slides are stored at a right angle; rows have gaps ("2013" empty), a "Summe"."""
    rows = corpus_rows("konsolidierung_2013_2018.pdf")
    hits = find(rows, "Reduzierung Miete und Nebenkosten", 2014, page=33)
    assert [r.amount for r in hits] == [Decimal("52200.00")]
    assert hits[0].caption == "Konsolidierungsliste - I"
    assert not find(rows, "Reduzierung Miete und Nebenkosten", 2013, page=33)
    assert one(rows, "Reduzierung Miete und Nebenkosten", 2018, page=33).amount == Decimal(
        "15000.00"
    )
    label = "mehr Gewerbesteuer durch Wirtschaftsförderung"
    assert [(r.year, r.amount) for r in rows if r.label == label] == [
        (2013, Decimal("300000.00")),
        (2014, Decimal("300000.00")),
        (2015, Decimal("400000.00")),
        (2016, Decimal("350000.00")),
        (2017, Decimal("350000.00")),
        (2018, Decimal("350000.00")),
    ]  # and not the 2.050.000 under "Summe"
    # charts (axes of years and amounts) give nothing
    assert {r.page for r in rows} == set(range(33, 42))


@pytest.mark.parametrize(
    "path",
    [
        "Erlangen-Kommunal__SBR-Buechenbach/SBR/"
        "2024-04-24_Niederschrift_Niederschrift_1_Sitzung_Buechenbach.pdf",
        "Erlangen-Kommunal__SBR-Buechenbach/recht/ortsbeiraete_140_00_satzung_2020.pdf",
        "akramer-zibra__einblick-stuttgart/doc/examples/"
        "Antwort-08EDD857F1F6754EC125825900381101.pdf",
        "levino__roessing.de/public/pdfs/Ablehnung Tempo 30 durch Verkehrsamt.pdf",
    ],
    ids=["erlangen-niederschrift", "erlangen-satzung", "stuttgart-antwort", "nordstemmen-scan"],
)
def test_other_council_papers_have_no_budget_tables(path: str) -> None:
    pdf = pdfium.PdfDocument(corpus_file(f"realdocs/{path}"))
    try:
        assert extract_pdf_tables(pdf, max_pages=20) == []
    finally:
        pdf.close()


# --- built PDFs (no corpus needed) -----------------------------------------------------------


def built_pdf(items: list[tuple[float, float, str]], rotated: bool = False) -> pdfium.PdfDocument:
    """A one-page PDF with Helvetica text at (x, y); `rotated`: stored at a right angle and
    shown upright through the page's /Rotate, like slides printed to PDF."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    font = pdfium_c.FPDFText_LoadStandardFont(pdf, b"Helvetica")
    for x, y, text in items:
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf, font, ctypes.c_float(9.0))
        buf = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        if rotated:
            pdfium_c.FPDFPageObj_Transform(obj, 0, 1, -1, 0, 595 - y, x)
        else:
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        pdfium_c.FPDFPage_InsertObject(page, obj)
    pdfium_c.FPDFPage_GenerateContent(page)
    if rotated:
        pdfium_c.FPDFPage_SetRotation(page, 1)
    out = io.BytesIO()
    pdf.save(out)
    return pdfium.PdfDocument(out.getvalue())


TABLE = [
    (50, 800, "Ergebnishaushalt (in Tsd. EUR)"),
    (300, 770, "Ergebnis 2023"), (400, 770, "Ansatz 2024"), (500, 770, "Planung 2025"),
    (50, 750, "Steuern und"), (311, 750, "1.234,5-"), (420, 750, "–2.000"), (505, 750, "(12)"),
    (50, 739, "ähnliche Abgaben"),
    (50, 720, "Personalaufwand"), (320, 720, "3.000"), (428, 720, "-"), (515, 720, "0"),
]  # fmt: skip


@pytest.mark.parametrize("rotated", [False, True])
def test_built_pdf(rotated: bool) -> None:
    pdf = built_pdf(TABLE, rotated)
    rows = extract_pdf_tables(pdf, max_pages=1)
    got = [(r.label, r.year, r.kind, r.basis, r.amount) for r in rows]
    assert got == [
        ("Steuern und ähnliche Abgaben", 2023, "Ergebnis", "actual", Decimal("-1234500.00")),
        ("Steuern und ähnliche Abgaben", 2024, "Ansatz", "budget", Decimal("-2000000.00")),
        ("Steuern und ähnliche Abgaben", 2025, "Planung", "forecast", Decimal("-12000.00")),
        ("Personalaufwand", 2023, "Ergebnis", "actual", Decimal("3000000.00")),
        ("Personalaufwand", 2024, "Ansatz", "budget", Decimal("0.00")),
        ("Personalaufwand", 2025, "Planung", "forecast", Decimal("0.00")),
    ]
    assert {(r.page, r.caption, r.unit) for r in rows} == {
        (1, "Ergebnishaushalt (in Tsd. EUR)", "in Tsd. EUR")
    }
    assert [r.cell for r in rows if r.label == "Personalaufwand"] == ["3.000", "-", "0"]


def test_page_range_and_plain_results() -> None:
    pdf = pdfium.PdfDocument.new()
    for items in (TABLE, [(50, 800, "Keine Tabelle 2024")], TABLE):
        src = built_pdf(items)
        pdf.import_pages(src)
    assert {r.page for r in extract_pdf_tables(pdf, max_pages=3)} == {1, 3}
    assert {r.page for r in extract_pdf_tables(pdf, max_pages=2)} == {1}
    assert {r.page for r in extract_pdf_tables(pdf, max_pages=5, first_page=1)} == {3}
    assert extract_pdf_tables(pdf, max_pages=0) == []
    rows = extract_pdf_tables(pdf, max_pages=3)
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))
    assert [r.table for r in rows] == [1] * 6 + [2] * 6
    # frozen, picklable: what crosses from a worker process
    assert pickle.loads(pickle.dumps(rows)) == rows
    with pytest.raises(AttributeError):
        rows[0].amount = Decimal(1)  # type: ignore[misc]


# --- text -------------------------------------------------------------------------------------

LAYOUT = """\
Haushaltsplan 2026 der Gemeinde Musterhain
Teilergebnisplan (in Tsd. EUR)

                                 Ergebnis       Ansatz       Ansatz      Planung
Nr. Bezeichnung                      2024         2025         2026         2027
1   Grundsteuer B             −1.234.567,8        -13,4      –12.345       1.234-
2   Zuwendungen und                 (1.234)           0            -          ./.
    allgemeine Umlagen
3   Kreisumlage                    2.000,5      2.100,0      2.200,0      2.300,0
"""


def test_text_laid_out_with_spaces() -> None:
    rows = extract_text_tables(LAYOUT)
    got = [(r.code, r.label, r.year, r.amount) for r in rows]
    assert got[:4] == [
        ("1", "Grundsteuer B", 2024, Decimal("-1234567800.00")),  # U+2212 minus
        ("1", "Grundsteuer B", 2025, Decimal("-13400.00")),
        ("1", "Grundsteuer B", 2026, Decimal("-12345000.00")),  # en dash
        ("1", "Grundsteuer B", 2027, Decimal("-1234000.00")),  # trailing minus
    ]
    assert got[4:8] == [
        ("2", "Zuwendungen und allgemeine Umlagen", 2024, Decimal("-1234000.00")),  # (1.234)
        ("2", "Zuwendungen und allgemeine Umlagen", 2025, Decimal("0.00")),
        ("2", "Zuwendungen und allgemeine Umlagen", 2026, Decimal("0.00")),  # "-"
        ("2", "Zuwendungen und allgemeine Umlagen", 2027, Decimal("0.00")),  # "./."
    ]
    assert [r.kind for r in rows[:4]] == ["Ergebnis", "Ansatz", "Ansatz", "Planung"]
    assert [r.basis for r in rows[:4]] == ["actual", "budget", "budget", "forecast"]
    assert {(r.caption, r.unit, r.page) for r in rows} == {
        ("Teilergebnisplan (in Tsd. EUR)", "in Tsd. EUR", 1)
    }
    assert rows[-1].amount == Decimal("2300000.00") and rows[-1].col == 4


def test_text_without_layout_is_matched_from_the_right() -> None:
    text = (
        "Ergebnisplan (Beträge in EUR)\n"
        "Konto Bezeichnung Ergebnis 2023 Ansatz 2024 Plan 2025\n"
        "4000 Grundsteuer B 1.234.567 1.300.000 1.350.000\n"
        "5010 Versorgung 100.000 110.000\n"  # a gap: cannot be placed, no rows
        "5000 Personalaufwand -2.000.000 -2.100.000 -2.200.000\n"
    )
    rows = extract_text_tables(text)
    assert [(r.code, r.label, r.year, r.kind, r.amount, r.col) for r in rows] == [
        ("4000", "Grundsteuer B", 2023, "Ergebnis", Decimal("1234567.00"), 1),
        ("4000", "Grundsteuer B", 2024, "Ansatz", Decimal("1300000.00"), 2),
        ("4000", "Grundsteuer B", 2025, "Plan", Decimal("1350000.00"), 3),
        ("5000", "Personalaufwand", 2023, "Ergebnis", Decimal("-2000000.00"), 1),
        ("5000", "Personalaufwand", 2024, "Ansatz", Decimal("-2100000.00"), 2),
        ("5000", "Personalaufwand", 2025, "Plan", Decimal("-2200000.00"), 3),
    ]
    assert {r.unit for r in rows} == {"in EUR"}


def test_cells_separated_by_tabs_or_bars_and_pages_by_form_feeds() -> None:
    text = (
        "Übersicht Kitas\n"
        "Einrichtung\tIst 2023\tSoll 2024\n"
        "Kita Sonnenblume\t1.000,00\t2.000,00\n"
        "\fHochrechnung\n"
        "| Position | Ansatz 2025 | Hochrechnung 2025 |\n"
        "| Gewerbesteuer | 21.000.000 | 23.400.000 |\n"
    )
    rows = extract_text_tables(text)
    assert [(r.page, r.label, r.year, r.kind, r.basis, r.amount) for r in rows] == [
        (1, "Kita Sonnenblume", 2023, "Ist", "actual", Decimal("1000.00")),
        (1, "Kita Sonnenblume", 2024, "Soll", "budget", Decimal("2000.00")),
        (2, "Gewerbesteuer", 2025, "Ansatz", "budget", Decimal("21000000.00")),
        (2, "Gewerbesteuer", 2025, "Hochrechnung", "forecast", Decimal("23400000.00")),
    ]
    assert [r.table for r in rows] == [1, 1, 2, 2]


def test_millions_in_the_header_line() -> None:
    text = "Schulden (in Mio. €)    2023    2024\nInvestitionskredite     12,5    13,75\n"
    rows = extract_text_tables(text)
    assert [(r.year, r.amount) for r in rows] == [
        (2023, Decimal("12500000.00")),
        (2024, Decimal("13750000.00")),
    ]
    assert rows[0].caption == "Schulden (in Mio. €)" and rows[0].unit == "in Mio. €"


@pytest.mark.parametrize(
    "text",
    [
        # years and amounts in sentences
        "Im Jahr 2024 erhielt der Verein 5.000 Euro, 2025 waren es 6.000 Euro.\n",
        # a title with a year, then numbers
        "Haushaltsplan 2025\nSeite 1 von 12\n12\n",
        # a chart axis of years with the scale above it
        "  3.000\n  2.000\n  1.000\n      0\n       2020  2021  2022  2023\n",
        # a span of years is no column header
        "Entwicklung 2013 bis 2020\nDefizit     9.610.563     7.385.802\n",
        # a date in a sentence
        "Ausgeschieden am 21.07.2024\nAufwand Gremien: insgesamt 210 €.\n",
        # years as rows, not columns
        "Jahr    Zuschuss\n2022    18.000\n2023    18.500\n",
    ],
)
def test_no_rows_outside_year_columns(text: str) -> None:
    assert extract_text_tables(text) == []


# --- the labelled set ---------------------------------------------------------------------------


def test_shipped_set_meets_table_targets() -> None:
    from ratsinfo.extract.evaluate import evaluate

    r = evaluate()
    assert r.tables.tp >= 150
    assert r.tables.precision >= 0.95 and r.tables.recall >= 0.95
    assert min(r.table_kind.value, r.table_basis.value, r.table_caption.value) >= 0.95


def test_evaluator_counts_table_rows(tmp_path) -> None:
    import json

    from ratsinfo.extract.evaluate import evaluate, format_report

    text = (
        "Übersicht (in Tsd. EUR)\n\n"
        "             Ist 2023    Plan 2024\n"
        "Kita          1.000,5        1.100\n"
    )
    gold = {
        "questions_from": None, "answers": [], "funding": [],
        "tables": [
            {"year": 2023, "amount": "1000500.00", "label": "Kita", "kind": "Ist",
             "basis": "actual", "caption": "Übersicht (in Tsd. EUR)"},
            {"year": 2024, "amount": "1200000.00", "label": "Kita", "kind": "Plan",
             "basis": "budget", "caption": None},
        ],
    }  # fmt: skip
    (tmp_path / "001_tabelle.txt").write_text(text, "utf-8")
    (tmp_path / "001_tabelle.json").write_text(json.dumps(gold), "utf-8")
    (tmp_path / "002_prosa.txt").write_text("Der Ansatz 2024 beträgt 1.100 Tsd. EUR.\n", "utf-8")
    (tmp_path / "002_prosa.json").write_text(
        json.dumps({"questions_from": None, "answers": [], "funding": [
            {"amount": "1100000.00", "amount_max": None, "period": None, "role": "budget",
             "funder": None, "recipient": None}]}), "utf-8"
    )  # fmt: skip
    r = evaluate(tmp_path)
    assert (r.tables.tp, r.tables.fp, r.tables.fn) == (1, 1, 1)
    assert (r.table_kind.correct, r.table_kind.total) == (1, 1)
    assert (r.table_caption.correct, r.table_caption.total) == (1, 1)
    kinds = {(m.doc, m.table, m.kind) for m in r.mismatches}
    assert ("001_tabelle", "tables", "FP") in kinds and ("001_tabelle", "tables", "FN") in kinds
    assert "table rows" in format_report(r)
