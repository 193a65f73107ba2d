-- Open incidents now (reported on any day) per level-3 grid in `areas` (empty = all), with how many of
-- them are overdue against 51530 — what the wall colours its grids by. grid_id NULL: outside every grid.
-- params: areas VARCHAR[], now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT grid_id, count(*) AS open_n, count(*) FILTER (overdue) AS overdue_n
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE closed_at IS NULL AND (len($areas) = 0 OR list_contains($areas, area_id))
GROUP BY grid_id
ORDER BY grid_id NULLS LAST
