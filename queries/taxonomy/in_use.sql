-- How many incidents each category holds, for the categories the data uses.
-- params: none
SELECT category, count(*) AS n FROM incident GROUP BY category ORDER BY category
