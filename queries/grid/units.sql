-- Every area, community and grid with its parent, area and population, for names and per-capita figures.
-- params: none
SELECT grid_id, name, level, parent_id, area_id, population FROM grid WHERE level BETWEEN 1 AND 3 ORDER BY grid_id
