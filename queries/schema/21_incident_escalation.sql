-- The escalated incidents (网格吹哨) of decided days (see incident_daily), one row each with every filter
-- dimension and the stage times the escalations table reads (exact medians over a twelfth of the rows, not
-- a scan of every incident). On decided days every limit has passed, so `overdue` and `d_state` hold until a
-- write touches the incident, which refreshes its day. Later days are read raw.
-- params: none
CREATE TABLE IF NOT EXISTS incident_escalation (
    day DATE NOT NULL,
    area_id VARCHAR,
    grid_id VARCHAR,
    layer VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    severity TINYINT NOT NULL,
    closed BOOLEAN NOT NULL,
    overdue BOOLEAN NOT NULL,
    department VARCHAR,
    r_s BIGINT,
    a_s BIGINT,
    d_s BIGINT,
    d_state TINYINT NOT NULL
);
-- Likewise the incidents of decided days still open (not closed) when their day was last refreshed, for the
-- open-now counts: a closure touches the incident's reported day, which removes its row.
CREATE TABLE IF NOT EXISTS incident_open (
    day DATE NOT NULL,
    area_id VARCHAR,
    grid_id VARCHAR,
    layer VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    severity TINYINT NOT NULL,
    overdue BOOLEAN NOT NULL
);
