-- Places and kinds of the newest `cap` incidents inside a grid: what the live simulation (serve --simulate)
-- draws new incidents from, so they land where and as incidents really happen.
-- params: cap INTEGER
SELECT lon, lat, category, source, severity, address, description
FROM incident
WHERE grid_id IS NOT NULL AND lon IS NOT NULL
ORDER BY reported_at DESC, incident_id
LIMIT $cap
