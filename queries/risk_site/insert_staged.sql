-- Insert risk sites from the staged frame `risk_site_stage` (point as WGS-84 WKB in column wkb).
-- params: none
INSERT INTO risk_site
SELECT site_id, name, kind, warning_level, grid_id, area_id, updated_at, ST_GeomFromWKB(wkb)
FROM risk_site_stage
ORDER BY site_id
