-- The filtered incidents of the period per layer and category, most first, with their closed-loop figures
-- (the columns of metrics/summary): one read gives the map panel its count, its categories and its 51530
-- rates. Pre-aggregated days before agg_until, see incident_daily_filtered.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, agg_until DATE
SELECT
    layer, category, sum(reported_n) AS n, sum(closed_n) AS closed_n, sum(sat_sum) AS sat_sum, sum(sat_n) AS sat_n,
    sum(escalated_n) AS escalated_n,
    sum(r_met) AS r_met, sum(r_missed) AS r_missed, sum(r_pending) AS r_pending,
    sum(a_met) AS a_met, sum(a_missed) AS a_missed, sum(a_pending) AS a_pending,
    sum(d_met) AS d_met, sum(d_missed) AS d_missed, sum(d_pending) AS d_pending
FROM incident_daily_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $agg_until, $from_day, $to_day,
                             $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
GROUP BY layer, category
HAVING sum(reported_n) > 0
ORDER BY n DESC, category
