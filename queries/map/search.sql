-- Places matching a search text: units and stations by id or name (case-insensitive substring), incidents
-- by exact id; at most `lim`, best first (exact id, then id prefix, then name).
-- params: text VARCHAR, lim INTEGER
WITH hits AS (
    SELECT 'unit' AS kind, grid_id AS id, name, level, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat
    FROM grid WHERE level BETWEEN 1 AND 3 AND (grid_id ILIKE $text || '%' OR name ILIKE '%' || $text || '%')
    UNION ALL
    SELECT 'station', station_id, name, NULL, ST_X(geom), ST_Y(geom)
    FROM station WHERE station_id ILIKE $text || '%' OR name ILIKE '%' || $text || '%'
    UNION ALL
    SELECT 'incident', incident_id, description, NULL, lon, lat FROM incident WHERE incident_id = upper($text)
)
SELECT kind, id, name, level, lon, lat
FROM hits
ORDER BY (upper(id) = upper($text)) DESC, (id ILIKE $text || '%') DESC, length(name), id
LIMIT $lim
