-- Every stored grid's id, level, parent and area, for checking an imported hierarchy against it.
-- params: none
SELECT grid_id, level, parent_id, area_id, ST_AsWKB(geom) AS wkb FROM grid ORDER BY grid_id
