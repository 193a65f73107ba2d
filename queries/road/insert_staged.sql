-- Insert walking-network edges from the staged frame `road_stage` (line as WGS-84 WKB in column wkb).
-- params: none
INSERT INTO road
SELECT edge_id, from_node, to_node, length_m, kind, name, walkable, ST_GeomFromWKB(wkb)
FROM road_stage
ORDER BY edge_id
