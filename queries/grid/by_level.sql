-- Grids of one hierarchy level with their geometry (WGS-84 WKB), ordered by id.
-- params: level TINYINT
SELECT grid_id, name, level, parent_id, area_id, kind, population, households, party_members,
       ST_AsWKB(geom) AS geom
FROM grid
WHERE level = $level
ORDER BY grid_id
