-- Backlog: incidents open at the end of each day of [from_day, to_day) — everything reported by then
-- minus everything closed by then, counted over the whole history of the filter (not just the period).
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
WITH delta AS (
    SELECT day, sum(reported_n) - sum(closed_on_day) AS delta
    FROM incident_daily_facts($now_ts, $respond_s, $arrive_s, $dispose_s, $agg_until, DATE '1900-01-01', $to_day)
    WHERE day < $to_day
  AND (len($areas) = 0 OR list_contains($areas, area_id))
  AND (len($grids) = 0 OR list_contains($grids, grid_id))
  AND (len($layers) = 0 OR list_contains($layers, layer))
  AND (len($categories) = 0 OR list_contains($categories, category))
  AND (len($sources) = 0 OR list_contains($sources, source))
  AND (len($severities) = 0 OR list_contains($severities, severity))
  AND (len($statuses) = 0 OR (list_contains($statuses, 'closed') AND closed)
       OR (list_contains($statuses, 'open') AND NOT closed) OR (list_contains($statuses, 'overdue') AND overdue))
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
