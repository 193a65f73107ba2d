-- metrics/ranking from the grid × kind pre-aggregate for days before agg_until and raw incidents after; for
-- filters on area, layer, category, source and period (other filters use metrics/ranking).
-- params: areas VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, grain VARCHAR, agg_until DATE
WITH rows AS (
    SELECT day, grid_id, area_id, layer, category, source, n, met, missed
    FROM incident_grid_kind_daily
    WHERE day >= $from_day AND day < $to_day AND day < $agg_until
    UNION ALL
    SELECT day, grid_id, area_id, layer, category, source, 1 AS n,
        (r_state = 1)::INTEGER + (a_state = 1)::INTEGER + (d_state = 1)::INTEGER AS met,
        (r_state = 2)::INTEGER + (a_state = 2)::INTEGER + (d_state = 2)::INTEGER AS missed
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE reported_at >= greatest($from_day, $agg_until) AND reported_at < $to_day AND grid_id IS NOT NULL
)
SELECT grid_id, CAST(date_trunc($grain, day) AS DATE) AS bucket, sum(n) AS n, sum(met) AS met, sum(missed) AS missed
FROM rows
WHERE true
  AND (len($areas) = 0 OR list_contains($areas, area_id))
  AND (len($layers) = 0 OR list_contains($layers, layer))
  AND (len($categories) = 0 OR list_contains($categories, category))
  AND (len($sources) = 0 OR list_contains($sources, source))
GROUP BY ALL
ORDER BY grid_id, bucket
