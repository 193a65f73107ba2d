-- Recompute incident_grid_kind_daily for the given days (every day when all_days) before `until` (see insert_days).
-- params: now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, until DATE, all_days BOOLEAN, days DATE[]
INSERT INTO incident_grid_kind_daily
SELECT
    day, grid_id, any_value(area_id), layer, category, source, count(*),
    count(*) FILTER (r_state = 1) + count(*) FILTER (a_state = 1) + count(*) FILTER (d_state = 1),
    count(*) FILTER (r_state = 2) + count(*) FILTER (a_state = 2) + count(*) FILTER (d_state = 2)
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE reported_at < $until AND grid_id IS NOT NULL AND ($all_days OR (list_contains($days, day)
        AND reported_at >= CAST(list_min($days) AS DATE) AND reported_at < CAST(list_max($days) AS DATE) + INTERVAL 1 DAY))
GROUP BY day, grid_id, layer, category, source
ORDER BY day, grid_id, layer, category, source
