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

-- A view, not a copy: a temporary table of every object stays in memory (90 MB at 10,000
-- papers); object_id is oparl_objects' key, so each object is there once. The statements over
-- the many objects (meetings, consultations, agenda items, files) take the fields they read out
-- of an object in ONE json_extract (one parse per object) and read each field from that: a
-- macro on the whole object parses it once per field, and DuckDB keeps every parse of a vector
-- of 2,048 objects until the vector is done (170 MB of RSS for 14,000 agenda items).
--
-- The intermediate tables (_consultations, _agenda, ...) are ordinary tables of the warehouse,
-- created and dropped inside the load's transaction, so no other connection ever sees them and
-- a killed run leaves none behind. Not TEMP tables: DuckDB keeps a transaction's temporary
-- tables in its in-memory temp catalog, and at 300,000 papers a join reading them ran out of
-- 128 MB (the page rows' beratungsfolge insert, which passes at 128 MB when its inputs are
-- tables written to the database file; BENCHMARKS.md, round 2, sixth session).
CREATE OR REPLACE TEMP VIEW _objects AS
SELECT * EXCLUDE (json), json::JSON AS j FROM oparl_objects
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
WITH m AS (
    SELECT object_id, source, body_key, deleted,
           json_extract(j, ['$.name', '$.meetingState', '$.cancelled', '$.start', '$.end',
                            '$.organization', '$.location', '$.participant', '$.web']) AS f
    FROM _objects WHERE type = 'Meeting'
)
SELECT m.object_id, m.source, m.body_key, _text(f[1], '$'), _text(f[2], '$'),
       _bool(f[3], '$'), _ts(f[4], '$'), _ts(f[5], '$'), _date(f[4], '$'),
       _key(m.source, _first(f[6], '$')), org.name,
       _key(m.source, _first(f[7], '$')),
       CASE WHEN json_type(f[8]) = 'ARRAY' THEN json_array_length(f[8]) END,
       list_transform(coalesce(json_extract_string(f[8], '$[*]'), []),
                      lambda x: _key(m.source, x)),
       _text(f[9], '$'), m.deleted
FROM m
LEFT JOIN organizations org ON org.organization_id = _key(m.source, _first(f[6], '$'))
;
CREATE OR REPLACE TABLE _consultations AS
WITH c AS (
    SELECT object_id, source, body_key, position,
           json_extract(j, ['$.paper', '$.meeting', '$.agendaItem', '$.organization', '$.role',
                            '$.authoritative']) AS f
    FROM _objects WHERE type = 'Consultation' AND NOT deleted
)
SELECT c.object_id AS consultation_id, c.source, c.body_key,
       _key(c.source, _first(f[1], '$')) AS paper_id,
       _key(c.source, _first(f[2], '$')) AS meeting_id,
       _key(c.source, _first(f[3], '$')) AS agenda_item_id,
       _key(c.source, _first(f[4], '$')) AS organization_id,
       _text(f[5], '$') AS role, _bool(f[6], '$') AS authoritative,
       _first(f[2], '$') AS meeting_url_oparl,
       coalesce(c.position, 1) AS place, c.object_id AS sort_key
FROM c
;
-- A consultation's agenda item, from either side: Consultation.agendaItem, or the agenda item's
-- own `consultation` link (Sternberg links them from the agenda item only, ALLRIS 4 neither).
CREATE OR REPLACE TABLE _agenda AS
WITH a AS (
    SELECT object_id, source, body_key, parent_id, position,
           json_extract(j, ['$.meeting', '$.number', '$.name', '$.public', '$.result',
                            '$.resolutionText', '$.consultation', '$.start', '$.end',
                            '$.web']) AS f
    FROM _objects WHERE type = 'AgendaItem' AND NOT deleted
)
SELECT a.object_id AS agenda_item_id, a.source, a.body_key,
       coalesce(_key(a.source, _first(f[1], '$')), a.parent_id) AS meeting_id,
       a.position AS place, _text(f[2], '$') AS number, _text(f[3], '$') AS name,
       _bool(f[4], '$') AS public, _text(f[5], '$') AS result,
       _text(f[6], '$') AS resolution_text,
       _key(a.source, _first(f[7], '$')) AS consultation_id,
       _ts(f[8], '$') AS starts_at, _ts(f[9], '$') AS ends_at, _text(f[10], '$') AS web
FROM a
;
INSERT INTO _consultations
SELECT a.consultation_id, a.source, a.body_key, NULL, a.meeting_id, a.agenda_item_id, NULL, NULL,
       NULL, NULL, 1, a.consultation_id
FROM _agenda a
WHERE a.consultation_id IS NOT NULL
  AND a.consultation_id NOT IN (SELECT consultation_id FROM _consultations)
;
CREATE OR REPLACE TABLE _consultation_agenda AS
SELECT c.consultation_id,
       coalesce(any_value(c.agenda_item_id), min(a.agenda_item_id)) AS agenda_item_id
FROM _consultations c LEFT JOIN _agenda a ON a.consultation_id = c.consultation_id
GROUP BY c.consultation_id
;
DELETE FROM agenda_items
;
-- Each agenda item's consultations and papers first, keys only; then one of them per item (of
-- several, the one of the smallest paper); then the items' own columns joined by key. Three
-- statements, as each holds its own hash tables or sort at once: in one, with the items' names
-- and resolution texts carried along, this needed 512 MB of DuckDB at 300,000 papers (a 16 MiB
-- hash-table allocation over 420,000 items failed at 128 and 256); so it fits in 128.
CREATE OR REPLACE TABLE _agenda_links AS
SELECT a.agenda_item_id, coalesce(a.consultation_id, c.consultation_id) AS consultation_id,
       c.paper_id
FROM (SELECT agenda_item_id, consultation_id FROM _agenda) a
LEFT JOIN _consultation_agenda ca ON ca.agenda_item_id = a.agenda_item_id
LEFT JOIN (SELECT consultation_id, paper_id FROM _consultations) c
       ON c.consultation_id = coalesce(a.consultation_id, ca.consultation_id)
;
CREATE OR REPLACE TABLE _agenda_link AS
SELECT * FROM _agenda_links
QUALIFY row_number() OVER (PARTITION BY agenda_item_id ORDER BY paper_id NULLS LAST) = 1
;
DROP TABLE _agenda_links
;
INSERT INTO agenda_items
SELECT a.agenda_item_id, a.source, a.body_key, a.meeting_id, a.place, a.number, a.name, a.public,
       a.result, a.resolution_text, l.consultation_id, l.paper_id, a.starts_at, a.ends_at
FROM _agenda a JOIN _agenda_link l USING (agenda_item_id)
;
DROP TABLE _agenda_link
;
DELETE FROM source_disagreements
;
DELETE FROM vorlagen
;
-- What the model reads of a paper's object, its lead department and who brought it in
-- (originating persons and organizations, by name), one narrow row per paper, before the papers'
-- wide rows are joined: in one statement, its hash tables and aggregate beside the page rows',
-- this ran out of 128 MB of DuckDB at 300,000 papers.
CREATE OR REPLACE TABLE _paper_objects AS
SELECT object_id AS paper_id, deleted_at, last_seen_at,
       json_extract(j, ['$.underDirectionOf', '$.originatorPerson',
                        '$.originatorOrganization']) AS f
FROM _objects WHERE type = 'Paper'
;
CREATE OR REPLACE TABLE _paper_originators AS
SELECT op.paper_id, list(DISTINCT coalesce(pe.name, og.name)) AS originators
FROM oparl_papers op
JOIN _paper_objects oo USING (paper_id)
CROSS JOIN unnest(list_concat(
    coalesce(json_extract_string(oo.f[2], '$[*]'), []),
    coalesce(json_extract_string(oo.f[3], '$[*]'), []))) AS u(x)
LEFT JOIN persons pe ON pe.person_id = _key(op.source, u.x)
LEFT JOIN organizations og ON og.organization_id = _key(op.source, u.x)
WHERE coalesce(pe.name, og.name) IS NOT NULL
GROUP BY op.paper_id
;
CREATE OR REPLACE TABLE _paper_extra AS
SELECT p.paper_id, o.deleted_at, o.last_seen_at, lead.name AS lead_name, orig.originators
FROM oparl_papers p
LEFT JOIN _paper_objects o USING (paper_id)
LEFT JOIN _paper_originators orig USING (paper_id)
LEFT JOIN organizations lead
       ON lead.organization_id = _key(p.source, _first(o.f[1], '$'))
;
DROP TABLE _paper_objects
;
DROP TABLE _paper_originators
;
INSERT INTO vorlagen
SELECT p.paper_id, p.source, p.volfdnr,
       coalesce(p.reference, pv.reference), coalesce(p.name, pv.subject),
       coalesce(p.paper_type, pv.paper_type), pv.status,
       coalesce(pv.lead_department, x.lead_name), coalesce(pv.participating_departments, []),
       pv.responsible,
       CASE WHEN p.reference IS NOT NULL THEN p.parent_reference ELSE pv.parent_reference END,
       CASE WHEN p.name IS NOT NULL THEN coalesce(p.related_references, [])
            ELSE coalesce(pv.related_references, []) END,
       coalesce(p.date, pv.date), p.web_url, pv.introduction, pv.page_sha256,
       CASE WHEN p.deleted OR pv.deleted_at IS NOT NULL
            THEN coalesce(pv.deleted_at, p.deleted_at, x.deleted_at, x.last_seen_at) END,
       p.body_key,
       x.originators,
       p.oparl_id
FROM oparl_papers p
LEFT JOIN (  -- a paper's page once, should a load ever have staged it twice
    SELECT * FROM page_vorlagen
    WHERE rowid IN (SELECT min(rowid) FROM page_vorlagen GROUP BY paper_id)
) pv USING (paper_id)
LEFT JOIN _paper_extra x USING (paper_id)
WHERE p.reference IS NOT NULL OR p.name IS NOT NULL OR pv.paper_id IS NOT NULL
;
DROP TABLE _paper_extra
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
-- OParl consultations per paper, in the order the paper lists them, with their committee,
-- meeting and agenda item. Keys and places first, then the agenda items' result, web page and
-- meeting, then the wide rows: in one statement, its four hash tables and the window over the
-- wide rows at once, this ran out of 128 MB of DuckDB at 300,000 papers.
CREATE OR REPLACE TABLE _pc_keys AS
SELECT c.consultation_id, c.paper_id,
       row_number() OVER (PARTITION BY c.paper_id ORDER BY c.place, c.sort_key) AS position,
       coalesce(c.agenda_item_id, ca.agenda_item_id) AS agenda_item
FROM (SELECT consultation_id, paper_id, place, sort_key, agenda_item_id FROM _consultations
      WHERE paper_id IS NOT NULL) c
LEFT JOIN _consultation_agenda ca USING (consultation_id)
;
CREATE OR REPLACE TABLE _pc_agenda AS
SELECT k.*, a.result, a.web AS agenda_web, a.meeting_id AS agenda_meeting
FROM _pc_keys k
LEFT JOIN (SELECT agenda_item_id, meeting_id, result, web FROM _agenda) a
       ON a.agenda_item_id = k.agenda_item
;
DROP TABLE _pc_keys
;
CREATE OR REPLACE TABLE _paper_consultations AS
SELECT c.*, org.name AS committee, k.position,
       m.meeting_id AS known_meeting, m.name AS meeting_name, m.date AS meeting_date,
       coalesce(m.web_url, c.meeting_url_oparl) AS meeting_url,
       k.agenda_item, k.result, k.agenda_web, m.organization_id AS meeting_org,
       m.committee AS meeting_committee
FROM _pc_agenda k
JOIN _consultations c USING (consultation_id)
LEFT JOIN meetings m ON m.meeting_id = coalesce(c.meeting_id, k.agenda_meeting)
LEFT JOIN organizations org ON org.organization_id = c.organization_id
;
DROP TABLE _pc_agenda
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
-- Papers whose page and OParl name different committees: first the papers with a place where
-- the two differ (keys only), then the two lists of just those papers (the ordered aggregates
-- over every paper ran out of 128 MB at 300,000 papers). A paper whose lists differ has such a
-- place, so the second statement sees every one of them.
CREATE OR REPLACE TABLE _consultation_diffs AS
SELECT DISTINCT coalesce(o.paper_id, p.paper_id) AS paper_id
FROM (SELECT paper_id, position, committee FROM _paper_consultations
      WHERE paper_id IN (SELECT paper_id FROM page_beratungsfolge)) o
FULL JOIN (SELECT DISTINCT paper_id, position, committee FROM page_beratungsfolge
           WHERE paper_id IN (SELECT paper_id FROM _paper_consultations)) p
     USING (paper_id, position)
WHERE o.committee IS DISTINCT FROM p.committee
;
INSERT INTO source_disagreements
SELECT paper_id, 'consultations', oparl, page
FROM (
    SELECT coalesce(o.paper_id, p.paper_id) AS paper_id,
           string_agg(o.committee, '; ' ORDER BY o.position) AS oparl,
           string_agg(p.committee, '; ' ORDER BY p.position) AS page
    FROM (SELECT paper_id, position, committee FROM _paper_consultations
          WHERE paper_id IN (SELECT paper_id FROM _consultation_diffs)) o
    FULL JOIN (SELECT DISTINCT paper_id, position, committee FROM page_beratungsfolge
               WHERE paper_id IN (SELECT paper_id FROM _consultation_diffs)) p
         USING (paper_id, position)
    GROUP BY ALL
)
WHERE oparl IS DISTINCT FROM page
;
DROP TABLE _consultation_diffs
;
DELETE FROM files
;
INSERT INTO files
WITH f AS (
    SELECT object_id, source, body_key, parent_id, parent_field, position,
           json_extract(j, ['$.paper', '$.meeting', '$.agendaItem', '$.name', '$.fileName',
                            '$.mimeType', '$.size', '$.accessUrl', '$.downloadUrl', '$.date',
                            '$.text']) AS v
    FROM _objects WHERE type = 'File' AND NOT deleted
)
SELECT f.object_id, f.source, f.body_key,
       CASE WHEN parent.type = 'Paper' THEN parent.object_id
            ELSE _key(f.source, _first(v[1], '$')) END,
       CASE WHEN parent.type = 'Meeting' THEN parent.object_id
            ELSE _key(f.source, _first(v[2], '$')) END,
       CASE WHEN parent.type = 'AgendaItem' THEN parent.object_id
            ELSE _key(f.source, _first(v[3], '$')) END,
       f.parent_field, f.position, _text(v[4], '$'), _text(v[5], '$'),
       _text(v[6], '$'), TRY_CAST(json_extract_string(v[7], '$') AS BIGINT),
       _text(v[8], '$'), _text(v[9], '$'), _date(v[10], '$'),
       json_extract_string(v[11], '$'), NULL
FROM f LEFT JOIN (SELECT object_id, type FROM oparl_objects) parent
     ON parent.object_id = f.parent_id
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
DROP VIEW _objects
;
DROP TABLE _consultations
;
DROP TABLE _agenda
;
DROP TABLE _consultation_agenda
;
DROP TABLE _paper_consultations
