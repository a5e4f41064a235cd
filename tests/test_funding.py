"""Amounts of money in German prose."""

from decimal import Decimal

import pytest

from ratsinfo.extract import extract_funding

SEED_SENTENCE = (
    "Seitdem die Projektförderung des Welcome Center Ende 2018 auslief, unterstützt die Stadt "
    "Braunschweig das Welcome Center finanziell mit jährlich 20.000 EUR."
)


def amounts(text: str) -> list[tuple[Decimal, Decimal | None]]:
    return [(f.amount, f.amount_max) for f in extract_funding(text)]


def test_seed_row() -> None:
    text = (
        "Zu Frage 1:\nDie Stadt war Impulsgeber.\n"
        + SEED_SENTENCE
        + " Nähere Informationen online."
    )
    (row,) = extract_funding(text)
    assert row.amount == Decimal("20000.00")
    assert row.currency == "EUR"
    assert (row.period, row.role) == ("annual", "grant")
    assert (row.funder, row.recipient) == ("Stadt Braunschweig", "Welcome Center")
    assert row.applies_from == "Ende 2018"
    assert row.text == SEED_SENTENCE
    assert row.position == 1 and row.amount_max is None


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("20.000 EUR", "20000.00"),
        ("20.000,- €", "20000.00"),
        ("20.000 €", "20000.00"),
        ("EUR 20.000", "20000.00"),
        ("€ 20.000", "20000.00"),
        ("10.000€/ Jahr", "10000.00"),
        ("25.000 Euro / Jahr", "25000.00"),
        ("jährlich 20.000 EUR", "20000.00"),
        ("180.000 Euro jährlich", "180000.00"),
        ("1,5 Mio. Euro", "1500000.00"),
        ("1,5 Millionen Euro", "1500000.00"),
        ("2 Mrd. €", "2000000000.00"),
        ("250 T€", "250000.00"),
        ("150 TEUR", "150000.00"),
        ("30 Tsd. Euro", "30000.00"),
        ("96,00 Euro pro Stunde", "96.00"),
        ("315,00Euro", "315.00"),
        ("mind. 22.000 €", "22000.00"),
        ("rd. 1,2 Mio. €", "1200000.00"),
        ("ca. 500 €", "500.00"),
        ("1.250.000,00 €", "1250000.00"),
        ("8,7 Mio €", "8700000.00"),
    ],
)
def test_written_forms(written: str, value: str) -> None:
    assert amounts(f"Der Betrag liegt bei {written} für das Projekt.") == [(Decimal(value), None)]


@pytest.mark.parametrize(
    ("written", "lo", "hi"),
    [
        ("zwischen 5.000 und 8.000 Euro", "5000.00", "8000.00"),
        ("5.000 bis 8.000 €", "5000.00", "8000.00"),
        ("5.000 – 8.000 Euro", "5000.00", "8000.00"),
        ("5.000 € - 8.000 €", "5000.00", "8000.00"),
        ("1 bis 2 Mio. Euro", "1000000.00", "2000000.00"),
    ],
)
def test_ranges_are_one_row(written: str, lo: str, hi: str) -> None:
    assert amounts(f"Die Kosten liegen {written}.") == [(Decimal(lo), Decimal(hi))]


def test_year_before_dash_is_not_a_range() -> None:
    assert amounts("Haushaltsjahr 2024 – 8.000 Euro.") == [(Decimal("8000.00"), None)]


@pytest.mark.parametrize(
    "text",
    [
        "Die Anfrage vom 21.04.2025 wurde am 07.05.2025 beraten.",
        "Die Genehmigung erfolgt nach § 36 Absatz 3 BauGB.",
        "Gebucht wird auf dem Sachkonto 1.520.42.40.01.05 und dem PSP-Element 4S.610012.",
        "Rückfragen unter 0531 470-1234.",
        "Es gibt 3.665 Ladepunkte mit 55.000 kW.",
        "Benötigt werden 20 Meter Straßenraum und 1.200 m² Fläche.",
        "Der Anteil lag bei 18,5 % und stieg um 20 Prozent.",
        "Den Betrieben entgehen ein paar Tausend Euro, bundesweit mehrere Millionen Euro.",
        "Im Jahr 2024 gab es 2,5 Stellen.",
    ],
)
def test_never_money(text: str) -> None:
    assert extract_funding(text) == []


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Der Zuschuss beträgt jährlich 5.000 €.", "annual"),
        ("Der Zuschuss beträgt 5.000 € pro Jahr.", "annual"),
        ("Der Zuschuss beträgt 5.000 € p.a.", "annual"),
        ("Der Zuschuss beträgt 5.000 € im Jahr.", "annual"),
        ("Die Gebühr beträgt 1.250 € je Stellplatz und Jahr.", "annual"),
        ("Die Zulage beträgt monatlich 150 €.", "monthly"),
        ("Die Zulage beträgt 150 € pro Monat.", "monthly"),
        ("Der Träger erhält pro Quartal 1.500 Euro.", "quarterly"),
        ("Für Fortbildungen werden vierteljährlich 800 € bereitgestellt.", "quarterly"),
        ("Das Honorar beträgt 42,00 Euro pro Stunde.", "hourly"),
        ("Der Stundensatz beträgt 25,00 €.", "hourly"),
        ("Die Ausstattung kostet einmalig 64.000 €.", "one-off"),
        ("Der Verein erhält einen einmaligen Zuschuss von 3.000 €.", "one-off"),
        ("Im Jahr 2024 wurden 5.000 € ausgegeben.", None),
        ("Die Kosten betragen 5.000 €.", None),
    ],
)
def test_period(text: str, period: str | None) -> None:
    (row,) = extract_funding(text)
    assert row.period == period


def test_periods_of_two_amounts_in_one_sentence() -> None:
    rows = extract_funding("Die Kosten betragen einmalig 5.000 € und monatlich 200 €.")
    assert [r.period for r in rows] == ["one-off", "monthly"]
    rows = extract_funding("Der Stundensatz beträgt 96,00 Euro pro Stunde, die Gebühr 315,00Euro.")
    assert [r.period for r in rows] == ["hourly", None]
    rows = extract_funding("Die Pauschale steigt von 4 Euro auf 5 Euro je Stunde.")
    assert [r.period for r in rows] == ["hourly", "hourly"]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Der Verein erhält einen Zuschuss von 5.000 €.", "grant"),
        ("Das Land gewährt eine Förderung von 5.000 €.", "grant"),
        ("Die Zuwendung beträgt 5.000 €.", "grant"),
        ("Es werden Fördermittel von 5.000 € eingesetzt.", "grant"),
        ("Die Kosten betragen 5.000 €.", "cost"),
        ("Ein Brunnen kostet 5.000 €.", "cost"),
        ("Die Ausgaben lagen bei 5.000 €.", "cost"),
        ("Die Gebühr beträgt 5.000 €.", "fee"),
        ("Das Entgelt beträgt 5.000 €.", "fee"),
        ("Der Beitrag beträgt 5.000 €.", "fee"),
        ("Im Haushalt sind Haushaltsmittel von 5.000 € veranschlagt.", "budget"),
        ("Das Budget beträgt 5.000 €.", "budget"),
        ("Die Einnahmen betrugen 5.000 €.", "revenue"),
        ("Die Erlöse werden auf 5.000 € geschätzt.", "revenue"),
        ("Die Einnahmen aus den Standgebühren betrugen 5.000 €.", "revenue"),
        ("Die Investition beträgt 5.000 €.", "invest"),
        ("Der Betrag beträgt 5.000 €.", None),
    ],
)
def test_role(text: str, role: str | None) -> None:
    (row,) = extract_funding(text)
    assert row.role == role


@pytest.mark.parametrize(
    ("text", "funder", "recipient"),
    [
        ("Ab 2025 erhält der Verein Kinderhilfe e. V. einen Zuschuss von 5.000 €.", None,
         "Verein Kinderhilfe e. V."),
        ("Der Zuschuss der Stadt an den Verein Sport Nord beträgt 5.000 €.", "Stadt",
         "Verein Sport Nord"),
        ("Die Förderung durch das Land Niedersachsen beträgt 5.000 €.", "Land Niedersachsen", None),
        ("Es werden Fördermittel des Landes Niedersachsen von 5.000 € eingesetzt.",
         "Land Niedersachsen", None),
        ("Die Stadt zahlt der Diakonie einen Zuschuss von 5.000 €.", "Stadt", "Diakonie"),
        ("Die Arbeit wird vom Land mit 5.000 € jährlich gefördert.", "Land", None),
        ("Das Land fördert das Vorhaben mit 5.000 €.", "Land", None),
        ("Die Kosten betragen 5.000 €.", None, None),
    ],
)  # fmt: skip
def test_funder_and_recipient(text: str, funder: str | None, recipient: str | None) -> None:
    (row,) = extract_funding(text)
    assert (row.funder, row.recipient) == (funder, recipient)


@pytest.mark.parametrize(
    ("text", "applies_from"),
    [
        ("Seit Ende 2018 zahlt die Stadt 5.000 €.", "Ende 2018"),
        ("Ab 2025 zahlt die Stadt 5.000 €.", "2025"),
        ("Ab dem 01.07.2025 zahlt die Stadt 5.000 €.", "01.07.2025"),
        ("Im Haushaltsjahr 2024 sind 5.000 € veranschlagt.", "Haushaltsjahr 2024"),
        ("Ab dem Haushaltsjahr 2026 sind 5.000 € veranschlagt.", "Haushaltsjahr 2026"),
        ("Die Stadt zahlt 5.000 €.", None),
    ],
)
def test_applies_from(text: str, applies_from: str | None) -> None:
    (row,) = extract_funding(text)
    assert row.applies_from == applies_from


def test_positions_sentences_and_abbreviations() -> None:
    text = (
        "Die Kosten betragen rd. 1,2 Mio. € für die Technik. Die o. g. Mittel sind ca. 500 € höher "
        "als geplant.\nZu Frage 2:\nDer Verein erhält 300 €."
    )
    rows = extract_funding(text)
    assert [r.position for r in rows] == [1, 2, 3]
    assert [r.text for r in rows] == [
        "Die Kosten betragen rd. 1,2 Mio. € für die Technik.",
        "Die o. g. Mittel sind ca. 500 € höher als geplant.",
        "Der Verein erhält 300 €.",
    ]


def test_furniture_is_not_part_of_the_sentence() -> None:
    text = "Die Stadt zahlt dem Träger jährlich\n\f\n– 2 –\n310.000 Euro für die Sozialarbeit.\n"
    (row,) = extract_funding(text)
    assert row.text == "Die Stadt zahlt dem Träger jährlich 310.000 Euro für die Sozialarbeit."
    assert row.period == "annual"


def test_empty_text() -> None:
    assert extract_funding("") == []


def test_no_currency_no_rows() -> None:
    # numbers without a currency anywhere in the text: no amount (the early exit)
    assert extract_funding("Am 12.03.2025 wurden 20.000 Besucher gezählt; § 4 Abs. 2 gilt.") == []


def test_parties_of_one_clause_for_each_of_its_amounts() -> None:
    text = (
        "Die Stadt Braunschweig fördert den Verein Kulturpunkt mit 5.000 Euro einmalig "
        "und 200 Euro monatlich."
    )
    rows = extract_funding(text)
    assert [(r.funder, r.recipient) for r in rows] == [
        ("Stadt Braunschweig", "Verein Kulturpunkt"),
        ("Stadt Braunschweig", "Verein Kulturpunkt"),
    ]
    assert [r.period for r in rows] == ["one-off", "monthly"]
    # the same words without a funding verb: no funder read from a cached clause
    assert extract_funding("Der Verein Kulturpunkt zahlt 5.000 Euro.")[0].recipient is None
