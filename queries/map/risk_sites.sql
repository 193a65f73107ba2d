-- Risk sites of the warning map in `areas` (empty = all), highest warning level first.
-- params: areas VARCHAR[]
SELECT site_id, name, kind, warning_level, grid_id, area_id, updated_at, ST_AsWKB(geom) AS geom
FROM risk_site
WHERE len($areas) = 0 OR list_contains($areas, area_id)
ORDER BY warning_level DESC, site_id
