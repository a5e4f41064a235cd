-- The content a version tracks (ratsinfo.model_tables.build_model): Grunddaten and Beratungsfolge,
-- as JSON built in DuckDB; a new version starts when its hash differs from the open one. Two
-- statements: the Beratungsfolge aggregated first, then joined (in one statement, the aggregate
-- and the join's hash table over it ran out of 128 MB at 50,000 papers inside the load's
-- transaction; apart, they fit). The list sorted after the aggregate, not ordered inside it (an
-- ordered aggregate holds its groups in memory): a paper's rows have unique (position,
-- meeting_position), so the order is the same.
CREATE OR REPLACE TEMP TABLE _folge AS
SELECT paper_id,
       to_json(list_sort(list(struct_pack(position, meeting_position, committee, role, state,
                                          date, meeting, decision)))) AS beratungsfolge
FROM beratungsfolge GROUP BY paper_id
;
CREATE OR REPLACE TEMP TABLE _versions AS
WITH content AS (
    SELECT v.paper_id, coalesce(v.page_sha256, '') AS page_sha256,
           to_json(struct_pack(v.reference, v.subject, v.paper_type, v.status, v.lead_department,
                               v.participating_departments, v.responsible, v.parent_reference,
                               v.related_references, v.date)) AS vorlage,
           coalesce(f.beratungsfolge, '[]'::JSON) AS beratungsfolge
    FROM vorlagen v LEFT JOIN _folge f USING (paper_id)
    WHERE v.deleted_at IS NULL
)
SELECT *, sha256(vorlage::VARCHAR || beratungsfolge::VARCHAR) AS content_sha256 FROM content
;
DROP TABLE _folge
