-- Set grid_id/area_id of every risk_site from the level-3 grid covering it (smaller grid_id on shared edges;
-- NULL outside every grid). Only rows whose assignment changes are written.
-- params: none
UPDATE risk_site AS t SET grid_id = a.grid_id, area_id = a.area_id
FROM (
    SELECT p.site_id, min(g.grid_id) AS grid_id, arg_min(g.area_id, g.grid_id) AS area_id
    FROM risk_site AS p
    LEFT JOIN grid AS g ON g.level = 3 AND ST_Intersects(g.geom, p.geom)
    GROUP BY p.site_id
) AS a
WHERE t.site_id = a.site_id AND (t.grid_id IS DISTINCT FROM a.grid_id OR t.area_id IS DISTINCT FROM a.area_id)
