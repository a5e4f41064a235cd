-- The content a version tracks (ratsinfo.model_tables.build_model): Grunddaten and Beratungsfolge,
-- as JSON built in DuckDB; a new version starts when its hash differs from the open one. The
-- Beratungsfolge aggregated first, then joined (in one statement, the aggregate and the join's
-- hash table over it ran out of 128 MB at 50,000 papers inside the load's transaction; apart,
-- they fit), both per bucket of papers (a statement naming $bucket runs once per bucket of
-- ~50,000 papers: the aggregate over 300,000 papers at once ran out of 128 MB). The list sorted
-- after the aggregate, not ordered inside it (an ordered aggregate holds its groups in memory):
-- a paper's rows have unique (position, meeting_position), so the order is the same.
CREATE OR REPLACE TABLE _folge (paper_id VARCHAR, beratungsfolge JSON)
;
INSERT INTO _folge
SELECT paper_id,
       to_json(list_sort(list(struct_pack(position, meeting_position, committee, role, state,
                                          date, meeting, decision)))) AS beratungsfolge
FROM beratungsfolge WHERE hash(paper_id) % $buckets = $bucket GROUP BY paper_id
;
CREATE OR REPLACE TEMP TABLE _versions (
    paper_id VARCHAR, page_sha256 VARCHAR, vorlage JSON, beratungsfolge JSON,
    content_sha256 VARCHAR
)
;
INSERT INTO _versions
WITH content AS (
    SELECT v.paper_id, coalesce(v.page_sha256, '') AS page_sha256,
           to_json(struct_pack(v.reference, v.subject, v.paper_type, v.status, v.lead_department,
                               v.participating_departments, v.responsible, v.parent_reference,
                               v.related_references, v.date)) AS vorlage,
           coalesce(f.beratungsfolge, '[]'::JSON) AS beratungsfolge
    FROM (SELECT * FROM vorlagen WHERE hash(paper_id) % $buckets = $bucket) v
    LEFT JOIN (SELECT * FROM _folge WHERE hash(paper_id) % $buckets = $bucket) f
           USING (paper_id)
    WHERE v.deleted_at IS NULL
)
SELECT *, sha256(vorlage::VARCHAR || beratungsfolge::VARCHAR) AS content_sha256 FROM content
;
DROP TABLE _folge
