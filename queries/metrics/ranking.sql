-- Per level-3 grid and time bucket: incidents and 51530 outcomes summed over the
-- three stages, for the ranking (红黑榜) and its sparklines. Incidents outside every grid are left out.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, grain VARCHAR
SELECT
    grid_id, CAST(date_trunc($grain, day) AS DATE) AS bucket, count(*) AS n,
    count(*) FILTER (r_state = 1) + count(*) FILTER (a_state = 1) + count(*) FILTER (d_state = 1) AS met,
    count(*) FILTER (r_state = 2) + count(*) FILTER (a_state = 2) + count(*) FILTER (d_state = 2) AS missed
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
WHERE grid_id IS NOT NULL
GROUP BY ALL
ORDER BY grid_id, bucket
