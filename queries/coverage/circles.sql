-- Service circles of one duration with their station's name and tier, optionally only stations in `areas`.
-- params: minutes INTEGER, areas VARCHAR[]
SELECT c.station_id, s.name, s.tier, s.area_id, c.minutes, c.method, c.note, ST_AsWKB(c.geom) AS geom
FROM service_circle AS c
JOIN station AS s USING (station_id)
WHERE c.minutes = $minutes AND (len($areas) = 0 OR list_contains($areas, s.area_id))
ORDER BY CASE s.tier WHEN 'micro_space' THEN 0 WHEN 'building_station' THEN 1 WHEN 'station' THEN 2
                     WHEN 'area_center' THEN 3 ELSE 4 END, c.station_id
