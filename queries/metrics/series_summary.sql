-- metrics/summary and the time series in one read: the period's figures per time bucket (grain: day, week or
-- month) and category, plus one row (bucket and category NULL) for the previous period of equal length,
-- [prev_from_day, from_day). The headline figures of the period are the sum of its bucket rows.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, grain VARCHAR, agg_until DATE, prev_from_day DATE
SELECT
    CASE WHEN day >= $from_day THEN CAST(date_trunc($grain, day) AS DATE) END AS bucket,
    CASE WHEN day >= $from_day THEN category END AS category,
    sum(reported_n) AS n, sum(closed_n) AS closed_n, sum(sat_sum) AS sat_sum, sum(sat_n) AS sat_n,
    sum(escalated_n) AS escalated_n,
    sum(r_met) AS r_met, sum(r_missed) AS r_missed, sum(r_pending) AS r_pending,
    sum(a_met) AS a_met, sum(a_missed) AS a_missed, sum(a_pending) AS a_pending,
    sum(d_met) AS d_met, sum(d_missed) AS d_missed, sum(d_pending) AS d_pending
FROM incident_daily_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $agg_until, $prev_from_day, $to_day,
                             $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY ALL
ORDER BY bucket NULLS FIRST, category
