-- Which texts changed since the index was built or last updated (ratsinfo.search.
-- update_search_index), in two temporary tables of the update's transaction:
--   _search_gone  the indexed texts (docid) gone from search_texts, or changed (another hash)
--   _search_new   the texts of search_texts not indexed as they are now, each with the docid it
--                 gets (after the highest one in use)
-- A text that changed is in both: taken out, and put in again under a new docid.
CREATE OR REPLACE TEMP TABLE _search_gone AS
SELECT x.docid
FROM fts_main_search_texts.doc_hashes x
ANTI JOIN search_texts t ON t.text_id = x.text_id AND t.h = x.h
;
CREATE OR REPLACE TEMP TABLE _search_new AS
SELECT t.*,
       (SELECT coalesce(max(docid), -1) FROM fts_main_search_texts.docs)
       + row_number() OVER (ORDER BY t.text_id) AS docid
FROM search_texts t
ANTI JOIN fts_main_search_texts.doc_hashes x ON x.text_id = t.text_id AND x.h = t.h
