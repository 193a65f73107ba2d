-- The id for a new import run.
-- params: none
SELECT coalesce(max(run_id), 0) + 1 FROM import_run
