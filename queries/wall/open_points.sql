-- Open incidents now (reported on any day) in `areas` (empty = all) as points, overdue first, then newest
-- first, at most `cap` (the caller knows the total from wall/open_by_grid).
-- params: areas VARCHAR[], now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, cap INTEGER
SELECT incident_id, lon, lat, overdue, layer
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE closed_at IS NULL AND (len($areas) = 0 OR list_contains($areas, area_id))
ORDER BY overdue DESC, reported_at DESC, incident_id
LIMIT $cap
