-- Recompute incident_escalation for the given days (every day when all_days) before `until` (see insert_days).
-- params: now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, until DATE, all_days BOOLEAN, days DATE[]
INSERT INTO incident_escalation
SELECT day, area_id, grid_id, layer, category, source, severity, closed, overdue, department, r_s, a_s, d_s, d_state
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE escalated AND reported_at < $until AND ($all_days OR (list_contains($days, day)
        AND reported_at >= CAST(list_min($days) AS DATE) AND reported_at < CAST(list_max($days) AS DATE) + INTERVAL 1 DAY))
ORDER BY day, area_id, category
