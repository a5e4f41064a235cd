# ruff: noqa: E501  (German text templates are kept as whole sentences)
"""Deterministic generator of a Braunschweig-like ALLRIS 4 council information system.

`generate(n, seed)` returns a `SampleRIS` with n generated papers plus the two hand-written seed
papers (25-25641 and 25-25641-01), oldest → newest. The same (n, seed, start, end) always yields
the same data. Papers keep their text as a small recipe (`SectionSpec`); `build_sections` writes
it out on demand, so 50,000 papers take a few seconds and little memory. Only papers younger
than RECENT_DAYS at `end` may have an open Beratungsfolge.

`evolve(ris, fraction)` returns the RIS one night later (new papers, progressed consultations,
optionally deleted papers) and an `EvolveReport`, for testing incremental runs.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import heapq
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from ratsinfo.model import Beratung, Section, Vorlage
from ratsinfo.sample.model import (
    Meeting,
    Organization,
    SamplePaper,
    SampleRIS,
    SectionSpec,
)
from ratsinfo.sample.seed import (
    AUSSCHUSS_VIELFALT,
    BODY_NAME,
    BODY_SHORT_NAME,
    COMMITTEES,
    DEPARTMENTS,
    FRACTIONS,
    ORGANIZATIONS,
    RAT,
    SEED_MEETING_DATE,
    SEED_REFERENCE,
    VERWALTUNGSAUSSCHUSS,
    seed_anfrage,
    seed_stellungnahme,
)

PAPER_TYPES = (
    "Beschlussvorlage",
    "Mitteilung",
    "Mitteilung außerhalb von Sitzungen",
    "Anfrage",
    "Stellungnahme",
    "Antrag",
    "Änderungsantrag",
    "Ergänzungsvorlage",
    "Dringlichkeitsvorlage",
)
SHAPES = ("none", "planned", "single", "adjourned", "sequence", "stopped")
ROLES = ("Anhörung", "Vorberatung", "Entscheidung", "Kenntnisnahme", "zur Kenntnis")
DECISIONS = (
    "zur Kenntnis genommen",
    "beschlossen",
    "ungeändert beschlossen",
    "abgelehnt",
    "geändert beschlossen",
    "vertagt",
)
DEFAULT_START = dt.date(2021, 1, 4)
DEFAULT_END = dt.date(2026, 12, 18)  # "today" of the sample: later meetings are not held yet
RECENT_DAYS = 120  # only papers younger than this (at `end`) may have an open Beratungsfolge

_STATUS_RELEASED = "öffentlich (Vorlage freigegeben)"


class Topic(NamedTuple):
    committee: int
    department: int
    thema: str  # subject of a Beschlussvorlage / Mitteilung
    antrag: str  # subject of a fraction's Antrag
    anfrage: str  # subject of an Anfrage
    facts: tuple[str, ...]
    beschluss: str
    questions: tuple[str, ...]
    answers: tuple[str, ...]


T = Topic
TOPICS: tuple[Topic, ...] = (
    T(
        1125,
        66,
        "Ausbau der öffentlichen Ladeinfrastruktur für Elektrofahrzeuge",
        "Mehr Ladepunkte im Stadtbezirk {bezirk}",
        "Anfrage zum Stand der Ladeinfrastruktur im Stadtbezirk {bezirk}",
        (
            "Im Stadtgebiet stehen derzeit 3.665 Ladepunkte zur Verfügung, davon rund 410 im "
            "öffentlichen Straßenraum.",
            "Der Masterplan Elektromobilität sieht bis {jahr} einen Ausbau um jährlich etwa 150 "
            "Ladepunkte vor.",
            "Die Standorte werden gemeinsam mit dem Netzbetreiber ausgewählt und nach Netzanschluss, "
            "Flächenverfügbarkeit und Nachfrage bewertet.",
            "Schnellladesäulen mit mehr als 50 kW Ladeleistung sind vorrangig an Hauptverkehrsstraßen "
            "wie der {strasse} vorgesehen.",
        ),
        "Dem Standortkonzept für den Ausbau der öffentlichen Ladeinfrastruktur wird zugestimmt.",
        (
            "Wie viele öffentlich zugängliche Ladepunkte gibt es derzeit im Stadtbezirk {bezirk}?",
            "Welche weiteren Standorte sind bis {jahr} geplant?",
            "Wie bewertet die Verwaltung die Auslastung der bestehenden Ladesäulen?",
            "Werden bei der Standortwahl auch Wohnquartiere ohne private Stellplätze berücksichtigt?",
        ),
        (
            "Im Stadtbezirk {bezirk} sind derzeit 46 öffentlich zugängliche Ladepunkte in Betrieb.",
            "Für {jahr} sind sechs weitere Standorte in Planung, darunter zwei an der {strasse}.",
            "Die durchschnittliche Auslastung liegt bei rund 18 Prozent und steigt seit zwei Jahren "
            "kontinuierlich an.",
            "Quartiere mit hohem Anteil an Mehrfamilienhäusern werden bei der Priorisierung "
            "besonders berücksichtigt.",
        ),
    ),
    T(
        1125,
        66,
        "Sanierung der Fahrbahn und der Nebenanlagen der {strasse}",
        "Sichere Radverkehrsführung in der {strasse}",
        "Anfrage zur Radverkehrsführung in der {strasse}",
        (
            "Die Fahrbahn der {strasse} weist auf einer Länge von rund 850 m erhebliche Schäden auf.",
            "Im Zuge der Sanierung sollen beidseitig geschützte Radfahrstreifen mit einer Breite von "
            "2,25 m angelegt werden.",
            "Die Bauarbeiten sollen in drei Bauabschnitten unter Aufrechterhaltung des Verkehrs "
            "erfolgen.",
            "Die Haltestellen des ÖPNV werden barrierefrei ausgebaut.",
        ),
        "Der Sanierung der {strasse} in der in der Vorlage dargestellten Form wird zugestimmt.",
        (
            "Wann ist mit dem Beginn der Bauarbeiten in der {strasse} zu rechnen?",
            "Wie wird der Radverkehr während der Bauzeit geführt?",
            "Welche Kosten entstehen für die Maßnahme insgesamt?",
        ),
        (
            "Der Baubeginn ist nach derzeitiger Planung für das Frühjahr {jahr} vorgesehen.",
            "Während der Bauzeit wird der Radverkehr über ausgeschilderte Umleitungen durch die "
            "angrenzenden Nebenstraßen geführt.",
            "Die Gesamtkosten werden nach aktueller Kostenschätzung mit {betrag} beziffert.",
        ),
    ),
    T(
        1131,
        40,
        "Erweiterung der Grundschule {bezirk} um einen Ganztagsbereich",
        "Ausreichend Ganztagsplätze an Grundschulen sicherstellen",
        "Anfrage zum Ausbau der Ganztagsbetreuung an Grundschulen",
        (
            "Ab dem Schuljahr 2026/2027 besteht ein stufenweise eingeführter Rechtsanspruch auf "
            "Ganztagsbetreuung im Grundschulalter.",
            "An der Grundschule {bezirk} fehlen derzeit rund 120 Ganztagsplätze.",
            "Geplant ist ein zweigeschossiger Anbau mit Mensa, Gruppenräumen und einem "
            "Bewegungsraum.",
            "Die Schulleitung und der Schulelternrat wurden frühzeitig in die Planung einbezogen.",
        ),
        "Der Erweiterung der Grundschule {bezirk} um einen Ganztagsbereich wird zugestimmt.",
        (
            "Wie viele Grundschulen bieten derzeit eine Ganztagsbetreuung an?",
            "Wie hoch ist der zusätzliche Bedarf an Ganztagsplätzen bis {jahr}?",
            "Welche Fördermittel des Landes und des Bundes werden in Anspruch genommen?",
        ),
        (
            "Derzeit arbeiten 38 von 45 Grundschulen im Ganztagsbetrieb.",
            "Die Verwaltung geht bis {jahr} von einem zusätzlichen Bedarf von rund 1.400 Plätzen "
            "aus.",
            "Für den Ausbau werden Mittel aus dem Investitionsprogramm Ganztagsausbau in Höhe von "
            "{betrag} beantragt.",
        ),
    ),
    T(
        1129,
        51,
        "Bedarfsplanung Kindertagesstätten {jahr}",
        "Mehr Krippenplätze im Stadtbezirk {bezirk}",
        "Anfrage zur Versorgung mit Krippenplätzen",
        (
            "Die Versorgungsquote im Krippenbereich liegt stadtweit bei 52 Prozent.",
            "Im Stadtbezirk {bezirk} ist die Nachfrage nach Betreuungsplätzen für unter Dreijährige "
            "besonders hoch.",
            "Bis Ende {jahr} sollen insgesamt 240 zusätzliche Plätze in Krippen und Kindergärten "
            "geschaffen werden.",
            "Die Gewinnung von Fachkräften bleibt die größte Herausforderung beim Ausbau.",
        ),
        "Die Bedarfsplanung für Kindertagesstätten wird in der vorgelegten Fassung beschlossen.",
        (
            "Wie viele Kinder stehen derzeit auf der Warteliste für einen Krippenplatz?",
            "Welche Neubauprojekte sind im Stadtbezirk {bezirk} geplant?",
            "Wie will die Verwaltung dem Fachkräftemangel in den Kitas begegnen?",
        ),
        (
            "Zum Stichtag standen 312 Kinder auf der Warteliste für einen Krippenplatz.",
            "Im Stadtbezirk {bezirk} sind zwei Neubauten mit zusammen 90 Plätzen geplant.",
            "Die Verwaltung setzt auf die praxisintegrierte Ausbildung und eine Ausbildungsvergütung "
            "für Erzieherinnen und Erzieher.",
        ),
    ),
    T(
        1123,
        61,
        "Bebauungsplan „{gebiet}“, {bezirk} - Aufstellungsbeschluss",
        "Bezahlbaren Wohnraum im Baugebiet „{gebiet}“ sichern",
        "Anfrage zum Baugebiet „{gebiet}“",
        (
            "Das rund 12 ha große Plangebiet liegt im Stadtbezirk {bezirk} zwischen der {strasse} "
            "und dem Siedlungsrand.",
            "Vorgesehen sind etwa 450 Wohneinheiten, davon mindestens 30 Prozent im geförderten "
            "Wohnungsbau.",
            "Die frühzeitige Beteiligung der Öffentlichkeit gemäß § 3 Absatz 1 BauGB soll im "
            "Anschluss an den Aufstellungsbeschluss erfolgen.",
            "Ein Verkehrsgutachten sowie eine artenschutzrechtliche Prüfung werden beauftragt.",
        ),
        "Für das in Anlage 1 bezeichnete Gebiet wird die Aufstellung des Bebauungsplanes "
        "„{gebiet}“ beschlossen.",
        (
            "Wie viele Wohneinheiten sollen im Baugebiet „{gebiet}“ entstehen?",
            "Welcher Anteil davon ist für geförderten Wohnungsbau vorgesehen?",
            "Wie soll das Baugebiet an den öffentlichen Nahverkehr angebunden werden?",
        ),
        (
            "Nach dem städtebaulichen Entwurf sind rund 450 Wohneinheiten vorgesehen.",
            "Mindestens 30 Prozent der Geschossfläche sind für geförderten Wohnungsbau "
            "vorzuhalten.",
            "Die Anbindung erfolgt über die bestehende Buslinie, deren Takt verdichtet werden soll.",
        ),
    ),
    T(
        1123,
        68,
        "Klimaschutzkonzept 2.0 - Umsetzungsbericht {jahr}",
        "Klimaschutz konsequent umsetzen - Photovoltaik auf städtischen Dächern",
        "Anfrage zur Photovoltaik auf städtischen Gebäuden",
        (
            "Die Stadt hat sich das Ziel gesetzt, bis 2030 klimaneutral zu werden.",
            "Auf städtischen Dächern sind derzeit 74 Photovoltaikanlagen mit zusammen 4,8 MWp "
            "installiert.",
            "Der Umsetzungsbericht stellt den Stand der 52 Maßnahmen des Klimaschutzkonzeptes dar.",
            "Die CO2-Emissionen sind gegenüber dem Basisjahr 1990 um 38 Prozent gesunken.",
        ),
        "Der Umsetzungsbericht zum Klimaschutzkonzept wird zur Kenntnis genommen; die "
        "Verwaltung wird beauftragt, die Maßnahmen fortzuschreiben.",
        (
            "Wie viele städtische Gebäude sind bereits mit Photovoltaikanlagen ausgestattet?",
            "Welche weiteren Dachflächen sind für eine Nutzung geeignet?",
            "Wie hoch ist der jährliche Stromertrag der vorhandenen Anlagen?",
        ),
        (
            "Derzeit sind 74 städtische Gebäude mit Photovoltaikanlagen ausgestattet.",
            "Eine Potenzialanalyse hat 120 weitere geeignete Dachflächen ergeben.",
            "Die Anlagen erzeugen zusammen jährlich rund 4.300 MWh Strom.",
        ),
    ),
    T(
        1127,
        50,
        "Fortschreibung des Sozialberichts {jahr}",
        "Wohnungslosigkeit wirksam begegnen",
        "Anfrage zur Situation wohnungsloser Menschen",
        (
            "Der Sozialbericht beschreibt die Lebenslagen der Bevölkerung anhand von 40 "
            "Indikatoren.",
            "Die Zahl der Haushalte, die Leistungen nach dem SGB II beziehen, ist leicht "
            "zurückgegangen.",
            "Im Stadtbezirk {bezirk} ist der Anteil von Kindern in Bedarfsgemeinschaften "
            "überdurchschnittlich hoch.",
            "Die Ergebnisse fließen in die Planung der Quartiersarbeit ein.",
        ),
        "Der Sozialbericht {jahr} wird zur Kenntnis genommen.",
        (
            "Wie viele Menschen sind derzeit in städtischen Notunterkünften untergebracht?",
            "Welche Angebote der aufsuchenden Sozialarbeit bestehen?",
            "Plant die Verwaltung ein Housing-First-Projekt?",
        ),
        (
            "Zum Stichtag waren 286 Personen in städtischen Notunterkünften untergebracht.",
            "Die aufsuchende Sozialarbeit wird von zwei freien Trägern mit zusammen 4,5 Stellen "
            "geleistet.",
            "Ein Housing-First-Modellprojekt mit zehn Wohnungen wird derzeit vorbereitet.",
        ),
    ),
    T(
        1133,
        41,
        "Förderung der freien Kulturszene „Kunst & Kultur im Quartier“",
        "Kulturförderung verstetigen - „Kunst & Kultur im Quartier“",
        "Anfrage zur Förderung freier Kulturträger",
        (
            "Mit dem Programm „Kunst & Kultur im Quartier“ werden seit 2022 Projekte freier "
            "Kulturträger gefördert.",
            "Im vergangenen Jahr wurden 64 Projekte mit insgesamt 11.800 Besucherinnen und Besuchern "
            "unterstützt.",
            "Die Jury setzt sich aus Vertreterinnen und Vertretern der Kulturszene und der "
            "Verwaltung zusammen.",
            "Schwerpunkte liegen im Stadtbezirk {bezirk} und im Westlichen Ringgebiet.",
        ),
        "Das Förderprogramm „Kunst & Kultur im Quartier“ wird bis {jahr} fortgeführt.",
        (
            "Wie viele Anträge wurden im laufenden Jahr gestellt und wie viele bewilligt?",
            "Nach welchen Kriterien entscheidet die Jury?",
            "Ist eine Erhöhung des Förderbudgets vorgesehen?",
        ),
        (
            "Im laufenden Jahr wurden 97 Anträge gestellt, von denen 64 bewilligt wurden.",
            "Maßgeblich sind die künstlerische Qualität, die Teilhabe und der Bezug zum Quartier.",
            "Eine Erhöhung des Budgets ist im Entwurf des Haushalts {jahr} nicht vorgesehen.",
        ),
    ),
    T(
        1135,
        67,
        "Sanierung der Sporthalle {bezirk}",
        "Kunstrasenplatz für den Sportverein im Stadtbezirk {bezirk}",
        "Anfrage zum Zustand städtischer Sporthallen",
        (
            "Die Sporthalle {bezirk} wurde 1974 errichtet und entspricht nicht mehr den heutigen "
            "energetischen Anforderungen.",
            "Dach, Fassade und Sanitäranlagen müssen grundlegend erneuert werden.",
            "Die Halle wird von drei Schulen und elf Vereinen genutzt.",
            "Während der Bauzeit werden Ausweichzeiten in benachbarten Hallen angeboten.",
        ),
        "Der Sanierung der Sporthalle {bezirk} wird zugestimmt.",
        (
            "Wie viele städtische Sporthallen weisen einen Sanierungsstau auf?",
            "Welche Hallen sollen bis {jahr} saniert werden?",
            "Wie werden die Vereine während der Sanierung unterstützt?",
        ),
        (
            "Von 112 städtischen Sporthallen weisen 27 einen erheblichen Sanierungsbedarf auf.",
            "Bis {jahr} sollen die Sporthallen {bezirk}, Heidberg und Lehndorf saniert werden.",
            "Den Vereinen werden Ausweichzeiten in benachbarten Hallen angeboten.",
        ),
    ),
    T(
        1137,
        8,
        "Wirtschaftsförderung: Neuausrichtung des Gründungszentrums",
        "Gründungsförderung stärken",
        "Anfrage zur Entwicklung der Gewerbeflächen",
        (
            "Das Gründungszentrum bietet derzeit 38 Büro- und Werkstatteinheiten an.",
            "Die Auslastung lag im vergangenen Jahr bei 94 Prozent.",
            "Künftig sollen technologieorientierte Gründungen aus den Hochschulen stärker begleitet "
            "werden.",
            "Die Braunschweig Zukunft GmbH übernimmt die Koordination der Beratungsangebote.",
        ),
        "Der Neuausrichtung des Gründungszentrums gemäß Anlage wird zugestimmt.",
        (
            "Wie viele Hektar Gewerbefläche stehen derzeit zur Vermarktung zur Verfügung?",
            "Welche Flächen sollen bis {jahr} neu erschlossen werden?",
            "Wie viele Arbeitsplätze sind durch Ansiedlungen der letzten drei Jahre entstanden?",
        ),
        (
            "Derzeit stehen rund 14 ha städtische Gewerbefläche zur Vermarktung bereit.",
            "Bis {jahr} soll das Gewerbegebiet an der {strasse} mit weiteren 22 ha erschlossen "
            "werden.",
            "Durch Ansiedlungen sind in den letzten drei Jahren rund 1.250 Arbeitsplätze "
            "entstanden.",
        ),
    ),
    T(
        1143,
        67,
        "Neugestaltung des Spielplatzes {strasse}",
        "Mehr Bäume für den Stadtbezirk {bezirk} - Aktion “Grüne Straße”",
        "Anfrage zu Baumfällungen im Stadtbezirk {bezirk}",
        (
            "Der Spielplatz an der {strasse} ist stark sanierungsbedürftig.",
            "Bei einer Beteiligungsaktion haben 140 Kinder ihre Wünsche eingebracht.",
            "Vorgesehen sind eine Wasserspielanlage, ein Kletterbereich und schattenspendende "
            "Bäume.",
            "Die Fertigstellung ist für den Sommer {jahr} geplant.",
        ),
        "Der Neugestaltung des Spielplatzes {strasse} nach dem vorgestellten Entwurf wird "
        "zugestimmt.",
        (
            "Wie viele Straßenbäume wurden im Stadtbezirk {bezirk} im vergangenen Jahr gefällt?",
            "Aus welchen Gründen waren die Fällungen erforderlich?",
            "Wie viele Ersatzpflanzungen sind vorgesehen?",
        ),
        (
            "Im vergangenen Jahr wurden im Stadtbezirk {bezirk} 58 Straßenbäume gefällt.",
            "Die Fällungen waren überwiegend aus Gründen der Verkehrssicherheit erforderlich.",
            "Es sind 73 Ersatzpflanzungen vorgesehen, überwiegend klimaresiliente Baumarten.",
        ),
    ),
    T(
        1145,
        37,
        "Fortschreibung des Feuerwehrbedarfsplans",
        "Ausstattung der Ortsfeuerwehren verbessern",
        "Anfrage zu den Hilfsfristen der Feuerwehr",
        (
            "Der Feuerwehrbedarfsplan legt das Schutzziel und die Ausstattung der Feuerwehr fest.",
            "Die Hilfsfrist von acht Minuten wird in 86 Prozent der Einsätze eingehalten.",
            "Für die Ortsfeuerwehr {bezirk} ist ein Neubau des Feuerwehrhauses vorgesehen.",
            "Die Zahl der aktiven Mitglieder der Ortsfeuerwehren ist stabil.",
        ),
        "Der Feuerwehrbedarfsplan wird in der vorgelegten Fassung beschlossen.",
        (
            "In wie vielen Fällen wurde die Hilfsfrist im vergangenen Jahr überschritten?",
            "Welche Ortsteile sind besonders betroffen?",
            "Welche Maßnahmen plant die Verwaltung zur Verbesserung?",
        ),
        (
            "Die Hilfsfrist wurde in 14 Prozent der Einsätze überschritten.",
            "Betroffen sind vor allem die Randlagen im Stadtbezirk {bezirk}.",
            "Geplant sind ein zusätzlicher Standort und die Verstärkung der Tagesalarmsicherheit.",
        ),
    ),
    T(
        1121,
        20,
        "Haushaltssatzung und Haushaltsplan {jahr}",
        "Transparenz bei Haushaltsresten",
        "Anfrage zur Entwicklung der Haushaltsreste",
        (
            "Der Entwurf des Haushaltsplans {jahr} weist im Ergebnishaushalt ein Defizit aus.",
            "Die Gewerbesteuererträge entwickeln sich schwächer als erwartet.",
            "Das Investitionsprogramm umfasst Schwerpunkte bei Schulen, Kitas und Verkehr.",
            "Die Kreditermächtigung wird gegenüber dem Vorjahr erhöht.",
        ),
        "Die Haushaltssatzung und der Haushaltsplan {jahr} werden in der vorgelegten Fassung "
        "beschlossen.",
        (
            "Wie hoch sind die zum Jahresende übertragenen Haushaltsreste?",
            "Auf welche Teilhaushalte entfallen die größten Reste?",
            "Welche Maßnahmen ergreift die Verwaltung, um den Mittelabfluss zu beschleunigen?",
        ),
        (
            "Die übertragenen Haushaltsreste belaufen sich auf {betrag}.",
            "Die größten Reste entfallen auf die Teilhaushalte Hochbau und Tiefbau.",
            "Die Verwaltung hat ein Controlling der Investitionsmaßnahmen eingeführt.",
        ),
    ),
    T(
        1141,
        65,
        "Neubau der Feuer- und Rettungswache Süd",
        "Barrierefreiheit in städtischen Verwaltungsgebäuden",
        "Anfrage zum Baufortschritt städtischer Hochbauprojekte",
        (
            "Der Neubau soll auf dem Grundstück an der {strasse} errichtet werden.",
            "Das Raumprogramm umfasst zehn Fahrzeugstellplätze, Ruheräume und einen "
            "Schulungsbereich.",
            "Das Gebäude wird im Passivhausstandard geplant.",
            "Die Vergabe der Planungsleistungen erfolgte nach einem VgV-Verfahren.",
        ),
        "Dem Neubau der Feuer- und Rettungswache Süd auf Grundlage der Entwurfsplanung wird "
        "zugestimmt.",
        (
            "Welche Hochbauprojekte befinden sich derzeit im Bau?",
            "Bei welchen Projekten kommt es zu Verzögerungen?",
            "Welche Mehrkosten sind durch Baupreissteigerungen entstanden?",
        ),
        (
            "Derzeit befinden sich 17 Hochbauprojekte in der Bauausführung.",
            "Verzögerungen gibt es insbesondere beim Schulneubau im Stadtbezirk {bezirk}.",
            "Die Mehrkosten durch Baupreissteigerungen belaufen sich auf {betrag}.",
        ),
    ),
    T(
        1127,
        50,
        "Gesundheitsversorgung im Quartier - Einrichtung eines Gesundheitskiosks",
        "Hitzeschutzplan für Braunschweig",
        "Anfrage zum Hitzeschutz in Pflegeeinrichtungen",
        (
            "Der Gesundheitskiosk soll im Stadtbezirk {bezirk} niedrigschwellige Beratung anbieten.",
            "Das Angebot richtet sich insbesondere an Menschen ohne Hausarzt.",
            "Die Krankenkassen beteiligen sich an der Finanzierung.",
            "Eine Evaluation ist nach zwei Jahren vorgesehen.",
        ),
        "Der Einrichtung eines Gesundheitskiosks im Stadtbezirk {bezirk} wird zugestimmt.",
        (
            "Verfügen alle Pflegeeinrichtungen über einen Hitzeschutzplan?",
            "Wie werden ältere Menschen bei Hitzewellen gewarnt?",
            "Welche kühlen Orte stehen im Stadtgebiet zur Verfügung?",
        ),
        (
            "Nach Kenntnis der Heimaufsicht verfügen 41 von 48 Einrichtungen über einen "
            "Hitzeschutzplan.",
            "Die Warnungen des Deutschen Wetterdienstes werden über die Pflegedienste "
            "weitergegeben.",
            "Im Stadtgebiet wurden 23 kühle Orte ausgewiesen, darunter Kirchen und Bibliotheken.",
        ),
    ),
    T(
        AUSSCHUSS_VIELFALT,
        9,
        "Integrationskonzept - Fortschreibung {jahr}",
        "Interkulturelle Öffnung der Verwaltung",
        "Anfrage zu Sprachkursangeboten für Geflüchtete",
        (
            "Das Integrationskonzept wurde unter Beteiligung von 60 Migrantenorganisationen "
            "fortgeschrieben.",
            "Handlungsfelder sind Sprache, Bildung, Arbeit, Wohnen und gesellschaftliche Teilhabe.",
            "Der Anteil der Beschäftigten mit Migrationsgeschichte in der Verwaltung soll steigen.",
            "Ein jährliches Monitoring macht die Fortschritte sichtbar.",
        ),
        "Das fortgeschriebene Integrationskonzept wird beschlossen.",
        (
            "Wie viele Plätze in Integrationskursen stehen derzeit zur Verfügung?",
            "Wie lang sind die Wartezeiten auf einen Kursplatz?",
            "Gibt es Kurse mit Kinderbetreuung?",
        ),
        (
            "Derzeit stehen rund 1.100 Plätze in Integrationskursen zur Verfügung.",
            "Die Wartezeit beträgt im Durchschnitt drei Monate; der Anteil mit einer Wartezeit "
            "< 6 Monate ist gestiegen.",
            "Zwei Träger bieten Kurse mit paralleler Kinderbetreuung an.",
        ),
    ),
    T(
        1125,
        66,
        "Verkehrsversuch „Tempo 30“ in der {strasse}",
        "Tempo 30 vor Schulen & Kitas - Schulwege < 1 km sicher gestalten",
        "Anfrage zur Verkehrssicherheit vor Schulen",
        (
            "Die Lärmbelastung an der {strasse} überschreitet nachts 55 dB(A).",
            "Nach § 45 Absatz 9 StVO ist eine Geschwindigkeitsbeschränkung vor Schulen zulässig.",
            "Der Verkehrsversuch soll für die Dauer eines Jahres durchgeführt werden.",
            "Die Wirkungen werden durch Messungen vor und nach der Anordnung untersucht.",
        ),
        "Die Verwaltung wird beauftragt, den Verkehrsversuch „Tempo 30“ in der {strasse} "
        "durchzuführen.",
        (
            "Vor wie vielen Schulen gilt bereits Tempo 30?",
            "Wie viele Unfälle mit Kindern gab es im vergangenen Jahr auf Schulwegen?",
            "Welche weiteren Abschnitte prüft die Verwaltung?",
        ),
        (
            "Vor 61 von 78 Schulen gilt bereits eine Geschwindigkeitsbeschränkung auf 30 km/h.",
            "Im vergangenen Jahr wurden 23 Unfälle mit Kindern auf Schulwegen registriert.",
            "Geprüft werden derzeit Abschnitte an der {strasse} und im Stadtbezirk {bezirk}.",
        ),
    ),
    T(
        1123,
        610,
        "Denkmalpflege: Sanierung der Stadtmauerreste am {strasse}",
        "Erhalt historischer Fassaden",
        "Anfrage zum Denkmalschutz in der Innenstadt",
        (
            "Die Reste der mittelalterlichen Stadtbefestigung stehen unter Denkmalschutz.",
            "Ein Gutachten hat Schäden am Mauerwerk auf rund 70 m Länge festgestellt.",
            "Die Sanierung erfolgt in enger Abstimmung mit dem Landesamt für Denkmalpflege.",
            "Das Land fördert die Maßnahme aus Mitteln der Denkmalpflege.",
        ),
        "Der Sanierung der Stadtmauerreste wird zugestimmt.",
        (
            "Wie viele Baudenkmale gibt es in der Innenstadt?",
            "Wie viele Anträge auf Abriss denkmalgeschützter Gebäude wurden gestellt?",
            "Welche Fördermöglichkeiten bestehen für Eigentümer?",
        ),
        (
            "In der Innenstadt sind 312 Baudenkmale verzeichnet.",
            "In den letzten fünf Jahren wurden vier Anträge auf Abriss gestellt, von denen keiner "
            "genehmigt wurde.",
            "Eigentümer können steuerliche Vergünstigungen und Zuschüsse des Landes in Anspruch "
            "nehmen.",
        ),
    ),
    T(
        1137,
        5,
        "Innenstadtentwicklung - Sofortprogramm „Lebendige Innenstadt“",
        "Leerstände in der Innenstadt aktiv angehen",
        "Anfrage zum Leerstand in der Fußgängerzone",
        (
            "Die Leerstandsquote in den 1a-Lagen der Innenstadt liegt bei neun Prozent.",
            "Mit dem Sofortprogramm werden Zwischennutzungen leerstehender Ladenlokale gefördert.",
            "Ein Citymanagement koordiniert Händler, Eigentümer und Verwaltung.",
            "Veranstaltungen auf dem Kohlmarkt und am Bohlweg sollen die Frequenz erhöhen.",
        ),
        "Das Sofortprogramm „Lebendige Innenstadt“ wird beschlossen.",
        (
            "Wie viele Ladenlokale stehen in der Fußgängerzone derzeit leer?",
            "Wie viele Zwischennutzungen wurden bisher gefördert?",
            "Wie entwickeln sich die Passantenfrequenzen?",
        ),
        (
            "Zum Stichtag standen 34 Ladenlokale in der Fußgängerzone leer.",
            "Bisher wurden 19 Zwischennutzungen gefördert, von denen sieben in dauerhafte "
            "Mietverhältnisse übergegangen sind.",
            "Die Passantenfrequenzen liegen wieder bei rund 92 Prozent des Niveaus von 2019.",
        ),
    ),
    T(
        1121,
        1,
        "Digitalisierungsstrategie der Stadtverwaltung",
        "Digitale Bürgerdienste ausbauen",
        "Anfrage zur Umsetzung des Onlinezugangsgesetzes",
        (
            "Die Strategie beschreibt Ziele für digitale Verwaltungsleistungen bis {jahr}.",
            "Derzeit können 186 Verwaltungsleistungen online beantragt werden.",
            "Die elektronische Akte wird schrittweise in allen Fachbereichen eingeführt.",
            "Die IT-Sicherheit wird durch ein Informationssicherheitsmanagement gewährleistet.",
        ),
        "Der Digitalisierungsstrategie wird zugestimmt.",
        (
            "Wie viele Leistungen können bereits vollständig digital beantragt werden?",
            "Wie hoch ist die Nutzung der Onlinedienste?",
            "Welche Leistungen sollen als nächstes digitalisiert werden?",
        ),
        (
            "Vollständig digital können derzeit 186 Leistungen beantragt werden.",
            "Im vergangenen Jahr wurden rund 96.000 Anträge online gestellt.",
            "Als nächstes folgen die Leistungen der Ausländerbehörde und des Standesamtes.",
        ),
    ),
    T(
        1127,
        32,
        "Konzept „Sauberes Braunschweig“ - Maßnahmen gegen illegale Müllablagerungen",
        "Mehr Mülleimer in Grünanlagen",
        "Anfrage zu illegalen Müllablagerungen im Stadtbezirk {bezirk}",
        (
            "Im vergangenen Jahr wurden rund 2.900 illegale Müllablagerungen gemeldet.",
            "Die Beseitigung erfolgt durch die Stadtreinigung innerhalb von 48 Stunden.",
            "Der Ordnungsdienst verstärkt die Kontrollen an bekannten Schwerpunkten.",
            "Über die Mängelmelder-App können Ablagerungen direkt gemeldet werden.",
        ),
        "Dem Konzept „Sauberes Braunschweig“ wird zugestimmt.",
        (
            "Wie viele illegale Müllablagerungen wurden im Stadtbezirk {bezirk} gemeldet?",
            "In wie vielen Fällen konnten Verursacher ermittelt werden?",
            "Wie hoch sind die Kosten der Beseitigung?",
        ),
        (
            "Im Stadtbezirk {bezirk} wurden im vergangenen Jahr 214 Ablagerungen gemeldet.",
            "In 31 Fällen konnten die Verursacher ermittelt und Bußgelder verhängt werden.",
            "Die Kosten der Beseitigung betrugen {betrag}.",
        ),
    ),
    T(
        1125,
        66,
        "Nahverkehrsplan - Stadtbahnausbau Richtung {bezirk}",
        "Nachtbusangebot ausweiten",
        "Anfrage zum Stadtbahnausbau",
        (
            "Das Stadtbahnausbaukonzept sieht eine neue Strecke in Richtung {bezirk} vor.",
            "Die Nutzen-Kosten-Untersuchung ergibt einen Faktor von 1,4.",
            "Das Planfeststellungsverfahren soll {jahr} eingeleitet werden.",
            "Bund und Land fördern die Maßnahme nach dem GVFG mit bis zu 90 Prozent.",
        ),
        "Der Vorzugsvariante für den Stadtbahnausbau Richtung {bezirk} wird zugestimmt.",
        (
            "Wann soll die neue Stadtbahnstrecke in Betrieb gehen?",
            "Wie hoch ist der städtische Eigenanteil an den Kosten?",
            "Welche Buslinien werden nach der Inbetriebnahme angepasst?",
        ),
        (
            "Die Inbetriebnahme ist nach derzeitiger Planung für 2031 vorgesehen.",
            "Der städtische Eigenanteil wird auf {betrag} geschätzt.",
            "Die Buslinien im Stadtbezirk {bezirk} werden als Zubringer neu geordnet.",
        ),
    ),
    T(
        1143,
        68,
        "Hochwasserschutz an der Oker - Deicherhöhung im Bereich {bezirk}",
        "Regenwasser besser nutzen - Schwammstadt fördern",
        "Anfrage zum Hochwasserschutz an der Oker",
        (
            "Das Hochwasser im Winter 2023/2024 hat Schwachstellen im Deichsystem gezeigt.",
            "Der Deich soll auf einer Länge von 1,2 km um bis zu 60 cm erhöht werden.",
            "Die Planung erfolgt gemeinsam mit dem Wasserverband.",
            "Für die Maßnahme ist ein wasserrechtliches Planfeststellungsverfahren erforderlich.",
        ),
        "Der Deicherhöhung an der Oker im Bereich {bezirk} wird zugestimmt.",
        (
            "Welche Bereiche sind bei einem hundertjährlichen Hochwasser gefährdet?",
            "Welche Maßnahmen wurden seit dem letzten Hochwasser umgesetzt?",
            "Wie werden Anwohnerinnen und Anwohner gewarnt?",
        ),
        (
            "Gefährdet sind vor allem Teile der Stadtbezirke {bezirk} und Schunteraue.",
            "Seit dem letzten Hochwasser wurden mobile Schutzelemente beschafft und Deiche "
            "verstärkt.",
            "Warnungen erfolgen über die Warn-App NINA und Sirenen.",
        ),
    ),
    T(
        1131,
        40,
        "Schulentwicklungsplanung - Errichtung einer weiteren Gesamtschule",
        "Schulsozialarbeit an allen Schulen",
        "Anfrage zur Digitalausstattung der Schulen",
        (
            "Die Anmeldezahlen an den Gesamtschulen übersteigen seit Jahren die Aufnahmekapazität.",
            "Im letzten Anmeldeverfahren mussten 214 Kinder abgelehnt werden.",
            "Als Standort wird das Schulzentrum an der {strasse} vorgeschlagen.",
            "Der Schulbetrieb soll zum Schuljahr {jahr}/{jahr2} mit vier Zügen beginnen.",
        ),
        "Die Errichtung einer weiteren Integrierten Gesamtschule wird beschlossen.",
        (
            "Wie viele Schulen verfügen über WLAN in allen Unterrichtsräumen?",
            "Wie viele Endgeräte wurden aus dem Digitalpakt beschafft?",
            "Wie ist der IT-Support an den Schulen organisiert?",
        ),
        (
            "Alle weiterführenden Schulen und 39 Grundschulen verfügen über flächendeckendes WLAN.",
            "Aus dem Digitalpakt wurden rund 9.800 Endgeräte beschafft.",
            "Der IT-Support erfolgt durch ein zentrales Team mit 14 Stellen.",
        ),
    ),
    T(
        1129,
        51,
        "Jugendzentrum {bezirk} - Neubau und Trägerschaft",
        "Mehr Angebote für Jugendliche im Stadtbezirk {bezirk}",
        "Anfrage zur offenen Jugendarbeit",
        (
            "Das bisherige Jugendzentrum {bezirk} ist baulich nicht mehr zu erhalten.",
            "Der Neubau soll auf dem Gelände an der {strasse} entstehen.",
            "Die Trägerschaft soll einem freien Träger der Jugendhilfe übertragen werden.",
            "Jugendliche wurden in Workshops an der Planung beteiligt.",
        ),
        "Dem Neubau des Jugendzentrums {bezirk} und der Übertragung der Trägerschaft wird "
        "zugestimmt.",
        (
            "Wie viele Jugendzentren gibt es im Stadtgebiet?",
            "Wie haben sich die Besucherzahlen entwickelt?",
            "Welche Öffnungszeiten gelten am Wochenende?",
        ),
        (
            "Im Stadtgebiet gibt es 21 Jugendzentren und -treffs.",
            "Die Besucherzahlen sind nach einem Rückgang wieder auf das Niveau von 2019 gestiegen.",
            "Zwölf Einrichtungen sind auch samstags geöffnet.",
        ),
    ),
)

BEZIRKE = (
    "Wabe-Schunter-Beberbach",
    "Östliches Ringgebiet",
    "Innenstadt",
    "Westliches Ringgebiet",
    "Braunschweig-Süd",
    "Lehndorf-Watenbüttel",
    "Schunteraue",
    "Weststadt",
    "Heidberg-Melverode",
    "Südstadt-Rautheim-Mascherode",
    "Hondelage",
    "Volkmarode",
    "Wenden-Thune-Harxbüttel",
    "Veltenhof-Rühme",
    "Timmerlah-Geitelde-Stiddien",
    "Nordstadt",
)
STRASSEN = (
    "Hamburger Straße",
    "Wolfenbütteler Straße",
    "Jasperallee",
    "Hagenring",
    "Celler Straße",
    "Helmstedter Straße",
    "Salzdahlumer Straße",
    "Bohlweg",
    "Güldenstraße",
    "Kastanienallee",
    "Frankfurter Straße",
    "Sackring",
    "Gifhorner Straße",
    "Berliner Straße",
    "Am Schwarzen Berge",
    "Madamenweg",
    "Hildesheimer Straße",
    "Mittelweg",
)
GEBIETE = (
    "Holzmoor-Nord",
    "Feldstraße",
    "Stöckheim-Süd",
    "Heinrich-der-Löwe-Kaserne",
    "Nördliches Ringgebiet",
    "Alsterplatz",
    "Wenden-West",
    "Am Salgenholz",
    "Roselies-Kaserne",
)
RESPONSIBLE = (
    "Leppa",
    "Dr. Pollmann",
    "Herlitschke",
    "Dr. Rentzsch",
    "Geiger",
    "Dr. Kornblum",
    "Hillger",
    "Dr. Hesse",
    "Aschenbrenner",
)

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
_ANSWER_EXTRA = (
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


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values) if "{" in template else template


class _Values(dict[str, str]):
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

    def __init__(self, rng: random.Random, topic: Topic, values: _Values, money: bool) -> None:
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
            return _fill(self.rng.choice(_PROCEDURE), self.values)
        deck = self.rng.choices([d for _, d in live], weights=[w for w, _ in live])[0]
        return _fill(deck.pop(), self.values)

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


def subject_values(values_seed: int, place: str, year: int) -> _Values:
    return _Values(values_seed, place, year, random.Random(values_seed ^ 0xA5A5))


def build_sections(spec: SectionSpec) -> tuple[Section, ...]:
    """Write out the text sections of a generated paper (deterministic in `spec`)."""
    rng = random.Random(spec.seed)
    topic = TOPICS[spec.topic % len(TOPICS)]
    values = _Values(spec.values_seed, spec.place, spec.year, rng)
    kind = spec.paper_type
    money = kind in ("Beschlussvorlage", "Ergänzungsvorlage", "Dringlichkeitsvorlage") or (
        kind.startswith("Mitteilung") and rng.random() < 0.4
    )
    w = _Writer(rng, topic, values, money)
    if kind.startswith("Anfrage"):
        paras = ["Sachverhalt:"] if rng.random() < 0.5 else []
        paras += w.paragraphs(1, 2)
        paras.append(rng.choice(_ANFRAGE_INTRO))
        questions = [_fill(q, values) for q in topic.questions[: spec.n_questions]]
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
                _fill(topic.answers[i - 1], values)
                if i <= len(topic.answers)
                else rng.choice(_ANSWER_EXTRA)
            ]
            if rng.random() < 0.3:
                answer.append(rng.choice(_ANSWER_EXTRA))
            if spec.layout == "list":
                paras.append(f"{i}. " + " ".join(answer))
                continue
            paras.append(f"Zu Frage {i}:" if spec.layout == "frage" else f"Zu {i}.")
            paras.append(" ".join(answer))
            if rng.random() < 0.25:
                paras.append(w.paragraph(rng.randint(30, 70)))
        return (Section("Sachverhalt", "\n".join(paras)),)
    beschluss = _fill(topic.beschluss, values)
    if kind == "Antrag":
        ziel = _fill(topic.antrag, values)
        values["ziel"] = ziel
        vorschlag = _fill(
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
            Section("Beschluss", beschluss + " " + _fill(rng.choice(_MONEY), values)),
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
        vorschlag += "\n" + _fill(
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


# --------------------------------------------------------------------------------------------
# Meetings


def _term_start(d: dt.date) -> dt.date:
    start = dt.date(2016, 11, 1)
    for year in (2021, 2026):
        if d >= dt.date(year, 11, 1):
            start = dt.date(year, 11, 1)
    return start


_INTERVALS = {RAT: 49, VERWALTUNGSAUSSCHUSS: 14}


def _meetings(
    rng: random.Random, committees: tuple[Organization, ...], start: dt.date, end: dt.date
) -> dict[int, list[Meeting]]:
    """Each committee's meetings from `start` to 120 days after `end` (ALLRIS SILFDNR ids)."""
    dates: list[tuple[dt.date, int]] = []
    for org in committees:
        interval = _INTERVALS.get(org.id, 42 if org.classification == "Stadtbezirksrat" else 35)
        if org.id == AUSSCHUSS_VIELFALT:
            anchor = SEED_MEETING_DATE
        else:
            anchor = start + dt.timedelta(days=rng.randrange(interval))
        d = anchor
        while d > start:
            d -= dt.timedelta(days=interval)
        while d <= end + dt.timedelta(days=120):
            # the anchor stays put (the seed papers' meeting on 07.05.2025); others jitter a bit
            day = d if d == anchor else d + dt.timedelta(days=rng.randint(-2, 2))
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            if day >= start:
                dates.append((day, org.id))
            d += dt.timedelta(days=interval)
    dates.sort()
    by_org: dict[int, list[Meeting]] = {org.id: [] for org in committees}
    genitive = {org.id: org.genitive for org in committees}
    counts: dict[tuple[int, dt.date], int] = {}
    for i, (day, org_id) in enumerate(dates):
        key = (org_id, _term_start(day))
        counts[key] = counts.get(key, 0) + 1
        name = f"{counts[key]}. Sitzung {genitive[org_id]}"
        hour = 15 if org_id != RAT else 14
        by_org[org_id].append(Meeting(1_000_100 + i, org_id, name, day, hour))
    return by_org


# --------------------------------------------------------------------------------------------
# Papers


@dataclass
class _Draft:
    date: dt.date
    reference: str
    subject: str
    paper_type: str
    status: str
    lead: Organization | None
    lead_name: str | None
    participating: tuple[str, ...]
    responsible: str | None
    rows: tuple[Beratung, ...]
    committee_ids: tuple[int, ...]
    shape: str
    spec: SectionSpec | None
    fixed: SamplePaper | None = None
    topic: int = 0
    place: str = ""
    values_seed: int = 0
    asker: str | None = None
    n_questions: int = 0
    parent_ref: str | None = None
    related_refs: tuple[str, ...] = ()
    english: bool = False
    long_labels: bool = False
    children: list[str] = field(default_factory=list)


class _Generator:
    def __init__(
        self,
        n: int,
        seed: int,
        start: dt.date,
        end: dt.date,
        meetings: dict[int, list[Meeting]] | None = None,
    ) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.start, self.end = start, end
        self.span = max(1, (end - start).days)
        self.committees = {o.id: o for o in COMMITTEES}
        self.departments = {o.id: o for o in DEPARTMENTS}
        if meetings is None:
            meetings = _meetings(random.Random(seed + 1), COMMITTEES, start, end)
        self.meetings = meetings
        self.meeting_dates = {k: [m.date for m in v] for k, v in self.meetings.items()}
        self.added_meetings: list[Meeting] = []  # special meetings made up by evolve()
        self.next_meeting_id = 0
        self.tolfdnr = 1_080_000
        self.number = 15000
        self.sequential = False  # evolve(): references just continue the numbering
        self.recent: list[str] = []  # references of recent primary papers (for Bezugsdrucksache)
        self.pending: list[tuple[dt.date, int, _Draft]] = []  # follow-ups, by due date
        self.seq = 0

    # -- Beratungsfolge ---------------------------------------------------------------------

    def _next_meeting(self, org_id: int, after: dt.date) -> Meeting | None:
        dates = self.meeting_dates.get(org_id, [])
        i = bisect.bisect_left(dates, after)
        return self.meetings[org_id][i] if i < len(dates) else None

    def _row(
        self,
        pos: int,
        org_id: int,
        role: str,
        state: str,
        m: Meeting | None = None,
        decision: str | None = None,
        mpos: int = 0,
    ) -> Beratung:
        org = self.committees[org_id]
        if m is None:
            return Beratung(pos, org.name, role, state)
        self.tolfdnr += 1
        tid = self.tolfdnr
        return Beratung(
            position=pos,
            committee=org.name,
            role=role,
            state=state,
            date=m.date,
            meeting=m.name,
            decision=decision,
            meeting_url=f"/public/to010?SILFDNR={m.id}&TOLFDNR={tid}",
            agenda_item_url=f"/public/to020?TOLFDNR={tid}",
            meeting_position=mpos,
        )

    def _decision(self, role: str) -> str:
        rng = self.rng
        if role in ("Kenntnisnahme", "zur Kenntnis"):
            return "zur Kenntnis genommen"
        if role == "Anhörung":
            return rng.choice(("ungeändert beschlossen", "beschlossen", "geändert beschlossen"))
        if role == "Vorberatung":
            return rng.choice(
                (
                    "ungeändert beschlossen",
                    "ungeändert beschlossen",
                    "beschlossen",
                    "geändert beschlossen",
                    "abgelehnt",
                )
            )
        return rng.choice(
            (
                "beschlossen",
                "ungeändert beschlossen",
                "ungeändert beschlossen",
                "geändert beschlossen",
                "abgelehnt",
            )
        )

    def is_recent(self, d: dt.date) -> bool:
        """Whether a paper dated `d` may still be open (younger than RECENT_DAYS at `end`)."""
        return (self.end - d).days < RECENT_DAYS

    def consult(
        self, chain: list[tuple[int, str]], d: dt.date, shape: str
    ) -> tuple[tuple[Beratung, ...], tuple[int, ...], str]:
        """Beratungsfolge rows for `chain` of (committee, role) starting after date `d`.

        Only recent papers (see `is_recent`) may stay open; for older ones "planned" becomes
        "single", and a consultation that could not be held by `end` is "Gestoppt" (with every
        later one), so an old paper never has a row "Geplant" or a meeting without decision.
        """
        rng = self.rng
        rows: list[Beratung] = []
        ids = tuple(c for c, _ in chain)
        old = not self.is_recent(d)
        if shape == "none":
            return (), (), "none"
        if shape == "planned" and old:
            shape = "single"
        if shape == "planned":
            return (
                tuple(self._row(i, c, r, "Geplant") for i, (c, r) in enumerate(chain, 1)),
                ids,
                "planned",
            )
        if shape == "stopped":
            c, r = chain[0]
            m = self._next_meeting(c, d + dt.timedelta(days=rng.randint(7, 21)))
            if m is not None and m.date <= self.end and rng.random() < 0.5:
                rows.append(self._row(1, c, r, "Gestoppt", m, "zurückgezogen", 1))
            else:
                rows.append(self._row(1, c, r, "Gestoppt"))
            return tuple(rows), (c,), "stopped"
        t = d + dt.timedelta(days=rng.randint(7, 24))
        open_ = False  # an earlier committee has not decided yet: the later ones wait
        stopped = False  # an old paper whose consultation could not be held by `end`
        for pos, (c, role) in enumerate(chain, 1):
            if stopped:
                rows.append(self._row(pos, c, role, "Gestoppt"))
                continue
            m = None if open_ else self._next_meeting(c, t)
            if old and (m is None or m.date > self.end):
                rows.append(self._row(pos, c, role, "Gestoppt"))
                stopped = True
                continue
            if m is None:
                rows.append(self._row(pos, c, role, "Geplant"))
                open_ = True
                continue
            if m.date > self.end:  # scheduled, not held yet
                rows.append(self._row(pos, c, role, "Geplant", m, None, 1))
                open_ = True
                continue
            if shape == "adjourned" and pos == len(chain):
                m2 = self._next_meeting(c, m.date + dt.timedelta(days=1))
                if m2 is not None and m2.date <= self.end:
                    rows.append(self._row(pos, c, role, "Erledigt", m, "vertagt", 1))
                    rows.append(self._row(pos, c, role, "Erledigt", m2, self._decision(role), 2))
                    t = m2.date + dt.timedelta(days=1)
                    continue
                state = "Gestoppt" if old else "Geplant"
                rows.append(self._row(pos, c, role, state, m, "vertagt", 1))
                continue
            rows.append(self._row(pos, c, role, "Erledigt", m, self._decision(role), 1))
            t = m.date + dt.timedelta(days=1)
        return tuple(rows), ids, shape

    def copy_rows(
        self,
        rows: tuple[Beratung, ...],
        decision: str | None = None,
    ) -> tuple[Beratung, ...]:
        """The same consultation for a follow-up paper (new agenda items, same meetings)."""
        out = []
        for b in rows:
            if b.meeting_url is None:
                out.append(b)
                continue
            self.tolfdnr += 1
            sid = b.meeting_url.split("SILFDNR=")[1].split("&")[0]
            out.append(
                dataclasses.replace(
                    b,
                    meeting_url=f"/public/to010?SILFDNR={sid}&TOLFDNR={self.tolfdnr}",
                    agenda_item_url=f"/public/to020?TOLFDNR={self.tolfdnr}",
                    decision=decision
                    if decision and b.decision not in (None, "vertagt")
                    else b.decision,
                )
            )
        return tuple(out)

    # -- evolve: one night later ---------------------------------------------------------

    def held_meeting(self, org_id: int, lower: dt.date, after: dt.date) -> Meeting | None:
        """A meeting of `org_id` held in [lower, end]: preferably one after `after` (held
        "tonight"), else the latest one; None if the committee did not meet then."""
        ms = self.meetings.get(org_id, [])
        dates = self.meeting_dates.get(org_id, [])
        hi = bisect.bisect_right(dates, self.end)
        lo = bisect.bisect_left(dates, max(lower, after + dt.timedelta(days=1)))
        if lo < hi:
            return ms[lo]
        if bisect.bisect_left(dates, lower) < hi:
            return ms[hi - 1]
        return None

    def special_meeting(self, org_id: int) -> Meeting:
        """A special meeting ("Sondersitzung") of `org_id` on `end`, added to the calendar."""
        org = self.committees.get(org_id)
        genitive = org.genitive if org and org.genitive else f"({org.name if org else org_id})"
        m = Meeting(self.next_meeting_id, org_id, f"Sondersitzung {genitive}", self.end)
        self.next_meeting_id += 1
        dates = self.meeting_dates.setdefault(org_id, [])
        i = bisect.bisect_right(dates, m.date)
        self.meetings.setdefault(org_id, []).insert(i, m)
        dates.insert(i, m.date)
        self.added_meetings.append(m)
        return m

    def _open_step(self, p: SamplePaper) -> tuple[int, int, dt.date]:
        """(position, committee id, earliest possible meeting date) of p's first open step."""
        rows = p.beratungsfolge
        pos = next(
            b.position
            for b in rows
            if b.state == "Geplant" or (b.meeting_position and b.decision is None)
        )
        committee = next(b.committee for b in rows if b.position == pos)
        if pos <= len(p.committee_ids):
            org_id = p.committee_ids[pos - 1]
        else:
            org_id = next((o.id for o in self.committees.values() if o.name == committee), 0)
        lower = max(
            [p.date]
            + [
                b.date + dt.timedelta(days=1)
                for b in rows
                if b.date and b.decision is not None and b.position <= pos
            ]
        )
        return pos, org_id, lower

    def ready(self, p: SamplePaper, after: dt.date) -> bool:
        """Whether p's open consultation can be decided at a regular meeting held by `end`."""
        _, org_id, lower = self._open_step(p)
        return self.held_meeting(org_id, lower, after) is not None

    def _agenda_row(
        self, b: Beratung, m: Meeting, decision: str | None, mpos: int, state: str = "Erledigt"
    ) -> Beratung:
        """`b` (a committee's row) at meeting `m` with `decision`, as meeting row `mpos`."""
        if b.meeting_url is not None and f"SILFDNR={m.id}&" in b.meeting_url:
            meeting_url, agenda_item_url = b.meeting_url, b.agenda_item_url
        else:
            self.tolfdnr += 1
            meeting_url = f"/public/to010?SILFDNR={m.id}&TOLFDNR={self.tolfdnr}"
            agenda_item_url = f"/public/to020?TOLFDNR={self.tolfdnr}"
        return dataclasses.replace(
            b,
            state=state,
            date=m.date,
            meeting=m.name,
            decision=decision,
            meeting_url=meeting_url,
            agenda_item_url=agenda_item_url,
            meeting_position=mpos,
        )

    def progress(self, p: SamplePaper, after: dt.date) -> SamplePaper:
        """`p` one step further in its first open consultation (`after` is the day before the
        new days; the step happens by `end`):

        - a scheduled meeting without decision is decided: at a meeting of the committee held
          by `end` (preferably after `after`), else at a special meeting on `end`;
        - a "Geplant" row without meeting (or adjourned with "vertagt") gets a meeting row: decided
          at a meeting held by `end` if there is one, else the committee's next meeting is
          scheduled (state "Geplant", no decision yet), else a special meeting on `end` decides;
        - a row whose meetings are all decided only changes its state.
        A decided consultation's rows get state "Erledigt"; "planned" papers become "single".
        """
        pos, org_id, lower = self._open_step(p)
        rows = list(p.beratungsfolge)
        idx = [i for i, b in enumerate(rows) if b.position == pos]
        group = [rows[i] for i in idx]
        first = group[0]
        decision = self._decision(first.role or "")
        meeting_rows = [b for b in group if b.meeting_position]
        held = self.held_meeting(org_id, lower, after)
        done = [dataclasses.replace(b, state="Erledigt") for b in group]
        if meeting_rows and meeting_rows[-1].decision is None:  # scheduled: decided now
            last = meeting_rows[-1]
            m = held or self.special_meeting(org_id)
            new = [*done[:-1], self._agenda_row(last, m, decision, last.meeting_position)]
        elif not meeting_rows or (first.state == "Geplant" and meeting_rows[-1].decision):
            # no meeting yet, or adjourned ("vertagt"): the next meeting row
            mpos = meeting_rows[-1].meeting_position + 1 if meeting_rows else 1
            keep = done if meeting_rows else []
            base_row = meeting_rows[-1] if meeting_rows else first
            if held is not None:
                new = [*keep, self._agenda_row(base_row, held, decision, mpos)]
            elif (nxt := self._next_meeting(org_id, self.end + dt.timedelta(days=1))) is not None:
                keep = [dataclasses.replace(b, state="Geplant") for b in keep]
                new = [*keep, self._agenda_row(base_row, nxt, None, mpos, "Geplant")]
            else:
                new = [
                    *keep,
                    self._agenda_row(base_row, self.special_meeting(org_id), decision, mpos),
                ]
        else:  # every meeting decided, only the state was left open
            new = done
        rows[idx[0] : idx[-1] + 1] = new
        shape = "single" if p.shape == "planned" else p.shape
        return dataclasses.replace(p, beratungsfolge=tuple(rows), shape=shape, modified=self.end)

    def amend(self, p: SamplePaper) -> SamplePaper:
        """A change to a finished paper: its decision is published as a "Beschluss" section,
        or (when there is no decision, or it is published already) a dated "Nachtrag"."""
        decided = [b for b in p.beratungsfolge if b.date and b.decision not in (None, "vertagt")]
        extra = p.extra_sections
        if decided and not any(x.title == "Beschluss" for x in extra):
            b = decided[-1]
            assert b.date is not None
            lines = [f"{b.committee}, Sitzung am {b.date:%d.%m.%Y}: {b.decision}"]
            if p.section_spec is not None:
                spec = p.section_spec
                values = subject_values(spec.values_seed, spec.place, spec.year)
                lines.append(_fill(TOPICS[spec.topic % len(TOPICS)].beschluss, values))
            section = Section("Beschluss", "\n".join(lines))
        else:
            n = sum(1 for x in extra if x.title.endswith("Nachtrag")) + 1
            section = Section(
                "Nachtrag" if n == 1 else f"{n}. Nachtrag",
                f"Nachtrag vom {self.end:%d.%m.%Y}:\n{self.rng.choice(_ANSWER_EXTRA)}",
            )
        return dataclasses.replace(p, extra_sections=(*extra, section), modified=self.end)

    # -- papers -----------------------------------------------------------------------------

    def reference(self, d: dt.date) -> str:
        frac = (d - self.start).days / self.span
        floor = 0 if self.sequential else 15000 + int(frac * 14500)
        self.number = max(self.number + 1, floor)
        if self.number == int(SEED_REFERENCE[3:]):
            self.number += 1
        return f"{d.year % 100:02d}-{self.number:05d}"

    def spec(
        self,
        paper_type: str,
        topic: int,
        place: str,
        values_seed: int,
        year: int,
        n_questions: int = 0,
        asker: str | None = None,
        asked_on: dt.date | None = None,
        layout: str = "",
    ) -> SectionSpec | None:
        rng = self.rng
        if rng.random() < 0.03:
            return None  # a page with no inline text, only the PDF
        return SectionSpec(
            seed=rng.getrandbits(32),
            values_seed=values_seed,
            year=year,
            topic=topic,
            paper_type=paper_type,
            place=place,
            n_questions=n_questions,
            layout=layout,
            asker=asker,
            asked_on=asked_on,
            spacers=rng.random() < 0.3,
        )

    def draft(self, d: dt.date) -> _Draft:
        rng = self.rng
        paper_type = rng.choices(
            (
                "Beschlussvorlage",
                "Mitteilung",
                "Mitteilung außerhalb von Sitzungen",
                "Anfrage",
                "Antrag",
                "Dringlichkeitsvorlage",
            ),
            weights=(34, 16, 8, 22, 17, 3),
        )[0]
        ti = rng.randrange(len(TOPICS))
        topic = TOPICS[ti]
        pw = 3 if self.is_recent(d) else 1  # recent papers are often not yet scheduled
        place = rng.choice(BEZIRKE)
        vseed = rng.getrandbits(32)
        values = subject_values(vseed, place, d.year)
        committee = topic.committee
        dept = self.departments[topic.department]
        lead: Organization | None = dept
        participating: tuple[str, ...] = ()
        if rng.random() < 0.35:
            others = [o for o in DEPARTMENTS if o.id != dept.id]
            participating = tuple(o.name for o in rng.sample(others, rng.randint(1, 3)))
        responsible: str | None = rng.choice(RESPONSIBLE) if rng.random() < 0.85 else None
        status = _STATUS_RELEASED if rng.random() < 0.92 else "öffentlich"
        asker = None
        related: tuple[str, ...] = ()
        n_questions = 0
        if paper_type == "Beschlussvorlage":
            subject = _fill(topic.thema, values)
            if self.recent and rng.random() < 0.12:
                ref = rng.choice(self.recent[-300:])
                related = (ref,)
                subject += rng.choice((f" - Bezugsdrucksache {ref}", f" (Bezug: {ref})"))
            district = self._district(place)
            chain_kind = rng.random()
            if chain_kind < 0.45:
                chain = [
                    (committee, "Vorberatung"),
                    (VERWALTUNGSAUSSCHUSS, "Vorberatung"),
                    (RAT, "Entscheidung"),
                ]
                if rng.random() < 0.4:
                    chain.insert(0, (district, "Anhörung"))
                shape = "sequence"
            elif chain_kind < 0.6:
                chain = [(committee, "Vorberatung"), (VERWALTUNGSAUSSCHUSS, "Entscheidung")]
                shape = "sequence"
            else:
                chain = [(rng.choice((committee, district)), "Entscheidung")]
                shape = rng.choices(
                    ("single", "adjourned", "planned", "stopped"), weights=(60, 15, 15 * pw, 10)
                )[0]
        elif paper_type.startswith("Mitteilung"):
            subject = rng.choice(
                (
                    f"Sachstandsbericht: {_fill(topic.thema, values)}",
                    f"{_fill(topic.thema, values)} - Sachstand",
                    _fill(topic.thema, values),
                )
            )
            if paper_type == "Mitteilung":
                chain = [(committee, rng.choice(("Kenntnisnahme", "zur Kenntnis")))]
                shape = rng.choices(("single", "planned", "none"), weights=(75, 15 * pw, 10))[0]
            else:
                chain, shape = [], "none"
        elif paper_type == "Anfrage":
            fraction, asker = rng.choice(FRACTIONS)
            lead, participating, responsible = fraction, (), None
            subject = _fill(topic.anfrage, values)
            paper_type = rng.choice(("Anfrage", "Anfrage (öffentlich)"))
            chain = [(committee if rng.random() < 0.7 else RAT, "zur Kenntnis")]
            shape = rng.choices(("single", "planned"), weights=(85, 15 * pw))[0]
            n_questions = rng.choice((2, 3, 3, 3, 4))
        elif paper_type == "Antrag":
            fraction, asker = rng.choice(FRACTIONS)
            lead, participating, responsible = fraction, (), None
            subject = _fill(topic.antrag, values)
            target = committee if rng.random() < 0.6 else RAT
            if target == RAT and rng.random() < 0.5:
                chain = [
                    (committee, "Vorberatung"),
                    (VERWALTUNGSAUSSCHUSS, "Vorberatung"),
                    (RAT, "Entscheidung"),
                ]
                shape = "sequence"
            else:
                chain = [(target, "Entscheidung")]
                shape = rng.choices(
                    ("single", "adjourned", "stopped", "planned"), weights=(60, 20, 10, 10 * pw)
                )[0]
        else:  # Dringlichkeitsvorlage
            subject = _fill(topic.thema, values)
            chain = [(rng.choice((RAT, VERWALTUNGSAUSSCHUSS)), "Entscheidung")]
            shape = "single"
        rows, ids, shape = self.consult(chain, d, shape)
        return _Draft(
            date=d,
            reference=self.reference(d),
            subject=subject,
            paper_type=paper_type,
            status=status if shape != "stopped" else "öffentlich",
            lead=lead,
            lead_name=lead.name if lead else None,
            participating=participating,
            responsible=responsible,
            rows=rows,
            committee_ids=ids,
            shape=shape,
            spec=self.spec(paper_type, ti, place, vseed, d.year, n_questions, asker),
            related_refs=related,
            english=rng.random() < 0.05,
            long_labels=rng.random() < 0.2,
            topic=ti,
            place=place,
            values_seed=vseed,
            asker=asker,
            n_questions=n_questions,
        )

    def _district(self, place: str) -> int:
        districts = [o.id for o in COMMITTEES if o.classification == "Stadtbezirksrat"]
        return districts[sum(map(ord, place)) % len(districts)]

    def follow_ups(self, p: _Draft) -> None:
        """Schedule the follow-ups of `p` (Stellungnahme, Ergänzungsvorlage, Änderungsantrag)."""
        rng = self.rng
        first_meeting = next((b.date for b in p.rows if b.date), None)
        kinds: list[str] = []
        base_type = p.paper_type
        if base_type.startswith("Anfrage") and rng.random() < 0.8:
            kinds.append("Stellungnahme")
        elif base_type == "Beschlussvorlage" and rng.random() < 0.12:
            kinds.append("Ergänzungsvorlage")
            if rng.random() < 0.25:
                kinds.append("Ergänzungsvorlage")
        elif base_type in ("Antrag", "Beschlussvorlage") and first_meeting and rng.random() < 0.1:
            kinds.append("Änderungsantrag")
        for k, kind in enumerate(kinds, 1):
            if first_meeting is not None:
                due = first_meeting - dt.timedelta(days=rng.randint(1, 6) + 3 * (len(kinds) - k))
                due = max(due, p.date + dt.timedelta(days=1))
            else:
                due = p.date + dt.timedelta(days=rng.randint(10, 40))
            due = min(due, self.end)
            spec = None
            lead, lead_name, participating = p.lead, p.lead_name, p.participating
            responsible = p.responsible
            subject, related = p.subject, p.related_refs
            rows = self.copy_rows(p.rows)
            if kind == "Stellungnahme":
                dept = self.departments[TOPICS[p.topic].department]
                lead, lead_name = dept, dept.name
                participating = ()
                if rng.random() < 0.3:
                    participating = (rng.choice([o.name for o in DEPARTMENTS if o.id != dept.id]),)
                responsible = rng.choice(RESPONSIBLE)
                spec = self.spec(
                    kind,
                    p.topic,
                    p.place,
                    p.values_seed,
                    p.date.year,
                    p.n_questions,
                    p.asker,
                    p.date,
                    rng.choice(("frage", "frage", "zu", "list")),
                )
                related = ()
            elif kind == "Ergänzungsvorlage":
                if rng.random() < 0.5:
                    subject = f"Ergänzung zu {p.reference}: {p.subject}"
                    related = (p.reference, *p.related_refs)
            else:  # Änderungsantrag
                fraction, _ = rng.choice(FRACTIONS)
                lead, lead_name, participating, responsible = fraction, fraction.name, (), None
                if rng.random() < 0.5:
                    subject = f"Änderungsantrag zur Vorlage {p.reference}"
                    related = (p.reference,)
                rows = self.copy_rows(
                    p.rows, rng.choice(("abgelehnt", "beschlossen", "geändert beschlossen"))
                )
            if kind != "Stellungnahme":
                spec = self.spec(kind, p.topic, p.place, p.values_seed, p.date.year)
            child = _Draft(
                date=due,
                reference=f"{p.reference}-{k:02d}",
                subject=subject,
                paper_type=kind,
                status=_STATUS_RELEASED,
                lead=lead,
                lead_name=lead_name,
                participating=participating,
                responsible=responsible,
                rows=rows,
                committee_ids=p.committee_ids,
                shape=p.shape,
                spec=spec,
                parent_ref=p.reference,
                related_refs=related,
                english=p.english,
                long_labels=rng.random() < 0.2,
                topic=p.topic,
                place=p.place,
                values_seed=p.values_seed,
            )
            p.children.append(child.reference)
            self.seq += 1
            heapq.heappush(self.pending, (due, self.seq, child))

    def run(self) -> list[_Draft]:
        out: list[_Draft] = []
        seeds = [seed_anfrage(), seed_stellungnahme()]
        seed_drafts = [
            _Draft(
                date=s.date,
                reference=s.reference,
                subject=s.vorlage.subject or "",
                paper_type=s.vorlage.paper_type or "",
                status=s.vorlage.status or "",
                lead=None,
                lead_name=None,
                participating=(),
                responsible=None,
                rows=(),
                committee_ids=(),
                shape=s.shape,
                spec=None,
                fixed=s,
                parent_ref=s.vorlage.parent_reference,
            )
            for s in seeds
        ]
        seed_drafts[0].children.append(seed_drafts[1].reference)
        generated = 0
        while generated < self.n or seed_drafts:
            # candidates: (date, priority); seeds first, then due follow-ups, then a new paper
            options: list[tuple[dt.date, int]] = []
            if seed_drafts:
                options.append((seed_drafts[0].date, 0))
            if generated < self.n:
                if self.pending:
                    options.append((self.pending[0][0], 1))
                step = dt.timedelta(days=generated * self.span // max(1, self.n))
                options.append((self.start + step, 2))
            when, kind = min(options)
            if kind == 0:
                out.append(seed_drafts.pop(0))
                continue
            generated += 1
            if kind == 1:
                out.append(heapq.heappop(self.pending)[2])
                continue
            p = self.draft(when)
            out.append(p)
            self.recent.append(p.reference)
            if len(self.recent) > 2000:
                del self.recent[:1000]
            self.follow_ups(p)
        return out  # follow-ups not yet due when n papers are reached are dropped


def _paper(
    d: _Draft,
    volfdnr: int,
    file_id: int,
    superordinated: tuple[int, ...],
    subordinated: tuple[int, ...],
    related: tuple[int, ...],
) -> SamplePaper:
    if d.fixed is not None:
        return dataclasses.replace(
            d.fixed,
            volfdnr=volfdnr,
            superordinated=superordinated,
            subordinated=subordinated,
            related=related,
            file_id=file_id,
        )
    return SamplePaper(
        volfdnr=volfdnr,
        date=d.date,
        vorlage=Vorlage(
            reference=d.reference,
            subject=d.subject,
            paper_type=d.paper_type,
            status=d.status,
            lead_department=d.lead_name,
            participating_departments=d.participating,
            responsible=d.responsible,
            parent_reference=d.parent_ref,
            related_references=tuple(dict.fromkeys(r for r in d.related_refs if r != d.reference)),
        ),
        beratungsfolge=d.rows,
        section_spec=d.spec,
        superordinated=superordinated,
        subordinated=subordinated,
        related=related,
        english_dates=d.english,
        long_labels=d.long_labels,
        committee_ids=d.committee_ids,
        lead_organization=(d.lead.kind, d.lead.id) if d.lead else None,
        file_id=file_id,
        shape=d.shape,
    )


def generate(
    n: int, seed: int = 0, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END
) -> SampleRIS:
    """A sample RIS with `n` generated papers plus the two seed papers, oldest → newest.

    Only papers younger than RECENT_DAYS at `end` may have an open Beratungsfolge (a row
    "Geplant" or a meeting without decision); older ones are finished.
    """
    g = _Generator(n, seed, start, end)
    drafts = g.run()
    drafts.sort(key=lambda d: d.date)  # stable: generation order within a day
    ids: dict[str, int] = {}
    volfdnr = 1_010_000
    for d in drafts:
        volfdnr += g.rng.randint(1, 3)
        ids[d.reference] = volfdnr
    papers: list[SamplePaper] = []
    file_id = 2_100_000
    for d in drafts:
        vid = ids[d.reference]
        file_id += 2 + vid % 3
        sub = tuple(ids[r] for r in d.children if r in ids)
        sup = (ids[d.parent_ref],) if d.parent_ref and d.parent_ref in ids else ()
        rel = tuple(ids[r] for r in d.related_refs if r in ids and ids[r] not in sup)
        papers.append(_paper(d, vid, file_id, sup, sub, rel))
    meetings = tuple(
        sorted((m for ms in g.meetings.values() for m in ms), key=lambda m: (m.date, m.id))
    )
    return SampleRIS(
        body_name=BODY_NAME,
        body_short_name=BODY_SHORT_NAME,
        organizations=ORGANIZATIONS,
        meetings=meetings,
        papers=tuple(papers),
        end=end,
    )


# --------------------------------------------------------------------------------------------
# Evolution: the RIS one night later


@dataclass(frozen=True)
class EvolveReport:
    """What `evolve` did, as volfdnrs in ascending order."""

    end: dt.date  # the new "today" of the sample
    new: tuple[int, ...]  # papers appended at the newest end
    changed: tuple[int, ...]  # existing papers that changed (consultation progressed, section)
    deleted: tuple[int, ...]  # papers marked deleted (page 404, OParl "deleted": true)

    @property
    def touched(self) -> tuple[int, ...]:
        """New and changed papers: the round(fraction * len(papers)) that count as changed."""
        return self.new + self.changed


def _tolfdnr(b: Beratung) -> int:
    url = b.agenda_item_url or b.meeting_url or ""
    _, _, tail = url.partition("TOLFDNR=")
    digits = tail.split("&", 1)[0]
    return int(digits) if digits.isdigit() else 0


def evolve(
    ris: SampleRIS, fraction: float, seed: int = 0, days: int = 1, deleted: int = 0
) -> tuple[SampleRIS, EvolveReport]:
    """The RIS `days` later ("one night" by default), as a new `SampleRIS`; `ris` is untouched.

    Exactly round(fraction * len(ris.papers)) papers count as changed: about half are new
    papers appended at the newest end (dated in the new days, volfdnrs and references continuing
    the sequences), the rest are existing papers whose open Beratungsfolge progresses by one
    consultation (see `_Generator.progress`); when too few papers are open, the newest finished
    ones get a "Beschluss" or "Nachtrag" section instead. Changed papers get `modified` = the
    new `end`. `deleted` further papers (neither new nor changed) are marked deleted. The seed
    papers never change. Unchanged papers are the same objects as in `ris`. Deterministic in
    (ris, fraction, seed, days, deleted).
    """
    if fraction < 0 or days < 1 or deleted < 0:
        raise ValueError("fraction and deleted must be >= 0, days >= 1")
    old_end = ris.today
    end = old_end + dt.timedelta(days=days)
    papers = list(ris.papers)
    total = round(fraction * len(papers))

    by_org: dict[int, list[Meeting]] = {o.id: [] for o in ris.committees}
    for m in sorted(ris.meetings, key=lambda m: (m.date, m.id)):
        by_org.setdefault(m.organization_id, []).append(m)
    g = _Generator(0, seed, DEFAULT_START, end, meetings=by_org)
    g.rng = random.Random(f"evolve:{seed}:{old_end.isoformat()}:{len(papers)}:{days}")
    g.committees = {o.id: o for o in ris.committees} or g.committees
    g.sequential = True
    g.next_meeting_id = max((m.id for m in ris.meetings), default=1_000_099) + 1
    g.tolfdnr = max([g.tolfdnr] + [_tolfdnr(b) for p in papers for b in p.beratungsfolge])
    g.number = max(
        [g.number] + [int(p.reference[3:8]) for p in papers if p.reference[3:8].isdigit()]
    )
    g.recent = [p.reference for p in papers[-300:] if not p.vorlage.parent_reference]
    rng = g.rng

    def eligible(p: SamplePaper) -> bool:
        return not p.deleted and not p.fixed_sections  # the seed papers stay as they are

    n_new = (total + 1) // 2
    n_change = total - n_new
    open_ = [i for i, p in enumerate(papers) if eligible(p) and p.is_open]
    # consultations that can be decided at a regular meeting go first
    ready = [i for i in open_ if g.ready(papers[i], old_end)]
    waiting = [i for i in open_ if i not in set(ready)]
    chosen = rng.sample(ready, min(n_change, len(ready)))
    chosen += rng.sample(waiting, min(n_change - len(chosen), len(waiting)))
    chosen.sort()
    for i in chosen:
        papers[i] = g.progress(papers[i], old_end)
    amended: list[int] = []
    if len(chosen) < n_change:  # too few open papers: change the newest finished ones
        taken = set(chosen)
        for i in range(len(papers) - 1, -1, -1):
            if len(chosen) + len(amended) == n_change:
                break
            if i not in taken and eligible(papers[i]):
                amended.append(i)
        for i in sorted(amended):
            papers[i] = g.amend(papers[i])
    changed_idx = set(chosen) | set(amended)
    n_new = total - len(changed_idx)  # whatever could not be a change is a new paper

    removable = [i for i, p in enumerate(papers) if eligible(p) and i not in changed_idx]
    removed = sorted(rng.sample(removable, min(deleted, len(removable))))
    for i in removed:
        papers[i] = dataclasses.replace(papers[i], deleted=True, modified=end)

    new_ids: list[int] = []
    volfdnr = max((p.volfdnr for p in papers), default=1_010_000)
    file_id = max((p.file_id for p in papers), default=2_100_000)
    refs = {p.reference: p.volfdnr for p in papers}
    for k in range(n_new):
        d = old_end + dt.timedelta(days=1 + k * days // n_new)
        draft = g.draft(d)
        volfdnr += rng.randint(1, 3)
        file_id += 2 + volfdnr % 3
        related = tuple(refs[r] for r in draft.related_refs if r in refs)
        papers.append(_paper(draft, volfdnr, file_id, (), (), related))
        refs[draft.reference] = volfdnr
        g.recent.append(draft.reference)
        new_ids.append(volfdnr)

    meetings = ris.meetings
    if g.added_meetings:
        meetings = tuple(sorted((*ris.meetings, *g.added_meetings), key=lambda m: (m.date, m.id)))
    evolved = dataclasses.replace(ris, papers=tuple(papers), meetings=meetings, end=end)
    report = EvolveReport(
        end=end,
        new=tuple(new_ids),
        changed=tuple(sorted(papers[i].volfdnr for i in changed_idx)),
        deleted=tuple(papers[i].volfdnr for i in removed),
    )
    return evolved, report
