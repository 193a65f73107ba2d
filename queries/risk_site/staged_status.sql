-- Each staged risk site (`risk_site_stage`) as 'new', 'same' (identical to the stored row apart from the
-- derived grid_id/area_id) or 'changed'.
-- params: none
SELECT s.site_id,
       CASE WHEN t.site_id IS NULL THEN 'new'
            WHEN s.name IS NOT DISTINCT FROM t.name AND s.kind IS NOT DISTINCT FROM t.kind
                 AND s.warning_level = t.warning_level AND s.updated_at IS NOT DISTINCT FROM t.updated_at
                 AND ST_AsWKB(t.geom) = ST_AsWKB(ST_GeomFromWKB(s.wkb))
            THEN 'same' ELSE 'changed' END
FROM risk_site_stage AS s LEFT JOIN risk_site AS t USING (site_id)
