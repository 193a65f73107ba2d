-- Replace the pain points as of now_ts. Pain-point incidents of the last year are binned into cell_m
-- metre cells twice — on a grid from the town's south-west corner and on one shifted by half a cell —
-- so a hot spot on a cell edge is not split: each incident joins whichever of its two cells holds more of
-- its category in the window. A cell is a pain point when it holds at least min_count of one category in
-- the last window_days. Its place is the median position of the window's incidents; grid and area are
-- the ones most of them fall in. Incidents kept without a coordinate are left out. Metres come from a local
-- equirectangular grid (exact to well under 1% across a town). Status: solved (none in the last 30 days),
-- improving / worsening (the last 30 days at least 20% and 3 incidents below / 25% and 3 above the 30
-- before), else steady. Ranked by window count.
-- params: now_ts TIMESTAMP, window_days INTEGER, min_count INTEGER, cell_m DOUBLE
DELETE FROM pain_point;
INSERT INTO pain_point
WITH origin AS (
    SELECT ST_XMin(geom) AS lon0, ST_YMin(geom) AS lat0 FROM grid WHERE level = 0 LIMIT 1
),
metres AS (
    SELECT i.category, i.grid_id, i.area_id, i.lon, i.lat, i.reported_at,
           (i.lon - o.lon0) * 111320.0 * cos(radians(o.lat0)) / $cell_m AS gx,
           (i.lat - o.lat0) * 110574.0 / $cell_m AS gy,
           date_diff('month', date_trunc('month', i.reported_at), date_trunc('month', $now_ts)) AS months_ago,
           i.reported_at >= $now_ts - to_days($window_days) AS in_window
    FROM incident AS i CROSS JOIN origin AS o
    WHERE i.layer = 'pain_point' AND i.reported_at <= $now_ts AND i.reported_at >= $now_ts - INTERVAL 365 DAY
      AND i.lon IS NOT NULL  -- kept without a place (a geocoder's default point): in no cell
),
binned AS (
    SELECT *,
           'a' || CAST(floor(gx) AS BIGINT) || ',' || CAST(floor(gy) AS BIGINT) AS cell_a,
           'b' || CAST(floor(gx + 0.5) AS BIGINT) || ',' || CAST(floor(gy + 0.5) AS BIGINT) AS cell_b
    FROM metres
),
counted AS (
    SELECT *,
           count(*) FILTER (WHERE in_window) OVER (PARTITION BY category, cell_a) AS n_a,
           count(*) FILTER (WHERE in_window) OVER (PARTITION BY category, cell_b) AS n_b
    FROM binned
),
recent AS (
    SELECT *, CASE WHEN n_a >= n_b THEN cell_a ELSE cell_b END AS cell FROM counted
),
cells AS (
    SELECT category, cell,
           count(*) FILTER (WHERE in_window) AS n_window,
           count(*) FILTER (WHERE NOT in_window AND reported_at >= $now_ts - to_days(2 * $window_days))
               AS n_prev_window,
           count(*) FILTER (WHERE reported_at >= $now_ts - INTERVAL 30 DAY) AS n_30d,
           count(*) FILTER (WHERE reported_at < $now_ts - INTERVAL 30 DAY
                            AND reported_at >= $now_ts - INTERVAL 60 DAY) AS n_prev_30d,
           median(lon) FILTER (WHERE in_window) AS lon, median(lat) FILTER (WHERE in_window) AS lat,
           mode(grid_id) FILTER (WHERE in_window) AS grid_id, mode(area_id) FILTER (WHERE in_window) AS area_id,
           min(reported_at) AS first_seen, max(reported_at) AS last_seen
    FROM recent
    GROUP BY category, cell
    HAVING count(*) FILTER (WHERE in_window) >= $min_count
),
per_month AS (
    SELECT category, cell, months_ago, count(*) AS n FROM recent GROUP BY ALL
),
spark AS (
    SELECT c.category, c.cell, list(coalesce(p.n, 0) ORDER BY r.m DESC) AS monthly
    FROM cells AS c
    CROSS JOIN range(12) AS r(m)
    LEFT JOIN per_month AS p ON p.category = c.category AND p.cell = c.cell AND p.months_ago = r.m
    GROUP BY c.category, c.cell
)
SELECT category || '@' || cell AS pain_point_id,
       CAST(row_number() OVER (ORDER BY n_window DESC, n_30d DESC, category, cell) AS INTEGER) AS rank,
       category, grid_id, area_id, round(lon, 7), round(lat, 7), n_window, n_prev_window, n_30d, n_prev_30d,
       CASE WHEN n_30d = 0 THEN 'solved'
            WHEN n_30d <= 0.8 * n_prev_30d AND n_prev_30d - n_30d >= 3 THEN 'improving'
            WHEN n_30d >= 1.25 * n_prev_30d AND n_30d - n_prev_30d >= 3 THEN 'worsening'
            ELSE 'steady' END AS status,
       first_seen, last_seen, spark.monthly, $now_ts AS computed_at
FROM cells
JOIN spark USING (category, cell)
ORDER BY rank
