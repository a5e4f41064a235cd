-- Papers to re-check in an incremental run (vendors whose pages are read): never loaded (new,
-- failed, interrupted; after a failure only once its back-off in page_retries has passed); with a
-- Beratungsfolge that is still open (a consultation planned, or a meeting without decision in a
-- consultation not marked done: ALLRIS shows "Erledigt" consultations whose meeting row carries
-- no decision, e.g. papers taken "zur Kenntnis"); or younger than the window, backing off with
-- age: a paper N days old is re-checked when its last check is at least N/10 days ago (daily in
-- its first ten days, every 11 days at 110 days), since late edits get rarer as papers age.
-- Sources whose meetings drive the nightly run (ratsinfo.ingest, ALLRIS 4) take only the papers
-- never loaded from here (`never_loaded`): their meetings say which others changed.
WITH checked AS (
    SELECT paper_id, max(last_fetched_at) AS at FROM raw_responses
    WHERE kind = 'page' AND status IN (200, 304) GROUP BY paper_id
)
SELECT p.* EXCLUDE (json), v.paper_id IS NULL AS never_loaded FROM oparl_papers p
LEFT JOIN page_vorlagen v USING (paper_id)
LEFT JOIN checked c USING (paper_id)
LEFT JOIN page_retries r USING (paper_id)
WHERE p.source = $source AND NOT p.deleted AND p.web_url IS NOT NULL AND coalesce(p.reads_page, true)
  AND v.deleted_at IS NULL AND (r.paper_id IS NULL OR r.next_attempt_at <= $now) AND (
    v.paper_id IS NULL
    OR (coalesce(p.date, v.date) >= $young_since
        AND (c.at IS NULL OR c.at <= $now - to_days(
                greatest(1, ($today - coalesce(p.date, v.date)) // 10)::INTEGER) + INTERVAL 2 HOUR))
    OR EXISTS (
        SELECT 1 FROM page_beratungsfolge b
        WHERE b.paper_id = p.paper_id
          AND (b.state = 'Geplant' OR (b.meeting_position > 0 AND b.decision IS NULL
               AND coalesce(b.state, '') NOT IN ('Erledigt', 'Gestoppt')))
    )
)
ORDER BY p.paper_id
