-- Pre-aggregated incidents: one row per reported day × functional area × layer × category × source, with
-- the 51530 outcomes of incidents whose three stages were all decided (met or missed) when the row was
-- written, and `closed_on_day`, the incidents of those dimensions closed on that day (for the backlog).
-- Days from meta `aggregate_until` on are read from `incident` itself (see incident_daily_facts).
-- params: none
CREATE TABLE IF NOT EXISTS incident_daily (
    day DATE NOT NULL,
    area_id VARCHAR,
    layer VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    reported_n INTEGER NOT NULL,
    closed_n INTEGER NOT NULL,
    closed_on_day INTEGER NOT NULL,
    sat_sum INTEGER NOT NULL,
    sat_n INTEGER NOT NULL,
    escalated_n INTEGER NOT NULL,
    r_met INTEGER NOT NULL,
    r_missed INTEGER NOT NULL,
    a_met INTEGER NOT NULL,
    a_missed INTEGER NOT NULL,
    d_met INTEGER NOT NULL,
    d_missed INTEGER NOT NULL
);
