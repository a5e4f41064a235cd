-- The search from SQL: `SELECT * FROM search('Welcome Center', body := 'braunschweig')`, one row
-- per live paper, best first (column `rank`). Created by ratsinfo.search.update_search_index
-- after the fts index (the macro reads its schema fts_main_search_texts); needs DuckDB's fts
-- extension loaded in the session (`stem`). The command line runs the same macro.
--
-- Matching: the query is cut into words as the index cut the texts (lower case, accents
-- stripped, `tokenize`), German stop words dropped, each word stemmed (`stem(w, 'german')`);
-- a paper matches when every stemmed word occurs in its texts (its subject, its page's
-- sections, its documents), not necessarily in the same one.
-- Ranking: BM25 with the parameters and formula of the fts extension's match_bm25 (k 1.2,
-- b 0.75, its idf; a text scores what match_bm25 gives it), computed for the query's words at
-- once from the index: the postings by term (term_postings, ordered by term, so a word's rows
-- are found without reading the others') instead of one match_bm25 call per text, which reads
-- every word of every text. A paper's score is that of its best-matching text.
-- Filters (NULL: no filter): body (a body_key, the council's source key such as 'braunschweig',
-- or the body's name or short name), date_from/date_to (the paper's date, inclusive),
-- paper_type (from the start of the paper type, case-insensitive: 'Mitteilung' also finds
-- 'Mitteilung außerhalb von Sitzungen'), committee (part of a committee's name in the paper's
-- Beratungsfolge, case-insensitive).
CREATE OR REPLACE MACRO search(query, body := NULL, date_from := NULL, date_to := NULL,
                               paper_type := NULL, committee := NULL) AS TABLE
WITH tokens AS (
    SELECT DISTINCT stem(w.t, 'german') AS term
    FROM (SELECT unnest(fts_main_search_texts.tokenize(query)) AS t) w
    WHERE w.t <> '' AND w.t NOT IN (SELECT sw.sw FROM fts_main_search_texts.stopwords sw)
),
qterms AS (  -- the query's words in the index, each with its idf and a bit of its own
    SELECT d.termid,
           log((st.num_docs - d.df + 0.5) / (d.df + 0.5) + 1) AS idf,
           1::UBIGINT << (row_number() OVER (ORDER BY d.termid) - 1)::INTEGER AS bit
    FROM fts_main_search_texts.dict d
    SEMI JOIN tokens k ON d.term = k.term
    CROSS JOIN fts_main_search_texts.stats st
),
scored AS (  -- BM25 of each text with at least one of the words, and which words it has
    SELECT p.docid,
           sum(q.idf * p.tf * (1.2 + 1)
               / (p.tf + 1.2 * (1 - 0.75 + 0.75 * p.len / st.avgdl))) AS score,
           bit_or(q.bit) AS bits
    FROM fts_main_search_texts.term_postings p
    JOIN qterms q ON q.termid = p.termid
    CROSS JOIN fts_main_search_texts.stats st
    GROUP BY p.docid
),
papers AS (  -- every word in some text of the paper; its best text
    SELECT x.paper_id, max(s.score) AS score, arg_max(s.docid, s.score) AS docid,
           count(*) AS texts_hit
    FROM scored s JOIN fts_main_search_texts.doc_papers x ON x.docid = s.docid
    GROUP BY x.paper_id
    HAVING bit_or(s.bits) = (1::UBIGINT << (SELECT count(*) FROM tokens)::INTEGER) - 1
)
SELECT row_number() OVER (ORDER BY p.score DESC, v.date DESC NULLS LAST, p.paper_id) AS rank,
       p.paper_id, v.reference, v.date, v.body_key,
       coalesce(b.short_name, b.name, v.source) AS body, v.paper_type, v.subject,
       p.score, x.kind AS hit_kind, x.title AS hit_title, x.text_id, p.texts_hit, v.web_url
FROM papers p
JOIN fts_main_search_texts.doc_papers x ON x.docid = p.docid AND x.paper_id = p.paper_id
JOIN vorlagen v ON v.paper_id = p.paper_id
LEFT JOIN bodies b ON b.body_key = v.body_key
WHERE v.deleted_at IS NULL
  AND (body IS NULL OR v.body_key = body OR lower(v.source) = lower(body)
       OR lower(b.name) = lower(body) OR lower(b.short_name) = lower(body))
  AND (date_from IS NULL OR v.date >= CAST(date_from AS DATE))
  AND (date_to IS NULL OR v.date <= CAST(date_to AS DATE))
  AND (paper_type IS NULL OR starts_with(lower(v.paper_type), lower(paper_type)))
  AND (committee IS NULL OR EXISTS (
        SELECT 1 FROM beratungsfolge bf
        WHERE bf.paper_id = p.paper_id AND contains(lower(bf.committee), lower(committee))))
ORDER BY rank
