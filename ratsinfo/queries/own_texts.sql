-- The papers' own texts that may hold their questions (parameters: $papers, $max_chars): the
-- page's sections joined (document_id NULL), then each document's text (main file first), each
-- at most $max_chars characters.
WITH texts AS (
    SELECT s.paper_id, NULL AS document_id, 0 AS rank, NULL AS file_id,
           string_agg(s.text, chr(10) || chr(10) ORDER BY s.position) AS text
    FROM sections s
    WHERE s.paper_id IN (SELECT unnest($papers::VARCHAR[]))
    GROUP BY s.paper_id
    UNION ALL
    SELECT f.paper_id, f.document_id,
           CASE f.role WHEN 'mainFile' THEN 1 WHEN 'auxiliaryFile' THEN 2 ELSE 3 END,
           min(f.file_id), any_value(d.text)
    FROM files f JOIN documents d USING (document_id)
    WHERE f.paper_id IN (SELECT unnest($papers::VARCHAR[]))
      AND d.chars > 0 AND d.chars <= $max_chars
    GROUP BY f.paper_id, f.document_id, f.role
)
SELECT paper_id, document_id, text FROM texts WHERE length(text) <= $max_chars
ORDER BY paper_id, rank, file_id
