-- Insert basemap features (water, green space) from the staged frame `basemap_stage`.
-- params: none
INSERT INTO basemap_feature
SELECT feature_id, kind, name, ST_GeomFromWKB(wkb)
FROM basemap_stage
ORDER BY feature_id
