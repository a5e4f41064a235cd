-- Papers of a council (parameter) listed by an earlier run: the incremental listing stops at a
-- page of such papers (pages that never loaded are re-checked with a back-off, recheck_papers).
SELECT paper_id FROM oparl_papers WHERE source = ?
