-- The days whose pre-aggregated rows an incident's write may change: its reported day and closed day.
-- params: ids VARCHAR[]
SELECT DISTINCT day FROM (
    SELECT CAST(reported_at AS DATE) AS day FROM incident WHERE list_contains($ids, incident_id)
    UNION ALL
    SELECT CAST(closed_at AS DATE) FROM incident WHERE list_contains($ids, incident_id) AND closed_at IS NOT NULL
)
ORDER BY day
