-- Record the problems of one run from the staged frame `reject_stage`.
-- params: run_id BIGINT
INSERT INTO import_reject
SELECT $run_id, row_number, field, reason, reason_en, raw, action FROM reject_stage ORDER BY row_number
