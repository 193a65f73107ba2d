-- The lifecycle log of one incident, oldest first.
-- params: incident_id VARCHAR
SELECT "at", status, note, actor FROM incident_event WHERE incident_id = $incident_id ORDER BY "at", status
