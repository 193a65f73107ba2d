-- Walkable edges of the network with their geometry (WGS-84 WKB), for building the routing graph.
-- params: none
SELECT edge_id, from_node, to_node, ST_AsWKB(geom) AS geom
FROM road
WHERE walkable
ORDER BY edge_id
