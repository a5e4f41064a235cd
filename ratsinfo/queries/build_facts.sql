-- The published answers and funding, rebuilt from what the pages said and what the documents
-- said (run by build_model inside the load's transaction, and after documents are read).
-- Statements are separated by a line holding only ";".
--
-- Answers, one set per paper: the page's answers where its page gave any; else the answers of
-- the paper's document that gave the most (ties: the main file, then the file order). Two
-- documents of one paper are mostly the same answer twice (the Stellungnahme and the
-- Sammeldokument that contains it), so they are not added up.
--
-- Funding: the page's amounts; then the amounts of the documents' prose that the page did not
-- name (same amount and upper bound) and that no earlier document named, leaving out what the
-- same document has in a budget table (a table read as prose is a soup of numbers); then the
-- documents' table amounts other than zero (a dash cell), each (year, label, column, amount)
-- once per paper. Positions follow
-- that order, the page's first and unchanged.

CREATE OR REPLACE TEMP TABLE _paper_documents AS
SELECT f.paper_id, f.document_id,
       row_number() OVER (PARTITION BY f.paper_id
                          ORDER BY CASE f.role WHEN 'mainFile' THEN 0 WHEN 'auxiliaryFile' THEN 1
                                               ELSE 2 END,
                                   f.position NULLS LAST, f.file_id) AS rank
FROM files f JOIN vorlagen v USING (paper_id)
WHERE f.document_id IS NOT NULL AND v.deleted_at IS NULL
QUALIFY row_number() OVER (PARTITION BY f.paper_id, f.document_id
                           ORDER BY CASE f.role WHEN 'mainFile' THEN 0
                                                WHEN 'auxiliaryFile' THEN 1 ELSE 2 END,
                                    f.position NULLS LAST, f.file_id) = 1
;
DELETE FROM answers
;
INSERT INTO answers (paper_id, reference, question_reference, position, question_label,
                     question_text, answer_text, asked_by, asked_on, body_key, refers_to, source,
                     document_id)
SELECT a.paper_id, a.reference, a.question_reference, a.position, a.question_label,
       a.question_text, a.answer_text, a.asked_by, a.asked_on, v.body_key, a.refers_to, 'page',
       NULL
FROM page_answers a JOIN vorlagen v USING (paper_id)
;
INSERT INTO answers (paper_id, reference, question_reference, position, question_label,
                     question_text, answer_text, asked_by, asked_on, body_key, refers_to, source,
                     document_id)
WITH best AS (
    SELECT d.paper_id, d.document_id
    FROM document_answers d JOIN _paper_documents p USING (paper_id, document_id)
    WHERE d.paper_id NOT IN (SELECT paper_id FROM page_answers)
    GROUP BY d.paper_id, d.document_id, p.rank
    QUALIFY row_number() OVER (PARTITION BY d.paper_id ORDER BY count(*) DESC, p.rank) = 1
)
SELECT d.paper_id, v.reference, d.question_reference, d.position, d.question_label,
       d.question_text, d.answer_text, d.asked_by, d.asked_on, v.body_key, d.refers_to,
       'document', d.document_id
FROM document_answers d JOIN best USING (paper_id, document_id) JOIN vorlagen v USING (paper_id)
;
DELETE FROM funding
;
INSERT INTO funding (paper_id, reference, position, amount, amount_max, currency, period, role,
                     funder, recipient, applies_from, text, body_key, source, document_id)
SELECT f.paper_id, f.reference, f.position, f.amount, f.amount_max, f.currency, f.period,
       f.role, f.funder, f.recipient, f.applies_from, f.text, v.body_key, 'page', NULL
FROM page_funding f JOIN vorlagen v USING (paper_id)
;
INSERT INTO funding (paper_id, reference, position, amount, amount_max, currency, period, role,
                     funder, recipient, applies_from, text, body_key, source, document_id, year,
                     label, basis, page)
WITH prose AS (  -- each paper's documents' prose amounts the page did not name
    SELECT p.paper_id, p.rank, df.*
    FROM _paper_documents p JOIN document_funding df USING (document_id)
    WHERE NOT EXISTS (SELECT 1 FROM page_funding pf
                      WHERE pf.paper_id = p.paper_id AND pf.amount = df.amount
                        AND pf.amount_max IS NOT DISTINCT FROM df.amount_max)
      AND NOT EXISTS (SELECT 1 FROM document_amounts t
                      WHERE t.document_id = df.document_id AND t.amount = df.amount)
    QUALIFY row_number() OVER (PARTITION BY p.paper_id, df.amount, df.amount_max
                               ORDER BY p.rank, df.position) = 1
), tabled AS (  -- and their table amounts, each once
    SELECT p.paper_id, p.rank, t.*
    FROM _paper_documents p JOIN document_amounts t USING (document_id)
    WHERE t.amount <> 0  -- a dash cell: nothing spent or planned
    QUALIFY row_number() OVER (PARTITION BY p.paper_id, t.year, t.label, t.column_header,
                                            t.amount
                               ORDER BY p.rank, t.position) = 1
), rows AS (
    SELECT paper_id, 0 AS part, rank, position AS pos, amount, amount_max, currency, period,
           role, funder, recipient, applies_from, text, 'document' AS source, document_id,
           NULL::INTEGER AS year, NULL AS label, NULL AS basis, page
    FROM prose
    UNION ALL
    SELECT paper_id, 1, rank, position, amount, NULL, currency, NULL, 'budget', NULL, NULL, NULL,
           concat_ws(' | ', caption, concat_ws(' ', code, label), column_header || ': ' || cell),
           'table', document_id, year, label, basis, page
    FROM tabled
)
SELECT r.paper_id, v.reference,
       coalesce(last.position, 0)
         + row_number() OVER (PARTITION BY r.paper_id ORDER BY r.part, r.rank, r.pos),
       r.amount, r.amount_max, r.currency, r.period, r.role, r.funder, r.recipient,
       r.applies_from, r.text, v.body_key, r.source, r.document_id, r.year, r.label, r.basis,
       r.page
FROM rows r JOIN vorlagen v USING (paper_id)
LEFT JOIN (SELECT paper_id, max(position) AS position FROM page_funding GROUP BY paper_id) last
       USING (paper_id)
;
DROP TABLE _paper_documents
