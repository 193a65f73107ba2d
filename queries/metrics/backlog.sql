-- Backlog: incidents open at the end of each day of [from_day, to_day) — everything reported by then
-- minus everything closed by then, counted over the whole history of the filter (not just the period).
-- Days before agg_until come from incident_daily (reported_n, closed_on_day); later days (every day when
-- agg_until is 1900-01-01) from raw incidents, reading only the times and the filter's columns.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
WITH delta AS (
    SELECT day, sum(n) AS delta
    FROM (
        SELECT day, reported_n - closed_on_day AS n
        FROM incident_daily
        WHERE day < $agg_until AND day < $to_day
          AND matches_filter(area_id, NULL, layer, category, source, NULL, NULL, NULL,
                             $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
        UNION ALL
        SELECT CAST(reported_at AS DATE) AS day, 1 AS n
        FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $agg_until, $to_day,
                               $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
        UNION ALL
        SELECT CAST(closed_at AS DATE) AS day, -1 AS n
        FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
        WHERE closed_at >= $agg_until AND closed_at < $to_day
          AND matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                             $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
    )
    GROUP BY day
),
running AS (
    SELECT day, sum(delta) OVER (ORDER BY day) AS backlog FROM delta
),
days AS (
    SELECT CAST(d AS DATE) AS day FROM range(CAST($from_day AS TIMESTAMP), CAST($to_day AS TIMESTAMP), INTERVAL 1 DAY) AS t(d)
)
SELECT days.day, coalesce(running.backlog, 0) AS backlog
FROM days ASOF LEFT JOIN running ON days.day >= running.day
ORDER BY days.day
