-- Parse a paper's latest response when it is a page whose content the tables do not hold yet
-- (new paper, changed sha256, or undeleted), unless that very page already failed to parse.
-- Narrow columns and each body's size; the bodies are read in batches of bounded bytes.
WITH pages AS (
    SELECT url, sha256, error, content_type, coalesce(body_size, octet_length(body)) AS size
    FROM raw_responses
    WHERE kind = 'page' AND status = 200
)
SELECT p.paper_id, p.source, p.body_key, p.volfdnr, p.date, p.web_url, l.url, l.sha256, l.status,
       r.error, r.content_type, r.size
FROM oparl_papers p
JOIN latest_pages l USING (paper_id)
JOIN pages r ON r.url = l.url AND r.sha256 = l.sha256
LEFT JOIN page_vorlagen v USING (paper_id)
WHERE NOT p.deleted AND l.status = 200
  AND ($reparse OR v.paper_id IS NULL OR v.page_sha256 <> l.sha256 OR v.deleted_at IS NOT NULL)
  AND ($reparse OR NOT EXISTS (
        SELECT 1 FROM parse_failures f WHERE f.url = l.url AND f.sha256 = l.sha256))
ORDER BY p.paper_id
