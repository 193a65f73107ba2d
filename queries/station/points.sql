-- Stations as points with tier and services, optionally only in `areas` (empty list = all).
-- params: areas VARCHAR[]
SELECT station_id, name, tier, grid_id, area_id, services, open_hours, address, ST_AsWKB(geom) AS geom
FROM station
WHERE len($areas) = 0 OR list_contains($areas, area_id)
ORDER BY station_id
