-- Drop the temp table incident/assign_staged_grids made, once the staged incidents are written.
-- params: none
DROP TABLE IF EXISTS staged_grid
