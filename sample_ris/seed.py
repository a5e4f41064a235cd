"""Hand-written parts of the sample RIS: the organizations and two reference papers.

The Stellungnahme 25-25641-01 reproduces every fact of the real Braunschweig page (Grunddaten,
Beratungsfolge, the full Sachverhalt). The Anfrage 25-25641 it answers is written for the sample:
its three questions are the ones the Stellungnahme's answers reply to.
"""

from __future__ import annotations

import datetime as dt

from ratsinfo.model import Beratung, Section, Vorlage
from sample_ris.model import AMT, GREMIUM, Organization, SamplePaper

BODY_NAME = "Stadt Braunschweig (Beispieldaten)"
BODY_SHORT_NAME = "Braunschweig (Beispiel)"

RAT = 1
VERWALTUNGSAUSSCHUSS = 3
AUSSCHUSS_VIELFALT = 1139


def _gr(id: int, name: str, short: str, classification: str, genitive: str) -> Organization:
    return Organization(id, GREMIUM, name, short, classification, genitive)


def _at(id: int, name: str, classification: str = "Fachbereich") -> Organization:
    return Organization(id, AMT, name, name.split(" ", 1)[0], classification)


COMMITTEES: tuple[Organization, ...] = (
    _gr(RAT, "Rat der Stadt Braunschweig", "Rat", "Rat", "des Rates der Stadt Braunschweig"),
    _gr(
        VERWALTUNGSAUSSCHUSS,
        "Verwaltungsausschuss",
        "VA",
        "Hauptausschuss",
        "des Verwaltungsausschusses",
    ),
    _gr(
        1121,
        "Finanz- und Personalausschuss",
        "FPA",
        "Ausschuss",
        "des Finanz- und Personalausschusses",
    ),
    _gr(
        1123,
        "Planungs- und Umweltausschuss",
        "PlUA",
        "Ausschuss",
        "des Planungs- und Umweltausschusses",
    ),
    _gr(
        1125,
        "Ausschuss für Mobilität, Tiefbau und Auftragsvergaben",
        "AMTA",
        "Ausschuss",
        "des Ausschusses für Mobilität, Tiefbau und Auftragsvergaben",
    ),
    _gr(
        1127,
        "Ausschuss für Soziales und Gesundheit",
        "ASG",
        "Ausschuss",
        "des Ausschusses für Soziales und Gesundheit",
    ),
    _gr(1129, "Jugendhilfeausschuss", "JHA", "Ausschuss", "des Jugendhilfeausschusses"),
    _gr(1131, "Schulausschuss", "SchA", "Ausschuss", "des Schulausschusses"),
    _gr(
        1133,
        "Ausschuss für Kultur und Wissenschaft",
        "AfKW",
        "Ausschuss",
        "des Ausschusses für Kultur und Wissenschaft",
    ),
    _gr(1135, "Sportausschuss", "SpA", "Ausschuss", "des Sportausschusses"),
    _gr(1137, "Wirtschaftsausschuss", "WiA", "Ausschuss", "des Wirtschaftsausschusses"),
    _gr(
        AUSSCHUSS_VIELFALT,
        "Ausschuss für Vielfalt und Integration",
        "AVI",
        "Ausschuss",
        "des Ausschusses für Vielfalt und Integration",
    ),
    _gr(1141, "Bauausschuss", "BauA", "Ausschuss", "des Bauausschusses"),
    _gr(1143, "Grünflächenausschuss", "GrA", "Ausschuss", "des Grünflächenausschusses"),
    _gr(1145, "Feuerwehrausschuss", "FwA", "Ausschuss", "des Feuerwehrausschusses"),
    _gr(
        31,
        "Stadtbezirksrat 112 Wabe-Schunter-Beberbach",
        "SBR 112",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 112 Wabe-Schunter-Beberbach",
    ),
    _gr(
        33,
        "Stadtbezirksrat 120 Östliches Ringgebiet",
        "SBR 120",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 120 Östliches Ringgebiet",
    ),
    _gr(
        35,
        "Stadtbezirksrat 131 Innenstadt",
        "SBR 131",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 131 Innenstadt",
    ),
    _gr(
        37,
        "Stadtbezirksrat 310 Westliches Ringgebiet",
        "SBR 310",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 310 Westliches Ringgebiet",
    ),
    _gr(
        39,
        "Stadtbezirksrat 211 Braunschweig-Süd",
        "SBR 211",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 211 Braunschweig-Süd",
    ),
    _gr(
        41,
        "Stadtbezirksrat 321 Lehndorf-Watenbüttel",
        "SBR 321",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 321 Lehndorf-Watenbüttel",
    ),
    _gr(
        43,
        "Stadtbezirksrat 332 Schunteraue",
        "SBR 332",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 332 Schunteraue",
    ),
    _gr(
        45,
        "Stadtbezirksrat 221 Weststadt",
        "SBR 221",
        "Stadtbezirksrat",
        "des Stadtbezirksrates 221 Weststadt",
    ),
)

# Fractions submit Anträge and Anfragen; (organization, dative for "die Anfrage der …").
FRACTIONS: tuple[tuple[Organization, str], ...] = (
    (_gr(2001, "SPD-Fraktion im Rat der Stadt", "SPD", "Fraktion", ""), "der SPD-Fraktion"),
    (_gr(2002, "CDU-Fraktion im Rat der Stadt", "CDU", "Fraktion", ""), "der CDU-Fraktion"),
    (
        _gr(2003, "Fraktion BÜNDNIS 90/DIE GRÜNEN im Rat der Stadt", "GRÜNE", "Fraktion", ""),
        "der Fraktion BÜNDNIS 90/DIE GRÜNEN",
    ),
    (
        _gr(2004, "Fraktion DIE LINKE. im Rat der Stadt", "LINKE", "Fraktion", ""),
        "der Fraktion DIE LINKE.",
    ),
    (_gr(2005, "FDP-Fraktion im Rat der Stadt", "FDP", "Fraktion", ""), "der FDP-Fraktion"),
    (
        _gr(2006, "Gruppe Die FRAKTION. BS im Rat der Stadt", "Die FRAKTION.", "Fraktion", ""),
        "der Gruppe Die FRAKTION. BS",
    ),
    (_gr(2007, "BIBS-Fraktion im Rat der Stadt", "BIBS", "Fraktion", ""), "der BIBS-Fraktion"),
)

WIRTSCHAFTSDEZERNAT = 8
SOZIALREFERAT = 9
DEZERNAT_V = 1005

DEPARTMENTS: tuple[Organization, ...] = (
    _at(1, "0100 Referat Steuerungsdienst", "Referat"),
    _at(5, "0120 Stadtentwicklung und Stadtmarketing", "Referat"),
    _at(WIRTSCHAFTSDEZERNAT, "0800 Stabsstelle Wirtschaftsdezernat", "Stabsstelle"),
    _at(SOZIALREFERAT, "0500 Sozialreferat", "Referat"),
    _at(610, "0610 Referat Stadtbild und Denkmalpflege", "Referat"),
    _at(1002, "DEZERNAT II - Finanz-, Personal- und Wirtschaftsdezernat", "Dezernat"),
    _at(1003, "DEZERNAT III - Bau- und Umweltschutzdezernat", "Dezernat"),
    _at(DEZERNAT_V, "DEZERNAT V - Sozial-, Schul-, Gesundheits- und Jugenddezernat", "Dezernat"),
    _at(20, "20 Fachbereich Finanzen"),
    _at(32, "32 Fachbereich Bürgerservice, Öffentliche Sicherheit"),
    _at(37, "37 Fachbereich Feuerwehr"),
    _at(40, "40 Fachbereich Schule"),
    _at(41, "41 Fachbereich Kultur und Wissenschaft"),
    _at(50, "50 Fachbereich Soziales und Gesundheit"),
    _at(51, "51 Fachbereich Kinder, Jugend und Familie"),
    _at(61, "61 Fachbereich Stadtplanung und Geoinformation"),
    _at(65, "65 Fachbereich Hochbau und Gebäudemanagement"),
    _at(66, "66 Fachbereich Tiefbau und Verkehr"),
    _at(67, "67 Fachbereich Stadtgrün und Sport"),
    _at(68, "68 Fachbereich Umwelt"),
)

ORGANIZATIONS: tuple[Organization, ...] = COMMITTEES + tuple(f for f, _ in FRACTIONS) + DEPARTMENTS

SEED_REFERENCE = "25-25641"
SEED_ANSWER_REFERENCE = "25-25641-01"
SEED_SUBJECT = 'Anfrage zum "Welcome Center" für Fachkräfte'
SEED_MEETING_DATE = dt.date(2025, 5, 7)
SEED_ASKED_ON = dt.date(2025, 4, 21)
SEED_ANSWERED_ON = dt.date(2025, 5, 5)

_SEED_BERATUNG = (
    Beratung(
        position=1,
        committee="Ausschuss für Vielfalt und Integration",
        role="zur Kenntnis",
        state="Erledigt",
        date=SEED_MEETING_DATE,
        meeting=None,  # the real page shows neither meeting name nor decision in this row
        decision=None,
        meeting_url=None,
        agenda_item_url=None,
        meeting_position=1,
    ),
)

_ANSWER_TEXT = (
    "Sachverhalt:",
    "Die o. g. Anfrage des Bürgermitglieds Andreas Paruszewski vom 21.04.2025 beantwortet die "
    "Verwaltung unter Beteiligung der Braunschweig Zukunft GmbH sowie des Welcome Centers wie "
    "folgt:",
    "Zu Frage 1:",
    "Die Stadt Braunschweig war zum Zeitpunkt der Projektkonzeption des Welcome Centers im Jahr "
    "2015 neben der IHK Braunschweig, der IHK Lüneburg-Wolfsburg, der Handwerkskammer, der BA "
    "Braunschweig-Goslar, der Öffentlichen Versicherung sowie der Stadt Wolfsburg Impulsgeber und "
    "Unterstützer des Welcome Centers der Region. So ist sie auch seit Projektbeginn 2016, unter "
    "der Trägerschaft der Allianz für die Region GmbH, stetiges Mitglied im Initiativkreis, der "
    "sich jährlich trifft, um über die Erfolge und Ergebnisse informiert sowie bei der "
    "inhaltlichen Ausgestaltung und Weiterführung des Welcome Centers einbezogen zu werden.",
    "Seitdem die Projektförderung des Welcome Center Ende 2018 auslief, unterstützt die Stadt "
    "Braunschweig das Welcome Center finanziell mit jährlich 20.000 EUR. Nähere Informationen zum "
    "Fachkräftebündnis sind unter der Internetadresse www.allianz-fuer-die-region.de abrufbar.",
    "Zu Frage 2:",
    "Der Fokus des Welcome Center der Region liegt auf Erwerbsmigration. Hauptzielgruppe sind "
    "internationale Fachkräfte (also Personen mit einer abgeschlossenen, qualifizierten Berufs- "
    "oder Hochschulausbildung), Studierende und Ausbildungsinteressierte, die in der Region "
    "arbeiten und leben möchten und sich bereits in Deutschland befinden oder noch im Ausland "
    "sind. Die Beratung findet unabhängig vom Aufenthaltstitel statt.",
    "Zu Frage 3:",
    "Seit der Projektförderphase des Welcome Centers ist das IQ-Netzwerk ein wichtiger "
    "Netzwerkpartner des Welcome Centers. Bei Fragen zu Anerkennungsthemen verweist das Welcome "
    "Center entsprechend an das IQ-Netzwerk. Darüber hinaus bezieht das Welcome Center das "
    "IQ-Anerkennungsberatung auch in weitere Projektaktivitäten ein. So wurde die IQ-Netzwerk "
    "Anerkennungsberatung im Rahmen der Workshopreihe „Integrationsmanagement in der Pflege“ des "
    "Projekts „Pflegenetzwerks neu gedacht“ für die Leitung des Moduls „Anerkennung in der "
    "Pflege“ angefragt, die diese auch zusagte.",
    "Mit der Workshopreihe sollte die Einführung eines Integrationsmanagements durch die "
    "Qualifizierung eines Integrationsbeauftragten für die Pflege ermöglicht werden. Die Reihe "
    "bestand aus sechs praxisorientierten Modulen zu unterschiedlichen Themenbereichen. Jedes "
    "Modul umfasste einen Workshoptag.",
)

_QUESTION_TEXT = (
    "Sachverhalt:",
    "Seit 2016 berät das Welcome Center der Region internationale Fachkräfte, die in der Region "
    "Braunschweig-Wolfsburg arbeiten und leben möchten. Angesichts des anhaltenden "
    "Fachkräftemangels in der Pflege, im Handwerk und in der Industrie kommt einer gezielten "
    "Ansprache und Begleitung zugewanderter Fachkräfte eine wachsende Bedeutung zu. Für viele "
    "Betroffene ist zudem die Anerkennung ihrer im Ausland erworbenen Berufsabschlüsse eine "
    "zentrale Hürde beim Einstieg in den Arbeitsmarkt.",
    "Für den Ausschuss für Vielfalt und Integration ist daher von Interesse, in welcher Form sich "
    "die Stadt Braunschweig am Welcome Center beteiligt und wie dessen Angebote mit den übrigen "
    "Beratungsstrukturen in der Region verzahnt sind.",
    "Vor diesem Hintergrund frage ich die Verwaltung:",
    "1. In welcher Form ist die Stadt Braunschweig an dem Welcome Center für Fachkräfte beteiligt "
    "und in welchem Umfang unterstützt sie es finanziell?",
    "2. An welche Zielgruppen richtet sich das Beratungsangebot des Welcome Centers?",
    "3. Inwieweit arbeitet das Welcome Center mit dem IQ-Netzwerk, insbesondere mit der "
    "IQ-Anerkennungsberatung, zusammen?",
    "Andreas Paruszewski",
)

ANFRAGE_QUESTIONS: tuple[str, ...] = _QUESTION_TEXT[4:7]


def seed_anfrage() -> SamplePaper:
    """The Anfrage 25-25641 (volfdnr and links are set by the generator)."""
    return SamplePaper(
        volfdnr=0,
        date=SEED_ASKED_ON,
        vorlage=Vorlage(
            reference=SEED_REFERENCE,
            subject=SEED_SUBJECT,
            paper_type="Anfrage (öffentlich)",
            status="öffentlich (Vorlage freigegeben)",
            lead_department="Bürgermitglied Andreas Paruszewski",
            participating_departments=(),
            responsible=None,
            parent_reference=None,
            related_references=(),
        ),
        beratungsfolge=_SEED_BERATUNG,
        fixed_sections=(Section("Sachverhalt", "\n".join(_QUESTION_TEXT)),),
        committee_ids=(AUSSCHUSS_VIELFALT,),
        lead_organization=None,
        shape="single",
    )


def seed_stellungnahme() -> SamplePaper:
    """The Stellungnahme 25-25641-01, every fact as on the real page."""
    return SamplePaper(
        volfdnr=0,
        date=SEED_ANSWERED_ON,
        vorlage=Vorlage(
            reference=SEED_ANSWER_REFERENCE,
            subject=SEED_SUBJECT,
            paper_type="Stellungnahme",
            status="öffentlich (Vorlage freigegeben)",
            lead_department="0800 Stabsstelle Wirtschaftsdezernat",
            participating_departments=(
                "DEZERNAT V - Sozial-, Schul-, Gesundheits- und Jugenddezernat",
                "0500 Sozialreferat",
            ),
            responsible="Leppa",
            parent_reference=SEED_REFERENCE,
            related_references=(),
        ),
        beratungsfolge=_SEED_BERATUNG,
        fixed_sections=(Section("Sachverhalt", "\n".join(_ANSWER_TEXT)),),
        committee_ids=(AUSSCHUSS_VIELFALT,),
        lead_organization=(AMT, WIRTSCHAFTSDEZERNAT),
        shape="single",
    )
