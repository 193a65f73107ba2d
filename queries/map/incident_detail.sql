-- One incident with its grid, community and area names, for the lifecycle panel.
-- params: incident_id VARCHAR
SELECT i.incident_id, i.layer, i.category, i.source, i.severity, i.status, i.reported_at, i.responded_at,
       i.arrived_at, i.disposed_at, i.closed_at, i.escalated, i.department, i.satisfaction, i.description,
       i.address, i.grid_id, g.name AS grid_name, c.name AS community_name, a.name AS area_name, i.lon, i.lat
FROM incident AS i
LEFT JOIN grid AS g ON g.grid_id = i.grid_id
LEFT JOIN grid AS c ON c.grid_id = g.parent_id
LEFT JOIN grid AS a ON a.grid_id = i.area_id
WHERE i.incident_id = $incident_id
