-- How many filtered incidents of the period lie in the viewport [west, east] × [south, north] (WGS-84), counted
-- up to cap + 1: enough to choose between points and cells (map/view_bins then counts them all), and the scan
-- stops there when the viewport is dense.
-- params: cap INTEGER, west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT count(*) AS n
FROM (
    SELECT 1
    FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                           $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
    WHERE lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
    LIMIT $cap + 1
)
