-- Basemap features other than roads (water, green space).
-- params: none
SELECT feature_id, kind, name, ST_AsWKB(geom) AS geom
FROM basemap_feature
ORDER BY feature_id
