-- Table macros that define the 51530 outcome of every incident in one place.
-- incident_facts: one row per incident with its effective stage times (seconds from reported_at) and
-- states (0 pending, 1 met, 2 missed) as of `now_ts`, limits in seconds. No joins, so filters reach the scan. A missing stage time is bounded by the next recorded stage
-- (an incident that arrived was responded no later than that), so it is never better than the record.
-- incident_daily_facts: rows in the shape of incident_daily — pre-aggregated days before `agg_until`,
-- and from `agg_until` on computed from raw incidents (with grid, severity and status, which
-- the pre-aggregate lacks; pass agg_until = 1900-01-01 to compute everything from raw rows). Only days in
-- [from_day, to_day) are produced: the bounds reach the scans, which skip blocks outside them.
-- params: none
-- past_a_limit: a stage not reached whose limit has passed — with NOT closed, what makes an incident overdue.
CREATE OR REPLACE MACRO past_a_limit(reported_at, r_at, a_at, d_at, now_ts, respond_s, arrive_s, dispose_s) AS
    (r_at IS NULL AND reported_at + to_seconds(respond_s) < now_ts)
    OR (a_at IS NULL AND reported_at + to_seconds(arrive_s) < now_ts)
    OR (d_at IS NULL AND reported_at + to_seconds(dispose_s) < now_ts);

CREATE OR REPLACE MACRO incident_facts(now_ts, respond_s, arrive_s, dispose_s) AS TABLE
WITH eff AS (
    SELECT
        incident_id, reported_at, CAST(reported_at AS DATE) AS day,
        area_id, grid_id, layer, category, source, severity, status, lon, lat,
        closed_at, closed_at IS NOT NULL AS closed, satisfaction, escalated, department,
        coalesce(responded_at, arrived_at, disposed_at, closed_at) AS r_at,
        coalesce(arrived_at, disposed_at, closed_at) AS a_at,
        coalesce(disposed_at, closed_at) AS d_at
    FROM incident
)
SELECT
    *,
    date_diff('second', reported_at, r_at) AS r_s,
    date_diff('second', reported_at, a_at) AS a_s,
    date_diff('second', reported_at, d_at) AS d_s,
    CASE WHEN r_at IS NOT NULL THEN CASE WHEN r_at <= reported_at + to_seconds(respond_s) THEN 1 ELSE 2 END
         WHEN reported_at + to_seconds(respond_s) < now_ts THEN 2 ELSE 0 END AS r_state,
    CASE WHEN a_at IS NOT NULL THEN CASE WHEN a_at <= reported_at + to_seconds(arrive_s) THEN 1 ELSE 2 END
         WHEN reported_at + to_seconds(arrive_s) < now_ts THEN 2 ELSE 0 END AS a_state,
    CASE WHEN d_at IS NOT NULL THEN CASE WHEN d_at <= reported_at + to_seconds(dispose_s) THEN 1 ELSE 2 END
         WHEN reported_at + to_seconds(dispose_s) < now_ts THEN 2 ELSE 0 END AS d_state,
    NOT closed AND past_a_limit(reported_at, r_at, a_at, d_at, now_ts, respond_s, arrive_s, dispose_s) AS overdue
FROM eff;

CREATE OR REPLACE MACRO incident_daily_facts(now_ts, respond_s, arrive_s, dispose_s, agg_until, from_day, to_day)
AS TABLE
SELECT
    day, area_id, CAST(NULL AS VARCHAR) AS grid_id,
    layer, category, source, CAST(NULL AS TINYINT) AS severity,
    CAST(NULL AS BOOLEAN) AS closed, CAST(NULL AS BOOLEAN) AS overdue,
    reported_n, closed_n, closed_on_day, sat_sum, sat_n, escalated_n,
    r_met, r_missed, 0 AS r_pending, a_met, a_missed, 0 AS a_pending, d_met, d_missed, 0 AS d_pending
FROM incident_daily
WHERE day < agg_until AND day >= from_day AND day < to_day
UNION ALL BY NAME
SELECT
    day, area_id, grid_id, layer, category, source, severity, closed, overdue,
    count(*) AS reported_n, count(*) FILTER (closed) AS closed_n, 0 AS closed_on_day,
    coalesce(sum(satisfaction), 0) AS sat_sum, count(satisfaction) AS sat_n,
    count(*) FILTER (escalated) AS escalated_n,
    count(*) FILTER (r_state = 1) AS r_met, count(*) FILTER (r_state = 2) AS r_missed,
    count(*) FILTER (r_state = 0) AS r_pending,
    count(*) FILTER (a_state = 1) AS a_met, count(*) FILTER (a_state = 2) AS a_missed,
    count(*) FILTER (a_state = 0) AS a_pending,
    count(*) FILTER (d_state = 1) AS d_met, count(*) FILTER (d_state = 2) AS d_missed,
    count(*) FILTER (d_state = 0) AS d_pending
FROM incident_facts(now_ts, respond_s, arrive_s, dispose_s)
WHERE reported_at >= greatest(agg_until, from_day) AND reported_at < to_day
GROUP BY ALL
UNION ALL BY NAME
SELECT
    CAST(closed_at AS DATE) AS day, area_id, grid_id, layer, category, source, severity,
    closed, overdue, 0 AS reported_n, 0 AS closed_n, count(*) AS closed_on_day, 0 AS sat_sum, 0 AS sat_n,
    0 AS escalated_n, 0 AS r_met, 0 AS r_missed, 0 AS r_pending, 0 AS a_met, 0 AS a_missed, 0 AS a_pending,
    0 AS d_met, 0 AS d_missed, 0 AS d_pending
FROM incident_facts(now_ts, respond_s, arrive_s, dispose_s)
WHERE closed_at >= greatest(agg_until, from_day) AND closed_at < to_day
GROUP BY ALL;
