-- Incidents and 51530 misses (any stage missed) by ISO weekday (1 Monday .. 7 Sunday) and hour reported.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT
    CAST(isodow(reported_at) AS INTEGER) AS weekday, CAST(hour(reported_at) AS INTEGER) AS hour,
    count(*) AS n, count(*) FILTER (r_state = 2 OR a_state = 2 OR d_state = 2) AS missed
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY ALL
ORDER BY weekday, hour
