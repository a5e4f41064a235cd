-- Document URLs to fetch (parameters: $source, $now, $limit): each PDF file's download URL, else
-- its access URL, unless the server sends the file's text, that was never fetched, and is not
-- waiting for a retry (url_retries); newest papers first, one row per URL (a file linked from
-- several papers is fetched once).
WITH wanted AS (
    SELECT coalesce(f.download_url, f.access_url) AS url,
           min(f.paper_id) AS paper_id,
           max(v.date) AS date
    FROM files f LEFT JOIN vorlagen v USING (paper_id)
    WHERE f.source = $source
      AND coalesce(f.download_url, f.access_url) IS NOT NULL
      AND (f.mime_type IS NULL OR lower(f.mime_type) LIKE '%pdf%')
      AND trim(coalesce(f.text, '')) = ''  -- the server sends its text: that is used instead
      AND v.deleted_at IS NULL
    GROUP BY 1
)
SELECT w.url, w.paper_id FROM wanted w
WHERE NOT EXISTS (SELECT 1 FROM document_responses r WHERE r.url = w.url AND r.kind = 'document')
   OR (EXISTS (SELECT 1 FROM url_retries u WHERE u.url = w.url AND u.next_attempt_at <= $now)
       AND NOT EXISTS (SELECT 1 FROM document_responses r
                       WHERE r.url = w.url AND r.kind = 'document' AND r.status = 200))
ORDER BY w.date DESC NULLS LAST, w.url
LIMIT $limit
