-- Median and 90th percentile of each stage's time in seconds from reported_at over the whole period;
-- incidents that have not reached a stage do not count for it.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT
    CAST(NULL AS DATE) AS bucket,
    quantile_cont(r_s, [0.5, 0.9]) AS r_q, quantile_cont(a_s, [0.5, 0.9]) AS a_q,
    quantile_cont(d_s, [0.5, 0.9]) AS d_q
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
