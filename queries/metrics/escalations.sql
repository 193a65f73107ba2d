-- Escalations (网格吹哨, 机关报到) by answering department: count, median stage times, dispose outcomes.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT
    coalesce(department, 'unknown') AS department, count(*) AS n,
    median(r_s) / 60.0 AS r_p50, median(a_s) / 60.0 AS a_p50, median(d_s) / 60.0 AS d_p50,
    count(*) FILTER (d_state = 1) AS d_met, count(*) FILTER (d_state = 2) AS d_missed
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
WHERE escalated
GROUP BY ALL
ORDER BY n DESC, department
