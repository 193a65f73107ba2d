-- metrics/durations from the stage-time histograms for days before agg_until and raw incidents after:
-- per bucket and stage, the median and p90 in seconds as the centre of the bin holding them. Only for
-- filters on area, layer and period (other filters use metrics/durations).
-- params: areas VARCHAR[], layers VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, grain VARCHAR, agg_until DATE
WITH rows AS (
    SELECT day, area_id, layer, stage, bin, n
    FROM incident_seconds_daily
    WHERE day >= $from_day AND day < $to_day AND day < $agg_until
    UNION ALL
    SELECT day, area_id, layer, stage, seconds_bin(secs), 1
    FROM (
        SELECT day, area_id, layer, unnest([1, 2, 3]) AS stage, unnest([r_s, a_s, d_s]) AS secs
        FROM incident_facts($now_ts, $respond_s, $arrive_s, $dispose_s)
        WHERE reported_at >= greatest($from_day, $agg_until) AND reported_at < $to_day
    )
    WHERE secs IS NOT NULL
),
binned AS (
    SELECT CAST(date_trunc($grain, day) AS DATE) AS bucket, stage, bin, sum(n) AS n
    FROM rows
    WHERE (len($areas) = 0 OR list_contains($areas, area_id))
      AND (len($layers) = 0 OR list_contains($layers, layer))
    GROUP BY ALL
),
running AS (
    SELECT bucket, stage, bin,
        sum(n) OVER (PARTITION BY bucket, stage ORDER BY bin) AS below,
        sum(n) OVER (PARTITION BY bucket, stage) AS total
    FROM binned
)
SELECT bucket, stage,
    bin_seconds(min(bin) FILTER (below >= 0.5 * total)) AS p50,
    bin_seconds(min(bin) FILTER (below >= 0.9 * total)) AS p90
FROM running
GROUP BY bucket, stage
ORDER BY bucket, stage
