-- Pain points in `areas`, level-3 `grids` and `categories` (empty list = all), by rank, at most `limit`.
-- params: areas VARCHAR[], grids VARCHAR[], categories VARCHAR[], limit INTEGER
SELECT pain_point_id, rank, category, grid_id, area_id, lon, lat, n_window, n_prev_window, n_30d, n_prev_30d,
       status, monthly
FROM pain_point
WHERE (len($areas) = 0 OR list_contains($areas, area_id))
  AND (len($grids) = 0 OR list_contains($grids, grid_id))
  AND (len($categories) = 0 OR list_contains($categories, category))
ORDER BY rank
LIMIT $limit
