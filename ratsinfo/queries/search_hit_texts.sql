-- The texts of search hits, for their snippets (parameter: $text_ids, a list of text_id): each
-- from where it is, as doc_papers (search_index.sql) says: the paper's subject, its section, or
-- the document. One join per kind, each with only its own hits (documents and vorlagen are found
-- through their primary keys).
WITH wanted AS (
    SELECT text_id, kind, paper_id, position, document_id
    FROM fts_main_search_texts.doc_papers
    WHERE text_id IN (SELECT unnest($text_ids))
    QUALIFY row_number() OVER (PARTITION BY text_id ORDER BY paper_id) = 1
)
SELECT w.text_id, v.subject FROM wanted w JOIN vorlagen v ON v.paper_id = w.paper_id
WHERE w.kind = 'subject'
UNION ALL
SELECT w.text_id, s.text FROM wanted w
JOIN sections s ON s.paper_id = w.paper_id AND s.position = w.position
WHERE w.kind = 'section'
UNION ALL
SELECT w.text_id, d.text FROM wanted w JOIN documents d ON d.document_id = w.document_id
WHERE w.kind = 'document'
