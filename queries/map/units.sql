-- Units of one level (1 areas, 2 communities, 3 grids; only children of `parent` unless it is '') with
-- the filtered incidents of the period: count, open, overdue now, 51530 stage outcomes met / missed
-- (all three stages together), residents and 15-minute coverage — what the map's choropleth shows.
-- params: level TINYINT, parent VARCHAR, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
WITH f AS (
    SELECT grid_id, closed, overdue, r_state, a_state, d_state
    FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
    ),
unit_of AS (
    SELECT grid_id AS g3, CASE $level WHEN 3 THEN grid_id WHEN 2 THEN parent_id ELSE area_id END AS unit_id
    FROM grid WHERE level = 3
),
stats AS (
    SELECT u.unit_id, count(*) AS n, count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n,
           sum(CAST(r_state = 1 AS INTEGER) + CAST(a_state = 1 AS INTEGER) + CAST(d_state = 1 AS INTEGER)) AS met,
           sum(CAST(r_state = 2 AS INTEGER) + CAST(a_state = 2 AS INTEGER) + CAST(d_state = 2 AS INTEGER)) AS missed
    FROM f JOIN unit_of AS u ON u.g3 = f.grid_id
    GROUP BY u.unit_id
),
cov AS (
    SELECT u.unit_id, sum(c.covered_population) / nullif(sum(c.population), 0) AS coverage
    FROM grid_coverage AS c JOIN unit_of AS u ON u.g3 = c.grid_id
    WHERE c.minutes = 15
    GROUP BY u.unit_id
)
SELECT g.grid_id, g.name, g.level, g.parent_id, g.area_id, g.population,
       coalesce(s.n, 0) AS n, coalesce(s.open_n, 0) AS open_n, coalesce(s.overdue_n, 0) AS overdue_n,
       coalesce(s.met, 0) AS met, coalesce(s.missed, 0) AS missed, cov.coverage,
       ST_AsWKB(g.geom) AS geom
FROM grid AS g
LEFT JOIN stats AS s ON s.unit_id = g.grid_id
LEFT JOIN cov ON cov.unit_id = g.grid_id
WHERE g.level = $level AND ($parent = '' OR g.parent_id = $parent)
ORDER BY g.grid_id
