-- Offline basemap context besides roads: water bodies, green space, drawn under everything else.
-- params: none
CREATE TABLE IF NOT EXISTS basemap_feature (
    feature_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    name VARCHAR,
    geom GEOMETRY NOT NULL
);
