-- Insert grid rows from the staged frame `grid_stage` (geometry as WGS-84 WKB in column wkb).
-- params: none
INSERT INTO grid
SELECT grid_id, name, level, parent_id, area_id, kind, population, households, party_members,
       ST_Multi(ST_GeomFromWKB(wkb))
FROM grid_stage
ORDER BY level, grid_id
