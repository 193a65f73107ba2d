-- Share of each grid's population within some station's circle of the given minutes.
-- params: none
CREATE TABLE IF NOT EXISTS grid_coverage (
    grid_id VARCHAR NOT NULL,
    minutes INTEGER NOT NULL,
    population INTEGER NOT NULL,
    covered_population DOUBLE NOT NULL,
    covered_share DOUBLE,  -- NULL for a grid without residents
    nearest_station_id VARCHAR,
    nearest_minutes DOUBLE,
    PRIMARY KEY (grid_id, minutes)
);
