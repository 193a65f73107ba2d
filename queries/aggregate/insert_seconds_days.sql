-- Recompute incident_seconds_daily for the given days (every day when all_days) before `until` (see insert_days).
-- params: now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, until DATE, all_days BOOLEAN, days DATE[]
INSERT INTO incident_seconds_daily
SELECT day, area_id, layer, stage, seconds_bin(secs) AS bin, count(*)
FROM (
    SELECT day, area_id, layer, unnest([1, 2, 3]) AS stage, unnest([r_s, a_s, d_s]) AS secs
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE reported_at < $until AND ($all_days OR (list_contains($days, day)
        AND reported_at >= CAST(list_min($days) AS DATE) AND reported_at < CAST(list_max($days) AS DATE) + INTERVAL 1 DAY))
)
WHERE secs IS NOT NULL
GROUP BY ALL
ORDER BY ALL
