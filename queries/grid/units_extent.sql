-- Bounding box (WGS-84) of the given units (areas, communities or grids).
-- params: unit_ids VARCHAR[]
SELECT min(ST_XMin(geom)), min(ST_YMin(geom)), max(ST_XMax(geom)), max(ST_YMax(geom))
FROM grid
WHERE list_contains($unit_ids, grid_id)
