-- The walking network: one row per edge between two nodes, length in metres.
-- params: none
CREATE TABLE IF NOT EXISTS road (
    edge_id VARCHAR PRIMARY KEY,
    from_node BIGINT NOT NULL,
    to_node BIGINT NOT NULL,
    length_m DOUBLE NOT NULL CHECK (length_m >= 0),
    kind VARCHAR NOT NULL,
    name VARCHAR,
    walkable BOOLEAN NOT NULL DEFAULT TRUE,
    geom GEOMETRY NOT NULL
);
