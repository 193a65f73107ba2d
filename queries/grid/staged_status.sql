-- Each staged grid (`grid_stage`) as 'new', 'same' (identical to the stored row) or 'changed'.
-- params: none
SELECT s.grid_id,
       CASE WHEN t.grid_id IS NULL THEN 'new'
            WHEN s.name IS NOT DISTINCT FROM t.name AND s.level = t.level AND s.parent_id IS NOT DISTINCT FROM t.parent_id
                 AND s.area_id IS NOT DISTINCT FROM t.area_id AND s.kind IS NOT DISTINCT FROM t.kind
                 AND s.population = t.population AND s.households = t.households
                 AND s.party_members = t.party_members
                 AND ST_AsWKB(t.geom) = ST_AsWKB(ST_Multi(ST_GeomFromWKB(s.wkb)))
            THEN 'same' ELSE 'changed' END
FROM grid_stage AS s LEFT JOIN grid AS t USING (grid_id)
