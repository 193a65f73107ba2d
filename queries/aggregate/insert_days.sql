-- Recompute incident_daily for the given days (every day when all_days) before `until`, from raw incidents
-- as of now_ts. Only days whose incidents all have their three stages decided may be written: `until` is
-- at most the day of (now - the dispose limit), so no row holds a pending stage.
-- params: now_ts TIMESTAMP, respond_s INTEGER, arrive_s INTEGER, dispose_s INTEGER, until DATE, all_days BOOLEAN, days DATE[]
INSERT INTO incident_daily
SELECT
    day, area_id, layer, category, source,
    sum(reported_n), sum(closed_n), sum(closed_on_day), sum(sat_sum), sum(sat_n), sum(escalated_n),
    sum(r_met), sum(r_missed), sum(a_met), sum(a_missed), sum(d_met), sum(d_missed)
FROM incident_daily_facts($now_ts, $respond_s, $arrive_s, $dispose_s, DATE '1900-01-01', DATE '1900-01-01', $until)
WHERE day < $until AND ($all_days OR list_contains($days, day))
GROUP BY day, area_id, layer, category, source
ORDER BY day, area_id, layer, category, source
