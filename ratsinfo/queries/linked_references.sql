-- OParl links of the re-read papers (parameter: paper ids), superordinated and related, as references.
SELECT p.paper_id, list(o.reference ORDER BY o.reference)
FROM oparl_papers p, unnest(list_concat(p.superordinated_papers, p.related_papers)) AS l(linked)
JOIN oparl_papers o ON o.paper_id = l.linked
WHERE p.paper_id IN (SELECT unnest(?::VARCHAR[])) AND o.reference IS NOT NULL
GROUP BY p.paper_id
