-- The newest incidents reported from `from_day` on in `areas` (empty = all), newest first, at most `cap`:
-- time, place (address, else grid name), category, current stage and whether it is overdue — the ticker.
-- params: areas VARCHAR[], from_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, cap INTEGER
WITH newest AS (
    SELECT incident_id, reported_at, category, status, overdue, grid_id
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE reported_at >= $from_day AND (len($areas) = 0 OR list_contains($areas, area_id))
    ORDER BY reported_at DESC, incident_id DESC
    LIMIT $cap
)
SELECT n.incident_id, n.reported_at, n.category, n.status, n.overdue, i.address, g.name AS grid_name
FROM newest AS n
JOIN incident AS i ON i.incident_id = n.incident_id
LEFT JOIN grid AS g ON g.grid_id = n.grid_id
ORDER BY n.reported_at DESC, n.incident_id DESC
