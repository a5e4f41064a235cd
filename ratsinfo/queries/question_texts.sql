-- Question papers named by the re-read papers (parameter: references): their text sections
-- joined, with the body each belongs to (references repeat across bodies: the caller matches
-- the body too).
SELECT v.body_key, v.reference, string_agg(s.text, chr(10) || chr(10) ORDER BY s.position)
FROM vorlagen v JOIN sections s USING (paper_id)
WHERE v.reference IN (SELECT unnest(?::VARCHAR[]))
GROUP BY ALL
