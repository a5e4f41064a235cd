"""Keywords searched in short windows: the narrowed expression finds what the whole one finds."""

import random
import re

import pytest

from ratsinfo.extract import funding
from ratsinfo.extract.keywords import Keywords, alternatives, required_text


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a|b", ["a", "b"]),
        (r"(?:pro|je)\s*Jahr\b|jährlich", [r"(?:pro|je)\s*Jahr\b", "jährlich"]),
        (r"[|]x|y", ["[|]x", "y"]),
        (r"\|x|y", [r"\|x", "y"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"a(?=b|c)|d", ["a(?=b|c)", "d"]),
    ],
)
def test_alternatives_split_only_at_the_top_level(pattern: str, expected: list[str]) -> None:
    assert alternatives(pattern) == expected


@pytest.mark.parametrize(
    ("alternative", "text"),
    [
        (r"\b\w*[Kk]osten\b", "osten"),
        (r"Erlöse?", "Erlös"),
        (r"(?:pro|je|/)\s*Monat\b", "Monat"),
        (r"unterstützt\b[^.]{0,60}\bfinanziell", "unterstützt"),
        (r"\bnimmt\b(?![^.;]{0,30}\bStellung)", "nimmt"),  # a lookahead's text is not required
        (r"p\.\s?a\.", "p."),
        (r"Std\.?", "Std"),
        (r"ab+c", "ab"),  # "b+": one b at least, then maybe more: the run ends there
        (r"x{2}yz", "yz"),
        (r"(?:Stunde|Std\.?)(?!\w)", ""),  # nothing outside the groups: always tried
        (r"(?<![a-zäöü])jährlich\w*", "jährlich"),
        (r"a*?bc", "bc"),  # a lazy quantifier is read over too
    ],
)
def test_required_text(alternative: str, text: str) -> None:
    assert required_text(alternative) == text


def test_required_text_refuses_an_alternation() -> None:
    with pytest.raises(ValueError, match="not one alternative"):
        required_text("a|b")


# keywords of funding's periods and roles, their parts and their neighbours
VOCABULARY = (
    "Zuschuss Zuschüsse Landeszuschuss Förderung gefördert fördert Zuwendungen bezuschusst "
    "unterstützt die Stadt finanziell finanziell unterstützen zuwendungsfähige Kosten "
    "Einnahmen Erträge Ertrag Erlöse Erlös eingenommen einnimmt nimmt Stellung Betriebskosten "
    "kostet Ausgaben Personalaufwand Aufwendungen ausgegeben verausgabt aufgewendet aufgewandt "
    "fallen anfallende entstehen entstanden Gebühren Entgelt Beiträge Mitgliedsbeitrag "
    "Eintrittspreise Tarif erhoben Haushaltsmittel Budget veranschlagt Ansatz Haushaltsansätze "
    "bereitgestellt zur Verfügung Mittel in Höhe bereit Investition investiert Investive "
    "jährlich JÄHRLICH pro Jahr je Jahr / Jahr im Jahr im Jahr 2025 p. a. p.a. per anno "
    "pro Kopf und Jahr Jahresbeitrag monatlich pro Monat Monatsmiete vierteljährlich "
    "quartalsweise pro Quartal Quartalsbeitrag pro Stunde je Std. Stundensatz stündlich "
    "Stundenlohn einmalig Einmalzahlung Einmalbetrag 20.000 € EUR Euro der die das und ; . , "
    "osten usgaben ebühr nsatz"
)


def _all_matches(pattern: re.Pattern[str], window: str, kinds: Keywords) -> list[tuple]:
    return [(m.span(), kinds.kind(m)) for m in pattern.finditer(window)]


@pytest.mark.parametrize("keywords", [funding._ROLE, funding._PERIOD], ids=["roles", "periods"])
def test_the_narrowed_expression_finds_what_the_whole_one_finds(keywords: Keywords) -> None:
    """Windows cut at random from text full of the keywords, their parts and their neighbours:
    the expression `pattern_for` gives finds the same matches, of the same kinds, as the whole."""
    words = VOCABULARY.split(" ")
    rng = random.Random(14)
    text = " ".join(rng.choice(words) for _ in range(20_000))
    for _ in range(3_000):
        start = rng.randrange(len(text))
        before = text[start : start + rng.randrange(0, 200)]
        after = text[start + 200 : start + 200 + rng.randrange(0, 60)]
        narrowed = keywords.pattern_for(before, after)
        for window in (before, after):
            assert _all_matches(narrowed, window, keywords) == _all_matches(
                keywords.pattern, window, keywords
            ), window


def test_a_window_without_any_keyword_matches_nowhere() -> None:
    kinds = Keywords((("grant", r"Zuschuss\w*"), ("cost", r"\b\w*[Kk]osten\b")))
    pattern = kinds.pattern_for("Die Stadt zahlt 20.000 Euro.", "")
    assert pattern.search("Die Stadt zahlt 20.000 Euro.") is None
    hit = kinds.pattern_for("die Betriebskosten").search("die Betriebskosten")
    assert hit is not None and kinds.kind(hit) == "cost" and hit[0] == "Betriebskosten"


def test_case_is_folded_where_the_expression_ignores_case() -> None:
    kinds = Keywords((("annual", r"jährlich\w*"),), re.IGNORECASE)
    hit = kinds.pattern_for("JÄHRLICH 500 €").search("JÄHRLICH 500 €")
    assert hit is not None and kinds.kind(hit) == "annual"
