-- Units of the level above `child_level` whose population was not given (0) take the sum of their children's,
-- so a town that counts residents on its grids only still has community, area and town figures. Run from the
-- grids (child_level 3) up to the town (child_level 1).
-- params: child_level TINYINT
UPDATE grid AS p SET population = c.total
FROM (
    SELECT parent_id, sum(population) AS total FROM grid WHERE level = $child_level GROUP BY parent_id
) AS c
WHERE p.grid_id = c.parent_id AND p.population = 0 AND c.total > 0
