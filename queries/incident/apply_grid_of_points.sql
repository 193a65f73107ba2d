-- Write incident_grid onto incident (NULL where no grid covers the point); only changed rows are written. An
-- incident kept without a place (lon NULL: a geocoder's default point) keeps the grid its grid code gave while
-- that is still a level-3 grid.
-- params: none
UPDATE incident AS t SET grid_id = a.grid_id, area_id = a.area_id
FROM (
    SELECT i.incident_id, p.grid_id, p.area_id
    FROM incident AS i LEFT JOIN incident_grid AS p USING (incident_id)
    WHERE i.lon IS NOT NULL
    UNION ALL
    SELECT i.incident_id, g.grid_id, g.area_id
    FROM incident AS i LEFT JOIN grid AS g ON g.grid_id = i.grid_id AND g.level = 3
    WHERE i.lon IS NULL
) AS a
WHERE t.incident_id = a.incident_id AND (t.grid_id IS DISTINCT FROM a.grid_id OR t.area_id IS DISTINCT FROM a.area_id)
