-- Every stored incident's covering level-3 grid (smaller grid_id on shared edges) into temp table
-- incident_grid; incidents outside every grid get no row. Planned as a SPATIAL_JOIN.
-- params: none
CREATE OR REPLACE TEMP TABLE incident_grid AS
WITH level3 AS (SELECT grid_id, area_id, geom FROM grid WHERE level = 3)
SELECT i.incident_id, min(g.grid_id) AS grid_id, arg_min(g.area_id, g.grid_id) AS area_id
FROM incident AS i
JOIN level3 AS g ON ST_Intersects(g.geom, ST_Point(i.lon, i.lat))
GROUP BY i.incident_id
