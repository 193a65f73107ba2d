-- metrics/heatmap from the hour × kind pre-aggregate for days before agg_until and raw incidents after; for
-- filters on area, layer, category, source and period (other filters use metrics/heatmap).
-- params: areas VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
WITH rows AS (
    SELECT day, hour, area_id, layer, category, source, n, missed_any
    FROM incident_hour_kind_daily
    WHERE day >= $from_day AND day < $to_day AND day < $agg_until
    UNION ALL
    SELECT day, CAST(hour(reported_at) AS TINYINT), area_id, layer, category, source, 1,
        CAST(r_state = 2 OR a_state = 2 OR d_state = 2 AS INTEGER)
    FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
    WHERE reported_at >= greatest($from_day, $agg_until) AND reported_at < $to_day
)
SELECT CAST(isodow(day) AS INTEGER) AS weekday, CAST(hour AS INTEGER) AS hour, sum(n) AS n, sum(missed_any) AS missed
FROM rows
WHERE true
  AND (len($areas) = 0 OR list_contains($areas, area_id))
  AND (len($layers) = 0 OR list_contains($layers, layer))
  AND (len($categories) = 0 OR list_contains($categories, category))
  AND (len($sources) = 0 OR list_contains($sources, source))
GROUP BY ALL
ORDER BY weekday, hour
