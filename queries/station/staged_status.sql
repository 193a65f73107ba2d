-- Each staged station (`station_stage`) as 'new', 'same' (identical to the stored row apart from the derived
-- grid_id/area_id) or 'changed'.
-- params: none
SELECT s.station_id,
       CASE WHEN t.station_id IS NULL THEN 'new'
            WHEN s.name IS NOT DISTINCT FROM t.name AND s.tier IS NOT DISTINCT FROM t.tier
                 AND s.services IS NOT DISTINCT FROM t.services AND s.open_hours IS NOT DISTINCT FROM t.open_hours
                 AND s.address IS NOT DISTINCT FROM t.address AND ST_AsWKB(t.geom) = ST_AsWKB(ST_GeomFromWKB(s.wkb))
            THEN 'same' ELSE 'changed' END
FROM station_stage AS s LEFT JOIN station AS t USING (station_id)
