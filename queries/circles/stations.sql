-- Every station with its tier, area and position (WGS-84 lon/lat), for computing circles.
-- params: none
SELECT station_id, name, tier, grid_id, area_id, ST_X(geom) AS lon, ST_Y(geom) AS lat
FROM station
ORDER BY station_id
