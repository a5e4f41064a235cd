-- Each file's document: the content last fetched from its download URL, else its access URL.
UPDATE files SET document_id = d.sha256
FROM (SELECT url, sha256 FROM document_responses WHERE kind = 'document' AND status = 200
      QUALIFY row_number() OVER (PARTITION BY url ORDER BY last_fetched_at DESC) = 1) d
WHERE d.url = coalesce(files.download_url, files.access_url)
  AND files.document_id IS DISTINCT FROM d.sha256
