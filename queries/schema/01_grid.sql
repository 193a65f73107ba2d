-- The grid hierarchy: level 0 town, 1 functional area, 2 community, 3 grid (names are configuration).
-- Every level partitions its parent. area_id is the level-1 ancestor (the row itself at level 1).
-- params: none
CREATE TABLE IF NOT EXISTS grid (
    grid_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    level TINYINT NOT NULL CHECK (level BETWEEN 0 AND 3),
    parent_id VARCHAR,
    area_id VARCHAR,
    kind VARCHAR NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    households INTEGER NOT NULL DEFAULT 0,
    party_members INTEGER NOT NULL DEFAULT 0,
    geom GEOMETRY NOT NULL
);
