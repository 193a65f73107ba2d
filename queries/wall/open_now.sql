-- Every open incident now (reported on any day) in `areas` (empty = all): grid, point and whether it is
-- overdue against 51530, overdue first then newest first — the wall counts them per grid and draws the first.
-- params: areas VARCHAR[], now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT grid_id, lon, lat, overdue
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE closed_at IS NULL AND (len($areas) = 0 OR list_contains($areas, area_id))
ORDER BY overdue DESC, reported_at DESC, incident_id
