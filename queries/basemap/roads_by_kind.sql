-- The walking network collected into one multi-line per road kind, for drawing (few, large features).
-- params: none
SELECT kind, ST_AsWKB(ST_Collect(list(geom))) AS geom, count(*) AS edges
FROM road
GROUP BY kind
ORDER BY CASE kind WHEN 'path' THEN 0 WHEN 'local' THEN 1 ELSE 2 END
