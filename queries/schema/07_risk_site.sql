-- Monitored sites of the warning map, with the national warning level 1 blue .. 4 red.
-- params: none
CREATE TABLE IF NOT EXISTS risk_site (
    site_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    warning_level TINYINT NOT NULL CHECK (warning_level BETWEEN 1 AND 4),
    grid_id VARCHAR,
    area_id VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    geom GEOMETRY NOT NULL
);
