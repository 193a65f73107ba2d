-- Record one export (see schema/19_export_log).
-- params: exported_at TIMESTAMP, kind VARCHAR, target VARCHAR, format VARCHAR, filter VARCHAR, rows BIGINT, bytes BIGINT, seconds DOUBLE, file VARCHAR, via VARCHAR
INSERT INTO export_log (exported_at, kind, target, format, filter, rows, bytes, seconds, file, via)
VALUES ($exported_at, $kind, $target, $format, $filter, $rows, $bytes, $seconds, $file, $via)
