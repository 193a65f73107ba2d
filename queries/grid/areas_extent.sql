-- Bounding box (WGS-84) of the given functional areas, or of the whole town when the list is empty.
-- params: areas VARCHAR[]
SELECT min(ST_XMin(geom)) AS min_lon, min(ST_YMin(geom)) AS min_lat,
       max(ST_XMax(geom)) AS max_lon, max(ST_YMax(geom)) AS max_lat
FROM grid
WHERE (len($areas) = 0 AND level = 0) OR (level = 1 AND list_contains($areas, grid_id))
