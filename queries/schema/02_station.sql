-- Party-mass service centers and stations ("1+5+N"), with their services and opening hours.
-- params: none
CREATE TABLE IF NOT EXISTS station (
    station_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    tier VARCHAR NOT NULL,
    grid_id VARCHAR,
    area_id VARCHAR,
    services VARCHAR[] NOT NULL DEFAULT [],
    open_hours VARCHAR,
    address VARCHAR,
    geom GEOMETRY NOT NULL
);
