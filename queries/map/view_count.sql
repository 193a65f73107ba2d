-- How many filtered incidents of the period lie in the viewport [west, east] × [south, north] (WGS-84).
-- params: west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT count(*) AS n
FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
WHERE reported_at >= $from_day AND reported_at < $to_day
  AND lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
  AND (len($areas) = 0 OR list_contains($areas, area_id))
  AND (len($grids) = 0 OR list_contains($grids, grid_id))
  AND (len($layers) = 0 OR list_contains($layers, layer))
  AND (len($categories) = 0 OR list_contains($categories, category))
  AND (len($sources) = 0 OR list_contains($sources, source))
  AND (len($severities) = 0 OR list_contains($severities, severity))
  AND (len($statuses) = 0 OR (list_contains($statuses, 'closed') AND closed)
       OR (list_contains($statuses, 'open') AND NOT closed) OR (list_contains($statuses, 'overdue') AND overdue))
