-- Each staged road edge (`road_stage`) as 'new', 'same' (identical to the stored row) or 'changed'.
-- params: none
SELECT s.edge_id,
       CASE WHEN t.edge_id IS NULL THEN 'new'
            WHEN s.from_node = t.from_node AND s.to_node = t.to_node AND abs(s.length_m - t.length_m) < 0.005
                 AND s.kind IS NOT DISTINCT FROM t.kind AND s.name IS NOT DISTINCT FROM t.name
                 AND s.walkable = t.walkable AND ST_AsWKB(t.geom) = ST_AsWKB(ST_GeomFromWKB(s.wkb))
            THEN 'same' ELSE 'changed' END
FROM road_stage AS s LEFT JOIN road AS t USING (edge_id)
