-- How many stations' circles of `minutes` are straight-line buffers (no walkable road near the station, or
-- none at all), and how many circles there are.
-- params: minutes INTEGER
SELECT count(*) FILTER (WHERE method = 'buffer') AS buffers, count(*) AS circles
FROM service_circle WHERE minutes = $minutes
