-- Agenda items loaded before (parameter: source), for the nightly run whose meetings drive it:
-- item, hash of the object as received (ratsinfo.ingest.agenda_hash), its consultation, its
-- meeting.
SELECT object_id, md5(regexp_replace(json, 'https?://[^/"]+', '', 'g')),
       CASE WHEN json_extract_string(json, '$.consultation') IS NOT NULL
            THEN source || ':' || regexp_replace(json_extract_string(json, '$.consultation'),
                                                  '^[a-zA-Z]+://[^/]+', '') END,
       parent_id
FROM oparl_objects
WHERE source = ? AND type = 'AgendaItem' AND NOT deleted
