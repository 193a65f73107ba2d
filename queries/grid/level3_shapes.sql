-- The level-3 grids with their area and polygon (WKB, WGS-84 lon/lat), for app.geo.grid_locator.
-- params: none
SELECT grid_id, area_id, ST_AsWKB(geom) AS wkb FROM grid WHERE level = 3 ORDER BY grid_id
