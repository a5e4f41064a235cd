-- Papers still loaded that the council says are gone: OParl `deleted: true`, or their page
-- answers 404/410.
SELECT v.paper_id FROM page_vorlagen v
JOIN oparl_papers p USING (paper_id)
LEFT JOIN latest_pages l USING (paper_id)
WHERE v.deleted_at IS NULL AND (p.deleted OR l.status IN (404, 410))
ORDER BY 1
