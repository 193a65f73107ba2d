-- Stations of the filter (in `areas` and in the level-3 `grids`; empty lists = all) with tier, services
-- (joined with '、'), hours, address, grid and area, and their position.
-- params: areas VARCHAR[], grids VARCHAR[]
SELECT s.station_id, s.name, s.tier, array_to_string(s.services, '、') AS services, s.open_hours, s.address,
       s.grid_id, g.name AS grid, s.area_id, a.name AS area, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
FROM station AS s
LEFT JOIN grid AS g ON g.grid_id = s.grid_id
LEFT JOIN grid AS a ON a.grid_id = s.area_id
WHERE (len($areas) = 0 OR list_contains($areas, s.area_id))
  AND (len($grids) = 0 OR list_contains($grids, s.grid_id))
ORDER BY s.station_id
