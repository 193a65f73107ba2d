-- metrics/escalations from incident_escalation for days before agg_until and raw incidents after; it keeps
-- every filter dimension, so readers pass the pre-aggregate's bound whatever the filter (Scope.agg_bound).
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
WITH rows AS (
    SELECT area_id, grid_id, layer, category, source, severity, closed, overdue, department, r_s, a_s, d_s, d_state
    FROM incident_escalation
    WHERE day >= $from_day AND day < $to_day AND day < $agg_until
    UNION ALL
    SELECT area_id, grid_id, layer, category, source, severity, closed, overdue, department, r_s, a_s, d_s, d_state
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE escalated AND reported_at >= greatest($from_day, $agg_until) AND reported_at < $to_day
)
SELECT
    coalesce(department, 'unknown') AS department, count(*) AS n,
    median(r_s) / 60.0 AS r_p50, median(a_s) / 60.0 AS a_p50, median(d_s) / 60.0 AS d_p50,
    count(*) FILTER (d_state = 1) AS d_met, count(*) FILTER (d_state = 2) AS d_missed
FROM rows
WHERE matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                     $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY ALL
ORDER BY n DESC, department
