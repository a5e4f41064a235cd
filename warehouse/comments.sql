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
COMMENT ON TABLE files IS 'de: Dokumente zu Vorlagen, Sitzungen und Tagesordnungspunkten laut OParl (Metadaten und, wo die Quelle ihn liefert, Text), dazu von einer Vorlagenseite verlinkte Dokumente, die OParl nicht nennt; eine Zeile je Dokument | en: Documents of papers, meetings and agenda items according to OParl (metadata and, where the source provides it, text), plus documents linked from a paper page that OParl does not list; one row per document';
COMMENT ON COLUMN files.file_id IS 'de: Schlüssel des Dokuments: OParl-ID ohne Schema und Host, mit dem Quellnamen davor (Seitenlinks: Vorlage#page/Nummer) | en: Key of the document: its OParl id without scheme and host, prefixed with the source name (page links: paper#page/number)';
COMMENT ON COLUMN files.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN files.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN files.paper_id IS 'de: Schlüssel der Vorlage (vorlagen.paper_id), wenn das Dokument zu einer Vorlage gehört | en: Key of the paper (vorlagen.paper_id) when the document belongs to a paper';
COMMENT ON COLUMN files.meeting_id IS 'de: Schlüssel der Sitzung (meetings.meeting_id), wenn das Dokument zu einer Sitzung gehört | en: Key of the meeting (meetings.meeting_id) when the document belongs to a meeting';
COMMENT ON COLUMN files.agenda_item_id IS 'de: Schlüssel des Tagesordnungspunkts (agenda_items.agenda_item_id), wenn das Dokument zu einem gehört | en: Key of the agenda item (agenda_items.agenda_item_id) when the document belongs to one';
COMMENT ON COLUMN files.role IS 'de: Rolle des Dokuments laut OParl-Feld: mainFile, auxiliaryFile, invitation, resultsProtocol, resolutionFile …; page = nur auf der Vorlagenseite verlinkt | en: Role of the document by its OParl field: mainFile, auxiliaryFile, invitation, resultsProtocol, resolutionFile …; page = linked from the paper page only';
COMMENT ON COLUMN files.position IS 'de: Reihenfolge des Dokuments in seinem Feld bzw. auf der Seite, ab 1 | en: Order of the document within its field or on the page, from 1';
COMMENT ON COLUMN files.name IS 'de: Titel des Dokuments | en: Title of the document';
COMMENT ON COLUMN files.file_name IS 'de: Dateiname laut Quelle | en: File name according to the source';
COMMENT ON COLUMN files.mime_type IS 'de: Dateityp (MIME-Typ) laut Quelle | en: File type (MIME type) according to the source';
COMMENT ON COLUMN files.size IS 'de: Größe in Bytes laut Quelle | en: Size in bytes according to the source';
COMMENT ON COLUMN files.access_url IS 'de: Adresse zum Ansehen des Dokuments | en: URL to view the document';
COMMENT ON COLUMN files.download_url IS 'de: Adresse zum Herunterladen des Dokuments | en: URL to download the document';
COMMENT ON COLUMN files.date IS 'de: Datum des Dokuments laut Quelle | en: Date of the document according to the source';
COMMENT ON COLUMN files.text IS 'de: Text des Dokuments, wenn die Quelle ihn in OParl mitliefert | en: Text of the document when the source provides it in OParl';

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
COMMENT ON TABLE funding IS 'de: Geldbeträge aus dem Text einer Vorlage, dem Text ihrer Dokumente und den Haushaltstabellen ihrer Dokumente, eine Zeile je Betrag | en: Amounts of money in a paper''s text, its documents'' text and its documents'' budget tables, one row per amount';
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

-- added with the OParl model ------------------------------------------------------------------
COMMENT ON COLUMN vorlagen.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN beratungsfolge.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN sections.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN answers.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN funding.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN vorlagen.originators IS 'de: Urheber der Vorlage (Personen, Fraktionen, Organisationseinheiten) laut OParl, soweit die Quelle sie nennt | en: Originators of the paper (persons, factions, departments) according to OParl, where the source names them';
COMMENT ON COLUMN vorlagen.oparl_id IS 'de: OParl-ID (Adresse) der Vorlage | en: OParl id (URL) of the paper';
COMMENT ON COLUMN beratungsfolge.authoritative IS 'de: Ob diese Beratung abschließend entscheidet (OParl authoritative) | en: Whether this consultation makes the final decision (OParl authoritative)';
COMMENT ON COLUMN beratungsfolge.consultation_id IS 'de: Schlüssel der OParl-Beratung (Consultation), soweit zugeordnet | en: Key of the OParl consultation, where matched';
COMMENT ON COLUMN beratungsfolge.organization_id IS 'de: Schlüssel des beratenden Gremiums (organizations.organization_id) | en: Key of the consulting body (organizations.organization_id)';
COMMENT ON COLUMN beratungsfolge.meeting_id IS 'de: Schlüssel der Sitzung (meetings.meeting_id), soweit bekannt | en: Key of the meeting (meetings.meeting_id), where known';
COMMENT ON COLUMN beratungsfolge.agenda_item_id IS 'de: Schlüssel des Tagesordnungspunkts (agenda_items.agenda_item_id), soweit bekannt | en: Key of the agenda item (agenda_items.agenda_item_id), where known';

-- bodies -----------------------------------------------------------------------------------------
COMMENT ON TABLE bodies IS 'de: Körperschaften (Gemeinde, Stadt, Kreis, Bezirk) laut OParl, eine Zeile je Körperschaft | en: Bodies (municipality, city, district) according to OParl, one row per body';
COMMENT ON COLUMN bodies.body_key IS 'de: Schlüssel der Körperschaft: OParl-ID ohne Schema und Host, mit dem Quellnamen davor | en: Key of the body: its OParl id without scheme and host, prefixed with the source name';
COMMENT ON COLUMN bodies.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN bodies.oparl_id IS 'de: OParl-ID (Adresse) der Körperschaft | en: OParl id (URL) of the body';
COMMENT ON COLUMN bodies.name IS 'de: Name der Körperschaft | en: Name of the body';
COMMENT ON COLUMN bodies.short_name IS 'de: Kurzname | en: Short name';
COMMENT ON COLUMN bodies.website IS 'de: Webseite der Körperschaft | en: Website of the body';
COMMENT ON COLUMN bodies.license IS 'de: Lizenz, wie die Körperschaft oder ihr System sie angibt | en: Licence as stated by the body or its system';
COMMENT ON COLUMN bodies.ags IS 'de: Amtlicher Gemeindeschlüssel | en: Official municipality key (AGS)';
COMMENT ON COLUMN bodies.rgs IS 'de: Regionalschlüssel | en: Regional key (RGS)';
COMMENT ON COLUMN bodies.classification IS 'de: Art der Körperschaft laut Quelle | en: Kind of body according to the source';
COMMENT ON COLUMN bodies.vendor IS 'de: Hersteller des Ratsinformationssystems, wie erkannt (allris4, allris-classic, sternberg, sessionnet, oparl) | en: Vendor of the council information system as detected (allris4, allris-classic, sternberg, sessionnet, oparl)';
COMMENT ON COLUMN bodies.system_id IS 'de: OParl-ID des Systems | en: OParl id of the system';

-- legislative_terms ------------------------------------------------------------------------------
COMMENT ON TABLE legislative_terms IS 'de: Wahlperioden laut OParl, eine Zeile je Wahlperiode | en: Legislative terms according to OParl, one row per term';
COMMENT ON COLUMN legislative_terms.term_id IS 'de: Schlüssel der Wahlperiode (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the term (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN legislative_terms.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN legislative_terms.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN legislative_terms.name IS 'de: Bezeichnung | en: Name';
COMMENT ON COLUMN legislative_terms.start_date IS 'de: Beginn | en: Start';
COMMENT ON COLUMN legislative_terms.end_date IS 'de: Ende | en: End';

-- organizations ----------------------------------------------------------------------------------
COMMENT ON TABLE organizations IS 'de: Gremien, Fraktionen und Organisationseinheiten laut OParl, eine Zeile je Organisation | en: Committees, factions and departments according to OParl, one row per organisation';
COMMENT ON COLUMN organizations.organization_id IS 'de: Schlüssel der Organisation (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the organisation (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN organizations.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN organizations.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN organizations.name IS 'de: Name | en: Name';
COMMENT ON COLUMN organizations.short_name IS 'de: Kurzname | en: Short name';
COMMENT ON COLUMN organizations.organization_type IS 'de: Art laut OParl, z. B. Gremium, Fraktion, Verwaltungsbereich | en: Type according to OParl, e.g. committee, faction, administrative unit';
COMMENT ON COLUMN organizations.classification IS 'de: Einordnung laut Quelle, z. B. Ausschuss, Rat | en: Classification according to the source, e.g. committee, council';
COMMENT ON COLUMN organizations.start_date IS 'de: Gründungsdatum | en: Start date';
COMMENT ON COLUMN organizations.end_date IS 'de: Auflösungsdatum | en: End date';
COMMENT ON COLUMN organizations.web_url IS 'de: Adresse der Seite im Ratsinformationssystem | en: URL of the page in the council information system';
COMMENT ON COLUMN organizations.deleted IS 'de: Ob die Quelle die Organisation als gelöscht meldet | en: Whether the source reports the organisation as deleted';

-- persons ----------------------------------------------------------------------------------------
COMMENT ON TABLE persons IS 'de: Personen (Ratsmitglieder, sachkundige Bürger, Verwaltung) laut OParl, eine Zeile je Person | en: Persons (council members, co-opted citizens, administration) according to OParl, one row per person';
COMMENT ON COLUMN persons.person_id IS 'de: Schlüssel der Person (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the person (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN persons.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN persons.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN persons.name IS 'de: Name | en: Name';
COMMENT ON COLUMN persons.family_name IS 'de: Familienname | en: Family name';
COMMENT ON COLUMN persons.given_name IS 'de: Vorname | en: Given name';
COMMENT ON COLUMN persons.form_of_address IS 'de: Anrede | en: Form of address';
COMMENT ON COLUMN persons.title IS 'de: Titel | en: Title';
COMMENT ON COLUMN persons.gender IS 'de: Geschlecht laut Quelle | en: Gender according to the source';
COMMENT ON COLUMN persons.status IS 'de: Status laut Quelle, z. B. Ratsmitglied | en: Status according to the source, e.g. council member';
COMMENT ON COLUMN persons.web_url IS 'de: Adresse der Seite im Ratsinformationssystem | en: URL of the page in the council information system';
COMMENT ON COLUMN persons.deleted IS 'de: Ob die Quelle die Person als gelöscht meldet | en: Whether the source reports the person as deleted';

-- memberships ------------------------------------------------------------------------------------
COMMENT ON TABLE memberships IS 'de: Mitgliedschaften von Personen in Gremien und Fraktionen laut OParl, eine Zeile je Mitgliedschaft | en: Memberships of persons in committees and factions according to OParl, one row per membership';
COMMENT ON COLUMN memberships.membership_id IS 'de: Schlüssel der Mitgliedschaft (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the membership (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN memberships.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN memberships.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN memberships.person_id IS 'de: Schlüssel der Person (persons.person_id) | en: Key of the person (persons.person_id)';
COMMENT ON COLUMN memberships.organization_id IS 'de: Schlüssel der Organisation (organizations.organization_id) | en: Key of the organisation (organizations.organization_id)';
COMMENT ON COLUMN memberships.role IS 'de: Rolle, z. B. Vorsitzender, Mitglied | en: Role, e.g. chair, member';
COMMENT ON COLUMN memberships.voting_right IS 'de: Ob die Person stimmberechtigt ist | en: Whether the person has a vote';
COMMENT ON COLUMN memberships.start_date IS 'de: Beginn | en: Start';
COMMENT ON COLUMN memberships.end_date IS 'de: Ende | en: End';
COMMENT ON COLUMN memberships.on_behalf_of IS 'de: Fraktion, für die die Person im Gremium sitzt (organizations.organization_id) | en: Faction the person sits for (organizations.organization_id)';

-- locations --------------------------------------------------------------------------------------
COMMENT ON TABLE locations IS 'de: Orte (Sitzungsräume, Adressen) laut OParl, eine Zeile je Ort | en: Locations (meeting rooms, addresses) according to OParl, one row per location';
COMMENT ON COLUMN locations.location_id IS 'de: Schlüssel des Orts (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the location (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN locations.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN locations.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN locations.description IS 'de: Beschreibung | en: Description';
COMMENT ON COLUMN locations.street_address IS 'de: Straße und Hausnummer | en: Street address';
COMMENT ON COLUMN locations.room IS 'de: Raum | en: Room';
COMMENT ON COLUMN locations.postal_code IS 'de: Postleitzahl | en: Postal code';
COMMENT ON COLUMN locations.locality IS 'de: Ort | en: Locality';
COMMENT ON COLUMN locations.geojson IS 'de: Geodaten als GeoJSON, wie die Quelle sie liefert | en: Geodata as GeoJSON, as the source provides it';

-- meetings ---------------------------------------------------------------------------------------
COMMENT ON TABLE meetings IS 'de: Sitzungen der Gremien laut OParl, eine Zeile je Sitzung | en: Meetings of the committees according to OParl, one row per meeting';
COMMENT ON COLUMN meetings.meeting_id IS 'de: Schlüssel der Sitzung (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the meeting (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN meetings.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN meetings.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN meetings.name IS 'de: Bezeichnung der Sitzung | en: Name of the meeting';
COMMENT ON COLUMN meetings.meeting_state IS 'de: Stand der Sitzung laut Quelle | en: State of the meeting according to the source';
COMMENT ON COLUMN meetings.cancelled IS 'de: Ob die Sitzung abgesagt ist | en: Whether the meeting is cancelled';
COMMENT ON COLUMN meetings.starts_at IS 'de: Beginn | en: Start';
COMMENT ON COLUMN meetings.ends_at IS 'de: Ende | en: End';
COMMENT ON COLUMN meetings.date IS 'de: Sitzungsdatum (Ortszeit, wie angegeben) | en: Date of the meeting (local time, as given)';
COMMENT ON COLUMN meetings.organization_id IS 'de: Schlüssel des tagenden Gremiums (organizations.organization_id) | en: Key of the meeting body (organizations.organization_id)';
COMMENT ON COLUMN meetings.committee IS 'de: Name des tagenden Gremiums | en: Name of the meeting body';
COMMENT ON COLUMN meetings.location_id IS 'de: Schlüssel des Orts (locations.location_id) | en: Key of the location (locations.location_id)';
COMMENT ON COLUMN meetings.participants IS 'de: Zahl der Teilnehmenden, wenn die Quelle sie nennt | en: Number of participants, where the source names them';
COMMENT ON COLUMN meetings.participant_ids IS 'de: Schlüssel der Teilnehmenden (persons.person_id; in CSV mit "; " verbunden) | en: Keys of the participants (persons.person_id; joined with "; " in CSV)';
COMMENT ON COLUMN meetings.web_url IS 'de: Adresse der Sitzungsseite | en: URL of the meeting page';
COMMENT ON COLUMN meetings.deleted IS 'de: Ob die Quelle die Sitzung als gelöscht meldet | en: Whether the source reports the meeting as deleted';

-- agenda_items -----------------------------------------------------------------------------------
COMMENT ON TABLE agenda_items IS 'de: Tagesordnungspunkte der Sitzungen laut OParl, eine Zeile je Punkt | en: Agenda items of the meetings according to OParl, one row per item';
COMMENT ON COLUMN agenda_items.agenda_item_id IS 'de: Schlüssel des Tagesordnungspunkts (OParl-ID ohne Schema und Host, mit Quellname) | en: Key of the agenda item (OParl id without scheme and host, with the source name)';
COMMENT ON COLUMN agenda_items.source IS 'de: Name der Quelle (Ratsinformationssystem) | en: Name of the source (council information system)';
COMMENT ON COLUMN agenda_items.body_key IS 'de: Schlüssel der Körperschaft (bodies.body_key) | en: Key of the body (bodies.body_key)';
COMMENT ON COLUMN agenda_items.meeting_id IS 'de: Schlüssel der Sitzung (meetings.meeting_id) | en: Key of the meeting (meetings.meeting_id)';
COMMENT ON COLUMN agenda_items.position IS 'de: Reihenfolge in der Tagesordnung, ab 1 | en: Order in the agenda, from 1';
COMMENT ON COLUMN agenda_items.number IS 'de: Nummer, wie gedruckt | en: Number as printed';
COMMENT ON COLUMN agenda_items.name IS 'de: Titel | en: Title';
COMMENT ON COLUMN agenda_items.public IS 'de: Ob der Punkt öffentlich ist | en: Whether the item is public';
COMMENT ON COLUMN agenda_items.result IS 'de: Ergebnis, wie angegeben | en: Result as given';
COMMENT ON COLUMN agenda_items.resolution_text IS 'de: Beschlusstext | en: Text of the resolution';
COMMENT ON COLUMN agenda_items.consultation_id IS 'de: Schlüssel der OParl-Beratung | en: Key of the OParl consultation';
COMMENT ON COLUMN agenda_items.paper_id IS 'de: Schlüssel der beratenen Vorlage (vorlagen.paper_id) | en: Key of the paper consulted (vorlagen.paper_id)';
COMMENT ON COLUMN agenda_items.starts_at IS 'de: Beginn | en: Start';
COMMENT ON COLUMN agenda_items.ends_at IS 'de: Ende | en: End';
COMMENT ON COLUMN files.document_id IS 'de: Schlüssel des abgerufenen Dokuments (SHA-256 des Inhalts), wenn es abgerufen wurde | en: Key of the fetched document (SHA-256 of its content), once fetched';
COMMENT ON COLUMN answers.refers_to IS 'de: Nummer der Frage, auf deren Antwort die Antwort verweist ("Siehe Antwort zu Frage 2" → "2") | en: Label of the question whose answer this answer refers to ("Siehe Antwort zu Frage 2" → "2")';

-- documents (published: documents.csv without text; documents.parquet, documents.jsonl.gz) ------
COMMENT ON TABLE documents IS 'de: Abgerufene Dokumente (PDF), die die Dateien der Vorlagen, Sitzungen und Tagesordnungspunkte nennen, mit ihrem Text und wie er gewonnen wurde; eine Zeile je Inhalt, auch wenn mehrere Dateien ihn nennen, auf die files.document_id verweist | en: Fetched documents (PDF) named by the files of papers, meetings and agenda items, with their text and how it was obtained; one row per content, however many files name it, referred to by files.document_id';
COMMENT ON COLUMN documents.document_id IS 'de: Schlüssel des Dokuments: SHA-256 seines Inhalts | en: Key of the document: the SHA-256 of its content';
COMMENT ON COLUMN documents.bytes IS 'de: Größe in Bytes | en: Size in bytes';
COMMENT ON COLUMN documents.pages IS 'de: Zahl der Seiten | en: Number of pages';
COMMENT ON COLUMN documents.pages_read IS 'de: Zahl der gelesenen Seiten; weniger als pages, wenn das Dokument mehr Seiten hat als die Obergrenze | en: Number of pages read; fewer than pages when the document has more pages than the cap';
COMMENT ON COLUMN documents.truncated IS 'de: Ob der Text an der Obergrenze für Seiten oder Zeichen abgeschnitten wurde | en: Whether the text was cut at the cap on pages or characters';
COMMENT ON COLUMN documents.method IS 'de: Wie der Text gewonnen wurde: text layer (Textebene des PDF), server text (vom Server geliefert), none (kein Text: ein Scan oder nicht lesbar) | en: How the text was obtained: text layer (the PDF''s text layer), server text (provided by the server), none (no text: a scan, or unreadable)';
COMMENT ON COLUMN documents.extractor IS 'de: Programm, das den Text gelesen hat, mit Version | en: Program that read the text, with its version';
COMMENT ON COLUMN documents.language IS 'de: Sprache, wie der Text sie nahelegt (de, wo deutsche Funktionswörter überwiegen); ein Hinweis | en: Language the text suggests (de where German function words dominate); a hint';
COMMENT ON COLUMN documents.image_only IS 'de: Ob die Seiten keine Textebene haben: ein Scan (ohne Texterkennung) | en: Whether the pages have no text layer: a scan (without text recognition)';
COMMENT ON COLUMN documents.chars IS 'de: Zahl der Zeichen des Texts ohne Leerraum (0: kein Text) | en: Number of characters of the text, whitespace not counted (0: no text)';
COMMENT ON COLUMN documents.text IS 'de: Text des Dokuments, Seiten durch einen Seitenvorschub getrennt (nur in Parquet und JSON Lines: eine Zelle einer Tabellenkalkulation fasst höchstens 32.767 Zeichen) | en: Text of the document, pages separated by a form feed (in Parquet and JSON Lines only: a spreadsheet cell holds at most 32,767 characters)';
COMMENT ON COLUMN documents.error IS 'de: Warum kein Text gewonnen wurde, mit der Adresse, von der das Dokument kam | en: Why no text was obtained, with the URL the document came from';
COMMENT ON COLUMN documents.error_kind IS 'de: Art des Fehlers: too large (zu groß), too many pages (zu viele Seiten), timed out (Zeit überschritten), memory (Speicher), encrypted (verschlüsselt), not a pdf (kein PDF), broken (beschädigt), crashed (Absturz beim Lesen) | en: Kind of error: too large, too many pages, timed out, memory, encrypted, not a pdf, broken, crashed';
COMMENT ON COLUMN documents.extracted_at IS 'de: Zeitpunkt, zu dem der Text gelesen wurde (nicht veröffentlicht: er unterscheidet sich von Lauf zu Lauf) | en: When the text was read (not published: it differs from run to run)';

-- answers and funding from documents (issue 12) ------------------------------------------------
COMMENT ON COLUMN answers.source IS 'de: Woher die Antwort stammt: page (die Seite der Vorlage) oder document (ein Dokument der Vorlage, document_id) | en: Where the answer comes from: page (the paper''s page) or document (one of the paper''s documents, document_id)';
COMMENT ON COLUMN answers.document_id IS 'de: Schlüssel des Dokuments, aus dessen Text die Antwort stammt (documents.document_id); leer bei der Seite | en: Key of the document whose text gave the answer (documents.document_id); empty for the page';
COMMENT ON COLUMN funding.source IS 'de: Woher der Betrag stammt: page (Text der Seite), document (Text eines Dokuments), table (Haushaltstabelle eines Dokuments) | en: Where the amount comes from: page (the page''s text), document (a document''s text), table (a budget table in a document)';
COMMENT ON COLUMN funding.document_id IS 'de: Schlüssel des Dokuments, aus dem der Betrag stammt (documents.document_id); leer bei der Seite | en: Key of the document the amount comes from (documents.document_id); empty for the page';
COMMENT ON COLUMN funding.year IS 'de: Jahr der Tabellenspalte ("Ansatz 2025" → 2025); nur bei Tabellenbeträgen | en: Year of the table column ("Ansatz 2025" → 2025); table amounts only';
COMMENT ON COLUMN funding.label IS 'de: Bezeichnung der Tabellenzeile ("Summe ordentliche Erträge"); nur bei Tabellenbeträgen | en: Label of the table row ("Summe ordentliche Erträge"); table amounts only';
COMMENT ON COLUMN funding.basis IS 'de: Art der Tabellenspalte: actual (Ergebnis, Ist), budget (Ansatz, Plan), forecast (Finanzplanung); leer, wenn die Spalte es nicht sagt | en: Kind of the table column: actual (Ergebnis, Ist), budget (Ansatz, Plan), forecast (Finanzplanung); empty when the column does not say';
COMMENT ON COLUMN funding.page IS 'de: Seite des Dokuments (ab 1), auf der der Betrag steht | en: Page of the document (from 1) the amount stands on';
