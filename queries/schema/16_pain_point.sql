-- Pain points (痛点): a category of pain-point incidents that keeps recurring at one place — a 100 m cell —
-- at least min_count times in the window. Recomputed from incidents; `monthly` holds the last 12 months'
-- counts, oldest first, for trend sparklines.
-- params: none
CREATE TABLE IF NOT EXISTS pain_point (
    pain_point_id VARCHAR PRIMARY KEY,
    rank INTEGER NOT NULL,
    category VARCHAR NOT NULL,
    grid_id VARCHAR,
    area_id VARCHAR,
    lon DOUBLE NOT NULL,
    lat DOUBLE NOT NULL,
    n_window INTEGER NOT NULL,
    n_prev_window INTEGER NOT NULL,
    n_30d INTEGER NOT NULL,
    n_prev_30d INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    monthly INTEGER[] NOT NULL,
    computed_at TIMESTAMP NOT NULL
);
