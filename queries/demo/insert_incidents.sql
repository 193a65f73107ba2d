-- Insert generated incidents from `incident_stage` with grids from `staged_grid`, addresses from
-- `demo_address` and texts from `demo_description`. Ids are E + yymmdd + a 5-digit daily sequence.
-- Rows are stored by month, then along a Hilbert curve over the town, so filtered reads touch few blocks.
-- params: none
INSERT INTO incident
WITH town AS (SELECT ST_Extent(geom) AS box FROM grid WHERE level = 0)
SELECT
    'E' || strftime(s.reported_at, '%y%m%d')
        || lpad(CAST(row_number() OVER (PARTITION BY CAST(s.reported_at AS DATE) ORDER BY s.reported_at, s.seq)
                     AS VARCHAR), 5, '0') AS incident_id,
    s.layer, s.category, s.source, s.severity,
    furthest_status(s.responded_at, s.arrived_at, s.disposed_at, s.closed_at) AS status,
    s.reported_at, s.responded_at, s.arrived_at, s.disposed_at, s.closed_at,
    s.escalated, s.department, s.satisfaction,
    d.description, a.address, s.site_id, sg.grid_id, sg.area_id,
    s.lon, s.lat, ST_Point(s.lon, s.lat)
FROM incident_stage AS s
CROSS JOIN town
LEFT JOIN staged_grid AS sg USING (seq)
LEFT JOIN demo_address AS a ON a.point_index = s.point_index
LEFT JOIN demo_description AS d ON d.desc_index = s.desc_index
ORDER BY date_trunc('month', s.reported_at), ST_Hilbert(s.lon, s.lat, town.box), s.seq
