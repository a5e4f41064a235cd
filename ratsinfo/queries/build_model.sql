-- The published tables of the OParl model, rebuilt from `oparl_objects` (every object as received,
-- embedded ones taken out) and, for vorlagen, beratungsfolge and files, from what the vendor's
-- paper pages said (page_vorlagen, page_beratungsfolge, page_files). Run by
-- ratsinfo.model_tables.build_model inside the load's transaction; statements are separated by
-- a line holding only ";". Each key is taken once (the latest object wins), so a server that
-- lists an object twice never breaks a load.
--
-- Precedence where a paper page and OParl both say something (tests/test_model_tables.py):
--   reference, subject (OParl `name`), paper_type, date: OParl; the page's value where OParl
--     has none. A different page value is kept in source_disagreements.
--   status, lead/participating departments, responsible, introduction: the page (OParl has no
--     such fields; lead_department falls back to OParl `underDirectionOf`).
--   Beratungsfolge: where the page shows one, its rows (one per meeting, with state and
--     decision, which OParl does not carry), each matched to the OParl consultation at the same
--     place for its consultation_id, organization and `authoritative`; where the committee or
--     the number of consultations differs, the OParl list is kept in source_disagreements.
--     Without a page: one row per OParl consultation, committee, meeting and agenda item result
--     resolved through the model.

CREATE OR REPLACE TEMP TABLE _objects AS
SELECT * EXCLUDE (json), json::JSON AS j FROM oparl_objects
QUALIFY row_number() OVER (PARTITION BY object_id ORDER BY last_seen_at DESC) = 1
;
CREATE OR REPLACE TEMP MACRO _key(src, id) AS
    CASE WHEN id IS NULL THEN NULL
         WHEN regexp_matches(id, '^[a-zA-Z]+://[^/]+')
         THEN src || ':' || regexp_replace(id, '^[a-zA-Z]+://[^/]+', '')
         ELSE src || ':' || id END
;
CREATE OR REPLACE TEMP MACRO _first(j, path) AS
    coalesce(json_extract_string(j, path || '[0]'),
             CASE WHEN json_type(j, path) = 'VARCHAR' THEN json_extract_string(j, path) END)
;
CREATE OR REPLACE TEMP MACRO _date(j, path) AS
    TRY_CAST(substr(json_extract_string(j, path), 1, 10) AS DATE)
;
CREATE OR REPLACE TEMP MACRO _ts(j, path) AS
    TRY_CAST(json_extract_string(j, path) AS TIMESTAMPTZ)
;
CREATE OR REPLACE TEMP MACRO _bool(j, path) AS
    CASE json_type(j, path) WHEN 'BOOLEAN' THEN json_extract(j, path)::BOOLEAN END
;
CREATE OR REPLACE TEMP MACRO _text(j, path) AS
    CASE WHEN json_type(j, path) = 'ARRAY'
         THEN array_to_string(json_extract_string(j, path || '[*]'), ', ')
         WHEN json_type(j, path) IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE')
         THEN nullif(trim(json_extract_string(j, path)), '') END
;
DELETE FROM bodies
;
INSERT INTO bodies
SELECT o.object_id, o.source, o.oparl_id, _text(j, '$.name'), _text(j, '$.shortName'),
       _text(j, '$.website'), coalesce(_text(j, '$.license'), s.license), _text(j, '$.ags'),
       _text(j, '$.rgs'), _text(j, '$.classification'), s.vendor, s.system_id
FROM _objects o LEFT JOIN systems s USING (source)
WHERE o.type = 'Body'
;
DELETE FROM legislative_terms
;
INSERT INTO legislative_terms
SELECT object_id, source, body_key, _text(j, '$.name'), _date(j, '$.startDate'),
       _date(j, '$.endDate')
FROM _objects WHERE type = 'LegislativeTerm' AND NOT deleted
;
DELETE FROM organizations
;
INSERT INTO organizations
SELECT object_id, source, body_key, _text(j, '$.name'), _text(j, '$.shortName'),
       _text(j, '$.organizationType'), _text(j, '$.classification'), _date(j, '$.startDate'),
       _date(j, '$.endDate'), _text(j, '$.web'), deleted
FROM _objects WHERE type = 'Organization'
;
DELETE FROM persons
;
INSERT INTO persons
SELECT object_id, source, body_key,
       coalesce(_text(j, '$.name'),
                nullif(trim(concat_ws(' ', _text(j, '$.givenName'), _text(j, '$.familyName'))), '')),
       _text(j, '$.familyName'), _text(j, '$.givenName'), _text(j, '$.formOfAddress'),
       _text(j, '$.title'), _text(j, '$.gender'), _text(j, '$.status'), _text(j, '$.web'), deleted
FROM _objects WHERE type = 'Person'
;
DELETE FROM memberships
;
INSERT INTO memberships
SELECT object_id, source, body_key, _key(source, _first(j, '$.person')),
       _key(source, _first(j, '$.organization')), _text(j, '$.role'), _bool(j, '$.votingRight'),
       _date(j, '$.startDate'), _date(j, '$.endDate'), _key(source, _first(j, '$.onBehalfOf'))
FROM _objects WHERE type = 'Membership' AND NOT deleted
;
DELETE FROM locations
;
INSERT INTO locations
SELECT object_id, source, body_key, _text(j, '$.description'), _text(j, '$.streetAddress'),
       _text(j, '$.room'), replace(_text(j, '$.postalCode'), chr(160), ''), _text(j, '$.locality'),
       json_extract(j, '$.geojson')::VARCHAR
FROM _objects WHERE type = 'Location' AND NOT deleted
;
DELETE FROM meetings
;
INSERT INTO meetings
SELECT m.object_id, m.source, m.body_key, _text(m.j, '$.name'), _text(m.j, '$.meetingState'),
       _bool(m.j, '$.cancelled'), _ts(m.j, '$.start'), _ts(m.j, '$.end'), _date(m.j, '$.start'),
       _key(m.source, _first(m.j, '$.organization')), org.name,
       _key(m.source, _first(m.j, '$.location')),
       CASE WHEN json_type(m.j, '$.participant') = 'ARRAY'
            THEN json_array_length(m.j, '$.participant') END,
       list_transform(json_extract_string(m.j, '$.participant[*]'), lambda x: _key(m.source, x)),
       _text(m.j, '$.web'), m.deleted
FROM _objects m
LEFT JOIN organizations org ON org.organization_id = _key(m.source, _first(m.j, '$.organization'))
WHERE m.type = 'Meeting'
;
CREATE OR REPLACE TEMP TABLE _consultations AS
SELECT c.object_id AS consultation_id, c.source, c.body_key,
       _key(c.source, _first(c.j, '$.paper')) AS paper_id,
       _key(c.source, _first(c.j, '$.meeting')) AS meeting_id,
       _key(c.source, _first(c.j, '$.agendaItem')) AS agenda_item_id,
       _key(c.source, _first(c.j, '$.organization')) AS organization_id,
       _text(c.j, '$.role') AS role, _bool(c.j, '$.authoritative') AS authoritative,
       _first(c.j, '$.meeting') AS meeting_url_oparl,
       coalesce(c.position, 1) AS place, c.object_id AS sort_key
FROM _objects c WHERE c.type = 'Consultation' AND NOT c.deleted
;
-- A consultation's agenda item, from either side: Consultation.agendaItem, or the agenda item's
-- own `consultation` link (Sternberg links them from the agenda item only, ALLRIS 4 neither).
CREATE OR REPLACE TEMP TABLE _agenda AS
SELECT a.object_id AS agenda_item_id, a.source, a.body_key,
       coalesce(_key(a.source, _first(a.j, '$.meeting')), a.parent_id) AS meeting_id,
       a.position AS place, _text(a.j, '$.number') AS number, _text(a.j, '$.name') AS name,
       _bool(a.j, '$.public') AS public, _text(a.j, '$.result') AS result,
       _text(a.j, '$.resolutionText') AS resolution_text,
       _key(a.source, _first(a.j, '$.consultation')) AS consultation_id,
       _ts(a.j, '$.start') AS starts_at, _ts(a.j, '$.end') AS ends_at, _text(a.j, '$.web') AS web
FROM _objects a WHERE a.type = 'AgendaItem' AND NOT a.deleted
;
INSERT INTO _consultations
SELECT a.consultation_id, a.source, a.body_key, NULL, a.meeting_id, a.agenda_item_id, NULL, NULL,
       NULL, NULL, 1, a.consultation_id
FROM _agenda a
WHERE a.consultation_id IS NOT NULL
  AND a.consultation_id NOT IN (SELECT consultation_id FROM _consultations)
;
CREATE OR REPLACE TEMP TABLE _consultation_agenda AS
SELECT c.consultation_id,
       coalesce(any_value(c.agenda_item_id), min(a.agenda_item_id)) AS agenda_item_id
FROM _consultations c LEFT JOIN _agenda a ON a.consultation_id = c.consultation_id
GROUP BY c.consultation_id
;
DELETE FROM agenda_items
;
INSERT INTO agenda_items
SELECT a.agenda_item_id, a.source, a.body_key, a.meeting_id, a.place, a.number, a.name, a.public,
       a.result, a.resolution_text, coalesce(a.consultation_id, c.consultation_id), c.paper_id,
       a.starts_at, a.ends_at
FROM _agenda a
LEFT JOIN _consultation_agenda ca ON ca.agenda_item_id = a.agenda_item_id
LEFT JOIN _consultations c ON c.consultation_id = coalesce(a.consultation_id, ca.consultation_id)
QUALIFY row_number() OVER (PARTITION BY a.agenda_item_id ORDER BY c.paper_id NULLS LAST) = 1
;
DELETE FROM source_disagreements
;
DELETE FROM vorlagen
;
INSERT INTO vorlagen
SELECT p.paper_id, p.source, p.volfdnr,
       coalesce(p.reference, pv.reference), coalesce(p.name, pv.subject),
       coalesce(p.paper_type, pv.paper_type), pv.status,
       coalesce(pv.lead_department, lead.name), coalesce(pv.participating_departments, []),
       pv.responsible,
       CASE WHEN p.reference IS NOT NULL THEN p.parent_reference ELSE pv.parent_reference END,
       CASE WHEN p.name IS NOT NULL THEN coalesce(p.related_references, [])
            ELSE coalesce(pv.related_references, []) END,
       coalesce(p.date, pv.date), p.web_url, pv.introduction, pv.page_sha256,
       CASE WHEN p.deleted OR pv.deleted_at IS NOT NULL
            THEN coalesce(pv.deleted_at, p.deleted_at, o.deleted_at, o.last_seen_at) END,
       p.body_key,
       orig.originators,
       p.oparl_id
FROM oparl_papers p
LEFT JOIN page_vorlagen pv USING (paper_id)
LEFT JOIN _objects o ON o.object_id = p.paper_id
LEFT JOIN (  -- who brought the paper in: originating persons and organizations, by name
    SELECT op.paper_id, list(DISTINCT coalesce(pe.name, og.name)) AS originators
    FROM oparl_papers op
    JOIN _objects oo ON oo.object_id = op.paper_id
    CROSS JOIN unnest(list_concat(
        coalesce(json_extract_string(oo.j, '$.originatorPerson[*]'), []),
        coalesce(json_extract_string(oo.j, '$.originatorOrganization[*]'), []))) AS u(x)
    LEFT JOIN persons pe ON pe.person_id = _key(op.source, u.x)
    LEFT JOIN organizations og ON og.organization_id = _key(op.source, u.x)
    WHERE coalesce(pe.name, og.name) IS NOT NULL
    GROUP BY op.paper_id
) orig ON orig.paper_id = p.paper_id
LEFT JOIN organizations lead
       ON lead.organization_id = _key(p.source, _first(o.j, '$.underDirectionOf'))
WHERE p.reference IS NOT NULL OR p.name IS NOT NULL OR pv.paper_id IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY p.paper_id ORDER BY p.paper_id) = 1
;
INSERT INTO source_disagreements
SELECT v.paper_id, f.field, f.oparl_value, f.page_value
FROM oparl_papers v JOIN page_vorlagen pv USING (paper_id),
LATERAL (VALUES ('reference', v.reference, pv.reference),
                ('subject', v.name, pv.subject),
                ('paper_type', v.paper_type, pv.paper_type)) AS f(field, oparl_value, page_value)
WHERE f.oparl_value IS NOT NULL AND f.page_value IS NOT NULL
  AND regexp_replace(trim(f.oparl_value), '\s+', ' ', 'g')
      <> regexp_replace(trim(f.page_value), '\s+', ' ', 'g')
;
-- OParl consultations per paper, in the order the paper lists them
CREATE OR REPLACE TEMP TABLE _paper_consultations AS
SELECT c.*, org.name AS committee,
       row_number() OVER (PARTITION BY c.paper_id ORDER BY c.place, c.sort_key) AS position,
       m.meeting_id AS known_meeting, m.name AS meeting_name, m.date AS meeting_date,
       coalesce(m.web_url, c.meeting_url_oparl) AS meeting_url,
       coalesce(c.agenda_item_id, ca.agenda_item_id) AS agenda_item,
       a.result, a.web AS agenda_web, m.organization_id AS meeting_org, m.committee AS meeting_committee
FROM _consultations c
LEFT JOIN _consultation_agenda ca USING (consultation_id)
LEFT JOIN _agenda a ON a.agenda_item_id = coalesce(c.agenda_item_id, ca.agenda_item_id)
LEFT JOIN meetings m ON m.meeting_id = coalesce(c.meeting_id, a.meeting_id)
LEFT JOIN organizations org ON org.organization_id = c.organization_id
WHERE c.paper_id IS NOT NULL
;
DELETE FROM beratungsfolge
;
-- papers whose page shows a Beratungsfolge: its rows, matched to OParl by place
INSERT INTO beratungsfolge
SELECT b.paper_id, b.reference, b.position, b.meeting_position, b.committee, b.role,
       b.state, b.date, b.meeting, b.decision, b.meeting_url, b.agenda_item_url, v.body_key,
       pc.authoritative, pc.consultation_id, pc.organization_id,
       pc.known_meeting, pc.agenda_item
FROM page_beratungsfolge b
JOIN vorlagen v USING (paper_id)
LEFT JOIN _paper_consultations pc ON pc.paper_id = b.paper_id AND pc.position = b.position
;
-- every other paper: its OParl consultations
INSERT INTO beratungsfolge
SELECT pc.paper_id, v.reference, pc.position,
       CASE WHEN pc.meeting_id IS NOT NULL THEN 1 ELSE 0 END,
       coalesce(pc.committee, pc.meeting_committee), pc.role, NULL, pc.meeting_date,
       pc.meeting_name, pc.result, pc.meeting_url, pc.agenda_web, v.body_key, pc.authoritative,
       pc.consultation_id, coalesce(pc.organization_id, pc.meeting_org), pc.meeting_id,
       pc.agenda_item
FROM _paper_consultations pc
JOIN vorlagen v USING (paper_id)
WHERE pc.paper_id NOT IN (SELECT paper_id FROM page_beratungsfolge)
;
INSERT INTO source_disagreements
SELECT paper_id, 'consultations', oparl, page
FROM (
    SELECT coalesce(o.paper_id, p.paper_id) AS paper_id,
           string_agg(o.committee, '; ' ORDER BY o.position) AS oparl,
           string_agg(p.committee, '; ' ORDER BY p.position) AS page
    FROM (SELECT paper_id, position, committee FROM _paper_consultations
          WHERE paper_id IN (SELECT paper_id FROM page_beratungsfolge)) o
    FULL JOIN (SELECT DISTINCT paper_id, position, committee FROM page_beratungsfolge
               WHERE paper_id IN (SELECT paper_id FROM _paper_consultations)) p
         USING (paper_id, position)
    GROUP BY ALL
)
WHERE oparl IS DISTINCT FROM page
;
DELETE FROM files
;
INSERT INTO files
SELECT f.object_id, f.source, f.body_key,
       CASE WHEN parent.type = 'Paper' THEN parent.object_id
            ELSE _key(f.source, _first(f.j, '$.paper')) END,
       CASE WHEN parent.type = 'Meeting' THEN parent.object_id
            ELSE _key(f.source, _first(f.j, '$.meeting')) END,
       CASE WHEN parent.type = 'AgendaItem' THEN parent.object_id
            ELSE _key(f.source, _first(f.j, '$.agendaItem')) END,
       f.parent_field, f.position, _text(f.j, '$.name'), _text(f.j, '$.fileName'),
       _text(f.j, '$.mimeType'), TRY_CAST(json_extract_string(f.j, '$.size') AS BIGINT),
       _text(f.j, '$.accessUrl'), _text(f.j, '$.downloadUrl'), _date(f.j, '$.date'),
       json_extract_string(f.j, '$.text'), NULL
FROM _objects f LEFT JOIN _objects parent ON parent.object_id = f.parent_id
WHERE f.type = 'File' AND NOT f.deleted
;
-- documents a paper page links that OParl does not list: not by URL, nor by name among the
-- paper's files (ALLRIS 4 links an Anlage through a Wicket listener URL that holds the page's
-- session: fetched later it gives an HTML page, or nothing; OParl's auxiliaryFile is the same
-- document at a stable address)
INSERT INTO files
SELECT pf.paper_id || '#page/' || pf.position, v.source, v.body_key, pf.paper_id, NULL, NULL,
       'page', pf.position, pf.title, NULL, NULL, NULL, pf.url, NULL, NULL, NULL, NULL
FROM page_files pf JOIN vorlagen v USING (paper_id)
WHERE pf.url NOT IN (SELECT access_url FROM files WHERE access_url IS NOT NULL)
  AND pf.url NOT IN (SELECT download_url FROM files WHERE download_url IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM files o
                  WHERE o.paper_id = pf.paper_id
                    AND lower(trim(o.name)) = lower(trim(pf.title)))
;
UPDATE sections SET body_key = v.body_key FROM vorlagen v
WHERE sections.paper_id = v.paper_id AND sections.body_key IS DISTINCT FROM v.body_key
;
DROP TABLE _objects
;
DROP TABLE _consultations
;
DROP TABLE _agenda
;
DROP TABLE _consultation_agenda
;
DROP TABLE _paper_consultations
