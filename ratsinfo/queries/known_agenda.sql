-- Agenda items loaded before (parameters: source; unshown: ratsinfo.ingest.AGENDA_UNSHOWN), for
-- the nightly run whose meetings drive it: item, digest of what a paper's page shows of it
-- (ratsinfo.ingest.agenda_hash: the object as received without its number, order and modification
-- time, blind to the server's origin), its consultation, its meeting.
SELECT object_id,
       md5(regexp_replace(regexp_replace(json, $unshown, '', 'g'), 'https?://[^/"]+', '', 'g')),
       CASE WHEN json_extract_string(json, '$.consultation') IS NOT NULL
            THEN source || ':' || regexp_replace(json_extract_string(json, '$.consultation'),
                                                  '^[a-zA-Z]+://[^/]+', '') END,
       parent_id
FROM oparl_objects
WHERE source = $source AND type = 'AgendaItem' AND NOT deleted
