-- Record one import run with its counts.
-- params: run_id BIGINT, kind VARCHAR, file VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP, user_name VARCHAR, rows_read INTEGER, rows_loaded INTEGER, rows_rejected INTEGER, dry_run BOOLEAN
INSERT INTO import_run
VALUES ($run_id, $kind, $file, $started_at, $finished_at, $user_name, $rows_read, $rows_loaded, $rows_rejected,
        $dry_run)
