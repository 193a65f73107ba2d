-- A fingerprint of everything circles and coverage depend on: stations (id, position), walkable roads
-- (id, ends, geometry) and level-3 grids (id, population, geometry). It changes when any of them does.
-- params: none
SELECT md5(
    coalesce((SELECT string_agg(station_id || ':' || ST_AsText(geom), ';' ORDER BY station_id) FROM station), '')
    || '|' || coalesce((SELECT string_agg(edge_id || ':' || from_node || '-' || to_node || ':' || ST_AsText(geom), ';'
                                          ORDER BY edge_id)
                        FROM road WHERE walkable), '')
    || '|' || coalesce((SELECT string_agg(grid_id || ':' || population || ':' || md5(ST_AsText(geom)), ';'
                                          ORDER BY grid_id)
                        FROM grid WHERE level = 3), '')
) AS fingerprint
