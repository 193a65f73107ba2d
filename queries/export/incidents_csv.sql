-- export/incidents as ready CSV lines (one VARCHAR `line` per row, same window, order and columns), written
-- as app/export/formats.py writes them for GET /api/incidents?format=csv: minimal quoting, True / False,
-- empty fields for NULL, date-times as str() gives them, text that starts like a formula after an apostrophe
-- (csv_field) — so a large CSV export does no per-value work in Python.
-- params: areas VARCHAR[], grids VARCHAR[], layers VARCHAR[], categories VARCHAR[], sources VARCHAR[], severities INTEGER[], statuses VARCHAR[], from_day DATE, to_day DATE, now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER
-- Codes (layer, category, source, status), numbers and times never hold a comma or a quote: only the
-- free-text and id columns go through csv_field.
SELECT concat_ws(',',
        csv_field(f.incident_id), f.layer, f.category, f.source, coalesce(CAST(f.severity AS VARCHAR), ''),
        f.status, csv_bool(f.overdue), csv_ts(f.reported_at),
        csv_ts(i.responded_at), csv_ts(i.arrived_at), csv_ts(i.disposed_at), csv_ts(i.closed_at),
        csv_bool(f.escalated), csv_field(f.department), coalesce(CAST(f.satisfaction AS VARCHAR), ''),
        csv_field(i.description), csv_field(i.address), csv_field(i.site_id), csv_field(f.grid_id),
        csv_field(f.area_id), coalesce(CAST(f.lon AS VARCHAR), ''), coalesce(CAST(f.lat AS VARCHAR), '')) AS line
FROM incident_filtered($now_ts, $respond_s, $arrive_s, $dispose_s, $from_day, $to_day,
                       $areas, $grids, $layers, $categories, $sources, $severities, $statuses) AS f
JOIN incident AS i USING (incident_id)
WHERE i.reported_at >= $from_day AND i.reported_at < $to_day
ORDER BY f.reported_at DESC, f.incident_id
