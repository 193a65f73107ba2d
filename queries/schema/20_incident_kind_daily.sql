-- The ranking and heatmap pre-aggregates (see 15_incident_detail_daily) with layer, category and source kept,
-- for filters on those: per day × level-3 grid × layer × category × source, and per day × hour reported × area ×
-- layer × category × source. Decided days only (see incident_daily); later days are read raw. The narrower
-- tables serve filters without these dimensions (a tenth of the rows).
-- params: none
CREATE TABLE IF NOT EXISTS incident_grid_kind_daily (
    day DATE NOT NULL,
    grid_id VARCHAR NOT NULL,
    area_id VARCHAR,
    layer VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    met INTEGER NOT NULL,
    missed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS incident_hour_kind_daily (
    day DATE NOT NULL,
    hour TINYINT NOT NULL,
    area_id VARCHAR,
    layer VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    missed_any INTEGER NOT NULL
);
