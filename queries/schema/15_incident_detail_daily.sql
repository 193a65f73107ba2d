-- Two narrower pre-aggregates of decided days (see incident_daily), for the ranking and the heatmap:
-- per day and level-3 grid, and per day, hour reported, area and layer. Later days are read raw.
-- met / missed pool the three stages; missed_any counts incidents with at least one stage missed.
-- params: none
CREATE TABLE IF NOT EXISTS incident_grid_daily (
    day DATE NOT NULL,
    grid_id VARCHAR NOT NULL,
    area_id VARCHAR,
    n INTEGER NOT NULL,
    met INTEGER NOT NULL,
    missed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS incident_hour_daily (
    day DATE NOT NULL,
    hour TINYINT NOT NULL,
    area_id VARCHAR,
    layer VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    missed_any INTEGER NOT NULL
);
