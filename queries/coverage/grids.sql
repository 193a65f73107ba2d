-- Level-3 grids with their coverage within `minutes` and geometry, optionally only in `areas` (empty = all).
-- params: minutes INTEGER, areas VARCHAR[]
SELECT g.grid_id, g.name, g.parent_id, g.area_id, c.population, c.covered_population, c.covered_share,
       c.nearest_station_id, c.nearest_minutes, ST_AsWKB(g.geom) AS geom
FROM grid AS g
JOIN grid_coverage AS c ON c.grid_id = g.grid_id AND c.minutes = $minutes
WHERE g.level = 3 AND (len($areas) = 0 OR list_contains($areas, g.area_id))
ORDER BY c.covered_share NULLS LAST, g.grid_id
