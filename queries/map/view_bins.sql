-- The filtered incidents of the period in the viewport, counted in cells of cell_lon × cell_lat degrees
-- (the caller sizes them to about 64 px on screen): per cell the count, open and overdue counts and the
-- mean position, so a dense map ships a few hundred cells instead of every point.
-- Closed and open incidents are counted apart: a closed one is never overdue, so closed rows read only the
-- filter's columns and the position (no stage times: the 51530 states cost more than the count), and only the
-- few open rows go through incident_facts for `overdue`. Same rows and counts as incident_filtered.
-- params: west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, cell_lon DOUBLE, cell_lat DOUBLE, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
WITH closed_cells AS (
    SELECT CAST(floor((lon - $west) / $cell_lon) AS INTEGER) AS cx, CAST(floor((lat - $south) / $cell_lat) AS INTEGER) AS cy,
           count(*) AS n, 0 AS open_n, 0 AS overdue_n, sum(lon) AS lon_sum, sum(lat) AS lat_sum
    FROM incident
    WHERE closed_at IS NOT NULL AND reported_at >= $from_day AND reported_at < $to_day
      AND lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
      AND matches_filter(area_id, grid_id, layer, category, source, severity, TRUE, FALSE,
                         $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
    GROUP BY cx, cy
),
open_cells AS (
    SELECT CAST(floor((lon - $west) / $cell_lon) AS INTEGER) AS cx, CAST(floor((lat - $south) / $cell_lat) AS INTEGER) AS cy,
           count(*) AS n, count(*) AS open_n, count(*) FILTER (overdue) AS overdue_n,
           sum(lon) AS lon_sum, sum(lat) AS lat_sum
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE closed_at IS NULL AND reported_at >= $from_day AND reported_at < $to_day
      AND lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
      AND matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                         $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
    GROUP BY cx, cy
)
SELECT cx, cy, sum(n) AS n, sum(open_n) AS open_n, sum(overdue_n) AS overdue_n,
       sum(lon_sum) / sum(n) AS lon, sum(lat_sum) / sum(n) AS lat
FROM (SELECT * FROM closed_cells UNION ALL SELECT * FROM open_cells)
GROUP BY cx, cy
ORDER BY n DESC, cx, cy
