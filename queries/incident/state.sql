-- The current status and stage times of one incident (no row: unknown id).
-- params: incident_id VARCHAR
SELECT status, reported_at, responded_at, arrived_at, disposed_at, closed_at
FROM incident WHERE incident_id = $incident_id
