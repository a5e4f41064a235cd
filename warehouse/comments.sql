-- Descriptions of the published tables and columns: the single source for datapackage.json, the
-- DCAT metadata and the downloads README in the publish directory (ratsinfo.portal).
-- Applied by ratsinfo.warehouse.apply_schema() after schema.sql; every statement is idempotent.
--
-- Format of every comment (parsed by ratsinfo.portal.metadata.parse_comment):
--     'de: <German text> | en: <English text>'
-- exactly one "de: " at the start and one " | en: " separator; neither text contains " | ".
-- A quote inside a text is doubled (SQL), e.g. 'the paper''s reference'.

-- vorlagen --------------------------------------------------------------------------------------
COMMENT ON TABLE vorlagen IS 'de: Vorlagen (Beschlussvorlagen, Anträge, Anfragen, Mitteilungen, Stellungnahmen) mit ihren Grunddaten, eine Zeile je Vorlage | en: Council papers (proposals, motions, questions, communications, statements) with their basic data, one row per paper';
COMMENT ON COLUMN vorlagen.paper_id IS 'de: Schlüssel der Vorlage: OParl-ID ohne Schema und Host, mit dem Quellnamen davor (z. B. braunschweig:/oparl/papers/2002747) | en: Key of the paper: its OParl id without scheme and host, prefixed with the source name (e.g. braunschweig:/oparl/papers/2002747)';
COMMENT ON COLUMN vorlagen.source IS 'de: Name der Quelle (Ratsinformationssystem), aus der die Vorlage stammt | en: Name of the source (council information system) the paper comes from';
COMMENT ON COLUMN vorlagen.volfdnr IS 'de: Laufende Nummer der Vorlage in ALLRIS (VOLFDNR in der Adresse der Vorlagenseite) | en: The paper''s running number in ALLRIS (VOLFDNR in the paper page''s URL)';
COMMENT ON COLUMN vorlagen.reference IS 'de: Vorlagennummer (Aktenzeichen), wie gedruckt, z. B. 25-25641-01 | en: The paper''s reference number as printed, e.g. 25-25641-01';
COMMENT ON COLUMN vorlagen.subject IS 'de: Betreff der Vorlage | en: Subject (title) of the paper';
COMMENT ON COLUMN vorlagen.paper_type IS 'de: Vorlagenart, z. B. Beschlussvorlage, Antrag, Anfrage, Mitteilung | en: Type of paper, e.g. proposal for decision, motion, question, communication';
COMMENT ON COLUMN vorlagen.status IS 'de: Status der Vorlage laut Ratsinformationssystem, z. B. öffentlich | en: Status of the paper as given by the council information system, e.g. public';
COMMENT ON COLUMN vorlagen.lead_department IS 'de: Federführende Organisationseinheit | en: Lead department (organisational unit in charge)';
COMMENT ON COLUMN vorlagen.participating_departments IS 'de: Beteiligte Organisationseinheiten (in CSV mit "; " verbunden) | en: Participating departments (joined with "; " in CSV)';
COMMENT ON COLUMN vorlagen.responsible IS 'de: Verantwortlich bzw. Verfasser laut Grunddaten | en: Person or body responsible (author) as given in the basic data';
COMMENT ON COLUMN vorlagen.parent_reference IS 'de: Vorlagennummer der Ursprungsvorlage, wenn dies eine Folgevorlage ist (25-25641 für 25-25641-01) | en: Reference of the original paper when this is a follow-up (25-25641 for 25-25641-01)';
COMMENT ON COLUMN vorlagen.related_references IS 'de: Im Betreff genannte Vorlagennummern anderer Vorlagen (in CSV mit "; " verbunden) | en: References of other papers named in the subject (joined with "; " in CSV)';
COMMENT ON COLUMN vorlagen.date IS 'de: Datum der Vorlage laut OParl | en: Date of the paper according to OParl';
COMMENT ON COLUMN vorlagen.web_url IS 'de: Adresse der Vorlagenseite im Ratsinformationssystem | en: URL of the paper''s page in the council information system';
COMMENT ON COLUMN vorlagen.introduction IS 'de: Einleitender Text vor der ersten Antwort (bei beantwortenden Vorlagen) | en: Introductory text before the first answer (answering papers)';
COMMENT ON COLUMN vorlagen.page_sha256 IS 'de: SHA-256 der Vorlagenseite, aus der die Zeile erzeugt wurde | en: SHA-256 of the paper page the row was built from';
COMMENT ON COLUMN vorlagen.deleted_at IS 'de: Zeitpunkt, zu dem die Quelle die Vorlage zuerst als gelöscht meldete (404/410, OParl deleted); leer, solange sie besteht | en: When the source first reported the paper as deleted (404/410, OParl deleted); empty while it exists';

-- beratungsfolge --------------------------------------------------------------------------------
COMMENT ON TABLE beratungsfolge IS 'de: Beratungsfolge: welches Gremium eine Vorlage wann, in welcher Rolle und mit welchem Ergebnis berät; eine Zeile je Sitzung einer Beratung, dazu eine Zeile für eine Beratung ohne Sitzung | en: Consultations: which committee deals with a paper, when, in which role and with which decision; one row per meeting of a consultation, plus one row for a consultation without a meeting yet';
COMMENT ON COLUMN beratungsfolge.paper_id IS 'de: Schlüssel der Vorlage (vorlagen.paper_id) | en: Key of the paper (vorlagen.paper_id)';
COMMENT ON COLUMN beratungsfolge.reference IS 'de: Vorlagennummer, wie gedruckt | en: The paper''s reference number as printed';
COMMENT ON COLUMN beratungsfolge.position IS 'de: Reihenfolge der Beratung in der Beratungsfolge, ab 1 | en: Order of the consultation in the sequence, from 1';
COMMENT ON COLUMN beratungsfolge.meeting_position IS 'de: Reihenfolge der Sitzung innerhalb der Beratung, ab 1; 0 = noch keine Sitzung | en: Order of the meeting within the consultation, from 1; 0 = no meeting yet';
COMMENT ON COLUMN beratungsfolge.committee IS 'de: Beratendes Gremium (Rat, Ausschuss, Stadtbezirksrat) | en: Consulting body (council, committee, district council)';
COMMENT ON COLUMN beratungsfolge.role IS 'de: Rolle des Gremiums, z. B. Vorberatung, Entscheidung | en: Role of the body, e.g. preliminary consultation, decision';
COMMENT ON COLUMN beratungsfolge.state IS 'de: Stand der Beratung, z. B. Geplant, Öffentlich | en: State of the consultation, e.g. planned, public';
COMMENT ON COLUMN beratungsfolge.date IS 'de: Datum der Sitzung | en: Date of the meeting';
COMMENT ON COLUMN beratungsfolge.meeting IS 'de: Bezeichnung der Sitzung | en: Name of the meeting';
COMMENT ON COLUMN beratungsfolge.decision IS 'de: Ergebnis (Beschluss) der Beratung, wie gedruckt | en: Outcome (decision) of the consultation as printed';
COMMENT ON COLUMN beratungsfolge.meeting_url IS 'de: Adresse der Sitzungsseite | en: URL of the meeting page';
COMMENT ON COLUMN beratungsfolge.agenda_item_url IS 'de: Adresse des Tagesordnungspunkts | en: URL of the agenda item';

-- sections --------------------------------------------------------------------------------------
COMMENT ON TABLE sections IS 'de: Textabschnitte einer Vorlagenseite (Sachverhalt, Begründung, Beschlussvorschlag …), eine Zeile je Abschnitt | en: Text sections of a paper page (facts, reasons, proposed decision …), one row per section';
COMMENT ON COLUMN sections.paper_id IS 'de: Schlüssel der Vorlage (vorlagen.paper_id) | en: Key of the paper (vorlagen.paper_id)';
COMMENT ON COLUMN sections.reference IS 'de: Vorlagennummer, wie gedruckt | en: The paper''s reference number as printed';
COMMENT ON COLUMN sections.position IS 'de: Reihenfolge des Abschnitts auf der Seite, ab 1 | en: Order of the section on the page, from 1';
COMMENT ON COLUMN sections.title IS 'de: Überschrift des Abschnitts | en: Heading of the section';
COMMENT ON COLUMN sections.text IS 'de: Text des Abschnitts | en: Text of the section';

-- files -----------------------------------------------------------------------------------------
COMMENT ON TABLE files IS 'de: Von einer Vorlagenseite verlinkte Dokumente (Vorlage, Sammeldokument, Anlagen), eine Zeile je Dokument | en: Documents linked from a paper page (paper, collected document, annexes), one row per document';
COMMENT ON COLUMN files.paper_id IS 'de: Schlüssel der Vorlage (vorlagen.paper_id) | en: Key of the paper (vorlagen.paper_id)';
COMMENT ON COLUMN files.position IS 'de: Reihenfolge des Dokuments auf der Seite, ab 1 | en: Order of the document on the page, from 1';
COMMENT ON COLUMN files.title IS 'de: Titel des Dokuments | en: Title of the document';
COMMENT ON COLUMN files.url IS 'de: Adresse des Dokuments | en: URL of the document';

-- answers ---------------------------------------------------------------------------------------
COMMENT ON TABLE answers IS 'de: Antworten der Verwaltung auf Anfragen aus Rat und Bezirksräten, eine Zeile je beantworteter Frage | en: The administration''s answers to council questions, one row per answered question';
COMMENT ON COLUMN answers.paper_id IS 'de: Schlüssel der beantwortenden Vorlage (vorlagen.paper_id) | en: Key of the answering paper (vorlagen.paper_id)';
COMMENT ON COLUMN answers.reference IS 'de: Vorlagennummer der beantwortenden Vorlage | en: Reference number of the answering paper';
COMMENT ON COLUMN answers.question_reference IS 'de: Vorlagennummer der beantworteten Anfrage, soweit bekannt | en: Reference number of the question paper answered, where known';
COMMENT ON COLUMN answers.position IS 'de: Reihenfolge der Antwort in der Vorlage, ab 1 | en: Order of the answer within the paper, from 1';
COMMENT ON COLUMN answers.question_label IS 'de: Nummer der Frage, wie gedruckt: "1", "2a", "2a/b" | en: Label of the question as printed: "1", "2a", "2a/b"';
COMMENT ON COLUMN answers.question_text IS 'de: Text der Frage, soweit in der Vorlage wiedergegeben | en: Text of the question, where the paper repeats it';
COMMENT ON COLUMN answers.answer_text IS 'de: Text der Antwort | en: Text of the answer';
COMMENT ON COLUMN answers.asked_by IS 'de: Fragesteller (Fraktion, Gruppe oder Person) | en: Who asked (parliamentary group, group or person)';
COMMENT ON COLUMN answers.asked_on IS 'de: Datum der Anfrage | en: Date of the question';

-- funding ---------------------------------------------------------------------------------------
COMMENT ON TABLE funding IS 'de: Im Text einer Vorlage genannte Geldbeträge, eine Zeile je Betrag | en: Amounts of money named in a paper''s text, one row per amount';
COMMENT ON COLUMN funding.paper_id IS 'de: Schlüssel der Vorlage (vorlagen.paper_id) | en: Key of the paper (vorlagen.paper_id)';
COMMENT ON COLUMN funding.reference IS 'de: Vorlagennummer, wie gedruckt | en: The paper''s reference number as printed';
COMMENT ON COLUMN funding.position IS 'de: Reihenfolge des Betrags im Text, ab 1 | en: Order of the amount in the text, from 1';
COMMENT ON COLUMN funding.amount IS 'de: Betrag (bei einer Spanne die Untergrenze) | en: Amount (the lower bound when the text gives a range)';
COMMENT ON COLUMN funding.amount_max IS 'de: Obergrenze, wenn der Text eine Spanne nennt | en: Upper bound when the text gives a range';
COMMENT ON COLUMN funding.currency IS 'de: Währung (ISO 4217, z. B. EUR) | en: Currency (ISO 4217, e.g. EUR)';
COMMENT ON COLUMN funding.period IS 'de: Zeitraum des Betrags: annual, monthly, quarterly, hourly, one-off; leer, wenn der Text ihn nicht nennt | en: Period of the amount: annual, monthly, quarterly, hourly, one-off; empty when the text does not say';
COMMENT ON COLUMN funding.role IS 'de: Art des Betrags: grant (Zuschuss), cost (Kosten), fee (Gebühr), budget (Haushaltsmittel), revenue (Einnahme), invest (Investition); leer, wenn unklar | en: Kind of amount: grant, cost, fee, budget, revenue, invest; empty when unclear';
COMMENT ON COLUMN funding.funder IS 'de: Geldgeber, soweit genannt | en: Who pays, where named';
COMMENT ON COLUMN funding.recipient IS 'de: Empfänger, soweit genannt | en: Who receives, where named';
COMMENT ON COLUMN funding.applies_from IS 'de: Ab wann der Betrag gilt, wie im Text angegeben | en: From when the amount applies, as the text says';
COMMENT ON COLUMN funding.text IS 'de: Satz des Textes, der den Betrag nennt | en: Sentence of the text naming the amount';
