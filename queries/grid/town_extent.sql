-- The town's bounding box in WGS-84: min_lon, min_lat, max_lon, max_lat (NULLs when there is no town row).
-- params: none
SELECT ST_XMin(geom) AS min_lon, ST_YMin(geom) AS min_lat, ST_XMax(geom) AS max_lon, ST_YMax(geom) AS max_lat
FROM grid
WHERE level = 0
