-- Two tables beside the fts extension's own, in its schema (dropped and made anew with it), for
-- the macro `search` (search_macro.sql) and the snippets (search_hit_texts.sql):
--   term_postings  (termid, docid, tf, len): how often each word occurs in each text, and the
--                  text's length in words; ordered by word, so the texts of a query's words are
--                  read without the others' (the extension's `terms` holds one row per word
--                  occurrence, in text order, and match_bm25 reads it whole)
--   doc_papers     (docid, paper_id, text_id, kind, title, position, document_id): each indexed
--                  text (docs.name is its text_id) with its papers, one row per paper (a document
--                  named by two papers: two rows), and where its text is: the paper's subject
--                  (kind 'subject'), sections (paper_id, position), documents (document_id)
--   doc_hashes     (docid, text_id, h): the hash of what each text was indexed with, so that a
--                  later update (search_diff.sql, search_update.sql) finds the texts changed
CREATE OR REPLACE TABLE fts_main_search_texts.term_postings AS
SELECT t.termid, t.docid, count(*)::INTEGER AS tf, any_value(d.len)::INTEGER AS len
FROM fts_main_search_texts.terms t
JOIN fts_main_search_texts.docs d ON d.docid = t.docid
GROUP BY t.termid, t.docid
ORDER BY t.termid, t.docid
;
CREATE OR REPLACE TABLE fts_main_search_texts.doc_papers AS
SELECT d.docid, unnest(t.paper_ids) AS paper_id, t.text_id, t.kind, t.title, t.position,
       t.document_id
FROM fts_main_search_texts.docs d
JOIN search_texts t ON t.text_id = d.name
ORDER BY d.docid
;
CREATE OR REPLACE TABLE fts_main_search_texts.doc_hashes AS
SELECT d.docid, t.text_id, t.h
FROM fts_main_search_texts.docs d
JOIN search_texts t ON t.text_id = d.name
