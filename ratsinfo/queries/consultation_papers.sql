-- Each consultation's paper (parameter: source): the Paper it came embedded in, else its own
-- `paper` link.
SELECT object_id,
       coalesce(CASE WHEN parent_field = 'consultation' THEN parent_id END,
                source || ':' || regexp_replace(json_extract_string(json, '$.paper'),
                                                 '^[a-zA-Z]+://[^/]+', ''))
FROM oparl_objects
WHERE source = ? AND type = 'Consultation' AND NOT deleted
