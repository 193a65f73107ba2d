-- Number of units and residents at each hierarchy level.
-- params: none
SELECT level, count(*) AS units, sum(population) AS population
FROM grid
GROUP BY level
ORDER BY level
