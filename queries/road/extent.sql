-- The bounding box (WGS-84) of the town's roads: where to look when no grid has been imported yet (NULLs when
-- there are no roads either).
-- params: none
SELECT min(ST_XMin(geom)), min(ST_YMin(geom)), max(ST_XMax(geom)), max(ST_YMax(geom)) FROM road
