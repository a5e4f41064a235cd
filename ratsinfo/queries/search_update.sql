-- The index brought up to date in place (ratsinfo.search.update_search_index), when few texts
-- changed (search_diff.sql: _search_gone, _search_new): what PRAGMA create_fts_index would make
-- of the current texts, up to the numbering of docids and termids (BM25 does not depend on it).
-- The texts are cut into words as the fts extension cuts them: its own `tokenize` macro on each
-- field (title, text), empty words and stop words dropped, each word stemmed ({stemmer} is
-- replaced by ratsinfo.search); a text's len is its words over both fields, a word's df the
-- texts it occurs in, stats the texts and their mean length.
CREATE OR REPLACE TEMP TABLE _search_new_terms AS
WITH tokenized AS (
    SELECT unnest(fts_main_search_texts.tokenize(n.title)) AS w, n.docid,
           (SELECT fieldid FROM fts_main_search_texts.fields WHERE field = 'title') AS fieldid
    FROM _search_new n
    UNION ALL
    SELECT unnest(fts_main_search_texts.tokenize(n.text)) AS w, n.docid,
           (SELECT fieldid FROM fts_main_search_texts.fields WHERE field = 'text') AS fieldid
    FROM _search_new n
)
SELECT stem(t.w, '{stemmer}') AS term, t.docid, t.fieldid
FROM tokenized t
WHERE t.w IS NOT NULL AND len(t.w) > 0
  AND t.w NOT IN (SELECT sw FROM fts_main_search_texts.stopwords)
;
-- out: the gone texts' words count one text less
UPDATE fts_main_search_texts.dict d SET df = d.df - g.n
FROM (SELECT termid, count(*) AS n FROM fts_main_search_texts.term_postings
      WHERE docid IN (SELECT docid FROM _search_gone) GROUP BY termid) g
WHERE d.termid = g.termid
;
DELETE FROM fts_main_search_texts.terms WHERE docid IN (SELECT docid FROM _search_gone);
DELETE FROM fts_main_search_texts.term_postings WHERE docid IN (SELECT docid FROM _search_gone);
DELETE FROM fts_main_search_texts.doc_papers WHERE docid IN (SELECT docid FROM _search_gone);
DELETE FROM fts_main_search_texts.doc_hashes WHERE docid IN (SELECT docid FROM _search_gone);
DELETE FROM fts_main_search_texts.docs WHERE docid IN (SELECT docid FROM _search_gone);
-- in: words not in the dictionary yet, then the new texts with their words
INSERT INTO fts_main_search_texts.dict (termid, term, df)
SELECT (SELECT coalesce(max(termid), -1) FROM fts_main_search_texts.dict)
       + row_number() OVER (ORDER BY n.term), n.term, 0
FROM (SELECT DISTINCT term FROM _search_new_terms) n
ANTI JOIN fts_main_search_texts.dict d ON d.term = n.term
;
INSERT INTO fts_main_search_texts.docs (docid, name, len)
SELECT n.docid, n.text_id, coalesce(l.len, 0)
FROM _search_new n
LEFT JOIN (SELECT docid, count(*) AS len FROM _search_new_terms GROUP BY docid) l
       ON l.docid = n.docid
;
INSERT INTO fts_main_search_texts.terms (docid, fieldid, termid)
SELECT t.docid, t.fieldid, d.termid
FROM _search_new_terms t JOIN fts_main_search_texts.dict d ON d.term = t.term
;
INSERT INTO fts_main_search_texts.term_postings (termid, docid, tf, len)
SELECT d.termid, t.docid, count(*)::INTEGER, any_value(x.len)::INTEGER
FROM _search_new_terms t
JOIN fts_main_search_texts.dict d ON d.term = t.term
JOIN fts_main_search_texts.docs x ON x.docid = t.docid
GROUP BY d.termid, t.docid
;
UPDATE fts_main_search_texts.dict d SET df = d.df + g.n
FROM (SELECT d2.termid, count(DISTINCT t.docid) AS n
      FROM _search_new_terms t JOIN fts_main_search_texts.dict d2 ON d2.term = t.term
      GROUP BY d2.termid) g
WHERE d.termid = g.termid
;
DELETE FROM fts_main_search_texts.dict WHERE df = 0;
INSERT INTO fts_main_search_texts.doc_papers
    (docid, paper_id, text_id, kind, title, position, document_id)
SELECT n.docid, unnest(n.paper_ids), n.text_id, n.kind, n.title, n.position, n.document_id
FROM _search_new n
;
INSERT INTO fts_main_search_texts.doc_hashes (docid, text_id, h)
SELECT docid, text_id, h FROM _search_new
;
UPDATE fts_main_search_texts.stats SET
    num_docs = (SELECT count(docid) FROM fts_main_search_texts.docs),
    avgdl = (SELECT sum(len) / count(len) FROM fts_main_search_texts.docs)
;
DROP TABLE _search_new_terms;
DROP TABLE _search_gone;
DROP TABLE _search_new
