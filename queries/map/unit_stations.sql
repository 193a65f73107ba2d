-- Stations inside the given level-3 grids (empty list = the whole town), by tier.
-- params: grids VARCHAR[]
SELECT tier, count(*) AS n FROM station
WHERE len($grids) = 0 OR list_contains($grids, grid_id)
GROUP BY tier ORDER BY n DESC
