-- Recompute incident_hour_kind_daily for the given days (every day when all_days) before `until` (see insert_days).
-- params: now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, until DATE, all_days BOOLEAN, days DATE[]
INSERT INTO incident_hour_kind_daily
SELECT
    day, CAST(hour(reported_at) AS TINYINT), area_id, layer, category, source, count(*),
    count(*) FILTER (r_state = 2 OR a_state = 2 OR d_state = 2)
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE reported_at < $until AND ($all_days OR (list_contains($days, day)
        AND reported_at >= CAST(list_min($days) AS DATE) AND reported_at < CAST(list_max($days) AS DATE) + INTERVAL 1 DAY))
GROUP BY ALL
ORDER BY ALL
