-- The rows of temp table staged_existing, in file order.
-- params: none
SELECT * FROM staged_existing ORDER BY seq
