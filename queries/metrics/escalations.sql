-- Escalations (网格吹哨, 机关报到) by answering department: count, median stage times, dispose outcomes.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT
    coalesce(department, 'unknown') AS department, count(*) AS n,
    median(r_s) / 60.0 AS r_p50, median(a_s) / 60.0 AS a_p50, median(d_s) / 60.0 AS d_p50,
    count(*) FILTER (d_state = 1) AS d_met, count(*) FILTER (d_state = 2) AS d_missed
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE reported_at >= $from_day AND reported_at < $to_day
  AND (len($areas) = 0 OR list_contains($areas, area_id))
  AND (len($grids) = 0 OR list_contains($grids, grid_id))
  AND (len($layers) = 0 OR list_contains($layers, layer))
  AND (len($categories) = 0 OR list_contains($categories, category))
  AND (len($sources) = 0 OR list_contains($sources, source))
  AND (len($severities) = 0 OR list_contains($severities, severity))
  AND (len($statuses) = 0 OR (list_contains($statuses, 'closed') AND closed)
       OR (list_contains($statuses, 'open') AND NOT closed) OR (list_contains($statuses, 'overdue') AND overdue))
  AND escalated
GROUP BY ALL
ORDER BY n DESC, department
