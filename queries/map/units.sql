-- Units of one level (1 areas, 2 communities, 3 grids; only children of `parent` unless it is '') with
-- the filtered incidents of the period: count, open, overdue now, 51530 stage outcomes met / missed
-- (all three stages together), residents and 15-minute coverage — what the map's choropleth shows.
-- Counts and outcomes of days before agg_until come from a pre-aggregate — per level-3 grid
-- (incident_grid_daily) when grid_days, else per area (incident_daily; level 1 only) — and later days from
-- raw incidents; open and overdue always from raw incidents (they change with now), scanning open ones only.
-- Callers pass agg_until = 1900-01-01 (all raw) for filters the chosen pre-aggregate does not keep:
-- grid_days keeps area and grid, incident_daily area, layer, category and source; neither severity or status.
-- params: level TINYINT, parent VARCHAR, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE, grid_days BOOLEAN
WITH counted AS (
    SELECT grid_id, area_id, n, met, missed
    FROM incident_grid_daily
    WHERE $grid_days AND day >= $from_day AND day < $to_day AND day < $agg_until
      AND (len($areas) = 0 OR list_contains($areas, area_id)) AND (len($grids) = 0 OR list_contains($grids, grid_id))
    UNION ALL
    SELECT NULL AS grid_id, area_id, reported_n AS n, r_met + a_met + d_met AS met,
           r_missed + a_missed + d_missed AS missed
    FROM incident_daily
    WHERE NOT $grid_days AND day >= $from_day AND day < $to_day AND day < $agg_until
      AND matches_filter(area_id, NULL, layer, category, source, NULL, NULL, NULL,
                         $areas, [], $layers, $categories, $sources, [], [])
    UNION ALL
    SELECT grid_id, area_id, 1 AS n,
           CAST(r_state = 1 AS INTEGER) + CAST(a_state = 1 AS INTEGER) + CAST(d_state = 1 AS INTEGER) AS met,
           CAST(r_state = 2 AS INTEGER) + CAST(a_state = 2 AS INTEGER) + CAST(d_state = 2 AS INTEGER) AS missed
    FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, greatest($from_day, $agg_until), $to_day,
                           $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
),
open_now AS (
    SELECT grid_id, area_id, count(*) AS open_n, count(*) FILTER (overdue) AS overdue_n
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE closed_at IS NULL AND reported_at >= $from_day AND reported_at < $to_day
      AND matches_filter(area_id, grid_id, layer, category, source, severity, closed, overdue,
                         $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
    GROUP BY ALL
),
unit_of AS (
    SELECT grid_id AS g3, CASE $level WHEN 3 THEN grid_id WHEN 2 THEN parent_id ELSE area_id END AS unit_id
    FROM grid WHERE level = 3
),
-- Per-area rows (grid NULL) belong to their area, which is the unit at level 1.
per_unit AS (
    SELECT coalesce(u.unit_id, CASE WHEN c.grid_id IS NULL AND $level = 1 THEN c.area_id END) AS unit_id,
           c.n, 0 AS open_n, 0 AS overdue_n, c.met, c.missed
    FROM counted AS c LEFT JOIN unit_of AS u ON u.g3 = c.grid_id
    UNION ALL
    SELECT u.unit_id, 0, o.open_n, o.overdue_n, 0, 0
    FROM open_now AS o JOIN unit_of AS u ON u.g3 = o.grid_id
),
stats AS (
    SELECT unit_id, sum(n) AS n, sum(open_n) AS open_n, sum(overdue_n) AS overdue_n, sum(met) AS met,
           sum(missed) AS missed
    FROM per_unit
    WHERE unit_id IS NOT NULL
    GROUP BY unit_id
),
cov AS (
    SELECT u.unit_id, sum(c.covered_population) / nullif(sum(c.population), 0) AS coverage
    FROM grid_coverage AS c JOIN unit_of AS u ON u.g3 = c.grid_id
    WHERE c.minutes = 15
    GROUP BY u.unit_id
)
SELECT g.grid_id, g.name, g.level, g.parent_id, g.area_id, g.population,
       CAST(coalesce(s.n, 0) AS BIGINT) AS n, CAST(coalesce(s.open_n, 0) AS BIGINT) AS open_n,
       CAST(coalesce(s.overdue_n, 0) AS BIGINT) AS overdue_n,
       CAST(coalesce(s.met, 0) AS BIGINT) AS met, CAST(coalesce(s.missed, 0) AS BIGINT) AS missed, cov.coverage,
       ST_AsWKB(g.geom) AS geom
FROM grid AS g
LEFT JOIN stats AS s ON s.unit_id = g.grid_id
LEFT JOIN cov ON cov.unit_id = g.grid_id
WHERE g.level = $level AND ($parent = '' OR g.parent_id = $parent)
ORDER BY g.grid_id
