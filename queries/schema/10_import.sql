-- Every import run, and every row it rejected (or repaired, or warns about) with its row number, field and
-- reason; action is 'rejected' (not loaded), 'repaired' (loaded after a fix) or 'warning' (loaded as is).
-- params: none
CREATE TABLE IF NOT EXISTS import_run (
    run_id BIGINT PRIMARY KEY,
    kind VARCHAR NOT NULL,
    file VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    user_name VARCHAR,
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_loaded INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    dry_run BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE IF NOT EXISTS import_reject (
    run_id BIGINT NOT NULL,
    row_number INTEGER NOT NULL,
    field VARCHAR,
    reason VARCHAR NOT NULL,
    reason_en VARCHAR,
    raw VARCHAR,
    action VARCHAR NOT NULL DEFAULT 'rejected'
);
