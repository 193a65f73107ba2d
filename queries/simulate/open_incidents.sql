-- Open incidents reported since `since` with their stage times, oldest first, at most `cap`: the ones the
-- live simulation moves along their lifecycle.
-- params: since TIMESTAMP, cap INTEGER
SELECT incident_id, reported_at, responded_at, arrived_at, disposed_at
FROM incident
WHERE closed_at IS NULL AND reported_at >= $since
ORDER BY reported_at, incident_id
LIMIT $cap
