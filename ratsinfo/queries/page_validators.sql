-- Latest successful fetch of each page URL: its validators for conditional requests.
SELECT url, sha256, etag, last_modified FROM raw_responses
WHERE kind = 'page' AND status = 200
QUALIFY row_number() OVER (PARTITION BY url ORDER BY last_fetched_at DESC) = 1
