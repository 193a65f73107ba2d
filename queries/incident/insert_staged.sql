-- Insert staged incidents (`incident_stage`) that are not in staged_existing. The grid is the row's grid
-- code when it names a level-3 grid, else the one `staged_grid` found from the point (NULL: unassigned).
-- Status is the furthest stage reached. Rows are stored by month, then along a Hilbert curve over the
-- staged points, as the demo stores them, so filtered reads touch few blocks.
-- params: none
INSERT INTO incident
WITH box AS (SELECT ST_Extent(ST_Extent_Agg(ST_Point(lon, lat))) AS box FROM incident_stage),
coded AS (SELECT grid_id, area_id FROM grid WHERE level = 3)
SELECT
    s.incident_id, s.layer, s.category, s.source, s.severity,
    CASE WHEN s.closed_at IS NOT NULL THEN 'closed'
         WHEN s.disposed_at IS NOT NULL THEN 'disposed'
         WHEN s.arrived_at IS NOT NULL THEN 'arrived'
         WHEN s.responded_at IS NOT NULL THEN 'responded'
         ELSE 'reported' END AS status,
    s.reported_at, s.responded_at, s.arrived_at, s.disposed_at, s.closed_at,
    s.escalated, s.department, s.satisfaction, s.description, s.address, s.site_id,
    coalesce(c.grid_id, sg.grid_id) AS grid_id,
    CASE WHEN c.grid_id IS NOT NULL THEN c.area_id ELSE sg.area_id END AS area_id,
    s.lon, s.lat, ST_Point(s.lon, s.lat)
FROM incident_stage AS s
CROSS JOIN box
LEFT JOIN staged_grid AS sg USING (seq)
LEFT JOIN coded AS c ON c.grid_id = s.grid_code
WHERE s.seq NOT IN (SELECT seq FROM staged_existing)
ORDER BY date_trunc('month', s.reported_at), ST_Hilbert(s.lon, s.lat, box.box), s.seq
