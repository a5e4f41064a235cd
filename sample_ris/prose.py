# ruff: noqa: E501  (German text templates are kept as whole sentences)
"""The writer of the sample papers' text sections.

A generated paper keeps only a small recipe (`SectionSpec`); `build_sections(spec)` writes its
sections out on demand, deterministically in the recipe, so 50,000 papers stay small. The
sentences come mostly from the paper's topic (see topics.py), the rest from the pools of
procedure, figures and money sentences below.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ratsinfo.model import Section
from sample_ris.topics import GEBIETE, STRASSEN, TOPICS, Topic


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """The recipe from which `build_sections` writes a generated paper's text."""

    seed: int  # drives the wording
    values_seed: int  # drives street, area and year placeholders (shared with the subject)
    year: int
    topic: int
    paper_type: str
    place: str
    n_questions: int = 0  # Anfrage: questions asked; Stellungnahme: questions answered
    layout: str = ""  # Stellungnahme answer layout: "frage", "zu", "list"
    asker: str | None = None  # Anfrage / Stellungnahme: who asked
    asked_on: dt.date | None = None  # Stellungnahme: date of the Anfrage
    spacers: bool = False  # empty "&nbsp;" paragraphs between paragraphs (Word clutter)


_MONEY = (
    "Die Gesamtkosten der Maßnahme belaufen sich nach derzeitiger Kostenschätzung auf {betrag}.",
    "Die erforderlichen Haushaltsmittel in Höhe von {betrag} stehen im Haushaltsjahr {jahr} "
    "zur Verfügung.",
    "Für den laufenden Betrieb entstehen Folgekosten von {betrag_j}.",
    "Das Land Niedersachsen fördert das Vorhaben mit einem Zuschuss von bis zu {betrag}.",
    "Die Stadt unterstützt den Träger mit einem Zuschuss in Höhe von {betrag_j}.",
    "Im Ergebnishaushalt {jahr} sind hierfür {betrag} veranschlagt.",
    "Die Mehrkosten gegenüber der ursprünglichen Planung betragen {betrag}.",
)
_NUMBERS = (
    "Der Rat hat in seiner Sitzung am {datum} die Verwaltung beauftragt, ein entsprechendes "
    "Konzept vorzulegen.",
    "Rechtsgrundlage ist § 58 Absatz 1 Nr. 2 NKomVG.",
    "Nach § 36 Absatz 3 BauGB ist über das gemeindliche Einvernehmen innerhalb von zwei Monaten "
    "zu entscheiden.",
    "Die Maßnahme soll bis zum {datum} abgeschlossen sein.",
    "Die Beteiligung der Öffentlichkeit fand vom {datum} bis zum {datum2} statt.",
    "Betroffen sind nach einer Erhebung aus dem Jahr {jahr} rund {zahl} Haushalte.",
    "Die Zuständigkeit des Rates ergibt sich aus § 58 Absatz 1 NKomVG.",
)
_PROCEDURE = (
    "Die Verwaltung wird über den weiteren Fortgang in den zuständigen Gremien berichten.",
    "Die betroffenen Stadtbezirksräte werden im weiteren Verfahren beteiligt.",
    "Die Abstimmung mit den beteiligten Fachbereichen ist erfolgt.",
    "Eine abschließende Bewertung ist erst nach Vorliegen der Ergebnisse des Gutachtens möglich.",
    "Die Verwaltung empfiehlt, dem Beschlussvorschlag zu folgen.",
    "Auswirkungen auf den Klimaschutz wurden geprüft und sind insgesamt positiv zu bewerten.",
    "Die Ergebnisse der Bürgerbeteiligung sind in die Planung eingeflossen.",
    "Der Arbeitskreis “Sicher unterwegs” hat sich ebenfalls für die Maßnahme ausgesprochen.",
    "Die Zusammenarbeit mit Vereinen, Verbänden & Initiativen vor Ort hat sich bewährt.",
    "Über die Einzelheiten informiert die beigefügte Anlage.",
    "Personelle Auswirkungen ergeben sich aus der Vorlage nicht.",
    "Die Maßnahme ist mit den Zielen des integrierten Stadtentwicklungskonzeptes vereinbar.",
)
ANSWER_EXTRA = (
    "Weitere Angaben liegen der Verwaltung hierzu nicht vor.",
    "Eine statistische Erfassung im Sinne der Fragestellung erfolgt nicht.",
    "Die Verwaltung wird den Ausschuss über die weitere Entwicklung informieren.",
    "Die Angaben beruhen auf einer Abfrage bei den beteiligten Fachbereichen.",
    "Eine Übersicht ist als Anlage beigefügt.",
)
_ANFRAGE_INTRO = (
    "Vor diesem Hintergrund fragen wir die Verwaltung:",
    "Wir bitten die Verwaltung um Beantwortung folgender Fragen:",
    "Vor diesem Hintergrund bitten wir um die Beantwortung der folgenden Fragen:",
)
_ANTRAG_REASON = (
    "Die Situation vor Ort wird von vielen Bürgerinnen und Bürgern seit Langem kritisiert.",
    "Andere Städte vergleichbarer Größe haben mit ähnlichen Maßnahmen gute Erfahrungen gemacht.",
    "Der Antrag greift Anregungen aus dem Stadtbezirksrat auf.",
    "Eine zügige Umsetzung ist aus unserer Sicht dringend geboten.",
    "Die Kosten sind im Verhältnis zum erwarteten Nutzen gering.",
)
_MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def _betrag(rng: random.Random) -> str:
    k = rng.randrange(6)
    if k == 0:
        return f"{rng.randint(2, 95) * 1000:,} EUR".replace(",", ".")
    if k == 1:
        return f"{rng.randint(1, 9)},{rng.randint(1, 9)} Mio. Euro"
    if k == 2:
        return f"rd. {rng.randint(12, 980) * 1000:,} €".replace(",", ".")
    if k == 3:
        return f"{rng.randint(1, 9)},{rng.randint(1, 9)} Mio. €"
    if k == 4:
        return f"{rng.randint(15, 999) * 1000:,}".replace(",", ".") + ",00 EUR"
    return f"{rng.randint(2, 40) * 5000:,} Euro".replace(",", ".")


def _betrag_j(rng: random.Random) -> str:
    amount = f"{rng.randint(2, 60) * 2500:,}".replace(",", ".")
    return rng.choice(
        (f"jährlich {amount} Euro", f"{amount} EUR jährlich", f"jährlich rd. {amount} €")
    )


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values) if "{" in template else template


class Values(dict[str, str]):
    """Placeholder values: fixed per paper (street, area, year), fresh amounts and dates."""

    def __init__(self, values_seed: int, place: str, year: int, rng: random.Random) -> None:
        fixed = random.Random(values_seed)
        super().__init__(
            bezirk=place,
            strasse=fixed.choice(STRASSEN),
            gebiet=fixed.choice(GEBIETE),
            jahr=str(year + fixed.randint(0, 2)),
            jahr2=str(year + 3),
        )
        self.rng = rng
        self.year = year
        self.last_date = dt.date(year, 1, 1)

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "betrag":
            return _betrag(rng)
        if key == "betrag_j":
            return _betrag_j(rng)
        if key == "datum":
            d = dt.date(self.year, 1, 1) + dt.timedelta(days=rng.randrange(-200, 360))
            self.last_date = d
            if rng.random() < 0.6:
                return d.strftime("%d.%m.%Y")
            return f"{d.day}. {_MONTHS_DE[d.month - 1]} {d.year}"
        if key == "datum2":
            return (self.last_date + dt.timedelta(days=rng.randint(14, 42))).strftime("%d.%m.%Y")
        if key == "zahl":
            return f"{rng.randint(1, 30) * 125:,}".replace(",", ".")
        raise KeyError(key)


class _Writer:
    """Draws sentences for one paper without repeating them, mostly from its topic."""

    def __init__(self, rng: random.Random, topic: Topic, values: Values, money: bool) -> None:
        self.rng = rng
        self.values = values
        self.decks: list[tuple[float, list[str]]] = []
        for weight, pool in (
            (0.45, topic.facts),
            (0.3, _PROCEDURE),
            (0.15, _NUMBERS),
            (0.25 if money else 0.0, _MONEY),
        ):
            if weight:
                deck = list(pool)
                rng.shuffle(deck)
                self.decks.append((weight, deck))

    def sentence(self) -> str:
        live = [(w, d) for w, d in self.decks if d]
        if not live:
            return fill(self.rng.choice(_PROCEDURE), self.values)
        deck = self.rng.choices([d for _, d in live], weights=[w for w, _ in live])[0]
        return fill(deck.pop(), self.values)

    def paragraph(self, words: int) -> str:
        sentences: list[str] = []
        count = 0
        while (count < words or len(sentences) < 2) and len(sentences) < 8:
            s = self.sentence()
            sentences.append(s)
            count += s.count(" ") + 1
        return " ".join(sentences)

    def paragraphs(self, lo: int, hi: int) -> list[str]:
        return [self.paragraph(self.rng.randint(40, 110)) for _ in range(self.rng.randint(lo, hi))]


def subject_values(values_seed: int, place: str, year: int) -> Values:
    return Values(values_seed, place, year, random.Random(values_seed ^ 0xA5A5))


def build_sections(spec: SectionSpec) -> tuple[Section, ...]:
    """Write out the text sections of a generated paper (deterministic in `spec`)."""
    rng = random.Random(spec.seed)
    topic = TOPICS[spec.topic % len(TOPICS)]
    values = Values(spec.values_seed, spec.place, spec.year, rng)
    kind = spec.paper_type
    money = kind in ("Beschlussvorlage", "Ergänzungsvorlage", "Dringlichkeitsvorlage") or (
        kind.startswith("Mitteilung") and rng.random() < 0.4
    )
    w = _Writer(rng, topic, values, money)
    if kind.startswith("Anfrage"):
        paras = ["Sachverhalt:"] if rng.random() < 0.5 else []
        paras += w.paragraphs(1, 2)
        paras.append(rng.choice(_ANFRAGE_INTRO))
        questions = [fill(q, values) for q in topic.questions[: spec.n_questions]]
        while len(questions) < spec.n_questions:
            questions.append("Welche weiteren Schritte plant die Verwaltung?")
        paras += [f"{i}. {q}" for i, q in enumerate(questions, 1)]
        return (Section("Sachverhalt", "\n".join(paras)),)
    if kind == "Stellungnahme":
        paras = ["Sachverhalt:"] if rng.random() < 0.6 else []
        asked = spec.asked_on.strftime("%d.%m.%Y") if spec.asked_on else "o. g. Datum"
        paras.append(
            f"Die o. g. Anfrage {spec.asker or 'der Fraktion'} vom {asked} beantwortet die "
            "Verwaltung wie folgt:"
        )
        if spec.layout == "list":
            paras.append("Zu den Fragen:")
        for i in range(1, spec.n_questions + 1):
            answer = [
                fill(topic.answers[i - 1], values)
                if i <= len(topic.answers)
                else rng.choice(ANSWER_EXTRA)
            ]
            if rng.random() < 0.3:
                answer.append(rng.choice(ANSWER_EXTRA))
            if spec.layout == "list":
                paras.append(f"{i}. " + " ".join(answer))
                continue
            paras.append(f"Zu Frage {i}:" if spec.layout == "frage" else f"Zu {i}.")
            paras.append(" ".join(answer))
            if rng.random() < 0.25:
                paras.append(w.paragraph(rng.randint(30, 70)))
        return (Section("Sachverhalt", "\n".join(paras)),)
    beschluss = fill(topic.beschluss, values)
    if kind == "Antrag":
        ziel = fill(topic.antrag, values)
        values["ziel"] = ziel
        vorschlag = fill(
            rng.choice(
                (
                    "Die Verwaltung wird beauftragt, ein Konzept „{ziel}“ zu erarbeiten und bis zum "
                    "{datum} vorzulegen.",
                    "Die Verwaltung wird gebeten zu prüfen, wie das Ziel „{ziel}“ umgesetzt werden kann, "
                    "und dem zuständigen Ausschuss zu berichten.",
                    "Der Rat fordert die Verwaltung auf, Maßnahmen unter dem Titel „{ziel}“ zu "
                    "ergreifen und die Kosten darzustellen.",
                )
            ),
            values,
        )
        reason = [w.paragraph(rng.randint(40, 90)), " ".join(rng.sample(_ANTRAG_REASON, 2))]
        return (
            Section("Beschlussvorschlag", vorschlag),
            Section("Sachverhalt" if rng.random() < 0.5 else "Begründung", "\n".join(reason)),
        )
    if kind == "Änderungsantrag":
        return (
            Section(
                "Beschlussvorschlag",
                "Der Beschlussvorschlag wird wie folgt geändert:\n"
                + beschluss
                + " "
                + rng.choice(_ANTRAG_REASON),
            ),
            Section("Begründung", "\n".join(w.paragraphs(1, 2))),
        )
    if kind == "Dringlichkeitsvorlage":
        return (
            Section("Beschluss", beschluss + " " + fill(rng.choice(_MONEY), values)),
            Section(
                "Begründung",
                "\n".join(
                    [
                        "Die Angelegenheit ist dringlich, da eine Entscheidung des Rates nicht "
                        "rechtzeitig herbeigeführt werden kann.",
                        *w.paragraphs(1, 3),
                    ]
                ),
            ),
        )
    body = w.paragraphs(1, 6)
    if kind == "Ergänzungsvorlage":
        body.insert(
            0,
            "Ergänzend zur Vorlage wird mitgeteilt, dass sich nach Abschluss der "
            "Abstimmungen folgende Änderungen ergeben haben:",
        )
    if kind.startswith("Mitteilung"):
        return (Section("Sachverhalt", "\n".join(body)),)
    vorschlag = beschluss
    if money and rng.random() < 0.6:
        vorschlag += "\n" + fill(
            rng.choice(
                (
                    "Die Verwaltung wird ermächtigt, Aufträge bis zu einer Höhe von {betrag} zu "
                    "vergeben.",
                    "Die hierfür erforderlichen Mittel in Höhe von {betrag} werden bereitgestellt.",
                )
            ),
            values,
        )
    return (Section("Beschlussvorschlag", vorschlag), Section("Sachverhalt", "\n".join(body)))
