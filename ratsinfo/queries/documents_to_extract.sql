-- Fetched documents whose content has no row in `documents` yet (parameter: $limit): one per
-- sha256, with a URL it came from and its size.
SELECT r.sha256, min(r.url) AS url, any_value(r.content_type) AS content_type,
       any_value(coalesce(r.body_size, octet_length(r.body))) AS size
FROM document_responses r
WHERE r.kind = 'document' AND r.status = 200 AND r.sha256 <> ''
  AND r.sha256 NOT IN (SELECT document_id FROM documents)
GROUP BY r.sha256
ORDER BY r.sha256
LIMIT $limit
