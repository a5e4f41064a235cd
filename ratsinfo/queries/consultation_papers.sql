-- The papers of the given consultations (parameters: source, ids): the Paper each came embedded
-- in, else its own `paper` link.
SELECT object_id,
       coalesce(CASE WHEN parent_field = 'consultation' THEN parent_id END,
                source || ':' || regexp_replace(json_extract_string(json, '$.paper'),
                                                 '^[a-zA-Z]+://[^/]+', ''))
FROM oparl_objects
WHERE source = $source AND type = 'Consultation' AND NOT deleted
  AND object_id IN (SELECT unnest($ids::VARCHAR[]))
