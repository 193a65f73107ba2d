-- Assign each staged point (`incident_stage`: seq, lon, lat in WGS-84) to the level-3 grid that covers it,
-- into temp table staged_grid. A point on a shared edge goes to the smaller grid_id; a point outside
-- every grid gets no row (it stays unassigned). DuckDB plans this as a SPATIAL_JOIN.
-- params: none
CREATE OR REPLACE TEMP TABLE staged_grid AS
WITH level3 AS (SELECT grid_id, area_id, geom FROM grid WHERE level = 3)
SELECT s.seq, min(g.grid_id) AS grid_id, arg_min(g.area_id, g.grid_id) AS area_id
FROM incident_stage AS s
JOIN level3 AS g ON ST_Intersects(g.geom, ST_Point(s.lon, s.lat))
GROUP BY s.seq
