-- Insert service circles from the staged frame `service_circle_stage` (geometry as WGS-84 WKB in wkb).
-- params: none
INSERT INTO service_circle
SELECT station_id, minutes, method, speed_kmh, computed_at, note, ST_GeomFromWKB(wkb)
FROM service_circle_stage
ORDER BY station_id, minutes
