-- Filtered incidents of the period per layer and category, most first.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT layer, category, count(*) AS n
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY layer, category
ORDER BY n DESC, category
