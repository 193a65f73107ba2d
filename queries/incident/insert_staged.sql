-- Insert the staged incidents (`incident_stage`) whose id is not yet stored and return each inserted one's id and
-- grid: ids already stored are skipped by the primary key, so a file needs no lookup first. (A live group of new
-- ids takes incident/insert_located instead, whose plan is far cheaper.)
-- The grid is the row's grid code when it names a level-3 grid, else the level-3 grid that covers its point (a
-- point on a shared edge goes to the smaller grid_id; DuckDB plans this as a SPATIAL_JOIN; NULL: unassigned).
-- Status is the furthest stage reached. Rows are stored by month, then along a Hilbert curve over the staged
-- points, as the demo stores them, so filtered reads touch few blocks.
-- params: none
INSERT OR IGNORE INTO incident
WITH box AS (SELECT ST_Extent(ST_Extent_Agg(ST_Point(lon, lat))) AS box FROM incident_stage),
level3 AS (SELECT grid_id, area_id, geom FROM grid WHERE level = 3),
staged_grid AS (
    SELECT s.seq, min(g.grid_id) AS grid_id, arg_min(g.area_id, g.grid_id) AS area_id
    FROM incident_stage AS s
    JOIN level3 AS g ON ST_Intersects(g.geom, ST_Point(s.lon, s.lat))
    GROUP BY s.seq
)
SELECT
    s.incident_id, s.layer, s.category, s.source, s.severity,
    furthest_status(s.responded_at, s.arrived_at, s.disposed_at, s.closed_at) AS status,
    s.reported_at, s.responded_at, s.arrived_at, s.disposed_at, s.closed_at,
    s.escalated, s.department, s.satisfaction, s.description, s.address, s.site_id,
    coalesce(c.grid_id, sg.grid_id) AS grid_id,
    CASE WHEN c.grid_id IS NOT NULL THEN c.area_id ELSE sg.area_id END AS area_id,
    s.lon, s.lat, ST_Point(s.lon, s.lat)
FROM incident_stage AS s
CROSS JOIN box
LEFT JOIN staged_grid AS sg USING (seq)
LEFT JOIN level3 AS c ON c.grid_id = s.grid_code
ORDER BY date_trunc('month', s.reported_at), ST_Hilbert(s.lon, s.lat, box.box), s.seq
RETURNING incident_id, grid_id
