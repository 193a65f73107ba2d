-- Covered residents per unit at one level (0 town, 1 area, 2 community) within `minutes`, optionally
-- only in the given areas (empty list = all). Shares are of residents, not of grids.
-- params: level TINYINT, minutes INTEGER, areas VARCHAR[]
WITH units AS (
    SELECT grid_id, name, level FROM grid WHERE level = $level
)
SELECT u.grid_id, u.name,
       sum(c.population) AS population,
       sum(c.covered_population) AS covered_population,
       sum(c.covered_population) / nullif(sum(c.population), 0) AS covered_share,
       count(*) FILTER (WHERE c.covered_share = 0) AS blind_grids
FROM grid_coverage AS c
JOIN grid AS g ON g.grid_id = c.grid_id
JOIN units AS u ON u.grid_id = CASE $level WHEN 0 THEN (SELECT min(grid_id) FROM grid WHERE level = 0)
                                          WHEN 1 THEN g.area_id ELSE g.parent_id END
WHERE c.minutes = $minutes AND (len($areas) = 0 OR list_contains($areas, g.area_id))
GROUP BY u.grid_id, u.name
ORDER BY covered_share, u.grid_id
