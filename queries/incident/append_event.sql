-- Append one lifecycle event to the log.
-- params: incident_id VARCHAR, at TIMESTAMP, status VARCHAR, note VARCHAR, actor VARCHAR
INSERT INTO incident_event VALUES ($incident_id, $at, $status, $note, $actor)
