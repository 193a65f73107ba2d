-- Write incident_grid onto incident (NULL where no grid covers the point); only changed rows are written.
-- params: none
UPDATE incident AS t SET grid_id = a.grid_id, area_id = a.area_id
FROM (
    SELECT i.incident_id, p.grid_id, p.area_id
    FROM incident AS i LEFT JOIN incident_grid AS p USING (incident_id)
) AS a
WHERE t.incident_id = a.incident_id AND (t.grid_id IS DISTINCT FROM a.grid_id OR t.area_id IS DISTINCT FROM a.area_id)
