-- Each file's document: the content last fetched from its download URL, else its access URL;
-- for a file whose server sends its text (OParl File.text), that text's document (sha256 of the
-- text: ratsinfo.document_facts.add_server_texts), and the file is not fetched.
UPDATE files SET document_id = d.sha256
FROM (SELECT url, sha256 FROM document_responses WHERE kind = 'document' AND status = 200
      QUALIFY row_number() OVER (PARTITION BY url ORDER BY last_fetched_at DESC) = 1) d
WHERE d.url = coalesce(files.download_url, files.access_url)
  AND d.sha256 IN (SELECT document_id FROM documents)  -- fetched and read (published together)
  AND trim(coalesce(files.text, '')) = ''
  AND files.document_id IS DISTINCT FROM d.sha256
;
UPDATE files SET document_id = sha256(files.text)
WHERE trim(coalesce(files.text, '')) <> ''
  AND files.document_id IS DISTINCT FROM sha256(files.text)
  AND sha256(files.text) IN (SELECT document_id FROM documents)
