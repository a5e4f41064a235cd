-- Papers of a council (parameter) whose page was fetched at least once.
SELECT DISTINCT p.paper_id FROM oparl_papers p
JOIN raw_responses r ON r.paper_id = p.paper_id AND r.kind = 'page' AND r.status = 200
WHERE p.source = ?
