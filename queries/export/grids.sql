-- Level-3 grids of the filter (in `areas` and among the level-3 `grids`; empty lists = all) with their
-- community, area, residents and the filtered incidents of the period: count, open, overdue now, 51530
-- stage outcomes met / missed (three stages pooled), compliance, per 1,000 residents, 15-minute coverage.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
WITH f AS (
    SELECT grid_id, closed, overdue, r_state, a_state, d_state
    FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                           $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
),
stats AS (
    SELECT grid_id, count(*) AS n, count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n,
           sum(CAST(r_state = 1 AS INTEGER) + CAST(a_state = 1 AS INTEGER) + CAST(d_state = 1 AS INTEGER)) AS met,
           sum(CAST(r_state = 2 AS INTEGER) + CAST(a_state = 2 AS INTEGER) + CAST(d_state = 2 AS INTEGER)) AS missed
    FROM f
    GROUP BY grid_id
)
SELECT g.grid_id, g.name, g.parent_id AS community_id, c.name AS community, g.area_id, a.name AS area,
       g.kind, g.population, g.households, g.party_members,
       coalesce(s.n, 0) AS incidents, coalesce(s.open_n, 0) AS open_incidents,
       coalesce(s.overdue_n, 0) AS overdue_incidents,
       coalesce(s.met, 0) AS stages_met, coalesce(s.missed, 0) AS stages_missed,
       round(s.met / nullif(s.met + s.missed, 0), 4) AS compliance,
       round(coalesce(s.n, 0) * 1000.0 / nullif(g.population, 0), 2) AS per_1000,
       round(cov.covered_share, 4) AS coverage_15min,
       ST_AsWKB(g.geom) AS geom
FROM grid AS g
LEFT JOIN grid AS c ON c.grid_id = g.parent_id
LEFT JOIN grid AS a ON a.grid_id = g.area_id
LEFT JOIN stats AS s ON s.grid_id = g.grid_id
LEFT JOIN grid_coverage AS cov ON cov.grid_id = g.grid_id AND cov.minutes = 15
WHERE g.level = 3
  AND (len($areas) = 0 OR list_contains($areas, g.area_id))
  AND (len($grids) = 0 OR list_contains($grids, g.grid_id))
ORDER BY g.grid_id
