-- The filtered incidents of the period in the viewport, newest first, at most `cap` (the caller counts first).
-- params: west DOUBLE, south DOUBLE, east DOUBLE, north DOUBLE, cap INTEGER, areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
SELECT incident_id, layer, category, status, overdue, severity, lon, lat, reported_at
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses)
WHERE lon BETWEEN $west AND $east AND lat BETWEEN $south AND $north
ORDER BY reported_at DESC, incident_id
LIMIT $cap
