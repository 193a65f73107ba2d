-- Filtered incidents of the period per layer and category, most first (pre-aggregated days before agg_until,
-- see incident_daily_filtered).
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
SELECT layer, category, sum(reported_n) AS n
FROM incident_daily_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $agg_until, $from_day, $to_day,
                             $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY layer, category
HAVING sum(reported_n) > 0
ORDER BY n DESC, category
