-- The filtered incidents of the period in the viewport, counted in cells of cell_lon × cell_lat degrees
-- (the caller sizes them to about 64 px on screen): per cell the count, open and overdue counts and the
-- mean position, so a dense map ships a few hundred cells instead of every point.
-- One scan of incident, not incident_facts: over a year most incidents are closed, and a closed one is never
-- overdue, so the stage times are looked at only for open rows (the CASE) — incident_facts' 51530 arithmetic
-- on every row cost about twice the count. Same rows, counts and positions as incident_filtered (tested).
-- params: west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, cell_lon DOUBLE, cell_lat DOUBLE, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
WITH in_view AS (
    SELECT lon, lat, area_id, grid_id, layer, category, source, severity, closed_at IS NOT NULL AS closed,
           -- incident_facts' overdue, whose effective stage times reduce to these while closed_at is NULL
           CASE WHEN closed_at IS NULL
                THEN past_a_limit(reported_at, coalesce(responded_at, arrived_at, disposed_at),
                                  coalesce(arrived_at, disposed_at), disposed_at,
                                  $now_ts, $respond_s, $arrive_s, $dispose_s)
                ELSE FALSE END AS overdue
    FROM incident
    WHERE reported_at >= $from_day AND reported_at < $to_day
      AND lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
)
SELECT CAST(floor((lon - $west) / $cell_lon) AS INTEGER) AS cx, CAST(floor((lat - $south) / $cell_lat) AS INTEGER) AS cy,
       count(*) AS n, count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n,
       avg(lon) AS lon, avg(lat) AS lat
FROM in_view
WHERE matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                     $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY cx, cy
ORDER BY n DESC, cx, cy
