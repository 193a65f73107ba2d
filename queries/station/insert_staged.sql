-- Insert station rows from the staged frame `station_stage` (point as WGS-84 WKB in column wkb).
-- params: none
INSERT INTO station
SELECT station_id, name, tier, grid_id, area_id, services, open_hours, address, ST_GeomFromWKB(wkb)
FROM station_stage
ORDER BY station_id
