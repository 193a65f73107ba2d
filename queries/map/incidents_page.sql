-- Filtered incidents of the period (optionally only inside a bounding box: pass has_bbox false for all),
-- newest first, `lim` rows from `off` — for GET /api/incidents and exports.
-- params: has_bbox BOOLEAN, west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, lim BIGINT, off BIGINT, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT f.incident_id, f.layer, f.category, f.source, f.severity, f.status, f.overdue, f.reported_at,
       i.responded_at, i.arrived_at, i.disposed_at, i.closed_at, f.escalated, f.department, f.satisfaction,
       i.description, i.address, i.site_id, f.grid_id, f.area_id, f.lon, f.lat
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses) AS f
JOIN incident AS i USING (incident_id)
WHERE (NOT $has_bbox OR (f.lon BETWEEN $west AND $east AND f.lat BETWEEN $south AND $north))
ORDER BY f.reported_at DESC, f.incident_id
LIMIT $lim OFFSET $off
