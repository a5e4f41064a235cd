-- (paper, document) pairs to read for answers (parameters: $version, $max_chars): every live
-- paper's documents with text up to $max_chars characters that were not read with this version
-- of the extractors; and those read before their question paper came: answers without question
-- text whose question paper (same body) was loaded, or had a document read, after the pair.
WITH pairs AS (
    SELECT DISTINCT f.paper_id, f.document_id, v.body_key
    FROM files f
    JOIN documents d USING (document_id)
    JOIN vorlagen v USING (paper_id)
    WHERE d.chars > 0 AND d.chars <= $max_chars AND v.deleted_at IS NULL
), waiting AS (  -- read pairs whose answers lack the question text
    SELECT DISTINCT r.paper_id, r.document_id, r.read_at, a.question_reference
    FROM document_reads r
    JOIN document_answers a USING (paper_id, document_id)
    WHERE r.version = $version AND a.question_text IS NULL AND a.question_reference IS NOT NULL
), question_came AS (
    SELECT w.paper_id, w.document_id
    FROM waiting w
    JOIN pairs p USING (paper_id, document_id)
    JOIN vorlagen q ON q.reference = w.question_reference
                   AND q.body_key IS NOT DISTINCT FROM p.body_key
    WHERE EXISTS (SELECT 1 FROM vorlagen_versions qv
                  WHERE qv.paper_id = q.paper_id AND qv.valid_from > w.read_at)
       OR EXISTS (SELECT 1 FROM files qf JOIN documents qd USING (document_id)
                  WHERE qf.paper_id = q.paper_id AND qd.extracted_at > w.read_at)
)
SELECT p.paper_id, p.document_id
FROM pairs p
WHERE NOT EXISTS (SELECT 1 FROM document_reads r
                  WHERE r.paper_id = p.paper_id AND r.document_id = p.document_id
                    AND r.version = $version)
   OR (p.paper_id, p.document_id) IN (SELECT (paper_id, document_id) FROM question_came)
ORDER BY p.paper_id, p.document_id
