-- metrics/open_now from incident_open for days before agg_until and raw incidents after; it keeps every
-- filter dimension, so readers pass the pre-aggregate's bound whatever the filter (Scope.agg_bound).
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
WITH rows AS (
    SELECT area_id, grid_id, layer, category, source, severity, false AS closed, overdue
    FROM incident_open
    WHERE day >= $from_day AND day < $to_day AND day < $agg_until
    UNION ALL
    SELECT area_id, grid_id, layer, category, source, severity, closed, overdue
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE closed_at IS NULL AND reported_at >= greatest($from_day, $agg_until) AND reported_at < $to_day
)
SELECT count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n
FROM rows
WHERE matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                     $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
