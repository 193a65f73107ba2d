-- Add one station at (lon, lat) WGS-84; its grid and area come from the level-3 grid that covers the point.
-- params: station_id VARCHAR, name VARCHAR, tier VARCHAR, lon DOUBLE, lat DOUBLE
INSERT INTO station
SELECT $station_id, $name, $tier, g.grid_id, g.area_id, [], NULL, NULL, ST_Point($lon, $lat)
FROM (SELECT 1) AS one
LEFT JOIN grid AS g ON g.level = 3 AND ST_Intersects(g.geom, ST_Point($lon, $lat))
LIMIT 1
