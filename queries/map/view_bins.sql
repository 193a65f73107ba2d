-- The filtered incidents of the period in the viewport, counted in cells of cell_lon × cell_lat degrees
-- (the caller sizes them to about 40 px on screen): per cell the count, open and overdue counts and the
-- mean position, so a dense map ships a few hundred cells instead of every point.
-- params: west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, cell_lon DOUBLE, cell_lat DOUBLE, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT CAST(floor((lon - $west) / $cell_lon) AS INTEGER) AS cx, CAST(floor((lat - $south) / $cell_lat) AS INTEGER) AS cy,
       count(*) AS n, count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n,
       avg(lon) AS lon, avg(lat) AS lat
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
WHERE lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
GROUP BY cx, cy
ORDER BY n DESC
