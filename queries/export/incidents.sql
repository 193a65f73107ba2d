-- The filtered incidents reported in the window [from_day, to_day), newest first: the rows and columns of
-- GET /api/incidents (map/incidents_page without a box), with both scans bounded to the window so that an
-- export reads a long period window by window, in constant memory.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT f.incident_id, f.layer, f.category, f.source, f.severity, f.status, f.overdue, f.reported_at,
       i.responded_at, i.arrived_at, i.disposed_at, i.closed_at, f.escalated, f.department, f.satisfaction,
       i.description, i.address, i.site_id, f.grid_id, f.area_id, f.lon, f.lat
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses) AS f
JOIN incident AS i USING (incident_id)
WHERE i.reported_at >= $from_day AND i.reported_at < $to_day
ORDER BY f.reported_at DESC, f.incident_id
