-- Of the period's incidents: how many are open now, and how many of those are overdue against 51530
-- (a stage not reached and its limit passed). `closed_at IS NULL` is repeated so the scan skips closed rows.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT count(*) FILTER (NOT closed) AS open_n, count(*) FILTER (overdue) AS overdue_n
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
WHERE closed_at IS NULL
