-- Walking isochrones per station and minutes; method 'network' or 'buffer' (with the reason in note).
-- params: none
CREATE TABLE IF NOT EXISTS service_circle (
    station_id VARCHAR NOT NULL,
    minutes INTEGER NOT NULL,
    method VARCHAR NOT NULL,
    speed_kmh DOUBLE NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    note VARCHAR,
    geom GEOMETRY NOT NULL,
    PRIMARY KEY (station_id, minutes)
);
