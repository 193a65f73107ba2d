-- The latest exports, newest first.
-- params: lim BIGINT
SELECT exported_at, kind, target, format, filter, rows, bytes, seconds, file, via
FROM export_log
ORDER BY exported_at DESC
LIMIT $lim
