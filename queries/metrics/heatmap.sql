-- Incidents and 51530 misses (any stage missed) by ISO weekday (1 Monday .. 7 Sunday) and hour reported.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT
    CAST(isodow(reported_at) AS INTEGER) AS weekday, CAST(hour(reported_at) AS INTEGER) AS hour,
    count(*) AS n, count(*) FILTER (r_state = 2 OR a_state = 2 OR d_state = 2) AS missed
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
GROUP BY ALL
ORDER BY weekday, hour
