-- When one incident was reported (no row for an unknown id).
-- params: incident_id VARCHAR
SELECT reported_at FROM incident WHERE incident_id = $incident_id
