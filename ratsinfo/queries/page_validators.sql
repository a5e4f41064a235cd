-- Latest successful fetch of each of the given page URLs (parameter: urls): its validators for
-- conditional requests.
SELECT url, sha256, etag, last_modified FROM raw_responses
WHERE kind = 'page' AND status = 200 AND url IN (SELECT unnest($urls::VARCHAR[]))
QUALIFY row_number() OVER (PARTITION BY url ORDER BY last_fetched_at DESC) = 1
