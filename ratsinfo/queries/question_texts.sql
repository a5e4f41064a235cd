-- Texts of the question papers named by the re-read papers (parameter: references), with the
-- body each belongs to (references repeat across bodies: the caller matches the body too): the
-- page's text sections joined, then the text of each of the paper's documents (an Anfrage
-- published only as a PDF), main file first. Documents are read for questions up to 200,000
-- characters (an Anfrage is a few pages; a budget plan is no question paper).
WITH papers AS (
    SELECT paper_id, body_key, reference FROM vorlagen
    WHERE reference IN (SELECT unnest(?::VARCHAR[])) AND deleted_at IS NULL
), texts AS (
    SELECT p.body_key, p.reference, 0 AS rank, NULL AS file_id,
           string_agg(s.text, chr(10) || chr(10) ORDER BY s.position) AS text
    FROM papers p JOIN sections s USING (paper_id)
    GROUP BY ALL
    UNION ALL
    SELECT p.body_key, p.reference,
           CASE f.role WHEN 'mainFile' THEN 1 WHEN 'auxiliaryFile' THEN 2 ELSE 3 END,
           f.file_id, any_value(d.text)
    FROM papers p JOIN files f USING (paper_id) JOIN documents d USING (document_id)
    WHERE d.chars > 0 AND d.chars <= 200000
    GROUP BY ALL
)
SELECT body_key, reference, text FROM texts ORDER BY body_key, reference, rank, file_id
