-- The coverage table: each level-3 grid of the filter (in `areas` and among the level-3 `grids`; empty
-- lists = all) with its residents covered within `minutes` of walking, the share, and the nearest station.
-- params: minutes INTEGER, areas VARCHAR[], grids VARCHAR[]
SELECT g.grid_id, g.name, c2.name AS community, g.area_id, a.name AS area, c.minutes,
       c.population, round(c.covered_population, 1) AS covered_population, round(c.covered_share, 4) AS covered_share,
       c.covered_share = 0 AS blind_spot, c.nearest_station_id, s.name AS nearest_station,
       round(c.nearest_minutes, 1) AS nearest_minutes, ST_AsWKB(g.geom) AS geom
FROM grid_coverage AS c
JOIN grid AS g ON g.grid_id = c.grid_id
LEFT JOIN grid AS c2 ON c2.grid_id = g.parent_id
LEFT JOIN grid AS a ON a.grid_id = g.area_id
LEFT JOIN station AS s ON s.station_id = c.nearest_station_id
WHERE c.minutes = $minutes AND g.level = 3
  AND (len($areas) = 0 OR list_contains($areas, g.area_id))
  AND (len($grids) = 0 OR list_contains($grids, g.grid_id))
ORDER BY g.grid_id
