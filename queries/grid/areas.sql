-- Functional areas (level 1): id and name, in id order.
-- params: none
SELECT grid_id, name FROM grid WHERE level = 1 ORDER BY grid_id
