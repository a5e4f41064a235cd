-- The texts the search index covers (ratsinfo.search.update_search_index): the table
-- `search_texts`, made inside the rebuild's transaction, indexed by the fts extension and dropped
-- before the commit (the index keeps what it needs; the texts stay where they are). One row per
-- text unit of a live paper (vorlagen.deleted_at IS NULL):
--   subject   its Betreff (papers without page or documents are found by it too)
--   section   a text section of its page (Sachverhalt, Begründung, Beschlussvorschlag ...)
--   document  the text of a fetched document, once per content (documents.document_id), with
--             every live paper whose files name it and the files' names as its title
-- Deleted papers drop out; a document named only by deleted papers (or only by meetings) too.
-- paper_id, position and document_id say where the text is (vorlagen, sections, documents);
-- h hashes what is indexed of it (its papers, title and text: search_diff.sql compares it).
CREATE OR REPLACE TABLE search_texts AS
SELECT *, hash(kind, paper_ids, title, text) AS h FROM (
WITH live AS (
    SELECT paper_id, subject FROM vorlagen WHERE deleted_at IS NULL
),
document_papers AS (
    SELECT f.document_id,
           list(DISTINCT f.paper_id ORDER BY f.paper_id) AS paper_ids,
           string_agg(DISTINCT trim(f.name), ' | ' ORDER BY trim(f.name)) AS title
    FROM files f SEMI JOIN live l ON l.paper_id = f.paper_id
    WHERE f.document_id IS NOT NULL
    GROUP BY f.document_id
)
SELECT 'subject:' || paper_id AS text_id, 'subject' AS kind, [paper_id] AS paper_ids,
       NULL::VARCHAR AS title, subject AS text,
       paper_id, NULL::INTEGER AS position, NULL::VARCHAR AS document_id
FROM live WHERE trim(coalesce(subject, '')) <> ''
UNION ALL
SELECT 'section:' || s.paper_id || '#' || s.position, 'section', [s.paper_id], s.title, s.text,
       s.paper_id, s.position, NULL
FROM sections s SEMI JOIN live l ON l.paper_id = s.paper_id
WHERE trim(s.text) <> ''
UNION ALL
SELECT 'document:' || d.document_id, 'document', dp.paper_ids, nullif(dp.title, ''), d.text,
       NULL, NULL, d.document_id
FROM documents d JOIN document_papers dp USING (document_id)
WHERE trim(coalesce(d.text, '')) <> ''
)
