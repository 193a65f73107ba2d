-- The filtered incidents of the period in the viewport, counted in cells of cell_lon × cell_lat degrees
-- (the caller sizes them to about 40 px on screen): per cell the count, open and overdue counts and the
-- mean position, so a dense map ships a few hundred cells instead of every point.
-- params: west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, cell_lon DOUBLE, cell_lat DOUBLE, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT CAST(floor((lon - $west) / $cell_lon) AS INTEGER) AS cx, CAST(floor((lat - $south) / $cell_lat) AS INTEGER) AS cy,
       count(*) AS n, count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n,
       avg(lon) AS lon, avg(lat) AS lat
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
GROUP BY cx, cy
ORDER BY n DESC
