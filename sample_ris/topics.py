# ruff: noqa: E501  (German text templates are kept as whole sentences)
"""The topics of the sample RIS (pure data): what a paper is about, the committee and department
in charge, the sentences its text is drawn from; the city's districts, streets, development
areas and the officials named as responsible.

Placeholders in braces ({bezirk}, {strasse}, {gebiet}, {jahr}, {betrag}, {datum}, ...) are
filled by `prose.Values`.
"""

from __future__ import annotations

from typing import NamedTuple


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
        1139,  # seed.AUSSCHUSS_VIELFALT, the committee of the seed papers
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
