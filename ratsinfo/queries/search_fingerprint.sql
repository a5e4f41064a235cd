-- What the search index was built from, in one string (ratsinfo.search.fingerprint): for every
-- input of search_texts.sql its row count and the XOR of its rows' hashes, so any row added,
-- removed or changed gives another string. Cheap beside a rebuild: one scan, no sort, no join.
-- Documents are hashed by their key (the content's sha256) and when they were read, not by text.
SELECT concat_ws(' ',
    (SELECT 'vorlagen=' || count(*) || ':'
            || coalesce(bit_xor(hash(paper_id, subject, deleted_at IS NULL)), 0) FROM vorlagen),
    (SELECT 'sections=' || count(*) || ':'
            || coalesce(bit_xor(hash(paper_id, position, title, text)), 0) FROM sections),
    (SELECT 'documents=' || count(*) || ':'
            || coalesce(bit_xor(hash(document_id, extracted_at, chars)), 0) FROM documents),
    (SELECT 'files=' || count(*) || ':'
            || coalesce(bit_xor(hash(file_id, document_id, paper_id, name)), 0)
     FROM files WHERE document_id IS NOT NULL)
) AS fingerprint
