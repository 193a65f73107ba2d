-- Risk sites of the warning map in `areas` and level-3 `grids` (empty = all), highest warning level first.
-- params: areas VARCHAR[], grids VARCHAR[]
SELECT site_id, name, kind, warning_level, grid_id, area_id, updated_at, ST_AsWKB(geom) AS geom
FROM risk_site
WHERE (len($areas) = 0 OR list_contains($areas, area_id)) AND (len($grids) = 0 OR list_contains($grids, grid_id))
ORDER BY warning_level DESC, site_id
