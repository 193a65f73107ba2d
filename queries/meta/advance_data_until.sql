-- Move the dataset's "now" (meta data_until) forward to `latest`, the newest lifecycle time just written:
-- never backwards, and never past the wall clock `wall_now` (a client's clock may run ahead). Returns the value
-- stored, so a caller need not read meta again.
-- params: latest TIMESTAMP, wall_now TIMESTAMP
INSERT OR REPLACE INTO meta
SELECT 'data_until', strftime(greatest(
    coalesce(TRY_CAST((SELECT value FROM meta WHERE key = 'data_until') AS TIMESTAMP), $latest),
    least($latest, $wall_now)), '%Y-%m-%d %H:%M:%S')
RETURNING value
